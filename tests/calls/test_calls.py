"""Thematic calls: curators open and schedule them, practices answer open calls inside their
scope, and the call shows its answers; bad input names the field and writes nothing."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.calls.models import Call
from app.calls.service import today
from app.config import get_settings
from app.db import get_engine
from app.search.sync import sync_once
from tests.builders import (
    auth,
    call_day,
    call_payload,
    create_practice,
    make_org,
    make_user,
    practice_payload,
    publish,
)

day = call_day


class People:
    def __init__(self, session: Session, client: TestClient):
        self.client = client
        org = make_org(session, "Cáritas Roraima", uf="RR")
        self.contributor = make_user(session, "contributor", org, email="c@rr.org")
        self.curator = make_user(session, "curator", email="cur@teste.org")
        self.other_curator = make_user(session, "curator", email="cur2@teste.org")
        session.commit()

    def open_call(self, **overrides: Any) -> dict[str, Any]:
        response = self.client.post(
            "/api/v1/calls", json=call_payload(**overrides), headers=auth(self.curator)
        )
        assert response.status_code == 201, response.text
        return dict(response.json())


@pytest.fixture
def people(session: Session, client: TestClient) -> People:
    return People(session, client)


def _calls() -> int:
    with Session(get_engine()) as session:
        return session.exec(select(func.count()).select_from(Call)).one()


class TestCalls:
    def test_curators_open_calls_contributors_cannot(self, people: People) -> None:
        refused = people.client.post(
            "/api/v1/calls", json=call_payload(), headers=auth(people.contributor)
        )
        assert refused.status_code == 403
        call = people.open_call()
        assert call["status"] == "open"
        upcoming = people.open_call(title="Chamada futura sobre saúde", opens_on=day(10))
        closed_soon = people.open_call(title="Chamada que fecha hoje", closes_on=day(0))
        listed = people.client.get("/api/v1/calls", params={"status": "open"}).json()
        assert [c["id"] for c in listed["items"]] == [closed_soon["id"], call["id"]]
        later = people.client.get("/api/v1/calls", params={"status": "upcoming"}).json()
        assert [c["id"] for c in later["items"]] == [upcoming["id"]]

    def test_editable_until_it_opens(self, people: People) -> None:
        upcoming = people.open_call(opens_on=day(5))
        path = f"/api/v1/calls/{upcoming['id']}"
        edited = people.client.patch(
            path, json={"title": "Chamada revista"}, headers=auth(people.curator)
        )
        assert edited.status_code == 200 and edited.json()["title"] == "Chamada revista"
        opened = people.open_call()
        late = people.client.patch(
            f"/api/v1/calls/{opened['id']}",
            json={"title": "Tarde demais"},
            headers=auth(people.curator),
        )
        assert late.status_code == 409
        assert opened["opens_on"] in late.json()["detail"]

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"opens_on": day(10), "closes_on": day(5)}, "closes_on"),
            ({"themes": ["inexistente"]}, "themes"),
            ({"scope": "regional"}, "scope"),
            ({"scope": "regional", "ufs": ["XX"]}, "ufs"),
            ({"scope": "regional", "municipalities": [9999999]}, "municipalities"),
            ({"opens_on": day(-20), "closes_on": day(-10)}, "closes_on"),
        ],
    )
    def test_bad_input_names_the_field(
        self, people: People, overrides: dict[str, Any], field: str
    ) -> None:
        response = people.client.post(
            "/api/v1/calls", json=call_payload(**overrides), headers=auth(people.curator)
        )
        assert response.status_code == 422, response.text
        assert field in [e["loc"][-1] for e in response.json()["errors"]]
        assert _calls() == 0


class TestAnswers:
    def test_a_practice_answers_an_open_call_and_the_call_counts_it(self, people: People) -> None:
        call = people.open_call(scope="regional", ufs=["RR"])
        draft = create_practice(people.client, people.contributor, call_id=call["id"])
        people.client.post(
            f"/api/v1/practices/{draft['id']}/submit", headers=auth(people.contributor)
        )
        shown = people.client.get(f"/api/v1/calls/{call['id']}").json()
        assert shown["answers"] == {"in_review": 1, "published": 0}
        published = publish(
            people.client,
            people.contributor,
            people.curator,
            call_id=call["id"],
            title="Português para famílias warao",
        )
        shown = people.client.get(f"/api/v1/calls/{call['id']}").json()
        assert shown["answers"] == {"in_review": 1, "published": 1}
        assert [a["id"] for a in shown["published_answers"]] == [published["id"]]
        sync_once(get_engine(), get_settings())
        hits = people.client.get("/api/v1/search/practices", params={"call": call["id"]}).json()
        assert [h["id"] for h in hits["hits"]] == [published["id"]]
        feed = people.client.get(f"/feeds/calls/{call['id']}.atom")
        assert feed.status_code == 200 and "Português para famílias warao" in feed.text
        exported = people.client.get("/api/v1/exports/practices.json", params={"call": call["id"]})
        assert [p["id"] for p in exported.json()] == [published["id"]]
        assert exported.json()[0]["call_id"] == call["id"]

    def test_a_call_not_open_or_out_of_scope_is_refused_with_its_dates(
        self, people: People
    ) -> None:
        upcoming = people.open_call(opens_on=day(3), closes_on=day(40))
        with Session(get_engine()) as session:  # a call that closed yesterday
            past = Call(
                **{
                    **call_payload(),
                    "opens_on": today() - timedelta(days=30),
                    "closes_on": today() - timedelta(days=1),
                },
                ufs=[],
                municipalities=[],
                created_by_id=people.curator.id,
            )
            session.add(past)
            session.commit()
            closed_id = past.id
        elsewhere = people.open_call(scope="regional", ufs=["SP"])
        payload = practice_payload(call_id=upcoming["id"])
        early = people.client.post(
            "/api/v1/practices", json=payload, headers=auth(people.contributor)
        )
        assert early.status_code == 409, early.text
        assert upcoming["opens_on"] in early.json()["detail"]
        assert early.json()["errors"][0]["loc"] == ["body", "call_id"]
        outside = people.client.post(
            "/api/v1/practices",
            json=practice_payload(call_id=elsewhere["id"]),
            headers=auth(people.contributor),
        )
        assert outside.status_code == 422
        assert outside.json()["errors"][0]["type"] == "outside_call_scope"
        unknown = people.client.post(
            "/api/v1/practices",
            json=practice_payload(call_id=999_999),
            headers=auth(people.contributor),
        )
        assert unknown.status_code == 422
        late = people.client.post(
            "/api/v1/practices",
            json=practice_payload(call_id=closed_id),
            headers=auth(people.contributor),
        )
        assert late.status_code == 409
        assert (today() - timedelta(days=1)).isoformat() in late.json()["detail"]

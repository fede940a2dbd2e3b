"""API keys and submissions: per account and per client address, in the database; the API and
the pages draw on the same budget."""

import json

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from app.accounts.models import Organisation, User
from tests.builders import (
    auth,
    days_ago,
    make_org,
    make_user,
    policy_payload,
    practice_payload,
    report_payload,
)
from tests.ratelimits.conftest import assert_limited, from_ip
from tests.web.helpers import post_form, practice_form, sign_in


@pytest.fixture
def org(session: Session) -> Organisation:
    return make_org(session, "Cáritas Roraima")


def members(session: Session, org: Organisation, count: int) -> list[User]:
    """`count` contributors of `org` (u0@caritas.org, u1@caritas.org, …)."""
    return [make_user(session, "contributor", org, email=f"u{n}@caritas.org") for n in range(count)]


@pytest.fixture
def ana(session: Session, org: Organisation) -> User:
    return make_user(session, "contributor", org, email="ana@caritas.org")


@pytest.fixture
def bia(session: Session, org: Organisation) -> User:
    return make_user(session, "contributor", org, email="bia@caritas.org")


class TestApiKeyCreation:
    def test_per_account(self, app: FastAPI, ana: User, bia: User):
        for n in range(2):  # a new address each time: only the account's budget is used
            created = from_ip(app, f"203.0.113.{n}").post(
                "/api/v1/api-keys", json={"name": f"k{n}"}, headers=auth(ana)
            )
            assert created.status_code == 201, created.text
        refused = from_ip(app, "203.0.113.9").post(
            "/api/v1/api-keys", json={"name": "k3"}, headers=auth(ana)
        )
        assert_limited(refused, "api_keys_account")
        assert "API keys created by this account" in refused.json()["detail"]
        assert (
            len(from_ip(app, "203.0.113.9").get("/api/v1/api-keys", headers=auth(ana)).json()) == 2
        )
        other = from_ip(app, "203.0.113.9").post(
            "/api/v1/api-keys", json={"name": "b"}, headers=auth(bia)
        )
        assert other.status_code == 201

    def test_per_address(self, app: FastAPI, session: Session, org: Organisation):
        client = from_ip(app, "203.0.113.5")
        users = members(session, org, 4)
        for user in users[:3]:
            assert (
                client.post("/api/v1/api-keys", json={"name": "k"}, headers=auth(user)).status_code
                == 201
            )
        refused = client.post("/api/v1/api-keys", json={"name": "k"}, headers=auth(users[3]))
        assert_limited(refused, "api_keys_ip")


class TestSubmissions:
    def test_creating_and_submitting_share_the_accounts_budget(self, app: FastAPI, ana: User):
        client = from_ip(app, "203.0.113.5")
        created = client.post("/api/v1/practices", json=practice_payload(), headers=auth(ana))
        assert created.status_code == 201
        pid = created.json()["id"]
        assert client.post(f"/api/v1/practices/{pid}/submit", headers=auth(ana)).status_code == 200
        policy = client.post("/api/v1/policies", json=policy_payload(), headers=auth(ana))
        assert policy.status_code == 201, policy.text
        refused = from_ip(app, "198.51.100.9").post(
            "/api/v1/practices", json=practice_payload(), headers=auth(ana)
        )
        assert_limited(refused, "submissions_account")

    def test_a_refused_payload_counts_too(self, app: FastAPI, ana: User):
        client = from_ip(app, "203.0.113.5")
        for _ in range(3):
            bad = client.post("/api/v1/practices", json={"title": ""}, headers=auth(ana))
            assert bad.status_code == 422
        refused = client.post("/api/v1/practices", json=practice_payload(), headers=auth(ana))
        assert_limited(refused, "submissions_account")

    def test_nothing_is_written_when_refused(self, app: FastAPI, ana: User):
        client = from_ip(app, "203.0.113.5")
        for _ in range(3):
            client.post("/api/v1/practices", json=practice_payload(), headers=auth(ana))
        client.post("/api/v1/practices", json=practice_payload(), headers=auth(ana))
        mine = client.get("/api/v1/practices", params={"mine": True}, headers=auth(ana)).json()
        assert mine["total"] == 3

    def test_another_account_is_not_affected(self, app: FastAPI, ana: User, bia: User):
        for _ in range(4):
            from_ip(app, "203.0.113.5").post(
                "/api/v1/practices", json=practice_payload(), headers=auth(ana)
            )
        other = from_ip(app, "198.51.100.9").post(
            "/api/v1/practices", json=practice_payload(), headers=auth(bia)
        )
        assert other.status_code == 201

    def test_per_address(self, app: FastAPI, session: Session, org: Organisation):
        client = from_ip(app, "203.0.113.5")
        users = members(session, org, 3)
        for user in users[:2]:
            for _ in range(2):  # 4 from the address, 2 per account
                client.post("/api/v1/practices", json=practice_payload(), headers=auth(user))
        client.post("/api/v1/practices", json=practice_payload(), headers=auth(users[2]))
        refused = client.post("/api/v1/practices", json=practice_payload(), headers=auth(users[2]))
        assert_limited(refused, "submissions_ip")

    def test_capacity_reports_count(self, app: FastAPI, session: Session):
        city = make_org(session, "Prefeitura de Boa Vista", type="governo-municipal")
        gov = make_user(session, "gov_editor", city, scope="1400100", email="sec@bv.rr.gov.br")
        client = from_ip(app, "203.0.113.5")
        path = "/api/v1/municipalities/1400100/capacity-reports"
        for n in range(3):
            sent = client.post(path, json=report_payload(as_of=days_ago(n + 1)), headers=auth(gov))
            assert sent.status_code == 201, sent.text
        refused = client.post(path, json=report_payload(as_of=days_ago(9)), headers=auth(gov))
        assert_limited(refused, "submissions_account")

    def test_the_practice_form_draws_on_the_same_budget(self, app: FastAPI, ana: User):
        client = from_ip(app, "203.0.113.5")
        for _ in range(3):
            client.post("/api/v1/practices", json=practice_payload(), headers=auth(ana))
        browser = from_ip(app, "203.0.113.5")
        sign_in(browser, ana)
        page = post_form(
            browser, "/praticas/nova", "/praticas/nova?template=geral", practice_form()
        )
        assert page.status_code == 429
        assert "Tentativas demais" in page.text
        assert int(page.headers["Retry-After"]) >= 1

    def test_the_batch_counts_each_created_line(self, app: FastAPI, ana: User):
        client = from_ip(app, "203.0.113.5")
        lines = [json.dumps({**practice_payload(), "external_id": f"oka-{n}"}) for n in range(5)]
        lines.insert(1, json.dumps({"external_id": "bad", "title": ""}))  # invalid: costs nothing
        lines.insert(2, lines[0])  # a duplicate: costs nothing
        sent = client.post(
            "/api/v1/practices/batch",
            content="\n".join(lines),
            headers={**auth(ana), "Content-Type": "application/x-ndjson"},
        )
        assert sent.status_code == 200, sent.text
        results = sent.json()["results"]
        assert [r["status"] for r in results] == [
            "created",
            "invalid",
            "duplicate",
            "created",
            "created",
            "invalid",
            "invalid",
        ]
        for refused in results[5:]:  # the account's budget is 3: the last lines wait
            problem = refused["problem"]
            assert problem["status"] == 429 and problem["limit"]["rule"] == "submissions_account"
            assert problem["retry_after"] >= 1
        assert [r["external_id"] for r in results[5:]] == ["oka-3", "oka-4"]
        mine = client.get("/api/v1/practices", params={"mine": True}, headers=auth(ana)).json()
        assert mine["total"] == 3
        again = client.post("/api/v1/practices", json=practice_payload(), headers=auth(ana))
        assert_limited(again, "submissions_account")

"""Reporting capacity: who may report where, validation, the dated series, the outbox."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.municipalities.models import CapacityPlace, CapacityReport
from app.outbox.models import OutboxEvent
from tests.builders import auth, days_ago, make_user
from tests.municipalities.conftest import Actors, post_report, report, today
from tests.places import BOA_VISTA, BRASILIA, MANAUS, NORONHA, PACARAIMA


def _counts(session: Session) -> tuple[int, int, int]:
    session.expire_all()
    reports = session.exec(select(func.count()).select_from(CapacityReport)).one()
    places = session.exec(select(func.count()).select_from(CapacityPlace)).one()
    events = session.exec(select(func.count()).select_from(OutboxEvent)).one()
    return reports, places, events


class TestReportCapacity:
    def test_a_curator_reports_and_gets_the_stored_report(
        self, client: TestClient, actors: Actors
    ) -> None:
        body = report(client, actors.curator, BOA_VISTA)
        assert body["ibge_code"] == BOA_VISTA
        assert body["places"] == [
            {"facility_type": "abrigo-institucional", "total": 40, "occupied": 32, "available": 8},
            {"facility_type": "casa-de-passagem", "total": 20, "occupied": 20, "available": 0},
        ]
        assert body["totals"] == {"total": 60, "occupied": 52, "available": 8}
        assert body["services"] == ["cras", "aulas-portugues"]
        assert body["families_per_month"] == 12
        assert body["reported_by"]["id"] == actors.curator.id

    def test_the_report_and_its_outbox_event_land_together(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        report(client, actors.curator, BOA_VISTA)
        assert _counts(session) == (1, 2, 1)
        event = session.exec(select(OutboxEvent)).one()
        assert (event.entity_type, event.entity_id, event.kind) == (
            "municipality",
            BOA_VISTA,
            "capacity.reported",
        )

    def test_services_are_deduplicated_in_a_stable_order(
        self, client: TestClient, actors: Actors
    ) -> None:
        body = report(client, actors.curator, BOA_VISTA, services=["creas", "cras", "creas"])
        assert body["services"] == ["cras", "creas"]

    def test_a_second_date_keeps_the_first_one(self, client: TestClient, actors: Actors) -> None:
        report(client, actors.curator, BOA_VISTA, as_of=days_ago(100))
        report(client, actors.curator, BOA_VISTA, as_of=days_ago(5))
        history = client.get(f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports").json()
        assert [r["as_of"] for r in history["items"]] == [days_ago(5), days_ago(100)]

    def test_the_same_date_twice_is_a_conflict_not_an_overwrite(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        first = report(client, actors.curator, BOA_VISTA)
        again = post_report(client, actors.curator, BOA_VISTA, places=[])
        assert again.status_code == 409
        assert again.json()["existing_report_id"] == first["id"]
        assert _counts(session) == (1, 2, 1)

    @pytest.mark.parametrize("ibge", [BRASILIA, NORONHA])
    def test_brasilia_and_fernando_de_noronha_work(
        self, client: TestClient, actors: Actors, ibge: int
    ) -> None:
        report(client, actors.curator, ibge)
        profile = client.get(f"/api/v1/municipalities/{ibge}").json()
        assert profile["capacity"]["latest"]["ibge_code"] == ibge


class TestWhoMayReport:
    @pytest.mark.parametrize("who", ["curator", "admin"])
    def test_curators_and_admins_report_anywhere(
        self, client: TestClient, actors: Actors, who: str
    ) -> None:
        for ibge in (BOA_VISTA, MANAUS, BRASILIA):
            assert post_report(client, getattr(actors, who), ibge).status_code == 201

    def test_a_municipal_gov_editor_reports_only_for_its_municipality(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        assert post_report(client, actors.gov_city, BOA_VISTA).status_code == 201
        other = post_report(client, actors.gov_city, PACARAIMA)
        assert other.status_code == 403
        assert _counts(session)[0] == 1

    def test_a_uf_gov_editor_reports_in_its_uf_only(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        assert post_report(client, actors.gov_uf, BOA_VISTA).status_code == 201
        assert post_report(client, actors.gov_uf, PACARAIMA).status_code == 201
        assert post_report(client, actors.gov_uf, MANAUS).status_code == 403
        assert _counts(session)[0] == 2

    def test_contributors_cannot_report(self, client: TestClient, actors: Actors) -> None:
        assert post_report(client, actors.contributor, BOA_VISTA).status_code == 403

    def test_anonymous_cannot_report_but_reads(self, client: TestClient, actors: Actors) -> None:
        assert post_report(client, None, BOA_VISTA).status_code == 401
        report(client, actors.curator, BOA_VISTA)
        history = client.get(f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports")
        assert history.status_code == 200
        item = history.json()["items"][0]
        assert item["reported_by"] is None, "reporter names are not public"
        assert item["totals"]["total"] == 60

    def test_an_unknown_ibge_code_is_404(self, client: TestClient, actors: Actors) -> None:
        assert post_report(client, actors.curator, 1234567).status_code == 404
        assert client.get("/api/v1/municipalities/1234567/capacity-reports").status_code == 404
        assert client.get("/api/v1/municipalities/1234567").status_code == 404

    def test_a_gov_editor_cannot_report_for_another_organisation(
        self, client: TestClient, actors: Actors
    ) -> None:
        response = post_report(client, actors.gov_city, BOA_VISTA, organisation_id=actors.org.id)
        assert response.status_code == 403


def _errors(response: Any) -> list[list[Any]]:
    assert response.status_code == 422, response.text
    return [e["loc"] for e in response.json()["errors"]]


PLACE = {"facility_type": "republica", "total": 10, "occupied": 5}


class TestReportValidation:
    @pytest.mark.parametrize(
        ("override", "loc"),
        [
            (
                {"places": [PLACE, {**PLACE, "facility_type": "casa-de-passagem", "occupied": 11}]},
                ["body", "places", 1, "occupied"],
            ),
            ({"places": [{**PLACE, "total": -1}]}, ["body", "places", 0, "total"]),
            ({"places": [{**PLACE, "occupied": -3}]}, ["body", "places", 0, "occupied"]),
            ({"families_per_month": -1}, ["body", "families_per_month"]),
            (
                {"places": [PLACE, {**PLACE, "facility_type": "hotel"}]},
                ["body", "places", 1, "facility_type"],
            ),
            ({"places": [PLACE, PLACE]}, ["body", "places", 1, "facility_type"]),
            ({"services": ["cras", "padaria"]}, ["body", "services", 1]),
            ({"source": "jornal"}, ["body", "source"]),
            ({"as_of": "1999-12-31"}, ["body", "as_of"]),
            ({"as_of": "2025-02-30"}, ["body", "as_of"]),
            ({"notes": "x" * 2001}, ["body", "notes"]),
            (
                {"receives_interiorizacao": False, "families_per_month": 3},
                ["body", "families_per_month"],
            ),
            ({"unexpected": 1}, ["body", "unexpected"]),
            (  # no figure at all (issue 19): refused, named at the places
                {
                    "places": [],
                    "services": [],
                    "receives_interiorizacao": False,
                    "families_per_month": None,
                },
                ["body", "places"],
            ),
        ],
    )
    def test_each_rule_names_its_field_and_writes_nothing(
        self, client: TestClient, session: Session, actors: Actors, override: Any, loc: Any
    ) -> None:
        assert loc in _errors(post_report(client, actors.curator, BOA_VISTA, **override))
        assert _counts(session) == (0, 0, 0)

    def test_a_future_date_is_refused_and_today_is_accepted(
        self, client: TestClient, actors: Actors
    ) -> None:
        tomorrow = (today() + timedelta(days=1)).isoformat()
        assert ["body", "as_of"] in _errors(
            post_report(client, actors.curator, BOA_VISTA, as_of=tomorrow)
        )
        assert (
            post_report(client, actors.curator, BOA_VISTA, as_of=today().isoformat()).status_code
            == 201
        )

    def test_the_oldest_accepted_date_is_2000_01_01(
        self, client: TestClient, actors: Actors
    ) -> None:
        assert post_report(client, actors.curator, BOA_VISTA, as_of="2000-01-01").status_code == 201

    def test_every_problem_is_reported_at_once(self, client: TestClient, actors: Actors) -> None:
        response = post_report(
            client,
            actors.curator,
            BOA_VISTA,
            source="jornal",
            services=["x"],
            places=[{**PLACE, "occupied": 50}],
        )
        assert _errors(response) == [
            ["body", "source"],
            ["body", "places", 0, "occupied"],
            ["body", "services", 0],
        ]

    def test_not_receiving_with_zero_families_is_stored_as_none(
        self, client: TestClient, actors: Actors
    ) -> None:
        body = report(
            client, actors.curator, BOA_VISTA, receives_interiorizacao=False, families_per_month=0
        )
        assert body["families_per_month"] is None


class TestHistory:
    def test_newest_first_and_paginated(self, client: TestClient, actors: Actors) -> None:
        for age in (300, 10, 200, 100):
            report(client, actors.curator, BOA_VISTA, as_of=days_ago(age))
        url = f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports"
        first = client.get(url, params={"per_page": 3}).json()
        second = client.get(url, params={"per_page": 3, "page": 2}).json()
        assert first["total"] == second["total"] == 4
        dates = [r["as_of"] for r in first["items"] + second["items"]]
        assert dates == [days_ago(10), days_ago(100), days_ago(200), days_ago(300)]

    def test_gov_editors_see_who_reported(self, client: TestClient, actors: Actors) -> None:
        report(client, actors.gov_city, BOA_VISTA)
        url = f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports"
        item = client.get(url, headers=auth(actors.gov_uf)).json()["items"][0]
        assert item["reported_by"] == {"id": actors.gov_city.id, "name": actors.gov_city.name}
        assert client.get(url, headers=auth(actors.curator)).json()["items"][0]["reported_by"]

    def test_only_within_their_own_scope(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        report(client, actors.gov_city, BOA_VISTA)
        report(client, actors.gov_am, MANAUS)
        url = f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports"
        pacaraima = make_user(session, "gov_editor", scope=str(PACARAIMA), email="p@t.org")
        for outsider in (actors.gov_am, pacaraima):  # another UF; another city of the UF
            assert client.get(url, headers=auth(outsider)).json()["items"][0]["reported_by"] is None
        manaus = f"/api/v1/municipalities/{MANAUS}/capacity-reports"
        shown = client.get(manaus, headers=auth(actors.gov_am)).json()["items"][0]["reported_by"]
        assert shown == {"id": actors.gov_am.id, "name": actors.gov_am.name}
        assert (
            client.get(manaus, headers=auth(actors.gov_uf)).json()["items"][0]["reported_by"]
            is None
        )

    def test_vocabulary_lists_labels_in_four_languages(self, client: TestClient) -> None:
        vocabulary = client.get("/api/v1/capacity/vocabulary").json()
        assert vocabulary["sources"][0]["slug"] == "censo-suas"
        assert set(vocabulary["services"][0]["labels"]) == {"pt-BR", "es", "en", "fr"}
        assert len(vocabulary["facility_types"]) == 5
        assert len(vocabulary["services"]) == 10

"""Freshness of the capacity picture: the pure rule at its boundaries, and the follow-up list."""

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.db import new_session
from app.municipalities.freshness import Freshness, Policy
from app.municipalities.models import Municipality
from tests.builders import auth, days_ago
from tests.municipalities.conftest import Actors, report
from tests.places import BOA_VISTA, MANAUS, PACARAIMA

LATEST = date(2025, 1, 1)
POLICY = Policy(interval_days=90, grace_days=15)


class TestFreshnessRule:
    @pytest.mark.parametrize(
        ("age", "status"),
        [
            (0, Freshness.fresh),
            (90, Freshness.fresh),
            (91, Freshness.due),
            (105, Freshness.due),
            (106, Freshness.overdue),
            (3650, Freshness.overdue),
        ],
    )
    def test_status_at_the_boundary_dates(self, age: int, status: Freshness) -> None:
        assert POLICY.status(LATEST, LATEST + timedelta(days=age)) == status

    def test_no_report_is_never(self) -> None:
        assert POLICY.status(None, LATEST) == Freshness.never

    def test_due_and_overdue_days_are_the_first_days_of_each_status(self) -> None:
        assert POLICY.due_on(LATEST) == date(2025, 4, 2)
        assert POLICY.status(LATEST, POLICY.due_on(LATEST)) == Freshness.due
        assert POLICY.status(LATEST, POLICY.due_on(LATEST) - timedelta(days=1)) == Freshness.fresh
        assert POLICY.overdue_on(LATEST) == date(2025, 4, 17)
        assert POLICY.status(LATEST, POLICY.overdue_on(LATEST)) == Freshness.overdue

    def test_without_grace_a_report_goes_from_fresh_to_overdue(self) -> None:
        strict = Policy(interval_days=30, grace_days=0)
        assert strict.status(LATEST, LATEST + timedelta(days=30)) == Freshness.fresh
        assert strict.status(LATEST, LATEST + timedelta(days=31)) == Freshness.overdue

    @pytest.mark.parametrize("status", [Freshness.fresh, Freshness.due, Freshness.overdue])
    def test_sql_date_ranges_agree_with_the_rule(self, status: Freshness) -> None:
        today = date(2025, 6, 30)
        low, high = POLICY.latest_range(status, today)
        for age in range(0, 200):
            latest = today - timedelta(days=age)
            inside = (low is None or latest >= low) and (high is None or latest <= high)
            assert inside == (POLICY.status(latest, today) == status), age


def _rr_codes() -> list[int]:
    # Its own short session: on SQLite every transaction holds the write lock until it ends.
    with new_session() as session:
        return list(session.exec(select(Municipality.ibge_code).where(Municipality.uf == "RR")))


def _list(client: TestClient, user, **params) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/capacity/freshness", params=params, headers=auth(user))
    assert response.status_code == 200, response.text
    return [(i["ibge_code"], i["status"]) for i in response.json()["items"]]


@pytest.fixture
def reported(client: TestClient, session: Session, actors: Actors) -> dict[str, int]:
    """RR municipalities at the boundary ages (default settings: 90 days + 15 of grace)."""
    rr = [c for c in _rr_codes() if c not in (BOA_VISTA, PACARAIMA)]
    ages = {
        "fresh": (BOA_VISTA, 90),
        "due_first": (PACARAIMA, 91),
        "due_last": (rr[0], 105),
        "overdue": (rr[1], 106),
    }
    for code, age in ages.values():
        report(client, actors.curator, code, as_of=days_ago(age))
    # An old report does not make a municipality overdue when a newer one is fresh.
    report(client, actors.curator, BOA_VISTA, as_of=days_ago(400))
    report(client, actors.curator, MANAUS, as_of=days_ago(200))
    return {name: code for name, (code, _) in ages.items()}


class TestFreshnessList:
    def test_default_lists_due_and_overdue_oldest_first(
        self, client: TestClient, actors: Actors, reported: dict[str, int]
    ) -> None:
        assert _list(client, actors.curator) == [
            (MANAUS, "overdue"),
            (reported["overdue"], "overdue"),
            (reported["due_last"], "due"),
            (reported["due_first"], "due"),
        ]

    def test_filter_by_status_and_uf(
        self, client: TestClient, actors: Actors, reported: dict[str, int]
    ) -> None:
        assert _list(client, actors.curator, status="due", uf="RR") == [
            (reported["due_last"], "due"),
            (reported["due_first"], "due"),
        ]
        assert _list(client, actors.curator, status="overdue", uf="rr") == [
            (reported["overdue"], "overdue")
        ]
        assert _list(client, actors.curator, status="fresh") == [(BOA_VISTA, "fresh")]

    def test_never_lists_municipalities_without_reports(
        self, client: TestClient, session: Session, actors: Actors, reported: dict[str, int]
    ) -> None:
        never = _list(client, actors.curator, status="never", uf="RR", per_page=100)
        assert {code for code, _ in never} == set(_rr_codes()) - set(reported.values())
        assert {status for _, status in never} == {"never"}

    def test_a_uf_gov_editor_sees_its_uf_only(
        self, client: TestClient, actors: Actors, reported: dict[str, int]
    ) -> None:
        assert MANAUS not in [code for code, _ in _list(client, actors.gov_uf)]
        assert [code for code, _ in _list(client, actors.gov_am)] == [MANAUS]
        response = client.get(
            "/api/v1/capacity/freshness", params={"uf": "AM"}, headers=auth(actors.gov_uf)
        )
        assert response.status_code == 403

    def test_a_municipal_gov_editor_sees_its_municipality(
        self, client: TestClient, actors: Actors, reported: dict[str, int]
    ) -> None:
        assert _list(client, actors.gov_city, status="fresh") == [(BOA_VISTA, "fresh")]
        assert _list(client, actors.gov_city) == []

    def test_contributors_and_anonymous_cannot_list(
        self, client: TestClient, actors: Actors
    ) -> None:
        url = "/api/v1/capacity/freshness"
        assert client.get(url, headers=auth(actors.contributor)).status_code == 403
        assert client.get(url).status_code == 401

    def test_an_unknown_uf_is_422(self, client: TestClient, actors: Actors) -> None:
        response = client.get(
            "/api/v1/capacity/freshness", params={"uf": "XX"}, headers=auth(actors.curator)
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["query", "uf"]

    def test_the_interval_is_configurable(
        self, client: TestClient, actors: Actors, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from app.config import get_settings

        report(client, actors.curator, BOA_VISTA, as_of=days_ago(40))
        monkeypatch.setenv("PARTILHA_CAPACITY_UPDATE_INTERVAL_DAYS", "30")
        monkeypatch.setenv("PARTILHA_CAPACITY_GRACE_DAYS", "5")
        get_settings.cache_clear()
        assert _list(client, actors.curator) == [(BOA_VISTA, "overdue")]
        freshness = client.get(f"/api/v1/municipalities/{BOA_VISTA}").json()["capacity"]
        assert freshness["freshness"]["interval_days"] == 30
        assert freshness["freshness"]["status"] == "overdue"


class TestToUpdateCountsNeverReported:
    def test_include_never_lists_the_never_reported_first(
        self, client: TestClient, actors: Actors, reported: dict[str, int]
    ) -> None:
        response = client.get(
            "/api/v1/capacity/freshness",
            params={"include_never": "true", "per_page": 100},
            headers=auth(actors.gov_uf),
        )
        body = response.json()
        statuses = [i["status"] for i in body["items"]]
        # Roraima's 15: one fresh, the other 14 to update (11 of them never reported).
        assert body["total"] == len(_rr_codes()) - 1 == 14
        assert statuses == ["never"] * 11 + ["overdue", "due", "due"]
        without = client.get("/api/v1/capacity/freshness", headers=auth(actors.gov_uf))
        assert without.json()["total"] == 3  # the documented default: due and overdue

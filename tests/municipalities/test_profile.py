"""The municipality profile: reference data, current capacity, practices there and nearby."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.municipalities.geo import haversine_km
from tests.builders import auth, create_practice, days_ago, make_org, make_user, publish
from tests.municipalities.conftest import Actors, report
from tests.places import BOA_VISTA, BRASILIA, MANAUS, NORONHA, PACARAIMA


def _profile(client: TestClient, ibge: int) -> dict:  # type: ignore[type-arg]
    response = client.get(f"/api/v1/municipalities/{ibge}")
    assert response.status_code == 200, response.text
    return response.json()


class TestProfileReference:
    def test_reference_data_with_the_uf_name_and_region(self, client: TestClient) -> None:
        profile = _profile(client, BOA_VISTA)
        assert (profile["name"], profile["uf"], profile["is_capital"]) == ("Boa Vista", "RR", True)
        assert profile["state"] == {"uf": "RR", "name": "Roraima", "region": "Norte"}

    def test_brasilia_and_fernando_de_noronha(self, client: TestClient) -> None:
        assert _profile(client, BRASILIA)["state"]["name"] == "Distrito Federal"
        noronha = _profile(client, NORONHA)
        assert (noronha["name"], noronha["uf"]) == ("Fernando de Noronha", "PE")

    def test_without_reports_capacity_is_never(self, client: TestClient) -> None:
        capacity = _profile(client, MANAUS)["capacity"]
        assert capacity["latest"] is None
        assert capacity["freshness"]["status"] == "never"


class TestProfileCapacity:
    def test_latest_is_the_newest_as_of_date_not_the_last_sent(
        self, client: TestClient, actors: Actors
    ) -> None:
        report(client, actors.curator, BOA_VISTA, as_of=days_ago(3))
        report(client, actors.curator, BOA_VISTA, as_of=days_ago(120), places=[])
        capacity = _profile(client, BOA_VISTA)["capacity"]
        assert capacity["latest"]["as_of"] == days_ago(3)
        assert capacity["latest"]["totals"]["total"] == 60
        assert capacity["freshness"]["status"] == "fresh"
        assert capacity["freshness"]["age_days"] == 3

    def test_an_old_latest_report_shows_overdue(self, client: TestClient, actors: Actors) -> None:
        report(client, actors.curator, BOA_VISTA, as_of=days_ago(106))
        assert _profile(client, BOA_VISTA)["capacity"]["freshness"]["status"] == "overdue"


class TestProfilePractices:
    def test_lists_the_practices_published_there_only(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        owner = make_user(session, "contributor", actors.org, email="owner@teste.org")
        published = publish(client, owner, actors.curator, municipalities=[BOA_VISTA, PACARAIMA])
        create_practice(client, owner, title="Rascunho em Boa Vista que ninguém vê")
        publish(client, owner, actors.curator, municipalities=[MANAUS], title="Prática em Manaus")
        profile = _profile(client, BOA_VISTA)
        assert [p["id"] for p in profile["practices"]] == [published["id"]]
        assert profile["practices_total"] == 1
        assert profile["practices"][0]["title"] == published["revision"]["content"]["title"]
        assert [p["id"] for p in _profile(client, PACARAIMA)["practices"]] == [published["id"]]

    def test_a_withdrawn_practice_leaves_the_profile(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        owner = make_user(session, "contributor", actors.org, email="owner@teste.org")
        practice = publish(client, owner, actors.curator)
        withdrawn = client.post(
            f"/api/v1/practices/{practice['id']}/withdraw",
            json={"reason": "encerrada"},
            headers=auth(owner),
        )
        assert withdrawn.status_code == 200, withdrawn.text
        assert _profile(client, BOA_VISTA)["practices"] == []

    def test_nearest_municipalities_with_practices_by_distance(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        owner = make_user(
            session, "contributor", make_org(session, "Abrigo Norte"), email="norte@teste.org"
        )
        publish(client, owner, actors.curator, municipalities=[BOA_VISTA])
        publish(
            client,
            owner,
            actors.curator,
            municipalities=[BOA_VISTA, MANAUS],
            title="Rede de acolhimento entre Boa Vista e Manaus",
        )
        publish(
            client,
            owner,
            actors.curator,
            municipalities=[BRASILIA],
            title="Acolhimento em Brasília",
        )
        # Within 300 km by default: Manaus (~900 km) and Brasília (~2,700 km) are not nearby.
        profile = _profile(client, PACARAIMA)
        nearest = profile["nearest_with_practices"]
        assert [(n["ibge_code"], n["practices"]) for n in nearest] == [(BOA_VISTA, 2)]
        assert profile["nearby_radius_km"] == 300
        wider = client.get(f"/api/v1/municipalities/{PACARAIMA}", params={"radius_km": 1000})
        assert [
            (n["ibge_code"], n["practices"]) for n in wider.json()["nearest_with_practices"]
        ] == [
            (BOA_VISTA, 2),
            (MANAUS, 1),
        ]
        assert all(n["distance_km"] <= 1000 for n in wider.json()["nearest_with_practices"])
        for beyond in (1000.5, 0, -3):
            refused = client.get(
                f"/api/v1/municipalities/{PACARAIMA}", params={"radius_km": beyond}
            )
            assert refused.status_code == 422
            assert refused.json()["errors"][0]["loc"] == ["query", "radius_km"]
        expected = haversine_km(4.4799, -61.1477, 2.82384, -60.6753)
        assert abs(nearest[0]["distance_km"] - expected) < 0.1
        assert 180 < nearest[0]["distance_km"] < 200
        own = _profile(client, BOA_VISTA)["nearest_with_practices"]
        assert BOA_VISTA not in [n["ibge_code"] for n in own]

    def test_at_most_five_nearest(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        owner = make_user(session, "contributor", actors.org, email="owner@teste.org")
        codes = [1400027, 1400050, 1400100, 1400159, 1400175, 1400209, 1400233]
        publish(client, owner, actors.curator, municipalities=codes)
        nearest = _profile(client, PACARAIMA)["nearest_with_practices"]
        assert len(nearest) == 5
        distances = [n["distance_km"] for n in nearest]
        assert distances == sorted(distances)

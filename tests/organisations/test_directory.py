"""The directory: GET /api/v1/organisations searches the approved profiles in Meilisearch
(typo-tolerant words, filters by UF, municipality, theme and type, 422 naming a bad filter),
and without words or filters stays the reference list of every organisation by name. An
organisation's page lists what it published."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.organisations import service
from tests.builders import make_org, make_user, publish, publish_replication
from tests.organisations.conftest import Network
from tests.places import BOA_VISTA, MANAUS, SAO_PAULO


def _names(client: TestClient, **params: object) -> list[str]:
    answer = client.get("/api/v1/organisations", params=params)
    assert answer.status_code == 200, answer.text
    names = [o["name"] for o in answer.json()]
    assert answer.headers["X-Total-Count"] == str(len(names))
    return names


class TestDirectory:
    def test_words_filters_and_the_reference_list(self, network: Network, session: Session) -> None:
        network.publish(network.caritas, network.member)
        network.publish(
            network.missao,
            network.other,
            description="Casa do migrante em São Paulo: acolhida, trabalho e renda para "
            "refugiados de muitas nacionalidades.",
            type="osc",
            ufs=["SP"],
            municipalities=[SAO_PAULO],
            themes=["trabalho-renda", "acolhimento-abrigamento"],
            languages=["pt", "es", "fr", "ht"],
            contact={"channel": "phone", "value": "+55 11 3340-0000"},
        )
        acnur = make_org(session, "ACNUR Brasil", type="organizacao-internacional", uf="DF")
        un_member = make_user(session, "contributor", acnur, email="un@acnur.org")
        make_org(session, "Associação sem perfil", uf="AM")
        session.commit()
        network.publish(
            acnur,
            un_member,
            description="Agência da ONU para refugiados: proteção, documentação e apoio às "
            "redes locais de acolhimento.",
            type="international",
            ufs=["RR", "AM"],
            municipalities=[MANAUS],
            themes=["documentacao-regularizacao"],
            languages=["pt", "es", "en"],
            contact={"channel": "website", "value": "https://acnur.example.org/contato"},
        )
        network.sync()
        client = network.client

        assert _names(client, q="Caritas") == ["Cáritas Roraima"]  # accents fold
        assert _names(client, q="venezulanos") == ["Cáritas Roraima"]  # one typo
        assert len(_names(client, q="refugiados")) == 3  # best first
        assert _names(client, q="nacionalidade") == ["Missão Paz"]  # a prefix
        assert _names(client, uf="RR") == ["ACNUR Brasil", "Cáritas Roraima"]  # by name
        assert _names(client, municipality=MANAUS) == ["ACNUR Brasil"]
        assert _names(client, municipality=BOA_VISTA, uf="RR") == ["Cáritas Roraima"]
        assert _names(client, theme="acolhimento-abrigamento", type="osc") == [
            "Cáritas Roraima",
            "Missão Paz",
        ]
        assert _names(client, type=["international", "academia"]) == ["ACNUR Brasil"]
        assert _names(client, uf="SP", limit=1, offset=0) == ["Missão Paz"]

        for params, field in (
            ({"type": "clube"}, "type"),
            ({"theme": "astrologia"}, "theme"),
            ({"uf": "ZZ"}, "uf"),
            ({"municipality": 1234567}, "municipality"),
            ({"limit": 501}, "limit"),
        ):
            refused = client.get("/api/v1/organisations", params=params)
            assert refused.status_code == 422, params
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert [e["loc"] for e in refused.json()["errors"]] == [["query", field]]

        # The reference list: every organisation by name, profiles where approved.
        every = client.get("/api/v1/organisations").json()
        assert [o["name"] for o in every] == [
            "ACNUR Brasil",
            "Associação sem perfil",
            "Cáritas Roraima",
            "Missão Paz",
        ]
        assert every[1]["profile"] is None and every[0]["profile"]["type"] == "international"
        assert service.published_per_uf(session) == {"AM": 1, "RR": 2, "SP": 1}

    def test_a_withdrawn_profile_leaves_the_directory(self, network: Network) -> None:
        network.publish(network.caritas, network.member)
        network.sync()
        assert _names(network.client, q="Caritas") == ["Cáritas Roraima"]
        withdraw = f"/api/v1/organisations/{network.caritas.id}/profile/withdraw"
        from tests.builders import auth

        assert network.client.post(withdraw, headers=auth(network.member)).status_code == 200
        network.sync()
        assert _names(network.client, q="Caritas") == []


class TestOrganisationPage:
    def test_it_lists_the_practices_and_replications_it_published(
        self, network: Network, session: Session
    ) -> None:
        practice = publish(network.client, network.member, network.curator)
        replication = publish_replication(
            network.client, network.other, network.curator, practice["id"]
        )
        caritas = network.client.get(f"/api/v1/organisations/{network.caritas.id}").json()
        assert [(i["id"], i["page"]) for i in caritas["listed"]["practices"]] == [
            (practice["id"], f"/praticas/{practice['id']}")
        ]
        assert caritas["listed"]["replications"] == []
        missao = network.client.get(f"/api/v1/organisations/{network.missao.id}").json()
        assert [i["page"] for i in missao["listed"]["replications"]] == [
            f"/replicacoes/{replication['id']}"
        ]
        assert missao["listed"]["replications"][0]["title"] == "São Paulo/SP (2025-03-01)"
        assert network.client.get("/api/v1/organisations/99999").status_code == 404

"""Suggestions for a municipality's open needs: published practices on the same theme, the
replicated and better evidenced first, each with its reasons in words in the reader's language."""

import re

from tests.builders import auth, publish_replication
from tests.needs.conftest import People
from tests.places import BOA_VISTA, MANAUS, PORTO_ALEGRE, SAO_PAULO


class TestSuggestions:
    def test_ranked_with_reasons(self, people: People) -> None:
        path = f"/api/v1/municipalities/{BOA_VISTA}/suggestions"
        assert people.client.get(path).json()["items"] == []  # no open need yet
        need = people.post_need(themes=["ensino-portugues"])
        weighed = people.publish(
            title="Português como língua de acolhimento em São Paulo",
            themes=["ensino-portugues"],
            municipalities=[SAO_PAULO],
            evidence_level="avaliada",
        )
        publish_replication(
            people.client, people.helper, people.admin, weighed["id"], ibge_code=MANAUS
        )
        promising = people.publish(
            title="Rodas de conversa em português em Porto Alegre",
            themes=["ensino-portugues", "trabalho-renda"],
            municipalities=[PORTO_ALEGRE],
            evidence_level="promissora",
        )
        people.publish(  # another theme: never suggested
            title="Atendimento em saúde mental em Boa Vista",
            themes=["saude-mental"],
            municipalities=[BOA_VISTA],
        )

        body = people.client.get(path).json()
        assert body["needs"] == [need["id"]]
        assert [s["practice_id"] for s in body["items"]] == [weighed["id"], promising["id"]]
        first, second = body["items"]
        assert first["reasons"][0] == "mesmo tema: ensino de português"
        replicated = re.fullmatch(r"replicada em Manaus, (\d+) km", first["reasons"][1])
        assert replicated and 600 <= int(replicated.group(1)) <= 700, first["reasons"]
        assert first["reasons"][2] == "evidência: avaliada"
        assert first["distance_km"] == int(replicated.group(1))
        assert re.fullmatch(r"praticada em Porto Alegre, \d+ km", second["reasons"][1])
        assert first["score"] > second["score"]

        english = people.client.get(path, headers={"Accept-Language": "en"}).json()
        assert english["items"][0]["reason"].startswith("same theme: portuguese teaching; ")
        assert "replicated in Manaus" in english["items"][0]["reason"]

        for page, section in (
            (f"/municipios/{BOA_VISTA}", "needs-title"),
            (f"/necessidades/{need['id']}", "suggested-title"),
        ):
            html = people.client.get(page).text
            html = html[html.index(f'aria-labelledby="{section}"') :]
            html = html[: html.index("</section>")]
            assert html.index("Português como língua") < html.index("Rodas de conversa"), page
            assert "replicada em Manaus" in html and "Atendimento em saúde mental" not in html

        people.client.patch(
            f"/api/v1/needs/{need['id']}",
            json={"status": "met"},
            headers=auth(people.city_editor),
        )
        assert people.client.get(path).json()["items"] == []  # met needs ask for nothing

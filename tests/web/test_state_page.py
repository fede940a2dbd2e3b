"""A state's page, /estados/{uf}: its figures (each linking to the page that lists them) and
the capacity data of its municipalities; the map of Brazil links every UF to it."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.builders import auth, claim_and_decide, report_payload
from tests.needs.conftest import People
from tests.organisations.conftest import profile_payload
from tests.places import BOA_VISTA


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:li|p|tr)>', html, re.S)
    assert found, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def _publish_profile(people: People) -> None:
    org = people.helper_org.id
    proposed = people.client.put(
        f"/api/v1/organisations/{org}/profile",
        json=profile_payload(ufs=["RR"]),
        headers=auth(people.helper),
    )
    assert proposed.status_code == 200, proposed.text
    claim_and_decide(people.client, people.admin, "organisation-profiles", org)


class TestStatePage:
    def test_figures_freshness_and_the_map_links(
        self, session: Session, client: TestClient
    ) -> None:
        people = People(session, client)
        people.publish(municipalities=[BOA_VISTA])
        people.post_need()
        _publish_profile(people)
        reported = client.post(
            f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports",
            json=report_payload(),
            headers=auth(people.city_editor),
        )
        assert reported.status_code == 201, reported.text
        as_of = reported.json()["as_of"]

        page = client.get("/estados/RR")
        assert page.status_code == 200, page.text
        html = page.text
        assert "<h1>Roraima (RR)</h1>" in html
        assert _text(html, "figure-practices") == "1 prática"
        assert _text(html, "figure-needs") == "1 necessidade aberta"
        assert _text(html, "figure-organisations") == "1 organização"
        assert 'href="/busca?uf=RR"' in html
        assert 'href="/necessidades?uf=RR"' in html
        assert 'href="/organizacoes?uf=RR"' in html
        # RR has 15 municipalities: Boa Vista reported (10 days ago: fresh), 14 never did.
        assert _text(html, "state-freshness").startswith("Atualizado")
        assert _text(html, "state-reported") == (
            "1 município já informou sua capacidade. 14 municípios nunca informaram."
        )
        row = _text(html, f"municipality-{BOA_VISTA}")
        assert row.startswith("Boa Vista") and row.endswith("Atualizado")
        year, month, day = as_of.split("-")
        assert f"{day}/{month}/{year[2:]}" in row or f"{day}/{month}/{year}" in row
        assert f'<a href="/municipios/{BOA_VISTA}">Boa Vista</a>' in html

        # A state with nothing: zeros, every municipality counted as never reported.
        amazonas = client.get("/estados/AM", headers={"Accept-Language": "en"}).text
        assert _text(amazonas, "figure-practices") == "0 practices"
        assert _text(amazonas, "state-reported") == (
            "0 municipalities have reported their capacity. 62 municipalities never reported."
        )
        assert 'id="municipality-' not in amazonas

        # Lower case is redirected to the UF's address; an unknown UF is a 404 page.
        lower = client.get("/estados/rr", follow_redirects=False)
        assert lower.status_code == 301 and lower.headers["location"] == "/estados/RR"
        assert client.get("/estados/XX").status_code == 404

        # The map's circles and table rows lead here.
        atlas = client.get("/mapa").text
        assert len(re.findall(r'<a href="/estados/[A-Z]{2}" id="uf-', atlas)) == 27
        assert re.search(r'<tr id="row-RR"><th scope="row"><a href="/estados/RR">', atlas)
        assert "/busca?uf=" not in atlas.split("<svg", 1)[1].split("</svg>", 1)[0]

"""The map of Brazil by UF, /mapa: one linked circle per UF in a server-rendered SVG (no
script) and a table beside it with the same figures — published practices, open needs,
organisations and how fresh the capacity data is."""

import re

from tests.builders import auth, report_payload
from tests.needs.conftest import People
from tests.places import BOA_VISTA


def _row(html: str, uf: str) -> list[str]:
    row = re.search(rf'<tr id="row-{uf}">(.*?)</tr>', html, re.S)
    assert row, uf
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


class TestMap:
    def test_figures_in_the_svg_and_the_table(self, people: People) -> None:
        people.publish(municipalities=[BOA_VISTA])
        people.publish(
            title="Comitê estadual de Roraima",
            scope="state",
            municipalities=[],
            ufs=["RR"],
        )
        people.post_need()
        expired = people.post_need(title="Intérpretes no posto de saúde")
        people.client.patch(  # met: no longer counted
            f"/api/v1/needs/{expired['id']}", json={"status": "met"}, headers=auth(people.admin)
        )
        reported = people.client.post(
            f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports",
            json=report_payload(),
            headers=auth(people.city_editor),
        )
        assert reported.status_code == 201, reported.text

        page = people.client.get("/mapa")
        assert page.status_code == 200
        html = page.text
        assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
        assert len(re.findall(r'<a href="/estados/[A-Z]{2}" id="uf-', html)) == 27
        roraima, amazonas = _row(html, "RR"), _row(html, "AM")
        assert roraima[:4] == ["Roraima (RR)", "2", "1", "0"]
        assert roraima[4].startswith("Atualizado")
        assert amazonas[:4] == ["Amazonas (AM)", "0", "0", "0"]
        assert amazonas[4].startswith("Nunca")
        # The circle's title says the same in words; RR's circle is larger than AM's.
        assert "Roraima (RR): 2 práticas, 1 necessidade aberta, 0 organizações" in html
        radius = {
            uf: float(r) for uf, r in re.findall(r'id="uf-([A-Z]{2})">.*?r="([\d.]+)"', html, re.S)
        }
        assert radius["RR"] > radius["AM"]
        english = people.client.get("/mapa", headers={"Accept-Language": "en"}).text
        assert "Map of Brazil by state" in english and _row(english, "RR")[1] == "2"

"""Gov editor pages: the capacity form for their municipality (values and errors kept), the
municipality page showing the new figures as fresh, and the CSV upload's dry run."""

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from app.municipalities.service import today
from tests.web.conftest import People
from tests.web.helpers import csrf_from, sign_in

HEADER = "ibge_code;as_of;source;abrigo_institucional_total;abrigo_institucional_occupied\n"


def _report(client: TestClient, **fields: object) -> object:
    page = client.get("/gestao/capacidade/1400100")
    data = {"csrf_token": csrf_from(page), "source": "secretaria-municipal", **fields}
    return client.post("/gestao/capacidade/1400100", data=data, follow_redirects=False)


class TestCapacityForm:
    def test_an_editor_of_one_municipality_goes_straight_to_its_form(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.gov_editor)
        response = client.get("/gestao/capacidade", follow_redirects=False)
        assert response.headers["location"] == "/gestao/capacidade/1400100"
        assert "Capacidade de Boa Vista/RR" in client.get("/gestao/capacidade/1400100").text

    def test_reported_figures_appear_as_fresh_with_their_history(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.gov_editor)
        earlier = (today() - timedelta(days=120)).isoformat()
        assert (
            _report(
                client,
                as_of=earlier,
                **{"abrigo-institucional.total": "100", "abrigo-institucional.occupied": "95"},
            ).status_code
            == 303
        )
        assert "Desatualizado" in client.get("/municipios/1400100").text  # 120 days > 90 + 15
        saved = _report(
            client,
            as_of=today().isoformat(),
            services=["cras", "aulas-portugues"],
            **{
                "abrigo-institucional.total": "120",
                "abrigo-institucional.occupied": "80",
                "casa-de-passagem.total": "30",
                "casa-de-passagem.occupied": "10",
            },
        )
        assert saved.headers["location"] == "/municipios/1400100"
        page = TestClient(client.app).get("/municipios/1400100").text
        assert re.search(r'<span class="badge fresh" id="freshness">Atualizado</span>', page)
        assert "<dt>Vagas de acolhimento</dt><dd><strong>150</strong></dd>" in page
        assert "Aulas de português" in page
        assert page.count("<circle cx=") == 4  # two dates, places and occupied
        assert '<polyline class="places"' in page

    def test_errors_beside_the_inputs_and_values_kept(self, client: TestClient, people: People):
        sign_in(client, people.gov_editor)
        future = (today() + timedelta(days=3)).isoformat()
        page = _report(
            client,
            as_of=future,
            **{
                "abrigo-institucional.total": "10",
                "abrigo-institucional.occupied": "12",
                "republica.total": "dez",
            },
        )
        assert page.status_code == 422
        html = page.text
        assert 'id="err-as_of">A data não pode estar no futuro.' in html
        assert (
            'id="err-abrigo-institucional-occupied">As vagas ocupadas não podem passar do total.'
            in html
        )
        assert 'id="err-republica-total">Informe um número inteiro, 0 ou mais.' in html
        assert 'value="dez"' in page.text and 'value="12"' in page.text

    def test_an_editor_cannot_report_for_another_municipality(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.gov_editor)
        assert client.get("/gestao/capacidade/1302603").status_code == 403
        assert client.get("/gestao/capacidade", follow_redirects=False).status_code == 303


class TestCsvUpload:
    def _upload(self, client: TestClient, body: str) -> object:
        token = csrf_from(client.get("/gestao/capacidade/importar"))
        files = {"file": ("capacidade.csv", body.encode("utf-8"), "text/csv")}
        return client.post("/gestao/capacidade/importar", data={"csrf_token": token}, files=files)

    def test_problems_are_listed_row_by_row_and_nothing_is_applied(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.gov_editor)
        page = self._upload(client, HEADER + "1400100;2025-01-10;outro;10;50\n")
        table = page.text[page.text.index('id="import-problems"') :]
        assert re.search(r"<tr><td>2</td><td>Abrigo institucional – ocupadas</td>", table)
        assert "Importar estes relatórios" not in page.text
        assert "Ainda não há números de capacidade" in client.get("/municipios/1400100").text

    def test_a_clean_file_is_applied_only_after_confirming(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.gov_editor)
        page = self._upload(client, HEADER + "1400100;2025-01-10;outro;10;5\n")
        assert "Confira antes de importar" in page.text
        assert "Ainda não há números de capacidade" in client.get("/municipios/1400100").text
        token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
        applied = client.post(
            "/gestao/capacidade/importar/aplicar",
            data={"csrf_token": csrf_from(page), "token": token},
        )
        assert '<h2 id="report-title">Importado</h2>' in applied.text
        assert "Ainda não há números de capacidade" not in client.get("/municipios/1400100").text

    def test_someone_elses_upload_cannot_be_applied(self, client: TestClient, people: People):
        sign_in(client, people.gov_editor)
        page = self._upload(client, HEADER + "1400100;2025-01-10;outro;10;5\n")
        token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
        client.cookies.clear()
        sign_in(client, people.curator)
        other = client.get("/gestao/capacidade/importar")
        response = client.post(
            "/gestao/capacidade/importar/aplicar",
            data={"csrf_token": csrf_from(other), "token": token},
        )
        assert response.status_code == 404

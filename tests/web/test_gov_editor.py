"""Issue 19, a municipal (and a state) editor: the capacity form links the spreadsheet import
and starts from the latest figures, an empty report is refused beside the places; the import
page names the columns in Portuguese and offers templates (CSV, XLSX) that import cleanly,
accepts XLSX and Portuguese headers and says every problem of a row in the page's language;
a state editor's list counts the municipalities that never reported."""

import io
import re
from datetime import timedelta

from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlmodel import Session

from app.municipalities.service import today
from tests.builders import make_org, make_user
from tests.web.conftest import People
from tests.web.helpers import csrf_from, sign_in

OCCUPIED = "Abrigo institucional – ocupadas"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PT_HEADER = [
    "Código IBGE",
    "Data de referência",
    "Fonte",
    "Abrigo institucional – vagas",
    "Abrigo institucional – ocupadas",
]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: TestClient, name: str, data: bytes, media: str = XLSX) -> object:
    token = csrf_from(client.get("/gestao/capacidade/importar"))
    files = {"file": (name, data, media)}
    return client.post("/gestao/capacidade/importar", data={"csrf_token": token}, files=files)


def _problems(html: str) -> list[tuple[str, str, str]]:
    table = html[html.index('id="import-problems"') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    return [(row, column, problem) for row, column, problem in cells]


class TestCapacityFormJourney:
    def test_the_form_links_the_import_and_starts_from_the_latest_report(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.gov_editor)
        form = client.get("/gestao/capacidade/1400100")
        assert 'href="/gestao/capacidade/importar" id="import-link"' in form.text
        assert 'id="prefilled"' not in form.text  # nothing reported yet
        earlier = (today() - timedelta(days=20)).isoformat()
        data = {
            "csrf_token": csrf_from(form),
            "as_of": earlier,
            "source": "censo-suas",
            "abrigo-institucional.total": "80",
            "abrigo-institucional.occupied": "61",
            "services": ["cras"],
            "notes": "Contagem de março",
        }
        saved = client.post("/gestao/capacidade/1400100", data=data, follow_redirects=False)
        assert saved.status_code == 303
        again = client.get("/gestao/capacidade/1400100").text
        assert 'id="prefilled"' in again
        assert re.search(r'name="abrigo-institucional.total"[^>]* value="80"', again)
        assert 'value="61"' in again
        assert re.search(r'<option value="censo-suas" selected>', again)
        assert re.search(r'value="cras"[^>]*checked', again)
        assert f'value="{today().isoformat()}"' in again  # the date is today's, not the old one

    def test_an_empty_report_is_refused_beside_the_places(self, client: TestClient, people: People):
        sign_in(client, people.gov_editor)
        page = client.get("/gestao/capacidade/1400100")
        data = {"csrf_token": csrf_from(page), "as_of": today().isoformat(), "source": "outro"}
        refused = client.post("/gestao/capacidade/1400100", data=data)
        assert refused.status_code == 422
        assert '<fieldset id="f-places" aria-describedby="err-places">' in refused.text
        assert re.search(r'id="err-places">Informe ao menos um número', refused.text)
        assert '<a href="#f-places">Informe ao menos um número' in refused.text
        assert "Ainda não há números de capacidade" in client.get("/municipios/1400100").text


class TestImportPage:
    def test_columns_in_portuguese_and_templates_that_import_cleanly(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.gov_editor)
        page = client.get("/gestao/capacidade/importar").text
        columns = page[page.index('id="import-columns"') :]
        assert "<td>Código IBGE <span" in columns and "<code>ibge_code</code>" in columns
        assert "<td>Abrigo institucional – ocupadas</td>" in columns
        assert "sha256" not in page
        csv_template = client.get("/gestao/capacidade/importar/modelo.csv")
        assert csv_template.headers["content-type"].startswith("text/csv")
        assert csv_template.content.decode("utf-8-sig").startswith("Código IBGE;Município;")
        xlsx_template = client.get("/gestao/capacidade/importar/modelo.xlsx")
        assert xlsx_template.headers["content-type"] == XLSX
        header = next(load_workbook(io.BytesIO(xlsx_template.content)).active.values)
        assert header[:3] == ("Código IBGE", "Município", "Data de referência")
        for name, data, media in (
            ("modelo.xlsx", xlsx_template.content, XLSX),
            ("modelo.csv", csv_template.content, "text/csv"),
        ):
            checked = _upload(client, name, data, media)
            assert checked.status_code == 200, name
            assert "Confira antes de importar" in checked.text
            assert '<td id="problem-count">0</td>' in checked.text
            assert 'name="token"' in checked.text
        assert client.get("/gestao/capacidade/importar/modelo.pdf").status_code == 404

    def test_every_problem_of_a_row_in_the_page_language_with_header_problems_counted(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.gov_editor)
        rows = [
            [*PT_HEADER, "Coluna estranha"],
            [9999999, "10/01/2025", "outro", 10, 50, ""],  # unknown code and occupied > total
            [1400100, today() - timedelta(days=3), "outro", 10, 5, ""],  # a date cell: fine
        ]
        page = _upload(client, "capacidade.xlsx", _xlsx(rows))
        problems = _problems(page.text)
        assert problems == [
            ("1", "coluna_estranha", "Coluna desconhecida: use os nomes listados nesta página."),
            ("2", OCCUPIED, "As vagas ocupadas não podem passar do total."),
            ("2", "Código IBGE", "Não há município com o código IBGE 9999999."),
        ]
        assert '<td id="problem-count">3</td>' in page.text
        assert "3 problemas" in page.text
        client.get("/idioma/en", follow_redirects=False)
        english = _problems(_upload(client, "capacidade.xlsx", _xlsx(rows)).text)
        unknown = "There is no municipality with IBGE code 9999999."
        assert english[2] == ("2", "Código IBGE", unknown)

    def test_an_unreadable_file_is_explained_in_the_page_language(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.gov_editor)
        page = _upload(client, "capacidade.xlsx", b"PK\x03\x04 not really a zip")
        assert page.status_code == 422
        assert "O arquivo XLSX não pode ser lido" in page.text


class TestStateEditor:
    def test_never_reported_municipalities_are_to_update_and_counts_agree(
        self, client: TestClient, session: Session, people: People
    ):
        state = make_org(session, "Governo de Roraima", type="governo-estadual")
        editor = make_user(session, "gov_editor", state, scope="RR", email="sec@rr.gov.br")
        session.commit()
        sign_in(client, editor)
        page = client.get("/gestao/capacidade").text
        assert "Todos os municípios do seu escopo têm números recentes" not in page
        assert '<h2 id="to-update">15 municípios para atualizar</h2>' in page
        assert page.count("nunca informado") == 15
        form = client.get("/gestao/capacidade/1400100")
        data = {
            "csrf_token": csrf_from(form),
            "as_of": today().isoformat(),
            "source": "outro",
            "abrigo-institucional.total": "10",
            "abrigo-institucional.occupied": "2",
        }
        assert client.post("/gestao/capacidade/1400100", data=data).status_code == 200
        page = client.get("/gestao/capacidade").text
        assert '<h2 id="to-update">14 municípios para atualizar</h2>' in page
        counts = page[page.index('id="freshness-counts"') :]
        assert re.search(r'class="badge fresh">Atualizado</span> 1<', counts)
        assert re.search(r'class="badge never">[^<]+</span> 14<', counts)
        # The municipality pages say the same.
        assert 'id="freshness">Atualizado' in client.get("/municipios/1400100").text
        never_badge = re.search(r'class="badge never">([^<]+)<', counts)
        assert never_badge
        assert f'id="freshness">{never_badge.group(1)}' in client.get("/municipios/1400456").text


class TestPoliciesForAGovernmentEditor:
    def test_told_who_proposes_an_empty_registry_and_the_applied_uf(
        self, client: TestClient, people: People, search_ready: None
    ):
        sign_in(client, people.gov_editor)
        empty = client.get("/politicas").text
        assert 'id="who-proposes"' in empty and 'href="/politicas/nova"' not in empty
        no_match = re.search(r'<p id="no-match">([^<]+)</p>', empty)
        assert no_match and "registro está vazio" in no_match.group(1)
        assert "remova um filtro" not in no_match.group(1)
        filtered = client.get("/politicas?uf=RR").text
        assert "remova um filtro" in re.search(r'<p id="no-match">([^<]+)</p>', filtered).group(1)
        chosen = re.search(r'<a href="([^"]*)" aria-current="true">☑ ([^<]+)</a>', filtered)
        assert chosen and chosen.group(2) == "Roraima (RR)", "the applied UF is shown, removable"
        assert "uf=RR" not in chosen.group(1)
        refused = client.get("/politicas/nova")
        assert refused.status_code == 403
        assert 'id="who-proposes"' in refused.text

"""A municipal editor in a real browser (Debian's Chromium through Playwright) on a phone,
against the real app, database and Meilisearch: from the capacity form to the spreadsheet
import, the template downloaded and sent back, the problems of a sheet in Portuguese, then new
figures that start from the imported ones."""

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect

from app.municipalities.service import today
from tests.web.conftest import PHONE, People, shot
from tests.web.test_browser import sign_in

pytestmark = pytest.mark.browser
OpenPage = Callable[..., Page]


def _bad_sheet(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Código IBGE", "Data de referência", "Fonte", "Abrigo institucional – vagas",
                  "Abrigo institucional – ocupadas"])  # fmt: skip
    sheet.append([9999999, "10/01/2025", "outro", 10, 50])
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


class TestMunicipalEditorJourney:
    def test_form_import_template_problems_and_prefilled_figures(
        self, browser_page: OpenPage, people: People, tmp_path: Path
    ):
        page = browser_page(PHONE)
        sign_in(page, people.gov_editor)
        page.goto("/gestao/capacidade")
        expect(page.get_by_role("heading", level=1)).to_have_text("Capacidade de Boa Vista/RR")
        page.get_by_role("link", name="Muitos municípios ou datas? Envie uma planilha").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Enviar relatórios de capacidade")
        columns = page.locator("#import-columns")
        expect(columns.get_by_role("cell", name="Abrigo institucional – ocupadas")).to_be_visible()
        with page.expect_download() as downloading:
            page.get_by_role("link", name="Baixar o modelo (XLSX)").click()
        template = tmp_path / "modelo.xlsx"
        downloading.value.save_as(template)
        book = load_workbook(template)
        assert next(book.active.values)[0] == "Código IBGE"
        book.active["C2"] = (today() - timedelta(days=10)).strftime("%d/%m/%Y")  # as one edits it
        book.save(template)

        page.get_by_label("Planilha (XLSX ou CSV)").set_input_files(_bad_sheet(tmp_path / "a.xlsx"))
        page.get_by_role("button", name="Verificar o arquivo").click()
        problems = page.locator("#import-problems")
        expect(problems).to_contain_text("Não há município com o código IBGE 9999999.")
        expect(problems).to_contain_text("As vagas ocupadas não podem passar do total.")
        expect(page.locator("#problem-count")).to_have_text("2")
        expect(page.get_by_role("button", name="Importar estes relatórios")).to_have_count(0)
        shot(page, "capacity-import-problems")

        page.get_by_label("Planilha (XLSX ou CSV)").set_input_files(template)
        page.get_by_role("button", name="Verificar o arquivo").click()
        expect(page.locator("#problem-count")).to_have_text("0")
        page.get_by_role("button", name="Importar estes relatórios").click()
        expect(page.locator("#report-title")).to_have_text("Importado")

        # New figures start from the imported ones (the template's example: 40 places, 32 taken).
        page.goto("/gestao/capacidade/1400100")
        expect(page.locator("#prefilled")).to_be_visible()
        expect(page.locator("#f-abrigo-institucional-total")).to_have_value("40")
        page.locator("#f-abrigo-institucional-occupied").fill("35")
        page.get_by_role("button", name="Salvar relatório").click()
        expect(page.locator("#freshness")).to_have_text("Atualizado")
        # 35 of the 40 institutional places, and the casa de passagem's 20 of 20 kept.
        expect(page.locator("#capacity-figures")).to_contain_text("Ocupadas55")

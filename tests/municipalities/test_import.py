"""Bulk import of capacity spreadsheets: row-by-row report, all or nothing, idempotent."""

import csv
import io
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.accounts.models import User
from app.db import new_session
from app.municipalities.csv_import import PLACE_COLUMNS, TEMPLATE_COLUMNS
from app.municipalities.models import CapacityPlace, CapacityReport
from app.outbox.models import OutboxEvent
from tests.builders import auth, days_ago, make_org, make_user
from tests.municipalities.conftest import Actors, report
from tests.places import BOA_VISTA, BRASILIA, MANAUS, NORONHA, PACARAIMA

COLUMNS = list(TEMPLATE_COLUMNS)


def row(code: int, **overrides: Any) -> dict[str, Any]:
    values = {
        "ibge_code": code,
        "municipality": "",
        "as_of": days_ago(30),
        "source": "censo-suas",
        "abrigo_institucional_total": 40,
        "abrigo_institucional_occupied": 30,
        **{column: "" for column in PLACE_COLUMNS[2:]},
        "services": "cras|creas",
        "receives_interiorizacao": "sim",
        "families_per_month": 8,
        "notes": "",
    }
    values.update(overrides)
    return values


def csv_bytes(rows: list[dict[str, Any]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def upload(client: TestClient, user: User | None, data: bytes, dry_run: bool = True) -> Any:
    return client.post(
        "/api/v1/capacity-reports/import",
        files={"file": ("capacidade.csv", data, "text/csv")},
        data={"dry_run": str(dry_run).lower()},
        headers=auth(user) if user else {},
    )


def counts() -> tuple[int, int, int]:
    with new_session() as session:
        return tuple(  # type: ignore[return-value]
            session.exec(select(func.count()).select_from(model)).one()
            for model in (CapacityReport, CapacityPlace, OutboxEvent)
        )


def problems(body: dict[str, Any]) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in body["errors"]]


EVERY_FACILITY = {column: 9 if column.endswith("total") else 4 for column in PLACE_COLUMNS}
GOOD = [
    row(BOA_VISTA),
    row(PACARAIMA, services="", receives_interiorizacao="não", families_per_month=""),
    row(BRASILIA),
    row(NORONHA, **EVERY_FACILITY),
]


class TestImportDryRunAndApply:
    def test_a_dry_run_reports_and_writes_nothing(self, client: TestClient, actors: Actors) -> None:
        response = upload(client, actors.curator, csv_bytes(GOOD))
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["rows"], body["new"], body["errors"], body["applied"]) == (4, 4, [], False)
        assert (body["encoding"], body["delimiter"]) == ("utf-8", ",")
        assert counts() == (0, 0, 0)

    def test_apply_writes_every_row_with_its_outbox_event(
        self, client: TestClient, actors: Actors
    ) -> None:
        body = upload(client, actors.curator, csv_bytes(GOOD), dry_run=False).json()
        assert (body["applied"], body["new"]) == (True, 4)
        assert counts() == (4, 8, 4)
        latest = client.get(f"/api/v1/municipalities/{BOA_VISTA}").json()["capacity"]["latest"]
        assert latest["places"] == [
            {"facility_type": "abrigo-institucional", "total": 40, "occupied": 30, "available": 10}
        ]
        assert (latest["services"], latest["families_per_month"]) == (["cras", "creas"], 8)
        assert latest["source"] == "censo-suas"

    def test_latin1_semicolons_and_brazilian_dates_are_read(
        self, client: TestClient, actors: Actors
    ) -> None:
        rows = [row(PACARAIMA, as_of="15/03/2025", notes="Abrigo São José; ônibus diário")]
        data = csv_bytes(rows, delimiter=";", encoding="latin-1")
        body = upload(client, actors.curator, data, dry_run=False).json()
        assert (body["encoding"], body["delimiter"], body["errors"]) == ("latin-1", ";", [])
        latest = client.get(f"/api/v1/municipalities/{PACARAIMA}").json()["capacity"]["latest"]
        assert (latest["as_of"], latest["notes"]) == (
            "2025-03-15",
            "Abrigo São José; ônibus diário",
        )

    def test_utf8_with_bom_is_read(self, client: TestClient, actors: Actors) -> None:
        data = b"\xef\xbb\xbf" + csv_bytes([row(BOA_VISTA, notes="Coordenação")])
        body = upload(client, actors.curator, data).json()
        assert (body["encoding"], body["errors"], body["new"]) == ("utf-8", [], 1)


BAD = [
    row(BOA_VISTA),  # row 2: fine
    row(9999999),  # row 3
    row(PACARAIMA, abrigo_institucional_occupied=41),  # row 4
    row(MANAUS, as_of="31/02/2025"),  # row 5
    row(BRASILIA, as_of="2999-01-01", services="cras|padaria"),  # row 6
    row(140010),  # row 7
    row(NORONHA, casa_de_passagem_total=3, source="jornal"),  # row 8
    row(BOA_VISTA),  # row 9: duplicate
    row(1400027, abrigo_institucional_total=-2, receives_interiorizacao="talvez"),  # row 10
]


class TestImportBadRows:
    def test_each_problem_is_reported_with_row_and_column(
        self, client: TestClient, actors: Actors
    ) -> None:
        body = upload(client, actors.curator, csv_bytes(BAD)).json()
        assert problems(body) == [
            (3, "ibge_code"),
            (4, "abrigo_institucional_occupied"),
            (5, "as_of"),
            (6, "as_of"),
            (6, "services"),
            (7, "ibge_code"),
            (8, "casa_de_passagem_occupied"),
            (8, "source"),
            (9, "as_of"),
            (10, "abrigo_institucional_total"),
            (10, "receives_interiorizacao"),
        ]
        messages = {(e["row"], e["column"]): e["problem"] for e in body["errors"]}
        assert messages[(3, "ibge_code")] == "unknown IBGE code 9999999"
        assert "exceed the total (40)" in messages[(4, "abrigo_institucional_occupied")]
        assert "not a date" in messages[(5, "as_of")]
        assert "future" in messages[(6, "as_of")]
        assert "7-digit" in messages[(7, "ibge_code")]
        assert "row 2" in messages[(9, "as_of")]
        assert (body["new"], body["invalid_rows"]) == (1, 8)

    def test_apply_with_bad_rows_applies_nothing(self, client: TestClient, actors: Actors) -> None:
        response = upload(client, actors.curator, csv_bytes(BAD), dry_run=False)
        assert response.status_code == 422
        body = response.json()
        assert ["file", 4, "abrigo_institucional_occupied"] in [e["loc"] for e in body["errors"]]
        assert body["report"]["applied"] is False
        assert counts() == (0, 0, 0)

    def test_a_latin1_line_in_a_utf8_file_is_named(
        self, client: TestClient, actors: Actors
    ) -> None:
        good = csv_bytes([row(BOA_VISTA, notes="Coordenação"), row(PACARAIMA)])
        pasted = csv_bytes([row(MANAUS, notes="Ação")], encoding="latin-1").split(b"\r\n")[1]
        response = upload(client, actors.curator, good + pasted + b"\r\n", dry_run=False)
        assert response.status_code == 422
        errors = response.json()["report"]["errors"]
        assert [(e["row"], e["column"]) for e in errors] == [(4, "")]
        assert "not UTF-8" in errors[0]["problem"]
        assert counts() == (0, 0, 0)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ("ibge_code,as_of\n1400100,2025-01-01\n".encode("utf-16"), "UTF-16"),
            (b"ibge_code,as_of,source\n1400100,2025-01-01,outro\x81\x8d\n", "line 2"),
            (b"", "empty"),
        ],
    )
    def test_unreadable_files_are_rejected_clearly(
        self, client: TestClient, actors: Actors, data: bytes, message: str
    ) -> None:
        response = upload(client, actors.curator, data, dry_run=False)
        assert response.status_code == 422
        error = response.json()["errors"][0]
        assert error["loc"] == ["body", "file"]
        assert message in error["msg"]

    def test_header_problems_name_the_columns(self, client: TestClient, actors: Actors) -> None:
        data = b"codigo,as_of,source,abrigo_total\n1400100,2025-01-01,outro,3\n"
        body = upload(client, actors.curator, data).json()
        assert problems(body) == [(1, "abrigo_total"), (1, "codigo"), (1, "ibge_code")]


class TestImportIsIdempotent:
    def test_the_same_file_twice_changes_nothing(self, client: TestClient, actors: Actors) -> None:
        data = csv_bytes(GOOD)
        assert upload(client, actors.curator, data, dry_run=False).json()["new"] == 4
        with new_session() as session:
            before = {r.id: r.updated_at for r in session.exec(select(CapacityReport))}
        again = upload(client, actors.curator, data, dry_run=False).json()
        assert (again["new"], again["replaced"], again["unchanged"], again["applied"]) == (
            0,
            0,
            4,
            True,
        )
        assert counts() == (4, 8, 4), "no new reports, places or outbox events"
        with new_session() as session:
            assert {r.id: r.updated_at for r in session.exec(select(CapacityReport))} == before

    def test_a_corrected_row_replaces_that_dated_report_only(
        self, client: TestClient, actors: Actors
    ) -> None:
        older = report(client, actors.curator, BOA_VISTA, as_of=days_ago(200))
        upload(client, actors.curator, csv_bytes(GOOD), dry_run=False)
        corrected = [
            row(
                BOA_VISTA,
                abrigo_institucional_occupied=12,
                casa_de_passagem_total=5,
                casa_de_passagem_occupied=1,
            ),
            *GOOD[1:],
        ]
        body = upload(client, actors.curator, csv_bytes(corrected), dry_run=False).json()
        assert (body["new"], body["replaced"], body["unchanged"]) == (0, 1, 3)
        assert [(r["row"], r["ibge_code"]) for r in body["replaced_rows"]] == [(2, BOA_VISTA)]
        history = client.get(f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports").json()
        assert [r["as_of"] for r in history["items"]] == [days_ago(30), days_ago(200)]
        assert history["items"][0]["totals"] == {"total": 45, "occupied": 13, "available": 32}
        assert history["items"][1]["id"] == older["id"]
        assert counts() == (5, 11, 6), "one more outbox event, for the replaced report"


class TestImportPermissions:
    def test_a_uf_gov_editor_imports_its_uf_and_other_rows_are_errors(
        self, client: TestClient, actors: Actors
    ) -> None:
        data = csv_bytes([row(BOA_VISTA), row(PACARAIMA), row(MANAUS)])
        response = upload(client, actors.gov_uf, data, dry_run=False)
        assert response.status_code == 422
        errors = response.json()["report"]["errors"]
        assert [(e["row"], e["column"]) for e in errors] == [(4, "ibge_code")]
        assert "outside your scope" in errors[0]["problem"]
        assert counts() == (0, 0, 0)
        ok = upload(client, actors.gov_uf, csv_bytes([row(BOA_VISTA), row(PACARAIMA)]), False)
        assert ok.json()["new"] == 2

    def test_a_municipal_gov_editor_imports_its_municipality_only(
        self, client: TestClient, actors: Actors
    ) -> None:
        body = upload(client, actors.gov_city, csv_bytes([row(BOA_VISTA), row(PACARAIMA)])).json()
        assert problems(body) == [(3, "ibge_code")]

    def test_contributors_and_anonymous_cannot_import(
        self, client: TestClient, actors: Actors
    ) -> None:
        assert upload(client, actors.contributor, csv_bytes(GOOD)).status_code == 403
        assert upload(client, None, csv_bytes(GOOD)).status_code == 401


class TestImportCommand:
    def _run(self, args: list[str]) -> Any:
        from typer.testing import CliRunner

        from app.cli import cli

        return CliRunner().invoke(cli, ["capacity", "import", *args])

    def test_dry_run_then_apply(self, session: Session, actors: Actors, tmp_path) -> None:  # type: ignore[no-untyped-def]
        path = tmp_path / "capacidade.csv"
        path.write_bytes(csv_bytes(GOOD))
        dry = self._run([str(path), "--user", actors.curator.email])
        assert dry.exit_code == 0, dry.output
        assert "4 novas" in dry.output and "simulação" in dry.output
        assert counts() == (0, 0, 0)
        applied = self._run([str(path), "--user", actors.curator.email, "--apply"])
        assert applied.exit_code == 0, applied.output
        assert counts() == (4, 8, 4)
        again = self._run([str(path), "--user", actors.curator.email, "--apply"])
        assert "4 sem mudança" in again.output
        assert counts() == (4, 8, 4)

    def test_bad_rows_print_the_report_and_exit_1(
        self,
        session: Session,
        actors: Actors,
        tmp_path,  # type: ignore[no-untyped-def]
    ) -> None:
        path = tmp_path / "capacidade.csv"
        path.write_bytes(csv_bytes(BAD))
        result = self._run([str(path), "--user", actors.curator.email, "--apply"])
        assert result.exit_code == 1
        assert "linha 4 [abrigo_institucional_occupied]: occupied places (41)" in result.output
        assert "nada foi importado" in result.output
        assert counts() == (0, 0, 0)

    def test_the_template_imports_cleanly(self, session: Session, actors: Actors, tmp_path) -> None:  # type: ignore[no-untyped-def]
        from typer.testing import CliRunner

        from app.cli import cli

        template = CliRunner().invoke(cli, ["capacity", "template"])
        path = tmp_path / "modelo.csv"
        path.write_text(template.output, encoding="utf-8")
        result = self._run([str(path), "--user", actors.curator.email])
        assert result.exit_code == 0, result.output
        assert "1 novas" in result.output

    def test_progress_is_reported_per_row(self, session: Session, actors: Actors) -> None:
        from app.municipalities.importing import import_capacity

        seen: list[int] = []
        with new_session() as own:
            curator = own.get(User, actors.curator.id)
            assert curator is not None
            import_capacity(own, curator, csv_bytes(GOOD), progress=seen.append)
        assert sum(seen) == len(GOOD)


class TestImportLargeFiles:
    def test_a_sheet_over_the_default_body_limit_is_accepted(
        self, client: TestClient, actors: Actors
    ) -> None:
        rows = [row(BOA_VISTA, as_of=days_ago(30 + i), notes="x" * 1900) for i in range(600)]
        data = csv_bytes(rows)
        assert len(data) > 1_000_000
        body = upload(client, actors.curator, data).json()
        assert (body["new"], body["errors"]) == (600, [])


class TestImportNeverOverwritesAnotherOrganisation:
    """Issue 18: a corrected sheet replaces only its own organisation's dated report; the
    replaced version stays in the report's history."""

    def test_another_organisations_report_is_a_409_row_and_stays(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        city = make_org(session, "Prefeitura de Boa Vista", type="governo-municipal")
        state = make_org(session, "Governo de Roraima", type="governo-estadual")
        city_editor = make_user(session, "gov_editor", city, scope=str(BOA_VISTA))
        state_editor = make_user(session, "gov_editor", state, scope="RR")
        session.commit()
        original = [row(BOA_VISTA, source="secretaria-municipal", notes="Contagem da SMAS")]
        assert upload(client, city_editor, csv_bytes(original), dry_run=False).json()["new"] == 1
        overwrite = [row(BOA_VISTA, abrigo_institucional_occupied=5), row(PACARAIMA)]

        dry = upload(client, state_editor, csv_bytes(overwrite)).json()
        assert [(e["row"], e["column"], e["status"], e["code"]) for e in dry["errors"]] == [
            (2, "as_of", 409, "other_organisation")
        ]
        assert "Prefeitura de Boa Vista" in dry["errors"][0]["problem"]
        applied = upload(client, state_editor, csv_bytes(overwrite), dry_run=False)
        assert applied.status_code == 409
        assert applied.headers["content-type"].startswith("application/problem+json")
        assert applied.json()["errors"][0]["loc"] == ["file", 2, "as_of"]
        latest = client.get(f"/api/v1/municipalities/{BOA_VISTA}").json()["capacity"]["latest"]
        assert (latest["totals"]["occupied"], latest["source"], latest["notes"]) == (
            30,
            "secretaria-municipal",
            "Contagem da SMAS",
        )
        assert latest["organisation"]["name"] == "Prefeitura de Boa Vista"
        assert counts() == (1, 1, 1), "nothing of the refused sheet was written"

    def test_the_own_organisation_replaces_it_and_the_old_version_is_kept(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        city = make_org(session, "Prefeitura de Boa Vista", type="governo-municipal")
        first = make_user(session, "gov_editor", city, scope=str(BOA_VISTA), email="a@bv.gov.br")
        colleague = make_user(session, "gov_editor", city, scope="RR", email="b@bv.gov.br")
        session.commit()
        upload(client, first, csv_bytes([row(BOA_VISTA, notes="primeira")]), dry_run=False)
        corrected = csv_bytes([row(BOA_VISTA, abrigo_institucional_occupied=12, notes="")])
        body = upload(client, colleague, corrected, dry_run=False).json()
        assert (body["replaced"], body["errors"]) == (1, [])
        report_id = body["replaced_rows"][0]["report_id"]
        url = f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports/{report_id}/versions"
        versions = client.get(url, headers=auth(actors.curator)).json()["items"]
        assert len(versions) == 1
        old = versions[0]
        assert (old["totals"]["occupied"], old["notes"], old["reported_by"]["id"]) == (
            30,
            "primeira",
            first.id,
        )
        assert old["organisation"]["name"] == "Prefeitura de Boa Vista"
        assert client.get(url).json()["items"][0]["reported_by"] is None  # the public
        wrong = f"/api/v1/municipalities/{PACARAIMA}/capacity-reports/{report_id}/versions"
        assert client.get(wrong).status_code == 404


class TestImportSpreadsheets:
    """Issue 19: XLSX beside CSV, Portuguese headers, every problem of a row at once."""

    def test_xlsx_with_portuguese_headers_reports_every_problem_of_a_row(
        self, client: TestClient, actors: Actors
    ) -> None:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(
            [
                "Código IBGE",
                "Data de referência",
                "FONTE",
                "Republica - Vagas",
                "República – ocupadas",
                "Recebe interiorização",
            ]
        )
        sheet.append([9999999, "10/01/2025", "outro", 10, 50, "não"])
        sheet.append([BOA_VISTA, date(2025, 1, 10), "censo-suas", 12, 3, True])
        out = io.BytesIO()
        book.save(out)
        response = client.post(
            "/api/v1/capacity-reports/import",
            files={"file": ("capacidade.xlsx", out.getvalue())},
            headers=auth(actors.curator),
        )
        body = response.json()
        assert (body["format"], body["rows"], body["new"]) == ("xlsx", 2, 1)
        assert [(e["row"], e["column"], e["code"]) for e in body["errors"]] == [
            (2, "ibge_code", "unknown_ibge_code"),
            (2, "republica_occupied", "occupied_exceeds_total"),
        ]
        assert body["errors"][0]["params"] == {"code": 9999999}

    def test_a_row_with_no_figure_is_a_problem(self, client: TestClient, actors: Actors) -> None:
        data = b"ibge_code;as_of;source\n1400100;10/01/2025;outro\n"
        body = upload(client, actors.curator, data).json()
        assert [(e["row"], e["column"], e["code"]) for e in body["errors"]] == [
            (2, "", "empty_report")
        ]

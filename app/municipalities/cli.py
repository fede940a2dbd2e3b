"""`partilha capacity ...`: import capacity spreadsheets, print the template."""

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.accounts import repository as accounts
from app.db import new_session
from app.errors import AppError
from app.municipalities import csv_import
from app.municipalities.importing import ImportReport, import_capacity
from app.municipalities.service import today
from app.municipalities.template import template_csv

capacity_cli = typer.Typer(no_args_is_help=True, help="Capacidade de acolhimento dos municípios.")


def _print_report(report: ImportReport) -> None:
    for error in report.errors:
        column = f" [{error.column}]" if error.column else ""
        typer.secho(f"linha {error.row}{column}: {error.problem}", fg=typer.colors.RED)
    for row in report.replaced_rows:
        typer.echo(
            f"linha {row.row}: substitui o relatório {row.report_id} de {row.ibge_code} "
            f"em {row.as_of}"
        )
    typer.echo(
        f"{report.rows} linhas ({report.encoding}, '{report.delimiter}'): {report.new} novas, "
        f"{report.replaced} substituídas, {report.unchanged} sem mudança, "
        f"{report.invalid_rows} com problemas"
    )


@capacity_cli.command("import")
def import_file(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    user: str = typer.Option(..., "--user", help="e-mail of the curator, admin or gov editor"),
    apply: bool = typer.Option(False, "--apply", help="write (all rows or none); default: dry run"),
) -> None:
    """Check a capacity sheet (CSV or XLSX) row by row; with --apply, import it in one
    transaction.

    The columns: `partilha capacity columns`; an example file: `partilha capacity template`.
    """
    raw = file.read_bytes()
    with new_session() as session:
        reporter = accounts.get_user_by_email(session, user)
        if reporter is None or not reporter.is_active:
            typer.secho(f"erro: no active user {user}", err=True, fg=typer.colors.RED)
            raise typer.Exit(1)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, transient=True) as bar:
            task = bar.add_task("verificando", total=raw.count(b"\n"))
            try:
                report = import_capacity(
                    session,
                    reporter,
                    raw,
                    dry_run=not apply,
                    progress=lambda n: bar.advance(task, n),
                )
            except csv_import.FileRejected as exc:
                typer.secho(f"erro: {exc}", err=True, fg=typer.colors.RED)
                raise typer.Exit(1) from exc
            except AppError as exc:
                typer.secho(f"erro: {exc.message}", err=True, fg=typer.colors.RED)
                raise typer.Exit(1) from exc
    _print_report(report)
    if report.errors:
        typer.secho("nada foi importado", fg=typer.colors.RED)
        raise typer.Exit(1)
    if report.dry_run:
        typer.echo("simulação: nada foi gravado (use --apply para importar)")
    else:
        typer.secho("importado", fg=typer.colors.GREEN)


@capacity_cli.command("template")
def template() -> None:
    """Print the template sheet as CSV: the Portuguese column names and one example row (the
    same as the import page's download; `partilha capacity columns` documents them)."""
    typer.echo(template_csv(today()).decode("utf-8-sig"), nl=False)


@capacity_cli.command("columns")
def columns() -> None:
    """Print the documentation of the CSV columns, encodings and delimiters."""
    typer.echo(csv_import.__doc__ or "")

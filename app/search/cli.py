"""`partilha search ...`: set up, sync, rebuild and check the search indexes."""

import typer

from app.config import get_settings
from app.db import get_engine
from app.search import maintenance, sync
from app.search.client import SearchUnavailable
from app.search.specs import by_key, specs

search_cli = typer.Typer(no_args_is_help=True, help="Busca (Meilisearch): índices e sincronização.")
SHOWN = 20


def _fail(message: str) -> None:
    typer.secho(f"erro: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


def _selected(index: str | None) -> list[str]:
    keys = [spec.key for spec in specs()]  # what the domains registered at assembly
    if index is not None and index not in keys:
        _fail(f"unknown index {index!r}; choose one of {', '.join(keys)}")
    return [index] if index else keys


IndexOption = typer.Option(
    None, "--index", help="only this index, by its key (e.g. practices); default: all"
)


@search_cli.command("setup")
def setup_cmd() -> None:
    """Create the indexes and apply their settings (idempotent); fill empty indexes."""
    try:
        report = maintenance.setup(get_engine(), get_settings())
    except (SearchUnavailable, maintenance.LeaseBusy) as exc:
        _fail(str(exc))
        return
    for uid in report.created:
        typer.echo(f"índice criado: {uid}")
    for uid, count in report.loaded.items():
        typer.echo(f"{uid}: {count} documentos carregados")
    typer.echo("configurações aplicadas")


@search_cli.command("sync")
def sync_cmd(
    retry_all: bool = typer.Option(
        False, "--retry-all", help="also retry events waiting for backoff"
    ),
) -> None:
    """Process the outbox once (what the app's worker does continuously)."""
    result = sync.sync_once(get_engine(), get_settings(), ignore_backoff=retry_all)
    typer.echo(
        f"{result.status}: {result.events} eventos, {result.processed} processados, "
        f"{result.failed} com erro ({result.upserted} documentos enviados, "
        f"{result.deleted} removidos)"
    )
    if result.status == "busy":
        typer.echo("outro processo (o worker do app) está sincronizando agora")
    if result.status in ("unavailable", "error"):
        raise typer.Exit(1)


@search_cli.command("reindex")
def reindex_cmd(index: str | None = IndexOption) -> None:
    """Rebuild into a fresh index and swap it in; searches keep answering meanwhile."""
    for key in _selected(index):
        try:
            report = maintenance.reindex(get_engine(), get_settings(), by_key(key))
        except (SearchUnavailable, maintenance.LeaseBusy) as exc:
            _fail(str(exc))
            return
        typer.echo(
            f"{report.index}: {report.loaded} documentos em {report.seconds} s, "
            f"{report.replayed} eventos reaplicados, {len(report.rejected)} recusados"
        )
        for doc_id, error in list(report.rejected.items())[:SHOWN]:
            typer.echo(f"  recusado {doc_id}: {error}")


def _ids(label: str, ids: list[int]) -> None:
    more = f" … (+{len(ids) - SHOWN})" if len(ids) > SHOWN else ""
    typer.echo(
        f"  {label}: {len(ids)}" + (f" [{', '.join(map(str, ids[:SHOWN]))}{more}]" if ids else "")
    )


@search_cli.command("reconcile")
def reconcile_cmd(
    dry_run: bool = typer.Option(False, "--dry-run", help="only report the differences"),
    index: str | None = IndexOption,
) -> None:
    """Compare the database (ids and content hashes) with the index; repair the differences."""
    failed = False
    for key in _selected(index):
        try:
            diff = maintenance.reconcile(get_engine(), get_settings(), by_key(key), dry_run)
        except (SearchUnavailable, maintenance.LeaseBusy) as exc:
            _fail(str(exc))
            return
        typer.echo(f"{diff.index}: {diff.total} diferenças")
        _ids("faltando no índice", diff.missing)
        _ids("sobrando no índice", diff.extra)
        _ids("desatualizados", diff.stale)
        if diff.total and not dry_run:
            typer.echo("  corrigido" if diff.repaired else "  correção incompleta: rode de novo")
            failed = failed or not diff.repaired
    if failed:
        raise typer.Exit(1)

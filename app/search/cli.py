"""`partilha search ...`: set up, sync, rebuild and check the search indexes."""

import typer
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.search import maintenance, sync
from app.search.client import SearchUnavailable
from app.search.servers import Server, servers
from app.search.specs import by_key, specs
from app.search.status import server_reports

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
    for name, own in report.servers.items():
        for uid in own.created:
            typer.echo(f"{name}: índice criado: {uid}")
        for uid, count in own.loaded.items():
            typer.echo(f"{name}: {uid}: {count} documentos carregados")
    typer.echo(f"configurações aplicadas em {', '.join(report.servers)}")


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
            f"{report.replayed} eventos reaplicados, {len(report.rejected)} recusados "
            f"(servidores: {', '.join(report.servers)})"
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
    """Compare the database (ids and content hashes) with the index on every server; repair
    the differences."""
    failed = False
    settings = get_settings()
    keys = _selected(index)
    for server in servers(settings):
        typer.echo(f"servidor {server.name}:")
        for key in keys:
            failed = _reconcile(server, key, dry_run) or failed
    if failed:
        raise typer.Exit(1)


def _reconcile(server: Server, key: str, dry_run: bool) -> bool:
    """One index of one server; True when it could not be checked or repaired."""
    try:
        diff = maintenance.reconcile(get_engine(), get_settings(), by_key(key), dry_run, server)
    except (SearchUnavailable, maintenance.LeaseBusy) as exc:
        typer.secho(f"erro: {exc}", err=True, fg=typer.colors.RED)
        return True
    typer.echo(f"{diff.index}: {diff.total} diferenças")
    _ids("faltando no índice", diff.missing)
    _ids("sobrando no índice", diff.extra)
    _ids("desatualizados", diff.stale)
    if diff.total and not dry_run:
        typer.echo("  corrigido" if diff.repaired else "  correção incompleta: rode de novo")
        return not diff.repaired
    return False


@search_cli.command("status")
def status_cmd() -> None:
    """Each Meilisearch server: whether it answers, in sync or behind, and by how many events."""
    with Session(get_engine()) as session:
        reports = server_reports(session, get_settings())
    for r in reports:
        up = "no ar" if r.up else "fora do ar"
        state = "em dia" if r.state == "in_sync" else f"atrasado ({r.lag_events} eventos)"
        typer.echo(f"{r.name}: {up}, {state}, entregue até o evento {r.delivered_through}")
    if not any(r.up and r.state == "in_sync" for r in reports):
        raise typer.Exit(1)

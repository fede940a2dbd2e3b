"""`partilha mail …`: the periodic digests and reminders by hand, and one delivery pass."""

from datetime import UTC, datetime

import typer

from app.config import get_settings
from app.db import get_engine
from app.mail import delivery
from app.mail.worker import run_jobs

mail_cli = typer.Typer(no_args_is_help=True, help="Correio: resumos, lembretes e envio.")


@mail_cli.command("digests")
def digests_cmd(
    at: str | None = typer.Option(None, "--at", help="ISO time to run as (default: now)"),
) -> None:
    """Write the due digests and reminders (curation queue, freshness, saved searches); safe
    to run again: each period's messages are written once."""
    now = datetime.fromisoformat(at) if at else datetime.now(UTC)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    for name, result in run_jobs(get_engine(), now).items():
        if isinstance(result, Exception):
            typer.secho(f"{name}: erro: {result}", err=True, fg=typer.colors.RED)
            raise typer.Exit(1)
        typer.echo(f"{name}: {result} mensagens escritas")


@mail_cli.command("send")
def send_cmd() -> None:
    """Send every due message once (what the worker does every few seconds)."""
    result = delivery.deliver_once(get_engine(), get_settings())
    typer.echo(
        f"{result.sent} enviadas, {result.retrying} a tentar de novo, {result.failed} falharam"
    )
    if result.waiting:
        typer.secho("servidor de correio inacessível: as mensagens esperam", err=True)

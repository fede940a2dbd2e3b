"""`partilha limits unlock`: support for a person locked out by the abuse limits."""

import ipaddress

import typer

from app.config import get_settings
from app.db import new_session
from app.ratelimits.deps import address_key
from app.ratelimits.service import Limiter

limits_cli = typer.Typer(no_args_is_help=True, help="Limites de abuso (429).")


@limits_cli.command("unlock")
def unlock_cmd(
    email: str | None = typer.Option(None, "--email", help="apaga as falhas de login deste e-mail"),
    ip: str | None = typer.Option(
        None, "--ip", help="apaga os contadores deste endereço (login, chaves, envios)"
    ),
) -> None:
    """Unlock an account or an address before its window ends."""
    if not email and not ip:
        typer.secho("erro: informe --email e/ou --ip", err=True, fg=typer.colors.RED)
        raise typer.Exit(2)
    if ip is not None:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            typer.secho(f"erro: --ip {ip!r} não é um endereço IP", err=True, fg=typer.colors.RED)
            raise typer.Exit(2) from None
    with new_session() as session:
        removed = Limiter(get_settings()).unlock(
            session, email, address_key(ip) if ip is not None else None
        )
    typer.echo(f"{removed} contador(es) removido(s)")

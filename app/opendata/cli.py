"""`partilha export …`: open-data files from the command line."""

from pathlib import Path

import typer

from app.db import new_read_session, utcnow
from app.errors import AppError
from app.opendata import bundle

export_cli = typer.Typer(no_args_is_help=True, help="Dados abertos: exportações e pacotes offline.")


@export_cli.command("bundle")
def export_bundle(
    uf: str = typer.Option(..., "--uf", help="UF do pacote, ex.: RR"),
    out: Path | None = typer.Option(None, "--out", help="Arquivo SQLite a gravar"),
) -> None:
    """Write the offline bundle (SQLite + manifest) of one UF."""
    target = out or Path(f"partilha-{uf.upper()}-{utcnow():%Y%m%d}.sqlite")
    try:
        with new_read_session() as session:
            manifest = bundle.build_bundle(session, uf, target)
    except AppError as exc:
        detail = "; ".join(e["msg"] for e in exc.errors) or exc.message
        typer.secho(f"erro: {detail}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from exc
    counts = ", ".join(f"{table}: {n}" for table, n in manifest.counts.items())
    typer.echo(f"{target} ({manifest.uf}) {counts}")
    typer.echo(f"sha256 {manifest.sha256}")

"""`partilha backup [PATH]` and `partilha restore PATH --yes`."""

from pathlib import Path

import typer

from app.backup import service
from app.backup.archive import BackupInvalid
from app.backup.service import BackupError, Inspection
from app.config import get_settings

SHOWN = 12


def _fail(message: str) -> None:
    typer.secho(f"erro: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


def backup_cmd(
    path: Path | None = typer.Argument(
        None,
        help="file or folder to write; default .data/backups/partilha-<backend>-<UTC time>.tar",
    ),
) -> None:
    """Back up the database into one file with its manifest (safe while the app runs)."""
    try:
        written, manifest = service.create_backup(get_settings(), path)
    except BackupError as exc:
        _fail(str(exc))
        return
    typer.echo(f"cópia gravada: {written}")
    typer.echo(
        f"  {manifest.backend}, revisão {manifest.alembic_revision}, {manifest.rows} linhas em "
        f"{len(manifest.tables)} tabelas, {manifest.size / 1e6:.1f} MB"
    )
    typer.echo(f"  sha256 do banco: {manifest.sha256}")


def _describe(path: Path, inspection: Inspection) -> None:
    manifest, target = inspection.manifest, inspection.target
    typer.echo(f"cópia {path}:")
    typer.echo(
        f"  de {manifest.source}, {manifest.created_at} ({manifest.backend}, revisão "
        f"{manifest.alembic_revision}, {manifest.rows} linhas em {len(manifest.tables)} tabelas)"
    )
    if not target.exists:
        typer.echo(f"destino: {target.description} (não existe: será criado)")
        return
    now = target.snapshot
    typer.echo(
        f"será sobrescrito: {target.description} (revisão {now.revision or '-'}, {now.rows} "
        f"linhas em {len(now.tables)} tabelas), todo o conteúdo"
    )
    changes = [
        (name, now.tables.get(name, 0), manifest.tables.get(name, 0))
        for name in sorted(set(now.tables) | set(manifest.tables))
        if now.tables.get(name, 0) != manifest.tables.get(name, 0)
    ]
    for name, before, after in changes[:SHOWN]:
        typer.echo(f"  {name}: {before} → {after} linhas")
    if len(changes) > SHOWN:
        typer.echo(f"  … e mais {len(changes) - SHOWN} tabelas")


def restore_cmd(
    path: Path = typer.Argument(..., help="a file written by `partilha backup`"),
    yes: bool = typer.Option(False, "--yes", help="really overwrite the configured database"),
) -> None:
    """Replace the configured database's content with a backup (stop the app first)."""
    settings = get_settings()
    try:
        inspection = service.inspect_backup(settings, path)
    except (BackupInvalid, BackupError) as exc:
        _fail(str(exc))
        return
    _describe(path, inspection)
    try:
        if not yes:
            service.verify_backup(settings, path)
        else:
            service.restore_backup(settings, path)
    except (BackupInvalid, BackupError) as exc:
        _fail(f"{exc} (nada foi alterado)")
        return
    if not yes:
        typer.echo("cópia verificada (sha256 e banco íntegros)")
        _fail("nada foi alterado: confira o que será sobrescrito e repita com --yes")
    typer.secho("restaurado", fg=typer.colors.GREEN)
    steps = []
    if not inspection.current_schema:
        steps.append(
            f"partilha db upgrade   (a cópia tem a revisão {inspection.manifest.alembic_revision}, "
            f"o código {service.code_revision()})"
        )
    steps.append("partilha search reconcile   (o índice de busca ainda reflete o banco anterior)")
    typer.echo("próximos passos:")
    for step in steps:
        typer.echo(f"  {step}")

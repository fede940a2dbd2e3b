"""Admin commands: `partilha --help`."""

import sys
from pathlib import Path

import typer
from alembic import command
from alembic.config import Config
from sqlmodel import Session

from app.accounts import service as accounts
from app.accounts.models import OrganisationCreate, Role, UserCreate
from app.accounts.security import generate_password
from app.assembly import assemble
from app.backup import ids
from app.backup.cli import backup_cmd, restore_cmd
from app.catalog.loader import CatalogError, get_catalog
from app.config import PROJECT_ROOT, get_settings
from app.core import logs
from app.curation.cli import curation_cli
from app.db import make_engine, new_session
from app.errors import AppError
from app.files import private_dir
from app.municipalities.cli import capacity_cli
from app.notifications.cli import mail_cli
from app.opendata.cli import export_cli
from app.ratelimits.cli import limits_cli
from app.search.cli import search_cli

cli = typer.Typer(no_args_is_help=True, help="Partilha: administração da plataforma.")
db_cli = typer.Typer(no_args_is_help=True, help="Banco de dados e migrações.")
users_cli = typer.Typer(no_args_is_help=True, help="Contas de usuário.")
orgs_cli = typer.Typer(no_args_is_help=True, help="Organizações.")
municipalities_cli = typer.Typer(no_args_is_help=True, help="Referência IBGE.")
demo_cli = typer.Typer(no_args_is_help=True, help="Dados de demonstração (só em dev).")
cli.add_typer(db_cli, name="db")
cli.add_typer(users_cli, name="users")
cli.add_typer(orgs_cli, name="orgs")
cli.add_typer(municipalities_cli, name="municipalities")
cli.add_typer(capacity_cli, name="capacity")
cli.add_typer(curation_cli, name="curation")
cli.add_typer(demo_cli, name="demo")
cli.add_typer(search_cli, name="search")
cli.add_typer(export_cli, name="export")
cli.add_typer(limits_cli, name="limits")
cli.add_typer(mail_cli, name="mail")
cli.command("backup")(backup_cmd)
cli.command("restore")(restore_cmd)


def alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return config


def migrate_fresh(url: str) -> None:
    """Migrate the database at `url` to the latest revision and load the IBGE reference
    (test templates and benchmarks start from this)."""
    from app.municipalities.reference import load_reference

    config = alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
    engine = make_engine(url)
    with Session(engine) as session:
        load_reference(session)
    engine.dispose()


def _fail(message: str) -> None:
    typer.secho(f"erro: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


def _app_error(exc: AppError) -> None:
    details = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors)
    _fail(f"{exc.message}{' (' + details + ')' if details else ''}")


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    settings = get_settings()
    if settings.is_sqlite:
        database = Path(settings.database_url.removeprefix("sqlite:///"))
        private_dir(database.parent)
    command.upgrade(alembic_config(), "head")
    ids.move_past(settings.database_url)  # a restored older schema gets its sequences now
    typer.echo("migrações aplicadas")


@cli.command("check-data")
def check_data() -> None:
    """Validate the data folders (templates, taxonomies, curation criteria)."""
    try:
        catalog = get_catalog()
    except CatalogError as exc:
        _fail(str(exc))
        return
    typer.echo(f"{len(catalog.templates)} modelos, {len(catalog.criteria)} critérios: ok")


@orgs_cli.command("create")
def orgs_create(
    name: str = typer.Option(..., "--name"),
    type: str = typer.Option(..., "--type", help="slug from taxonomies: organisation_types"),
    uf: str | None = typer.Option(None, "--uf"),
) -> None:
    """Create an organisation."""
    with new_session() as session:
        try:
            data = OrganisationCreate(name=name, type=type, uf=uf)
            org = accounts.create_organisation(session, data)
        except AppError as exc:
            _app_error(exc)
            return
        typer.echo(f"organização {org.id}: {org.name}")


@users_cli.command("create")
def users_create(
    email: str = typer.Option(..., "--email"),
    role: Role = typer.Option(..., "--role"),
    name: str | None = typer.Option(None, "--name"),
    org: str | None = typer.Option(None, "--org", help="organisation name (contributors)"),
    scope: str | None = typer.Option(None, "--scope", help="UF or IBGE code (gov_editor)"),
) -> None:
    """Create a user. The password comes from stdin, or is generated and printed once."""
    password = None if sys.stdin.isatty() else sys.stdin.readline().strip()
    generated = not password
    password = password or generate_password()
    with new_session() as session:
        try:
            data = UserCreate(
                email=email,
                name=name or email.split("@")[0],
                password=password,
                role=role,
                organisation=org,
                scope=scope,
            )
            user = accounts.create_user(session, data)
        except AppError as exc:
            _app_error(exc)
            return
        except ValueError as exc:
            _fail(str(exc))
            return
    typer.echo(f"usuário {user.id}: {user.email} ({user.role.value})")
    if generated:
        typer.echo(f"senha (mostrada só agora): {password}")


@municipalities_cli.command("load")
def municipalities_load() -> None:
    """Load or refresh the IBGE reference (idempotent)."""
    from app.municipalities.reference import load_reference

    with new_session() as session:
        states, municipalities = load_reference(session)
    typer.echo(f"{states} UFs e {municipalities} municípios carregados")


@demo_cli.command("load")
def demo_load() -> None:
    """Create demo accounts and practices through the real service functions (dev only)."""
    from app.demo.loader import load_demo

    if get_settings().env != "dev":
        _fail("demo data only exists with PARTILHA_ENV=dev")
    with new_session() as session:
        summary = load_demo(session)
    typer.echo(summary)


@demo_cli.command("accounts")
def demo_accounts_cmd() -> None:
    """Print the demo logins (e-mail, password, role)."""
    from app.demo.loader import demo_accounts

    for account in demo_accounts():
        typer.echo(f"{account['email']:<36} {account['password']:<22} {account['role']}")


def main() -> None:
    try:
        settings = get_settings()
        logs.configure(settings.effective_log_format, settings.log_level)
    except ValueError:
        logs.configure()  # invalid settings: the command that reads them reports the problem
    assemble()
    cli()

"""Back up and restore the configured database (SQLite or PostgreSQL) as one checked file."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError

from app.backup import archive, ids, postgres, sqlite
from app.backup.archive import BackupInvalid, Manifest
from app.backup.models import Snapshot, Target
from app.config import PROJECT_ROOT, Settings
from app.files import private_dir

BACKUP_DIR = PROJECT_ROOT / ".data" / "backups"
DATA_FILES = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """The backup or restore could not run; the message says why (nothing was overwritten)."""


def _backend(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgresql"


def default_path(settings: Settings, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return BACKUP_DIR / f"partilha-{_backend(settings)}-{stamp}.tar"


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(PROJECT_ROOT / "migrations"))


def code_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def schema_is_current(revision: str) -> bool:
    """True when the code's head; False when older (migrate after restoring). A revision the
    code does not know comes from a newer Partilha: refused, the code would not read it."""
    head = code_revision()
    if revision == head:
        return True
    try:
        known = _scripts().get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupError(
            f"the backup has schema revision {revision}, which this code does not know (its "
            f"newest is {head}): it comes from a newer Partilha; upgrade the code first"
        )
    return False


def create_backup(settings: Settings, path: Path | None = None) -> tuple[Path, Manifest]:
    """Copy the database (consistent while the app writes) into one archive with a manifest."""
    backend = _backend(settings)
    path = (path or default_path(settings)).resolve()
    if path.is_dir():
        path = path / default_path(settings).name
    private_dir(path.parent)
    with archive.scratch_dir(path.parent) as scratch:
        data = Path(scratch) / DATA_FILES[backend]
        try:
            if backend == "sqlite":
                source = sqlite.db_path(settings.database_url)
                snap = sqlite.dump(source, data)
                described = str(source)
            else:
                snap = postgres.dump(settings.database_url, data)
                described = postgres.describe_url(settings.database_url)
        except (sqlite.SqliteBackupError, postgres.PostgresBackupError) as exc:
            raise BackupError(str(exc)) from exc
        if snap.revision is None:
            raise BackupError(f"{described} has no Partilha schema: run `partilha db upgrade`")
        manifest = Manifest(
            backend=backend,
            alembic_revision=snap.revision,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            source=described,
            tool=snap.tool,
            server_version=snap.server_version,
            data_file=DATA_FILES[backend],
            size=data.stat().st_size,
            sha256=archive.sha256_of(data),
            tables=snap.tables,
        )
        archive.write(path, manifest, data)
    ids.remember(settings.database_url)  # what a restore of this backup must not issue again
    return path, manifest


@dataclass(frozen=True)
class Inspection:
    manifest: Manifest
    current_schema: bool  # False: `partilha db upgrade` after restoring
    target: Target


def _target(settings: Settings) -> Target:
    try:
        if settings.is_sqlite:
            return sqlite.describe(sqlite.db_path(settings.database_url))
        return postgres.describe(settings.database_url)
    except (sqlite.SqliteBackupError, postgres.PostgresBackupError) as exc:
        raise BackupError(str(exc)) from exc


def inspect_backup(settings: Settings, path: Path) -> Inspection:
    """Read and check the manifest against this code and the configured database."""
    manifest = archive.read_manifest(path)
    if manifest.backend != _backend(settings):
        raise BackupError(
            f"{path} is a {manifest.backend} backup but the configured database is "
            f"{_backend(settings)}: restore it into a {manifest.backend} database"
        )
    current = schema_is_current(manifest.alembic_revision)
    return Inspection(manifest, current, _target(settings))


def _check_data(manifest: Manifest, data: Path) -> None:
    """The database inside says what its manifest says."""
    if manifest.backend == "sqlite":
        snap: Snapshot = sqlite.check(data)
        revision, tables = snap.revision, snap.tables
    else:
        revision, tables = postgres.check(data), manifest.tables
    if revision != manifest.alembic_revision or tables != manifest.tables:
        raise BackupInvalid(
            f"the database inside the backup does not match its manifest (revision {revision}, "
            f"manifest {manifest.alembic_revision})"
        )


def verify_backup(settings: Settings, path: Path) -> Inspection:
    """Everything restore checks (manifest, sha256, the database inside), changing nothing."""
    return _restore(settings, path, write=False)


def restore_backup(settings: Settings, path: Path) -> Inspection:
    """Replace the configured database's content with the backup's, after checking it whole."""
    return _restore(settings, path, write=True)


def _restore(settings: Settings, path: Path, write: bool) -> Inspection:
    inspection = inspect_backup(settings, path)
    manifest = inspection.manifest
    with archive.scratch_dir(path.resolve().parent) as scratch:
        data = archive.extract(path, manifest, Path(scratch))
        try:
            _check_data(manifest, data)
            if write:
                # The database about to be replaced holds the newest ids: kept outside it first.
                marks = ids.remember(settings.database_url)
            if write and manifest.backend == "sqlite":
                sqlite.restore(data, sqlite.db_path(settings.database_url))
            elif write:
                postgres.restore(data, settings.database_url)
        except (sqlite.SqliteBackupError, postgres.PostgresBackupError) as exc:
            raise BackupError(str(exc)) from exc
    if write:
        ids.move_past(settings.database_url, marks)  # ids issued since the backup stay used
        ids.restart_transactions(settings.database_url)
    return inspection

"""The files that hold people's data are created readable by the app's account only: the
SQLite database (and its -wal/-shm), its folder, backups and the uploads kept for
confirmation, whatever the umask says."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.config import Settings
from app.db import make_engine
from app.files import private_dir


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual umask: new files 0644, folders 0755
    yield
    os.umask(previous)


class TestPrivateFiles:
    def test_database_and_backups(self, tmp_path: Path, open_umask: None) -> None:
        from app.backup.service import create_backup, restore_backup

        database = tmp_path / "data" / "nested" / "partilha.db"
        # `partilha db upgrade` makes the folder (the engine never does: a missing folder is an
        # outage, tests/hardening/test_database_down.py); the engine makes the file private.
        private_dir(database.parent)
        engine = make_engine(f"sqlite:///{database}")
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE alembic_version (version_num TEXT)"))
            conn.execute(sa.text("INSERT INTO alembic_version VALUES ('0001')"))
        with engine.connect() as conn:  # WAL mode: the -wal and -shm files exist now
            conn.execute(sa.text("SELECT 1"))
            assert mode(database) == 0o600
            assert mode(Path(f"{database}-wal")) == 0o600
            assert mode(Path(f"{database}-shm")) == 0o600
        engine.dispose()
        assert mode(database.parent) == 0o700 and mode(database.parent.parent) == 0o700

        settings = Settings(database_url=f"sqlite:///{database}")
        backup, _ = create_backup(settings, tmp_path / "backups" / "b.tar")
        assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
        elsewhere = tmp_path / "restored" / "partilha.db"
        settings = Settings(database_url=f"sqlite:///{elsewhere}")
        restore_backup(settings, backup)
        assert mode(elsewhere) == 0o600 and mode(elsewhere.parent) == 0o700

    def test_uploads_kept_for_confirmation(
        self, tmp_path: Path, open_umask: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from app.accounts.models import User
        from app.web.govern import capacity_import

        monkeypatch.setattr(capacity_import, "UPLOADS", tmp_path / "partilha-imports")
        user = User(id=7, email="a@example.org", name="A", password_hash="x")
        token = capacity_import._stash(user, b"ibge_code\n")
        stashed = tmp_path / "partilha-imports" / f"{token}.csv"
        assert mode(stashed) == 0o600 and mode(stashed.parent) == 0o700

"""The backup file: one tar holding `manifest.json` (first, so it is read without scanning the
data) and the database (`database.sqlite`, or `database.pgdump` from `pg_dump --format=custom`).

One file means the manifest never gets separated from the data it describes; the manifest's
sha256 covers the database member, so corruption is found before anything is overwritten."""

import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from pathlib import Path
from typing import IO, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from app.files import private_dir

FORMAT: Literal["partilha-backup"] = "partilha-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20

Backend = Literal["sqlite", "postgresql"]


class BackupInvalid(Exception):
    """The file is not a Partilha backup, or it is damaged: nothing was changed."""


class Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    format: Literal["partilha-backup"] = FORMAT
    format_version: int = FORMAT_VERSION
    backend: Backend
    alembic_revision: str
    created_at: str  # ISO 8601, UTC
    source: str  # the database it was taken from (path or host/name, never a password)
    tool: str  # sqlite version, or pg_dump's version line
    server_version: str | None = None  # PostgreSQL server major.minor
    data_file: str
    size: int
    sha256: str
    tables: dict[str, int]  # rows per table, counted in the same snapshot as the data

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write(path: Path, manifest: Manifest, data: Path) -> None:
    """Write the archive next to `path` and rename it into place: never a half-written backup."""
    private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=".partilha-backup-", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
            raw = manifest.model_dump_json(indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(raw), 0o600, int(time.time())
            tar.addfile(info, io.BytesIO(raw))
            info = tar.gettarinfo(str(data), arcname=manifest.data_file)
            info.uname = info.gname = ""
            with data.open("rb") as f:
                tar.addfile(info, f)
        with tmp.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupInvalid(f"{path}: no such file")
    try:
        return tarfile.open(path, "r:")
    except tarfile.TarError as exc:
        raise BackupInvalid(
            f"{path} is not a Partilha backup (not a backup archive: {exc})"
        ) from exc


def _member(tar: tarfile.TarFile, path: Path, name: str) -> IO[bytes]:
    try:
        member = tar.getmember(name)
    except KeyError as exc:
        raise BackupInvalid(f"{path} is not a Partilha backup (no {name} inside)") from exc
    stream = tar.extractfile(member) if member.isfile() else None
    if stream is None:
        raise BackupInvalid(f"{path} is not a Partilha backup ({name} is not a file)")
    return stream


def read_manifest(path: Path) -> Manifest:
    """The manifest, validated; raises BackupInvalid naming the problem."""
    try:
        with _open(path) as tar:
            raw = _member(tar, path, MANIFEST).read(1 << 20)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupInvalid(f"{path} is damaged: {exc}") from exc
    try:
        data = Manifest.model_validate_json(raw)
    except ValidationError as exc:
        format_version = _format_version(raw)
        if format_version is not None and format_version > FORMAT_VERSION:
            raise BackupInvalid(
                f"{path} was written by a newer Partilha (backup format {format_version}, "
                f"this version reads up to {FORMAT_VERSION}): upgrade the code first"
            ) from exc
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'manifest'}: {e['msg']}" for e in exc.errors()
        )
        raise BackupInvalid(f"{path} is not a Partilha backup (manifest: {problems})") from exc
    if data.format_version > FORMAT_VERSION:
        raise BackupInvalid(
            f"{path} was written by a newer Partilha (backup format {data.format_version}, "
            f"this version reads up to {FORMAT_VERSION}): upgrade the code first"
        )
    return data


def _format_version(raw: bytes) -> int | None:
    try:
        value = json.loads(raw).get("format_version")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def extract(path: Path, manifest: Manifest, into: Path) -> Path:
    """Copy the database out of the archive into `into`, checking its size and sha256."""
    target = into / Path(manifest.data_file).name  # never a path taken from the archive
    digest = hashlib.sha256()
    try:
        with _open(path) as tar, target.open("wb") as out:
            stream = _member(tar, path, manifest.data_file)
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupInvalid(f"{path} is damaged: {exc}") from exc
    if digest.hexdigest() != manifest.sha256 or target.stat().st_size != manifest.size:
        raise BackupInvalid(
            f"{path} is damaged: the database inside does not match its manifest "
            f"(sha256 {digest.hexdigest()[:16]}…, expected {manifest.sha256[:16]}…)"
        )
    return target


def scratch_dir(near: Path) -> tempfile.TemporaryDirectory[str]:
    """A temporary directory on the same file system as `near` when it is writable (large
    databases may not fit in /tmp), otherwise the system's."""
    parent = near if near.is_dir() and os.access(near, os.W_OK) else None
    return tempfile.TemporaryDirectory(prefix=".partilha-backup-", dir=parent)

"""Offline bundle of one UF: a single SQLite file an offline-first app (e.g. OKA) can ship.

Tables `practices` (the UF's and national ones), `municipalities` (the UF's, with their latest
capacity), `capacity_reports` (their history), `policies` (federal, the UF's and its
municipalities'), with the export columns (lists and objects as JSON text, booleans 0/1), and
`manifest` (key, JSON value): format, version, uf, generated_at, source, license, counts,
sha256 and how it is computed (CHECKSUM below), so the app can verify what it received."""

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlmodel import Session

from app.config import get_settings
from app.db import new_read_session, utcnow
from app.errors import InvalidInput
from app.municipalities import repository as municipalities
from app.opendata.columns import COLUMNS, Column, Dataset
from app.opendata.models import BundleManifest, Filters
from app.opendata.service import rows_of

MEDIA_TYPE = "application/vnd.sqlite3"
TABLES: tuple[tuple[str, Dataset, str], ...] = (
    ("practices", Dataset.practices, "id"),
    ("municipalities", Dataset.municipalities, "ibge_code"),
    ("capacity_reports", Dataset.capacity_history, "report_id"),
    ("policies", Dataset.policies, "id"),
)
INDEXES = (
    "CREATE INDEX ix_capacity_reports_ibge_code ON capacity_reports (ibge_code, as_of)",
    "CREATE INDEX ix_policies_level ON policies (level, uf)",
)
CHECKSUM = (
    "sha256 over, for each table in the order practices, municipalities, capacity_reports, "
    "policies: the line '<table>\\n', then one line per row in primary-key order: the JSON array "
    "of the row's stored values (compact separators, UTF-8, non-ASCII unescaped) and '\\n'"
)
SQL_TYPES = {"int": "INTEGER", "float": "REAL", "bool": "INTEGER"}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _stored(value: Any, column: Column) -> Any:
    if value is None:
        return None
    if column.kind in ("list", "object"):
        return _json(value)
    if column.kind == "bool":
        return int(value)
    return value


def _create(db: sqlite3.Connection, table: str, dataset: Dataset, key: str) -> None:
    columns = ", ".join(
        f'"{c.name}" {SQL_TYPES.get(c.kind, "TEXT")}{" PRIMARY KEY" if c.name == key else ""}'
        for c in COLUMNS[dataset]
    )
    db.execute(f'CREATE TABLE "{table}" ({columns})')


def _fill(
    db: sqlite3.Connection, table: str, dataset: Dataset, rows: Iterable[dict[str, Any]]
) -> int:
    columns = COLUMNS[dataset]
    insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(columns))})'
    batch: list[tuple[Any, ...]] = []
    count = 0
    for row in rows:
        batch.append(tuple(_stored(row[c.name], c) for c in columns))
        if len(batch) >= 500:
            db.executemany(insert, batch)
            count, batch = count + len(batch), []
    db.executemany(insert, batch)
    return count + len(batch)


def checksum(db: sqlite3.Connection) -> str:
    """The bundle's data checksum (see CHECKSUM); an app recomputes it the same way."""
    digest = hashlib.sha256()
    for table, _dataset, key in TABLES:
        digest.update(f"{table}\n".encode())
        for row in db.execute(f'SELECT * FROM "{table}" ORDER BY "{key}"'):
            digest.update((_json(list(row)) + "\n").encode())
    return digest.hexdigest()


def _check_uf(session: Session, uf: str) -> str:
    uf = uf.strip().upper()
    if uf not in municipalities.all_ufs(session):
        raise InvalidInput.field(["query", "uf"], f"unknown UF {uf!r}", "unknown_value")
    return uf


def build_bundle(session: Session, uf: str, path: Path) -> BundleManifest:
    """Write the offline bundle of a UF to `path` (replaced if it exists)."""
    uf = _check_uf(session, uf)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        counts = {}
        for table, dataset, key in TABLES:
            _create(db, table, dataset, key)
            national = dataset in (Dataset.practices, Dataset.policies)
            filters = Filters(uf=[uf], include_national=national)
            counts[table] = _fill(db, table, dataset, rows_of(session, dataset, filters))
        for statement in INDEXES:
            db.execute(statement)
        settings = get_settings()
        manifest = BundleManifest(
            uf=uf,
            generated_at=utcnow(),
            source=settings.public_base_url,
            license=settings.open_data_license,
            counts=counts,
            sha256=checksum(db),
            checksum=CHECKSUM,
        )
        db.execute("CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany(
            "INSERT INTO manifest VALUES (?, ?)",
            [(k, _json(v)) for k, v in manifest.model_dump(mode="json").items()],
        )
        db.commit()
    finally:
        db.close()
    return manifest


def bundle_to_temp(session: Session, uf: str) -> tuple[Path, BundleManifest]:
    """Build the bundle in a temporary file; the caller deletes it once sent."""
    uf = _check_uf(session, uf)
    session.rollback()  # the build reads in its own read-only session (no write lock on SQLite)
    handle, name = tempfile.mkstemp(prefix=f"partilha-{uf}-", suffix=".sqlite")
    os.close(handle)
    path = Path(name)
    try:
        with new_read_session() as reader:
            return path, build_bundle(reader, uf, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise

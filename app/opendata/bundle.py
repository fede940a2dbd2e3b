"""Offline bundle of one UF: a single SQLite file an offline-first app (e.g. OKA) can ship.

One table per dataset that declares a bundle table (app/*/export.py), in registration order:
today `practices` (the UF's and national ones), `municipalities` (the UF's, with their latest
capacity), `capacity_reports` (their history), `policies` (federal, the UF's and its
municipalities'), with the export columns (lists and objects as JSON text, booleans 0/1), and
`manifest` (key, JSON value): format, version, uf, generated_at, source, license, counts,
sha256 and how it is computed (checksum_rule()), so the app can verify what it received."""

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlmodel import Session

from app.accounts.places import places
from app.config import get_settings
from app.db import new_read_session, utcnow
from app.errors import InvalidInput
from app.opendata import datasets
from app.opendata.columns import Column
from app.opendata.datasets import BundleSpec, DatasetSpec
from app.opendata.models import BundleManifest, Filters

MEDIA_TYPE = "application/vnd.sqlite3"
SQL_TYPES = {"int": "INTEGER", "float": "REAL", "bool": "INTEGER"}


def tables() -> list[tuple[DatasetSpec, BundleSpec]]:
    """The bundle's tables, in the order the checksum reads them."""
    return [(spec, spec.bundle) for spec in datasets.registered() if spec.bundle]


def checksum_rule() -> str:
    order = ", ".join(bundle.table for _spec, bundle in tables())
    return (
        f"sha256 over, for each table in the order {order}: the line '<table>\\n', then one "
        "line per row in primary-key order: the JSON array of the row's stored values (compact "
        "separators, UTF-8, non-ASCII unescaped) and '\\n'"
    )


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


def _create(db: sqlite3.Connection, dataset: DatasetSpec, bundle: BundleSpec) -> None:
    columns = ", ".join(
        f'"{c.name}" {SQL_TYPES.get(c.kind, "TEXT")}'
        + (" PRIMARY KEY" if c.name == bundle.key else "")
        for c in dataset.columns
    )
    db.execute(f'CREATE TABLE "{bundle.table}" ({columns})')


def _fill(
    db: sqlite3.Connection, table: str, columns: tuple[Column, ...], rows: Iterable[dict[str, Any]]
) -> int:
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
    """The bundle's data checksum (see checksum_rule()); an app recomputes it the same way."""
    digest = hashlib.sha256()
    for _dataset, bundle in tables():
        digest.update(f"{bundle.table}\n".encode())
        for row in db.execute(f'SELECT * FROM "{bundle.table}" ORDER BY "{bundle.key}"'):
            digest.update((_json(list(row)) + "\n").encode())
    return digest.hexdigest()


def _check_uf(session: Session, uf: str) -> str:
    uf = uf.strip().upper()
    if uf not in places().all_ufs(session):
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
        for dataset, bundle in tables():
            _create(db, dataset, bundle)
            filters = Filters(uf=[uf], include_national=bundle.national)
            rows = dataset.rows(session, filters)
            counts[bundle.table] = _fill(db, bundle.table, dataset.columns, rows)
            for statement in bundle.indexes:
                db.execute(statement)
        settings = get_settings()
        manifest = BundleManifest(
            uf=uf,
            generated_at=utcnow(),
            source=settings.public_base_url,
            license=settings.open_data_license,
            counts=counts,
            sha256=checksum(db),
            checksum=checksum_rule(),
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

"""Loads the IBGE reference shipped in data/ (MIT, see data/SOURCE.md) into the database."""

import csv
from pathlib import Path

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from app.municipalities.models import Municipality, State

DATA_DIR = Path(__file__).parent / "data"


def read_states() -> list[dict[str, object]]:
    with (DATA_DIR / "estados.csv").open(encoding="utf-8") as fh:
        return [
            {
                "uf": r["uf"],
                "ibge_code": int(r["codigo_uf"]),
                "name": r["nome"],
                "region": r["regiao"],
                "latitude": float(r["latitude"]),
                "longitude": float(r["longitude"]),
            }
            for r in csv.DictReader(fh)
        ]


def read_municipalities(uf_by_code: dict[int, str]) -> list[dict[str, object]]:
    with (DATA_DIR / "municipios.csv").open(encoding="utf-8") as fh:
        return [
            {
                "ibge_code": int(r["codigo_ibge"]),
                "name": r["nome"],
                "uf": uf_by_code[int(r["codigo_uf"])],
                "latitude": float(r["latitude"]),
                "longitude": float(r["longitude"]),
                "is_capital": r["capital"] == "1",
            }
            for r in csv.DictReader(fh)
        ]


def _upsert(session: Session, model: type, rows: list[dict[str, object]], key: str) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__  # type: ignore[attr-defined]
    for start in range(0, len(rows), 1000):
        stmt = insert(table).values(rows[start : start + 1000])
        update = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
        session.execute(stmt.on_conflict_do_update(index_elements=[key], set_=update))


def load_reference(session: Session) -> tuple[int, int]:
    """Insert or refresh every UF and municipality; idempotent. Returns the counts."""
    states = read_states()
    uf_by_code = {int(s["ibge_code"]): str(s["uf"]) for s in states}  # type: ignore[call-overload]
    municipalities = read_municipalities(uf_by_code)
    _upsert(session, State, states, "uf")
    _upsert(session, Municipality, municipalities, "ibge_code")
    session.commit()
    return len(states), len(municipalities)

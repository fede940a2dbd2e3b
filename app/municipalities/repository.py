"""Queries over the IBGE reference."""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.municipalities.models import Municipality, State


def existing_codes(session: Session, codes: Iterable[int]) -> set[int]:
    codes = set(codes)
    if not codes:
        return set()
    rows = session.exec(select(Municipality.ibge_code).where(col(Municipality.ibge_code).in_(codes)))
    return set(rows)


def get_many(session: Session, codes: Iterable[int]) -> list[Municipality]:
    codes = list(codes)
    if not codes:
        return []
    rows = session.exec(select(Municipality).where(col(Municipality.ibge_code).in_(codes))).all()
    by_code = {m.ibge_code: m for m in rows}
    return [by_code[c] for c in codes if c in by_code]


def all_ufs(session: Session) -> set[str]:
    return set(session.exec(select(State.uf)))


def get_state(session: Session, uf: str) -> State | None:
    return session.get(State, uf)


def count_municipalities(session: Session) -> int:
    return len(session.exec(select(Municipality.ibge_code)).all())

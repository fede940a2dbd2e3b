"""Queries the search documents read about places: municipalities and states by key, and
keyset pages of municipality codes for full loads of the autocomplete index."""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.municipalities.models import Municipality, State


def municipalities(session: Session, codes: Iterable[int]) -> dict[int, Municipality]:
    codes = list(set(codes))
    if not codes:
        return {}
    rows = session.exec(select(Municipality).where(col(Municipality.ibge_code).in_(codes)))
    return {m.ibge_code: m for m in rows}


def states(session: Session) -> dict[str, State]:
    return {s.uf: s for s in session.exec(select(State))}


def municipality_codes(session: Session, after: int, limit: int) -> list[int]:
    rows = session.exec(
        select(Municipality.ibge_code)
        .where(col(Municipality.ibge_code) > after)
        .order_by(col(Municipality.ibge_code))
        .limit(limit)
    )
    return list(rows)

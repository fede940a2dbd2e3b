"""Queries of needs and their offers."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.accounts.models import Organisation
from app.needs.models import Need, NeedOffer, NeedState, NeedStatus


def get_need(session: Session, need_id: int) -> Need | None:
    return session.get(Need, need_id)


def list_needs(
    session: Session,
    *,
    uf: str | None,
    ibge_code: int | None,
    theme: str | None,
    status: NeedStatus | None,
    today: date,
    limit: int,
    offset: int,
) -> tuple[list[Need], int]:
    """The board: the nearest date first. Themes are a JSON list, filtered in Python after the
    SQL filters (a need has a handful of themes; the board is small)."""
    query = select(Need)
    if uf:
        query = query.where(Need.uf == uf)
    if ibge_code:
        query = query.where(Need.ibge_code == ibge_code)
    if status == NeedStatus.met:
        query = query.where(Need.state == NeedState.met)
    elif status == NeedStatus.open:
        query = query.where(Need.state == NeedState.open, col(Need.until) >= today)
    elif status == NeedStatus.expired:
        query = query.where(Need.state == NeedState.open, col(Need.until) < today)
    rows = list(session.exec(query.order_by(col(Need.until), col(Need.id))))
    if theme:
        rows = [need for need in rows if theme in need.themes]
    return rows[offset : offset + limit], len(rows)


def offer_counts(session: Session, need_ids: Sequence[int]) -> dict[int, int]:
    if not need_ids:
        return {}
    query = (
        select(NeedOffer.need_id, func.count())
        .where(col(NeedOffer.need_id).in_(need_ids))
        .group_by(col(NeedOffer.need_id))
    )
    return {need_id: count for need_id, count in session.exec(query)}


def offers_of(session: Session, need_id: int) -> list[tuple[NeedOffer, str]]:
    """The need's offers with the offering organisation's name, oldest first."""
    query = (
        select(NeedOffer, Organisation.name)
        .join(Organisation, col(Organisation.id) == NeedOffer.organisation_id)
        .where(NeedOffer.need_id == need_id)
        .order_by(col(NeedOffer.created_at), col(NeedOffer.id))
    )
    return [(offer, name) for offer, name in session.exec(query)]


def open_needs_in(session: Session, ibge_code: int, today: date) -> list[Need]:
    query = select(Need).where(
        Need.ibge_code == ibge_code, Need.state == NeedState.open, col(Need.until) >= today
    )
    return list(session.exec(query.order_by(col(Need.until), col(Need.id))))


def open_needs_by_uf(session: Session, today: date) -> dict[str, int]:
    query = (
        select(Need.uf, func.count())
        .where(Need.state == NeedState.open, col(Need.until) >= today)
        .group_by(col(Need.uf))
    )
    return {uf: count for uf, count in session.exec(query)}


def offered_by(session: Session, organisation_id: int, limit: int) -> list[tuple[NeedOffer, Need]]:
    """An organisation's offers with their needs, newest first."""
    query = (
        select(NeedOffer, Need)
        .join(Need, col(Need.id) == NeedOffer.need_id)
        .where(NeedOffer.organisation_id == organisation_id)
        .order_by(col(NeedOffer.created_at).desc(), col(NeedOffer.id).desc())
    )
    return [(offer, need) for offer, need in session.exec(query.limit(limit))]

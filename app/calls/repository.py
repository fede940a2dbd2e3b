"""Queries of calls."""

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.calls.models import Call, CallStatus


def get_call(session: Session, call_id: int) -> Call | None:
    return session.get(Call, call_id)


def list_calls(
    session: Session, status: CallStatus | None, today: date, limit: int, offset: int
) -> tuple[list[Call], int]:
    """Calls in this status today: open and upcoming by nearest date, closed newest first."""
    query = select(Call)
    if status == CallStatus.upcoming:
        query = query.where(col(Call.opens_on) > today).order_by(col(Call.opens_on), col(Call.id))
    elif status == CallStatus.open:
        query = query.where(col(Call.opens_on) <= today, col(Call.closes_on) >= today)
        query = query.order_by(col(Call.closes_on), col(Call.id))
    elif status == CallStatus.closed:
        query = query.where(col(Call.closes_on) < today)
        query = query.order_by(col(Call.closes_on).desc(), col(Call.id).desc())
    else:
        query = query.order_by(col(Call.opens_on).desc(), col(Call.id).desc())
    total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    return list(session.exec(query.limit(limit).offset(offset))), total

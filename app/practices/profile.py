"""The practices section of a municipality's profile (app/assembly.py registers it)."""

from sqlmodel import Session

from app.municipalities.models import PracticeBrief
from app.practices import repository as repo


def published_in(session: Session, ibge_code: int, limit: int) -> tuple[list[PracticeBrief], int]:
    """The newest published practices naming the municipality, and how many there are."""
    rows, total = repo.published_practices_in(session, ibge_code, limit)
    briefs = [
        PracticeBrief(
            id=p.id or 0,
            title=r.content.get("title", ""),
            summary=r.content.get("summary", ""),
            themes=r.content.get("themes", []),
            published_at=p.published_at,
        )
        for p, r in rows
    ]
    return briefs, total


def counts_by_municipality(session: Session) -> dict[int, int]:
    """How many published practices name each municipality."""
    return repo.practice_counts_by_municipality(session)

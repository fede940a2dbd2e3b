"""The practices section of a municipality's profile (app/assembly.py registers it)."""

from dataclasses import dataclass

from sqlmodel import Session

from app.core.text import count_listed
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


def counts_by_uf(session: Session) -> dict[str, int]:
    """How many published practices take place in each UF (by a municipality or the UF)."""
    return count_listed(repo.published_ufs_keys(session))


@dataclass(frozen=True)
class ThemedPractice:
    """A published practice as the suggestions for a municipality's needs weigh it."""

    id: int
    title: str
    themes: list[str]
    evidence_level: str
    municipalities: list[int]


def published_on_themes(session: Session, themes: list[str], limit: int) -> list[ThemedPractice]:
    """Published practices on any of these themes (the suggestions' candidates)."""
    return [
        ThemedPractice(
            id=p.id or 0,
            title=r.content.get("title", ""),
            themes=list(r.content.get("themes", [])),
            evidence_level=str(r.content.get("evidence_level", "")),
            municipalities=[int(c) for c in r.content.get("municipalities", [])],
        )
        for p, r in repo.published_on_themes(session, themes, limit)
    ]

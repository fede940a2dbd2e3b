"""What other domains add to a practice, handed in at assembly (app/assembly.py): the
replications domain, which builds on practices, tells how often and where each practice was
replicated; the practice JSON, its page and its search document show it."""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session


@dataclass(frozen=True)
class ReplicatedPlace:
    ibge_code: int
    name: str
    uf: str


@dataclass(frozen=True)
class Replicated:
    """The published replications of one practice."""

    count: int = 0
    places: list[ReplicatedPlace] = field(default_factory=list)  # distinct, by name

    @property
    def ufs(self) -> list[str]:
        return sorted({place.uf for place in self.places})


NOT_REPLICATED = Replicated()
Summaries = Callable[[Session, list[int]], dict[int, Replicated]]

_summaries: Summaries | None = None


def register_replications(summaries: Summaries) -> None:
    global _summaries
    _summaries = summaries


def replications_of(session: Session, practice_ids: list[int]) -> dict[int, Replicated]:
    """Each practice's replications (absent: none, or no replications domain assembled)."""
    if _summaries is None or not practice_ids:
        return {}
    return _summaries(session, practice_ids)

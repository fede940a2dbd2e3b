"""What other domains add to a practice, handed in at assembly (app/assembly.py): the
replications domain, which builds on practices, tells how often and where each practice was
replicated; the practice JSON, its page and its search document show it."""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from app.core.slots import Slot


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

_summaries: Slot[Summaries] = Slot("replication summaries")
register_replications = _summaries.register


def replications_of(session: Session, practice_ids: list[int]) -> dict[int, Replicated]:
    """Each practice's replications (absent: none, or no replications domain assembled)."""
    summaries = _summaries.get_or_none()
    return summaries(session, practice_ids) if summaries and practice_ids else {}

"""Kept for the capacity pages until they call `app.web.places.choose` for a typed municipality."""

from dataclasses import dataclass, field

from sqlmodel import Session

from app.municipalities.models import MunicipalityRef
from app.web.places import choose


@dataclass
class SearchForm:
    near_code: int | None = None
    problem: str | None = None
    suggestions: list[MunicipalityRef] = field(default_factory=list)

    def resolve_near(self, session: Session, text: str) -> None:
        typed = choose(session, text)
        self.near_code, self.problem = typed.code, typed.problem
        self.suggestions = typed.suggestions

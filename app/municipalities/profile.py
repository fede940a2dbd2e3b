"""The sections of a municipality's profile that other domains own: the practices published
there (and how many name each municipality, for the nearest ones), the policies in force and
the practices replicated there, the organisations working there.

Practices and policies look municipalities up (IBGE codes, UFs, names), so this package never
imports them: app/assembly.py hands their sections over once and the profile calls them."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from app.core.slots import Slot
from app.municipalities.models import (
    OrganisationBrief,
    PolicyBrief,
    PracticeBrief,
    ReplicationBrief,
)


@dataclass(frozen=True)
class ProfileSections:
    # (session, ibge_code, limit): the newest published practices there, and how many there are
    practices_in: Callable[[Session, int, int], tuple[list[PracticeBrief], int]]
    # how many published practices name each municipality (IBGE code -> count)
    practice_counts: Callable[[Session], dict[int, int]]
    # (session, uf, ibge_code): the policies in force there (federal, the UF's, the place's)
    policies_in_force: Callable[[Session, str, int | None], list[PolicyBrief]]
    # (session, ibge_code, limit): the practices replicated there, newest first
    replicated_in: Callable[[Session, int, int], list[ReplicationBrief]] | None = None
    # (session, ibge_code): the organisations whose public profile names it, by name
    organisations_in: Callable[[Session, int], list[OrganisationBrief]] | None = None


_sections: Slot[ProfileSections] = Slot("municipality profile sections")
register = _sections.register
sections = _sections.get

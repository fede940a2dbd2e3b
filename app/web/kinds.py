"""What the pages know of each curated kind beyond the engine's declaration: where its pages
live (pt-BR paths). The page kits of each activity (public, contribute, curate) look a kind up
here instead of naming it."""

from dataclasses import dataclass
from typing import Any, Protocol

from app.curation.kinds import CuratedKind
from app.organisations.kind import ORGANISATION_PROFILE
from app.policies.kind import POLICY
from app.practices.kind import PRACTICE
from app.replications.kind import REPLICATION


# Protocols of what the page kits read of any kind's items. Members whose types the domains
# narrow (an enum for a status, their own revision model) are read-only properties, so that the
# domains' models match them.
class ItemRevision(Protocol):
    """A revision as the pages read it, whatever its kind."""

    id: int
    content: dict[str, Any]

    @property
    def status(self) -> str: ...


class CuratedItem(Protocol):
    """An item as its domain serves it to the pages: its published and its pending revision."""

    id: int

    @property
    def revision(self) -> ItemRevision: ...

    @property
    def pending_revision(self) -> ItemRevision | None: ...


@dataclass(frozen=True)
class PageKind:
    kind: CuratedKind
    path: str  # the pt-BR segment of its pages: /{path}/{id}, /curadoria/{path}/{id}

    @property
    def name(self) -> str:
        return self.kind.name

    def page(self, item_id: int) -> str:
        return f"/{self.path}/{item_id}"

    def review_page(self, item_id: int) -> str:
        return f"/curadoria/{self.path}/{item_id}"


PAGE_KINDS: dict[str, PageKind] = {
    k.name: k
    for k in (
        PageKind(PRACTICE, "praticas"),
        PageKind(POLICY, "politicas"),
        PageKind(REPLICATION, "replicacoes"),
        PageKind(ORGANISATION_PROFILE, "organizacoes"),  # its page is the organisation's
    )
}


def page_kind(name: str) -> PageKind:
    return PAGE_KINDS[name]

"""What other domains list on an organisation's page, handed in at assembly (app/assembly.py):
its published practices and replications today, the offers it made once needs exist. Each is
a Section; the API (GET /api/v1/organisations/{id}, `listed`) and the page show them in the
order they were registered."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from app.curation.kinds import CuratedKind
from app.organisations import repository as repo
from app.organisations.models import Listed

ItemsOf = Callable[[Session, int, int], list[Listed]]  # (session, organisation id, limit)


@dataclass(frozen=True)
class Section:
    key: str  # "practices", "replications", "offers": the key in `listed` and the page anchor
    labels: dict[str, str]  # its heading, per language (pt-BR, es, en, fr)
    items: ItemsOf


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add a section; registering the same key again replaces it."""
    _sections[section.key] = section


def sections() -> list[Section]:
    return list(_sections.values())


def sections_of(
    session: Session, organisation_id: int, limit: int
) -> list[tuple[str, list[Listed]]]:
    return [(s.key, s.items(session, organisation_id, limit)) for s in _sections.values()]


def curated_section(kind: CuratedKind, page: str) -> Section:
    """The section of a curated kind credited to organisations (an `organisation_id`
    column), keyed by its URL segment and headed by its plural label: its public items, newest
    first, titled by the kind and linked to its page, /`page`/{id}."""

    def items(session: Session, organisation_id: int, limit: int) -> list[Listed]:
        return [
            Listed(
                id=item.id,
                title=kind.title_of(revision.content),
                page=f"/{page}/{item.id}",
                published_at=item.published_at,
            )
            for item, revision in repo.published_of(session, kind, organisation_id, limit)
        ]

    return Section(kind.segment, kind.labels.plural, items)

"""Where the site's pages are, for the links in mail: the web layer knows its paths (pt-BR)
and hands them down at assembly (app/web/mail/links.py); mail makes them absolute."""

from collections.abc import Callable
from dataclasses import dataclass

from app.core.slots import Slot


@dataclass(frozen=True)
class Pages:
    item: Callable[[str, int], str | None]  # (kind name, id): its public page, if it has one
    edit: Callable[[str, int], str | None]  # its edit form
    review: Callable[[str, int], str | None]  # its review page (curators)
    capacity: Callable[[int], str]  # a municipality's capacity form (IBGE code)
    mine: str  # the author's items
    queue: str  # the curation queue
    account: str  # the account page (subscriptions)
    calls: str  # thematic calls; a call's page is f"{calls}/{id}"


PAGES: Slot[Pages] = Slot("mail page links")

"""The pages mail links to, handed down to app/notifications at assembly (its Pages slot)."""

from app.notifications.pages import Pages
from app.web.kinds import PAGE_KINDS


def _item(kind: str, item_id: int) -> str | None:
    page = PAGE_KINDS.get(kind)
    return page.page(item_id) if page else None


def _edit(kind: str, item_id: int) -> str | None:
    page = PAGE_KINDS.get(kind)
    return f"{page.page(item_id)}/editar" if page else None


def _review(kind: str, item_id: int) -> str | None:
    page = PAGE_KINDS.get(kind)
    return page.review_page(item_id) if page else None


PAGES = Pages(
    item=_item,
    edit=_edit,
    review=_review,
    capacity=lambda ibge_code: f"/gestao/capacidade/{ibge_code}",
    mine="/minhas-praticas",
    queue="/curadoria",
    account="/conta",
    calls="/chamadas",
)

"""The audit of private-data access: who outside the owning organisation was served a
practice's private contact, which fields (never the values), through which route, when.

The route comes from `RouteContextMiddleware`, so the services that serve the data need no
request object; outside a request (CLI, tests calling services) it reads "internal"."""

from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from sqlmodel import Session
from starlette.types import Receive, Scope, Send

from app.accounts.models import User
from app.core.asgi import HttpMiddleware
from app.practices.models import PrivateDataAccess

CONTACT_PARTS = ("name", "email", "phone")
_route: ContextVar[str] = ContextVar("partilha_route", default="internal")


class RouteContextMiddleware(HttpMiddleware):
    """Remembers "METHOD /path" of the request being served (no query string: it is not
    needed and could carry anything)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _route.set(f"{scope['method']} {scope['path']}"[:300])
        try:
            await self.app(scope, receive, send)
        finally:
            _route.reset(token)


def current_route() -> str:
    return _route.get()


def private_fields(content: dict[str, Any]) -> list[str]:
    """The private fields this revision content carries ([] when the contact is public)."""
    contact = content.get("contact") or {}
    if content.get("contact_public"):
        return []
    return [f"contact.{part}" for part in CONTACT_PARTS if contact.get(part)]


Served = tuple[int, int, list[str]]  # practice id, owning organisation id, fields


def record_reads(session: Session, actor: User, served: Iterable[Served]) -> None:
    """Write one audit row per practice whose private fields `actor` was just served.

    Called after the use case committed. The read transaction ends first, so on SQLite the
    insert opens a fresh one and waits for the write lock instead of failing on a stale
    snapshot. Refusing to serve when the audit cannot be written is deliberate."""
    rows = [
        PrivateDataAccess(
            actor_id=actor.id or 0,
            actor_role=actor.role.value,
            practice_id=practice_id,
            organisation_id=organisation_id,
            fields=fields,
            route=current_route(),
        )
        for practice_id, organisation_id, fields in served
        if fields
    ]
    if not rows:
        return
    session.commit()
    session.add_all(rows)
    session.commit()

"""`partilha curation ...`: the queue and decisions from a terminal (a decision taken at a
meeting, a backlog cleared by script), under the same rules as the API and the pages."""

import typer
from sqlmodel import Session

from app.accounts import repository as accounts
from app.accounts.models import User
from app.curation import decisions, queue, registry
from app.curation.models import DecisionCreate
from app.db import new_session
from app.errors import AppError

curation_cli = typer.Typer(no_args_is_help=True, help="Curadoria: fila e decisões.")

AS_OPTION = typer.Option(..., "--as", help="e-mail of the curator or admin acting")


def _fail(message: str) -> None:
    typer.secho(f"erro: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


def _actor(session: Session, email: str) -> User:
    user = accounts.get_user_by_email(session, email)
    if user is None or not user.is_active:
        _fail(f"no active user {email}")
    assert user is not None
    return user


@curation_cli.command("queue")
def queue_cmd(
    as_email: str = AS_OPTION,
    kind: str | None = typer.Option(None, help="a kind's name or segment (practices, ...)"),
    limit: int = typer.Option(50, min=1, max=500),
) -> None:
    """List the waiting items, oldest first; [reason] marks those you may not decide on."""
    with new_session() as session:
        actor = _actor(session, as_email)
        try:
            chosen = registry.find(kind) if kind else None
            page = queue.get_queue(session, actor, chosen, None, None, None, limit, 0)
        except AppError as exc:
            _fail(exc.message)
    for item in page.items:
        mark = f"  [{item.cannot_decide}]" if item.cannot_decide else ""
        typer.echo(
            f"{item.segment}/{item.subject_id}  rev {item.revision_id}  {item.status}  "
            f"{item.waiting_hours:.1f} h  {item.title}{mark}"
        )
    typer.echo(f"{page.total} waiting")


@curation_cli.command("claim")
def claim_cmd(kind: str, item_id: int, as_email: str = AS_OPTION) -> None:
    """Take a submitted item into review."""
    with new_session() as session:
        actor = _actor(session, as_email)
        try:
            event = decisions.claim(session, actor, registry.find(kind), item_id, None)
        except AppError as exc:
            _fail(exc.message)
    typer.echo(f"{event.action.value}: {event.from_status} -> {event.to_status}")


@curation_cli.command("decide")
def decide_cmd(
    kind: str,
    item_id: int,
    outcome: str = typer.Argument(..., help="approve, request_changes or reject"),
    as_email: str = AS_OPTION,
    revision_id: int = typer.Option(..., "--revision", help="the revision you judged"),
    reason: str | None = typer.Option(None, help="required to request changes or reject"),
    answer: list[str] = typer.Option([], "--answer", help="criterion=yes|no|na, repeated"),
) -> None:
    """Decide on an item's current revision, with the checklist answers."""
    checklist = dict(a.split("=", 1) for a in answer if "=" in a)
    with new_session() as session:
        actor = _actor(session, as_email)
        try:
            body = DecisionCreate.model_validate(
                {
                    "revision_id": revision_id,
                    "outcome": outcome,
                    "reason": reason,
                    "checklist": checklist,
                }
            )
            event = decisions.decide(session, actor, registry.find(kind), item_id, body)
        except AppError as exc:
            details = "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in exc.errors)
            _fail(f"{exc.message}{' (' + details + ')' if details else ''}")
        except ValueError as exc:  # the body itself (an unknown outcome or answer)
            _fail(str(exc).splitlines()[0])
    typer.echo(f"{event.action.value}: {event.from_status} -> {event.to_status}")

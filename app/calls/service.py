"""Use cases of thematic calls: curators and admins open and schedule them; anyone reads them;
a practice's answer is checked here (open call, inside its scope)."""

from datetime import UTC, date, datetime, timedelta, timezone

from pydantic import ValidationError
from sqlmodel import Session

from app.accounts.models import User, is_staff
from app.calls import answers
from app.calls import repository as repo
from app.calls.models import (
    AnswerBrief,
    Call,
    CallAnswers,
    CallCreate,
    CallList,
    CallPublic,
    CallStatus,
    CallUpdate,
)
from app.catalog.loader import get_catalog
from app.core.lookup import existing
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput
from app.municipalities import repository as municipalities

# Calls open and close on Brasília's calendar (UTC-3, no daylight saving since 2019).
BRASILIA = timezone(timedelta(hours=-3))
PUBLISHED_ANSWERS = 50


def today() -> date:
    return datetime.now(UTC).astimezone(BRASILIA).date()


def _err(field: str, message: str, kind: str = "value_error") -> dict[str, object]:
    return {"loc": ["body", field], "msg": message, "type": kind}


def _validate(session: Session, data: CallCreate, creating: bool) -> None:
    errors = []
    themes = get_catalog().taxonomies.slugs("themes")
    errors += [
        _err("themes", f"unknown theme {t!r}", "unknown_slug")
        for t in data.themes
        if t not in themes
    ]
    known_ufs = municipalities.all_ufs(session)
    errors += [
        _err("ufs", f"unknown UF {u!r}", "unknown_uf") for u in data.ufs if u not in known_ufs
    ]
    found = municipalities.existing_codes(session, data.municipalities)
    errors += [
        _err("municipalities", f"unknown IBGE code {c}", "unknown_ibge")
        for c in data.municipalities
        if c not in found
    ]
    if creating and data.closes_on < today():
        errors.append(_err("closes_on", f"the closing date {data.closes_on} has passed"))
    if errors:
        raise InvalidInput("the call has invalid fields", errors=errors)


def _require_staff(user: User) -> None:
    if not is_staff(user):
        raise Forbidden("only curators and admins open thematic calls")


NO_ANSWERS = CallAnswers(in_review=0, published=0)


def _public(call: Call, counted: CallAnswers | None, published: list[AnswerBrief]) -> CallPublic:
    return CallPublic(
        **call.model_dump(exclude={"created_by_id"}),
        status=call.status_on(today()),
        answers=counted or NO_ANSWERS,
        published_answers=published,
    )


def present(session: Session, call: Call, with_answers: bool = False) -> CallPublic:
    call_id = call.id or 0
    counted = answers.counts(session, [call_id]).get(call_id)
    published = answers.published(session, call_id, PUBLISHED_ANSWERS) if with_answers else []
    return _public(call, counted, published)


def create_call(session: Session, user: User, data: CallCreate) -> CallPublic:
    """Open or schedule a call (curators and admins)."""
    _require_staff(user)
    _validate(session, data, creating=True)
    call = Call(**data.model_dump(), created_by_id=user.id or 0)
    session.add(call)
    session.commit()
    return present(session, call)


def _call(session: Session, call_id: int) -> Call:
    return existing(repo.get_call(session, call_id), "call", call_id)


def update_call(session: Session, user: User, call_id: int, patch: CallUpdate) -> CallPublic:
    """Edit a call until it opens; after that its terms are what people answered to."""
    _require_staff(user)
    call = _call(session, call_id)
    if call.status_on(today()) != CallStatus.upcoming:
        raise Conflict(
            f"the call opened on {call.opens_on.isoformat()}: it can no longer be edited",
            opens_on=call.opens_on.isoformat(),
        )
    merged = {
        **call.model_dump(include=set(CallCreate.model_fields)),
        **patch.model_dump(exclude_unset=True),
    }
    try:
        data = CallCreate.model_validate(merged)
    except ValidationError as exc:
        raise InvalidInput.from_validation(exc) from exc
    _validate(session, data, creating=True)
    for key, value in data.model_dump().items():
        setattr(call, key, value)
    call.updated_at = utcnow()
    session.add(call)
    session.commit()
    return present(session, call)


def get_call(session: Session, call_id: int) -> CallPublic:
    return present(session, _call(session, call_id), with_answers=True)


def list_calls(session: Session, status: CallStatus | None, limit: int, offset: int) -> CallList:
    rows, total = repo.list_calls(session, status, today(), limit, offset)
    counted = answers.counts(session, [c.id or 0 for c in rows])  # one query for the page
    return CallList(items=[_public(c, counted.get(c.id or 0), []) for c in rows], total=total)


def check_answer(
    session: Session, call_id: int, ufs: list[str], codes: list[int], field: list[str | int]
) -> None:
    """A practice placed in these UFs and municipalities may answer this call now: the call
    exists (422), is open (409, with its dates) and the practice is inside its scope (422)."""
    call = repo.get_call(session, call_id)
    if call is None:
        raise InvalidInput.field(field, f"unknown call {call_id}", "unknown_call")
    status = call.status_on(today())
    if status != CallStatus.open:
        when = (
            f"it opens on {call.opens_on.isoformat()}"
            if status == CallStatus.upcoming
            else f"it closed on {call.closes_on.isoformat()}"
        )
        raise Conflict(
            f"call {call_id} is not open: {when} (open from {call.opens_on.isoformat()} to "
            f"{call.closes_on.isoformat()})",
            errors=[
                {
                    "loc": field,
                    "msg": f"the call is {status.value}: {when}",
                    "type": "call_not_open",
                }
            ],
        )
    if call.scope == "regional" and not (
        set(ufs) & set(call.ufs) or set(codes) & set(call.municipalities)
    ):
        places = ", ".join([*call.ufs, *map(str, call.municipalities)])
        raise InvalidInput.field(
            field, f"the practice is outside the call's scope ({places})", "outside_call_scope"
        )

"""Use cases of needs: a municipality's government posts and closes them, anyone reads the
board, organisations offer help (its owner is told by mail and sees every offer's contact;
the public sees only how many there are)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlmodel import Session

from app.accounts.models import Organisation, User
from app.catalog.loader import get_catalog
from app.core.lookup import existing
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput
from app.mail import service as mail
from app.municipalities import repository as municipalities
from app.municipalities.models import Municipality
from app.needs import access
from app.needs import repository as repo
from app.needs.models import (
    Need,
    NeedCreate,
    NeedList,
    NeedOffer,
    NeedPublic,
    NeedState,
    NeedStatus,
    NeedUpdate,
    OfferCreate,
    OfferPublic,
)

# A need stands until the end of its day on Brasília's calendar.
BRASILIA = ZoneInfo("America/Sao_Paulo")


def today() -> date:
    return datetime.now(BRASILIA).date()


def _check(data: NeedCreate, creating: bool) -> None:
    themes = get_catalog().taxonomies.slugs("themes")
    errors = [
        {"loc": ["body", "themes"], "msg": f"unknown theme {t!r}", "type": "unknown_slug"}
        for t in data.themes
        if t not in themes
    ]
    if creating and data.until < today():
        msg = f"the date {data.until.isoformat()} has passed"
        errors.append({"loc": ["body", "until"], "msg": msg, "type": "date_in_past"})
    if errors:
        raise InvalidInput("the need has invalid fields", errors=errors)


def _municipality(session: Session, ibge_code: int) -> Municipality:
    return existing(municipalities.get_municipality(session, ibge_code), "municipality", ibge_code)


def _need(session: Session, need_id: int) -> Need:
    return existing(repo.get_need(session, need_id), "need", need_id)


def _offers(session: Session, need_id: int) -> list[OfferPublic]:
    return [
        OfferPublic(**offer.model_dump(exclude={"created_by_id"}), organisation=name)
        for offer, name in repo.offers_of(session, need_id)
    ]


def present(session: Session, need: Need, user: User | None = None) -> NeedPublic:
    need_id = need.id or 0
    place = _municipality(session, need.ibge_code)
    offers = _offers(session, need_id) if access.owns(user, need) else None
    return NeedPublic(
        **need.model_dump(exclude={"state", "created_by_id", "organisation_id"}),
        municipality=place.name,
        status=need.status_on(today()),
        offers_count=repo.offer_counts(session, [need_id]).get(need_id, 0),
        offers=offers,
    )


def create_need(session: Session, user: User, ibge_code: int, data: NeedCreate) -> NeedPublic:
    """Post a need for a municipality (gov editors in scope, admins; others 403)."""
    place = _municipality(session, ibge_code)
    if not access.can_post(user, place.ibge_code, place.uf):
        raise Forbidden(f"your account may not post needs for {place.name} ({place.uf})")
    _check(data, creating=True)
    need = Need(
        **data.model_dump(),
        ibge_code=place.ibge_code,
        uf=place.uf,
        created_by_id=user.id or 0,
        organisation_id=user.organisation_id,
    )
    session.add(need)
    session.commit()
    return present(session, need, user)


def update_need(session: Session, user: User, need_id: int, patch: NeedUpdate) -> NeedPublic:
    """Edit a need, or mark it met (or open again), by its owner."""
    need = _need(session, need_id)
    if not access.owns(user, need):
        raise Forbidden("only the need's owner may change it")
    changes = patch.model_dump(exclude_unset=True)
    state = changes.pop("status", None)
    merged = {**need.model_dump(include=set(NeedCreate.model_fields)), **changes}
    try:
        data = NeedCreate.model_validate(merged)
    except ValidationError as exc:
        raise InvalidInput.from_validation(exc) from exc
    _check(data, creating="until" in changes)
    for key, value in data.model_dump().items():
        setattr(need, key, value)
    if state is not None:
        need.state = NeedState(state)
    need.updated_at = utcnow()
    session.add(need)
    session.commit()
    return present(session, need, user)


def get_need(session: Session, need_id: int, user: User | None) -> NeedPublic:
    return present(session, _need(session, need_id), user)


def list_needs(
    session: Session,
    *,
    uf: str | None = None,
    ibge_code: int | None = None,
    theme: str | None = None,
    status: NeedStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> NeedList:
    """The board, filtered by UF, municipality, theme and status; offers only counted."""
    rows, total = repo.list_needs(
        session,
        uf=uf.upper() if uf else None,
        ibge_code=ibge_code,
        theme=theme,
        status=status,
        today=today(),
        limit=limit,
        offset=offset,
    )
    counts = repo.offer_counts(session, [n.id or 0 for n in rows])
    names = {
        m.ibge_code: m.name for m in municipalities.get_many(session, {n.ibge_code for n in rows})
    }
    items = [
        NeedPublic(
            **n.model_dump(exclude={"state", "created_by_id", "organisation_id"}),
            municipality=names.get(n.ibge_code, ""),
            status=n.status_on(today()),
            offers_count=counts.get(n.id or 0, 0),
        )
        for n in rows
    ]
    return NeedList(items=items, total=total)


def offer_help(session: Session, user: User, need_id: int, data: OfferCreate) -> OfferPublic:
    """An organisation offers help on an open need (409 once met or expired); the owner is
    told by mail in the same transaction."""
    if not access.can_offer(user):
        raise Forbidden("only members of an organisation may offer help")
    need = _need(session, need_id)
    status = need.status_on(today())
    if status != NeedStatus.open:
        raise Conflict(
            f"need {need_id} is {status.value}: it takes no more offers",
            need_status=status.value,
            until=need.until.isoformat(),
        )
    organisation = session.get(Organisation, user.organisation_id)
    name = organisation.name if organisation else ""
    offer = NeedOffer(
        **data.model_dump(),
        need_id=need_id,
        organisation_id=user.organisation_id or 0,
        created_by_id=user.id or 0,
    )
    session.add(offer)
    _tell_owner(session, need, name, data)
    session.commit()
    return OfferPublic(**offer.model_dump(exclude={"created_by_id"}), organisation=name)


def _tell_owner(session: Session, need: Need, organisation: str, data: OfferCreate) -> None:
    owner = session.get(User, need.created_by_id)
    if owner is None or not owner.is_active or owner.deleted_at is not None:
        return
    mail.enqueue(
        session,
        to=owner.email,
        template="need_offer",
        context={
            "name": owner.name,
            "title": need.title,
            "organisation": organisation,
            "gives": data.gives,
            "url": mail.link(f"/necessidades/{need.id}"),
        },
        language=owner.language,
        topic="need_offers",
    )


def open_needs_by_uf(session: Session) -> dict[str, int]:
    return repo.open_needs_by_uf(session, today())


def open_needs_in(session: Session, ibge_code: int) -> list[Need]:
    return repo.open_needs_in(session, ibge_code, today())

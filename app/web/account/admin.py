"""Admin pages for accounts and organisations: list them, register an organisation, open an
account in one with a role, deactivate or reactivate an account and change its role. The
same services and rules as the CLI and the API (app.accounts.service, .credentials)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from app.accounts import credentials, service
from app.accounts import repository as accounts
from app.accounts.models import OrganisationCreate, Role, User, UserAdminUpdate, UserCreate
from app.accounts.passwords import Weak
from app.catalog.loader import get_catalog
from app.db import DbId, SessionDep
from app.errors import AppError, Conflict, InvalidInput
from app.web.account.my_account import WEAK
from app.web.i18n import N_, _, use_language
from app.web.posted import PERSON, Posted, posted
from app.web.security import _require, check_csrf, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
Admin = Annotated[User, Depends(_require(Role.admin))]
ACCOUNTS, ORGS = "/admin/contas", "/admin/organizacoes"
PER_PAGE = 50
ROLE_NAMES = {
    "contributor": N_("Contributor (an organisation's member)"),
    "curator": N_("Curator"),
    "gov_editor": N_("Municipal or state team"),
    "admin": N_("Administrator"),
}
CREATED = N_("Account created: the person signs in with this password or chooses a new one.")
FIELD_MESSAGES = {
    "name": N_("Write a name."),
    "email": N_("Write a valid e-mail."),
    "role": N_("This role does not fit this account (a contributor needs an organisation)."),
    "organisation": N_("Choose an organisation (contributors need one)."),
    "scope": N_("A municipal or state team needs a UF or an IBGE code; only they have one."),
    "type": N_("Choose the type of the organisation."),
    "uf": N_("Unknown UF."),
}
# What each form posts and how long each field may be.
AccountForm = Annotated[Posted, posted(**PERSON, role=20, organisation=200, scope=7)]
ChangeForm = Annotated[Posted, posted(role=20, active=5)]
OrganisationForm = Annotated[Posted, posted(name=200, type=50, uf=2)]


def _field_errors(exc: InvalidInput | ValidationError | Conflict, conflict: str) -> dict[str, str]:
    if isinstance(exc, Conflict):
        return {conflict: _("This already exists on Partilha.")}
    problems = exc.errors if isinstance(exc, InvalidInput) else exc.errors()
    found: dict[str, str] = {}
    for problem in problems:
        field = str(problem["loc"][-1])
        if field == "password":
            reason = str(problem["msg"]).removeprefix("Value error, ")
            known = reason in Weak._value2member_map_
            found[field] = _(WEAK[Weak(reason)] if known else WEAK[Weak.short])
        else:
            found[field] = _(FIELD_MESSAGES.get(field, FIELD_MESSAGES["name"]))
    return found


def _accounts_page(
    request: Request, session: Session, page: int, form: Any = None, errors: Any = None
) -> Response:
    users, total = accounts.list_users(session, PER_PAGE, (page - 1) * PER_PAGE)
    orgs = accounts.list_organisations(session, 5000, 0)
    context = {
        "users": users,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
        "org_names": {o.id: o.name for o in orgs},
        "organisations": orgs,
        "roles": ROLE_NAMES,
        "form": form or {},
        "errors": errors or {},
    }
    status = 422 if errors else 200
    return render(request, "admin/accounts.html", context, status_code=status)


@router.get(ACCOUNTS)
def accounts_page(
    request: Request, session: SessionDep, _: Admin, page: Annotated[int, Query(ge=1)] = 1
) -> Response:
    return _accounts_page(request, session, page)


@router.post(ACCOUNTS)
def create_account(request: Request, session: SessionDep, _: Admin, form: AccountForm) -> Response:
    role = form["role"]
    try:
        data = UserCreate(
            name=form["name"].strip(),
            email=form["email"],
            password=form["password"],
            role=Role(role) if role in Role.__members__ else Role.contributor,
            organisation=form["organisation"] or None,
            scope=form["scope"].strip() or None,
        )
        service.create_user(session, data)
    except (InvalidInput, ValidationError, Conflict) as exc:
        session.rollback()
        return _accounts_page(request, session, 1, form, _field_errors(exc, "email"))
    flash(request, CREATED)
    return RedirectResponse(ACCOUNTS, status_code=303)


@router.post(ACCOUNTS + "/{user_id}")
def update_account(
    request: Request, session: SessionDep, admin: Admin, user_id: DbId, form: ChangeForm
) -> Response:
    role, active = form["role"], form["active"]
    change = UserAdminUpdate(
        role=Role(role) if role in Role.__members__ else None,
        is_active={"true": True, "false": False}.get(active),
    )
    try:
        credentials.admin_update(session, admin, user_id, change)
    except Conflict:
        session.rollback()
        flash(request, N_("This is the last active administrator: make another one first."))
    except AppError:
        session.rollback()
        flash(
            request,
            N_("This role does not fit this account (a contributor needs an organisation)."),
        )
    else:
        flash(request, N_("Account updated."))
    return RedirectResponse(ACCOUNTS, status_code=303)


def _orgs_page(
    request: Request, session: Session, form: Any = None, errors: Any = None
) -> Response:
    context = {
        "organisations": accounts.list_organisations(session, 5000, 0),
        "types": [t.slug for t in get_catalog().taxonomies.organisation_types],
        "form": form or {},
        "errors": errors or {},
    }
    return render(request, "admin/organisations.html", context, status_code=422 if errors else 200)


@router.get(ORGS)
def organisations_page(request: Request, session: SessionDep, _: Admin) -> Response:
    return _orgs_page(request, session)


@router.post(ORGS)
def create_organisation(
    request: Request, session: SessionDep, _: Admin, form: OrganisationForm
) -> Response:
    try:
        uf = form["uf"].strip() or None
        data = OrganisationCreate(name=form["name"].strip(), type=form["type"], uf=uf)
        service.create_organisation(session, data)
    except (InvalidInput, ValidationError, Conflict) as exc:
        session.rollback()
        return _orgs_page(request, session, form, _field_errors(exc, "name"))
    flash(request, N_("Organisation registered."))
    return RedirectResponse(ORGS, status_code=303)

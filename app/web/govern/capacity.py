"""The capacity form: a gov editor of one municipality goes straight to it, others choose a
municipality in their scope; every problem is shown beside its input."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from app.accounts.limits import SUBMISSION_LIMIT
from app.accounts.models import Role, User
from app.db import IbgeCode, SessionDep
from app.errors import Forbidden, InvalidInput
from app.municipalities import service as municipalities
from app.municipalities.access import can_report
from app.municipalities.models import CapacityReportCreate, CapacityReportPublic, Municipality
from app.municipalities.validation import check_report
from app.municipalities.vocabulary import FACILITY_TYPES, SERVICES, SOURCES
from app.web.govern.capacity_form import CapacityForm, options, term_label
from app.web.i18n import N_, use_language
from app.web.places import choose
from app.web.security import GovEditor, Posted, check_csrf, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)


def _scope_municipality(session: SessionDep, user: User) -> Municipality | None:
    if user.role == Role.gov_editor and user.scope_ibge is not None:
        return municipalities.get_municipality(session, user.scope_ibge)
    return None


@router.get("/gestao/capacidade")
def capacity_home(
    request: Request,
    session: SessionDep,
    user: GovEditor,
    municipio: Annotated[str, Query(max_length=120)] = "",
) -> Response:
    """A gov editor of one municipality goes straight to its form; others choose one."""
    own = _scope_municipality(session, user)
    if own is not None:
        return RedirectResponse(f"/gestao/capacidade/{own.ibge_code}", status_code=303)
    problem, suggestions = None, []
    if municipio.strip():
        typed = choose(session, municipio.strip())
        if typed.code is not None:
            return RedirectResponse(f"/gestao/capacidade/{typed.code}", status_code=303)
        problem, suggestions = typed.problem, typed.suggestions
    # Never reported counts as to update: a scope where nobody reported is not up to date.
    due = municipalities.freshness_list(session, user, None, None, 20, 0, include_never=True)
    context = {
        "due": due,
        "counts": municipalities.freshness_counts(session, user),
        "problem": problem,
        "municipio": municipio,
        "suggestions": suggestions,
    }
    return render(request, "govern/choose.html", context)


def _form_page(
    request: Request,
    place: Municipality,
    form: CapacityForm,
    status: int = 200,
    latest: CapacityReportPublic | None = None,
) -> Response:
    context = {
        "place": place,
        "form": form,
        "latest": latest,
        "sources": options(SOURCES),
        "facilities": [(t.slug, term_label(t)) for t in FACILITY_TYPES],
        "services": options(SERVICES),
    }
    return render(request, "govern/capacity_form.html", context, status_code=status)


def _writable(session: SessionDep, user: User, ibge_code: IbgeCode) -> Municipality:
    place = municipalities.get_municipality(session, ibge_code)
    if not can_report(user, place.ibge_code, place.uf):
        raise Forbidden("this municipality is outside your scope")
    return place


@router.get("/gestao/capacidade/{ibge_code:int}")
def capacity_form(
    request: Request, session: SessionDep, user: GovEditor, ibge_code: IbgeCode
) -> Response:
    place = _writable(session, user, ibge_code)
    latest = next(iter(municipalities.list_reports(session, user, ibge_code, 1, 0).items), None)
    today = municipalities.today()
    form = CapacityForm.from_report(latest, today) if latest else CapacityForm.empty(today)
    return _form_page(request, place, form, latest=latest)


def _checked(form: CapacityForm) -> CapacityReportCreate | None:
    """Every problem at once: typing (conversion), the model, and the report's own rules."""
    try:
        data = CapacityReportCreate.model_validate(form.payload())
    except ValidationError as exc:
        form.place_errors([dict(e) for e in exc.errors()])
        return None
    if form.errors:  # the service would never see these rows: check the rest here
        problems = check_report(data, municipalities.today())
        form.place_errors([{"loc": p.loc, "msg": p.msg, "type": p.kind} for p in problems])
    return None if form.errors or form.general else data


@router.post("/gestao/capacidade/{ibge_code:int}", dependencies=[SUBMISSION_LIMIT])
def report_capacity(
    request: Request, session: SessionDep, user: GovEditor, ibge_code: IbgeCode, posted: Posted
) -> Response:
    place = _writable(session, user, ibge_code)
    form = CapacityForm.from_post(posted)
    data = _checked(form)
    if data is None:
        return _form_page(request, place, form, status=422)
    try:
        municipalities.report_capacity(session, user, ibge_code, data)
    except InvalidInput as exc:
        form.place_errors(exc.errors)
        return _form_page(request, place, form, status=422)
    flash(request, N_("Capacity report saved. Thank you for keeping it current."))
    return RedirectResponse(f"/municipios/{ibge_code}", status_code=303)

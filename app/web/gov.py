"""Gov editor pages: the capacity form for a municipality in their scope, and the CSV upload
that shows the dry-run report as a table before anything is applied."""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from app.accounts.limits import SUBMISSION_LIMIT
from app.accounts.models import Role, User
from app.db import IbgeCode, SessionDep
from app.errors import Forbidden, InvalidInput, NotFound
from app.municipalities import importing
from app.municipalities import service as municipalities
from app.municipalities.access import can_report
from app.municipalities.csv_import import FileRejected
from app.municipalities.models import CapacityReportCreate, Municipality
from app.municipalities.validation import check_report
from app.municipalities.vocabulary import FACILITY_TYPES, SERVICES, SOURCES
from app.web import IMPORT_PAGE
from app.web.capacity_form import CapacityForm, options, term_label
from app.web.i18n import N_, _, use_language
from app.web.search_form import SearchForm
from app.web.security import GovEditor, Posted, check_csrf, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
IMPORT_MAX_BYTES = 10_000_000
UPLOADS = Path(tempfile.gettempdir()) / "partilha-imports"
UPLOAD_TTL_S = 3600


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
        finder = SearchForm()
        finder.resolve_near(session, municipio.strip())
        if finder.near_code is not None:
            return RedirectResponse(f"/gestao/capacidade/{finder.near_code}", status_code=303)
        problem, suggestions = finder.problem, finder.suggestions
    due = municipalities.freshness_list(session, user, None, None, 20, 0)
    context = {"due": due, "problem": problem, "municipio": municipio, "suggestions": suggestions}
    return render(request, "gov/choose.html", context)


def _form_page(
    request: Request, place: Municipality, form: CapacityForm, status: int = 200
) -> Response:
    context = {
        "place": place,
        "form": form,
        "sources": options(SOURCES),
        "facilities": [(t.slug, term_label(t)) for t in FACILITY_TYPES],
        "services": options(SERVICES),
    }
    return render(request, "gov/capacity_form.html", context, status_code=status)


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
    return _form_page(request, place, CapacityForm.empty(municipalities.today()))


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


# --- CSV upload: dry run first, then apply the very same bytes --------------------------


def _stash(user: User, raw: bytes) -> str:
    """Keep the uploaded bytes until the user confirms (a temp file per upload)."""
    UPLOADS.mkdir(mode=0o700, exist_ok=True)
    for old in UPLOADS.glob("*.csv"):
        if old.stat().st_mtime < time.time() - UPLOAD_TTL_S:
            old.unlink(missing_ok=True)
    token = f"{user.id}-{secrets.token_urlsafe(16)}"
    (UPLOADS / f"{token}.csv").write_bytes(raw)
    return token


def _unstash(user: User, token: str) -> bytes:
    path = UPLOADS / f"{token}.csv"
    if not token.startswith(f"{user.id}-") or "/" in token or not path.exists():
        raise NotFound("this upload expired; send the file again")
    return path.read_bytes()


@router.get(IMPORT_PAGE)
def import_page(request: Request, user: GovEditor) -> Response:
    return render(request, "gov/import.html", {"report": None})


def _run_import(session: SessionDep, user: User, raw: bytes, dry_run: bool) -> Any:
    try:
        return importing.import_capacity(session, user, raw, dry_run=dry_run), None
    except FileRejected as exc:
        return None, str(exc)


@router.post(IMPORT_PAGE, dependencies=[SUBMISSION_LIMIT])
def import_dry_run(
    request: Request,
    session: SessionDep,
    user: GovEditor,
    file: Annotated[UploadFile, File()],
) -> Response:
    raw = file.file.read(IMPORT_MAX_BYTES + 1)
    if not raw or len(raw) > IMPORT_MAX_BYTES:
        context = {"report": None, "rejected": _("Choose a CSV file of up to 10 MB.")}
        return render(request, "gov/import.html", context, status_code=422)
    report, rejected = _run_import(session, user, raw, dry_run=True)
    token = _stash(user, raw) if report is not None and not report.errors else None
    context = {
        "report": report,
        "rejected": rejected,
        "token": token,
        "filename": file.filename,
        "sha256": hashlib.sha256(raw).hexdigest()[:12],
    }
    return render(request, "gov/import.html", context, status_code=200 if report else 422)


@router.post(IMPORT_PAGE + "/aplicar", dependencies=[SUBMISSION_LIMIT])
def import_apply(
    request: Request, session: SessionDep, user: GovEditor, posted: Posted
) -> Response:
    token = str(posted.get("token") or "")
    raw = _unstash(user, token)
    report, rejected = _run_import(session, user, raw, dry_run=False)
    if report is not None and report.applied:
        (UPLOADS / f"{token}.csv").unlink(missing_ok=True)
    return render(
        request, "gov/import.html", {"report": report, "rejected": rejected, "applied": True}
    )

"""The capacity spreadsheet upload (CSV or XLSX): the page lists the columns by their
Portuguese names and offers the template; the dry-run report is shown as a table first, every
problem in the page's language; applying runs the very same bytes again (kept in a temporary
file for an hour) for real."""

import secrets
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response
from starlette.responses import Response as Download

from app.accounts.limits import SUBMISSION_LIMIT
from app.accounts.models import User
from app.db import SessionDep
from app.errors import NotFound
from app.files import private_dir, write_private
from app.municipalities import importing
from app.municipalities.csv_import import FileRejected
from app.municipalities.service import today
from app.municipalities.template import template_csv, template_xlsx
from app.municipalities.vocabulary import SERVICES, SOURCES
from app.web import IMPORT_PAGE
from app.web.govern import import_messages
from app.web.govern.capacity_form import options
from app.web.i18n import _, use_language
from app.web.security import GovEditor, Posted, check_csrf, load_user
from app.web.templating import render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
IMPORT_MAX_BYTES = 10_000_000
UPLOADS = Path(tempfile.gettempdir()) / "partilha-imports"
UPLOAD_TTL_S = 3600


def _stash(user: User, raw: bytes) -> str:
    """Keep the uploaded bytes until the user confirms (a temp file per upload)."""
    private_dir(UPLOADS)
    for old in UPLOADS.glob("*.csv"):
        if old.stat().st_mtime < time.time() - UPLOAD_TTL_S:
            old.unlink(missing_ok=True)
    token = f"{user.id}-{secrets.token_urlsafe(16)}"
    write_private(UPLOADS / f"{token}.csv", raw)
    return token


def _unstash(user: User, token: str) -> bytes:
    path = UPLOADS / f"{token}.csv"
    if not token.startswith(f"{user.id}-") or "/" in token or not path.exists():
        raise NotFound("this upload expired; send the file again")
    return path.read_bytes()


def _page(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    help = {
        "columns": import_messages.columns(),
        "sources": options(SOURCES),
        "services": options(SERVICES),
        "problem_text": import_messages.problem_text,
        "column_label": import_messages.column_label,
    }
    return render(request, "govern/import.html", {**help, **context}, status_code=status)


@router.get(IMPORT_PAGE)
def import_page(request: Request, user: GovEditor) -> Response:
    return _page(request, {"report": None})


TEMPLATES = {
    "csv": (template_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        template_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@router.get(IMPORT_PAGE + "/modelo.{extension}")
def import_template(user: GovEditor, extension: str) -> Response:
    """The template sheet: the Portuguese column names and one example row."""
    if extension not in TEMPLATES:
        raise NotFound("the template is offered as modelo.csv and modelo.xlsx")
    build, media_type = TEMPLATES[extension]
    disposition = f'attachment; filename="modelo-capacidade.{extension}"'
    return Download(
        build(today()), media_type=media_type, headers={"Content-Disposition": disposition}
    )


def _run_import(session: SessionDep, user: User, raw: bytes, dry_run: bool) -> Any:
    try:
        return importing.import_capacity(session, user, raw, dry_run=dry_run), None
    except FileRejected as exc:
        return None, import_messages.rejection_text(exc.code, exc.params, str(exc))


@router.post(IMPORT_PAGE, dependencies=[SUBMISSION_LIMIT])
def import_dry_run(
    request: Request,
    session: SessionDep,
    user: GovEditor,
    file: Annotated[UploadFile, File()],
) -> Response:
    raw = file.file.read(IMPORT_MAX_BYTES + 1)
    if not raw or len(raw) > IMPORT_MAX_BYTES:
        context = {"report": None, "rejected": _("Choose a CSV or XLSX file of up to 10 MB.")}
        return _page(request, context, status=422)
    report, rejected = _run_import(session, user, raw, dry_run=True)
    token = _stash(user, raw) if report is not None and not report.errors else None
    context = {"report": report, "rejected": rejected, "token": token, "filename": file.filename}
    return _page(request, context, status=200 if report else 422)


@router.post(IMPORT_PAGE + "/aplicar", dependencies=[SUBMISSION_LIMIT])
def import_apply(
    request: Request, session: SessionDep, user: GovEditor, posted: Posted
) -> Response:
    token = str(posted.get("token") or "")
    raw = _unstash(user, token)
    report, rejected = _run_import(session, user, raw, dry_run=False)
    if report is not None and report.applied:
        (UPLOADS / f"{token}.csv").unlink(missing_ok=True)
    status = (
        200 if report is not None and report.applied else 409 if report and report.conflict else 422
    )
    return _page(request, {"report": report, "rejected": rejected, "applied": True}, status)

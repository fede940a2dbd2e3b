"""The capacity CSV upload: the dry-run report is shown as a table first; applying runs the very
same bytes again (kept in a temporary file for an hour) for real."""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response

from app.accounts.limits import SUBMISSION_LIMIT
from app.accounts.models import User
from app.db import SessionDep
from app.errors import NotFound
from app.files import private_dir, write_private
from app.municipalities import importing
from app.municipalities.csv_import import FileRejected
from app.web import IMPORT_PAGE
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


@router.get(IMPORT_PAGE)
def import_page(request: Request, user: GovEditor) -> Response:
    return render(request, "govern/import.html", {"report": None})


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
        return render(request, "govern/import.html", context, status_code=422)
    report, rejected = _run_import(session, user, raw, dry_run=True)
    token = _stash(user, raw) if report is not None and not report.errors else None
    context = {
        "report": report,
        "rejected": rejected,
        "token": token,
        "filename": file.filename,
        "sha256": hashlib.sha256(raw).hexdigest()[:12],
    }
    return render(request, "govern/import.html", context, status_code=200 if report else 422)


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
        request, "govern/import.html", {"report": report, "rejected": rejected, "applied": True}
    )

"""Mail pages: the one-click unsubscribe (RFC 8058) every message that is not about the
person's own account links to, and the admins' view of the mail outbox (what was sent or would
have been: without an SMTP server the messages are .eml files), with the failing addresses."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts.models import Role, User
from app.config import get_settings
from app.db import DbId, SessionDep
from app.mail import compose, files
from app.mail import service as mail
from app.mail.models import MailStatus
from app.web.i18n import N_, gettext, use_language
from app.web.mail import account
from app.web.mail.topics import EVERYTHING, topic_name
from app.web.security import Posted, _require, check_csrf, load_user
from app.web.templating import flash, render

# No CSRF check here: the signed token in the address is what authorises the change, and mail
# clients POST the one-click body (List-Unsubscribe=One-Click) without any cookie.
unsubscribe_router = APIRouter(
    include_in_schema=False, dependencies=[Depends(load_user), Depends(use_language)]
)
admin_router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
Admin = Annotated[User, Depends(_require(Role.admin))]
PER_PAGE = 50
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

STATUS_NAMES = {
    MailStatus.pending: N_("Waiting to be sent"),
    MailStatus.sent: N_("Sent"),
    MailStatus.failed: N_("Failed"),
}


def mail_status_name(status: str) -> str:
    return gettext(STATUS_NAMES[MailStatus(status)])


def _masked(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


@unsubscribe_router.get(f"{compose.UNSUBSCRIBE_PATH}/{{token}}")
def unsubscribe_page(request: Request, session: SessionDep, token: str) -> Response:
    message = mail.unsubscribing(session, token)
    context = {"address": _masked(message.to_address), "topic": topic_name(message.topic)}
    return render(request, "account/unsubscribe.html", {**context, "done": False})


@unsubscribe_router.post(f"{compose.UNSUBSCRIBE_PATH}/{{token}}")
def unsubscribe(request: Request, session: SessionDep, token: str, form: Posted) -> Response:
    """The page's button, or a mail client's one-click POST (List-Unsubscribe=One-Click)."""
    everything = form.get("everything") == "1"
    message = mail.unsubscribe(session, token, everything)
    topic = EVERYTHING if everything else topic_name(message.topic)
    context = {"address": _masked(message.to_address), "topic": topic, "done": True}
    return render(request, "account/unsubscribe.html", context)


@admin_router.get("/admin/correio")
def outbox(
    request: Request,
    session: SessionDep,
    _admin: Admin,
    status: MailStatus | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    items, total = mail.messages(session, status, PER_PAGE, (page - 1) * PER_PAGE)
    settings = get_settings()
    context = {
        "items": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
        "status": status.value if status else "",
        "statuses": [s.value for s in MailStatus],
        "failing": mail.failing_addresses(session),
        "smtp": bool(settings.smtp_url),
        "mail_dir": str(settings.mail_dir),
        "mail_status_name": mail_status_name,
    }
    return render(request, "admin/mail.html", context)


@admin_router.get("/admin/correio/{message_id}")
def message(request: Request, session: SessionDep, _admin: Admin, message_id: DbId) -> Response:
    found = mail.message(session, message_id)
    context = {
        "message": found,
        "file": files.file_name(found),
        "topic": topic_name(found.topic),
        "mail_status_name": mail_status_name,
    }
    return render(request, "admin/mail_message.html", context)


@admin_router.get("/admin/correio/{message_id}/mensagem.eml")
def raw(session: SessionDep, _admin: Admin, message_id: DbId) -> Response:
    """The message as it left (the .eml file when there is one, else built again)."""
    found, settings = mail.message(session, message_id), get_settings()
    body = (
        files.read(settings.mail_dir, found) or compose.mime(found, settings.mail_from).as_bytes()
    )
    disposition = f'attachment; filename="{files.file_name(found)}"'
    headers = {"Content-Disposition": disposition, "Cache-Control": "no-store"}
    return Response(body, media_type="message/rfc822", headers=headers)


@admin_router.get("/admin/correio/{message_id}/html")
def html_part(session: SessionDep, _admin: Admin, message_id: DbId) -> Response:
    """The HTML part alone, for the preview frame: sandboxed, no script, nothing fetched."""
    found = mail.message(session, message_id)
    headers = {"Content-Security-Policy": PREVIEW_CSP, "X-Frame-Options": "SAMEORIGIN"}
    return Response(found.html_body, media_type="text/html", headers=headers)


@admin_router.post("/admin/correio/enderecos")
def clear_failing(request: Request, session: SessionDep, _admin: Admin, form: Posted) -> Response:
    mail.clear_failing(session, str(form.get("address") or ""))
    flash(request, N_("The address will receive mail again."))
    return RedirectResponse("/admin/correio", status_code=303)


router = APIRouter()
router.include_router(unsubscribe_router)
router.include_router(admin_router)
router.include_router(account.router)

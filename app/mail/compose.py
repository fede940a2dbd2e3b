"""Composing a message: the renderer the web layer lends (the templates and their four
languages live with the pages' catalogs), the Message-ID, the unsubscribe link, and the MIME
message every attempt sends, byte for byte the same."""

import hashlib
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from app.config import Settings
from app.core.slots import Slot
from app.mail.models import MailMessage

LANGUAGES = ("pt-BR", "es", "en", "fr")
DEFAULT_LANGUAGE = "pt-BR"
UNSUBSCRIBE_PATH = "/correio/descadastrar"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


# (template, context, language) -> the message's subject and parts; registered at assembly.
Renderer = Callable[[str, dict[str, Any], str], Rendered]
RENDERER: Slot[Renderer] = Slot("mail renderer")


def language_or_default(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def new_message_id(sender: str) -> str:
    """A globally unique Message-ID on the sender's domain."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "partilha.localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


def _signature(secret: str, key: str) -> str:
    digest = hmac.new(secret.encode(), f"unsubscribe:{key}".encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


def unsubscribe_token(settings: Settings, message_id: str) -> str:
    """The one-click token of a message: its Message-ID's random part, signed."""
    key = message_id.strip("<>").partition("@")[0]
    return f"{key}.{_signature(settings.secret_key, key)}"


def token_key(settings: Settings, token: str) -> str | None:
    """The Message-ID's random part a token names, if the signature holds."""
    key, _, signature = token.partition(".")
    if not key or not hmac.compare_digest(signature, _signature(settings.secret_key, key)):
        return None
    return key


def unsubscribe_url(settings: Settings, message_id: str) -> str:
    base = settings.public_base_url.rstrip("/")
    return f"{base}{UNSUBSCRIBE_PATH}/{unsubscribe_token(settings, message_id)}"


def mime(message: MailMessage, sender: str) -> EmailMessage:
    """The message as it leaves: plain text and HTML, the stored Message-ID and date, and the
    one-click unsubscribe headers (RFC 8058) unless it is about the person's own account."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message.message_id
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    email["Content-Language"] = message.language  # after the parts: they take Content-* along
    return email

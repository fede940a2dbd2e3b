"""Without PARTILHA_SMTP_URL (`make run`, a newcomer's machine) messages are written as .eml
files in PARTILHA_MAIL_DIR, readable by the owner only, one file per message: writing it again
(a retry after a crash) replaces the same file. The admin pages list what was sent."""

import os
from email.message import EmailMessage
from pathlib import Path

from app.mail.models import MailMessage


def file_name(message: MailMessage) -> str:
    return f"{message.created_at:%Y%m%dT%H%M%S}-{message.id}.eml"


def write(folder: Path, message: MailMessage, email: EmailMessage) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # private even when it existed: it holds people's addresses
    path = folder / file_name(message)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(email.as_bytes())
    os.replace(temporary, path)  # whole or absent, never half a message
    return path


def read(folder: Path, message: MailMessage) -> bytes | None:
    path = folder / file_name(message)
    return path.read_bytes() if path.is_file() else None

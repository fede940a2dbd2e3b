"""How a mail message is written: its template (app/web/templates/mail/<name>.html, blocks
`subject` and `body`) rendered in the recipient's language with the pages' catalogs, then
turned into a plain-text part and an HTML part that say the same thing.

A body is light text: paragraphs separated by blank lines, "- " starting a list item, and
addresses written out in full (they become links in HTML). The footer says why the person gets
the message and, unless it is about their own account, how to stop it in one click."""

import html
import re
from typing import Any

from markupsafe import Markup, escape

from app.mail.compose import Rendered
from app.web import i18n
from app.web.templating import environment

URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
BLANK_LINES = re.compile(r"\n{3,}")


def _text(rendered: str) -> str:
    lines = [line.strip() for line in html.unescape(rendered).strip().splitlines()]
    return BLANK_LINES.sub("\n\n", "\n".join(lines))


def _linked(escaped: str) -> str:
    return URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


def _html_block(block: str) -> str:
    """A paragraph; its runs of "- " lines become a list."""
    parts, run = [], []
    for line in [*block.splitlines(), ""]:
        if line.startswith("- "):
            run.append(f"<li>{_linked(str(escape(line[2:])))}</li>")
            continue
        if run:
            parts.append(f"<ul>{''.join(run)}</ul>")
            run = []
        if line:
            parts.append(_linked(str(escape(line))))
    html, previous_list = "", True
    for part in parts:  # lines of text joined by <br>, lists set apart
        is_list = part.startswith("<ul>")
        html += part if is_list or previous_list else f"<br>{part}"
        previous_list = is_list
    return f"<div>{html}</div>" if "<ul>" in html else f"<p>{html}</p>"


def _html(text: str) -> Markup:
    blocks = [block for block in text.split("\n\n") if block.strip()]
    return Markup("\n".join(_html_block(block) for block in blocks))


def _footer(context: dict[str, Any]) -> str:
    if context.get("unsubscribe_url"):
        return i18n.gettext(
            "You get this message because of your account at Partilha. "
            "To stop this kind of message: %(url)s"
        ) % {"url": context["unsubscribe_url"]}
    return i18n.gettext("You get this message because of your account at Partilha.")


def render(template: str, context: dict[str, Any], language: str) -> Rendered:
    """The message's subject, plain text and HTML in `language` (registered at assembly)."""
    env = environment()
    with i18n.language(language):
        page = env.get_template(f"mail/{template}.html")
        blocks = page.new_context(context)
        subject = _text("".join(page.blocks["subject"](blocks))).replace("\n", " ")
        body = _text("".join(page.blocks["body"](blocks)))
        footer = _footer(context)
        text = f"{body}\n\n-- \n{footer}\n"
        layout = env.get_template("mail/_layout.html").render(
            lang=language, subject=subject, body=_html(body), footer=_html(footer)
        )
    return Rendered(subject=subject, text=text, html=layout)

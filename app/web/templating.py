"""The Jinja2 environment (autoescaped, gettext through app.web.i18n) and `render()`."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app.catalog.loader import get_catalog
from app.config import get_settings
from app.web import i18n, labels
from app.web.chart import Chart
from app.web.govern.capacity_form import vocabulary_label
from app.web.markdown import render_markdown
from app.web.security import CSRF_FIELD, csrf_token
from app.web.sessions import set_notice, take_notice

TEMPLATES_DIR = Path(__file__).parent / "templates"
BRASILIA = ZoneInfo("America/Sao_Paulo")


def label(taxonomy: str, slug: str) -> str:
    """A taxonomy term in the interface language (pt-BR when it has no translation)."""
    return get_catalog().taxonomies.label(taxonomy, slug, i18n.current_lang())  # type: ignore[arg-type]


def fmt_date(value: date | datetime | str | None, style: str = "medium") -> str:
    """A date in the interface language; datetimes show their day in Brasília time."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # ISO dates stored in revision content
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return value
    elif isinstance(value, datetime):
        day = value.astimezone(BRASILIA).date()
    else:
        day = value
    return format_date(day, style, locale=i18n.babel_locale(i18n.current_lang()))


def fmt_datetime(value: datetime | None, style: str = "short") -> str:
    if value is None:
        return ""
    locale = i18n.babel_locale(i18n.current_lang())
    return format_datetime(value, style, tzinfo=BRASILIA, locale=locale)


def fmt_hours(hours: float) -> str:
    """A waiting time in words: "3 days", "5 hours"; under a minute, "less than a minute"
    (CLDR would say "0 segundo" in Portuguese)."""
    if hours < 1 / 60:
        return i18n.gettext("less than a minute")
    locale = i18n.babel_locale(i18n.current_lang())
    return format_timedelta(timedelta(hours=hours), threshold=1.5, locale=locale)


def fmt_number(value: float | int | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=i18n.babel_locale(i18n.current_lang()))


def query(params: dict[str, Any]) -> str:
    """A query string from a dict of str or lists, leaving out empty values."""
    pairs = []
    for key, value in params.items():
        for v in value if isinstance(value, list | tuple) else [value]:
            if v not in (None, "", False):
                pairs.append((key, str(v)))
    return urlencode(pairs)


# Functions the templates call by their own names.
HELPERS: tuple[Callable[..., Any], ...] = (
    label,
    query,
    labels.status_name,
    labels.action_name,
    labels.refusal_name,
    labels.detail_rows,
    labels.template_name,
    labels.is_web_link,
    labels.field_label,
    labels.freshness_name,
    labels.policy_label,
    labels.policy_field,
    labels.event_name,
    labels.replication_status,
    vocabulary_label,
)


@lru_cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "svg"], default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        markdown=render_markdown,
        date=fmt_date,
        datetime=fmt_datetime,
        number=fmt_number,
        hours=fmt_hours,
    )
    env.globals.update({helper.__name__: helper for helper in HELPERS})
    env.globals.update(
        lang_names=i18n.LANG_NAMES,
        catalog=get_catalog,
        scope_names=labels.SCOPE_NAMES,
        path_of=Chart.path,
        contact_email=lambda: get_settings().contact_email,
    )
    return env


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a page in the request's language with the user, the CSRF field and helpers."""
    lang = getattr(request.state, "lang", None) or i18n.negotiate(request)

    def csrf_field() -> Markup:
        return Markup('<input type="hidden" name="{}" value="{}">').format(
            CSRF_FIELD, csrf_token(request)
        )

    notice = take_notice(request)
    with i18n.language(lang):
        if notice:
            context = {"notice": i18n.gettext(notice), **(context or {})}
        html = (
            environment()
            .get_template(name)
            .render(
                request=request,
                lang=lang,
                user=getattr(request.state, "user", None),
                csrf_field=csrf_field,
                path=request.url.path,
                **(context or {}),
            )
        )
    return HTMLResponse(html, status_code=status_code)


def flash(request: Request, msgid: str) -> None:
    """A one-time notice shown on the next page (the message id, translated when shown)."""
    set_notice(request, msgid)

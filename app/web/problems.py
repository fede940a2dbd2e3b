"""Problem details (API errors) in the reader's language: app.core.problems asks this, when a
request's Accept-Language names es, en, fr or pt-BR, for the title (by status) and the detail
(the messages below, fixed or with their figures) from the interface catalogs. A detail not
listed here keeps its own words; the title always follows the language."""

import re

from app.web.i18n import N_, translations

TITLES = {
    400: N_("Bad request"),
    401: N_("Sign-in required"),
    403: N_("Access denied"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Content too large"),
    415: N_("Unsupported content type"),
    422: N_("Invalid data"),
    429: N_("Too many requests"),
    500: N_("Internal error"),
    503: N_("Service unavailable"),
}
# What the app and the framework answer in words that are not the catalog's English msgids.
SAME_AS = {
    "Not Found": N_("not found"),
    "Method Not Allowed": N_("this address does not accept this method"),
    "autenticação necessária": N_("authentication required"),
    "token inválido ou expirado": N_("invalid or expired token"),
    "e-mail ou senha incorretos": N_("wrong e-mail or password"),
}
FIXED = (
    N_("the request has invalid fields"),
    N_("the body is not valid JSON"),
    N_("the database is unavailable for a moment; try again shortly"),
    N_(
        "search is temporarily unavailable; the practices are safe and will be searchable "
        "again shortly"
    ),
    N_("unknown or inapplicable filter values"),
    N_("unknown filter values"),
    N_("sign in to continue"),
)
WITH_FIGURES = (
    (
        re.compile(
            r"^too many .+: at most (?P<limit>\d+) per (?P<window>\d+) s; "
            r"try again in (?P<retry>\d+) s$"
        ),
        N_("too many requests: at most %(limit)s per %(window)s s; try again in %(retry)s s"),
    ),
)


def problem_words(lang: str, status: int, title: str, detail: str) -> tuple[str, str]:
    """The title and detail of a problem in `lang` (the detail as given when not known)."""
    words = translations(lang)
    title = words.gettext(TITLES[status]) if status in TITLES else title
    msgid = SAME_AS.get(detail, detail)
    if msgid in FIXED or detail in SAME_AS:
        return title, words.gettext(msgid)
    for pattern, template in WITH_FIGURES:
        if match := pattern.match(detail):
            return title, words.gettext(template) % match.groupdict()
    return title, detail

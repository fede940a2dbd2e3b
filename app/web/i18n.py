"""Interface languages: gettext catalogs compiled in memory at start-up, and the choice of
language per request (cookie set by the visible switch, then Accept-Language, then pt-BR).

The catalogs are the .po files under locales/; no compiled .mo is committed: `catalogs()`
parses each .po with Babel and builds the gettext tables in memory once per process."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import IO

import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from starlette.requests import Request

from app.core.languages import from_accept_language

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
DEFAULT_LANG = "pt-BR"
# Interface language code -> gettext locale directory and Babel locale.
LANGS: dict[str, str] = {"pt-BR": "pt_BR", "es": "es", "en": "en", "fr": "fr"}
LANG_NAMES = {"pt-BR": "Português", "es": "Español", "en": "English", "fr": "Français"}
LANG_COOKIE = "partilha_lang"

_current: ContextVar[str] = ContextVar("partilha_lang", default=DEFAULT_LANG)


def compile_catalog(po_path: Path) -> Translations:
    """Parse a .po file and build its gettext table in memory (fuzzy entries are left out)."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=po_path.parent.parent.name)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@lru_cache
def catalogs() -> dict[str, NullTranslations]:
    loaded: dict[str, NullTranslations] = {}
    for lang, folder in LANGS.items():
        po = LOCALES_DIR / folder / "LC_MESSAGES" / f"{DOMAIN}.po"
        loaded[lang] = compile_catalog(po) if po.exists() else NullTranslations()
    return loaded


def translations(lang: str | None = None) -> NullTranslations:
    return catalogs()[lang or _current.get()]


def gettext(message: str) -> str:
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    return message


def current_lang() -> str:
    return _current.get()


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Translate in this language inside the block (rendering and messages of one request)."""
    token = _current.set(lang if lang in LANGS else DEFAULT_LANG)
    try:
        yield
    finally:
        _current.reset(token)


def babel_locale(lang: str) -> str:
    return LANGS.get(lang, LANGS[DEFAULT_LANG])


def negotiate(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen
    return from_accept_language(request.headers.get("accept-language")) or DEFAULT_LANG


async def use_language(request: Request) -> None:
    """A router dependency: the route's own messages and labels (built before rendering) in the
    request's language. Async on purpose: set in the request's task, the value reaches the sync
    route, which runs in a copy of this context."""
    _current.set(negotiate(request))


def extract_words(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """A Babel extraction method for word lists kept as YAML data (app/web/babel.cfg): every
    string value of a mapping is a message id, found at its line."""
    yield from _scalars(yaml.compose(fileobj.read().decode("utf-8")))


def _scalars(node: yaml.Node | None) -> Iterator[tuple[int, str | None, str, list[str]]]:
    if isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            yield from _scalars(value)
    elif isinstance(node, yaml.ScalarNode) and node.value:
        yield node.start_mark.line + 1, None, str(node.value), []

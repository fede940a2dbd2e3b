"""Municipalities typed by people without JavaScript: "1400100", "Boa Vista/RR" or "boa vista".
An IBGE code is taken as is; a name must match a municipality's name (ignoring accents and
case), otherwise the closest names are offered instead of guessing."""

import unicodedata
from dataclasses import dataclass, field

from sqlmodel import Session

from app.errors import NotFound, ServiceUnavailable
from app.municipalities import search
from app.municipalities import service as municipalities
from app.municipalities.models import Municipality, MunicipalityRef
from app.web.i18n import _

CANDIDATES = 10


@dataclass
class Resolution:
    code: int | None = None
    label: str = ""
    suggestions: list[MunicipalityRef] = field(default_factory=list)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def resolve(text: str) -> Resolution:
    text = text.strip()
    head = text.split(" ", 1)[0]
    if head.isdigit() and len(head) == 7:
        return Resolution(code=int(head), label=text)
    name, _sep, uf = text.partition("/")
    uf = uf.strip().upper()
    try:
        hits = search.autocomplete_municipalities(name.strip(), None, CANDIDATES)
    except ServiceUnavailable:
        return Resolution()
    hits = [m for m in hits if not uf or m.uf == uf]
    wanted = fold(name)
    exact = [m for m in hits if fold(m.name) == wanted]
    if len(exact) == 1 or (exact and uf):
        return Resolution(code=exact[0].ibge_code, label=f"{exact[0].name}/{exact[0].uf}")
    return Resolution(suggestions=(exact or hits)[:5])


@dataclass
class Typed:
    """A municipality typed into a form, as the page needs it: its code and "Name/UF", or why
    it was not found and the closest names."""

    text: str = ""
    code: int | None = None
    name: str = ""
    problem: str | None = None
    suggestions: list[MunicipalityRef] = field(default_factory=list)


def choose(session: Session, text: str) -> Typed:
    """A code, "Name/UF" or a name: without JavaScript people type names, not codes."""
    found = resolve(text)
    if found.code is not None:
        try:
            place = municipalities.get_municipality(session, found.code)
        except NotFound:
            place = None
        if place is not None:
            return Typed(text, place.ibge_code, f"{place.name}/{place.uf}")
    problem = _("We could not find the municipality “%(name)s”.") % {"name": text}
    return Typed(text, problem=problem, suggestions=found.suggestions)


def named(session: Session, codes: list[int]) -> list[Municipality]:
    """The municipalities of these IBGE codes, in order (unknown codes left out)."""
    found = []
    for code in codes:
        try:
            found.append(municipalities.get_municipality(session, code))
        except NotFound:
            continue
    return found


def typed_label(session: Session, code: int | None) -> str:
    """A stored municipality as a form shows it to be typed again: "code Name/UF"."""
    place = next(iter(named(session, [code])), None) if code else None
    return f"{place.ibge_code} {place.name}/{place.uf}" if place else str(code or "")

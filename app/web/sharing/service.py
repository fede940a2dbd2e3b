"""Use cases of sharing: the share card and `Share` of a published practice, a thematic call or
a municipality, and the share image drawn from a card. Cards are built from what anyone may read
(the public view of the item), so a private contact never reaches a tag, an image or its text."""

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from app.calls import service as calls
from app.calls.models import CallPublic
from app.catalog.loader import get_catalog
from app.municipalities import service as municipalities
from app.municipalities.models import Municipality, MunicipalityProfile
from app.opendata.rows import public_url
from app.practices import service as practices
from app.practices.models import LifecycleStatus, PracticePublic
from app.web import i18n
from app.web.calls.view import places as call_places
from app.web.i18n import N_
from app.web.places import named
from app.web.sharing.card import ShareCard, render_png
from app.web.sharing.share import Share

BRAND = N_("Partilha")
TAGLINE = N_("Good practices of the reception network for migrants and refugees in Brazil")
PLACES_SHOWN = 3


def language(lang: str | None) -> str:
    """The card's language from the image address (pt-BR unless one of the others)."""
    return lang if lang in i18n.LANGS else i18n.DEFAULT_LANG


def image_path(page: str, lang: str) -> str:
    """The share image of a page in a language; the language is in the address, so a shared
    cache never hands one language's image to another."""
    suffix = "" if lang == i18n.DEFAULT_LANG else f"?idioma={lang}"
    return f"{page}/imagem.png{suffix}"


def _card(title: str, themes: Sequence[str], place: str, lang: str) -> ShareCard:
    taxonomies = get_catalog().taxonomies
    labels = tuple(taxonomies.label("themes", t, lang) for t in themes)
    with i18n.language(lang):
        return ShareCard(i18n.gettext(BRAND), i18n.gettext(TAGLINE), title, labels, place)


def _place_of(content: dict[str, Any], places: Sequence[Municipality], lang: str) -> str:
    if content.get("scope") == "national":
        with i18n.language(lang):
            return i18n.gettext("Nationwide")
    if content.get("scope") == "state":
        return ", ".join(content.get("ufs", []))
    names = [f"{m.name}/{m.uf}" for m in places[:PLACES_SHOWN]]
    more = len(places) - PLACES_SHOWN
    return ", ".join(names) + (f" +{more}" if more > 0 else "")


def _practice_card(
    practice: PracticePublic, places: Sequence[Municipality], lang: str
) -> ShareCard:
    content = practice.revision.content
    place = _place_of(content, places, lang)
    return _card(content.get("title", ""), content.get("themes", []), place, lang)


def practice_card(session: Session, practice_id: int, lang: str) -> ShareCard:
    """The share card of a published practice; NotFound for a draft or a missing id."""
    practice = practices.get_practice(session, None, practice_id)  # the public's view
    places = named(session, practice.revision.content.get("municipalities", []))
    return _practice_card(practice, places, lang)


def practice_share(
    practice: PracticePublic, places: Sequence[Municipality], page: str, lang: str
) -> Share | None:
    """What the practice page hands the share tags; nothing while it is not published (its
    image would not be found). Its managers see the published text first, as the public does."""
    if practice.status != LifecycleStatus.published:
        return None
    card = _practice_card(practice, places, lang)
    summary = practice.revision.content.get("summary", "")
    return _share(card, summary, page, lang, "article")


def _municipality_card(profile: MunicipalityProfile, lang: str) -> ShareCard:
    themes = Counter(t for p in profile.practices for t in p.themes)
    with i18n.language(lang):
        count = i18n.ngettext(
            "%(num)s published practice", "%(num)s published practices", profile.practices_total
        ) % {"num": profile.practices_total}
    place = f"{profile.state.name} · {count}"
    ordered = [t for t, _ in themes.most_common()]
    return _card(f"{profile.name}/{profile.uf}", ordered, place, lang)


def municipality_card(session: Session, ibge_code: int, lang: str) -> ShareCard:
    """The share card of a municipality's page; NotFound for an unknown IBGE code."""
    return _municipality_card(municipalities.municipality_profile(session, None, ibge_code), lang)


def municipality_share(profile: MunicipalityProfile, page: str, lang: str) -> Share:
    card = _municipality_card(profile, lang)
    with i18n.language(lang):
        description = i18n.gettext(
            "Hosting capacity, practices and policies in force in %(place)s."
        ) % {"place": f"{profile.name}/{profile.uf}"}
    return _share(card, description, page, lang, "website")


def _call_card(call: CallPublic, places: Sequence[str], lang: str) -> ShareCard:
    if call.scope == "national":
        with i18n.language(lang):
            place = i18n.gettext("Nationwide")
    else:
        more = len(places) - PLACES_SHOWN
        place = ", ".join(places[:PLACES_SHOWN]) + (f" +{more}" if more > 0 else "")
    return _card(call.title, call.themes, place, lang)


def call_card(session: Session, call_id: int, lang: str) -> ShareCard:
    """The share card of a thematic call; NotFound for a missing id."""
    call = calls.get_call(session, call_id)
    return _call_card(call, call_places(session, call), lang)


def call_share(call: CallPublic, places: Sequence[str], page: str, lang: str) -> Share:
    return _share(_call_card(call, places, lang), call.description, page, lang, "article")


def _share(card: ShareCard, description: str, page: str, lang: str, kind: str) -> Share:
    alt = " · ".join([card.title, *card.themes, card.place])
    image = public_url(image_path(page, lang))
    return Share(card.title, description, public_url(page), image, alt, lang, kind)


def share_png(card: ShareCard) -> bytes:
    """The PNG of a card, drawn once per process and card."""
    return render_png(card)

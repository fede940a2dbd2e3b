"""What a page hands the base template to be shared: its Open Graph and Twitter-card values,
its share links (plain links, no third-party script) and the QR code of its address."""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

import segno
from markupsafe import Markup

from app.web.i18n import LANGS

OG_LOCALES = {"pt-BR": "pt_BR", "es": "es_ES", "en": "en_US", "fr": "fr_FR"}
DESCRIPTION_CHARS = 300
assert OG_LOCALES.keys() == LANGS.keys()


@dataclass(frozen=True)
class Share:
    title: str
    description: str
    url: str  # the page's absolute address
    image: str  # the share image's absolute address
    image_alt: str
    lang: str  # the page's language
    type: str = "article"

    @property
    def summary(self) -> str:
        text = " ".join(self.description.split())
        if len(text) <= DESCRIPTION_CHARS:
            return text
        return text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"

    @property
    def locale(self) -> str:
        return OG_LOCALES.get(self.lang, OG_LOCALES["pt-BR"])

    @property
    def alternate_locales(self) -> list[str]:
        return [code for code in OG_LOCALES.values() if code != self.locale]

    @property
    def locales(self) -> list[tuple[str, str]]:
        """og:locale, then og:locale:alternate for each other language: (property, value)."""
        return [("locale", self.locale), *(("locale:alternate", c) for c in self.alternate_locales)]

    @property
    def whatsapp(self) -> str:
        return "https://wa.me/?text=" + quote(f"{self.title}\n{self.url}", safe="")

    @property
    def mail(self) -> str:
        body = f"{self.summary}\n\n{self.url}"
        return f"mailto:?subject={quote(self.title, safe='')}&body={quote(body, safe='')}"

    def qr(self, title: str) -> Markup:
        """The page's address as an inline SVG QR code (printed sheets: no script, no network)."""
        return _qr_svg(self.url, title)


@lru_cache(maxsize=4096)
def _qr_svg(url: str, title: str) -> Markup:
    """Encoding a QR code (~4 ms) took about a third of a practice page's time; an address's code
    never changes, so the pages most read are encoded once (4,096 codes, ~2 KB each)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, border=2, omitsize=True, title=title, svgclass="qr", lineclass=None
    )
    return Markup(svg)

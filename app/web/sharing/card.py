"""The share image of a page: a 1200×630 PNG (the size Open Graph readers show large) with
the Partilha name, the title, the themes and the place. A card is what is drawn, nothing else:
equal cards draw equal images, so its digest is the image's ETag and its cache key."""

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw

from app.web.sharing.glyphs import Font, draw_text, font, width, wrap

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BRAND, INK, MUTED, SOFT, LINE, WHITE = "#0b5c4a", "#1b1f24", "#4a5360", "#e8f1ee", "#9cc3b7", "#fff"
BAND = 96  # the brand band at the top
TITLE_TOP, TITLE_BOTTOM = 136, 440
TITLE_SIZES = (66, 58, 50)  # the largest size the title fits in without cutting
MAX_TITLE_LINES = 4
VERSION = "1"  # bump when the drawing changes, so ETags and caches change with it


@dataclass(frozen=True)
class ShareCard:
    brand: str  # "Partilha"
    tagline: str  # what Partilha is, in the card's language
    title: str
    themes: tuple[str, ...]  # theme labels in the card's language
    place: str  # "Boa Vista/RR, Pacaraima/RR", "Nationwide", a state's name

    @property
    def digest(self) -> str:
        drawn = "\x1f".join(
            (VERSION, self.brand, self.tagline, self.title, *self.themes, "\x1e", self.place)
        )
        return hashlib.sha256(drawn.encode()).hexdigest()[:32]

    @property
    def etag(self) -> str:
        return f'"{self.digest}"'


@lru_cache(maxsize=128)
def render_png(card: ShareCard) -> bytes:
    """Draw the card (cached: a card already drawn by this process is not drawn again)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, BAND), fill=BRAND)
    draw_text(draw, (MARGIN, 22), card.brand, font(44), WHITE, BRAND)
    tagline = font(24)
    brand_end = MARGIN + width(card.brand, font(44)) + 32
    lines, _ = wrap(card.tagline, tagline, WIDTH - MARGIN - brand_end, 1)
    draw_text(draw, (brand_end, 38), lines[0] if lines else "", tagline, WHITE, BRAND)
    _title(draw, card.title)
    _themes(draw, card.themes, 470)
    draw.rectangle((0, HEIGHT - 12, WIDTH, HEIGHT), fill=BRAND)
    place, _ = wrap(card.place, font(32), WIDTH - 2 * MARGIN, 1)
    draw_text(draw, (MARGIN, HEIGHT - 80), place[0] if place else "", font(32), MUTED, WHITE)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _title(draw: ImageDraw.ImageDraw, title: str) -> None:
    for size in TITLE_SIZES:
        face = font(size)
        lines, cut = wrap(title, face, WIDTH - 2 * MARGIN, MAX_TITLE_LINES)
        step = int(size * 1.2)
        if not cut and len(lines) * step <= TITLE_BOTTOM - TITLE_TOP:
            break
    for n, line in enumerate(lines):
        draw_text(draw, (MARGIN, TITLE_TOP + n * step), line, face, INK, WHITE)
        _embolden(draw, (MARGIN, TITLE_TOP + n * step), line, face)


def _embolden(draw: ImageDraw.ImageDraw, xy: tuple[int, int], line: str, face: Font) -> None:
    """The built-in font has no bold: the title is drawn again one pixel to the right."""
    draw_text(draw, (xy[0] + 1, xy[1]), line, face, INK, WHITE)


def _themes(draw: ImageDraw.ImageDraw, themes: tuple[str, ...], top: int) -> None:
    """The themes as pills on one row; those that do not fit are counted as "+N"."""
    face, x = font(26), float(MARGIN)
    for n, theme in enumerate(themes):
        pill = width(theme, face) + 36
        rest = f"+{len(themes) - n}"
        if x + pill > WIDTH - MARGIN - (width(rest, face) + 36 if n < len(themes) - 1 else 0):
            draw_text(draw, (x + 8, top + 10), rest, face, BRAND, WHITE)
            return
        draw.rounded_rectangle(
            (x, top, x + pill, top + 50), radius=25, fill=SOFT, outline=LINE, width=2
        )
        draw_text(draw, (x + 18, top + 10), theme, face, BRAND, SOFT)
        x += pill + 14

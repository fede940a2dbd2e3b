"""Text on share images: in DejaVu Sans where the system has it (the Docker image installs
fonts-dejavu-core; most Linux desktops have it), otherwise in Pillow's built-in TrueType font,
so no system font is needed.

The built-in font (Aileron) has ASCII and a few signs only: "ã", "ç" or "é" would come out as empty
boxes. A letter with diacritics is therefore drawn as its base letter with the mark placed over
or under it (tilde, acute, grave, circumflex and ring are the font's own signs; the diaeresis
and the cedilla are drawn), which covers pt-BR, es and fr; other signs fall back to their
compatibility form, e.g. "—" to "-", or are left out."""

import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

Font = ImageFont.FreeTypeFont
Color = str | tuple[int, int, int]

# Combining mark -> the font's spacing sign drawn above the letter.
ABOVE = {"\u0301": "´", "\u0300": "`", "\u0302": "^", "\u0303": "~", "\u030a": "°"}
DIAERESIS, CEDILLA = "\u0308", "\u0327"
SUBSTITUTES = {
    "—": "-", "–": "-", "‑": "-", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
    "…": "...", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "\u00a0": " ",
}  # fmt: skip


# Full Latin fonts, first found wins; with one of them every letter below is the font's own.
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"),  # Fedora
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),  # Arch
)


@lru_cache(maxsize=8)
def font(size: int) -> Font:
    for path in SYSTEM_FONTS:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    loaded = ImageFont.load_default(size=size)
    assert isinstance(loaded, ImageFont.FreeTypeFont), "Pillow was built without FreeType"
    return loaded


@lru_cache(maxsize=2048)
def _has(char: str) -> bool:
    """Whether the font has a glyph of its own for this character (not the empty box)."""
    face = font(40)
    return char.isspace() or bytes(face.getmask(char)) != bytes(face.getmask("\uffff"))


@lru_cache(maxsize=512)
def _ink(size: int, char: str) -> tuple[int, int, int, int]:
    """The tight box of a glyph's ink from the drawing origin (Pillow's own box of a glyph
    reaches down to the baseline even for a sign drawn high, like "~")."""
    pad = size
    canvas = Image.new("L", (3 * size, 3 * size))
    ImageDraw.Draw(canvas).text((pad, pad), char, font=font(size), fill=255)
    box = canvas.getbbox() or (pad, pad, pad, pad)
    return box[0] - pad, box[1] - pad, box[2] - pad, box[3] - pad


def plain(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text in characters the font has, and the marks to add: (position, mark)."""
    out: list[str] = []
    marks: list[tuple[int, str]] = []
    for char in text:
        if _has(char):
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, combining = decomposed[0], decomposed[1:]
        if (
            _has(base)
            and combining
            and all(m in ABOVE or m in (DIAERESIS, CEDILLA) for m in combining)
        ):
            marks.extend((len(out), m) for m in combining)
            out.append(base)
            continue
        fallback = SUBSTITUTES.get(char) or unicodedata.normalize("NFKD", char)
        out.extend(c for c in fallback if _has(c))
    return "".join(out), marks


def width(text: str, face: Font) -> float:
    return face.getlength(plain(text)[0])


def draw_text(
    draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, face: Font,
    fill: Color, background: Color,
) -> None:  # fmt: skip
    """Draw one line (anchor: left, ascender) on a plain background, marks included."""
    base, marks = plain(text)
    draw.text(xy, base, font=face, fill=fill)
    x, y = xy
    for position, mark in marks:
        letter = base[position]
        left = x + face.getlength(base[:position])
        box = _ink(int(face.size), letter)
        ink_left, ink_right = left + box[0], left + box[2]
        top = y + box[1]
        if letter in "ij":  # an accented i is dotless: paint the dot over with the background
            top = y + _ink(int(face.size), "x")[1]
            draw.rectangle((ink_left, y, ink_right, top - 1), fill=background)
        _mark(draw, face, mark, (ink_left + ink_right) / 2, top, y + box[3], fill)


def _mark(
    draw: ImageDraw.ImageDraw, face: Font, mark: str, centre: float, top: float, bottom: float,
    fill: Color,
) -> None:  # fmt: skip
    gap = max(1.0, face.size * 0.06)
    if mark == DIAERESIS:
        r = face.size * 0.055
        for dx in (-face.size * 0.12, face.size * 0.12):
            cy = top - gap - r
            draw.ellipse((centre + dx - r, cy - r, centre + dx + r, cy + r), fill=fill)
        return
    sign = "," if mark == CEDILLA else ABOVE[mark]
    size = int(face.size * (0.7 if sign == "^" else 1))  # the ASCII caret is tall and wide
    box = _ink(size, sign)
    x = centre - (box[0] + box[2]) / 2
    y = bottom - box[1] - gap / 2 if mark == CEDILLA else top - gap - box[3]
    draw.text((x, y), sign, font=font(size), fill=fill)


def wrap(text: str, face: Font, max_width: float, max_lines: int) -> tuple[list[str], bool]:
    """Greedy word wrap; past `max_lines` the last line ends in "..." (second value True)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if width(candidate, face) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while width(word, face) > max_width:  # one word wider than the line: cut it
            cut = next(n for n in range(len(word), 0, -1) if width(word[:n], face) <= max_width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, False
    last = lines[max_lines - 1]
    while last and width(last + "...", face) > max_width:
        last = last[:-1].rstrip()
    return [*lines[: max_lines - 1], last.rstrip(" ,.;:-") + "..."], True

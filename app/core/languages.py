"""The languages Partilha speaks (interface and content) and the choice of one from an
Accept-Language header, shared by the pages and the API."""

import re

# Portuguese first: the reference language of all content; the others are translations.
LANGUAGES = ("pt-BR", "es", "en", "fr")
REFERENCE = LANGUAGES[0]


def per_language(*texts: str) -> dict[str, str]:
    """Words people read, given in the order of LANGUAGES (pt-BR, es, en, fr), by language:
    per_language("Lei", "Ley", "Law", "Loi")."""
    if len(texts) != len(LANGUAGES) or not all(texts):
        raise ValueError(f"{texts!r}: one text per language, in the order {LANGUAGES}")
    return dict(zip(LANGUAGES, texts, strict=True))


_QUALITY = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q=([0-9.]+))?\s*$")


def from_accept_language(header: str | None) -> str | None:
    """The best supported language in an Accept-Language header (any pt-* is pt-BR)."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")[:20]):
        match = _QUALITY.match(part)
        if not match:
            continue
        tag, q = match.group(1).lower(), match.group(2)
        try:
            quality = float(q) if q else 1.0
        except ValueError:
            continue
        primary = tag.split("-")[0]
        lang = next((code for code in LANGUAGES if code.split("-")[0].lower() == primary), None)
        if lang and quality > 0:
            choices.append((-quality, position, lang))
    return min(choices)[2] if choices else None

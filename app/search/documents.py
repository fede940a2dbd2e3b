"""Helpers every document builder uses: text as a reader sees it, sort keys, content hashes,
valid geo points, the builder's answer, and the private markers that delimit highlights."""

import hashlib
import math
import re
import unicodedata
from typing import Any

import orjson
from markdown_it import MarkdownIt

# Private-use characters mark highlights inside Meilisearch's _formatted text. They are
# removed from indexed text, so only Meilisearch can put them there.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
_MARKERS = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}]")
# Anything markdown could turn into markup: emphasis, links, headings, code, quotes, lists,
# tables, HTML, entities, escapes, setext underlines.
_MARKDOWN = re.compile(r"[*_#>`\[\]<|~\\&]|^\s*(?:[-+]|\d+[.)])\s|^\s*[=-]{2,}\s*$", re.M)
_md = MarkdownIt("commonmark", {"html": False})
_SENTENCE_ENDS = (".", "!", "?", ":", ";", "…")

Document = dict[str, Any]


def clean(text: str) -> str:
    """No highlight markers; whitespace runs as one space, none at the ends."""
    if MARK_OPEN in text or MARK_CLOSE in text:
        text = _MARKERS.sub("", text)
    return " ".join(text.split())  # the same as a regex \s+ -> " " then strip(), faster


def plain_text(markdown: str) -> str:
    """Markdown as the words a reader sees (no markup, no link targets, no raw HTML); its
    blocks (paragraphs, headings, list items) are kept apart by " · " where they do not end
    a sentence, so a snippet never runs a heading into its list."""
    if not _MARKDOWN.search(markdown or ""):
        return clean(markdown or "")  # nothing to parse: most results/how-to texts are plain
    blocks: list[str] = []
    for token in _md.parse(markdown or ""):
        if token.type in ("inline", "fence", "code_block"):
            children = token.children or []
            parts = [token.content] if not children else []
            for child in children:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            if block := clean("".join(parts)):
                blocks.append(block)
    return "".join(
        block + ("" if last else " " if block.endswith(_SENTENCE_ENDS) else " · ")
        for last, block in ((i == len(blocks) - 1, b) for i, b in enumerate(blocks))
    )


# The combining marks Latin text decomposes into (NFKD): removed by one regex pass; the rest of
# Unicode's marks only from the rare text holding them.
_LATIN_MARKS = re.compile(
    "[" + "".join(c for c in map(chr, range(0x300, 0x370)) if unicodedata.combining(c)) + "]"
)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def sort_key(text: str) -> str:
    """Case and accents folded ("Saúde" -> "saude"). Every document's whole text goes through
    it (synonym_terms), hence the C-speed passes."""
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    if folded.isascii():
        return folded
    marks = {c for c in _NOT_ASCII.findall(folded) if unicodedata.combining(c)}
    return "".join(c for c in folded if c not in marks) if marks else folded


def content_hash(doc: Document) -> str:
    """The same bytes as json.dumps(sort_keys, ensure_ascii=False, compact) for the values a
    document holds (the hashes reconcile compares did not change), written by orjson."""
    body = {k: v for k, v in doc.items() if k != "hash"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]


def upserts_and_deletes(
    ids: list[int], docs: dict[int, Document]
) -> tuple[dict[int, Document], list[int]]:
    """What every document builder answers: its documents, each stamped with its content hash
    (reconcile compares them), and the ids asked for that have none (to delete)."""
    from app.search.synonym_terms import add_synonym_terms  # it reads the synonym file

    for doc in docs.values():
        add_synonym_terms(doc)
        doc["hash"] = content_hash(doc)
    return docs, [i for i in ids if i not in docs]


def valid_geo(lat: float | None, lng: float | None) -> dict[str, float] | None:
    """Meilisearch accepts lat 999 and then never finds it; one bad _geo fails a whole batch."""
    if lat is None or lng is None or not (math.isfinite(lat) and math.isfinite(lng)):
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return {"lat": round(lat, 6), "lng": round(lng, 6)}

"""Synonyms Meilisearch cannot apply at query time, applied when a document is indexed.

A multi-word synonym holding a stop word ("casa de passagem", "sistema único de saúde") never
matches: Meilisearch drops the stop word from the expanded phrase but not from the document's
positions. So for each synonym group with such a phrase, a document that says any of the group's
terms gets all of them in `synonym_terms`, a searchable field every text index ends with."""

import re
from functools import lru_cache
from typing import Any

from app.search.documents import Document, sort_key
from app.search.stop_words import stop_words

FIELD = "synonym_terms"


@lru_cache
def _groups() -> list[tuple[re.Pattern[str], list[str]]]:
    from app.search.specs import synonym_groups  # the file and its validation live there

    ignored = set(stop_words())
    found = []
    for terms in synonym_groups():
        if any(ignored & set(term.split()) for term in terms if " " in term):
            alternatives = "|".join(re.escape(sort_key(t)) for t in sorted(terms, key=len)[::-1])
            found.append((re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), terms))
    return found


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(v for v in value if isinstance(v, str))
    return ""


def add_synonym_terms(doc: Document) -> None:
    """Give `doc` the terms of every such group one of its texts says (nothing otherwise)."""
    text = sort_key(" ".join(_text(v) for k, v in doc.items() if k != FIELD))
    terms = [t for pattern, group in _groups() if pattern.search(text) for t in group]
    if terms:
        doc[FIELD] = terms

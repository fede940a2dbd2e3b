"""Synonyms Meilisearch cannot apply at query time, applied when a document is indexed.

A multi-word synonym holding a stop word ("casa de passagem", "sistema único de saúde") never
matches: Meilisearch drops the stop word from the expanded phrase but not from the document's
positions. So such groups are also applied when a document is indexed, in `synonym_terms`, a
searchable field every text index ends with (and never highlights)."""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.search.documents import Document, sort_key
from app.search.stop_words import stop_words

FIELD = "synonym_terms"


@dataclass(frozen=True)
class _Group:
    phrases: list[
        str
    ]  # the group's terms with a stop word inside: Meilisearch never expands to them
    others: list[str]  # the rest, which Meilisearch expands to by itself
    says_phrase: re.Pattern[str]
    says_other: re.Pattern[str] | None


def _saying(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(sort_key(t)) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@lru_cache
def _groups() -> list[_Group]:
    from app.search.specs import synonym_groups  # the file and its validation live there

    ignored = set(stop_words())
    found = []
    for terms in synonym_groups():
        phrases = [t for t in terms if " " in t and ignored & set(t.split())]
        if phrases:
            others = [t for t in terms if t not in phrases]
            found.append(_Group(phrases, others, _saying(phrases), _saying(others)))  # type: ignore[arg-type]
    return found


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(v for v in value if isinstance(v, str))
    return ""


def add_synonym_terms(doc: Document) -> None:
    """Give `doc` what Meilisearch cannot find it by: a document saying such a phrase gets the
    group's other terms; one saying another term of the group gets the phrases. Never words
    the document already says as such, so highlights stay on the document's own words."""
    text = sort_key(" ".join(_text(v) for k, v in doc.items() if k != FIELD))
    terms: list[str] = []
    for group in _groups():
        if group.says_phrase.search(text):
            terms += [t for t in group.phrases + group.others if not _says(text, t)]
        elif group.says_other is not None and group.says_other.search(text):
            terms += group.phrases
    if terms:
        doc[FIELD] = terms


def _says(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(sort_key(term))}(?!\w)", text) is not None

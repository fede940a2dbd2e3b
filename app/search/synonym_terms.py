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
_WORD = re.compile(r"\w+")
# ASCII text's non-word characters as spaces: its words by a split, faster than the regex.
_NOT_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")})


def _words(text: str) -> set[str]:
    """The words (what \\w+ matches) of `text`: split at ASCII separators at C speed, and only
    the few pieces holding another character ("·", "…") split again by the regex."""
    pieces = text.translate(_NOT_WORD).split()
    if text.isascii():
        return set(pieces)
    return {
        w for piece in pieces for w in (_WORD.findall(piece) if not piece.isascii() else [piece])
    }


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches in a regex


@dataclass(frozen=True)
class _Term:
    text: str  # as the synonym file writes it (what the document is given)
    folded: str
    words: frozenset[str]  # its words: each must be a whole word of a text saying it
    one_word: bool  # nothing but one word: the word set settles it

    def said_in(self, text: str, words: set[str]) -> bool:
        """`text` (folded) says the term as whole words. The word set rules out almost every
        term without scanning the text, and settles a one-word term on its own."""
        if not self.words <= words:
            return False
        if self.one_word:
            return True
        at, size = text.find(self.folded), len(self.folded)
        while at >= 0:
            before = at == 0 or not _is_word(text[at - 1])
            if before and (at + size == len(text) or not _is_word(text[at + size])):
                return True
            at = text.find(self.folded, at + 1)
        return False


def _term(text: str) -> _Term:
    folded = sort_key(text)
    return _Term(text, folded, frozenset(_WORD.findall(folded)), bool(_WORD.fullmatch(folded)))


@dataclass(frozen=True)
class _Group:
    phrases: tuple[_Term, ...]  # terms with a stop word inside: Meilisearch never expands to them
    others: tuple[_Term, ...]  # the rest, which Meilisearch expands to by itself


@lru_cache
def _groups() -> list[_Group]:
    from app.search.specs import synonym_groups  # the file and its validation live there

    ignored = set(stop_words())
    found = []
    for terms in synonym_groups():
        phrases = [t for t in terms if " " in t and ignored & set(t.split())]
        if phrases:
            others = [t for t in terms if t not in phrases]
            found.append(_Group(tuple(map(_term, phrases)), tuple(map(_term, others))))
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
    words = _words(text)
    terms: list[str] = []
    for group in _groups():
        if any(t.said_in(text, words) for t in group.phrases):
            terms += [t.text for t in group.phrases + group.others if not t.said_in(text, words)]
        elif any(t.said_in(text, words) for t in group.others):
            terms += [t.text for t in group.phrases]
    if terms:
        doc[FIELD] = terms

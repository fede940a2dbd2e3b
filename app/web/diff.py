"""Field-by-field differences between two revisions' content, for the curator's review page.
Lines are returned as data (kind, text): the template escapes them like any other text."""

import difflib
import json
from dataclasses import dataclass
from typing import Any

from app.curation.translations import TARGETS

# The order the review page shows fields in; anything else follows alphabetically.
ORDER = (
    "title", "summary", "description", "themes", "audiences", "scope", "municipalities", "ufs",
    "start_date", "end_date", "ongoing", "evidence_level", "results", "how_to_replicate",
    "resources", "partners", "languages", "links", "contact", "contact_public", "details",
)  # fmt: skip


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add" | "del" | "same"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    name: str
    lines: list[DiffLine]


def _as_lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.splitlines() or [""]
    if isinstance(value, list):
        return [json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v for v in value]
    if isinstance(value, dict):
        return [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(value.items())]
    return [json.dumps(value, ensure_ascii=False)]


def _field(name: str, before: Any, after: Any) -> FieldDiff:
    lines = []
    for line in difflib.ndiff(_as_lines(before), _as_lines(after)):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue  # ndiff's intraline hints
        lines.append(DiffLine({"+ ": "add", "- ": "del"}.get(code, "same"), text))
    return FieldDiff(name, lines)


def _flat(content: dict[str, Any]) -> dict[str, Any]:
    """The content with each translation as a field of its own (translations.es.title), so a
    changed translation shows its own lines."""
    flat = {k: v for k, v in content.items() if k != "translations"}
    for lang, fields in (content.get("translations") or {}).items():
        flat.update({f"translations.{lang}.{f}": text for f, text in (fields or {}).items()})
    return flat


def _reading_order(name: str) -> tuple[int, int, int, str]:
    """Fields outside ORDER alphabetically, then translations by language and field order."""
    if not name.startswith("translations."):
        return (0, 0, 0, name)
    _key, lang, field = name.split(".", 2)
    where = ORDER.index(field) if field in ORDER else len(ORDER)
    return (1, TARGETS.index(lang) if lang in TARGETS else len(TARGETS), where, field)


def content_diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldDiff]:
    """Only the fields that changed, in reading order (translations after the rest)."""
    before, after = _flat(before), _flat(after)
    names = [n for n in ORDER if n in before or n in after]
    names += sorted((set(before) | set(after)) - set(ORDER), key=_reading_order)
    return [_field(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n)]

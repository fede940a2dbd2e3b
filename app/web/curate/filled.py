"""Everything the author filled, drawn from the kind's content schema: the review page lists
each filled field its kind's partial does not draw itself (`ReviewKind.shown`), so a field a
kind adds can never be missed by the curators."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from app.curation.kinds import CuratedKind
from app.web.i18n import _
from app.web.templating import fmt_date, label

# Fields whose values are terms of a catalog taxonomy, shown by their labels.
TAXONOMIES = {
    "themes": "themes",
    "audiences": "audiences",
    "languages": "languages",
    "evidence_level": "evidence_levels",
}
NOT_CONTENT = frozenset({"translations"})  # shown beside the Portuguese (translated.py)
LONG = 120  # a longer text is shown as written, line breaks kept


@dataclass(frozen=True)
class Filled:
    name: str
    values: list[str]
    long: bool = False


def _shown(name: str, value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    shown = []
    for item in items:
        if isinstance(item, bool):
            shown.append(_("Yes") if item else _("No"))
        elif name in TAXONOMIES:
            shown.append(label(TAXONOMIES[name], str(item)))
        elif name.endswith("date") and isinstance(item, str):
            shown.append(fmt_date(item))
        elif isinstance(item, dict):
            shown.append(" · ".join(f"{k}: {v}" for k, v in item.items() if v not in (None, "")))
        else:
            shown.append(str(item))
    return shown


def filled(kind: CuratedKind, content: dict[str, Any], shown: Collection[str]) -> list[Filled]:
    """The filled fields of the content the kind's partial leaves out, in the schema's order."""
    rows = []
    for name in kind.content_schema.model_fields:
        value = content.get(name)
        if name in shown or name in NOT_CONTENT or value in (None, "", [], {}, False):
            continue
        values = _shown(name, value)
        rows.append(Filled(name, values, any(len(v) > LONG or "\n" in v for v in values)))
    return rows

"""Labels beside the codes: an export asked for in a language (?lang= or Accept-Language)
carries, after the dataset's own columns, `<column>_label` for each column a dataset declares
as the codes of a catalog taxonomy (themes_label beside themes...), in that language (pt-BR
where a term has no translation). Without a language the export keeps its documented shape."""

from collections.abc import Iterable, Iterator
from typing import Any

from app.catalog.loader import get_catalog
from app.opendata.columns import Column, column
from app.opendata.datasets import DatasetSpec

Row = dict[str, Any]


def columns(dataset: DatasetSpec) -> tuple[Column, ...]:
    kinds = {c.name: c.kind for c in dataset.columns}
    return tuple(
        column(f"{name}_label", kinds[name], f"`{name}` in words, in the requested language")
        for name, _taxonomy in dataset.labelled
    )


def rows(dataset: DatasetSpec, shown: Iterable[Row], lang: str) -> Iterator[Row]:
    taxonomies = get_catalog().taxonomies
    # One label per slug, looked up once per export (rows repeat the same few terms).
    known: dict[tuple[str, str], str] = {}

    def label(taxonomy: str, slug: str) -> str:
        key = (taxonomy, slug)
        if key not in known:
            known[key] = taxonomies.label(taxonomy, slug, lang)  # type: ignore[arg-type]
        return known[key]

    for row in shown:
        labelled = dict(row)
        for name, taxonomy in dataset.labelled:
            value = row.get(name)
            if isinstance(value, list):
                labelled[f"{name}_label"] = [label(taxonomy, str(v)) for v in value]
            else:
                labelled[f"{name}_label"] = label(taxonomy, str(value)) if value else None
        yield labelled

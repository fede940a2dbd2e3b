"""The only reader of the data folders (templates_praticas/, curation/). Validates strictly."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from app.catalog.models import CriteriaFile, Criterion, PracticeTemplate, Taxonomies
from app.config import get_settings

TAXONOMIES_FILE = "taxonomies.yaml"


class CatalogError(Exception):
    """A data file is invalid; the message names the file and the problem."""


@dataclass(frozen=True)
class Catalog:
    taxonomies: Taxonomies
    templates: dict[str, PracticeTemplate]
    criteria: list[Criterion]

    def criteria_for(self, kind: str) -> list[Criterion]:
        """The checklist curators answer for a practice or a policy."""
        return [c for c in self.criteria if kind in c.applies_to]


def _parse(model: type[BaseModel], path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            raw = yaml.safe_load(fh)
        return model.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in exc.errors()
        )
        raise CatalogError(f"{path}: {problems}") from exc


def load_catalog(templates_dir: Path, curation_dir: Path) -> Catalog:
    taxonomies: Taxonomies = _parse(Taxonomies, templates_dir / TAXONOMIES_FILE)
    templates: dict[str, PracticeTemplate] = {}
    for path in sorted(templates_dir.glob("*.yaml")):
        if path.name == TAXONOMIES_FILE:
            continue
        template: PracticeTemplate = _parse(PracticeTemplate, path)
        if template.slug != path.stem:
            raise CatalogError(f"{path}: slug {template.slug!r} must equal the file name")
        for field in template.fields:
            if field.taxonomy and not getattr(taxonomies, field.taxonomy):
                raise CatalogError(f"{path}: field {field.name}: empty taxonomy {field.taxonomy}")
        templates[template.slug] = template
    if not templates:
        raise CatalogError(f"{templates_dir}: no practice templates found")
    criteria: CriteriaFile = _parse(CriteriaFile, curation_dir / "criteria.yaml")
    return Catalog(taxonomies=taxonomies, templates=templates, criteria=criteria.criteria)


@lru_cache
def get_catalog() -> Catalog:
    settings = get_settings()
    return load_catalog(settings.templates_dir, settings.curation_dir)

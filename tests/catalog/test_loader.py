"""The data folders load, and an invalid file stops with its name and the problem."""

import shutil
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from app.catalog.loader import CatalogError, load_catalog
from app.config import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates_praticas"
CURATION = PROJECT_ROOT / "curation"
REQUIRED_THEMES = {
    "acolhimento-abrigamento",
    "interiorizacao",
    "documentacao-regularizacao",
    "educacao",
    "ensino-portugues",
    "saude",
    "saude-mental",
    "trabalho-renda",
    "assistencia-social",
    "acesso-justica",
    "moradia",
    "genero-diversidade",
    "infancia-juventude",
    "povos-indigenas",
    "combate-xenofobia",
    "participacao-comites",
    "capacitacao-agentes-publicos",
    "comunicacao-informacao",
    "dados-pesquisa",
    "redes-atendimento",
}


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    templates, curation = tmp_path / "t", tmp_path / "c"
    shutil.copytree(TEMPLATES, templates)
    shutil.copytree(CURATION, curation)
    return templates, curation


def edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


class TestShippedData:
    def test_shipped_folders_are_valid_and_complete(self) -> None:
        catalog = load_catalog(TEMPLATES, CURATION)
        assert {"geral", "formacao", "redes"} <= set(catalog.templates)
        assert catalog.taxonomies.slugs("themes") >= REQUIRED_THEMES
        assert catalog.taxonomies.slugs("evidence_levels") == {
            "avaliada",
            "monitorada",
            "promissora",
        }
        for name in ("themes", "audiences", "organisation_types", "evidence_levels", "languages"):
            for term in getattr(catalog.taxonomies, name):
                assert all(term.labels.get(lang) for lang in ("pt-BR", "es", "en", "fr"))
        assert any(c.required for c in catalog.criteria_for("practice"))

    def test_api_serves_templates_and_taxonomies(self, client: TestClient) -> None:
        templates = client.get("/api/v1/templates").json()
        assert {t["slug"] for t in templates} >= {"geral", "formacao", "redes"}
        taxonomies = client.get("/api/v1/taxonomies").json()
        assert {t["slug"] for t in taxonomies["themes"]} >= REQUIRED_THEMES
        assert client.get("/api/v1/curation/criteria").json()


class TestInvalidData:
    def test_unknown_field_type(self, copies: tuple[Path, Path]) -> None:
        templates, curation = copies
        edit(templates / "geral.yaml", lambda d: d["fields"][0].update(type="colour"))
        with pytest.raises(CatalogError, match=r"geral\.yaml.*fields\.0\.type"):
            load_catalog(templates, curation)

    def test_slug_must_match_file_name(self, copies: tuple[Path, Path]) -> None:
        templates, curation = copies
        edit(templates / "redes.yaml", lambda d: d.update(slug="networks"))
        with pytest.raises(CatalogError, match="must equal the file name"):
            load_catalog(templates, curation)

    def test_duplicate_theme_slug(self, copies: tuple[Path, Path]) -> None:
        templates, curation = copies
        edit(templates / "taxonomies.yaml", lambda d: d["themes"].append(d["themes"][0]))
        with pytest.raises(CatalogError, match="duplicate slugs"):
            load_catalog(templates, curation)

    def test_missing_pt_br_label(self, copies: tuple[Path, Path]) -> None:
        templates, curation = copies
        edit(curation / "criteria.yaml", lambda d: d["criteria"][0]["question"].pop("pt-BR"))
        with pytest.raises(CatalogError, match=r"criteria\.yaml"):
            load_catalog(templates, curation)

    def test_text_field_needs_a_limit(self, copies: tuple[Path, Path]) -> None:
        templates, curation = copies
        edit(
            templates / "geral.yaml",
            lambda d: d["fields"].append(
                {"name": "extra", "type": "text", "labels": {"pt-BR": "Extra"}}
            ),
        )
        with pytest.raises(CatalogError, match="need max_length"):
            load_catalog(templates, curation)

    def test_broken_yaml(self, copies: tuple[Path, Path]) -> None:
        templates, curation = copies
        (templates / "formacao.yaml").write_text("slug: [unclosed", encoding="utf-8")
        with pytest.raises(CatalogError, match=r"formacao\.yaml"):
            load_catalog(templates, curation)

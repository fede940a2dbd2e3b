"""Interface languages: pt-BR by default, es/en/fr from Accept-Language or the switch, every
UI string in every catalog, taxonomy labels in the interface language, content untouched."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from app.web import i18n

WEB = Path(i18n.__file__).parent
HOME_TITLE = {
    "pt-BR": "Boas práticas de acolhimento de migrantes e refugiados",
    "es": "Buenas prácticas de acogida de migrantes y refugiados",
    "en": "Good practices of migrant and refugee reception",
    "fr": "Bonnes pratiques d'accueil des migrants et réfugiés",
}
THEME_HEALTH = {
    "pt-BR": "Saúde mental e apoio psicossocial",
    "es": "Salud mental y apoyo psicosocial",
    "en": "Mental health and psychosocial support",
    "fr": "Santé mentale et soutien psychosocial",
}


def _ui_messages() -> set[str]:
    # The mapping pybabel uses (templates, code, and the word lists kept as YAML data).
    with (WEB / "babel.cfg").open() as cfg:
        method_map, options = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = extract_from_dir(str(WEB), method_map, options, keywords=keywords)
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


class TestCatalogs:
    @pytest.mark.parametrize("folder", list(i18n.LANGS.values()))
    def test_every_interface_string_is_translated(self, folder: str):
        with (WEB / "locales" / folder / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            catalog = read_po(fh)
        translated = {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog
            if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
        }
        wanted = _ui_messages()
        assert len(wanted) > 250  # the extraction really read the templates and the code
        missing = sorted(wanted - translated)
        assert not missing, f"{folder}: untranslated {missing[:10]}"

    def test_catalogs_compile_in_memory(self):
        assert i18n.catalogs()["pt-BR"].gettext("Sign in") == "Entrar"
        assert (
            i18n.catalogs()["fr"].ngettext("%(num)s practice", "%(num)s practices", 2)
            == "%(num)s pratiques"
        )


class TestLanguageChoice:
    def test_portuguese_by_default(self, client: TestClient):
        page = client.get("/")
        assert '<html lang="pt-BR">' in page.text
        assert HOME_TITLE["pt-BR"] in page.text

    @pytest.mark.parametrize(
        ("header", "lang"),
        [
            ("es-AR,es;q=0.9", "es"),
            ("en-GB", "en"),
            ("fr-CA,fr;q=0.8,en;q=0.5", "fr"),
            ("de-DE,en;q=0.5", "en"),
            ("pt-PT", "pt-BR"),
            ("zh", "pt-BR"),
        ],
    )
    def test_from_accept_language(self, client: TestClient, header: str, lang: str):
        page = client.get("/", headers={"Accept-Language": header})
        assert f'<html lang="{lang}">' in page.text
        assert HOME_TITLE[lang] in page.text

    @pytest.mark.parametrize("lang", ["es", "en", "fr", "pt-BR"])
    def test_the_switch_persists_in_a_cookie(self, client: TestClient, lang: str):
        switched = client.get(f"/idioma/{lang}?next=/busca", follow_redirects=False)
        assert switched.status_code == 303 and switched.headers["location"] == "/busca"
        assert f"partilha_lang={lang}" in switched.headers["set-cookie"]
        # The cookie wins over the browser's Accept-Language on every later page.
        page = client.get("/", headers={"Accept-Language": "de"})
        assert HOME_TITLE[lang] in page.text
        assert THEME_HEALTH[lang] in page.text  # taxonomy labels come from the catalog data

    def test_an_unknown_language_changes_nothing(self, client: TestClient):
        response = client.get("/idioma/xx", follow_redirects=False)
        assert "partilha_lang" not in response.headers.get("set-cookie", "")

    def test_error_pages_are_translated_too(self, client: TestClient):
        client.get("/idioma/fr")
        assert "Page introuvable" in client.get("/nao-existe").text

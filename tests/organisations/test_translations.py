"""Translations of organisation profiles, declared on the kind (its description): proposed
with the profile, reviewed with it, public only once approved, read in the visitor's language on
the API and the page (marked with its language), kept by the site's form, bad ones refused."""

from typing import Any

import pytest

from tests.builders import auth
from tests.organisations.conftest import Network, profile_payload
from tests.places import BOA_VISTA
from tests.web.helpers import csrf_from, sign_in

SPANISH = "Acoge a refugiados venezolanos con albergue, comedor y clases de portugués."
FRENCH = "Accueille des réfugiés vénézuéliens : hébergement, cours de portugais, démarches."


def _read(network: Network, org_id: int, **params: Any) -> Any:
    headers = params.pop("headers", {})
    answer = network.client.get(f"/api/v1/organisations/{org_id}", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer


class TestLifecycle:
    def test_proposed_with_a_translation_public_in_spanish_once_approved(
        self, network: Network
    ) -> None:
        org = network.caritas
        proposed = network.propose(
            org, network.member, translations={"es": {"description": SPANISH}}
        )
        assert proposed.status_code == 200, proposed.text
        pending = proposed.json()["pending"]["content"]
        assert pending["translations"] == {"es": {"description": SPANISH}}
        assert _read(network, org.id, lang="es").json()["profile"] is None  # hidden till approved

        network.approve(org)
        spanish = _read(network, org.id, lang="es")
        profile = spanish.json()["profile"]
        assert profile["description"] == SPANISH and profile["language"] == "es"
        assert profile["text_languages"] == ["pt-BR", "es"]
        assert profile["languages"] == ["pt", "es"]  # those it serves people in, unchanged
        assert spanish.headers["Content-Language"] == "es"
        by_header = _read(network, org.id, headers={"Accept-Language": "es-VE,es;q=0.9"})
        assert by_header.json()["profile"]["description"] == SPANISH
        french = _read(network, org.id, headers={"Accept-Language": "fr"}).json()["profile"]
        assert french["language"] == "pt-BR" and french["description"].startswith("Acolhe")

        page = network.client.get(f"/organizacoes/{org.id}", headers={"Accept-Language": "es"})
        assert f'id="organisation-description" lang="es"><p>{SPANISH}' in page.text
        assert "Este contenido está en portugués" not in page.text
        in_french = network.client.get(f"/organizacoes/{org.id}", headers={"Accept-Language": "fr"})
        assert 'id="organisation-description" lang="pt-BR"><p>Acolhe' in in_french.text
        assert 'id="in-portuguese"' in in_french.text
        portuguese = network.client.get(f"/organizacoes/{org.id}")
        assert 'id="in-portuguese"' not in portuguese.text

        # The directory finds it by words of its Spanish description alone.
        network.sync()
        found = network.client.get("/api/v1/organisations", params={"q": "comedor"}).json()
        assert [o["id"] for o in found] == [org.id]

        # A new translation waits with its revision; the approved Spanish stays public.
        both = {"es": {"description": SPANISH}, "fr": {"description": FRENCH}}
        assert network.propose(org, network.member, translations=both).status_code == 200
        assert _read(network, org.id, lang="fr").json()["profile"]["language"] == "pt-BR"
        network.approve(org)
        assert _read(network, org.id, lang="fr").json()["profile"]["description"] == FRENCH

    @pytest.mark.parametrize(
        ("translations", "loc"),
        [
            ({"de": {"description": SPANISH}}, ["body", "translations", "de"]),
            ({"es": {"title": "Acogida"}}, ["body", "translations", "es", "title"]),
            ({"es": {"description": "corta"}}, ["body", "translations", "es", "description"]),
        ],
    )
    def test_bad_translations_are_refused_naming_them(
        self, network: Network, translations: dict[str, Any], loc: list[str]
    ) -> None:
        answer = network.propose(network.caritas, network.member, translations=translations)
        assert answer.status_code == 422, answer.text
        assert loc in [e["loc"][: len(loc)] for e in answer.json()["errors"]]
        state = network.client.get(
            f"/api/v1/organisations/{network.caritas.id}/profile", headers=auth(network.member)
        )
        assert state.status_code == 404  # nothing written


class TestForm:
    def test_the_sites_form_keeps_and_sends_the_translations(self, network: Network) -> None:
        org, client = network.caritas, network.client
        network.publish(org, network.member, translations={"es": {"description": SPANISH}})
        sign_in(client, network.member)
        form_page = f"/organizacoes/{org.id}/perfil"
        page = client.get(form_page)
        assert SPANISH in page.text and 'id="traducao-fr"' in page.text
        payload = profile_payload()
        data = {
            "csrf_token": csrf_from(page),
            "description": payload["description"],
            "type": "osc",
            "ufs": ["RR"],
            "municipalities": str(BOA_VISTA),  # a code: no search needed to name it
            "themes": payload["themes"],
            "languages": payload["languages"],
            "contact_channel": "email",
            "contact_value": "contato@caritas-rr.example.org",
            "translations.es.description": SPANISH,
            "translations.fr.description": "trop court",
        }
        refused = client.post(form_page, data=data)
        assert refused.status_code == 422
        assert 'id="err-translations-fr-description"' in refused.text
        data |= {"csrf_token": csrf_from(refused), "translations.fr.description": FRENCH}
        sent = client.post(form_page, data=data, follow_redirects=False)
        assert sent.status_code == 303, sent.text
        state = client.get(f"/api/v1/organisations/{org.id}/profile", headers=auth(network.member))
        assert state.json()["pending"]["content"]["translations"] == {
            "es": {"description": SPANISH},
            "fr": {"description": FRENCH},
        }
        # The curators' review shows each translation beside the Portuguese.
        client.post("/sair", data={"csrf_token": csrf_from(client.get("/"))})
        sign_in(client, network.curator)
        review = client.get(f"/curadoria/organizacoes/{org.id}")
        assert review.status_code == 200
        assert f'<td lang="fr">{FRENCH}</td>' in review.text
        assert '<td lang="pt-BR">Acolhe refugiados' in review.text

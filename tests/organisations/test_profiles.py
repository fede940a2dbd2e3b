"""Organisation profiles through the API: a curated kind like every other (hidden until
approved, a new revision waits while the approved one stays public), the member's PUT, and bad
input refused naming the field with nothing written."""

from typing import Any

import pytest
from sqlmodel import Session, func, select

from app.db import get_engine
from app.organisations.models import OrganisationProfile, OrganisationProfileRevision
from tests.builders import auth, make_user
from tests.organisations.conftest import Network, profile_payload
from tests.places import BOA_VISTA, MANAUS, PACARAIMA


class TestLifecycle:
    def test_a_proposed_profile_is_public_only_once_approved(self, network: Network) -> None:
        org, path = network.caritas, f"/api/v1/organisations/{network.caritas.id}"
        proposed = network.propose(org, network.member)
        assert proposed.status_code == 200, proposed.text
        state = proposed.json()
        assert state["status"] == "submitted" and state["published"] is None
        assert state["pending"]["content"]["contact"]["value"] == "contato@caritas-rr.example.org"
        assert network.client.get(path).json()["profile"] is None
        assert network.client.get(f"{path}/profile").status_code == 404
        assert (
            network.client.get(f"/api/v1/municipalities/{BOA_VISTA}").json()["organisations_here"]
            == []
        )
        queue = network.client.get(
            "/api/v1/curation/queue",
            params={"kind": "organisation-profiles"},
            headers=auth(network.curator),
        ).json()
        assert [(i["kind"], i["subject_id"], i["title"]) for i in queue["items"]] == [
            ("organisation_profile", org.id, "Cáritas Roraima")
        ]
        assert queue["items"][0]["ufs"] == ["RR"]

        shown = network.approve(org)
        profile = shown["profile"]
        assert shown["name"] == "Cáritas Roraima" and profile["type"] == "osc"
        assert [(p["ibge_code"], p["name"], p["uf"]) for p in profile["municipalities"]] == [
            (BOA_VISTA, "Boa Vista", "RR"),
            (PACARAIMA, "Pacaraima", "RR"),
        ]
        assert profile["contact"] == {
            "channel": "email",
            "value": "contato@caritas-rr.example.org",
        }
        here = network.client.get(f"/api/v1/municipalities/{PACARAIMA}").json()
        assert here["organisations_here"] == [
            {
                "id": org.id,
                "name": "Cáritas Roraima",
                "type": "osc",
                "themes": ["acolhimento-abrigamento", "ensino-portugues"],
            }
        ]
        history = network.client.get(f"/api/v1/organisation-profiles/{org.id}/history").json()
        assert [e["action"] for e in history] == ["approve"]

    def test_a_new_revision_waits_while_the_approved_one_stays_public(
        self, network: Network
    ) -> None:
        org = network.caritas
        network.publish(org, network.member)
        again = profile_payload(municipalities=[MANAUS], ufs=[], type="international")
        first = network.propose(org, network.member, **again)
        assert first.status_code == 200, first.text
        # The same PUT retried while it waits answers with the same state, nothing new.
        retried = network.propose(org, network.member, **again)
        assert retried.json()["pending"]["id"] == first.json()["pending"]["id"]
        assert first.json()["pending"]["content"]["ufs"] == ["AM"]  # the municipality's UF
        public = network.client.get(f"/api/v1/organisations/{org.id}").json()["profile"]
        assert public["type"] == "osc" and public["revision"] == 1
        mine = network.client.get(
            f"/api/v1/organisations/{org.id}/profile", headers=auth(network.member)
        ).json()
        assert mine["published"]["revision"] == 1 and mine["pending"]["number"] == 2
        # While curators hold it, another change is refused with what is allowed.
        changed = network.propose(org, network.member, **{**again, "languages": ["pt"]})
        assert changed.status_code == 409
        after = network.approve(org)["profile"]
        assert after["type"] == "international" and after["ufs"] == ["AM"]
        assert (
            network.client.get(f"/api/v1/municipalities/{BOA_VISTA}").json()["organisations_here"]
            == []
        )

    def test_withdrawn_profiles_leave_the_public_view(self, network: Network) -> None:
        org = network.caritas
        network.publish(org, network.member)
        path = f"/api/v1/organisations/{org.id}/profile/withdraw"
        assert network.client.post(path, headers=auth(network.other)).status_code == 403
        withdrawn = network.client.post(path, headers=auth(network.member))
        assert withdrawn.status_code == 200, withdrawn.text
        assert withdrawn.json()["status"] == "archived"
        assert network.client.get(f"/api/v1/organisations/{org.id}").json()["profile"] is None

    def test_a_withdrawn_profile_is_proposed_again_through_curation(self, network: Network) -> None:
        org, path = network.caritas, f"/api/v1/organisations/{network.caritas.id}"
        network.publish(org, network.member)
        withdrawn = network.client.post(f"{path}/profile/withdraw", headers=auth(network.member))
        assert withdrawn.status_code == 200, withdrawn.text
        again = network.propose(org, network.member, type="international")
        assert again.status_code == 200, again.text
        state = again.json()
        # Still withdrawn for everyone until curators approve the new revision.
        assert state["status"] == "archived" and state["published"] is None
        assert state["pending"]["number"] == 2 and state["pending"]["status"] == "submitted"
        assert network.client.get(path).json()["profile"] is None
        assert network.client.get(f"{path}/profile").status_code == 404
        # Curators send it back; the member edits the same revision and sends it again.
        base = f"/api/v1/curation/organisation-profiles/{org.id}"
        claimed = network.client.post(f"{base}/claim", headers=auth(network.curator)).json()
        asked = network.client.post(
            f"{base}/decisions",
            json={
                "revision_id": claimed["revision_id"],
                "outcome": "request_changes",
                "reason": "Diga onde atende.",
            },
            headers=auth(network.curator),
        )
        assert asked.status_code == 201, asked.text
        fixed = network.propose(org, network.member, type="international", ufs=["RR", "AM"])
        assert fixed.status_code == 200, fixed.text
        assert fixed.json()["pending"]["number"] == 2
        shown = network.approve(org)["profile"]
        assert shown["type"] == "international" and shown["revision"] == 2
        assert shown["ufs"] == ["AM", "RR"]
        mine = network.client.get(f"{path}/profile", headers=auth(network.member)).json()
        assert mine["status"] == "published" and mine["pending"] is None
        history = network.client.get(f"/api/v1/organisation-profiles/{org.id}/history").json()
        assert [e["action"] for e in history] == ["approve", "withdraw", "approve"]


class TestWhoMay:
    def test_only_members_and_curators_propose(self, network: Network, session: Session) -> None:
        org = network.caritas
        refused = network.propose(org, network.other)
        assert refused.status_code == 403 and refused.json()["code"] == "not_manager"
        anonymous = network.client.put(
            f"/api/v1/organisations/{org.id}/profile", json=profile_payload()
        )
        assert anonymous.status_code == 401
        assert network.propose(network.missao, network.member).status_code == 403
        missing = network.client.put(
            "/api/v1/organisations/99999/profile",
            json=profile_payload(),
            headers=auth(network.member),
        )
        assert missing.status_code == 404
        # A curator of the organisation may propose for it, but not decide on it.
        insider = make_user(session, "curator", org, email="cur-rr@teste.org")
        session.commit()
        assert network.propose(org, insider).status_code == 200
        claim = network.client.post(
            f"/api/v1/curation/organisation-profiles/{org.id}/claim", headers=auth(insider)
        )
        assert claim.status_code == 403
        assert claim.json()["code"] in ("conflict_authored", "conflict_own_organisation")


def _rows() -> tuple[int, int]:
    with Session(get_engine()) as session:
        return (
            session.exec(select(func.count()).select_from(OrganisationProfile)).one(),
            session.exec(select(func.count()).select_from(OrganisationProfileRevision)).one(),
        )


class TestBadInput:
    @pytest.mark.parametrize(
        ("overrides", "loc"),
        [
            ({"themes": ["acolhimento-abrigamento", "astrologia"]}, ["body", "themes", 1]),
            ({"languages": ["pt", "klingon"]}, ["body", "languages", 1]),
            ({"municipalities": [BOA_VISTA, 1234567]}, ["body", "municipalities", 1]),
            ({"ufs": ["ZZ"], "municipalities": []}, ["body", "ufs", 0]),
            ({"ufs": [], "municipalities": []}, ["body", "ufs"]),
            ({"type": "clube"}, ["body", "type"]),
            ({"website": "not a site"}, ["body", "website"]),
            (
                {"contact": {"channel": "email", "value": "sem-arroba"}},
                ["body", "contact", "value"],
            ),
            (
                {"contact": {"channel": "whatsapp", "value": "ligue já"}},
                ["body", "contact", "value"],
            ),
            ({"description": "curta"}, ["body", "description"]),
        ],
    )
    def test_refused_naming_the_field_and_nothing_written(
        self, network: Network, overrides: dict[str, Any], loc: list[Any]
    ) -> None:
        answer = network.propose(network.caritas, network.member, **overrides)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert loc in [e["loc"] for e in answer.json()["errors"]]
        assert _rows() == (0, 0)

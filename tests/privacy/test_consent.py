"""Consent to publish a practice's contact: every grant and withdrawal is recorded with its
date and author, shown to the organisation and the curators, and a withdrawal takes effect
on the public site at once."""

from datetime import timedelta
from typing import Any

from app.db import utcnow
from tests.builders import auth, practice_payload, required_checklist
from tests.privacy.conftest import CONSENTED, People
from tests.web.helpers import post_form, practice_form, sign_in


def consents(people: People, practice_id: int, user: object) -> list[dict[str, object]]:
    return list(
        people.ok(
            people.client.get(
                f"/api/v1/practices/{practice_id}/consents",
                headers=auth(user),  # type: ignore[arg-type]
            )
        )
    )


class TestConsentHistory:
    def test_granted_then_withdrawn_with_dates(self, people: People) -> None:
        before = utcnow()
        practice = people.draft(contact=CONSENTED, contact_public=True)
        people.patch(people.colleague, practice["id"], contact_public=False)
        rows = consents(people, practice["id"], people.owner)
        assert [(r["purpose"], r["granted"], r["actor"]) for r in rows] == [
            ("publish_contact", True, people.owner.name),
            ("publish_contact", False, people.colleague.name),
        ]
        granted_at, withdrawn_at = (r["created_at"] for r in rows)
        assert isinstance(granted_at, str) and isinstance(withdrawn_at, str)
        assert before - timedelta(seconds=1) < _parse(granted_at) <= _parse(withdrawn_at)
        assert rows[0]["revision_id"] == practice["revision"]["id"]

    def test_edits_that_keep_the_answer_add_nothing(self, people: People) -> None:
        practice = people.draft(contact=CONSENTED, contact_public=False)
        people.patch(people.owner, practice["id"], title="Um título diferente e novo")
        assert consents(people, practice["id"], people.owner) == []
        people.patch(people.owner, practice["id"], contact_public=True)
        people.patch(people.owner, practice["id"], summary="Outro resumo da prática, mais longo.")
        assert [r["granted"] for r in consents(people, practice["id"], people.owner)] == [True]

    def test_curators_see_it_others_do_not(self, people: People) -> None:
        practice = people.publish(contact=CONSENTED, contact_public=True)
        assert len(consents(people, practice["id"], people.curator)) == 1
        path = f"/api/v1/practices/{practice['id']}/consents"
        assert people.client.get(path, headers=auth(people.outsider)).status_code == 403
        assert people.client.get(path).status_code == 403
        draft = people.draft()
        other = f"/api/v1/practices/{draft['id']}/consents"
        assert people.client.get(other, headers=auth(people.outsider)).status_code == 404


class TestWithdrawalTakesEffectAtOnce:
    def test_the_public_stops_seeing_the_contact_before_curation(self, people: People) -> None:
        practice = people.publish(contact=CONSENTED, contact_public=True)
        path = f"/api/v1/practices/{practice['id']}"
        assert people.client.get(path).json()["revision"]["content"]["contact"] == CONSENTED
        people.patch(people.owner, practice["id"], contact_public=False)
        public = people.client.get(path).json()
        assert public["status"] == "published"  # still public, the same curated text
        assert "contact" not in public["revision"]["content"]
        assert public["revision"]["content"]["title"] == practice["revision"]["content"]["title"]
        # The organisation still has it, and its pending edit waits for curation as usual.
        own = people.client.get(path, headers=auth(people.owner)).json()
        assert own["revision"]["content"]["contact"] == CONSENTED
        assert own["pending_revision"]["status"] == "draft"

    def test_a_new_consent_waits_for_curation(self, people: People) -> None:
        practice = people.publish(contact=CONSENTED, contact_public=False)
        people.patch(people.owner, practice["id"], contact_public=True)
        public = people.client.get(f"/api/v1/practices/{practice['id']}").json()
        assert "contact" not in public["revision"]["content"]
        assert [r["granted"] for r in consents(people, practice["id"], people.owner)] == [True]


def _parse(value: str):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class TestWithdrawingDuringReview:
    def test_the_withdrawal_endpoint_works_while_an_edit_is_in_review(self, people: People) -> None:
        practice = people.publish(contact=CONSENTED, contact_public=True)
        pid, path = practice["id"], f"/api/v1/practices/{practice['id']}"
        edited = people.patch(people.owner, pid, title="Balcão de documentação ampliado")
        owner, curator = auth(people.owner), auth(people.curator)
        assert people.client.post(f"{path}/submit", headers=owner).status_code == 200
        claim = people.client.post(f"/api/v1/curation/practices/{pid}/claim", headers=curator)
        assert claim.status_code == 200
        # An edit must wait for the curators' answer; a withdrawal does not.
        assert (
            people.client.patch(path, json={"contact_public": False}, headers=owner).status_code
            == 409
        )
        outsider = people.client.post(f"{path}/consents/withdraw", headers=auth(people.outsider))
        assert outsider.status_code == 403
        assert people.client.post(f"{path}/consents/withdraw").status_code == 401
        rows = people.ok(people.client.post(f"{path}/consents/withdraw", headers=owner))
        assert [r["granted"] for r in rows] == [True, False]
        assert "contact" not in people.client.get(path).json()["revision"]["content"]
        decision = {
            "revision_id": edited["pending_revision"]["id"],
            "outcome": "approve",
            "checklist": required_checklist(),
        }
        decided = people.client.post(
            f"/api/v1/curation/practices/{pid}/decisions", json=decision, headers=curator
        )
        assert decided.status_code == 201, decided.text
        public = people.client.get(path).json()
        assert public["revision"]["content"]["title"] == "Balcão de documentação ampliado"
        assert "contact" not in public["revision"]["content"]


class TestOnlyTheOrganisationConsents:
    """Consent comes from the owning organisation: curators and admins may withdraw it, never
    grant it (for a practice they enter on an organisation's behalf either), nor put another
    contact under an existing one."""

    def _refused(self, response: Any) -> None:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        [error] = response.json()["errors"]
        assert error["loc"] == ["body", "contact_public"]
        assert error["type"] == "consent_not_yours"

    def test_staff_cannot_grant_but_can_keep_and_withdraw(self, people: People) -> None:
        on_behalf = practice_payload(
            contact=CONSENTED, contact_public=True, organisation_id=people.org.id
        )
        for staff in (people.curator, people.admin):
            sent = people.client.post("/api/v1/practices", json=on_behalf, headers=auth(staff))
            self._refused(sent)
        mine = people.client.get("/api/v1/practices?mine=true", headers=auth(people.owner))
        assert mine.json()["total"] == 0  # nothing was written
        private = people.publish(contact=CONSENTED, contact_public=False)
        path = f"/api/v1/practices/{private['id']}"
        granted = {"contact_public": True}
        self._refused(people.client.patch(path, json=granted, headers=auth(people.curator)))
        assert consents(people, private["id"], people.owner) == []
        assert "contact" not in people.client.get(path).json()["revision"]["content"]

        consented = people.publish(contact=CONSENTED, contact_public=True)
        path = f"/api/v1/practices/{consented['id']}"
        other = {"contact": {**CONSENTED, "email": "outra.pessoa@example.org"}}
        self._refused(people.client.patch(path, json=other, headers=auth(people.curator)))
        # Editing something else keeps the organisation's consent; withdrawing it is allowed.
        people.patch(people.curator, consented["id"], title="Balcão de documentação revisto")
        people.patch(people.curator, consented["id"], contact_public=False)
        rows = consents(people, consented["id"], people.owner)
        assert [(r["granted"], r["actor"]) for r in rows] == [
            (True, people.owner.name),
            (False, people.curator.name),
        ]
        # The organisation grants it again itself.
        people.patch(people.colleague, consented["id"], contact_public=True)

    def test_the_form_says_it_beside_the_field(self, people: People) -> None:
        private = people.publish(contact=CONSENTED, contact_public=False)
        page = f"/praticas/{private['id']}/editar"
        sign_in(people.client, people.curator)
        form = practice_form(contact_public="on", contact_email=CONSENTED["email"])
        response = post_form(people.client, page, page, form)
        assert response.status_code == 403
        assert "Só membros da organização da prática podem consentir" in response.text
        assert 'value="Casa de passagem para famílias venezuelanas"' in response.text  # kept
        assert consents(people, private["id"], people.owner) == []

"""Serving private contact data to someone outside the owning organisation (curators,
admins) writes an audit row naming the fields, never their values; admins list the rows and
the data subject finds them in their export."""

import json
from typing import Any

from sqlmodel import Session, col, select

from app.practices.models import PrivateDataAccess
from tests.builders import auth
from tests.privacy.conftest import CONSENTED, PUBLISHED_PRIVATE, People
from tests.web.helpers import sign_in

ALL_FIELDS = ["contact.email", "contact.name", "contact.phone"]


def audit_rows(session: Session) -> list[PrivateDataAccess]:
    rows = list(session.exec(select(PrivateDataAccess).order_by(col(PrivateDataAccess.id))))
    session.commit()  # SQLite: release the lock this read took; the next read sees new rows
    return rows


def read(people: People, practice_id: int, user: Any) -> None:
    headers = auth(user) if user else {}
    assert people.client.get(f"/api/v1/practices/{practice_id}", headers=headers).status_code == 200


class TestWhoIsAudited:
    def test_a_curator_read_is_audited_without_values(
        self, people: People, session: Session
    ) -> None:
        practice = people.publish(contact=PUBLISHED_PRIVATE)
        assert audit_rows(session) == []  # curating it served nothing through a read yet
        read(people, practice["id"], people.curator)
        [row] = audit_rows(session)
        assert (row.actor_id, row.actor_role, row.practice_id) == (
            people.curator.id,
            "curator",
            practice["id"],
        )
        assert (row.organisation_id, row.fields) == (people.org.id, ALL_FIELDS)
        assert row.route == f"GET /api/v1/practices/{practice['id']}"
        assert row.created_at is not None
        stored = json.dumps(row.model_dump(mode="json"), ensure_ascii=False)
        assert not [v for v in PUBLISHED_PRIVATE.values() if v in stored]

    def test_anonymous_members_and_outsiders_are_not(
        self, people: People, session: Session
    ) -> None:
        practice = people.publish(contact=PUBLISHED_PRIVATE)
        for user in (None, people.owner, people.colleague, people.outsider):
            read(people, practice["id"], user)
        assert audit_rows(session) == []

    def test_a_public_contact_is_not_private_data(self, people: People, session: Session) -> None:
        practice = people.publish(contact=CONSENTED, contact_public=True)
        read(people, practice["id"], people.admin)
        assert audit_rows(session) == []

    def test_only_the_fields_that_were_there(self, people: People, session: Session) -> None:
        practice = people.draft(contact={"name": "Só Nome"})
        read(people, practice["id"], people.admin)
        assert [(r.actor_role, r.fields) for r in audit_rows(session)] == [
            ("admin", ["contact.name"])
        ]

    def test_the_curators_review_page_and_lists(self, people: People, session: Session) -> None:
        practice = people.publish(contact=PUBLISHED_PRIVATE)
        mine = people.client.get("/api/v1/practices?mine=true", headers=auth(people.curator))
        assert mine.status_code == 200
        sign_in(people.client, people.curator)
        page = people.client.get(f"/curadoria/praticas/{practice['id']}")
        assert page.status_code == 200 and PUBLISHED_PRIVATE["email"] in page.text
        routes = [r.route for r in audit_rows(session)]
        assert routes == ["GET /api/v1/practices", f"GET /curadoria/praticas/{practice['id']}"]


class TestReadingTheAudit:
    def test_admins_page_through_it(self, people: People) -> None:
        practice = people.publish(contact=PUBLISHED_PRIVATE)
        for _ in range(3):
            read(people, practice["id"], people.curator)
        page = people.ok(
            people.client.get("/api/v1/admin/audit?per_page=2", headers=auth(people.admin))
        )
        assert page["total"] == 3 and len(page["items"]) == 2
        assert page["items"][0]["id"] > page["items"][1]["id"]  # newest first
        filtered = people.ok(
            people.client.get(
                f"/api/v1/admin/audit?actor_id={people.admin.id}", headers=auth(people.admin)
            )
        )
        assert filtered["total"] == 0
        too_many = people.client.get("/api/v1/admin/audit?per_page=201", headers=auth(people.admin))
        assert too_many.status_code == 422
        for user in (people.curator, people.owner):
            assert people.client.get("/api/v1/admin/audit", headers=auth(user)).status_code == 403

    def test_the_data_subject_finds_it_in_the_export(self, people: People) -> None:
        practice = people.publish(contact=PUBLISHED_PRIVATE)
        read(people, practice["id"], people.curator)
        export = people.ok(people.client.get("/api/v1/me/export", headers=auth(people.owner)))
        [access] = export["accesses_to_my_data"]
        assert (access["actor_id"], access["practice_id"]) == (people.curator.id, practice["id"])
        curator = people.ok(people.client.get("/api/v1/me/export", headers=auth(people.curator)))
        assert [a["practice_id"] for a in curator["accesses_i_made"]] == [practice["id"]]

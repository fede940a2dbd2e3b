"""Migration 0018 (curation events keep the content changes were asked of): a database holding
a request for changes goes down to 0017 and up again; the history comes back whole, and the
resubmission is still marked, with no changed fields to show (that content was not kept)."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.builders import auth, practice_payload
from tests.curation.conftest import Actors, decide, post
from tests.migrating import migrate


class TestContentAskedMigration:
    def test_requests_made_before_read_without_a_diff(
        self, client: TestClient, session: Session, actors: Actors, db_url: str
    ) -> None:
        created = client.post(
            "/api/v1/practices", json=practice_payload(), headers=auth(actors.owner)
        )
        practice = created.json()
        pid = practice["id"]
        assert post(client, actors.owner, f"/api/v1/practices/{pid}/submit").is_success
        assert post(client, actors.curator, f"/api/v1/curation/practices/{pid}/claim").is_success
        asked = decide(client, actors.curator, practice, "request_changes", reason="Fonte?")
        assert asked.status_code == 201, asked.text
        history = client.get(f"/api/v1/practices/{pid}/history", headers=auth(actors.owner))

        migrate(db_url, "0017")
        migrate(db_url, "head")

        again = client.get(f"/api/v1/practices/{pid}/history", headers=auth(actors.owner))
        assert again.json() == history.json()
        edit = {"results": "320 famílias (fonte: SUAS 2024)."}
        changed = client.patch(f"/api/v1/practices/{pid}", json=edit, headers=auth(actors.owner))
        assert changed.status_code == 200, changed.text
        assert post(client, actors.owner, f"/api/v1/practices/{pid}/submit").is_success
        queue = client.get("/api/v1/curation/queue", headers=auth(actors.curator)).json()
        (row,) = [i for i in queue["items"] if i["subject_id"] == pid]
        assert (row["resubmitted"], row["changed"]) == (True, [])

        # A request made now keeps its content again: the next resubmission names the field.
        assert post(client, actors.curator, f"/api/v1/curation/practices/{pid}/claim").is_success
        current = client.get(f"/api/v1/practices/{pid}", headers=auth(actors.owner)).json()
        assert decide(client, actors.curator, current, "request_changes", reason="Mais").is_success
        edit = {"summary": "Rede de acolhimento com fonte dos números."}
        client.patch(f"/api/v1/practices/{pid}", json=edit, headers=auth(actors.owner))
        assert post(client, actors.owner, f"/api/v1/practices/{pid}/submit").is_success
        queue = client.get("/api/v1/curation/queue", headers=auth(actors.curator)).json()
        (row,) = [i for i in queue["items"] if i["subject_id"] == pid]
        assert row["changed"] == ["summary"]

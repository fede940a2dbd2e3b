"""API-key scopes: what a key may do, never wider than its owner's role; keys never mint keys;
revocation and deactivation stop a key at once; a key's last use; keys made before scopes."""

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import ApiKey, Role, User
from app.accounts.security import new_api_key
from app.db import get_engine, utcnow
from tests.builders import PASSWORD, auth, create_practice, practice_payload, required_checklist
from tests.curation.conftest import Actors
from tests.migrating import migrate


@pytest.fixture
def actors(session: Session) -> Actors:
    return Actors(session)


def make_key(client: TestClient, user: User, scopes: list[str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"name": "parceiro", **({"scopes": scopes} if scopes else {})}
    created = client.post("/api/v1/api-keys", json=body, headers=auth(user))
    assert created.status_code == 201, created.text
    return dict(created.json())


def key_header(key: dict[str, Any]) -> dict[str, str]:
    return {"X-API-Key": key["key"]}


def submitted_practice(client: TestClient, actors: Actors) -> dict[str, Any]:
    practice = create_practice(client, actors.owner)
    path = f"/api/v1/practices/{practice['id']}/submit"
    assert client.post(path, headers=auth(actors.owner)).status_code == 200
    return practice


def decision(practice: dict[str, Any]) -> dict[str, Any]:
    return {
        "revision_id": practice["revision"]["id"],
        "outcome": "approve",
        "checklist": required_checklist(),
    }


class TestScopesAtCreation:
    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            ("contributor", ["read", "submit"]),
            ("gov_editor", ["read", "submit"]),
            ("curator", ["read", "submit", "curate"]),
            ("admin", ["read", "submit", "curate", "admin"]),
        ],
    )
    def test_by_default_a_key_holds_what_its_owners_role_allows(
        self, client: TestClient, actors: Actors, role: str, expected: list[str]
    ) -> None:
        owner = {
            "contributor": actors.owner,
            "gov_editor": actors.gov,
            "curator": actors.curator,
            "admin": actors.admin,
        }[role]
        key = make_key(client, owner)
        assert key["scopes"] == expected
        listed = client.get("/api/v1/api-keys", headers=auth(owner)).json()
        assert listed[0]["scopes"] == expected

    def test_a_scope_includes_the_narrower_ones(self, client: TestClient, actors: Actors) -> None:
        assert make_key(client, actors.curator, ["curate"])["scopes"] == [
            "read",
            "submit",
            "curate",
        ]
        assert make_key(client, actors.admin, ["read"])["scopes"] == ["read"]

    @pytest.mark.parametrize(
        ("who", "scopes"),
        [("owner", ["curate"]), ("gov", ["read", "admin"]), ("curator", ["admin"])],
    )
    def test_a_scope_wider_than_the_role_is_422_naming_scopes(
        self, client: TestClient, actors: Actors, who: str, scopes: list[str]
    ) -> None:
        user = getattr(actors, who)
        body = {"name": "k", "scopes": scopes}
        refused = client.post("/api/v1/api-keys", json=body, headers=auth(user))
        assert refused.status_code == 422
        assert [e["loc"] for e in refused.json()["errors"]] == [["body", "scopes"]]
        assert client.get("/api/v1/api-keys", headers=auth(user)).json() == []

    @pytest.mark.parametrize("scopes", [["everything"], []])
    def test_unknown_or_no_scopes_are_422(
        self, client: TestClient, actors: Actors, scopes: list[str]
    ) -> None:
        body = {"name": "k", "scopes": scopes}
        refused = client.post("/api/v1/api-keys", json=body, headers=auth(actors.admin))
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["loc"][:2] == ["body", "scopes"]


class TestOnlyAPasswordCreatesKeys:
    def test_a_key_cannot_mint_a_key(self, client: TestClient, actors: Actors) -> None:
        key = make_key(client, actors.admin)
        refused = client.post("/api/v1/api-keys", json={"name": "filha"}, headers=key_header(key))
        assert refused.status_code == 403
        bearer = {"Authorization": f"Bearer {key['key']}"}
        again = client.post("/api/v1/api-keys", json={"name": "f"}, headers=bearer)
        assert again.status_code == 403
        assert len(client.get("/api/v1/api-keys", headers=key_header(key)).json()) == 1

    def test_a_signed_in_token_creates_keys(self, client: TestClient, actors: Actors) -> None:
        form = {"username": actors.owner.email, "password": PASSWORD}
        token = client.post("/api/v1/auth/token", data=form).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert client.post("/api/v1/api-keys", json={"name": "k"}, headers=headers).is_success


class TestKeysStopAtOnce:
    def test_a_revoked_key_is_refused_on_its_next_request(
        self, client: TestClient, actors: Actors
    ) -> None:
        key = make_key(client, actors.owner)
        assert client.get("/api/v1/me", headers=key_header(key)).status_code == 200
        revoked = client.delete(f"/api/v1/api-keys/{key['id']}", headers=auth(actors.owner))
        assert revoked.status_code == 200
        assert client.get("/api/v1/me", headers=key_header(key)).status_code == 401

    def test_a_deactivated_owners_keys_are_refused(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        key = make_key(client, actors.curator)
        assert client.get("/api/v1/me", headers=key_header(key)).status_code == 200
        actors.curator.is_active = False
        session.add(actors.curator)
        session.commit()
        assert client.get("/api/v1/me", headers=key_header(key)).status_code == 401

    def test_a_deleted_account_s_keys_are_refused(self, client: TestClient, actors: Actors) -> None:
        key = make_key(client, actors.owner)
        deleted = client.request(
            "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=auth(actors.owner)
        )
        assert deleted.is_success, deleted.text
        assert client.get("/api/v1/me", headers=key_header(key)).status_code == 401

    def test_an_owner_moved_to_a_narrower_role_narrows_their_keys(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        key = make_key(client, actors.admin)
        headers = key_header(key)
        org = {"name": "Nova Org", "type": "osc", "uf": "RR"}
        assert client.post("/api/v1/organisations", json=org, headers=headers).status_code == 201
        actors.admin.role = Role.curator
        session.add(actors.admin)
        session.commit()
        org["name"] = "Outra Org"
        refused = client.post("/api/v1/organisations", json=org, headers=headers)
        assert refused.status_code == 403 and "scope" in refused.json()["detail"]


class TestLastUse:
    def test_last_use_is_written_at_most_once_a_minute(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        key = make_key(client, actors.owner)
        assert key["last_used_at"] is None

        def last_used() -> str | None:
            keys = client.get("/api/v1/api-keys", headers=auth(actors.owner)).json()
            return keys[0]["last_used_at"]  # type: ignore[no-any-return]

        assert client.get("/api/v1/me", headers=key_header(key)).status_code == 200
        first = last_used()
        assert first is not None
        assert client.get("/api/v1/me", headers=key_header(key)).status_code == 200
        assert last_used() == first  # within the minute: no write
        row = session.get(ApiKey, key["id"])
        assert row is not None
        row.last_used_at = utcnow() - timedelta(minutes=2)
        session.add(row)
        session.commit()
        assert client.get("/api/v1/me", headers=key_header(key)).status_code == 200
        later = last_used()
        assert later is not None and later > first


class TestReadKey:
    def test_a_read_key_reads_and_every_write_is_403(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = create_practice(client, actors.owner)
        key = make_key(client, actors.owner, ["read"])
        headers = key_header(key)
        pid = practice["id"]
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        assert client.get(f"/api/v1/practices/{pid}", headers=headers).status_code == 200
        assert client.head("/api/v1/me", headers=headers).status_code != 403
        writes = [
            ("POST", "/api/v1/practices", practice_payload()),
            ("PATCH", f"/api/v1/practices/{pid}", {"title": "Outro título"}),
            ("POST", f"/api/v1/practices/{pid}/submit", None),
            ("DELETE", f"/api/v1/api-keys/{key['id']}", None),
            ("DELETE", "/api/v1/me", {"password": PASSWORD}),
        ]
        for method, path, body in writes:
            answer = client.request(method, path, json=body, headers=headers)
            assert answer.status_code == 403, (method, path, answer.text)
        assert client.get("/api/v1/me", headers=headers).status_code == 200  # nothing happened


class TestSubmitKey:
    def test_a_submit_key_creates_edits_and_submits(
        self, client: TestClient, actors: Actors
    ) -> None:
        headers = key_header(make_key(client, actors.owner, ["submit"]))
        created = client.post("/api/v1/practices", json=practice_payload(), headers=headers)
        assert created.status_code == 201, created.text
        pid = created.json()["id"]
        edit = {"title": "Acolhida revista"}
        assert client.patch(f"/api/v1/practices/{pid}", json=edit, headers=headers).is_success
        assert client.post(f"/api/v1/practices/{pid}/submit", headers=headers).status_code == 200

    def test_a_curators_submit_key_may_not_curate(self, client: TestClient, actors: Actors) -> None:
        practice = submitted_practice(client, actors)
        headers = key_header(make_key(client, actors.curator, ["submit"]))
        base = f"/api/v1/curation/practices/{practice['id']}"
        assert client.post(f"{base}/claim", headers=headers).status_code == 403
        decided = client.post(f"{base}/decisions", json=decision(practice), headers=headers)
        assert decided.status_code == 403
        assert client.get("/api/v1/curation/queue", headers=headers).status_code == 403

    def test_an_admins_submit_key_may_not_administer(
        self, client: TestClient, actors: Actors
    ) -> None:
        headers = key_header(make_key(client, actors.admin, ["submit"]))
        org = {"name": "Nova Org", "type": "osc", "uf": "RR"}
        assert client.post("/api/v1/organisations", json=org, headers=headers).status_code == 403


class TestCurateAndAdminKeys:
    def test_a_curate_key_claims_and_decides(self, client: TestClient, actors: Actors) -> None:
        practice = submitted_practice(client, actors)
        headers = key_header(make_key(client, actors.curator, ["curate"]))
        base = f"/api/v1/curation/practices/{practice['id']}"
        assert client.get("/api/v1/curation/queue", headers=headers).status_code == 200
        assert client.post(f"{base}/claim", headers=headers).status_code == 200
        decided = client.post(f"{base}/decisions", json=decision(practice), headers=headers)
        assert decided.status_code == 201, decided.text

    def test_admin_routes_need_the_admin_scope(self, client: TestClient, actors: Actors) -> None:
        org = {"name": "Nova Org", "type": "osc", "uf": "RR"}
        curate = key_header(make_key(client, actors.admin, ["curate"]))
        assert client.post("/api/v1/organisations", json=org, headers=curate).status_code == 403
        assert client.get("/api/v1/admin/audit", headers=curate).status_code == 403
        admin = key_header(make_key(client, actors.admin, ["admin"]))
        assert client.post("/api/v1/organisations", json=org, headers=admin).status_code == 201
        assert client.get("/api/v1/admin/audit", headers=admin).status_code == 200


class TestKeysMadeBeforeScopes:
    def test_upgrading_gives_existing_keys_their_owners_role(
        self, client: TestClient, actors: Actors, db_url: str
    ) -> None:
        migrate(db_url, "0010")
        owners = {"contributor": actors.owner, "curator": actors.curator, "admin": actors.admin}
        keys: dict[str, str] = {}
        with get_engine().begin() as conn:
            for role, owner in owners.items():
                key, prefix, key_hash = new_api_key()
                conn.execute(
                    sa.text(
                        "INSERT INTO apikey (user_id, name, prefix, key_hash, created_at) "
                        "VALUES (:user_id, :name, :prefix, :key_hash, :created_at)"
                    ),
                    {
                        "user_id": owner.id,
                        "name": f"antiga {role}",
                        "prefix": prefix,
                        "key_hash": key_hash,
                        "created_at": utcnow(),
                    },
                )
                keys[role] = key
        migrate(db_url, "head")

        expected = {
            "contributor": ["read", "submit"],
            "curator": ["read", "submit", "curate"],
            "admin": ["read", "submit", "curate", "admin"],
        }
        for role, owner in owners.items():
            listed = client.get("/api/v1/api-keys", headers=auth(owner)).json()
            assert [k["scopes"] for k in listed] == [expected[role]]
            assert client.get("/api/v1/me", headers={"X-API-Key": keys[role]}).status_code == 200
        practice = submitted_practice(client, actors)
        claim = f"/api/v1/curation/practices/{practice['id']}/claim"
        contributor = {"X-API-Key": keys["contributor"]}
        assert client.post(claim, headers=contributor).status_code == 403
        assert client.post(claim, headers={"X-API-Key": keys["curator"]}).status_code == 200

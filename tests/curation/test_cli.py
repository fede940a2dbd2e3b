"""`partilha curation`: the queue, claim and decisions from a terminal, under the API's rules."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import cli
from tests.builders import create_practice, make_user, required_checklist
from tests.curation.conftest import Actors, post


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["curation", *args])


class TestCurationCli:
    def test_queue_claim_and_approve_with_the_separation_of_duties(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        practice = create_practice(client, actors.owner)
        pid = str(practice["id"])
        assert post(client, actors.owner, f"/api/v1/practices/{pid}/submit").is_success
        colleague = make_user(session, "curator", actors.org, email="colega@teste.org")

        listed = run("queue", "--as", colleague.email)
        assert listed.exit_code == 0, listed.output
        assert f"practices/{pid}" in listed.output
        assert "[conflict_own_organisation]" in listed.output
        refused = run("claim", "practices", pid, "--as", colleague.email)
        assert refused.exit_code == 1
        assert "your own organisation" in refused.output

        claimed = run("claim", "practices", pid, "--as", actors.curator.email)
        assert claimed.exit_code == 0, claimed.output
        assert "submitted -> in_review" in claimed.output
        revision = str(practice["revision"]["id"])
        incomplete = run(
            "decide", "practices", pid, "approve", "--as", actors.curator.email,
            "--revision", revision,
        )  # fmt: skip
        assert incomplete.exit_code == 1
        assert "required to approve" in incomplete.output
        answers = [a for c, v in required_checklist().items() for a in ("--answer", f"{c}={v}")]
        approved = run(
            "decide", "practices", pid, "approve", "--as", actors.curator.email,
            "--revision", revision, *answers,
        )  # fmt: skip
        assert approved.exit_code == 0, approved.output
        assert "in_review -> approved" in approved.output
        page = client.get(f"/api/v1/practices/{pid}").json()
        assert page["status"] == "published"

    def test_unknown_kind_and_user_are_named(self, actors: Actors) -> None:
        unknown = run("queue", "--as", actors.curator.email, "--kind", "widgets")
        assert unknown.exit_code == 1
        assert "unknown kind 'widgets'" in unknown.output
        nobody = run("queue", "--as", "nobody@teste.org")
        assert nobody.exit_code == 1
        assert "no active user" in nobody.output

"""`partilha limits unlock`: support lets a locked-out person in before the window ends."""

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from app.accounts.models import User
from app.cli import cli
from tests.builders import PASSWORD
from tests.ratelimits.conftest import assert_limited, from_ip


def sign_in(app: FastAPI, ip: str, email: str, password: str = PASSWORD) -> int:
    client = from_ip(app, ip)
    answer = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    return answer.status_code


class TestUnlock:
    def test_an_email_locked_by_failures_signs_in_after_unlock(self, app: FastAPI, ana: User):
        for n in range(3):
            sign_in(app, f"203.0.113.{n}", ana.email, "wrong")
        refused = from_ip(app, "198.51.100.9").post(
            "/api/v1/auth/token", data={"username": ana.email, "password": PASSWORD}
        )
        assert_limited(refused, "sign_in_account")
        result = CliRunner().invoke(cli, ["limits", "unlock", "--email", "ANA@caritas.org"])
        assert result.exit_code == 0, result.output
        assert "4 contador" in result.output  # the e-mail's, and its count at each address
        assert sign_in(app, "198.51.100.9", ana.email) == 200

    def test_an_address_is_unlocked_and_others_keep_their_counts(self, app: FastAPI, ana: User):
        for n in range(6):
            sign_in(app, "203.0.113.5", f"nobody{n}@example.org")
            sign_in(app, "203.0.113.6", f"nobody{n}@example.org")
        assert sign_in(app, "203.0.113.5", ana.email) == 429
        result = CliRunner().invoke(cli, ["limits", "unlock", "--ip", "203.0.113.5"])
        assert result.exit_code == 0, result.output
        assert sign_in(app, "203.0.113.5", ana.email) == 200
        assert sign_in(app, "203.0.113.6", ana.email) == 429

    @pytest.mark.parametrize("args", [[], ["--ip", "not-an-address"]])
    def test_bad_arguments_are_named(self, app: FastAPI, args: list[str]):
        result = CliRunner().invoke(cli, ["limits", "unlock", *args])
        assert result.exit_code == 2
        assert "--" in result.output

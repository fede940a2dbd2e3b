"""Schemathesis fuzzes every operation of the app's own OpenAPI, through the ASGI app with the
real test database and Meilisearch, as each role: no 5xx, and every answer (status, media type,
headers, body) is the one the schema documents (errors are documented problem+json).

Bounded: per operation, schemathesis' coverage cases (boundary values, each parameter made
invalid in turn) and PARTILHA_FUZZ_EXAMPLES random cases (positive and negative data); once a
role's PARTILHA_FUZZ_BUDGET_S is spent, the remaining operations get one random case each, so
none goes unvisited. Cases are derandomised (the same every run, ~2.5 min on SQLite).

PostgreSQL runs anonymous and curator only: its requests are slower, the other roles reach the
same queries, and what differs by backend (integer width, NUL in text) is caught by type.
Explore locally with fresh random cases: PARTILHA_FUZZ_EXPLORE=1 PARTILHA_FUZZ_EXAMPLES=40
PARTILHA_FUZZ_ROLES=contributor,admin (comma-separated)."""

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.hypothesis.builder import (
    HypothesisTestConfig,
    HypothesisTestMode,
    create_test,
)
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.search import maintenance
from tests.builders import auth, create_practice, make_org, make_user, publish
from tests.policies.conftest import People, publish_policy

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROLES = ("anonymous", "contributor", "curator", "gov_editor", "admin")
# PostgreSQL: the roles that reach the most distinct queries (public reads, every staff path);
# the others share their code paths and already run on SQLite.
POSTGRES_ROLES = ("anonymous", "curator")
# Deleting the fuzzing account would turn the rest of its run into 401s;
# tests/privacy/test_account.py covers it.
SKIPPED = {("DELETE", "/api/v1/me")}
# The batch body is NDJSON text (documented as a string): send it as it is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
CONFIG = schemathesis.Config.from_dict(
    # Both modes; our role's token only (no generated credentials); the same cases every run.
    {"generation": {"mode": "all", "with-security-parameters": False, "deterministic": True}}
)
EXAMPLES = int(os.environ.get("PARTILHA_FUZZ_EXAMPLES", "6"))
# Local exploration: fresh random cases each run, for the roles named (comma-separated).
EXPLORE = os.environ.get("PARTILHA_FUZZ_EXPLORE", "") != ""
ONLY_ROLES = [r for r in os.environ.get("PARTILHA_FUZZ_ROLES", "").split(",") if r]
BUDGET_S = float(os.environ.get("PARTILHA_FUZZ_BUDGET_S", "25"))


@dataclass
class Findings:
    failures: list[str] = field(default_factory=list)
    per_operation: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, message: str) -> None:
        seen = self.per_operation.get(label, 0)
        self.per_operation[label] = seen + 1
        if seen < 2:  # the first two of each operation are enough to fix it
            self.failures.append(f"{label}\n{message}")


@pytest.fixture
def roles(session: Session, client: TestClient) -> dict[str, dict[str, str]]:
    """An account per role, plus content for the ids the fuzzer will try (small integers)."""
    org = make_org(session, "Cáritas Fuzz", uf="RR")
    contributor = make_user(session, "contributor", org, email="contrib@fuzz.org")
    curator = make_user(session, "curator", email="curator@fuzz.org")
    admin = make_user(session, "admin", email="admin@fuzz.org")
    gov = make_user(session, "gov_editor", scope="RR", email="gov@fuzz.org")
    publish(client, contributor, curator)
    publish(client, contributor, curator, title="Aulas de português em Manaus")
    submitted = create_practice(client, contributor, title="Prática aguardando curadoria")
    client.post(f"/api/v1/practices/{submitted['id']}/submit", headers=auth(contributor))
    create_practice(client, contributor, title="Rascunho com contato privado")
    publish_policy(client, People(session))
    client.post("/api/v1/api-keys", json={"name": "parceiro"}, headers=auth(contributor))
    session.commit()  # SQLite: the fixture's own reads must not hold the write lock
    maintenance.setup(get_engine(), get_settings())  # every index, filled from the database
    return {
        "anonymous": {},
        "contributor": auth(contributor),
        "curator": auth(curator),
        "gov_editor": auth(gov),
        "admin": auth(admin),
    }


@pytest.fixture
def app(client: TestClient) -> Iterator[FastAPI]:
    fastapi_app = client.app
    assert isinstance(fastapi_app, FastAPI)
    yield fastapi_app
    asgi.shutdown_lifespans()  # schemathesis keeps the app's lifespan open otherwise


def _raised(case: schemathesis.Case, exc: Exception) -> str:
    where = exc.__traceback__
    frames = []
    while where is not None:
        if "/app/" in where.tb_frame.f_code.co_filename:
            frames.append(f"{where.tb_frame.f_code.co_filename}:{where.tb_lineno}")
        where = where.tb_next
    return f"{type(exc).__name__}: {str(exc)[:300]}\n  at {frames[-3:]}\n  {case!r}"[:1500]


def _fuzz(
    operation: schemathesis.APIOperation,
    examples: int,
    coverage: bool,
    headers: dict[str, str],
    findings: Findings,
) -> int:
    """Schemathesis' coverage cases (boundaries, every parameter made invalid in turn), then
    `examples` random cases in positive and negative modes; returns how many were sent."""
    sent = 0

    def check(case: schemathesis.Case) -> None:
        nonlocal sent
        sent += 1
        mode = case.meta.generation.mode.value if case.meta else "?"
        label = f"{operation.label} [{mode}]"
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # the app raised: a 500 behind a real server
            findings.add(label, _raised(case, exc))
            return
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as exc:
            findings.add(label, str(exc))

    modes = [HypothesisTestMode.COVERAGE] if coverage and not EXPLORE else []
    config = HypothesisTestConfig(
        project=operation.schema.config,
        modes=[*modes, HypothesisTestMode.FUZZING],
        settings=settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=not EXPLORE,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )
    test = create_test(operation=operation, test_func=check, config=config)
    with contextlib.suppress(Unsatisfiable):  # e.g. nothing to make invalid without parameters
        test()
    return sent


def test_every_operation_as_every_role(
    app: FastAPI, roles: dict[str, dict[str, str]], backend: str
) -> None:
    schema = schemathesis.openapi.from_dict(app.openapi(), config=CONFIG)
    schema.app = app
    findings = Findings()
    for role in ONLY_ROLES or (POSTGRES_ROLES if backend == "postgres" else ROLES):
        deadline = time.monotonic() + BUDGET_S
        sent = 0
        for result in schema.get_all_operations():
            operation = result.ok()
            if (operation.method.upper(), operation.path) in SKIPPED:
                continue
            in_time = time.monotonic() < deadline
            sent += _fuzz(operation, EXAMPLES if in_time else 1, in_time, roles[role], findings)
        print(f"{role}: {sent} requests")
    assert not findings.failures, f"{len(findings.failures)} failures:\n\n" + "\n\n".join(
        findings.failures
    )

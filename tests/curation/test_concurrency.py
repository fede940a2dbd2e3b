"""Racing decisions: two curators decide on the same revision at the same moment."""

import threading

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.curation import decisions
from app.curation.models import Action, CurationEvent, DecisionCreate
from app.db import get_engine
from app.errors import Conflict
from app.outbox.models import OutboxEvent
from app.practices.kind import PRACTICE
from tests.builders import required_checklist
from tests.curation.conftest import Actors, to_state


def race(actors: Actors, practice_id: int, revision_id: int, outcomes: list[str]) -> list[str]:
    barrier = threading.Barrier(len(outcomes))
    results: list[str] = [""] * len(outcomes)
    curators = [actors.curator, actors.curator2]

    def decide(i: int) -> None:
        body = DecisionCreate(
            revision_id=revision_id,
            outcome=outcomes[i],  # type: ignore[arg-type]
            reason="motivo",
            checklist=required_checklist(),
        )
        with Session(get_engine(), expire_on_commit=False) as session:
            barrier.wait()
            try:
                decisions.decide(session, curators[i], PRACTICE, practice_id, body)
                results[i] = "ok"
            except Conflict:
                results[i] = "conflict"

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(len(outcomes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


class TestRacingDecisions:
    @pytest.mark.parametrize(
        "outcomes", [["approve", "reject"], ["reject", "request_changes"], ["approve", "approve"]]
    )
    def test_exactly_one_outcome(
        self, client: TestClient, actors: Actors, outcomes: list[str]
    ) -> None:
        for _ in range(3):  # several rounds: a race that slips through should not hide behind luck
            practice = to_state(client, actors, "in_review")
            results = race(actors, practice["id"], practice["revision"]["id"], outcomes)
            assert sorted(results) == ["conflict", "ok"], results
            with Session(get_engine()) as session:
                decisions = session.exec(
                    select(CurationEvent).where(
                        CurationEvent.subject_id == practice["id"],
                        CurationEvent.action.in_(
                            [Action.approve, Action.reject, Action.request_changes]
                        ),  # type: ignore[attr-defined]
                    )
                ).all()
                assert len(decisions) == 1
                published = session.exec(
                    select(OutboxEvent).where(OutboxEvent.entity_id == practice["id"])
                ).all()
                assert len(published) == (1 if decisions[0].action == Action.approve else 0)

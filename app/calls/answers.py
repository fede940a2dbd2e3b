"""How practices answer calls, handed in at assembly (app/assembly.py): practices build on
calls (a practice names the call it answers), so calls learn their answers through these."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from app.calls.models import AnswerBrief, CallAnswers
from app.core.slots import Slot


@dataclass(frozen=True)
class Answers:
    # (session, call ids) -> counts of answers in review and published, per call
    counts: Callable[[Session, list[int]], dict[int, CallAnswers]]
    # (session, call id, limit) -> the published answers, newest first
    published: Callable[[Session, int, int], list[AnswerBrief]]


_answers: Slot[Answers] = Slot("call answers")
register = _answers.register


def counts(session: Session, call_ids: list[int]) -> dict[int, CallAnswers]:
    return _answers.get().counts(session, call_ids) if call_ids else {}


def published(session: Session, call_id: int, limit: int) -> list[AnswerBrief]:
    return _answers.get().published(session, call_id, limit)

"""How practices answer thematic calls, as the calls domain reads them (app/assembly.py
registers these with app/calls/answers.py)."""

from sqlmodel import Session

from app.calls.models import AnswerBrief, CallAnswers
from app.curation import repository as curated
from app.practices import repository as repo


def counts(session: Session, call_ids: list[int]) -> dict[int, CallAnswers]:
    return {
        call: CallAnswers(in_review=in_review, published=published)
        for call, (in_review, published) in repo.call_answer_counts(session, call_ids).items()
    }


def published(session: Session, call_id: int, limit: int) -> list[AnswerBrief]:
    rows = repo.published_answers(session, call_id, limit)
    names = curated.organisation_names(session, {p.organisation_id for p, _ in rows})
    return [
        AnswerBrief(
            id=practice.id or 0,
            title=revision.content.get("title", ""),
            organisation=names.get(practice.organisation_id, ""),
            published_at=practice.published_at,
        )
        for practice, revision in rows
    ]

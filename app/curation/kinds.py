"""The kinds of item that go through curation, each with its tables and outbox events."""

import builtins
from dataclasses import dataclass
from typing import Any

from app.curation.models import RevisionStatus, SubjectType
from app.outbox.models import EntityType
from app.policies.models import Policy, PolicyRevision
from app.practices.models import Practice, PracticeRevision


@dataclass(frozen=True)
class CurationKind:
    type: SubjectType
    # builtins.type: the field `type` above shadows the builtin inside the class body.
    subject: builtins.type[Any]  # a CuratedBase table
    revision: builtins.type[Any]  # a RevisionBase table
    entity_type: EntityType
    parent_key: str  # the revision's column naming its item

    def new_revision(self, subject_id: int, number: int, actor_id: int) -> Any:
        return self.revision(
            **{self.parent_key: subject_id},
            number=number,
            status=RevisionStatus.draft,
            content={},
            created_by_id=actor_id,
        )

    @property
    def published_event(self) -> str:
        return f"{self.type.value}.published"

    @property
    def archived_event(self) -> str:
        return f"{self.type.value}.archived"


PRACTICE = CurationKind(
    SubjectType.practice, Practice, PracticeRevision, EntityType.practice, "practice_id"
)
POLICY = CurationKind(SubjectType.policy, Policy, PolicyRevision, EntityType.policy, "policy_id")
KINDS: dict[SubjectType, CurationKind] = {PRACTICE.type: PRACTICE, POLICY.type: POLICY}

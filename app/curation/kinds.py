"""The kinds of item that go through curation, each with its tables and outbox events."""

from dataclasses import dataclass

from app.curation.models import SubjectType
from app.outbox.models import EntityType
from app.practices.models import Practice, PracticeRevision


@dataclass(frozen=True)
class CurationKind:
    type: SubjectType
    subject: type[Practice]
    revision: type[PracticeRevision]
    entity_type: EntityType

    @property
    def published_event(self) -> str:
        return f"{self.type.value}.published"

    @property
    def archived_event(self) -> str:
        return f"{self.type.value}.archived"


PRACTICE = CurationKind(SubjectType.practice, Practice, PracticeRevision, EntityType.practice)
KINDS: dict[SubjectType, CurationKind] = {PRACTICE.type: PRACTICE}

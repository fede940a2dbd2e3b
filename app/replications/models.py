"""Replications: an organisation reports that it replicated a published practice somewhere,
how it adapted it and how it went. A curated kind like practices and policies: hidden until
approved, edits of a published one are new revisions. The contact is never public."""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AnyHttpUrl
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.edits import partial
from app.core.text import NormalisedText
from app.curation.models import CuratedBase, CuratedPublic, RevisionBase
from app.curation.translations import Stored, Translatable, TranslatedContent
from app.db import DbId, IbgeCode
from app.practices.models import Contact

ReplicationStatus = Literal["planned", "running", "ended", "discontinued"]
PRIVATE_FIELDS = ("contact",)

STATUS_LABELS: dict[str, dict[str, str]] = {
    "planned": {"pt-BR": "Planejada", "es": "Planificada", "en": "Planned", "fr": "Prévue"},
    "running": {"pt-BR": "Em andamento", "es": "En curso", "en": "Running", "fr": "En cours"},
    "ended": {"pt-BR": "Concluída", "es": "Concluida", "en": "Ended", "fr": "Terminée"},
    "discontinued": {
        "pt-BR": "Interrompida",
        "es": "Interrumpida",
        "en": "Discontinued",
        "fr": "Interrompue",
    },
}


class Replication(CuratedBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # The organisation that replicated (credited; its members manage the report).
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    # The practice replicated: fixed at creation (another practice is another replication).
    practice_id: int = Field(foreign_key="practice.id", index=True)


class ReplicationRevision(RevisionBase, table=True):
    __tablename__ = "replication_revision"
    __table_args__ = (UniqueConstraint("replication_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    replication_id: int = Field(foreign_key="replication.id", index=True)
    # Its municipality as a column: the municipality profile lists what was replicated there.
    ibge_code: int | None = Field(default=None, foreign_key="municipality.ibge_code", index=True)


class ResultFigure(SQLModel):
    """One number of the results so far, e.g. 120 families received."""

    label: str = Field(min_length=1, max_length=120)
    value: float
    unit: str = Field(default="", max_length=40)


class ReplicationContent(NormalisedText, TranslatedContent):
    """What curators review. The practice is part of the first revision and never changes."""

    ibge_code: IbgeCode = Field(description="IBGE code of the municipality where it happens")
    start_date: date
    end_date: date | None = None
    status: ReplicationStatus
    adaptations: str = Field(
        min_length=10, max_length=5000, description="What was adapted and why (Markdown)"
    )
    results: str = Field(default="", max_length=5000, description="Results so far (Markdown)")
    figures: list[ResultFigure] = Field(default_factory=list, max_length=20)
    links: list[AnyHttpUrl] = Field(default_factory=list, max_length=10)
    contact: Contact = Field(description="Never public: the organisation and curators see it")


# What was adapted and the results read in the visitor's language.
REPLICATION_TEXT = Translatable(ReplicationContent, "adaptations", "results")


class ReplicationCreate(ReplicationContent):
    translations: Annotated[Stored, REPLICATION_TEXT.stored] = Field(default_factory=dict)
    practice_id: DbId = Field(description="The published practice that was replicated")
    organisation_id: DbId | None = Field(
        default=None, description="Only curators/admins choose; contributors use their own"
    )


class ReplicationUpdate(partial(ReplicationContent, translations=REPLICATION_TEXT.edit_field)):  # type: ignore[misc]
    """Partial edit: any content field; the result is validated as a whole."""


class ReplicationPublic(CuratedPublic):
    practice_id: int
    practice_title: str
    organisation: dict[str, Any]
    municipality: dict[str, Any] = Field(description="ibge_code, name, uf of its revision shown")


class ReplicationList(SQLModel):
    items: list[ReplicationPublic]
    total: int

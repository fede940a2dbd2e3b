"""Migration policies in force: laws, decrees, plans and the acts creating committees,
registered by contributors and published through the same curation flow as practices."""

import datetime as dt
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, model_validator
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.edits import partial
from app.core.languages import per_language
from app.core.text import NormalisedText
from app.curation.drafts import is_draft, lenient
from app.curation.models import CuratedBase, CuratedPublic, RevisionBase
from app.curation.translations import Stored, Translatable, TranslatedContent
from app.db import IbgeCode

InstrumentType = Literal["lei", "decreto", "portaria", "resolucao", "plano", "ato-comite"]
Level = Literal["federal", "state", "municipal"]
PolicyStatus = Literal["em-vigor", "revogada", "em-tramitacao"]

# Labels shown to people; the slugs above are the stable API values.
INSTRUMENT_LABELS: dict[str, dict[str, str]] = {
    "lei": per_language("Lei", "Ley", "Law", "Loi"),
    "decreto": per_language("Decreto", "Decreto", "Decree", "Décret"),
    "portaria": per_language("Portaria", "Resolución ministerial", "Ordinance", "Arrêté"),
    "resolucao": per_language("Resolução", "Resolución", "Resolution", "Résolution"),
    "plano": per_language("Plano", "Plan", "Plan", "Plan"),
    "ato-comite": per_language(
        "Ato de criação de comitê ou conselho",
        "Acto de creación de comité o consejo",
        "Act creating a committee or council",
        "Acte créant un comité ou un conseil",
    ),
}
STATUS_LABELS: dict[str, dict[str, str]] = {
    "em-vigor": per_language("Em vigor", "Vigente", "In force", "En vigueur"),
    "revogada": per_language("Revogada", "Derogada", "Repealed", "Abrogée"),
    "em-tramitacao": per_language(
        "Em tramitação", "En trámite", "Under discussion", "En discussion"
    ),
}


class Policy(CuratedBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # The proposing organisation, when the proposer belongs to one (curators may register directly).
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    last_verified_at: datetime | None = None
    last_verified_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class PolicyRevision(RevisionBase, table=True):
    __tablename__ = "policy_revision"
    __table_args__ = (UniqueConstraint("policy_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    policy_id: int = Field(foreign_key="policy.id", index=True)


class PolicyContent(NormalisedText, TranslatedContent):
    instrument_type: InstrumentType
    number: str = Field(default="", max_length=60, description="e.g. 13.445/2017")
    date: dt.date
    title: str = Field(min_length=3, max_length=300)
    summary: str = Field(min_length=10, max_length=2000)
    official_url: AnyHttpUrl
    level: Level
    uf: str | None = Field(default=None, min_length=2, max_length=2)
    ibge_code: IbgeCode | None = None
    themes: list[str] = Field(min_length=1, max_length=8)
    status: PolicyStatus

    @model_validator(mode="after")
    def _jurisdiction(self) -> "PolicyContent":
        if self.uf:
            self.uf = self.uf.upper()
        if self.level == "federal" and (self.uf or self.ibge_code):
            raise ValueError("uf: a federal instrument has no UF or municipality")
        drafting = is_draft(self)  # what makes it complete is checked when it is sent
        if self.level == "state" and ((not self.uf and not drafting) or self.ibge_code):
            raise ValueError("uf: a state instrument names its UF (and no municipality)")
        if self.level == "municipal" and not self.ibge_code and not drafting:
            raise ValueError("ibge_code: a municipal instrument names its municipality")
        return self


# A policy's title and summary read in the visitor's language (the act itself stays official).
POLICY_TEXT = Translatable(PolicyContent, "title", "summary")


# What a draft must hold (the kind declares it too; the rest is checked when it is sent).
DRAFT_REQUIRES = ("title",)


class PolicyCreate(lenient(PolicyContent, DRAFT_REQUIRES)):  # type: ignore[misc]
    """A new policy, saved as a draft: only the title required (the rest checked on submit)."""

    translations: Annotated[Stored, POLICY_TEXT.stored] = Field(default_factory=dict)


class PolicyUpdate(partial(PolicyContent, translations=POLICY_TEXT.edit_field)):  # type: ignore[misc]
    """Partial edit: any content field; the result is validated as a whole."""


class PolicyPublic(CuratedPublic):
    last_verified_at: datetime | None
    needs_verification: bool


class PolicyList(SQLModel):
    items: list[PolicyPublic]
    total: int


class VerificationDue(SQLModel):
    id: int
    title: str
    level: str
    uf: str | None
    ibge_code: int | None
    last_verified_at: datetime | None
    days_since_verified: int

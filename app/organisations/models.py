"""Organisation profiles: what an organisation says publicly about itself (what it does, of
which type, where, on which themes, in which languages, how to reach it). A curated kind: a
member proposes it, curators approve it, and only the approved profile is public. The profile's
id is its organisation's id (one profile per organisation)."""

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AnyHttpUrl,
    EmailStr,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.languages import REFERENCE
from app.core.text import NormalisedText
from app.curation.models import CuratedBase, CuratedRevisionPublic, LifecycleStatus, RevisionBase
from app.curation.translations import Stored, Translatable, TranslatedContent
from app.db import IbgeCode

# The 4W "type" of an organisation (coarser than the registration taxonomy's types).
OrganisationKind = Literal["osc", "government", "international", "academia", "private"]
ContactChannel = Literal["email", "phone", "whatsapp", "website"]
MAX_MUNICIPALITIES = 100

KIND_LABELS: dict[str, dict[str, str]] = {
    "osc": {
        "pt-BR": "Sociedade civil (OSC)",
        "es": "Sociedad civil (OSC)",
        "en": "Civil society (CSO)",
        "fr": "Société civile (OSC)",
    },
    "government": {"pt-BR": "Governo", "es": "Gobierno", "en": "Government", "fr": "Gouvernement"},
    "international": {
        "pt-BR": "Organização internacional",
        "es": "Organización internacional",
        "en": "International organisation",
        "fr": "Organisation internationale",
    },
    "academia": {
        "pt-BR": "Universidade ou pesquisa",
        "es": "Universidad o investigación",
        "en": "Academia or research",
        "fr": "Université ou recherche",
    },
    "private": {
        "pt-BR": "Setor privado",
        "es": "Sector privado",
        "en": "Private sector",
        "fr": "Secteur privé",
    },
}

_email = TypeAdapter(EmailStr)
_url = TypeAdapter(AnyHttpUrl)
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{8,25}$")


class OrganisationProfile(CuratedBase, table=True):
    __tablename__ = "organisation_profile"

    # The organisation's own id: GET /organisations/{id} and the curation routes share it.
    id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("organisation.id"), primary_key=True, autoincrement=False
        ),
    )


class OrganisationProfileRevision(RevisionBase, table=True):
    __tablename__ = "organisation_profile_revision"
    __table_args__ = (UniqueConstraint("organisation_profile_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_profile_id: int = Field(foreign_key="organisation_profile.id", index=True)
    # "|1400100|1302603|": the municipality profile lists the organisations working there.
    municipalities_key: str = Field(default="", max_length=1000)


class ProfileContact(SQLModel):
    """The public contact channel: the one way the organisation asks to be reached."""

    channel: ContactChannel
    value: str = Field(min_length=3, max_length=200)

    @field_validator("value")
    @classmethod
    def _fits_channel(cls, value: str, info: ValidationInfo) -> str:
        channel = info.data.get("channel")
        try:
            if channel == "email":
                return str(_email.validate_python(value)).lower()
            if channel == "website":
                return str(_url.validate_python(value))
        except ValidationError as exc:
            raise ValueError(f"not a valid {channel} address") from exc
        if channel in ("phone", "whatsapp") and not _PHONE.match(value):
            raise ValueError("not a valid phone number")
        return value


class OrganisationProfileContent(NormalisedText, TranslatedContent):
    """What curators review and, once approved, everyone reads. Themes and languages are
    taxonomy slugs and places IBGE codes and UFs, checked by the service."""

    description: str = Field(
        min_length=20, max_length=5000, description="What the organisation does (Markdown)"
    )
    website: AnyHttpUrl | None = None
    type: OrganisationKind
    ufs: list[str] = Field(
        default_factory=list,
        max_length=27,
        description="UFs where it works (its municipalities' UFs are added)",
    )
    municipalities: list[IbgeCode] = Field(
        default_factory=list,
        max_length=MAX_MUNICIPALITIES,
        description="IBGE codes of the municipalities where it works",
    )
    themes: list[str] = Field(min_length=1, max_length=20, description="Theme slugs")
    languages: list[str] = Field(
        min_length=1, max_length=10, description="Languages it serves people in (slugs)"
    )
    contact: ProfileContact = Field(description="Public: how people and partners reach it")


# What the organisation does reads in the visitor's language; the rest are codes and names.
PROFILE_TEXT = Translatable(OrganisationProfileContent, "description")


class ProfileProposal(OrganisationProfileContent):
    """The whole profile a member proposes (PUT), its translations included."""

    translations: Annotated[Stored, PROFILE_TEXT.stored] = Field(
        default_factory=dict,
        description="The description in es, en or fr (reviewed with the rest; omitted: none)",
    )


class Place(SQLModel):
    ibge_code: int
    name: str
    uf: str


class PublicProfile(SQLModel):
    """An approved profile as everyone reads it."""

    description: str
    website: str | None
    type: OrganisationKind
    ufs: list[str]
    municipalities: list[Place]
    themes: list[str]
    languages: list[str]
    contact: ProfileContact
    revision: int = Field(description="Number of the approved revision")
    published_at: datetime | None
    updated_at: datetime = Field(description="When this revision was approved")
    language: str = Field(
        default=REFERENCE, description="The language the description answers in (?lang=)"
    )
    text_languages: list[str] = Field(
        default_factory=lambda: [REFERENCE],
        description="Languages its description reads in, pt-BR (the reference) first; "
        "`languages` are those it serves people in",
    )


class OrganisationSummary(SQLModel):
    """An organisation as the directory and GET /organisations/{id} show it: its registration
    and, once curators approved one, its public profile."""

    id: int
    name: str
    type: str = Field(description="Registration type (taxonomy organisation_types)")
    uf: str | None
    profile: PublicProfile | None = Field(
        default=None, description="The approved profile (null: none approved yet)"
    )


class ProfileState(SQLModel):
    """The profile as its organisation and curators follow it (PUT and GET …/profile): the
    approved text, the revision waiting for (or sent back by) curators, their feedback."""

    organisation_id: int
    status: LifecycleStatus
    published: PublicProfile | None
    pending: CuratedRevisionPublic | None = None
    feedback: str | None = None


class Listed(SQLModel):
    """Something an organisation published, as its page lists it."""

    id: int
    title: str
    page: str = Field(description="Its public page (path on the site)")
    published_at: datetime | None = None


class OrganisationPage(OrganisationSummary):
    listed: dict[str, list[Listed]] = Field(
        default_factory=dict,
        description="What it published, by section: practices, replications (newest first)",
    )


class ProfileReview(SQLModel):
    """A profile as the curators' review page reads it (the kit's item shape): the approved
    revision and the one waiting beside it, or the working one alone."""

    id: int
    name: str = Field(description="The organisation's name")
    revision: CuratedRevisionPublic
    pending_revision: CuratedRevisionPublic | None = None

"""Organisation profiles as a curated kind: what the curation engine knows of them. An item's
id is its organisation's, which is also the organisation it is credited to."""

from pathlib import Path
from typing import Any

from app.curation.kinds import CuratedKind, KindLabels
from app.organisations.models import (
    PROFILE_TEXT,
    OrganisationProfile,
    OrganisationProfileContent,
    OrganisationProfileRevision,
)


def _organisation(profile: Any) -> int | None:
    organisation: int | None = profile.id
    return organisation


def _title(content: dict[str, Any]) -> str:
    # The queue shows the organisation's name, kept in the revision when it is written.
    return str(content.get("organisation_name") or content.get("description", "")[:60])


ORGANISATION_PROFILE = CuratedKind(
    subject=OrganisationProfile,
    revision=OrganisationProfileRevision,
    content_schema=OrganisationProfileContent,
    labels=KindLabels.read(Path(__file__).with_name("labels.yaml")),
    owner_of=_organisation,
    title_of=_title,
    # An organisation that withdrew its profile may propose one again (it is its only one).
    reopens_archived=True,
    translatable=PROFILE_TEXT,
)

"""Presentation helpers for the policy registry: labels of its vocabularies in the interface
language (instrument and status labels come with the models; levels and fields are ours)."""

from app.catalog.loader import get_catalog
from app.municipalities.search import state_names
from app.policies.models import INSTRUMENT_LABELS, STATUS_LABELS
from app.web.i18n import N_, _, current_lang
from app.web.views import action_name

LEVEL_NAMES = {"federal": N_("Federal"), "state": N_("State-level"), "municipal": N_("Municipal")}
POLICY_FIELDS = {
    "instrument_type": N_("Type of instrument"),
    "number": N_("Number"),
    "date": N_("Date"),
    "title": N_("Title"),
    "summary": N_("Summary"),
    "official_url": N_("Official link"),
    "level": N_("Level"),
    "uf": N_("State (UF)"),
    "ibge_code": N_("Municipality"),
    "municipality": N_("Municipality"),
    "themes": N_("Themes"),
    "status": N_("Situation"),
}
# What the public history calls each event it shows.
PUBLIC_EVENTS = {
    "approve": N_("Published"),
    "verify": N_("Verified against the official source"),
    "withdraw": N_("Withdrawn from the registry"),
}


def policy_label(vocabulary: str, slug: str | None) -> str:
    """A level, instrument type, policy status or UF in the interface language."""
    if not slug:
        return ""
    if vocabulary == "level":
        return _(LEVEL_NAMES[slug]) if slug in LEVEL_NAMES else slug
    if vocabulary == "uf":
        name = state_names().get(slug)
        return f"{name} ({slug})" if name else slug
    labels = {"instrument_type": INSTRUMENT_LABELS, "status": STATUS_LABELS}[vocabulary]
    return labels[slug].get(current_lang(), labels[slug]["pt-BR"]) if slug in labels else slug


def policy_field(name: str) -> str:
    return _(POLICY_FIELDS[name]) if name in POLICY_FIELDS else name


def event_name(action: str) -> str:
    return _(PUBLIC_EVENTS[action]) if action in PUBLIC_EVENTS else action_name(action)


def options(vocabulary: str) -> list[tuple[str, str]]:
    """(slug, label) pairs for a form's radio buttons or select."""
    slugs = {
        "level": list(LEVEL_NAMES),
        "instrument_type": list(INSTRUMENT_LABELS),
        "status": list(STATUS_LABELS),
        "uf": sorted(state_names()),
    }[vocabulary]
    return [(s, policy_label(vocabulary, s)) for s in slugs]


def theme_options() -> list[tuple[str, str]]:
    return [(t.slug, t.labels.get(current_lang())) for t in get_catalog().taxonomies.themes]

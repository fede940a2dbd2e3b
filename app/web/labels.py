"""Labels every activity's pages show, in the interface language: statuses, actions, fields,
template details, links, and the policy registry's vocabularies (instrument and status labels
come with the models; levels and fields are ours)."""

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from app.catalog.loader import get_catalog
from app.catalog.models import TemplateField
from app.municipalities.search import state_names
from app.policies.models import INSTRUMENT_LABELS, STATUS_LABELS
from app.replications.models import STATUS_LABELS as REPLICATION_STATUS_LABELS
from app.web.i18n import N_, _, current_lang
from app.web.markdown import render_markdown

STATUS_NAMES = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted, waiting for curation"),
    "in_review": N_("In review"),
    "changes_requested": N_("Changes requested"),
    "approved": N_("Approved"),
    "published": N_("Published"),
    "rejected": N_("Rejected"),
    "archived": N_("Archived"),
}
ACTION_NAMES = {
    "create": N_("Created"),
    "submit": N_("Submitted"),
    "claim": N_("Taken into review"),
    "request_changes": N_("Changes requested"),
    "approve": N_("Approved"),
    "reject": N_("Rejected"),
    "withdraw": N_("Withdrawn"),
    "retract": N_("Taken back from curation"),
    "edit": N_("Edited"),
    "verify": N_("Verified"),
}
# Why a curator may not decide on an item (app.curation.rights.Refusal codes).
REFUSAL_NAMES = {
    "conflict_authored": N_("You authored or edited this item: another curator decides on it."),
    "conflict_own_organisation": N_(
        "Sent by your own organisation: a curator from another organisation decides on it."
    ),
}
SCOPE_NAMES = {
    "municipal": N_("In one or more municipalities"),
    "state": N_("In one or more states (UF)"),
    "national": N_("Nationwide"),
}

FIELD_LABELS = {  # in the order of the practice form (its error summary follows it)
    "title": N_("Title"),
    "summary": N_("Summary"),
    "description": N_("Description"),
    "themes": N_("Themes"),
    "audiences": N_("Audiences"),
    "call_id": N_("Answers the call"),
    "scope": N_("Where it happens"),
    "municipalities": N_("Municipalities"),
    "ufs": N_("States (UF)"),
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
    "ongoing": N_("Ongoing"),
    "evidence_level": N_("Evidence level"),
    "results": N_("Results and evidence"),
    "how_to_replicate": N_("How to replicate"),
    "resources": N_("Resources needed"),
    "partners": N_("Partners"),
    "languages": N_("Languages served"),
    "links": N_("Links"),
    "contact_name": N_("Contact name"),
    "contact_email": N_("Contact e-mail"),
    "contact_phone": N_("Contact phone"),
    "contact": N_("Contact"),
    "contact_public": N_("Publish the contact"),
    "details": N_("Template fields"),
}


def field_label(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


FRESHNESS_NAMES = {
    "fresh": N_("Up to date"),
    "due": N_("Update due"),
    "overdue": N_("Out of date"),
    "never": N_("Never reported"),
}


def freshness_name(status: str) -> str:
    return _(FRESHNESS_NAMES.get(status, status))


def status_name(status: str) -> str:
    return _(STATUS_NAMES.get(status, status))


def refusal_name(code: str) -> str:
    return _(REFUSAL_NAMES.get(code, code))


def action_name(action: str) -> str:
    return _(ACTION_NAMES.get(action, action))


@dataclass(frozen=True)
class DetailRow:
    label: str
    value: str | Markup


def _choice_label(field: TemplateField, value: str) -> str:
    if field.taxonomy:
        return get_catalog().taxonomies.label(field.taxonomy, value, current_lang())
    if field.choice_labels and value in field.choice_labels:
        return field.choice_labels[value].get(current_lang())
    return value


def _detail_value(field: TemplateField, value: Any) -> str | Markup:
    if field.type == "boolean":
        return _("Yes") if value else _("No")
    if field.type == "choice":
        return _choice_label(field, str(value))
    if field.type == "multichoice":
        return ", ".join(_choice_label(field, str(v)) for v in value or [])
    if field.type == "textarea":
        return render_markdown(str(value))
    return str(value)


def detail_rows(template_slug: str, details: dict[str, Any]) -> list[DetailRow]:
    """The template's extra fields that have a value, labelled in the interface language."""
    template = get_catalog().templates.get(template_slug)
    if template is None:
        return []
    rows = []
    for field in template.fields:
        value = details.get(field.name)
        if value in (None, "", []):
            continue
        rows.append(DetailRow(field.labels.get(current_lang()), _detail_value(field, value)))
    return rows


def template_name(slug: str) -> str:
    template = get_catalog().templates.get(slug)
    return template.labels.get(current_lang()) if template else slug


def is_web_link(url: str | None) -> bool:
    # None: a draft's link not filled in yet.
    return bool(url) and str(url).startswith(("https://", "http://"))


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


def replication_status(status: str) -> str:
    """A replication's status (planned, running, ended, discontinued) in the interface language."""
    names = REPLICATION_STATUS_LABELS.get(status)
    return names.get(current_lang(), names["pt-BR"]) if names else status


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

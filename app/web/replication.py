"""What every page of a replication shares (its review, its public page and its form): the
names of its fields and its statuses in the interface language."""

from app.replications.models import STATUS_LABELS
from app.web.i18n import N_, _
from app.web.labels import replication_status

FIELDS = {
    "practice_id": N_("Replicated practice"),
    "municipality": N_("Municipality"),
    "ibge_code": N_("Municipality"),
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
    "status": N_("Situation"),
    "adaptations": N_("What was adapted and why"),
    "results": N_("Results so far"),
    "figures": N_("Figures"),
    "links": N_("Links"),
    "contact": N_("Contact"),
    "contact_name": N_("Contact name"),
    "contact_email": N_("Contact e-mail"),
    "contact_phone": N_("Contact phone"),
}


def field_labels() -> dict[str, str]:
    """Each field's name in the request's language (a stored field's and a form field's)."""
    return {name: _(label) for name, label in FIELDS.items()}


def statuses() -> list[tuple[str, str]]:
    return [(status, replication_status(status)) for status in STATUS_LABELS]

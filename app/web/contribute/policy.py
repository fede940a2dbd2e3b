"""What policies bring to the contribute kit: a form of fixed fields (the municipality typed by
name), the policy service (a withdrawn policy is not edited), and the words of their pages;
they are listed on "my items" under #politicas."""

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session
from starlette.datastructures import FormData, QueryParams

from app.accounts.models import User
from app.policies import service as policies
from app.policies.models import PolicyContent, PolicyPublic
from app.web.contribute.kit import Feedback, Item
from app.web.contribute.policy_form import PolicyForm
from app.web.labels import options, policy_field, policy_label, theme_options
from app.web.places import typed_label


def blank(_query: QueryParams) -> PolicyForm:
    return PolicyForm.empty()


def read(posted: FormData, _item: PolicyPublic | None) -> PolicyForm:
    return PolicyForm.from_post(posted)


def prefill(session: Session, item: PolicyPublic) -> PolicyForm:
    latest = item.pending_revision or item.revision
    label = typed_label(session, latest.content.get("ibge_code"))
    return PolicyForm.from_content(latest.content, label)


def form_options(_session: Session, _form: PolicyForm) -> dict[str, Any]:
    return {
        "field_labels": {n: policy_field(n) for n in (*PolicyContent.model_fields, "municipality")},
        "instruments": options("instrument_type"),
        "levels": options("level"),
        "statuses": options("status"),
        "ufs": options("uf"),
        "themes": theme_options(),
    }


def may_edit(session: Session, user: User, item: PolicyPublic) -> bool:
    return policies.may_edit(session, user, item.id)


def create(session: Session, user: User, body: PolicyContent, key: str | None) -> int:
    policy, _replayed = policies.propose_policy(session, user, body, key)
    return policy.id or 0


def own(session: Session, user: User, limit: int, offset: int) -> tuple[Sequence[Item], int]:
    listing = policies.list_own_policies(session, user, limit, offset)
    return listing.items, listing.total


def feedback(item: PolicyPublic) -> Feedback | None:
    return Feedback(item.feedback) if item.feedback else None


def instrument(content: dict[str, Any]) -> str:
    return policy_label("instrument_type", content.get("instrument_type"))

"""The policy kind's public pages: searched at /politicas, shown at /politicas/{id}."""

from typing import Any

from sqlmodel import Session

from app.accounts.models import User
from app.policies import service as policies
from app.policies.search import PolicyHit, PolicyPage, PolicyQuery, search_policies
from app.web.i18n import N_
from app.web.kinds import page_kind
from app.web.labels import event_name, policy_label
from app.web.places import named
from app.web.public.kit import Facet, ItemView, PublicKind, taxonomy_facet


def _search(session: Session, params: dict[str, Any]) -> PolicyPage:
    return search_policies(PolicyQuery.model_validate(params))


def _highlight(hit: PolicyHit) -> tuple[str, str]:
    return hit.highlight["title"], hit.highlight["summary"]


def _view(session: Session, user: User | None, policy_id: int) -> ItemView:
    policy = policies.get_policy(session, user, policy_id)
    content = policy.revision.content
    code = content.get("ibge_code")
    place = next(iter(named(session, [code])), None) if code else None
    can_edit = (
        user is not None
        and user.role != "gov_editor"
        and policies.may_edit(session, user, policy_id)
    )
    return ItemView(policy, content, policy.feedback, can_edit, {"place": place})


def _vocabulary(param: str, title: str) -> Facet:
    return Facet(param, title, lambda f: policy_label(param, f.value))


POLICY_PAGES = PublicKind(
    pages=page_kind("policy"),
    search_path="/politicas",
    search=_search,
    highlight=_highlight,
    facets=(
        _vocabulary("level", N_("Level")),
        _vocabulary("uf", N_("State (UF)")),
        taxonomy_facet("theme", N_("Theme"), "themes", counted_as="themes"),
        _vocabulary("status", N_("Situation")),
        _vocabulary("instrument_type", N_("Type of instrument")),
    ),
    unavailable=N_(
        "Search is temporarily unavailable. The policies are safe; try again in a few minutes."
    ),
    view=_view,
    event_name=event_name,
    partial="public/kinds/policy.html",
    dataset="policies",
)

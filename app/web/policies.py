"""Public pages of the policy registry: the searchable list and one policy."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup
from pydantic import ValidationError

from app.accounts.deps import OptionalUser
from app.curation import service as curation
from app.db import DbId, SessionDep
from app.errors import InvalidInput, ServiceUnavailable
from app.policies import service as policies
from app.policies.kind import POLICY
from app.policies.search import PolicyPage, PolicyQuery, search_policies
from app.ratelimits.deps import SEARCH_LIMIT
from app.web.i18n import _, use_language
from app.web.places import named
from app.web.policy_search import FACET_TITLES, FACETS, SORTS, PolicySearchForm
from app.web.security import check_csrf, load_user
from app.web.templating import render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)


def _run_search(form: PolicySearchForm) -> tuple[PolicyPage | None, str | None]:
    try:
        return search_policies(PolicyQuery.model_validate(form.query_params())), None
    except (ValidationError, InvalidInput):
        return None, _(
            "Some filters in the address were not recognised. Clear the filters and try again."
        )
    except ServiceUnavailable:
        return None, _(
            "Search is temporarily unavailable. The policies are safe; try again in a few minutes."
        )


@router.get("/politicas", dependencies=[SEARCH_LIMIT])
def policies_page(request: Request, user: OptionalUser) -> Response:
    form = PolicySearchForm.from_request(request)
    page, problem = _run_search(form)
    hits = [
        {
            "hit": hit,
            # safe_snippet escaped Meilisearch's text and added only <mark>: safe to show.
            "title": Markup(hit.highlight["title"]),
            "snippet": Markup(hit.highlight["summary"]),
        }
        for hit in (page.hits if page else [])
    ]
    context = {
        "form": form,
        "page": page,
        "hits": hits,
        "problem": problem,
        "sorts": SORTS,
        "facets": FACETS,
        "facet_titles": FACET_TITLES,
    }
    return render(request, "public/policies.html", context)


@router.get("/politicas/{policy_id:int}")
def policy_page(
    request: Request, session: SessionDep, user: OptionalUser, policy_id: DbId
) -> Response:
    policy = policies.get_policy(session, user, policy_id)
    content = policy.revision.content
    code = content.get("ibge_code")
    context = {
        "policy": policy,
        "content": content,
        "place": next(iter(named(session, [code])), None) if code else None,
        "history": curation.history_for(session, user, POLICY, policy_id),
        "can_edit": user is not None
        and user.role != "gov_editor"
        and policies.may_edit(session, user, policy_id),
    }
    return render(request, "public/policy.html", context)

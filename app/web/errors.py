"""The HTML error page (app.core.problems calls it for every non-API path)."""

import math
from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from app.web.i18n import N_
from app.web.templating import query, render

EXPLANATIONS = {
    400: N_("The request could not be understood."),
    401: N_("Sign in to continue."),
    403: N_("Your account cannot open this page."),
    404: N_("We could not find this page. It may have been removed or never published."),
    405: N_("This address does not accept this kind of request."),
    408: N_("The form took too long to arrive. Send it again."),
    409: N_(
        "Someone changed this item in the meantime, or it is not in a state that allows "
        "this action. Reload the page and try again."
    ),
    413: N_("What you sent is too large."),
    422: N_("Some information is missing or invalid."),
    429: N_("Too many attempts. Wait a few minutes and try again."),
    503: N_("A service is temporarily unavailable. Your data is safe; try again shortly."),
}
TITLES = {
    401: N_("Sign-in required"),
    403: N_("Access denied"),
    404: N_("Page not found"),
    409: N_("Conflict"),
    429: N_("Too many attempts"),
    503: N_("Temporarily unavailable"),
}


def error_page(
    request: Request, status: int, detail: str, headers: Mapping[str, str] | None = None
) -> Response:
    if status == 401 and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/entrar?{query({'next': target})}", status_code=303)
    if status == 403 and detail.startswith("the form expired"):
        explanation = N_(
            "The form expired or did not come from this site. "
            "Go back, reload the page and send it again."
        )
    else:
        explanation = EXPLANATIONS.get(status, N_("Something went wrong."))
    user = getattr(request.state, "user", None)
    context = {
        # A government editor sent to a policy form: who proposes policies, and how.
        "who_proposes": status == 403
        and request.url.path.startswith("/politicas/")
        and getattr(user, "role", None) == "gov_editor",
        "status": status,
        "title_msgid": TITLES.get(status, N_("Something went wrong")),
        "explanation_msgid": explanation,
        "detail": detail if status in (409, 422) else "",
        "retry_minutes": _retry_minutes(headers),
    }
    response = render(request, "error.html", context, status_code=status)
    response.headers.update(headers or {})
    return response


def _retry_minutes(headers: Mapping[str, str] | None) -> int | None:
    """Retry-After (seconds) in whole minutes, rounded up, for the page's text."""
    seconds = (headers or {}).get("Retry-After", "")
    return max(1, math.ceil(int(seconds) / 60)) if seconds.isdigit() else None

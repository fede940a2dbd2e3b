"""The API documentation, /docs (Swagger UI) and /redoc (Redoc), drawn by copies of their
scripts and styles served from /static/vendor (see its README), so the site's strict
Content-Security-Policy holds on these pages too: nothing from a CDN, no inline script.

Redoc writes its styles into <style> elements it creates (styled-components): the page's
policy admits those by a nonce drawn for each answer, never by 'unsafe-inline'."""

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.headers import CSP
from app.web.templating import render

router = APIRouter(include_in_schema=False)
# The one <style> Redoc 2.5.4 writes as its script loads (perfect-scrollbar's rules, empty
# first, then filled), before any nonce can reach it: admitted by the hashes of its content.
# A new Redoc copy changes them; tests/web/test_partner.py reports any refused style.
REDOC_STYLE_HASHES = (
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' "
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='"
)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    return render(request, "docs/swagger.html")


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    nonce = secrets.token_urlsafe(18)
    response = render(request, "docs/redoc.html", {"nonce": nonce})
    response.headers["Content-Security-Policy"] = CSP.replace(
        "style-src 'self'", f"style-src 'self' 'nonce-{nonce}' {REDOC_STYLE_HASHES}"
    )
    return response

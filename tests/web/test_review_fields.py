"""The curator's review shows every field the author filled: what the kind's partial does not
draw is listed from the kind's content schema, so no field (today partners, period, languages,
resources, links) can be missed, for every kind the review pages know."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.web.curate.filled import NOT_CONTENT
from app.web.curate.reviews import review_kinds
from tests.builders import auth, create_practice
from tests.web.conftest import People
from tests.web.helpers import sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "web" / "templates"
# Fields a partial draws through what its kind's `extra` looked up (names, not codes).
DRAWN_AS = {"municipalities": "places", "ibge_code": ".ibge_code }}", "type": "profile_type"}


def test_the_review_shows_what_the_partial_left_out(client: TestClient, people: People):
    practice = create_practice(
        client,
        people.contributor,
        partners=["DPU", "ACNUR"],
        resources="Equipe de 4 pessoas e uma sala.",
        links=["https://example.org/pratica"],
        languages=["pt", "es"],
        start_date="2019-03-01",
    )
    client.post(f"/api/v1/practices/{practice['id']}/submit", headers=auth(people.contributor))
    sign_in(client, people.curator)
    page = client.get(f"/curadoria/praticas/{practice['id']}").text
    for shown in (
        "DPU, ACNUR",
        "Equipe de 4 pessoas e uma sala.",
        "https://example.org/pratica",
        "Português, Espanhol",
        "1 de mar. de 2019",
        "Sim",  # ongoing
    ):
        assert shown in page, shown


@pytest.mark.parametrize("review", review_kinds(), ids=lambda r: r.name)
def test_each_field_a_partial_claims_it_draws_is_drawn(review):
    """`shown` may only name fields the kind's partial really draws (or review.html does)."""
    source = (TEMPLATES / review.partial).read_text()
    for include in ("_replication.html",):
        if include in source:
            source += (TEMPLATES / include).read_text()
    source += (TEMPLATES / "curate" / "review.html").read_text()
    fields = set(review.page.kind.content_schema.model_fields) - NOT_CONTENT
    assert review.shown <= fields, review.shown - fields
    for name in review.shown - {"title"}:  # the title is the page's heading
        drawn = (f"content.{name}", DRAWN_AS.get(name, f"content.{name}"))
        assert any(way in source for way in drawn), name

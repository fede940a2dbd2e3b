"""A lean GET route (app/core/lean.py) reads the query string as FastAPI reads the same query
model: the same values, and for bad input the same 422 problem, field by field."""

from typing import Annotated

import pytest
from fastapi import FastAPI, Query, Request, Response
from fastapi.testclient import TestClient

from app.core import problems
from app.core.fastjson import json_response
from app.core.lean import parse_query, serve_first
from app.practices.search_models import PracticeQuery

DECLARED, LEAN = "/declared", "/lean"


def twin_app() -> FastAPI:
    """The practice search's query model behind a FastAPI route and behind a lean one."""
    app = FastAPI()
    problems.install(app)

    @app.get(DECLARED)
    async def declared(params: Annotated[PracticeQuery, Query()]) -> Response:
        return json_response(params.model_dump(mode="json"))

    async def lean(request: Request) -> Response:
        return await declared(parse_query(PracticeQuery, request))

    serve_first(app, LEAN, lean)
    return app


QUERIES = [
    "",
    "q=abrigo&theme=saude&theme=trabalho&uf=RR",
    "q=first&q=second",  # a single value repeated: the last one
    "uf=SP&theme=saude&uf=RR",  # repeated values keep their order
    "near=1400100&radius_km=120.5&page=2&per_page=50&sort=newest",
    "replicated=true&replicated_uf=AM&year_from=2019&lang=es&call=3",
    "page=0",
    "page=abc&per_page=1000",
    "themes=saude",  # unknown parameter
    "theme=" + "x" * 61,
    "year_from=",
    "near=99999999999999999999",
    "lang=de&radius_km=-1",
    "replicated=talvez",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_lean_route_answers_as_the_declared_one(query: str) -> None:
    client = TestClient(twin_app())
    declared, lean = client.get(f"{DECLARED}?{query}"), client.get(f"{LEAN}?{query}")
    assert lean.status_code == declared.status_code
    assert lean.headers["content-type"] == declared.headers["content-type"]
    body = lean.json()
    if lean.status_code == 422:
        body["instance"] = declared.json()["instance"]  # the problem names the path asked
    assert body == declared.json()


def test_it_is_served_before_the_declared_route_of_the_same_path() -> None:
    app = FastAPI()

    @app.get("/same")
    async def declared() -> dict[str, str]:
        return {"served": "declared"}

    async def lean(request: Request) -> Response:
        return json_response({"served": "lean"})

    serve_first(app, "/same", lean)
    client = TestClient(app)
    assert client.get("/same").json() == {"served": "lean"}
    assert "/same" in client.get("/openapi.json").json()["paths"]  # still documented

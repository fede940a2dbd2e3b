"""Curation API, one shape for every registered kind: the queue, claim, decisions and history
(made here for each kind at assembly) and the item routes a domain asks for (item_routes).

Routes are made per kind so the OpenAPI lists each kind's operations with its own schemas; a
route keeps the path parameter (`practice_id`) and name (`claim_practice`) it always had, so
paths and operation ids stay as partners know them."""

from collections.abc import Callable
from dataclasses import dataclass
from inspect import Parameter, Signature
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response

from app.accounts.deps import CuratorUser, CurrentUser, OptionalUser
from app.accounts.limits import SUBMISSION_LIMIT
from app.core.languages import from_accept_language
from app.curation import decisions, items, registry, service, translations
from app.curation import queue as curation_queue
from app.curation.creation import IdempotencyKey
from app.curation.kinds import CuratedKind
from app.curation.models import ClaimCreate, DecisionCreate, EventPublic, QueuePage, WithdrawCreate
from app.db import DbId, SessionDep

Endpoint = Callable[..., Any]
Lang = Annotated[
    Literal["pt-BR", "es", "en", "fr"] | None,
    Query(description="The language of the text (else Accept-Language; pt-BR is the reference)"),
]
AcceptLanguage = Annotated[str | None, Header(alias="Accept-Language", include_in_schema=False)]


def chosen(lang: str | None, accept: str | None) -> str:
    return translations.chosen(lang, from_accept_language(accept))


def _arg(name: str, annotation: Any, default: Any = Parameter.empty) -> Parameter:
    return Parameter(name, Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


LANGUAGE_ARGS = (_arg("lang", Lang, None), _arg("accept", AcceptLanguage, None))


def _endpoint(call: Endpoint, *params: Parameter) -> Endpoint:
    """`call` as FastAPI sees a route function with these parameters (names differ per kind)."""

    def endpoint(**kwargs: Any) -> Any:
        return call(**kwargs)

    endpoint.__signature__ = Signature(list(params))  # type: ignore[attr-defined]
    return endpoint


def _queue_router() -> APIRouter:
    router = APIRouter()

    @router.get("/api/v1/curation/queue", response_model=QueuePage, tags=["curation"])
    def queue(
        session: SessionDep,
        user: CuratorUser,
        kind: Annotated[
            str | None, Query(max_length=40, description="A kind's name or URL segment")
        ] = None,
        theme: str | None = None,
        uf: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
        template: str | None = None,
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
        per_page: Annotated[int, Query(ge=1, le=100)] = 50,
    ) -> QueuePage:
        chosen = registry.find(kind) if kind else None
        offset = (page - 1) * per_page
        return curation_queue.get_queue(
            session, user, chosen, theme, uf, template, per_page, offset
        )

    return router


def _curation_routes(router: APIRouter, kind: CuratedKind) -> None:
    key = f"{kind.name}_id"
    item = _arg(key, DbId)
    session = _arg("session", SessionDep)

    def claim(session: Any, user: Any, body: ClaimCreate | None = None, **ids: int) -> Any:
        revision_id = body.revision_id if body else None
        return decisions.claim(session, user, kind, ids[key], revision_id)

    def decide(session: Any, user: Any, body: DecisionCreate, **ids: int) -> Any:
        return decisions.decide(session, user, kind, ids[key], body)

    def history(session: Any, user: Any, **ids: int) -> Any:
        return service.history_for(session, user, kind, ids[key])

    base = f"/api/v1/curation/{kind.segment}/{{{key}}}"
    decider = _arg("user", CurrentUser)  # the kind's deciders: the engine checks the role
    router.add_api_route(
        f"{base}/claim",
        _endpoint(claim, session, decider, item, _arg("body", ClaimCreate | None, None)),
        methods=["POST"],
        response_model=EventPublic,
        name=f"claim_{kind.name}",
        tags=["curation"],
    )
    router.add_api_route(
        f"{base}/decisions",
        _endpoint(decide, session, decider, item, _arg("body", DecisionCreate)),
        methods=["POST"],
        status_code=201,
        response_model=EventPublic,
        name=f"decide_{kind.name}",
        tags=["curation"],
    )
    router.add_api_route(
        f"/api/v1/{kind.segment}/{{{key}}}/history",
        _endpoint(history, session, _arg("user", OptionalUser), item),
        methods=["GET"],
        response_model=list[EventPublic],
        name=f"{kind.name}_history",
        tags=[kind.segment],
    )


def build_router() -> APIRouter:
    """The curation routes of every kind registered now (call after assembly)."""
    router = _queue_router()
    for kind in registry.kinds():
        _curation_routes(router, kind)
    return router


@dataclass(frozen=True)
class ItemUseCases:
    """A kind's own use cases behind the item routes every kind has; each route is named
    after its function (create_practice, propose_policy, ...)."""

    create: Callable[[Any, Any, Any, str | None], tuple[Any, bool]]
    present: Callable[[Any, Any, Any], Any]
    get: Callable[[Any, Any, int], Any]
    update: Callable[[Any, Any, int, Any], Any]
    submit: Callable[[Any, Any, int], Any]
    withdraw: Callable[[Any, Any, int, str | None], Any]


def item_routes(
    router: APIRouter,
    kind: CuratedKind,
    cases: ItemUseCases,
    schemas: tuple[type[Any], type[Any], type[Any]],
) -> None:
    """Add to the kind's router (prefix /api/v1/{segment}) its create, read, edit, submit,
    withdraw and retract routes; `schemas` are its create, update and public models. Call it
    after the kind's own fixed paths (/verification-due) so they are matched first."""
    create_schema, update_schema, public = schemas
    key = f"{kind.name}_id"
    item, session = _arg(key, DbId), _arg("session", SessionDep)
    user, anyone = _arg("user", CurrentUser), _arg("user", OptionalUser)

    def create(
        session: Any, user: Any, body: Any, response: Response, idempotency_key: str | None
    ) -> Any:
        created, replayed = cases.create(session, user, body, idempotency_key)
        if replayed:
            response.headers["Idempotent-Replayed"] = "true"
        response.headers["Location"] = f"/api/v1/{kind.segment}/{created.id}"
        return cases.present(session, user, created)

    def read(session: Any, user: Any, **ids: int) -> Any:
        return cases.get(session, user, ids[key])

    def read_in(
        session: Any, user: Any, response: Response, lang: Any, accept: Any, **ids: int
    ) -> Any:
        shown = translations.localise(cases.get(session, user, ids[key]), chosen(lang, accept))
        response.headers["Content-Language"] = shown.language
        response.headers["Vary"] = "Accept-Language"
        return shown

    def update(session: Any, user: Any, body: Any, **ids: int) -> Any:
        return cases.update(session, user, ids[key], body)

    def submit(session: Any, user: Any, **ids: int) -> Any:
        return cases.submit(session, user, ids[key])

    def withdraw(session: Any, user: Any, body: WithdrawCreate | None, **ids: int) -> Any:
        return cases.withdraw(session, user, ids[key], body.reason if body else None)

    def retract(session: Any, user: Any, **ids: int) -> Any:
        return cases.present(session, user, items.retract_by_id(session, user, kind, ids[key]))

    retract.__name__ = f"retract_{kind.name}"  # the route's name, as the others are named

    limited = {"dependencies": [SUBMISSION_LIMIT]}
    body_or_none = _arg("body", WithdrawCreate | None, None)
    new = [_arg("body", create_schema), _arg("response", Response)]
    reading: tuple[Endpoint, list[Parameter]] = (read, [session, anyone, item])
    if kind.translatable:  # its text in the language asked for
        reading = (read_in, [session, anyone, item, _arg("response", Response), *LANGUAGE_ARGS])
    routes: list[tuple[str, str, Endpoint, list[Parameter], Endpoint, dict[str, Any]]] = [
        ("POST", "", create, [session, user, *new, _arg("idempotency_key", IdempotencyKey, None)],
         cases.create, {"status_code": 201, **limited}),
        ("GET", f"/{{{key}}}", *reading, cases.get, {}),
        ("PATCH", f"/{{{key}}}", update, [session, user, item, _arg("body", update_schema)],
         cases.update, {}),
        ("POST", f"/{{{key}}}/submit", submit, [session, user, item], cases.submit, limited),
        ("POST", f"/{{{key}}}/withdraw", withdraw, [session, user, item, body_or_none],
         cases.withdraw, {}),
        # Back to draft from the queue (submitted or in review), by whoever may edit it.
        ("POST", f"/{{{key}}}/retract", retract, [session, user, item], retract, {}),
    ]  # fmt: skip
    for method, path, call, params, named_after, extra in routes:
        router.add_api_route(
            path,
            _endpoint(call, *params),
            methods=[method],
            response_model=public,
            name=named_after.__name__,
            **extra,
        )

"""Open-data API: thin routes over the exports, change feed, Atom, bundle and catalogue.
build_router() is called after assembly: the export route lists the registered datasets."""

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from app.config import get_settings
from app.core import caching, fastjson
from app.core.languages import from_accept_language
from app.db import SessionDep
from app.opendata import atom, bundle, changes, datasets, dcat, service, versions
from app.opendata.columns import Format
from app.opendata.models import ChangePage, ExportQuery

router = APIRouter(tags=["open data"])

EXPORT_DOC = (
    "Answers carry an ETag: send it back in If-None-Match and the answer is a 304 with no "
    "body while nothing was published since (Cache-Control: public, no-cache). "
    "Published content only (published revisions; contact data only when its owner consented). "
    "CSV is UTF-8 with a BOM, `,`-separated, lists joined with `|`, objects as JSON, booleans "
    "`true`/`false`, empty for null; a text cell starting with `= + - @` gets a leading `'`. "
    "JSON is one array of objects; NDJSON one object per line. Rows are streamed in id order. "
    "Filters: `theme`, `uf`, `municipality` (repeat for OR), `updated_since`, `call` (practices "
    "only); one that does not "
    "apply to the dataset answers 422 naming it."
)


@router.get(
    "/api/v1/exports/bundle",
    response_class=FileResponse,
    responses={200: {"content": {bundle.MEDIA_TYPE: {}}}},
)
def offline_bundle(
    request: Request,
    session: SessionDep,
    uf: Annotated[str, Query(min_length=2, max_length=2, description="UF")],
) -> Response:
    """One SQLite file with the UF's published practices (and national ones), municipalities
    with capacity, capacity history and policies (federal, state, municipal), and a `manifest`
    table (generated_at, counts, sha256 of the data and how it is computed). Revalidate with
    If-None-Match: 304 while nothing was published since, without building it again."""
    etag = versions.bundle_etag(session, uf)
    if caching.matches(request.headers, etag):
        return caching.not_modified(etag)
    path, manifest = bundle.bundle_to_temp(session, uf)
    return FileResponse(
        path,
        media_type=bundle.MEDIA_TYPE,
        filename=f"partilha-{manifest.uf}-{manifest.generated_at:%Y%m%d}.sqlite",
        headers={"X-Partilha-Bundle-Sha256": manifest.sha256, **caching.validators(etag)},
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


@router.get("/api/v1/changes", response_model=ChangePage)
def change_feed(
    session: SessionDep,
    since: Annotated[
        str | None,
        Query(
            max_length=200,
            description="next_cursor of the previous page; omit to start from the beginning",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=changes.MAX_LIMIT)] = 100,
) -> ChangePage:
    """Created, updated and archived practices, policies and municipalities' capacity, in the
    order they were committed. Apply items in order: `data` null means delete, otherwise
    upsert. Paging never skips nor repeats an item, even while writes happen."""
    return changes.changes(session, since, limit)


@router.get("/data.json", response_model=dict[str, Any])
def data_catalogue(request: Request, session: SessionDep) -> Response:
    """DCAT-US 1.1 catalogue of the open datasets, for open-data portals to harvest (ETag:
    revalidate with If-None-Match)."""
    etag = versions.catalogue_etag(session, get_settings().public_base_url)
    if caching.matches(request.headers, etag):
        return caching.not_modified(etag)
    body = fastjson.dumps(dcat.catalogue(session))
    return Response(body, media_type="application/json", headers=caching.validators(etag))


def _export_route(router: APIRouter) -> None:
    # The path parameter is an enum of the datasets registered at assembly (OpenAPI lists them).
    names = [(spec.name, spec.name) for spec in datasets.registered()]
    dataset_enum = StrEnum("Dataset", names)  # type: ignore[misc]
    tables = "\n\n".join(f"**{s.name}**\n\n{s.markdown()}" for s in datasets.registered())

    @router.get(
        "/api/v1/exports/{dataset}.{fmt}",
        response_class=StreamingResponse,
        description=f"{EXPORT_DOC}\n\n{tables}",
        summary="Export a dataset",
        tags=["open data"],
    )
    def export(
        request: Request,
        session: SessionDep,
        dataset: dataset_enum,
        fmt: Format,
        params: Annotated[ExportQuery, Query()],
        accept: Annotated[
            str | None, Header(alias="Accept-Language", include_in_schema=False)
        ] = None,
    ) -> Response:
        # Labels beside the codes in the language asked for (?lang=, else Accept-Language).
        lang = params.lang or from_accept_language(accept)
        result = service.export(session, dataset.value, fmt, params, lang)  # checks the filters
        asked = params.model_copy(update={"lang": lang}).model_dump_json()
        etag = versions.export_etag(session, dataset.value, fmt.value, asked)
        if caching.matches(request.headers, etag):
            return caching.not_modified(etag)
        headers = {
            "Content-Disposition": f'attachment; filename="{result.filename}"',
            "Vary": "Accept-Language",
            **({"Content-Language": lang} if lang else {}),
            **caching.validators(etag),
        }
        return StreamingResponse(result.chunks, media_type=result.media_type, headers=headers)


def _feed_route(router: APIRouter, name: str) -> None:
    def feed(
        request: Request,
        session: SessionDep,
        theme: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006 - FastAPI copies it
        uf: Annotated[list[str], Query(max_length=27)] = [],  # noqa: B006
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> Response:
        body = atom.feed(session, name, ExportQuery(theme=theme, uf=uf), limit)
        return caching.conditional(request.headers, body, atom.MEDIA_TYPE)

    router.add_api_route(
        f"/feeds/{name}.atom",
        feed,
        methods=["GET"],
        name=f"{name}_atom",  # practices_atom: the operation id partners know
        response_class=Response,
        responses={200: {"content": {"application/atom+xml": {}}}},
        description=f"The newest published {name} (Atom), filterable by theme and UF.",
        tags=["open data"],
    )


def build_router() -> APIRouter:
    """The open-data routes for the datasets registered now (call after assembly)."""
    built = APIRouter()
    built.include_router(router)
    _export_route(built)
    for spec in datasets.registered():
        if spec.atom is not None:
            _feed_route(built, spec.name)
    return built

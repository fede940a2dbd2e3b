"""Open-data API: thin routes over the exports, change feed, Atom, bundle and catalogue."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from app.db import SessionDep
from app.opendata import atom, bundle, changes, dcat, service
from app.opendata.columns import Dataset, Format, markdown_table
from app.opendata.models import ChangePage, ExportQuery

router = APIRouter(tags=["open data"])

EXPORT_DOC = (
    "Published content only (published revisions; contact data only when its owner consented). "
    "CSV is UTF-8 with a BOM, `,`-separated, lists joined with `|`, objects as JSON, booleans "
    "`true`/`false`, empty for null; a text cell starting with `= + - @` gets a leading `'`. "
    "JSON is one array of objects; NDJSON one object per line. Rows are streamed in id order. "
    "Filters: `theme`, `uf`, `municipality` (repeat for OR), `updated_since`; one that does not "
    "apply to the dataset answers 422 naming it.\n\n"
    + "\n\n".join(f"**{d.value}**\n\n{markdown_table(d)}" for d in Dataset)
)


@router.get(
    "/api/v1/exports/bundle",
    response_class=FileResponse,
    responses={200: {"content": {bundle.MEDIA_TYPE: {}}}},
)
def offline_bundle(
    session: SessionDep, uf: Annotated[str, Query(min_length=2, max_length=2, description="UF")]
) -> FileResponse:
    """One SQLite file with the UF's published practices (and national ones), municipalities
    with capacity, capacity history and policies (federal, state, municipal), and a `manifest`
    table (generated_at, counts, sha256 of the data and how it is computed)."""
    path, manifest = bundle.bundle_to_temp(session, uf)
    return FileResponse(
        path,
        media_type=bundle.MEDIA_TYPE,
        filename=f"partilha-{manifest.uf}-{manifest.generated_at:%Y%m%d}.sqlite",
        headers={"X-Partilha-Bundle-Sha256": manifest.sha256},
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


@router.get(
    "/api/v1/exports/{dataset}.{fmt}",
    response_class=StreamingResponse,
    description=EXPORT_DOC,
    summary="Export a dataset",
)
def export(
    session: SessionDep, dataset: Dataset, fmt: Format, params: Annotated[ExportQuery, Query()]
) -> StreamingResponse:
    result = service.export(session, dataset, fmt, params)
    disposition = f'attachment; filename="{result.filename}"'
    return StreamingResponse(
        result.chunks, media_type=result.media_type, headers={"Content-Disposition": disposition}
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


@router.get(
    "/feeds/practices.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def practices_atom(
    session: SessionDep,
    theme: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006 - FastAPI copies it
    uf: Annotated[list[str], Query(max_length=27)] = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """Newly published practices (Atom), filterable by theme and UF."""
    body = atom.practices_feed(session, ExportQuery(theme=theme, uf=uf), limit)
    return Response(body, media_type=atom.MEDIA_TYPE)


@router.get("/data.json")
def data_catalogue(session: SessionDep) -> dict[str, Any]:
    """DCAT-US 1.1 catalogue of the open datasets, for open-data portals to harvest."""
    return dcat.catalogue(session)

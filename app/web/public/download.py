""" "Download these results": a results page's search (words, facets, place, pins) run again
over all its pages and handed to the open-data export of the kind's dataset, so the file has
the same columns as `/api/v1/exports/{dataset}` and exactly the rows the page found."""

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import StreamingResponse
from pydantic import ValidationError

from app.db import SessionDep
from app.errors import InvalidInput
from app.opendata import service as opendata
from app.opendata.columns import Format
from app.web.i18n import current_lang
from app.web.public.form import SearchForm
from app.web.public.kit import PublicKind

PER_REQUEST = 100  # the search's largest page
MAX_ROWS = 1000  # the search's deepest answer (Meilisearch's maxTotalHits)


def download_route(kind: PublicKind) -> Callable[..., StreamingResponse]:
    def download(request: Request, session: SessionDep, fmt: Format) -> StreamingResponse:
        form = SearchForm.from_request(request, session, kind)
        if form.problem:
            raise InvalidInput(form.problem)
        params = {**form.query_params(), "per_page": PER_REQUEST}
        ids: list[int] = []
        try:
            for number in range(1, MAX_ROWS // PER_REQUEST + 1):
                page = kind.search(session, {**params, "page": number})
                ids += [hit.id for hit in page.hits]
                if number >= page.total_pages:
                    break
        except ValidationError as exc:
            raise InvalidInput("some filters in the address were not recognised") from exc
        # The labels beside the codes in the page's language.
        result = opendata.export_selected(session, kind.dataset, fmt, ids, current_lang())
        return StreamingResponse(
            result.chunks,
            media_type=result.media_type,
            headers={"Content-Disposition": f'attachment; filename="{result.filename}"'},
        )

    return download

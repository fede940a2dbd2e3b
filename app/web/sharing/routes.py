"""The share images: /praticas/{id}/imagem.png, /chamadas/{id}/imagem.png and
/municipios/{ibge}/imagem.png, for published content only (404 otherwise), cacheable by anyone
and revalidated by ETag."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.db import DbId, IbgeCode, SessionDep
from app.web.sharing import service as sharing
from app.web.sharing.card import ShareCard

CACHE_CONTROL = "public, max-age=3600"  # a new revision shows within the hour; ETag revalidates

router = APIRouter(include_in_schema=False)


def _image(request: Request, card: ShareCard) -> Response:
    headers = {"ETag": card.etag, "Cache-Control": CACHE_CONTROL}
    wanted = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
    if card.etag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    return Response(sharing.share_png(card), media_type="image/png", headers=headers)


@router.get("/praticas/{practice_id:int}/imagem.png")
def practice_image(
    request: Request, session: SessionDep, practice_id: DbId, idioma: str | None = None
) -> Response:
    card = sharing.practice_card(session, practice_id, sharing.language(idioma))
    return _image(request, card)


@router.get("/municipios/{ibge_code:int}/imagem.png")
def municipality_image(
    request: Request, session: SessionDep, ibge_code: IbgeCode, idioma: str | None = None
) -> Response:
    card = sharing.municipality_card(session, ibge_code, sharing.language(idioma))
    return _image(request, card)


@router.get("/chamadas/{call_id:int}/imagem.png")
def call_image(
    request: Request, session: SessionDep, call_id: DbId, idioma: str | None = None
) -> Response:
    return _image(request, sharing.call_card(session, call_id, sharing.language(idioma)))

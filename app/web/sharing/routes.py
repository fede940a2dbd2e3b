"""The share images: /praticas/{id}/imagem.png, /chamadas/{id}/imagem.png and
/municipios/{ibge}/imagem.png, for published content only (404 otherwise), cacheable by anyone
and revalidated by ETag."""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.db import DbId, IbgeCode, SessionDep
from app.web.sharing import service as sharing
from app.web.sharing.card import ShareCard

CACHE_CONTROL = "public, max-age=3600"  # a new revision shows within the hour; ETag revalidates
# Each page that is shared: its image's path, the type of its key and how its card is drawn.
IMAGES: tuple[tuple[str, Any, Callable[[Session, int, str], ShareCard]], ...] = (
    ("/praticas/{key:int}/imagem.png", DbId, sharing.practice_card),
    ("/municipios/{key:int}/imagem.png", IbgeCode, sharing.municipality_card),
    ("/chamadas/{key:int}/imagem.png", DbId, sharing.call_card),
)

router = APIRouter(include_in_schema=False)


def _image(request: Request, card: ShareCard) -> Response:
    headers = {"ETag": card.etag, "Cache-Control": CACHE_CONTROL}
    wanted = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
    if card.etag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    return Response(sharing.share_png(card), media_type="image/png", headers=headers)


def _image_route(key_type: Any, card_of: Callable[[Session, int, str], ShareCard]) -> Any:
    def image(
        request: Request, session: SessionDep, key: key_type, idioma: str | None = None
    ) -> Response:
        return _image(request, card_of(session, key, sharing.language(idioma)))

    return image


for _path, _key_type, _card_of in IMAGES:
    router.add_api_route(_path, _image_route(_key_type, _card_of), methods=["GET"])

"""What needs add to other domains' pages: the offers an organisation made, as a section of its
page (registered at assembly); only the need is shown, never the offer's contact."""

from sqlmodel import Session

from app.needs import repository as repo
from app.organisations.extensions import Section
from app.organisations.models import Listed

LABELS = {
    "pt-BR": "Ofertas de ajuda a necessidades",
    "es": "Ofertas de ayuda a necesidades",
    "en": "Offers of help to needs",
    "fr": "Offres d'aide aux besoins",
}


def offered(session: Session, organisation_id: int, limit: int) -> list[Listed]:
    return [
        Listed(
            id=need.id or 0,
            title=f"{need.title}",
            page=f"/necessidades/{need.id}",
            published_at=offer.created_at,
        )
        for offer, need in repo.offered_by(session, organisation_id, limit)
    ]


OFFERS = Section("offers", LABELS, offered)

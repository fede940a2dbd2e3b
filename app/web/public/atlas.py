"""The map of Brazil by UF, /mapa: a server-rendered SVG (no tiles, no script) with one
labelled circle per UF at its IBGE seat coordinates, sized by its published practices and
coloured by the freshness of its capacity data; each links to the UF's page. A table
beside it gives the same figures (practices, open needs, organisations, freshness)."""

from dataclasses import dataclass
from datetime import date
from math import sqrt

from fastapi import Request
from fastapi.responses import Response

from app.accounts.deps import OptionalUser
from app.db import SessionDep
from app.municipalities import service as municipalities
from app.needs import service as needs
from app.organisations import service as organisations
from app.practices import profile as practices
from app.web.labels import freshness_name
from app.web.public.state import state_path
from app.web.templating import render

# Brazil's extent (degrees) and the drawing's scale: an equirectangular projection is
# faithful enough at this size for placing 27 markers.
WEST, EAST, NORTH, SOUTH = -74.5, -34.0, 6.0, -34.5
SCALE, MARGIN = 12.0, 24.0
COLOURS = {"fresh": "#1b7f4b", "due": "#b7791f", "overdue": "#b42318", "never": "#6b7280"}

PATH = "/mapa"


@dataclass(frozen=True)
class UfFigures:
    uf: str
    name: str
    practices: int
    open_needs: int
    organisations: int
    freshness: str  # fresh, due, overdue, never
    freshness_label: str
    latest_report: date | None
    x: float
    y: float
    radius: float
    colour: str
    link: str


def _xy(latitude: float, longitude: float) -> tuple[float, float]:
    return (
        round(MARGIN + (longitude - WEST) * SCALE, 1),
        round(MARGIN + (NORTH - latitude) * SCALE, 1),
    )


def figures(session: SessionDep) -> list[UfFigures]:
    """Every UF's figures, by UF code."""
    counted = practices.counts_by_uf(session)
    open_needs = needs.open_needs_by_uf(session)
    orgs = organisations.published_per_uf(session)
    freshness = municipalities.freshness_by_uf(session)
    rows = []
    for state in municipalities.list_states(session):
        x, y = _xy(state.latitude, state.longitude)
        fresh = freshness[state.uf]
        rows.append(
            UfFigures(
                uf=state.uf,
                name=state.name,
                practices=counted.get(state.uf, 0),
                open_needs=open_needs.get(state.uf, 0),
                organisations=orgs.get(state.uf, 0),
                freshness=fresh.status.value,
                freshness_label=freshness_name(fresh.status.value),
                latest_report=fresh.as_of,
                x=x,
                y=y,
                radius=round(9 + 5 * sqrt(counted.get(state.uf, 0)), 1),
                colour=COLOURS[fresh.status.value],
                link=state_path(state.uf),
            )
        )
    return rows


def size() -> tuple[float, float]:
    return _xy(SOUTH, EAST)[0] + MARGIN, _xy(SOUTH, EAST)[1] + MARGIN


def map_page(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    rows = figures(session)
    width, height = size()
    legend = [(freshness_name(status), colour) for status, colour in COLOURS.items()]
    context = {"rows": rows, "width": width, "height": height, "legend": legend}
    return render(request, "public/map.html", context)

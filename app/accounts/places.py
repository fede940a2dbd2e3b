"""The places accounts refer to (an organisation's UF, a gov_editor's UF or IBGE code) are
known by the municipalities domain, which sits above accounts: it hands its lookups down at
assembly (app/assembly.py) and accounts check against them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlmodel import Session

from app.core.slots import Slot


@dataclass(frozen=True)
class Places:
    all_ufs: Callable[[Session], set[str]]  # every UF, upper case
    existing_codes: Callable[[Session, Iterable[int]], set[int]]  # those of the codes that exist


_places: Slot[Places] = Slot("places")
register = _places.register
places = _places.get

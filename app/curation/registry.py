"""The registry of curated kinds, filled once by app/assembly.py (tests may add their own)."""

from collections.abc import Iterator
from contextlib import contextmanager

from app.curation.kinds import CuratedKind
from app.errors import InvalidInput

_KINDS: dict[str, CuratedKind] = {}


def register(kind: CuratedKind) -> None:
    """Add a kind; registering the same declaration again changes nothing."""
    known = _KINDS.get(kind.name)
    if known is kind:
        return
    if known is not None or any(k.segment == kind.segment for k in _KINDS.values()):
        raise ValueError(f"a curated kind named {kind.name!r} or at /{kind.segment} exists")
    _KINDS[kind.name] = kind


def unregister(kind: CuratedKind) -> None:
    _KINDS.pop(kind.name, None)


@contextmanager
def registered(kind: CuratedKind) -> Iterator[CuratedKind]:
    """A kind registered for the duration of a block (a test's own kind)."""
    register(kind)
    try:
        yield kind
    finally:
        unregister(kind)


def kinds() -> list[CuratedKind]:
    return list(_KINDS.values())


def find(name_or_segment: str) -> CuratedKind:
    """A kind by its name (practice) or URL segment (practices); 422 naming the choices."""
    for kind in _KINDS.values():
        if name_or_segment in (kind.name, kind.segment):
            return kind
    choices = ", ".join(sorted(k.segment for k in _KINDS.values()))
    raise InvalidInput.field(
        ["query", "kind"], f"unknown kind {name_or_segment!r}; one of: {choices}", "enum"
    )

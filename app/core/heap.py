"""The serving process's Python heap. Under bench/load.py the cycle collector's full passes
walked everything start-up had loaded (the IBGE reference, the catalog, SQLAlchemy's and the
templates' caches: ~220,000 objects) and stopped every request in flight for up to 0.2 s, 12
times in a 100 s run; that pause was most of the gap between the app's search p95 and
Meilisearch's own (1.32-1.36x -> 1.18-1.24x). Frozen after start-up, those objects are never
walked again; a larger young generation runs the collector a sixteenth as often (the app's CPU
per search 1.37 -> 1.25 ms) for a few percent more memory."""

import gc

YOUNG_OBJECTS = 5_000  # Python's default is 700
_DEFAULT = gc.get_threshold()


def settle() -> None:
    """After start-up: what it left is out of every later pass (no collection first: the
    tests start an app per test, and start-up leaves little garbage)."""
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *_DEFAULT[1:])


def release() -> None:
    """At shutdown: the start-up objects can be collected again (tests start many apps in one
    process), and the collector runs as it did before."""
    gc.unfreeze()
    gc.set_threshold(*_DEFAULT)

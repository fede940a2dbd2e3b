"""Kept while the contributor and curator pages move: the labels live in `app.web.labels` now."""

from app.web.labels import *  # noqa: F403

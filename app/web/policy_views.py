"""Kept while the policy contributor and curator pages move: the labels are in app.web.labels."""

from app.web.labels import *  # noqa: F403

"""What version of the published data an open-data answer shows, as its ETag, known before
the answer is built: a client holding the current copy of an export or a bundle gets a 304
without the rows being read again.

Every change to published content writes an outbox row in its own transaction, so the outbox's
version (app/outbox/feed.py) names the data's version; the request's shape, the dataset's
columns and the day (file names and freshness carry the date) complete it."""

from sqlmodel import Session

from app.core.caching import weak_etag
from app.db import utcnow
from app.opendata import datasets
from app.outbox.feed import version


def data_version(session: Session) -> str:
    return f"{version(session)}@{utcnow():%Y-%m-%d}"


def export_etag(session: Session, name: str, fmt: str, query_json: str) -> str:
    """The ETag of an export: dataset, format, filters, columns and the data's version."""
    columns = datasets.get(name).markdown()
    return weak_etag("export", name, fmt, query_json, columns, data_version(session))


def bundle_etag(session: Session, uf: str) -> str:
    """The ETag of a UF's bundle: its tables are the datasets', so their columns name them."""
    tables = "".join(spec.markdown() for spec in datasets.registered())
    return weak_etag("bundle", uf.upper(), tables, data_version(session))


def catalogue_etag(session: Session, base_url: str) -> str:
    """The ETag of /data.json: the datasets, the public address and the data's version (a
    dataset never changed says "modified now": equivalent answers share the weak tag)."""
    tables = "".join(spec.name + spec.markdown() for spec in datasets.registered())
    return weak_etag("data.json", base_url, tables, data_version(session))

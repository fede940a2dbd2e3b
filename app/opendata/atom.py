"""Atom feeds (RFC 4287) of the newest published rows of a dataset that declares one.
ElementTree escapes every text node; characters XML 1.0 forbids (C0 controls other than
tab/newline) are dropped first, so the document always parses whatever partners typed."""

import re
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from sqlmodel import Session

from app.config import get_settings
from app.db import utcnow
from app.errors import NotFound
from app.opendata import datasets
from app.opendata.datasets import AtomEntry
from app.opendata.models import ExportQuery
from app.opendata.rows import iso
from app.opendata.service import check_filters

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(parent: ET.Element, tag: str, value: str | None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = _FORBIDDEN.sub("", value or "")
    return element


def _link(parent: ET.Element, href: str, rel: str, kind: str | None = None) -> None:
    attrs = {"href": href, "rel": rel}
    if kind:
        attrs["type"] = kind
    ET.SubElement(parent, f"{{{ATOM}}}link", attrs)


def _entry(feed: ET.Element, item: AtomEntry) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", item.url)
    _text(entry, "title", item.title, type="text")
    _link(entry, item.url, "alternate", "text/html")
    _text(entry, "published", item.published)
    _text(entry, "updated", item.updated)
    author = ET.SubElement(entry, f"{{{ATOM}}}author")
    _text(author, "name", item.author)
    for term, label in item.categories:
        attrs = {"term": term, "label": _FORBIDDEN.sub("", label)}
        ET.SubElement(entry, f"{{{ATOM}}}category", attrs)
    _text(entry, "summary", item.summary, type="text")


def feed(
    session: Session,
    name: str,
    query: ExportQuery,
    limit: int,
    title: str | None = None,
    path: str | None = None,
) -> bytes:
    """The newest published rows of a dataset as Atom XML (filters as its export); `title`
    and `path` name another feed of the same rows (a call's answers)."""
    dataset = datasets.get(name)
    if dataset.atom is None:
        raise NotFound(f"the {name} dataset has no feed")
    filters = check_filters(session, dataset, query)
    rows = dataset.atom.latest(session, filters, limit)
    entries = [dataset.atom.entry(row) for row in rows]
    base = get_settings().public_base_url.rstrip("/")
    params = urlencode([("theme", t) for t in filters.theme] + [("uf", u) for u in filters.uf])
    self_url = f"{base}{path or f'/feeds/{name}.atom'}" + (f"?{params}" if params else "")
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "pt-BR"})
    _text(root, "id", self_url)
    _text(root, "title", title or f"Partilha — {dataset.atom.title}", type="text")
    newest = max((e.updated for e in entries if e.updated), default=iso(utcnow()))
    _text(root, "updated", newest)
    _link(root, self_url, "self", "application/atom+xml")
    _link(root, f"{base}{dataset.atom.page}", "alternate", "text/html")
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", "Partilha")
    for item in entries:
        _entry(root, item)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

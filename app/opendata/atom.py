"""Atom feed (RFC 4287) of newly published practices. ElementTree escapes every text node;
characters XML 1.0 forbids (C0 controls other than tab/newline) are dropped first, so the
document always parses whatever partners typed."""

import re
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.config import get_settings
from app.db import utcnow
from app.opendata import datasets
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


def _entry(feed: ET.Element, practice: dict[str, Any]) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", practice["url"])
    _text(entry, "title", practice["title"], type="text")
    _link(entry, practice["url"], "alternate", "text/html")
    _text(entry, "published", practice["published_at"])
    _text(entry, "updated", practice["updated_at"])
    author = ET.SubElement(entry, f"{{{ATOM}}}author")
    _text(author, "name", practice["organisation_name"])
    taxonomy = get_catalog().taxonomies
    for slug in practice["themes"]:
        ET.SubElement(
            entry,
            f"{{{ATOM}}}category",
            {"term": slug, "label": _FORBIDDEN.sub("", taxonomy.label("themes", slug))},
        )
    _text(entry, "summary", practice["summary"], type="text")


def practices_feed(
    session: Session,
    query: ExportQuery,
    limit: int,
    title: str = "Partilha — boas práticas publicadas",
    path: str = "/feeds/practices.atom",
) -> bytes:
    """The latest published practices (filters theme, uf and call), newest first, as Atom XML;
    `path` and `title` name the feed (all practices, or a call's answers)."""
    dataset = datasets.get("practices")
    assert dataset.latest is not None
    filters = check_filters(session, dataset, query)
    practices = dataset.latest(session, filters, limit)
    base = get_settings().public_base_url.rstrip("/")
    params = urlencode([("theme", t) for t in filters.theme] + [("uf", u) for u in filters.uf])
    self_url = f"{base}{path}" + (f"?{params}" if params else "")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "pt-BR"})
    _text(feed, "id", self_url)
    _text(feed, "title", title, type="text")
    _text(feed, "updated", max((p["updated_at"] for p in practices), default=iso(utcnow())))
    _link(feed, self_url, "self", "application/atom+xml")
    _link(feed, f"{base}/busca", "alternate", "text/html")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Partilha")
    for practice in practices:
        _entry(feed, practice)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)

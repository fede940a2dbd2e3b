"""Markdown from contributors rendered to HTML that is safe to show.

markdown-it runs with raw HTML disabled (so `<script>` stays text) and turns bare addresses into
links; nh3 (Ammonia) then keeps only an allow-list of tags, attributes and URL schemes as a
second, independent barrier, and gives every link rel="nofollow noopener noreferrer"."""

from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},  # rel is nh3's own (link_rel): it refuses an allowed "rel"
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


@lru_cache
def _parser() -> MarkdownIt:
    # "js-default": CommonMark with html disabled and links validated; tables on; bare
    # addresses (www.example.org, https://...) become links, never inside code.
    md = MarkdownIt("js-default", {"linkify": True}).enable(["table", "linkify"])
    # Contributors' headings sit under the page's own h1/h2: shift them down.
    md.add_render_rule("heading_open", _shifted_heading, fmt="html")
    md.add_render_rule("heading_close", _shifted_heading, fmt="html")
    return md


def _shifted_heading(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    level = min(6, max(3, int(token.tag[1]) + 1))
    token.tag = f"h{level}"
    return self.renderToken(tokens, idx, options, env)


def render_markdown(text: str | None) -> Markup:
    """Contributor Markdown -> sanitised HTML."""
    if not text:
        return Markup("")
    html = _parser().render(text)
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(ALLOWED_PROTOCOLS),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return Markup(cleaned)

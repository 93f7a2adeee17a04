"""Question text as a page shows it, for the bank, the reviewer's page and the quiz alike.
"plain" text is escaped, its line breaks kept; "html" text keeps only the bank's small
subset (p, br, b/strong, i/em, u, sub, sup, ul/ol/li, tables, img; see
repository/questions/interchange.py) through nh3, an image only when it names one of the
item's media (`media:NAME` → the same-origin address the caller gives). Formulas stay as
typed, between \\( \\), \\[ \\] or $$ $$, for the vendored KaTeX to draw in the browser."""

from __future__ import annotations

import html

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PLAIN, HTML = "plain", "html"
MEDIA_PREFIX = "media:"
TAGS = {"p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "ul", "ol", "li",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "img"}
ATTRIBUTES = {"img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def _filter(media: dict):
    def attribute(tag, name, value):
        if tag == "img" and name == "src":
            if not value.startswith(MEDIA_PREFIX):
                return None
            url = media.get(value[len(MEDIA_PREFIX):])
            return url if isinstance(url, str) and url.startswith("/") and not url.startswith("//") else None
        if name in ("width", "height", "colspan", "rowspan"):
            return value if value.isdigit() and len(value) <= 4 else None
        return value

    return attribute


def render(text, text_format: str = PLAIN, media: dict | None = None) -> SafeString:
    """Safe html of a question's text. An image naming media not in `media` keeps its
    description only (never an address outside the platform)."""
    text = "" if text is None else str(text)
    if text_format != HTML:
        return mark_safe(escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>"))
    return mark_safe(nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_filter(media or {}),
                               url_schemes={"media"}, link_rel=None))


def bare(text, text_format: str = PLAIN) -> str:
    """The text alone (a select's options hold no markup): html left out."""
    text = "" if text is None else str(text)
    if text_format != HTML:
        return text
    return html.unescape(nh3.clean(text, tags=set(), attributes={}))


def plain_words(text, text_format: str = PLAIN, limit: int = 0) -> str:
    """The text without markup, whitespace collapsed (titles, duplicates, search)."""
    if text_format == HTML:  # "<p>a</p><p>b</p>" is two words
        text = str(text or "").replace("<", " <")
    words = " ".join(bare(text, text_format).split())
    if limit and len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    return words

"""A question's text as the page shows it. "plain" text is escaped, its line breaks kept;
"html" text keeps only the bank's small subset (p, br, b/strong, i/em, u, sub, sup,
ul/ol/li, tables, img) through nh3, an image only when it names one of the item's media
(`media:NAME` → the URL the publisher gave). Formulas stay as typed, between \\( \\),
\\[ \\] or $$ $$: the page renders them with the vendored KaTeX (static/js/quiz.js)."""

from __future__ import annotations

import html

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "ul", "ol", "li",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "img"}
ATTRIBUTES = {"img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
MEDIA_PREFIX = "media:"


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


def rich(text, text_format: str = "plain", media: dict | None = None) -> SafeString:
    text = "" if text is None else str(text)
    if text_format != "html":
        return mark_safe(escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>"))
    return mark_safe(nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_filter(media or {}),
                               url_schemes={"media"}, link_rel=None))


def bare(text, text_format: str = "plain") -> str:
    """The text alone (for a select's options, which hold no markup): html left out."""
    text = "" if text is None else str(text)
    if text_format != "html":
        return text
    return html.unescape(nh3.clean(text, tags=set(), attributes={}))

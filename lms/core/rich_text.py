"""Question text as a page shows it: "plain" text escaped with its line breaks, or the
small "html" subset questions carry (see repository/questions/interchange.py) cleaned by
nh3, with `media:NAME` images pointed at the addresses the caller gives. Formulas stay
as their LaTeX (\\( \\), \\[ \\], $$ $$) for KaTeX to draw in the browser
(static/vendor/katex, templates/includes/katex.html). The bank, the reviewer's page and
the quiz all render through here."""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

PLAIN, HTML = "plain", "html"
MEDIA_PREFIX = "media:"

TAGS = {"p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "ul", "ol", "li", "table", "thead", "tbody",
        "tr", "td", "th", "img", "span", "div"}
ATTRIBUTES = {"img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"},
              "th": {"colspan", "rowspan"}}
_TAG = re.compile(r"<[^>]*>")


def render(text: str, text_format: str = PLAIN, media_urls: dict[str, str] | None = None) -> SafeString:
    """Safe html of a question's text. An image naming media not in `media_urls` keeps
    its description only (never an address outside the platform)."""
    if text_format != HTML:
        return mark_safe(linebreaks(escape(text or "")))
    urls = media_urls or {}

    def attribute(tag, name, value):
        if tag == "img" and name == "src":
            if value.startswith(MEDIA_PREFIX):
                return urls.get(value[len(MEDIA_PREFIX):])
            return None
        return value

    return mark_safe(nh3.clean(text or "", tags=TAGS, attributes=ATTRIBUTES, attribute_filter=attribute,
                               url_schemes={"http", "https", "media"}, link_rel=None))


def plain_words(text: str, text_format: str = PLAIN, limit: int = 0) -> str:
    """The text without markup, whitespace collapsed (titles, duplicates, search)."""
    if text_format == HTML:
        text = nh3.clean(text or "", tags=set())
        text = _TAG.sub(" ", text).replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<") \
            .replace("&gt;", ">")
    words = " ".join((text or "").split())
    if limit and len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    return words

"""Template helpers of the public catalogue: accent-blind highlighting, JSON-LD, links
that keep the current filters."""

import json
import re
from functools import lru_cache

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext
from django.template.defaultfilters import floatformat

from lms.core.text import fold, search_fold

register = template.Library()

_TOKEN = re.compile(r"\w+")
# As django.utils.html.json_script: nothing in the data may close the <script>.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


_fold_char = lru_cache(maxsize=4096)(fold)  # one character at a time: a page folds thousands


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original
    character it comes from ("Đ" -> "d"; a decomposed accent folds to nothing)."""
    chars, origin = [], []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            chars.append(c)
            origin.append(i)
    return "".join(chars), origin


def match_spans(text: str, terms) -> list[tuple[int, int]]:
    """Spans of `text` (original characters) whose folded word is one of `terms`
    (spelling variants alike: "lí" marks "lý")."""
    wanted = {search_fold(t) for t in terms if t}
    if not text or not wanted:
        return []
    folded, origin = _folded_with_positions(text)
    spans = []
    for m in _TOKEN.finditer(folded):
        if search_fold(m.group()) not in wanted:
            continue
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        while end < len(text) and not _fold_char(text[end]):  # combining marks of the last letter
            end += 1
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, end))
    return spans


def highlight_html(text: str, terms, spans=None) -> str:
    """`text`, escaped, with the words matching `terms` (accents and case aside) in <mark>."""
    text = text or ""
    spans = match_spans(text, terms) if spans is None else spans
    out, pos = [], 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


@register.simple_tag
def facet_options(facet):
    """The radio buttons of a facet's options: written here rather than by a template
    loop, which took most of a page's time once a subject offers hundreds of topics."""
    param = escape(facet.param)
    items = []
    for i, option in enumerate(facet.options, start=1):
        value = escape(option.value)
        checked = " checked" if option.selected else ""
        items.append(
            f'<li>\n<input type="radio" name="{param}" id="f-{param}-{i}" value="{value}"{checked}>\n'
            f'<label for="f-{param}-{i}" data-value="{value}">{escape(option.label)} '
            f'<span class="count" data-count="{option.count}">({option.count})</span></label>\n</li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 - values and labels escaped above


@register.filter
def highlight(text, terms):
    return highlight_html(str(text or ""), terms or [])


@register.filter
def excerpt(text, terms, length: int = 220):
    """A piece of `text` of about `length` characters around the first match, highlighted."""
    text = " ".join(str(text or "").split())
    length = int(length)
    spans = match_spans(text, terms or [])
    if len(text) <= length:
        return highlight_html(text, terms or [], spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - length // 3, len(text) - length))
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    piece = text[start:end]
    shifted = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    html = highlight_html(piece, terms or [], shifted)
    return mark_safe(("… " if start else "") + html + (" …" if end < len(text) else ""))


@register.simple_tag
def ld_json(data):
    """A JSON-LD document for <script type="application/ld+json">."""
    dumped = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return mark_safe(dumped.translate(_JSON_ESCAPES))  # noqa: S308 - escaped for <script>


@register.simple_tag(takes_context=True)
def with_params(context, **changes):
    """The current query string with some parameters changed; None or "" removes one.
    Changing anything but the page goes back to page 1."""
    params = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    query = urlencode(sorted((k, v) for k, v in params.items() if v), doseq=False)
    return f"?{query}" if query else "?"


@register.simple_tag(takes_context=True)
def without_param(context, name):
    """The current query string without one parameter (and back to page 1)."""
    return with_params(context, **{name: None})


@register.filter
def thumbnail_url(resource):
    """The thumbnail of a result card (its `thumbnail_file_id`, set by the catalogue's
    selectors), or "": through the view that checks who may see the file, never the
    storage's own URL."""
    file_id = getattr(resource, "thumbnail_file_id", None)
    return reverse("repository:file_thumbnail", args=[resource.pk, file_id]) if file_id else ""


@register.simple_tag
def resource_card(resource, terms):
    """One result card of the catalogue, written here rather than by the template engine
    (as facet_options): a page's dozen cards took a third of its rendering."""
    thumb = thumbnail_url(resource)
    parts = [f'<li class="resource-card" data-resource="{resource.pk}">']
    if thumb:
        parts.append(f'<img class="thumb" src="{escape(thumb)}" alt="" loading="lazy" width="96" height="72">')
    url = reverse("repository:resource", args=[resource.pk])
    meta = f"{escape(resource.subject)} · {escape(resource.grade)}"
    if resource.textbook_series_id:
        meta += f" · {escape(resource.textbook_series)}"
    parts += [
        '<div class="resource-card-body">',
        f'<p class="kind">{escape(resource.get_kind_display())}</p>',
        f'<h3><a href="{url}">{highlight_html(resource.title or "", terms or [])}</a></h3>',
        f'<p class="meta">{meta}</p>',
    ]
    if resource.description:
        parts.append(f'<p class="summary">{excerpt(resource.description, terms)}</p>')
    downloads = resource.download_count
    stats = (f'<span data-downloads="{downloads}">'
             f'{escape(ngettext("%(counter)s download", "%(counter)s downloads", downloads) % {"counter": downloads})}'
             "</span>")
    if resource.rating_count:
        stats += (f' · <span data-rating="{resource.rating_average:.2f}">★ {floatformat(resource.rating_average, 1)}'
                  f" ({resource.rating_count})</span>")
    stats += f" · <span>{escape(resource.school)}</span>"
    parts += [f'<p class="stats">{stats}</p>', "</div>", "</li>"]
    return mark_safe("\n".join(parts))  # noqa: S308 - every value is escaped or built here

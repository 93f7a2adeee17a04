"""A neutral text (repository.questions.interchange: "plain", or the small "html" subset
with `media:NAME` images and LaTeX formulas) put into a Word paragraph or table cell.

- html is first sanitised by nh3 (the subset's tags only; `src` only as `media:NAME`),
  then read: b/strong, i/em, u, sub, sup become the runs' formatting; br a line break;
  p a paragraph; ul/ol their items as paragraphs marked "•" or "1.", indented by depth;
  table a bordered Word table (th in bold, colspan kept); img the question's image, scaled
  down to the width it has (the page's, or its cell's).
- Plain text keeps its line breaks (as line breaks in the paragraph) and tabs.
- Formulas: \\( … \\) inline, \\[ … \\] and $$ … $$ on a line of their own, as native Word
  equations (omml.py); a formula that cannot be converted stays as its LaTeX text,
  delimiters included, so nothing is lost.
- An image whose media is missing or that Word cannot show (SVG) is written as its
  description in brackets.

A text becomes a `Fragment` once (cached: the same option or stem in 40 variants is built
once and copied): the inline content that goes into the paragraph given (after a label
such as "Câu 1:"), then the blocks that follow it. Its images are placeholders until a
`Writer` places the fragment in a document: then each gets the document's relationship to
its image part and a drawing id of its own.
"""

from __future__ import annotations

import copy
import functools
import io
import re
import struct
import weakref
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3
from django.utils.translation import gettext as _
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline

from repository.questions import interchange as qi
from repository.questions.word import omml, wml
from repository.questions.word.wml import PLAIN_STYLE, Style

ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "ul", "ol", "li", "table", "thead",
                "tbody", "tfoot", "tr", "td", "th", "img", "div", "span"}
_ATTRIBUTES = {"img": {"src", "alt"}, "td": {"colspan"}, "th": {"colspan"}, "ol": {"start"}}
_LATEX = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.S)
_SPACE = re.compile(r"[ \t\r\n\f]+")
_COMMAND = re.compile(r"\\[A-Za-z]+|[{}^_\\]")
_PLACEHOLDER = "rIdMedia"
_BLIP = qn("a:blip")
_EMBED = qn("r:embed")
_DOC_PR = qn("wp:docPr")
_LIST_INDENT = 360  # twips per list depth
_VOID = {"br", "img"}
_CELL_MARGINS = 200  # twips: a cell's left and right margins, and some


def sanitize(html: str) -> str:
    """The html subset of a neutral text, nothing else (scripts, styles, events, links…)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=_ATTRIBUTES, url_schemes={"media"},
                     clean_content_tags={"script", "style"}, link_rel=None)


@dataclass(frozen=True)
class Fragment:
    """A text as Word elements, to be copied into documents (see the module's docstring)."""

    lead: tuple  # inline elements (w:r, m:oMath) for the paragraph the text goes into
    blocks: tuple  # w:p and w:tbl elements after that paragraph
    media: tuple  # the interchange.Media its image placeholders stand for, in order
    length: int  # about how many characters it shows on a line (a formula by its symbols)
    inline: bool  # no blocks, line breaks or images: it can share a line with others


class _Tree(HTMLParser):
    """Sanitised html into nested (tag, attributes, children) tuples and strings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ("root", {}, [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = (tag, dict(attrs), [])
        self.stack[-1][2].append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1][2].append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1][2].append(data)


@dataclass
class _Paragraph:
    inlines: list = field(default_factory=list)
    indent: int = 0
    hanging: int = 0


class _Builder:
    """One text into a Fragment."""

    def __init__(self, media: dict[str, qi.Media], width_emu: int, html: bool):
        self.media_by_name = media
        self.width = width_emu
        self.html = html
        self.items: list = []  # _Paragraph or finished block elements
        self.current: _Paragraph | None = None
        self.media: list[qi.Media] = []
        self.length = 0
        self.breaks = False
        self.depth = 0

    # paragraphs

    def open(self) -> _Paragraph:
        if self.current is None:
            self.current = _Paragraph(indent=self.depth * _LIST_INDENT)
            self.items.append(self.current)
        return self.current

    def close(self) -> None:
        if self.current is not None and not self.current.inlines and self.current is self.items[-1] \
                and len(self.items) > 1:
            self.items.pop()  # an empty paragraph left between blocks
        self.current = None

    def block(self, element) -> None:
        self.close()
        self.items.append(element)

    # content

    def text(self, text: str, style: Style) -> None:
        if self.html:
            text = _SPACE.sub(" ", text)
            if self.current is None or not self.current.inlines:
                text = text.lstrip()
            if not text:
                return
        position = 0
        for match in _LATEX.finditer(text):
            self.words(text[position:match.start()], style)
            latex = match.group(1) if match.group(1) is not None else (match.group(2) or match.group(3) or "")
            display = match.group(1) is None
            converted = omml.formula(latex, display=display)
            self.length += len(_COMMAND.sub("", latex).replace(" ", "")) + 1
            if converted is None:
                self.open().inlines.append(wml.run(match.group(0), style))
            elif display:
                self.breaks = True
                self.block(wml.paragraph(converted, align="center"))
            else:
                self.open().inlines.append(converted)
            position = match.end()
        self.words(text[position:], style)

    def words(self, text: str, style: Style) -> None:
        if self.html and (self.current is None or not self.current.inlines):
            text = text.lstrip()
        if not text:
            return
        if "\n" in text:
            self.breaks = True
        self.length += len(text)
        self.open().inlines.append(wml.run(text, style))

    def line_break(self, style: Style) -> None:
        self.breaks = True
        self.open().inlines.append(wml.line_break(style))

    def image(self, attrs: dict, style: Style) -> None:
        self.breaks = True
        src = attrs.get("src") or ""
        name = src[len(qi.MEDIA_PREFIX):] if src.startswith(qi.MEDIA_PREFIX) else ""
        media = self.media_by_name.get(name)
        size = _image_size(media.data) if media is not None else None
        if size is None:
            described = attrs.get("alt") or (media.alt if media is not None else "") or name or src
            self.words(_("[image: %(what)s]") % {"what": described} if described else _("[image]"), style)
            return
        cx, cy = size
        if cx > self.width > 0:
            cx, cy = self.width, max(1, round(cy * self.width / cx))
        index = len(self.media)
        self.media.append(media)
        inline = CT_Inline.new_pic_inline(0, f"{_PLACEHOLDER}{index}", media.name, cx, cy)
        inline.find(_DOC_PR).set("descr", attrs.get("alt") or media.alt or "")
        r = wml.el("r")
        wml.run_properties(style, r)
        drawing = wml.el("drawing", r)
        drawing.append(inline)
        self.open().inlines.append(r)

    # html

    def walk(self, children: list, style: Style) -> None:
        for child in children:
            if isinstance(child, str):
                self.text(child, style)
                continue
            tag, attrs, inner = child
            if tag in ("b", "strong"):
                self.walk(inner, style.but(bold=True))
            elif tag in ("i", "em"):
                self.walk(inner, style.but(italic=True))
            elif tag == "u":
                self.walk(inner, style.but(underline=True))
            elif tag in ("sub", "sup"):
                self.walk(inner, style.but(vert="subscript" if tag == "sub" else "superscript"))
            elif tag == "br":
                self.line_break(style)
            elif tag == "img":
                self.image(attrs, style)
            elif tag in ("p", "div"):
                self.close()
                self.walk(inner, style)
                self.close()
            elif tag in ("ul", "ol"):
                self.items_of(tag, attrs, inner, style)
            elif tag == "table":
                self.breaks = True
                self.block(self.table(inner, style))
            else:  # span, li or a cell outside their parents, thead…
                self.walk(inner, style)

    def items_of(self, tag: str, attrs: dict, inner: list, style: Style) -> None:
        self.close()
        self.breaks = True
        try:
            number = int(attrs.get("start") or 1)
        except ValueError:
            number = 1
        self.depth += 1
        for child in inner:
            if isinstance(child, str):
                if child.strip():
                    self.text(child, style)
                continue
            if child[0] != "li":
                self.walk([child], style)
                continue
            self.close()
            paragraph = self.open()
            paragraph.hanging = _LIST_INDENT
            paragraph.inlines.append(wml.run(("•" if tag == "ul" else f"{number}.") + "\t", style))
            number += 1
            self.walk(child[2], style)
            self.close()
        self.depth -= 1

    def table(self, inner: list, style: Style):
        rows = []

        def collect(nodes):
            for node in nodes:
                if isinstance(node, str):
                    continue
                if node[0] == "tr":
                    rows.append([cell for cell in node[2] if not isinstance(cell, str) and cell[0] in ("td", "th")])
                elif node[0] in ("thead", "tbody", "tfoot"):
                    collect(node[2])

        collect(inner)
        columns = max((sum(_span(cell) for cell in row) for row in rows), default=1) or 1
        total_twips = max(self.width // wml.EMU_PER_TWIP - self.depth * _LIST_INDENT, 1440)
        width = total_twips // columns
        tbl = wml.table([width] * columns)
        for cells in rows or [[]]:
            tr = wml.row(tbl)
            used = 0
            for tag, attrs, content in cells:
                span = min(_span((tag, attrs, content)), columns - used)
                if span <= 0:
                    break
                used += span
                tc = wml.cell(tr, width * span, span=span)
                built = _Builder(self.media_by_name, (width * span - _CELL_MARGINS) * wml.EMU_PER_TWIP, True)
                built.walk(content, style.but(bold=True) if tag == "th" else style)
                for element in built.elements():
                    tc.append(element)
                self.media += built.media  # the cell's placeholders renumbered below
                wml.close_cell(tc)
            for _missing in range(columns - used):
                wml.close_cell(wml.cell(tr, width))
        _renumber(tbl, len(self.media) - sum(1 for _ in tbl.iter(_BLIP)))
        return tbl

    # the result

    def elements(self) -> list:
        """Every item as a block element (a cell's content)."""
        self.close()
        return [_paragraph_element(item) if isinstance(item, _Paragraph) else item for item in self.items]

    def fragment(self) -> Fragment:
        self.close()
        items = list(self.items)
        lead: list = []
        if items and isinstance(items[0], _Paragraph) and not items[0].hanging and not items[0].indent:
            lead = items.pop(0).inlines
        blocks = [_paragraph_element(item) if isinstance(item, _Paragraph) else item for item in items]
        return Fragment(lead=tuple(lead), blocks=tuple(blocks), media=tuple(self.media), length=self.length,
                        inline=not blocks and not self.breaks)


def _span(cell) -> int:
    try:
        return max(1, min(int(cell[1].get("colspan") or 1), 50))
    except ValueError:
        return 1


def _renumber(tbl, first: int) -> None:
    """A table's image placeholders numbered after those of the text before it."""
    for offset, blip in enumerate(tbl.iter(_BLIP)):
        blip.set(_EMBED, f"{_PLACEHOLDER}{first + offset}")


def _paragraph_element(item: _Paragraph):
    return wml.paragraph(*item.inlines, indent_twips=item.indent + item.hanging if item.hanging else item.indent,
                         hanging_twips=item.hanging, tabs=((item.indent + item.hanging, "left"),)
                         if item.hanging else ())


@functools.lru_cache(maxsize=256)
def _image_size(data: bytes) -> tuple[int, int] | None:
    """The image's natural size in EMU, or None if Word cannot show it."""
    try:
        image = Image.from_blob(data)
        return int(image.width), int(image.height)
    except (UnrecognizedImageError, ValueError, IndexError, struct.error):  # damaged: as unshowable as an SVG
        return None


def _media_key(text: str, media) -> tuple:
    if qi.MEDIA_PREFIX not in text:
        return ()
    return tuple((m.name, m.mime, m.data, m.alt) for m in media if qi.MEDIA_PREFIX + m.name in text)


@functools.lru_cache(maxsize=4096)
def _cached(text: str, html: bool, media_key: tuple, style: Style, width: int) -> Fragment:
    media = {name: qi.Media(name, mime, data, alt) for name, mime, data, alt in media_key}
    builder = _Builder(media, width, html)
    if html:
        tree = _Tree()
        tree.feed(sanitize(text))
        tree.close()
        builder.walk(tree.root[2], style)
    else:
        builder.text(text, style)
    return builder.fragment()


def fragment(text: str, text_format: str = qi.PLAIN, media=(), *, style: Style = PLAIN_STYLE,
             width_emu: int = 0) -> Fragment:
    """The Fragment of a neutral text (built once per text, style and width)."""
    text = text or ""
    html = text_format == qi.HTML
    return _cached(text, html, _media_key(text, media) if html else (), style, int(width_emu))


class Writer:
    """Places fragments in one document: copies of their elements, images related to the
    document's part and given drawing ids of their own."""

    def __init__(self, part, width_emu: int):
        self._part = weakref.ref(part)  # not the part itself: _WRITERS holds writers by their part
        self.width = int(width_emu)
        self._rids: dict[tuple, str] = {}
        self._shape_id = part.next_id + 1000

    @property
    def part(self):
        return self._part()

    @classmethod
    def of(cls, document) -> Writer:
        part = document.part
        writer = _WRITERS.get(part)
        if writer is None:
            section = document.sections[-1]
            width = section.page_width - section.left_margin - section.right_margin
            writer = _WRITERS[part] = cls(part, width)
        return writer

    def fragment(self, text: str, text_format: str = qi.PLAIN, media=(), *, style: Style = PLAIN_STYLE,
                 width_emu: int = 0) -> Fragment:
        return fragment(text, text_format, media, style=style, width_emu=width_emu or self.width)

    def copies(self, fragment: Fragment) -> tuple[list, list]:
        """(the lead's elements, the blocks) copied for this document."""
        lead = [copy.deepcopy(element) for element in fragment.lead]
        blocks = [copy.deepcopy(element) for element in fragment.blocks]
        if fragment.media:
            for element in lead + blocks:
                self._resolve(element, fragment.media)
        return lead, blocks

    def _resolve(self, element, media) -> None:
        for blip in element.iter(_BLIP):
            placeholder = blip.get(_EMBED) or ""
            if not placeholder.startswith(_PLACEHOLDER):
                continue
            item = media[int(placeholder[len(_PLACEHOLDER):])]
            key = (item.name, id(item.data), len(item.data))
            rid = self._rids.get(key)
            if rid is None:
                rid, _image = self.part.get_or_add_image(io.BytesIO(item.data))
                self._rids[key] = rid
            blip.set(_EMBED, rid)
        for doc_pr in element.iter(_DOC_PR):
            self._shape_id += 1
            doc_pr.set("id", str(self._shape_id))
            doc_pr.set("name", f"Picture {self._shape_id}")

    def into_paragraph(self, p, fragment: Fragment):
        """The fragment's lead appended to paragraph element `p`, its blocks inserted after
        it; the last element placed (`p` when there are no blocks)."""
        lead, blocks = self.copies(fragment)
        for element in lead:
            p.append(element)
        last = p
        for block in blocks:
            last.addnext(block)
            last = block
        return last

    def into_cell(self, tc, fragment: Fragment) -> None:
        """The fragment as a table cell's (w:tc) content, after what it holds."""
        lead, blocks = self.copies(fragment)
        if lead:
            paragraphs = tc.findall(qn("w:p"))
            target = paragraphs[-1] if paragraphs and not len(paragraphs[-1].findall(qn("w:r"))) else None
            if target is None:
                target = wml.el("p", tc)
            for element in lead:
                target.append(element)
        for block in blocks:
            tc.append(block)
        wml.close_cell(tc)


_WRITERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def add_text(target, text: str, text_format: str = qi.PLAIN, media=(), *, style: Style = PLAIN_STYLE):
    """Puts a neutral text into a python-docx Paragraph (after what it holds; blocks after
    it) or _Cell (its content after what it holds); returns the last element placed."""
    document_part = target.part
    writer = _WRITERS.get(document_part)
    if writer is None:
        document = document_part.document
        writer = Writer.of(document)
    tc = getattr(target, "_tc", None)
    if tc is not None:
        width = max((target.width or 0) - _CELL_MARGINS * wml.EMU_PER_TWIP, 0)
        writer.into_cell(tc, writer.fragment(text, text_format, media, style=style, width_emu=width))
        return tc
    return writer.into_paragraph(target._p, writer.fragment(text, text_format, media, style=style))

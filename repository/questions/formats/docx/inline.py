"""What a line holds besides its text: pictures (an image, or the preview of a MathType or
other embedded object), formulas (a Word equation, as LaTeX) and tables (in a stem or a
passage). Each stands in the line as one character of Unicode's private use planes 15
and 16 (a placeholder: the layout's patterns read around it as around one letter) until
the question is rendered: as plain text, its formulas as "\\(…\\)" / "\\[…\\]", or, when it
holds a picture or a table, as html with `<img src="media:NAME" alt="…">` and
`<table>`, the pictures becoming the question's (or the passage's) media."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from repository.questions import interchange as qi
from repository.questions import media as web_media

BASE, LAST = 0xF0000, 0x10FFFD
PRIVATE = re.compile("[\U000f0000-\U0010ffff]")  # typed text never holds these: replaced on reading


@dataclass
class Picture:
    key: str  # the part it comes from: the same image twice is one media
    data: bytes
    mime: str
    alt: str


@dataclass
class Formula:
    latex: str
    display: bool = False


@dataclass
class Cell:
    lines: list[str]  # texts, placeholders in them
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)


class Inlines:
    """The document's inline objects, by placeholder."""

    def __init__(self):
        self.items: list[Picture | Formula | Table] = []

    def add(self, item) -> str | None:
        """The placeholder of a new object; None when the planes are used up."""
        if BASE + len(self.items) > LAST:
            return None
        self.items.append(item)
        return chr(BASE + len(self.items) - 1)

    def get(self, char: str):
        code = ord(char) - BASE
        return self.items[code] if 0 <= code < len(self.items) else None

    def found(self, text: str):
        """The objects a text names, tables' contents included."""
        for char in PRIVATE.findall(text):
            item = self.get(char)
            if item is None:
                continue
            yield item
            if isinstance(item, Table):
                for row in item.rows:
                    for cell in row:
                        for line in cell.lines:
                            yield from self.found(line)

    def needs_html(self, texts) -> bool:
        return any(isinstance(item, (Picture, Table)) for text in texts for item in self.found(text))


def _extension(mime: str) -> str:
    return web_media.EXTENSIONS.get(mime, "bin")


class Renderer:
    """A question's (or passage's) texts with their objects, as plain text or html; the
    pictures they show collected as `media`, named image1.png, image2.wmf… in order."""

    def __init__(self, inlines: Inlines, as_html: bool):
        self.inlines, self.html = inlines, as_html
        self.media: list[qi.Media] = []
        self.names: dict[str, str] = {}

    def text(self, text: str) -> str:
        if not self.html:
            return self.plain(text)
        lines = [self.line(line) for line in text.split("\n")]
        out = lines[0] if lines else ""
        for before, line in zip(lines, lines[1:]):
            if before.endswith("</table>") or line.startswith("<table>"):
                out += line
            else:
                out += "<br>" + line
        return out

    def plain(self, text: str) -> str:
        """Formulas as LaTeX; pictures and tables by their description (for messages)."""
        def one(match):
            item = self.inlines.get(match.group(0))
            if isinstance(item, Formula):
                return _delimited(item)
            if isinstance(item, Picture):
                return f"[{item.alt or _('image')}]"
            if isinstance(item, Table):
                return f"[{_('table')}]"
            return ""
        return PRIVATE.sub(one, text)

    def line(self, text: str) -> str:
        out, position = [], 0
        for match in PRIVATE.finditer(text):
            out.append(html.escape(text[position:match.start()], quote=False))
            out.append(self.object(self.inlines.get(match.group(0))))
            position = match.end()
        out.append(html.escape(text[position:], quote=False))
        return "".join(out)

    def object(self, item) -> str:
        if isinstance(item, Formula):
            return html.escape(_delimited(item), quote=False)
        if isinstance(item, Picture):
            return f'<img src="{qi.MEDIA_PREFIX}{self.name(item)}" alt="{html.escape(item.alt)}">'
        if isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells = []
                for cell in row:
                    spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                        f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
                    cells.append(f"<td{spans}>" + "<br>".join(self.line(line) for line in cell.lines) + "</td>")
                rows.append("<tr>" + "".join(cells) + "</tr>")
            return "<table>" + "".join(rows) + "</table>"
        return ""

    def name(self, picture: Picture) -> str:
        if picture.key not in self.names:
            name = f"image{len(self.media) + 1}.{_extension(picture.mime)}"
            self.names[picture.key] = name
            self.media.append(qi.Media(name=name, mime=picture.mime, data=picture.data, alt=picture.alt))
        return self.names[picture.key]


def _delimited(formula: Formula) -> str:
    return f"\\[{formula.latex}\\]" if formula.display else f"\\({formula.latex}\\)"

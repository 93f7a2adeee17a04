"""Images a question file holds (Moodle XML's embedded files, a QTI package's image files,
`data:` addresses), into the question's interchange.Media, and the `<img>` elements of
its html text pointed at them as `src="media:NAME"`.

Each image is bounded (MAX_BYTES) and its type told by its content (python-magic), never
its name: what is no image is refused, and so is an SVG drawing (it may hold scripts; the
bank asks for it saved as PNG). The same bytes named twice are one Media; names are kept
readable and made unique within the question ("hinh.png", "hinh-2.png"). A refusal is the
question's (refusal.Refused), with the reason in the teacher's language.
"""

from __future__ import annotations

import base64
import binascii
import html
import mimetypes
import posixpath
import re
import unicodedata
from collections.abc import Callable

import magic
from django.utils.translation import gettext as _

from repository.questions import interchange as qi
from repository.questions.formats.refusal import Refused

MB = 1024 * 1024
MAX_BYTES = 5 * MB  # one image
REFUSED_TYPES = {"image/svg+xml"}
_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
               "image/bmp": ".bmp"}

_IMG = re.compile(r"<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
_DATA = re.compile(r"^data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+-]+=[^;,]*)*);base64,(.*)$", re.IGNORECASE | re.DOTALL)


def too_big(name: str) -> Refused:
    return Refused(_("the image “%(name)s” is larger than %(size)d MB.") % {"name": name, "size": MAX_BYTES // MB})


def decoded_size(text: str) -> int:
    """How many bytes base64 text decodes to (at most), without decoding it."""
    return len(text) * 3 // 4


class Images:
    """The media of one question, gathered as its text names them."""

    def __init__(self):
        self.media: list[qi.Media] = []

    def add(self, name: str, data: bytes, alt: str = "") -> str:
        """The name `data` is known by among the question's media (added if new)."""
        shown = name or _("(unnamed)")
        if len(data) > MAX_BYTES:
            raise too_big(shown)
        for media in self.media:
            if media.data == data:
                media.alt = media.alt or alt
                return media.name
        mime = magic.from_buffer(data, mime=True)
        if mime in REFUSED_TYPES:
            raise Refused(_("the image “%(name)s” is an SVG drawing, which the bank does not take: save it as "
                            "PNG.") % {"name": shown})
        if not mime.startswith("image/"):
            raise Refused(_("the file “%(name)s” shown as an image is not one (%(type)s).")
                          % {"name": shown, "type": mime})
        media = qi.Media(name=self._unique(_safe_name(name, mime)), mime=mime, data=data, alt=alt)
        self.media.append(media)
        return media.name

    def add_data_address(self, address: str, alt: str = "") -> str:
        """An image written in the text as a `data:…;base64,…` address."""
        found = _DATA.match(address.strip())
        if not found:
            raise Refused(_("an image written into the text cannot be read."))
        if decoded_size(found.group(3)) > MAX_BYTES + 3:
            raise too_big(_("(written into the text)"))
        try:
            data = base64.b64decode("".join(found.group(3).split()), validate=True)
        except (binascii.Error, ValueError):
            raise Refused(_("an image written into the text cannot be read.")) from None
        return self.add("", data, alt)

    def _unique(self, name: str) -> str:
        taken = {media.name for media in self.media}
        stem, extension = posixpath.splitext(name)
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{stem}-{n}{extension}"
        return candidate

    def referenced_only(self, texts: list[str]) -> list[qi.Media]:
        """The media that one of `texts` names, in the order they are first named (an image
        of a text the reader leaves out is not kept)."""
        joined = "\n".join(texts)
        places = {media.name: joined.find(f'src="{qi.MEDIA_PREFIX}{html.escape(media.name)}"') for media in self.media}
        return sorted((media for media in self.media if places[media.name] >= 0), key=lambda media: places[media.name])


def _safe_name(name: str, mime: str) -> str:
    """A readable file name without folders or characters that need quoting, with the
    extension of its type where it has none."""
    name = unicodedata.normalize("NFC", posixpath.basename(name.replace("\\", "/")))
    name = re.sub(r"[^\w.-]+", "_", name).strip("._")
    stem, extension = posixpath.splitext(name)
    if not extension:
        extension = _EXTENSIONS.get(mime) or mimetypes.guess_extension(mime) or ""
    return (stem or "image") + extension


def attributes(tag: str) -> dict[str, str]:
    """An html tag's attributes (lower-case names, values unescaped)."""
    found = {}
    for name, value in _ATTRIBUTE.findall(tag[len("<img"):].rstrip(">").rstrip("/")):
        if value[:1] in "\"'":
            value = value[1:-1]
        found.setdefault(name.lower(), html.unescape(value))
    return found


def point_images(text: str, resolve: Callable[[str, str], str | None]) -> str:
    """`text` (html) with each `<img>`'s src replaced by "media:NAME", NAME what
    `resolve(src, alt)` returns for it (None: the img is left as it is)."""

    def replace(found: re.Match) -> str:
        tag = found.group(0)
        values = attributes(tag)
        name = resolve(values.get("src", ""), values.get("alt", ""))
        if name is None:
            return tag
        src = f'src="{qi.MEDIA_PREFIX}{html.escape(name)}"'
        rewritten, count = re.subn(r"""(?<=[\s"'])src\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)""", lambda _m: src, tag,
                                   count=1, flags=re.IGNORECASE)
        return rewritten if count else tag[:4] + " " + src + tag[4:]

    return _IMG.sub(replace, text)

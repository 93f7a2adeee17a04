"""Imported questions' images as browsers show them.

Every image is checked by what it holds (python-magic and the metafiles' signatures),
never by its name: PNG, JPEG, GIF and WebP are kept as they are; WMF and EMF (the
previews Word keeps of MathType and Equation Editor formulas), SVG, BMP and TIFF are
turned into PNG by LibreOffice in the sandbox of repository/conversion.py (bubblewrap, no
network, the kernel's limits, a wall time), all of an import's in ONE run; a metafile's
PNG is cut to its drawing (LibreOffice draws it on a page). Anything else is refused with
the reason. A converted image is renamed "….png", and `rename_media` follows the new
name in the texts that show it (`<img src="media:NAME">`).

`web_ready(media)` does it for a list (all or nothing, NotShowable naming what failed);
`ready_result(result)` for a reader's whole ParseResult, refusing only the questions
whose images cannot be shown.
"""

from __future__ import annotations

import io
import os
import re
import tempfile

import magic
from django.utils.translation import gettext as _

from repository import conversion
from repository.questions import interchange as qi

MB = 1024 * 1024
SHOWN = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
CONVERTED = {"image/x-wmf": "wmf", "image/x-emf": "emf", "image/svg+xml": "svg", "image/bmp": "bmp",
             "image/tiff": "tif"}
METAFILES = {"image/x-wmf", "image/x-emf"}
EXTENSIONS = SHOWN | CONVERTED
_ALIASES = {"image/wmf": "image/x-wmf", "image/x-msmetafile": "image/x-wmf", "image/emf": "image/x-emf",
            "image/x-ms-bmp": "image/bmp", "image/svg": "image/svg+xml", "image/pjpeg": "image/jpeg"}
MAX_PNG_BYTES = 5 * MB  # a converted image is never bigger
MAX_PIXELS = 4000 * 4000  # nor larger (what LibreOffice drew is only read within this)


class NotShowable(Exception):
    """An image cannot be made one a browser shows: str() is the reason, `name` the image."""

    def __init__(self, name: str, reason: str):
        super().__init__(reason)
        self.name = name


def sniff(data: bytes) -> str:
    """The image type of `data` by its content ("image/x-wmf", "image/png"…)."""
    if data[:4] == b"\xd7\xcd\xc6\x9a" or (data[:2] in (b"\x01\x00", b"\x02\x00") and data[2:4] == b"\x09\x00"):
        return "image/x-wmf"  # placeable or plain Windows metafile
    if data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF":
        return "image/x-emf"
    mime = magic.from_buffer(data[:8192], mime=True)
    return _ALIASES.get(mime, mime)


def rename_media(owner, old: str, new: str) -> None:
    """A question's (or passage's) image `old` renamed `new`: its media and every text
    naming it (`src="media:OLD"`)."""
    pattern = re.compile(r"""(src\s*=\s*["'])""" + re.escape(qi.MEDIA_PREFIX + old) + r"""(["'])""")

    def renamed(text):
        return pattern.sub(lambda m: m.group(1) + qi.MEDIA_PREFIX + new + m.group(2), text) if text else text

    for item in getattr(owner, "media", []):
        if item.name == old:
            item.name = new
    if isinstance(owner, qi.Passage):
        owner.text = renamed(owner.text)
        return
    for name in ("stem", "general_feedback", "model_answer", "rubric"):
        setattr(owner, name, renamed(getattr(owner, name)))
    for option in [*owner.options, *(o for blank in owner.blanks for o in blank)]:
        option.text, option.feedback = renamed(option.text), renamed(option.feedback)
    for statement in owner.statements:
        statement.text, statement.feedback = renamed(statement.text), renamed(statement.feedback)
    for answer in owner.numeric:
        answer.feedback = renamed(answer.feedback)
    owner.pairs = [(renamed(a), renamed(b)) for a, b in owner.pairs]
    owner.distractors = [renamed(d) for d in owner.distractors]


def web_ready(media: list[qi.Media]) -> list[qi.Media]:
    """The same images in the same order, each one a browser shows (converted ones are
    new Media named "….png"); NotShowable for the first that cannot be made so."""
    ready = _prepare(media, [0] * len(media))
    for item, outcome in zip(media, ready):
        if isinstance(outcome, str):
            raise NotShowable(item.name, outcome)
    return ready


def ready_result(result: qi.ParseResult) -> None:
    """Every image of a reader's result made one a browser shows, in one conversion, the
    texts following the new names. A question whose image cannot be shown becomes a
    Problem; so do the questions of a passage whose image cannot be shown (the passage
    left out)."""
    passages = list(result.passages.values())
    owners = [*passages, *result.questions]
    everything = [item for owner in owners for item in owner.media]
    if not everything:
        return
    outcomes = iter(_prepare(everything, [i for i, owner in enumerate(owners) for _item in owner.media]))
    refused: dict[int, str] = {}
    for owner in owners:
        pairs = [(item, next(outcomes)) for item in owner.media]
        reasons = [outcome for _item, outcome in pairs if isinstance(outcome, str)]
        if reasons:
            refused[id(owner)] = reasons[0]
            continue
        for item, now in pairs:
            if now.name != item.name:
                rename_media(owner, item.name, now.name)
        owner.media = [now for _item, now in pairs]
    shared = {p.key: refused[id(p)] for p in passages if id(p) in refused}
    for key in shared:
        del result.passages[key]
    kept = []
    for question in result.questions:
        reason = refused.get(id(question))
        if reason is None and question.group in shared:
            reason = _("the passage the question shares: %(reason)s") % {"reason": shared[question.group]}
        if reason is None:
            kept.append(question)
        else:
            result.problems.append(qi.Problem(question.number, question.line, reason))
    result.questions = kept
    result.problems.sort(key=lambda p: (p.number, p.line))


def _prepare(media: list[qi.Media], owners: list[int]) -> list[qi.Media | str]:
    """Each image ready (as it was, or converted), or the reason it cannot be; a new
    name is unique among the names of the images of the same owner."""
    outcomes: list[qi.Media | str] = []
    queued: list[tuple[int, str, bytes]] = []
    for index, item in enumerate(media):
        mime = sniff(item.data)
        if mime in SHOWN:
            outcomes.append(qi.Media(item.name, mime, item.data, item.alt))
        elif mime in CONVERTED:
            outcomes.append(item)  # replaced below
            queued.append((index, mime, item.data))
        else:
            outcomes.append(_("an image in a form browsers cannot show (%(type)s): save it as PNG or JPEG in "
                              "the document and import it again.") % {"type": mime})
    if not queued:
        return outcomes
    first: dict[bytes, int] = {}  # the same image in several questions is converted once
    for index, _mime, data in queued:
        first.setdefault(data, index)
    converted = _convert([entry for entry in queued if first[entry[2]] == entry[0]])
    taken: dict[int, set[str]] = {}
    for item, owner in zip(media, owners):
        taken.setdefault(owner, set()).add(item.name)
    for index, _mime, data in queued:
        png = converted[first[data]]
        if isinstance(png, str):
            outcomes[index] = png
            continue
        item = media[index]
        outcomes[index] = qi.Media(_png_name(item.name, taken[owners[index]]), "image/png", png, item.alt)
    return outcomes


def _png_name(name: str, taken: set[str]) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    new, n = f"{stem}.png", 2
    while new in taken:
        new, n = f"{stem}-{n}.png", n + 1
    taken.add(new)
    return new


def _convert(queued: list[tuple[int, str, bytes]]) -> dict[int, bytes | str]:
    """PNGs of the queued images (index, type, bytes) by one LibreOffice run in the sandbox."""
    failed = _("the image (a WMF/EMF formula or drawing) could not be converted for the browser: save it "
               "as a picture (PNG) in the document, or retype the formula with Word's equation editor.")
    with tempfile.TemporaryDirectory(prefix="lms-media-") as work:
        names = []
        for index, mime, data in queued:
            name = f"m{index}.{CONVERTED[mime]}"
            with open(os.path.join(work, name), "wb") as f:
                f.write(data)
            names.append(name)
        try:
            conversion.convert_in_sandbox(work, names, "png")
        except conversion.ConversionError:
            return {index: failed for index, _mime, _data in queued}
        found: dict[int, bytes | str] = {}
        for (index, mime, _data), name in zip(queued, names):
            out = os.path.join(work, "out", name.rsplit(".", 1)[0] + ".png")
            if not os.path.isfile(out) or not 0 < os.path.getsize(out) <= MAX_PNG_BYTES:
                found[index] = failed
                continue
            with open(out, "rb") as f:
                png = f.read()
            found[index] = _cropped(png) if mime in METAFILES else png
            if found[index] is None or sniff(found[index]) != "image/png":
                found[index] = failed
        return found


def _cropped(png: bytes) -> bytes | None:
    """A metafile's PNG cut to its drawing and a small margin (LibreOffice draws it on a
    whole page); None when it is no image within bounds."""
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(png))
        if image.format != "PNG" or image.width * image.height > MAX_PIXELS:
            return None
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    flat = image.convert("RGBA")
    white = Image.new("RGBA", flat.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(white, flat).convert("L")
    box = ImageOps.invert(grey).point(lambda value: 255 if value > 16 else 0).getbbox()
    if box is None:
        return png
    margin = 2
    left, top, right, bottom = box
    box = (max(0, left - margin), max(0, top - margin), min(flat.width, right + margin),
           min(flat.height, bottom + margin))
    out = io.BytesIO()
    image.crop(box).save(out, "PNG", optimize=True)
    return out.getvalue()

"""Pictures in runs: an image (w:drawing's a:blip, w:pict's v:imagedata), the preview image
of a MathType / Equation Editor formula or another embedded object (w:object), each a
placeholder of the line (see inline.py) with its bytes, its type told by its content and
its description (wp:docPr's descr or title; "Công thức" for a formula). What cannot be
kept is what the line holds instead (kinds.py): a drawing made of shapes, a text box, a
chart; an image linked outside the file, missing from it, over 5 MB or in a form no
browser can be given; an object without a preview."""

from __future__ import annotations

from django.utils.translation import gettext as _

from repository.questions import media as web_media
from repository.questions.formats.docx.inline import Inlines, Picture
from repository.questions.formats.docx.kinds import (
    BIG_IMAGE, IMAGE_TYPE, LINKED_IMAGE, MISSING_IMAGE, NO_PREVIEW, SHAPE, TOO_MANY,
)
from repository.questions.formats.docx.wordml import _O

MB = 1024 * 1024
MAX_IMAGE_BYTES = 5 * MB
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_V = "urn:schemas-microsoft-com:vml"
_PICTURE_URI = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_VML_SHAPES = {f"{{{_V}}}{name}" for name in ("rect", "roundrect", "line", "oval", "polyline", "arc", "curve",
                                              "group", "textbox")}
_FORMULA_PROGRAMS = ("equation", "mathtype")


class _Objects:
    """A document's pictures into placeholders, or the kind of what cannot be kept."""

    def __init__(self, part, inlines: Inlines):
        self.part, self.inlines = part, inlines

    def drawing(self, drawing) -> tuple[str, set[str]]:
        """A w:drawing: (its placeholder, or "") and what it holds that cannot be kept."""
        data = drawing.find(f".//{{{_A}}}graphicData")
        blips = list(drawing.iter(f"{{{_A}}}blip"))
        if data is None or data.get("uri") != _PICTURE_URI or len(blips) != 1:
            return "", {SHAPE}
        described = drawing.find(f".//{{{_WP}}}docPr")
        alt = ""
        if described is not None:
            alt = (described.get("descr") or described.get("title") or "").strip()
        embed = blips[0].get(f"{{{_R}}}embed")
        if not embed:
            return "", {LINKED_IMAGE if blips[0].get(f"{{{_R}}}link") else MISSING_IMAGE}
        return self.picture(embed, alt)

    def pict(self, pict) -> tuple[str, set[str]]:
        """A w:pict (VML): one shape showing one image, or else a drawing not kept."""
        if any(element.tag in _VML_SHAPES for element in pict.iter()):
            return "", {SHAPE}
        images = list(pict.iter(f"{{{_V}}}imagedata"))
        if len(images) != 1:
            return "", {SHAPE}
        shape = images[0].getparent()
        alt = ((shape.get("alt") if shape is not None else None) or images[0].get(f"{{{_O}}}title") or "").strip()
        return self._vml_image(images[0], alt)

    def embedded(self, element) -> tuple[str, set[str]]:
        """A w:object: its preview image, described as a formula or an embedded object."""
        ole = element.find(f".//{{{_O}}}OLEObject")
        program = ((ole.get("ProgID") or "") if ole is not None else "").lower()
        alt = _("Formula") if program.startswith(_FORMULA_PROGRAMS) else _("Embedded object")
        images = list(element.iter(f"{{{_V}}}imagedata"))
        if images:
            return self._vml_image(images[0], alt)
        blips = [blip for blip in element.iter(f"{{{_A}}}blip") if blip.get(f"{{{_R}}}embed")]
        if blips:
            return self.picture(blips[0].get(f"{{{_R}}}embed"), alt)
        return "", {NO_PREVIEW}

    def _vml_image(self, image, alt: str) -> tuple[str, set[str]]:
        found = image.get(f"{{{_R}}}id") or image.get(f"{{{_O}}}relid")
        if not found:
            return "", {LINKED_IMAGE if image.get("src") else MISSING_IMAGE}
        return self.picture(found, alt)

    def picture(self, rid: str, alt: str) -> tuple[str, set[str]]:
        relationship = self.part.rels.get(rid)
        if relationship is None:
            return "", {MISSING_IMAGE}
        if relationship.is_external:
            return "", {LINKED_IMAGE}
        try:
            part = relationship.target_part
        except (KeyError, ValueError):
            return "", {MISSING_IMAGE}
        data = part.blob
        if not data:
            return "", {MISSING_IMAGE}
        if len(data) > MAX_IMAGE_BYTES:
            return "", {BIG_IMAGE}
        mime = web_media.sniff(data)
        if mime not in web_media.EXTENSIONS:
            return "", {IMAGE_TYPE}
        placeholder = self.inlines.add(Picture(key=str(part.partname), data=data, mime=mime, alt=alt))
        return (placeholder, set()) if placeholder else ("", {TOO_MANY})

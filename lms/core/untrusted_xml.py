"""XML from users' files (packages' manifests, question files), read safely: entities and
external references refused as defusedxml refuses them (checked by expat alone, then
parsed by the C parser), blank lines some tools write before the
XML declaration tolerated, and a malformed file's line and expat's reason given back
for the caller to say in the user's language. No Django here: package manifests are read
in a bounded child process without apps."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError, fromstring
from xml.parsers import expat

UNKNOWN_ENCODING = expat.errors.XML_ERROR_UNKNOWN_ENCODING  # expat's English words for it
_UNDEFINED_ENTITY = expat.errors.XML_ERROR_UNDEFINED_ENTITY  # "undefined entity"


class Hostile(Exception):
    """The XML declares entities or external references."""


class Malformed(Exception):
    """Not well-formed XML: `line` (from 1) and expat's English `reason`."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason


def parse(data: bytes) -> Element:
    """The root element of `data`; Hostile or Malformed otherwise."""
    data, skipped = _without_blank_start(data)
    _check(data, skipped)
    # Checked: no entity is declared and nothing outside is referred to, so the C parser
    # (ten times faster than defusedxml's pure-Python one) is given only harmless XML.
    try:
        return fromstring(data)
    except ParseError as exc:  # not expected once checked; the same answer all the same
        line = (exc.position[0] if getattr(exc, "position", None) else 0) + skipped
        code = getattr(exc, "code", None)
        english = expat.errors.messages.get(code, "") if isinstance(code, int) else ""
        raise Malformed(line, english or str(exc).split(":")[0]) from exc
    except (ValueError, LookupError) as exc:
        raise Malformed(1, UNKNOWN_ENCODING) from exc


def check(data: bytes) -> None:
    """That `data` is well-formed XML declaring no entity and referring to nothing
    outside, as defusedxml checks it (forbid_entities, forbid_external; a DTD allowed),
    without building its tree: expat alone, at C speed. Hostile or Malformed otherwise."""
    _check(*_without_blank_start(data))


def _check(data: bytes, skipped: int) -> None:
    parser = expat.ParserCreate(None, "}")  # namespaces resolved, as ElementTree's parser does

    def hostile(*_args):
        raise Hostile

    def undefined(*_args):  # ElementTree's parser refuses an entity it does not know
        raise Malformed(parser.CurrentLineNumber + skipped, _UNDEFINED_ENTITY)

    parser.EntityDeclHandler = hostile
    parser.UnparsedEntityDeclHandler = hostile
    parser.ExternalEntityRefHandler = hostile
    parser.SkippedEntityHandler = undefined
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        english = expat.errors.messages.get(exc.code, "") if isinstance(exc.code, int) else ""
        raise Malformed(exc.lineno + skipped, english or str(exc).split(":")[0]) from exc
    except (ValueError, LookupError) as exc:  # an encoding Python does not know
        raise Malformed(1, UNKNOWN_ENCODING) from exc


def _without_blank_start(data: bytes) -> tuple[bytes, int]:
    """Some tools write blank lines before the XML declaration, which XML forbids: they
    are dropped, and counted back into the line of an error."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    stripped = body.lstrip(b" \t\r\n")
    if stripped.startswith(b"<?xml") and len(stripped) < len(body):
        return stripped, body[: len(body) - len(stripped)].count(b"\n")
    return data, 0

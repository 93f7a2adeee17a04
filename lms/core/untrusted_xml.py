"""XML from users' files (packages' manifests, question files), read safely: defusedxml
(entities and external references refused), blank lines some tools write before the
XML declaration tolerated, and a malformed file's line and expat's reason given back
for the caller to say in the user's language. No Django here: package manifests are read
in a bounded child process without apps."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

UNKNOWN_ENCODING = expat.errors.XML_ERROR_UNKNOWN_ENCODING  # expat's English words for it


class Hostile(Exception):
    """The XML declares entities or external references."""


class Malformed(Exception):
    """Not well-formed XML: `line` (from 1) and expat's English `reason`."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason


def parse(data: bytes) -> Element:
    """The root element of `data`; Hostile or Malformed otherwise."""
    # Some tools write blank lines before the XML declaration, which XML forbids: they are
    # dropped, and counted back into the line of an error.
    skipped = 0
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    stripped = body.lstrip(b" \t\r\n")
    if stripped.startswith(b"<?xml") and len(stripped) < len(body):
        skipped = body[: len(body) - len(stripped)].count(b"\n")
        data = stripped
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise Hostile from exc
    except ParseError as exc:
        line = (exc.position[0] if getattr(exc, "position", None) else 0) + skipped
        code = getattr(exc, "code", None)
        english = expat.errors.messages.get(code, "") if isinstance(code, int) else ""
        raise Malformed(line, english or str(exc).split(":")[0]) from exc
    except (ValueError, LookupError) as exc:  # an encoding Python does not know
        raise Malformed(1, UNKNOWN_ENCODING) from exc

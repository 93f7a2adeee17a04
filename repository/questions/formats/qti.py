"""IMS QTI 2.1 items (https://www.imsglobal.org/question/qtiv2p1/imsqti_infov2p1.html) into
interchange questions.

The file is either one item (an XML `assessmentItem`) or a QTI content package: a zip whose
`imsmanifest.xml` (IMS Content Packaging) lists the items as resources of type
`imsqti_item_xmlv2p1` (`…v2p2` too, the same form), each in its own file. Items the manifest
does not list are not read; a listed file missing from the zip is a problem for that item.
Items are numbered in the manifest's order.

An item's interactions give its kind:

    choiceInteraction maxChoices="1"            single (maxChoices 0 or > 1: multiple)
    textEntryInteraction, alone                 short_text (numeric if its baseType is a number)
    matchInteraction, associateInteraction      matching (the correct pairs)
    extendedTextInteraction                     essay
    textEntry / inlineChoice inside the text    cloze ("[[1]]", "[[2]]"… where they stand)

Right answers are the response's `correctResponse`; a `mapping` (mapEntry weights), when
there is one, gives each option its share of the points. A choice keeps its place when
options are shuffled (Option.fixed) if it is `fixed="true"` or its interaction says
`shuffle="false"`. A typed answer is case-sensitive when its mapping, one of its entries or
a `stringMatch` on it says `caseSensitive="true"` (refused inside a cloze). A numeric answer's tolerance is
the one of an `<equal toleranceMode="absolute|relative">` on the response in the item's
response processing, else 0. Other interactions (hotspot, order, slider, upload, drawing…),
items with several block interactions and items with template variables are listed as
skipped, naming what the bank lacks.

The item body is kept as XHTML text (text_format "html"), namespaces dropped, an
interaction's `prompt` where the interaction stood, a lone text entry shown as "_____";
feedback and rubric blocks are left out of it: a choice's `feedbackInline` becomes its
feedback, the item's `modalFeedback` its general feedback (the one identified "GENERAL",
as qti_export.py writes it, or the item's only one: others are shown on conditions the
bank does not keep), a `rubricBlock` for scorers (view "scorer") the essay's grading
guide, and an essay's `correctResponse` its model answer.
Text typed in a legacy Vietnamese font (TCVN3, VNI) is converted to Unicode.

An `<img src="…">` (or an `<object>` of an image type) in the text becomes one of the
question's media (formats/images.py: 5 MB each, type by content, its alt kept), the src
rewritten to "media:NAME": from a package, the file the src names relative to the item,
read through the archive module; a `data:` image as it is. A lone item file holds no
image files: it is refused naming the one it lacks, as is an image outside the package or
on the web, a missing, too big or non-image file, or an object that is no image.

Every XML is parsed by defusedxml: a file declaring entities or external references is
refused whole, as is a zip the archive checks refuse (lms/core/archives.py: size, count,
unsafe names). Reading never raises on what the file holds.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import unicodedata
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lms.core import archives, legacy_vietnamese, untrusted_xml
from repository.questions import interchange as qi
from repository.questions.formats import images
from repository.questions.formats.refusal import Refused

MB = 1024 * 1024
MAX_XML_BYTES = 5 * MB  # an item file, or the manifest
LIMITS = archives.Limits(max_entries=5_000, max_total_bytes=256 * MB, max_entry_bytes=128 * MB)
ITEM_TYPES = ("imsqti_item_xmlv2p1", "imsqti_item_xmlv2p2")
MANIFEST_NAME = "imsmanifest.xml"
MAX_DEPTH = 100  # elements nested deeper than this in an item are refused
BLANK = "_____"  # where a lone text entry stands in a short answer's text

_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_SUPPORTED = {"choiceInteraction", "textEntryInteraction", "inlineChoiceInteraction", "matchInteraction",
              "associateInteraction", "extendedTextInteraction"}
_INLINE = {"textEntryInteraction", "inlineChoiceInteraction"}
_NUMBER_TYPES = {"float", "integer"}
_PAIR_TYPES = {"directedPair", "pair"}
# Shown only under conditions the bank does not keep, or to scorers: not the question's text.
_LEFT_OUT = {"feedbackInline", "feedbackBlock", "modalFeedback", "rubricBlock", "templateInline", "templateBlock"}
_VOID = {"br", "hr", "img", "col", "param", "area", "source", "track", "wbr", "embed", "input"}
_BLOCKS = {"p", "div", "table", "ul", "ol", "dl", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}


class _Skipped(Exception):
    """The item is of a kind the bank does not have."""


class _Hostile(Exception):
    """An XML declaring entities or external references: the whole file is refused."""


class _Malformed(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(line, reason)
        self.line, self.reason = line, reason


def read(data: bytes) -> qi.ParseResult:
    """The questions of a QTI 2.1 item file or content package (zip)."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _package(data)
    return _single(data)


# --- the file ----------------------------------------------------------------------------------


def _whole(message: str) -> qi.ParseResult:
    """The file cannot be read at all."""
    return qi.ParseResult(problems=[qi.Problem(0, 0, message)])


def _hostile() -> qi.ParseResult:
    return _whole(_("the file declares entities or external references, which are refused for safety."))


def _lower_first(message: str) -> str:
    return message[:1].lower() + message[1:]


def _single(data: bytes) -> qi.ParseResult:
    if len(data) > MAX_XML_BYTES:
        return _whole(_("the file is larger than %(size)d MB, too much to read.") % {"size": MAX_XML_BYTES // MB})
    try:
        root = _xml(data)
    except _Hostile:
        return _hostile()
    except _Malformed as bad:
        return _whole(_("the file is not valid XML: line %(line)d: %(reason)s.")
                      % {"line": bad.line, "reason": bad.reason})
    if _local(root.tag) != "assessmentItem":
        return _whole(_("the file is neither a QTI item (assessmentItem) nor a QTI content package (zip)."))
    result = qi.ParseResult()
    _take(result, root, 1, _root_line(data), _not_packaged)
    return result


def _not_packaged(src: str) -> tuple[str, bytes]:
    """A lone item holds no image file: the package did."""
    raise Refused(_("the image “%(name)s” is not in this file: import the QTI package (zip) holding the item and "
                    "its images.") % {"name": archives.shown(src)})


def _package(data: bytes) -> qi.ParseResult:
    try:
        with archives.open_zip(io.BytesIO(data), LIMITS) as archive:
            return _from_archive(archive)
    except archives.ArchiveError as refused:
        return _whole(_lower_first(str(refused)))


def _from_archive(archive) -> qi.ParseResult:
    names = [info.filename for info in archive.infolist() if not info.is_dir()]
    manifest_name = _manifest_name(names)
    if manifest_name is None:
        return _whole(_("the package has no imsmanifest.xml: it is not a QTI content package."))
    try:
        manifest = _xml(archives.read_member(archive, manifest_name, MAX_XML_BYTES))
    except _Hostile:
        return _hostile()
    except _Malformed as bad:
        return _whole(_("the package's imsmanifest.xml is not valid XML: line %(line)d: %(reason)s.")
                      % {"line": bad.line, "reason": bad.reason})
    root_folder = posixpath.dirname(manifest_name)
    listed = []  # (folder its href is relative to, resource)
    for resources in manifest.iter():
        if _local(resources.tag) != "resources":
            continue
        folder = _join(root_folder, resources.get(_XML_NS + "base", ""))
        for resource in resources:
            if _local(resource.tag) == "resource" and resource.get("type", "").strip().lower() in ITEM_TYPES:
                listed.append((_join(folder, resource.get(_XML_NS + "base", "")), resource))
    if not listed:
        return _whole(_("the package lists no QTI 2.1 item (a resource of type imsqti_item_xmlv2p1)."))
    by_key = {}
    for name in names:
        by_key.setdefault(_name_key(name), name)
    result = qi.ParseResult()
    for number, (folder, resource) in enumerate(listed, start=1):
        href = resource.get("href") or next(
            (f.get("href") for f in resource if _local(f.tag) == "file" and f.get("href")), "")
        if not href.strip():
            result.problems.append(qi.Problem(number, 0, _("the resource “%(id)s” of the manifest names no file.")
                                              % {"id": resource.get("identifier", "")}))
            continue
        path = _resolve(folder, href.strip())
        if path is None:
            result.problems.append(qi.Problem(number, 0, _("the file “%(file)s” named by the manifest is outside "
                                                           "the package.") % {"file": archives.shown(href)}))
            continue
        name = path if path in names else by_key.get(_name_key(path))
        if name is None:
            result.problems.append(qi.Problem(number, 0, _("the file “%(file)s” named by the manifest is not in "
                                                           "the package.") % {"file": archives.shown(path)}))
            continue
        try:
            root = _xml(archives.read_member(archive, name, MAX_XML_BYTES))
        except archives.ArchiveError as refused:
            result.problems.append(qi.Problem(number, 0, _lower_first(str(refused))))
            continue
        except _Hostile:
            return _hostile()  # a hostile part sinks the whole package
        except _Malformed as bad:
            result.problems.append(qi.Problem(number, 0, _("“%(file)s” is not valid XML: line %(line)d: %(reason)s.")
                                              % {"file": archives.shown(name), "line": bad.line, "reason": bad.reason}))
            continue
        if _local(root.tag) != "assessmentItem":
            result.problems.append(qi.Problem(number, 0, _("“%(file)s” is not a QTI item (assessmentItem).")
                                              % {"file": archives.shown(name)}))
            continue
        _take(result, root, number, 0, _Package(archive, names, by_key, posixpath.dirname(name)).fetch)
    return result


class _Package:
    """The files of a package an item's images name, relative to the item's folder."""

    def __init__(self, archive, names: list[str], by_key: dict[str, str], folder: str):
        self.archive, self.names, self.by_key, self.folder = archive, set(names), by_key, folder

    def fetch(self, src: str) -> tuple[str, bytes]:
        path = _resolve(self.folder, src)
        if path is None:
            raise Refused(_("the image “%(src)s” is outside the file: the bank keeps only the images a file holds.")
                          % {"src": archives.shown(src)})
        name = path if path in self.names else self.by_key.get(_name_key(path))
        if name is None:
            raise Refused(_("the image “%(name)s” is not in the package.") % {"name": archives.shown(path)})
        if self.archive.getinfo(name).file_size > images.MAX_BYTES:
            raise images.too_big(archives.shown(name))
        try:
            return name, archives.read_member(self.archive, name, images.MAX_BYTES)
        except archives.ArchiveError as refused:
            raise Refused(_lower_first(str(refused))) from None


def _manifest_name(names: list[str]) -> str | None:
    """imsmanifest.xml at the root, or else in the one folder the package was zipped in."""
    found = [name for name in names if posixpath.basename(name).lower() == MANIFEST_NAME]
    top = [name for name in found if "/" not in name]
    if top:
        return top[0]
    below = [name for name in found if name.count("/") == 1]
    return below[0] if len(below) == 1 else None


def _join(folder: str, base: str) -> str:
    base = unquote(base.strip())
    return posixpath.join(folder, base) if base else folder


def _resolve(folder: str, href: str) -> str | None:
    """The zip name an href of the manifest points to, None if outside the package."""
    path = unquote(href.split("#", 1)[0].split("?", 1)[0])
    if path.startswith("/") or "\\" in path or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", path):
        return None
    joined = posixpath.normpath(posixpath.join(folder, path))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return joined


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _xml(data: bytes) -> Element:
    try:
        return untrusted_xml.parse(data)
    except untrusted_xml.Hostile as exc:
        raise _Hostile from exc
    except untrusted_xml.Malformed as exc:
        raise _Malformed(exc.line, pgettext("XML parser", exc.reason)) from exc


def _root_line(data: bytes) -> int:
    found = re.search(rb"<(?:[\w.-]+:)?assessmentItem[\s>/]", data)
    return data[: found.start()].count(b"\n") + 1 if found else 1


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _first(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    return next((child for child in element if _local(child.tag) == name), None)


# --- an item -----------------------------------------------------------------------------------


def _take(result: qi.ParseResult, root: Element, number: int, line: int, fetch) -> None:
    if _too_deep(root):
        result.problems.append(qi.Problem(number, line, _("the item's markup is nested more than %(depth)d levels "
                                                          "deep: it is not read.") % {"depth": MAX_DEPTH}))
        return
    try:
        result.questions.append(_Item(root, fetch).question(number, line))
    except Refused as refused:
        result.problems.append(qi.Problem(number, line, str(refused)))
    except _Skipped as skipped:
        result.skipped.append(qi.Problem(number, line, str(skipped)))


def _too_deep(root: Element) -> bool:
    """Deeper than any item needs (the text is written out recursively): looked at without recursion."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


class _Item:
    def __init__(self, root: Element, fetch):
        self.root = root
        self.fetch = fetch  # src -> (its name in the package, its bytes); Refused if it cannot
        self.images = images.Images()
        self.declarations = {d.get("identifier", ""): d for d in _children(root, "responseDeclaration")}
        # The legacy font (if any) is told from the whole item's text, then applied to each part.
        sample = " ".join([root.get("title", ""), *root.itertext()])
        self.legacy = legacy_vietnamese.detect(unicodedata.normalize("NFC", sample))

    def text(self, text: str) -> str:
        return legacy_vietnamese.convert(text, self.legacy).strip()

    def question(self, number: int, line: int) -> qi.Question:
        root = self.root
        if _children(root, "templateDeclaration"):
            raise _Skipped(_("an item with template variables (values computed for each student), "
                             "which the bank does not have."))
        body = _first(root, "itemBody")
        interactions = [el for el in body.iter() if _local(el.tag).endswith("Interaction")] if body is not None else []
        names = list(dict.fromkeys(_local(el.tag) for el in interactions))
        if not interactions:
            raise _Skipped(_("an item without an interaction (a text only), not a question."))
        unsupported = [name for name in names if name not in _SUPPORTED]
        if unsupported:
            raise _Skipped(_("the interaction %(interaction)s is not a question type of the bank.")
                           % {"interaction": ", ".join(unsupported)})
        question = qi.Question(kind=qi.ESSAY, stem="", number=number, line=line, title=self.text(root.get("title", "")),
                               text_format="html", converted_from=self.legacy or "")
        if len(interactions) == 1 and names[0] != "inlineChoiceInteraction":
            interaction = interactions[0]
            kind = names[0]
            if kind == "choiceInteraction":
                self.choice(question, interaction)
            elif kind == "textEntryInteraction":
                self.text_entry(question, interaction)
            elif kind in ("matchInteraction", "associateInteraction"):
                self.matching(question, interaction)
            question.stem = self.stem(body, {interaction: self.prompt(interaction) if kind != "textEntryInteraction"
                                             else BLANK})
        elif all(name in _INLINE for name in names):
            question.kind = qi.CLOZE
            question.blanks = [self.blank(place, interaction) for place, interaction in enumerate(interactions, 1)]
            literal = re.search(qi.BLANK_PATTERN, self.stem(body, dict.fromkeys(interactions, "")))
            if literal:
                raise Refused(_("the text holds “%(mark)s”, the mark of a blank in the bank: write it otherwise.")
                              % {"mark": literal.group(0)})
            question.stem = self.stem(body, {el: qi.blank(place) for place, el in enumerate(interactions, 1)})
        else:
            raise _Skipped(_("an item with several interactions (%(interactions)s) cannot be one question of the bank.")
                           % {"interactions": ", ".join(names)})
        if not _has_content(question.stem):
            raise Refused(_("the question has no text."))
        self.guidance(question, body, interactions)
        texts = [question.stem, *(text for pair in question.pairs for text in pair), question.general_feedback,
                 question.rubric]
        for option in [*question.options, *(option for blank in question.blanks for option in blank)]:
            texts += [option.text, option.feedback]
        question.media = self.images.referenced_only(texts)
        return question

    def guidance(self, question: qi.Question, body: Element, interactions: list[Element]) -> None:
        """The general feedback, grading guide and model answer the item holds."""
        feedback = _children(self.root, "modalFeedback")
        general = [f for f in feedback if f.get("identifier", "").strip().upper() == "GENERAL"] or \
            (feedback if len(feedback) == 1 else [])
        question.general_feedback = "".join(self.stem(f, {}) for f in general).strip()
        rubrics = [r for r in body.iter() if _local(r.tag) == "rubricBlock" and "scorer" in r.get("view", "").split()]
        question.rubric = "".join(self.stem(r, {}) for r in rubrics).strip()
        if question.kind == qi.ESSAY:
            declaration = self.declarations.get(interactions[0].get("responseIdentifier", ""))
            correct = _first(declaration, "correctResponse") if declaration is not None else None
            values = [self.text(value.text or "") for value in _children(correct, "value")] if correct is not None \
                else []
            question.model_answer = "\n".join(value for value in values if value)

    # --- responses ---

    def declaration(self, interaction: Element) -> Element:
        identifier = interaction.get("responseIdentifier", "")
        declaration = self.declarations.get(identifier)
        if declaration is None:
            raise Refused(_("the item does not declare the response “%(id)s” of its interaction.")
                          % {"id": identifier})
        return declaration

    def correct(self, declaration: Element) -> list[str]:
        correct = _first(declaration, "correctResponse")
        values = [(value.text or "").strip() for value in _children(correct, "value")] if correct is not None else []
        return [" ".join(value.split()) for value in values if value]

    def correct_among(self, declaration: Element, identifiers: list[str]) -> list[str]:
        """The correct responses, each one of the interaction's choices (Refused otherwise)."""
        correct = self.correct(declaration)
        for value in correct:
            if value not in identifiers:
                raise Refused(_("the correct response “%(value)s” is not one of the choices.")
                              % {"value": value[:40]})
        return correct

    def mapping(self, declaration: Element) -> tuple[dict[str, float], float, float | None]:
        """(mapKey → mappedValue, defaultValue, upperBound or None), keys as written (pairs' spaces made one)."""
        mapping = _first(declaration, "mapping")
        if mapping is None:
            return {}, 0.0, None
        entries = {}
        for entry in _children(mapping, "mapEntry"):
            entries[" ".join(entry.get("mapKey", "").split())] = _weight(entry.get("mappedValue", "0"))
        upper = mapping.get("upperBound")
        return entries, _weight(mapping.get("defaultValue", "0")), _weight(upper) if upper is not None else None

    def choice(self, question: qi.Question, interaction: Element) -> None:
        declaration = self.declaration(interaction)
        choices = _children(interaction, "simpleChoice")
        if len(choices) < 2:
            raise Refused(_("a choice question needs at least two choices."))
        identifiers = [choice.get("identifier", "") for choice in choices]
        correct = self.correct_among(declaration, identifiers)
        entries, default, upper = self.mapping(declaration)
        single = _int(interaction.get("maxChoices", "1")) == 1
        question.kind = qi.SINGLE if single else qi.MULTIPLE
        if entries:
            weights = [entries.get(identifier, default) for identifier in identifiers]
            positive = [w for w in weights if w > 0]
            total = (max(positive) if single else sum(positive)) if positive else 0.0
            if upper is not None and 0 < upper < total:
                total = upper
            fractions = [_clamp(w / total) if total else 0.0 for w in weights]
        else:
            if single and len(correct) > 1:
                raise Refused(_("the item allows one choice but names several correct ones."))
            share = 1 / len(correct) if correct else 0.0
            # Without weights, a wrong choice takes back what a right one gives (QTI's own
            # scoring wants exactly the right set).
            fractions = [share if identifier in correct else (0.0 if single else -share) for identifier in identifiers]
        if not any(f > 0 for f in fractions):
            raise Refused(_("the item names no correct response."))
        for choice, identifier, fraction in zip(choices, identifiers, fractions):
            feedback = " ".join(self.text(self.inner(f)) for f in choice.iter() if _local(f.tag) == "feedbackInline")
            text = self.text(self.inner(choice))
            if not _has_content(text):
                raise Refused(_("the choice “%(id)s” is empty.") % {"id": identifier})
            question.options.append(qi.Option(text=text, fraction=fraction, feedback=feedback.strip(),
                                              fixed=_fixed(interaction, choice)))

    def accepted(self, declaration: Element) -> list[qi.Option]:
        """A typed answer's accepted texts: the correct responses, then the mapping's weighted ones."""
        entries, _default, _upper = self.mapping(declaration)
        best = max((w for w in entries.values() if w > 0), default=0.0)
        options: dict[str, qi.Option] = {}
        for value in self.correct(declaration):
            text = self.text(value)
            options.setdefault(text, qi.Option(text=text, fraction=_clamp(entries[value] / best)
                                               if entries.get(value, 0) > 0 else 1.0))
        for key, weight in entries.items():
            text = self.text(key)
            if text and weight != 0 and best:
                options.setdefault(text, qi.Option(text=text, fraction=_clamp(weight / best)))
        return [option for option in options.values() if option.text]

    def text_entry(self, question: qi.Question, interaction: Element) -> None:
        declaration = self.declaration(interaction)
        if declaration.get("baseType", "string") in _NUMBER_TYPES:
            question.kind = qi.NUMERIC
            question.numeric = self.numbers(declaration)
            return
        question.kind = qi.SHORT_TEXT
        question.options = self.accepted(declaration)
        question.case_sensitive = self.case_sensitive(declaration)
        if not any(option.correct for option in question.options):
            raise Refused(_("the item names no correct response."))

    def case_sensitive(self, declaration: Element) -> bool:
        """Whether the typed answer is matched with its case: the mapping (or one of its
        entries) or a stringMatch on the response says caseSensitive="true"."""
        mapping = _first(declaration, "mapping")
        marked = [mapping, *_children(mapping, "mapEntry")] if mapping is not None else []
        processing = _first(self.root, "responseProcessing")
        identifier = declaration.get("identifier", "")
        for match in processing.iter() if processing is not None else ():
            if _local(match.tag) == "stringMatch" and any(
                    _local(child.tag) in ("variable", "correct") and child.get("identifier") == identifier
                    for child in match):
                marked.append(match)
        return any(element.get("caseSensitive", "").strip().lower() == "true" for element in marked)

    def numbers(self, declaration: Element) -> list[qi.NumericAnswer]:
        below, above, relative = self.tolerance(declaration.get("identifier", ""))
        entries, _default, _upper = self.mapping(declaration)
        best = max((w for w in entries.values() if w > 0), default=0.0)
        weighted = [(value, 1.0) for value in self.correct(declaration)]
        weighted += [(key, _clamp(w / best)) for key, w in entries.items() if w != 0 and best]
        found: dict[float, qi.NumericAnswer] = {}
        for raw, fraction in weighted:
            value = _number(raw)
            low, high = (abs(value) * below / 100, abs(value) * above / 100) if relative else (below, above)
            center, half = (value, low) if low == high else (value + (high - low) / 2, (low + high) / 2)
            found.setdefault(value, qi.NumericAnswer(center, half, fraction))
        if not any(answer.fraction > 0 for answer in found.values()):
            raise Refused(_("the item names no correct response."))
        return list(found.values())

    def tolerance(self, identifier: str) -> tuple[float, float, bool]:
        """(below, above, relative) of the `equal` comparing the response in the response processing."""
        processing = _first(self.root, "responseProcessing")
        for equal in processing.iter() if processing is not None else ():
            if _local(equal.tag) != "equal" or not any(
                    _local(child.tag) in ("variable", "correct") and child.get("identifier") == identifier
                    for child in equal):
                continue
            mode = equal.get("toleranceMode", "exact")
            if mode not in ("absolute", "relative"):
                return 0.0, 0.0, False
            values = [_number(v, tolerance=True) for v in equal.get("tolerance", "0").split()] or [0.0]
            return abs(values[0]), abs(values[-1]), mode == "relative"
        return 0.0, 0.0, False

    def matching(self, question: qi.Question, interaction: Element) -> None:
        declaration = self.declaration(interaction)
        if declaration.get("baseType") not in _PAIR_TYPES:
            raise Refused(_("the correct responses of a matching item must be pairs (directedPair)."))
        texts = {choice.get("identifier", ""): choice for choice in interaction.iter()
                 if _local(choice.tag) == "simpleAssociableChoice"}
        right = self.correct(declaration)
        if not right:
            entries, _default, _upper = self.mapping(declaration)
            right = [key for key, weight in entries.items() if weight > 0]
        question.kind = qi.MATCHING
        seen = set()
        for value in right:
            parts = value.split()
            if len(parts) != 2 or parts[0] not in texts or parts[1] not in texts:
                raise Refused(_("the pair “%(value)s” names a choice the item does not have.")
                              % {"value": value[:40]})
            prompt, answer = (self.text(self.inner(texts[part])) for part in parts)
            if prompt in seen:
                raise Refused(_("“%(text)s” is matched to several answers; a matching question matches each "
                                "prompt once.") % {"text": prompt[:40]})
            seen.add(prompt)
            question.pairs.append((prompt, answer))
        if len(question.pairs) < 2:
            raise Refused(_("a matching question needs at least two pairs."))

    def blank(self, place: int, interaction: Element) -> list[qi.Option]:
        declaration = self.declaration(interaction)
        if _local(interaction.tag) == "textEntryInteraction":
            if self.case_sensitive(declaration):
                raise Refused(_("blank %(number)d checks upper and lower case, which the bank cannot keep inside a "
                                "text yet.") % {"number": place})
            options = self.accepted(declaration)
        else:
            choices = _children(interaction, "inlineChoice")
            identifiers = [choice.get("identifier", "") for choice in choices]
            correct = self.correct_among(declaration, identifiers)
            entries, default, _upper = self.mapping(declaration)
            best = max((w for w in entries.values() if w > 0), default=0.0)
            options = []
            for choice, identifier in zip(choices, identifiers):
                if entries:
                    fraction = _clamp(entries.get(identifier, default) / best) if best else 0.0
                else:
                    fraction = 1.0 if identifier in correct else 0.0
                options.append(qi.Option(text=self.text(self.inner(choice)), fraction=fraction,
                                         fixed=_fixed(interaction, choice)))
        if not any(option.correct for option in options):
            raise Refused(_("blank %(number)d has no correct answer.") % {"number": place})
        return options

    # --- text ---

    def prompt(self, interaction: Element) -> str:
        prompt = _first(interaction, "prompt")
        if prompt is None:
            return ""
        inner = self.inner(prompt).strip()
        if any(_local(el.tag) in _BLOCKS for el in prompt.iter()):
            return inner
        return f"<p>{inner}</p>" if inner else ""

    def stem(self, body: Element, replaced: dict[Element, str]) -> str:
        text = self.text(self.inner(body, replaced))
        return re.sub(r"\n\s*\n", "\n", text)

    def inner(self, element: Element, replaced: dict[Element, str] | None = None) -> str:
        """The element's content as XHTML text, namespaces dropped."""
        parts = [_escaped(element.text)]
        for child in element:
            parts.append(self.outer(child, replaced or {}))
            parts.append(_escaped(child.tail))
        return "".join(parts)

    def outer(self, element: Element, replaced: dict[Element, str]) -> str:
        if element in replaced:
            return replaced[element]
        name = _local(element.tag)
        if name in _LEFT_OUT or not name:
            return ""
        if name == "img":
            return self.image(element)
        if name == "object" and element.get("data", "").strip():
            if not element.get("type", "image/").strip().startswith("image/"):
                raise Refused(_("the item shows a file that is not an image (“%(name)s”, %(type)s), which the bank "
                                "cannot keep yet.") % {"name": archives.shown(element.get("data", "")),
                                                       "type": element.get("type", "")})
            # an image shown as an object: its content is what stands for it
            alt = " ".join(" ".join(element.itertext()).split())
            return self.image(Element("img", {"src": element.get("data", ""), "alt": alt}))
        attributes = "".join(f' {_local(key)}="{html.escape(value, quote=True)}"'
                             for key, value in element.attrib.items()
                             if not key.startswith("{") or key.startswith(_XML_NS))
        content = self.inner(element, replaced)
        if name in _VOID and not content.strip():
            return f"<{name}{attributes}/>"
        return f"<{name}{attributes}>{content}</{name}>"


    def image(self, element: Element) -> str:
        """An <img> pointed at the question's media ("media:NAME"), its other attributes kept."""
        src = element.get("src", "").strip()
        alt = self.text(element.get("alt", ""))
        if not src:
            name = None
        elif src.lower().startswith("data:"):
            name = self.images.add_data_address(src, alt)
        else:
            found, data = self.fetch(src)
            name = self.images.add(found, data, alt)
        attributes = {"src": f"{qi.MEDIA_PREFIX}{name}"} if name else {}
        attributes.update((_local(key), value) for key, value in element.attrib.items()
                          if _local(key) not in ("src", "alt") and (not key.startswith("{") or key.startswith(_XML_NS)))
        if "alt" in element.attrib or alt:
            attributes["alt"] = alt
        written = "".join(f' {key}="{html.escape(value, quote=True)}"' for key, value in attributes.items())
        return f"<img{written}/>"


def _fixed(interaction: Element, choice: Element) -> bool:
    """Whether a choice keeps its place: the interaction is not shuffled, or the choice is fixed."""
    return (interaction.get("shuffle", "").strip().lower() == "false"
            or choice.get("fixed", "").strip().lower() == "true")


def _escaped(text: str | None) -> str:
    if not text:
        return ""
    if not text.strip() and "\n" in text:  # indentation between elements
        return "\n"
    return html.escape(text, quote=False)


def _has_content(markup: str) -> bool:
    return bool(re.sub(r"<[^>]*>", "", markup).strip()) or bool(re.search(r"<(img|object|math|video|audio)\b", markup))


def _weight(text: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise Refused(_("the weight “%(value)s” is not a number.") % {"value": text.strip()[:40]}) from None


def _number(text: str, tolerance: bool = False) -> float:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        message = (_("the tolerance “%(value)s” is not a number.") if tolerance
                   else _("the correct response “%(value)s” is not a number."))
        raise Refused(message % {"value": text.strip()[:40]}) from None


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 1


def _clamp(fraction: float) -> float:
    return max(-1.0, min(1.0, fraction))

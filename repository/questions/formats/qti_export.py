"""Interchange questions into an IMS QTI 2.1 content package
(https://www.imsglobal.org/question/qtiv2p1/imsqti_infov2p1.html): the other way of qti.py,
which reads what is written here back to the same questions.

The package is a zip: `imsmanifest.xml` (IMS Content Packaging 1.1) listing one resource
of type `imsqti_item_xmlv2p1` a question, in order, each `items/item-NNNN.xml` with the
images it shows beside it (`items/item-NNNN/NAME`, the `<img src>` pointing there). A
question's kind is its interaction:

    single, multiple     choiceInteraction (maxChoices 1, or 0: any number), the right
                         choices as correctResponse, each option's share as a mapping
                         (map_response), feedback as feedbackInline, fixed="true" for an
                         option kept in place among shuffled ones
    true_false           QTI has none: a choiceInteraction of "Đúng" and "Sai" (read back
                         as the single choice it is)
    short_text           textEntryInteraction, the accepted texts as a mapping
                         (caseSensitive when upper and lower case count)
    numeric              textEntryInteraction of baseType float, each answer's tolerance an
                         `equal toleranceMode="absolute"` of the response processing
    matching             matchInteraction: the prompts, then the matches and distractors
    cloze                each "[[n]]" an inlineChoiceInteraction (a blank listing wrong
                         options) or a textEntryInteraction (accepted texts); one text
                         entry alone reads back as the short answer it is to QTI
    essay                extendedTextInteraction; the model answer as its correctResponse,
                         the grading guide as a rubricBlock for scorers
    true_false_group     QTI has none: its statements a), b)… each end with an inline
                         choice of "Đúng" and "Sai" (read back as the cloze it is written as)

A short answer's or number's text entry stands where the stem writes "_____", else in a
paragraph after it (where the reader shows "_____": the stem reads back with it). The
body is XHTML: plain text is written as html (escaped, a line break `<br/>`, the stem a
paragraph) and reads back so. General feedback is a modalFeedback (identified "GENERAL"),
the grading guide a rubricBlock for scorers, the model answer the essay's correctResponse:
qti.py reads them back and they are compared. Matching distractors are written in QTI's
place for them, which qti.py does not read (yet): they are not compared. Title is the item's title; category,
tags and points have no place in an item and are left out. A shared passage
(`passages[question.group]`) is a `webcontent` resource (`passages/passage-N.html`) the
items of its group depend on.

A question QTI cannot hold as it is (feedback on a typed answer or a blank's option, blanks
not marked in order…) is not written but returned as a Problem; every question written is
read back with qti.read, and one that would not come back the same is left out the same way.
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
import zipfile
from urllib.parse import quote

import lxml.html
from django.utils.translation import gettext as _

from repository.questions import interchange as qi
from repository.questions.formats import export, qti
from repository.questions.formats.export import ExportResult
from repository.questions.formats.refusal import Refused

FORMAT = "QTI"
NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
MAP_RESPONSE = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"
TRUE_WORD, FALSE_WORD = "Đúng", "Sai"
# What must read back the same; matching distractors are written where QTI keeps them,
# which qti.py does not read yet.
COMPARED = ("kind", "stem", "text_format", "title", "options", "truth", "numeric", "pairs", "case_sensitive",
            "blanks", "statements", "general_feedback", "model_answer", "rubric", "media")
_VOID = {"br", "hr", "img", "col", "param", "area", "source", "track", "wbr", "embed", "input"}
_FIXED = ' fixed="true"'
_ATTRIBUTE_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")


@dataclasses.dataclass(eq=False)
class _Entry:
    identifier: str
    position: int
    question: qi.Question
    expected: list[qi.Question]
    item: bytes
    files: dict[str, bytes]  # zip name -> bytes (the images it shows)
    passage: str = ""  # identifier of the passage resource it depends on


def write(questions: list[qi.Question], passages: dict[str, qi.Passage] | None = None) -> ExportResult:
    """(the QTI 2.1 content package, a zip, of the questions it can hold; a Problem for each other)."""
    passages = passages or {}
    entries: list[_Entry] = []
    problems: dict[int, qi.Problem] = {}
    passage_ids: dict[str, str] = {}
    for position, question in enumerate(questions, start=1):
        identifier = f"item-{position:04d}"
        try:
            expected = _expected(question)
            item, files = _item(identifier, expected[0], _written_media(question, expected[0]))
        except Refused as refusal:
            problems[position] = export.refused(question, str(refusal))
            continue
        passage = ""
        if question.group and question.group in passages:
            passage = passage_ids.setdefault(question.group, f"passage-{len(passage_ids) + 1}")
        entries.append(_Entry(identifier, position, question, expected, item, files, passage))
    failures = _read_back(entries, passages, passage_ids)
    for entry, reason in failures.items():
        problems[entry.position] = export.refused(entry.question, reason)
    entries = [entry for entry in entries if entry not in failures]
    return ExportResult(_package(entries, passages, passage_ids), [problems[i] for i in sorted(problems)])


# --- text as XHTML -----------------------------------------------------------------------------------

def xhtml(value: str, text_format: str, *, block: bool = False) -> str:
    """A text as the item's XHTML, as qti.py reads it back: html made well-formed
    (void elements closed, comments dropped), plain text escaped with `<br/>` for its line
    breaks (in a paragraph when `block`)."""
    value = export.text(value)
    if text_format != qi.HTML:
        if not value:
            return ""
        escaped = html.escape(value, quote=False).replace("\n", "<br/>")
        return f"<p>{escaped}</p>" if block else escaped
    if not value:
        return ""
    root = lxml.html.fragment_fromstring(value, create_parent="div")
    return re.sub(r"\n\s*\n", "\n", _inner(root)).strip()


def _inner(element) -> str:
    parts = [_escaped(element.text)]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_outer(child))
        parts.append(_escaped(child.tail))
    return "".join(parts)


def _outer(element) -> str:
    name = element.tag.lower()
    attributes = "".join(f' {key}="{html.escape(value, quote=True)}"' for key, value in element.attrib.items()
                         if _ATTRIBUTE_NAME.match(key) and key.lower() != "xmlns")
    content = _inner(element)
    if name in _VOID and not content.strip():
        return f"<{name}{attributes}/>"
    return f"<{name}{attributes}>{content}</{name}>"


def _escaped(value: str | None) -> str:
    if not value:
        return ""
    if not value.strip() and "\n" in value:
        return "\n"
    return html.escape(value, quote=False)


# --- the question as the reader will give it back --------------------------------------------------

def _expected(question: qi.Question) -> list[qi.Question]:
    """The question as qti.read will give it back (all its text html); for a true/false
    question or group, what it is written as first, then itself (should the reader tell
    it); Refused with the reason when QTI cannot hold it."""
    text = export.text
    if question.kind not in qi.KINDS:
        raise Refused(_("the kind “%(kind)s” cannot be written in %(format)s.")
                      % {"kind": question.kind, "format": FORMAT})
    export.refuse_unwritable_characters(question, FORMAT)
    export.refuse_unwritable_numbers(question)
    kind, fmt = question.kind, question.text_format
    typed_feedback = [a.feedback for a in question.numeric] + [o.feedback for b in question.blanks for o in b] + \
        [s.feedback for s in question.statements] + \
        ([o.feedback for o in question.options] if kind == qi.SHORT_TEXT else [])
    if any(text(feedback) for feedback in typed_feedback):
        raise Refused(_("%(format)s keeps feedback on the options of a choice question only, not on a typed answer, "
                        "a number, a blank or a statement.") % {"format": FORMAT})

    def x(value: str, *, block: bool = False) -> str:
        return xhtml(value, fmt, block=block)

    clean = qi.Question(kind=kind, stem=x(question.stem, block=True), number=question.number, line=0,
                        title=text(question.title), text_format=qi.HTML,
                        general_feedback=x(question.general_feedback, block=True),
                        model_answer=text(question.model_answer) if kind == qi.ESSAY else "",
                        rubric=x(question.rubric, block=True))
    if kind in (qi.SINGLE, qi.MULTIPLE):
        clean.options = [qi.Option(x(o.text), float(o.fraction), x(o.feedback), bool(o.fixed))
                         for o in question.options]
    elif kind == qi.SHORT_TEXT:
        clean.options = [qi.Option(text(o.text), float(o.fraction)) for o in question.options]
        clean.case_sensitive = question.case_sensitive
    elif kind == qi.TRUE_FALSE:
        if question.truth is None:
            raise Refused(_("a true/false question needs its answer, true or false."))
        clean.truth = bool(question.truth)
    elif kind == qi.NUMERIC:
        if not question.numeric:
            raise Refused(_("a numeric question needs a number."))
        clean.numeric = [qi.NumericAnswer(float(a.value), float(a.tolerance), float(a.fraction))
                         for a in question.numeric]
    elif kind == qi.MATCHING:
        clean.pairs = [(x(left), x(right)) for left, right in question.pairs]
        clean.distractors = [x(d) for d in question.distractors]
    elif kind == qi.CLOZE:
        _blanks_in_order(question.stem, len(question.blanks))
        clean.blanks = [[qi.Option(text(o.text) if _typed(blank) else x(o.text), float(o.fraction),
                                   fixed=bool(o.fixed)) for o in blank] for blank in question.blanks]
        clean.case_sensitive = question.case_sensitive
    elif kind == qi.TRUE_FALSE_GROUP:
        if not question.statements:
            raise Refused(_("a true/false group needs its statements."))
        clean.statements = [qi.Statement(x(s.text), bool(s.truth)) for s in question.statements]
    if kind in (qi.SHORT_TEXT, qi.NUMERIC) and clean.stem.count(qti.BLANK) != 1:
        clean.stem += f"<p>{qti.BLANK}</p>"
    clean.media = _shown(question, clean)
    if kind == qi.TRUE_FALSE:
        return [_as_choice(clean), clean]
    if kind == qi.TRUE_FALSE_GROUP:
        return [_as_cloze(clean), clean]
    if kind == qi.CLOZE and len(clean.blanks) == 1 and _typed(clean.blanks[0]):
        # A lone text entry is a short answer to qti.read, shown where the blank stands.
        short = dataclasses.replace(clean, kind=qi.SHORT_TEXT, blanks=[], options=clean.blanks[0],
                                    stem=clean.stem.replace(qi.blank(1), qti.BLANK))
        return [clean, short]
    return [clean]


def _typed(blank: list[qi.Option]) -> bool:
    """A blank whose options are all accepted texts (a text entry), not a choice."""
    return all(option.fraction > 0 for option in blank)


def _blanks_in_order(stem: str, count: int) -> None:
    if re.findall(qi.BLANK_PATTERN, stem) != [str(n) for n in range(1, count + 1)]:
        raise Refused(_("the blanks must be marked in the text once each and in order: %(marks)s.")
                      % {"marks": ", ".join(qi.blank(n) for n in range(1, max(count, 1) + 1))})


def _texts(question: qi.Question) -> list[str]:
    """The item's html texts that may show an image (as read back)."""
    return [question.stem, *(part for o in question.options for part in (o.text, o.feedback)),
            *(part for pair in question.pairs for part in pair), *question.distractors,
            *(o.text for b in question.blanks for o in b), *(s.text for s in question.statements),
            question.general_feedback, question.rubric]


def _shown(question: qi.Question, clean: qi.Question) -> list[qi.Media]:
    """The media the clean question's texts show (read back, an item keeps no other)."""
    if question.text_format != qi.HTML:
        return []
    export.refuse_missing_media(question, _texts(clean))
    return export.shown_media(question, _texts(clean))


def _written_media(question: qi.Question, clean: qi.Question) -> list[qi.Media]:
    """The media the item shows, in the texts compared and in the general feedback and
    grading guide (written, not read back)."""
    if question.text_format != qi.HTML:
        return []
    texts = [*_texts(clean), clean.general_feedback, clean.rubric]
    export.refuse_missing_media(question, texts)
    return export.shown_media(question, texts)


def _as_choice(question: qi.Question) -> qi.Question:
    return dataclasses.replace(question, kind=qi.SINGLE, truth=None, options=[
        qi.Option(TRUE_WORD, 1.0 if question.truth else 0.0), qi.Option(FALSE_WORD, 0.0 if question.truth else 1.0)])


def _as_cloze(group: qi.Question) -> qi.Question:
    lines, blanks = [], []
    for n, statement in enumerate(group.statements, start=1):
        letter = chr(ord("a") + n - 1) if n <= 26 else str(n)
        lines.append(f"<p>{letter}) {statement.text} {qi.blank(n)}</p>")
        blanks.append([qi.Option(TRUE_WORD, 1.0 if statement.truth else 0.0),
                       qi.Option(FALSE_WORD, 0.0 if statement.truth else 1.0)])
    return dataclasses.replace(group, kind=qi.CLOZE, statements=[], blanks=blanks, stem=group.stem + "".join(lines))


# --- writing ---------------------------------------------------------------------------------------

def _attribute(value: str) -> str:
    return html.escape(value, quote=True)


def _text_node(value: str) -> str:
    return html.escape(value, quote=False)


class _Item:
    """One assessmentItem's declarations, body and response processing."""

    def __init__(self, identifier: str, question: qi.Question, media: list[qi.Media]):
        self.identifier, self.question = identifier, question
        self.declarations: list[str] = []
        self.processing = ""
        self.files: dict[str, bytes] = {}
        self.paths: dict[str, str] = {}  # media name -> src relative to the item
        used = set()
        for image in media:
            safe = re.sub(r"[^\w.-]+", "_", image.name).strip("._") or "image"
            candidate, n = safe, 1
            while candidate.casefold() in used:
                n += 1
                stem, dot, extension = safe.rpartition(".")
                candidate = f"{stem}-{n}.{extension}" if dot else f"{safe}-{n}"
            used.add(candidate.casefold())
            self.paths[image.name] = f"{identifier}/{candidate}"
            self.files[f"items/{identifier}/{candidate}"] = bytes(image.data)

    def body_text(self, value: str) -> str:
        """An XHTML text of the item with its images pointed at their files."""
        return export.point_media(value, lambda name: quote(self.paths.get(name, name)))

    def declare(self, identifier: str, cardinality: str, base_type: str, correct: list[str],
                mapping: list[tuple[str, float]] | None = None, *, case_sensitive: bool | None = None,
                upper: float | None = None) -> None:
        parts = [f'<responseDeclaration identifier="{identifier}" cardinality="{cardinality}" '
                 f'baseType="{base_type}">']
        if correct:
            parts.append("<correctResponse>" + "".join(f"<value>{_text_node(v)}</value>" for v in correct)
                         + "</correctResponse>")
        if mapping:
            bounds = ' lowerBound="0"' + (f' upperBound="{export.number(upper)}"' if upper is not None else "")
            case = "" if case_sensitive is None else f' caseSensitive="{"true" if case_sensitive else "false"}"'
            parts.append(f'<mapping{bounds} defaultValue="0">' + "".join(
                f'<mapEntry mapKey="{_attribute(key)}" mappedValue="{export.number(value)}"{case}/>'
                for key, value in mapping) + "</mapping>")
        parts.append("</responseDeclaration>")
        self.declarations.append("".join(parts))

    def xml(self, body: str) -> bytes:
        question = self.question
        outcomes = ('<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">'
                    "<defaultValue><value>0</value></defaultValue></outcomeDeclaration>"
                    '<outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>')
        rubric = (f'<rubricBlock view="scorer">{self.body_text(question.rubric)}</rubricBlock>'
                  if question.rubric else "")
        feedback = (f'<modalFeedback outcomeIdentifier="FEEDBACK" identifier="GENERAL" showHide="hide">'
                    f"{self.body_text(question.general_feedback)}</modalFeedback>"
                    if question.general_feedback else "")
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<assessmentItem xmlns="{NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{SCHEMA}" '
                f'identifier="{self.identifier}" title="{_attribute(question.title)}" adaptive="false" '
                f'timeDependent="false">\n'
                + "".join(f"{d}\n" for d in self.declarations) + outcomes + "\n"
                + f"<itemBody>{rubric}{body}</itemBody>\n"
                + (self.processing or f'<responseProcessing template="{MAP_RESPONSE}"/>') + "\n"
                + (f"{feedback}\n" if feedback else "")
                + "</assessmentItem>\n").encode("utf-8")


def _item(identifier: str, question: qi.Question, media: list[qi.Media]) -> tuple[bytes, dict[str, bytes]]:
    item = _Item(identifier, question, media)
    kind = question.kind
    stem = item.body_text(question.stem)
    if kind in (qi.SINGLE, qi.MULTIPLE):
        body = stem + _choice(item, question)
    elif kind in (qi.SHORT_TEXT, qi.NUMERIC):
        entry = _text_entry(item, question)
        body = stem.replace(qti.BLANK, entry, 1)
    elif kind == qi.MATCHING:
        body = stem + _match(item, question)
    elif kind == qi.CLOZE:
        body = re.sub(qi.BLANK_PATTERN, lambda m: _blank(item, question, int(m.group(1))), stem)
    else:  # essay
        item.declare("RESPONSE", "single", "string", [question.model_answer] if question.model_answer else [])
        body = stem + '<extendedTextInteraction responseIdentifier="RESPONSE" expectedLines="10"/>'
        item.processing = "<responseProcessing/>"
    return item.xml(body), item.files


def _choice(item: _Item, question: qi.Question) -> str:
    single = question.kind == qi.SINGLE
    ids = [f"choice-{n}" for n in range(1, len(question.options) + 1)]
    options = list(zip(ids, question.options))
    item.declare("RESPONSE", "single" if single else "multiple", "identifier",
                 [i for i, o in options if (o.fraction == 1 if single else o.fraction > 0)],
                 [(i, o.fraction) for i, o in options], upper=1.0)
    choices = []
    for identifier, option in options:
        feedback = (f'<feedbackInline outcomeIdentifier="FEEDBACK" identifier="{identifier}" showHide="show">'
                    f"{item.body_text(option.feedback)}</feedbackInline>" if option.feedback else "")
        fixed = _FIXED if option.fixed else ""
        choices.append(f'<simpleChoice identifier="{identifier}"{fixed}>{item.body_text(option.text)}{feedback}'
                       "</simpleChoice>")
    return (f'<choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="{1 if single else 0}">'
            + "".join(choices) + "</choiceInteraction>")


def _text_entry(item: _Item, question: qi.Question) -> str:
    if question.kind == qi.SHORT_TEXT:
        options = question.options
        first = options[0] if options else None
        item.declare("RESPONSE", "single", "string", [first.text] if first and first.fraction == 1 else [],
                     [(o.text, o.fraction) for o in options], case_sensitive=question.case_sensitive)
        length = max((len(o.text) for o in options), default=10)
    else:
        answers = question.numeric
        first = answers[0]
        item.declare("RESPONSE", "single", "float", [export.number(first.value)] if first.fraction == 1 else [],
                     [(export.number(a.value), a.fraction) for a in answers] if len(answers) > 1 else None)
        item.processing = _numeric_processing(answers)
        length = max(len(export.number(a.value)) for a in answers)
    return f'<textEntryInteraction responseIdentifier="RESPONSE" expectedLength="{max(length, 5)}"/>'


def _equal(tolerance: float, compared: str) -> str:
    mode = f'toleranceMode="absolute" tolerance="{export.number(tolerance)}"' if tolerance else 'toleranceMode="exact"'
    return f'<equal {mode}><variable identifier="RESPONSE"/>{compared}</equal>'


def _numeric_processing(answers: list[qi.NumericAnswer]) -> str:
    """SCORE is the fraction of the first answer the response equals, within its tolerance."""
    conditions = []
    for n, answer in enumerate(answers):
        tag = "responseIf" if n == 0 else "responseElseIf"
        compared = (f'<baseValue baseType="float">{export.number(answer.value)}</baseValue>')
        conditions.append(f"<{tag}>{_equal(answer.tolerance, compared)}"
                          f'<setOutcomeValue identifier="SCORE"><baseValue baseType="float">'
                          f"{export.number(answer.fraction)}</baseValue></setOutcomeValue></{tag}>")
    return "<responseProcessing><responseCondition>" + "".join(conditions) + \
        "</responseCondition></responseProcessing>"


def _match(item: _Item, question: qi.Question) -> str:
    rights: list[str] = []
    for _left, right in question.pairs:
        if right not in rights:
            rights.append(right)
    rights += [d for d in question.distractors if d not in rights]
    right_ids = {text: f"match-{n}" for n, text in enumerate(rights, start=1)}
    pairs = [(f"prompt-{n}", right_ids[right]) for n, (_left, right) in enumerate(question.pairs, start=1)]
    item.declare("RESPONSE", "multiple", "directedPair", [f"{a} {b}" for a, b in pairs],
                 [(f"{a} {b}", 1.0 / len(pairs)) for a, b in pairs] if pairs else None, upper=1.0)
    uses = {identifier: sum(1 for _a, b in pairs if b == identifier) for identifier in right_ids.values()}
    prompts = "".join(f'<simpleAssociableChoice identifier="prompt-{n}" matchMax="1">{item.body_text(left)}'
                      "</simpleAssociableChoice>" for n, (left, _right) in enumerate(question.pairs, start=1))
    matches = "".join(f'<simpleAssociableChoice identifier="{right_ids[text]}" '
                      f'matchMax="{max(uses[right_ids[text]], 1)}">{item.body_text(text)}</simpleAssociableChoice>'
                      for text in rights)
    return (f'<matchInteraction responseIdentifier="RESPONSE" shuffle="true" maxAssociations="{len(pairs)}">'
            f"<simpleMatchSet>{prompts}</simpleMatchSet><simpleMatchSet>{matches}</simpleMatchSet>"
            "</matchInteraction>")


def _blank(item: _Item, question: qi.Question, n: int) -> str:
    options = question.blanks[n - 1]
    identifier = f"RESPONSE-{n}"
    if _typed(options):
        first = options[0]
        item.declare(identifier, "single", "string", [first.text] if first.fraction == 1 else [],
                     [(o.text, o.fraction) for o in options], case_sensitive=question.case_sensitive)
        length = max(len(o.text) for o in options)
        return f'<textEntryInteraction responseIdentifier="{identifier}" expectedLength="{max(length, 5)}"/>'
    ids = [f"{identifier}-{k}" for k in range(1, len(options) + 1)]
    item.declare(identifier, "single", "identifier", [i for i, o in zip(ids, options) if o.fraction == 1][:1],
                 [(i, o.fraction) for i, o in zip(ids, options)])
    choices = "".join(f'<inlineChoice identifier="{i}"{_FIXED if o.fixed else ""}>{item.body_text(o.text)}'
                      "</inlineChoice>" for i, o in zip(ids, options))
    return (f'<inlineChoiceInteraction responseIdentifier="{identifier}" shuffle="true">{choices}'
            "</inlineChoiceInteraction>")


# --- the package -----------------------------------------------------------------------------------

def _package(entries: list[_Entry], passages: dict[str, qi.Passage], passage_ids: dict[str, str]) -> bytes:
    used = {entry.passage for entry in entries if entry.passage}
    resources, members = [], {}
    for entry in entries:
        href = f"items/{entry.identifier}.xml"
        members[href] = entry.item
        members.update(entry.files)
        files = "".join(f'<file href="{_attribute(quote(name))}"/>' for name in [href, *entry.files])
        depends = f'<dependency identifierref="{entry.passage}"/>' if entry.passage else ""
        resources.append(f'<resource identifier="{entry.identifier}" type="imsqti_item_xmlv2p1" href="{href}">'
                         f"{files}{depends}</resource>")
    for key, identifier in passage_ids.items():
        if identifier not in used:
            continue
        passage = passages[key]
        href = f"passages/{identifier}.html"
        media = {m.name: m for m in passage.media} if passage.text_format == qi.HTML else {}
        body = xhtml(passage.text, passage.text_format, block=True)
        names = [name for name in export.media_names(body) if name in media]
        body = export.point_media(body, lambda name: quote(f"{identifier}/{_safe(name)}") if name in media else name)
        for name in names:
            members[f"passages/{identifier}/{_safe(name)}"] = bytes(media[name].data)
        title = html.escape(export.text(passage.title) or key, quote=False)
        members[href] = (f'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                         f"<head><title>{title}</title></head><body>{body}</body></html>\n").encode("utf-8")
        files = "".join(f'<file href="{_attribute(quote(name))}"/>'
                        for name in [href, *(f"passages/{identifier}/{_safe(n)}" for n in names)])
        resources.append(f'<resource identifier="{identifier}" type="webcontent" href="{href}">{files}</resource>')
    manifest = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<manifest xmlns="{CP_NS}" identifier="manifest" '
                f'xmlns:xsi="{XSI}" xsi:schemaLocation="{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd">\n'
                "<metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>\n"
                "<organizations/>\n<resources>\n" + "".join(f"{r}\n" for r in resources) + "</resources>\n"
                "</manifest>\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qti.MANIFEST_NAME, manifest.encode("utf-8"))
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "image"


# --- reading it back -------------------------------------------------------------------------------

def _read_back(entries: list[_Entry], passages, passage_ids) -> dict[_Entry, str]:
    """The entries whose question would not read back the same, with the reason."""
    if not entries:
        return {}

    def compare(entry: _Entry, back: qi.Question, _result) -> str | None:
        return export.differing_from_each(entry.expected, back, COMPARED)

    return export.read_back_failures(qti.read(_package(entries, passages, passage_ids)), entries, FORMAT,
                                     compare)

"""Interchange questions into Moodle XML (https://docs.moodle.org/en/Moodle_XML_format): the
other way of moodlexml.py, which reads what is written here back to the same questions.

The file is one `<quiz>`; a `category` element (`$course$/top/<category>`) comes before a
question whose category differs from the one before it. Each kind is Moodle's own type:

    single, multiple     multichoice (<single>true/false</single>, fraction="100" percentages)
    true_false           truefalse
    short_text           shortanswer (<usecase>1</usecase> when upper and lower case count;
                         a "*" written "\\*", which Moodle would take for any text)
    numeric              numerical, each answer with its <tolerance>, no units
    matching             match: a <subquestion> a pair, a distractor one with an empty text
    cloze                multianswer (Moodle's "cloze"): each "[[n]]" of the stem becomes
                         {1:MULTICHOICE:=right#feedback~%0%wrong} when the blank lists wrong
                         options, else {1:SHORTANSWER:=text~%50%text} (SHORTANSWER_C when
                         upper and lower case count)
    essay                essay, the grading guide as <graderinfo>
    true_false_group     Moodle has no such type: written as a multianswer whose statements
                         a), b)… each end with a {1:MULTICHOICE:=Đúng~%0%Sai} blank. Moodle
                         grades each statement a quarter (not the 2025 shares), and the
                         question reads back as a cloze of those blanks: the closest Moodle
                         holds, so a Moodle quiz still asks it (refusing it would drop it).

Html text is written as CDATA, other text escaped; the text format is the <questiontext>'s
`format`. Images (`<img src="media:NAME">`) become `<file name="NAME" encoding="base64">` in
the file area of the text showing them, with `src="@@PLUGINFILE@@/NAME"` (an image no
text shows is left out: no reader keeps it). Title, tags and points are written as <name>, <tags> and
<defaultgrade>. A shared passage (`passages[question.group]`) is written once, as a
`description` before the first question of its group: Moodle shows it, the reader lists it
as skipped (Moodle XML has no passage, the questions read back without their group).

A question Moodle XML cannot hold as it is (options kept in place among shuffled ones,
an essay's model answer, which Moodle has no place for, blanks not marked in order…) is
not written but returned as a Problem; every question written is read back with
moodlexml.read, and one that would not come back the same is left out the same way.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import re
from urllib.parse import quote
from xml.sax.saxutils import quoteattr
from xml.sax.saxutils import escape as xml_escape

from django.utils.translation import gettext as _

from repository.questions import interchange as qi
from repository.questions.formats import export, moodlexml
from repository.questions.formats.export import ExportResult
from repository.questions.formats.refusal import Refused

FORMAT = "Moodle XML"
TRUE_WORD, FALSE_WORD = "Đúng", "Sai"  # the choices of a true/false group's blanks, as Vietnamese exams write them
_FORMATS = {qi.PLAIN: "plain_text", qi.HTML: "html", "markdown": "markdown", "moodle": "moodle_auto_format"}
_TYPES = {qi.SINGLE: "multichoice", qi.MULTIPLE: "multichoice", qi.TRUE_FALSE: "truefalse",
          qi.SHORT_TEXT: "shortanswer", qi.NUMERIC: "numerical", qi.MATCHING: "match", qi.CLOZE: "multianswer",
          qi.ESSAY: "essay"}
# What must read back the same (the rest — tags, points… — is written where Moodle has a place).
COMPARED = ("kind", "stem", "text_format", "title", "category", "options", "truth", "numeric", "pairs",
            "distractors", "case_sensitive", "blanks", "statements", "general_feedback", "model_answer",
            "rubric", "media", "tags")
_CLOZE_SPECIAL = re.compile(r"[\\}#~]")


@dataclasses.dataclass(eq=False)
class _Entry:
    xml: str
    category: str
    position: int = -1  # the question's place in the list written
    question: qi.Question | None = None  # None: a passage written as a description
    expected: list[qi.Question] = dataclasses.field(default_factory=list)  # what reading back may give
    group: str = ""


def write(questions: list[qi.Question], passages: dict[str, qi.Passage] | None = None) -> ExportResult:
    """(the Moodle XML file, UTF-8, of the questions it can hold; a Problem for each other)."""
    passages = passages or {}
    entries: list[_Entry] = []
    problems: dict[int, qi.Problem] = {}
    described = set()
    for position, question in enumerate(questions):
        try:
            expected = _expected(question)
            xml = _question(expected[0], question)
        except Refused as refusal:
            problems[position] = export.refused(question, str(refusal))
            continue
        group = question.group
        if group and group in passages and group not in described:
            described.add(group)
            entries.append(_Entry(_description(passages[group]), expected[0].category, group=group))
        entries.append(_Entry(xml, expected[0].category, position, question, expected, group))
    failures = _read_back(entries)
    if failures:
        for entry, reason in failures.items():
            problems[entry.position] = export.refused(entry.question, reason)
        kept = [e for e in entries if e not in failures]
        groups = {e.group for e in kept if e.question is not None}
        entries = [e for e in kept if e.question is not None or e.group in groups]
    return ExportResult(_file(entries), [problems[i] for i in sorted(problems)])


# --- the question as the reader will give it back ------------------------------------------------

def _expected(question: qi.Question) -> list[qi.Question]:
    """The question as moodlexml.read will give it back (for a true/false group: the cloze
    it is written as, or the group itself should the reader tell it); Refused with the
    reason when Moodle XML cannot hold it."""
    text = export.text
    if question.kind not in qi.KINDS:
        raise Refused(_("the kind “%(kind)s” cannot be written in %(format)s.")
                      % {"kind": question.kind, "format": FORMAT})
    if question.text_format not in _FORMATS:
        raise Refused(_("the text format “%(format)s” cannot be written in %(name)s.")
                      % {"format": question.text_format, "name": FORMAT})
    export.refuse_unwritable_characters(question, FORMAT)
    export.refuse_unwritable_numbers(question)
    options = [*question.options, *(option for blank in question.blanks for option in blank)]
    if any(option.fixed for option in options):
        raise Refused(_("%(format)s cannot keep some options in their place while the others are shuffled.")
                      % {"format": FORMAT})
    if question.kind == qi.ESSAY and text(question.model_answer):
        raise Refused(_("Moodle XML has no place for an essay's model answer (only for its grading guide)."))

    def clean_options(items):
        return [qi.Option(text(o.text), float(o.fraction), text(o.feedback)) for o in items]

    clean = qi.Question(kind=question.kind, stem=text(question.stem), number=question.number, line=0,
                        title=text(question.title), general_feedback=text(question.general_feedback),
                        category=text(question.category), text_format=question.text_format,
                        media=list(question.media),
                        tags=list(dict.fromkeys(text(tag) for tag in question.tags if text(tag))))
    kind = question.kind
    if kind in (qi.SINGLE, qi.MULTIPLE, qi.SHORT_TEXT):
        clean.options = clean_options(question.options)
        clean.case_sensitive = kind == qi.SHORT_TEXT and question.case_sensitive
    elif kind == qi.TRUE_FALSE:
        if question.truth is None:
            raise Refused(_("a true/false question needs its answer, true or false."))
        clean.truth = bool(question.truth)
    elif kind == qi.NUMERIC:
        if not question.numeric:
            raise Refused(_("a numeric question needs a number."))
        clean.numeric = [qi.NumericAnswer(float(a.value), float(a.tolerance), float(a.fraction), text(a.feedback))
                         for a in question.numeric]
    elif kind == qi.MATCHING:
        clean.pairs = [(text(left), text(right)) for left, right in question.pairs]
        clean.distractors = [text(d) for d in question.distractors]
    elif kind == qi.CLOZE:
        clean.blanks = [clean_options(blank) for blank in question.blanks]
        clean.case_sensitive = question.case_sensitive
        _blanks_in_order(clean.stem, len(clean.blanks))
    elif kind == qi.ESSAY:
        clean.rubric = text(question.rubric)
    elif kind == qi.TRUE_FALSE_GROUP:
        if not question.statements:
            raise Refused(_("a true/false group needs its statements."))
        clean.statements = [qi.Statement(text(s.text), bool(s.truth), text(s.feedback)) for s in question.statements]
        _refuse_missing_media(clean)
        return [_as_cloze(clean), clean]
    _refuse_missing_media(clean)
    return [clean]


def _blanks_in_order(stem: str, count: int) -> None:
    if re.findall(qi.BLANK_PATTERN, stem) != [str(n) for n in range(1, count + 1)]:
        raise Refused(_("the blanks must be marked in the text once each and in order: %(marks)s.")
                      % {"marks": ", ".join(qi.blank(n) for n in range(1, max(count, 1) + 1))})


def _as_cloze(group: qi.Question) -> qi.Question:
    """A true/false group as the cloze it is written as: each statement on its own line
    (a paragraph in html), "a) … [[1]]", its blank the choice of Đúng and Sai."""
    html_text = group.text_format == qi.HTML
    lines, blanks = [], []
    for n, statement in enumerate(group.statements, start=1):
        letter = chr(ord("a") + n - 1) if n <= 26 else str(n)
        line = f"{letter}) {statement.text} {qi.blank(n)}"
        lines.append(f"<p>{line}</p>" if html_text else line)
        blanks.append([qi.Option(TRUE_WORD, 1.0 if statement.truth else 0.0, statement.feedback),
                       qi.Option(FALSE_WORD, 0.0 if statement.truth else 1.0, statement.feedback)])
    cloze = dataclasses.replace(group, kind=qi.CLOZE, statements=[], blanks=blanks,
                                stem=(group.stem + ("" if html_text else "\n") + "".join(lines) if html_text
                                      else "\n".join([group.stem, *lines])))
    _refuse_missing_media(cloze)
    return cloze


def _refuse_missing_media(question: qi.Question) -> None:
    """Refused for an image no media of the question is; the media no text shows are left
    out (no reader keeps them)."""
    if question.text_format == qi.HTML:
        export.refuse_missing_media(question, _texts(question))
        question.media = export.shown_media(question, _texts(question))
    else:
        question.media = []


def _texts(question: qi.Question) -> list[str]:
    """The texts written as html, which may show images."""
    return [question.stem, question.general_feedback, question.rubric,
            *(part for o in question.options for part in (o.text, o.feedback)),
            *(pair[0] for pair in question.pairs), *(a.feedback for a in question.numeric),
            *(part for s in question.statements for part in (s.text, s.feedback))]


# --- writing ---------------------------------------------------------------------------------------

class _Writer:
    """The XML of one question's texts, each with the files of the images it shows."""

    def __init__(self, question: qi.Question):
        self.html = question.text_format == qi.HTML
        self.format = _FORMATS[question.text_format]
        self.media = {media.name: media for media in question.media}

    def content(self, value: str) -> str:
        """<text>…</text> and the files its images show."""
        if not self.html or not value:
            return f"<text>{xml_escape(value)}</text>"
        names = export.media_names(value)
        value = export.point_media(value, lambda name: "@@PLUGINFILE@@/" + quote(name))
        files = "".join(_file_element(self.media[name]) for name in names if name in self.media)
        return f"<text>{_cdata(value)}</text>{files}"

    def element(self, tag: str, value: str, extra: str = "") -> str:
        return f'<{tag} format="{self.format}">{self.content(value)}{extra}</{tag}>'


def _question(question: qi.Question, original: qi.Question) -> str:
    writer = _Writer(question)
    kind = question.kind  # a true/false group's is its cloze's
    stem = _cloze_stem(question) if kind == qi.CLOZE else question.stem
    points = original.points if original.points and original.points > 0 else 1
    parts = [
        f"<name><text>{xml_escape(question.title)}</text></name>",
        writer.element("questiontext", stem),
        writer.element("generalfeedback", question.general_feedback),
        f"<defaultgrade>{export.number(points)}</defaultgrade>",
        f"<penalty>{'0' if kind in (qi.ESSAY, qi.TRUE_FALSE) else '0.3333333'}</penalty>",
        "<hidden>0</hidden>",
        "<idnumber></idnumber>",
    ]
    parts += _answers(question, kind, writer)
    if question.tags:
        parts.append("<tags>" + "".join(f"<tag><text>{xml_escape(tag)}</text></tag>" for tag in question.tags)
                     + "</tags>")
    return f'  <question type="{_TYPES[kind]}">\n' + "".join(f"    {part}\n" for part in parts) + "  </question>\n"


def _answers(question: qi.Question, kind: str, writer: _Writer) -> list[str]:
    if kind in (qi.SINGLE, qi.MULTIPLE):
        return [f"<single>{'true' if kind == qi.SINGLE else 'false'}</single>",
                "<shuffleanswers>true</shuffleanswers>", "<answernumbering>ABCD</answernumbering>",
                "<showstandardinstruction>0</showstandardinstruction>",
                *(_answer(writer, o.fraction, o.text, o.feedback) for o in question.options)]
    if kind == qi.TRUE_FALSE:
        return [_answer(writer, 1.0 if question.truth else 0.0, "true", "", plain=True),
                _answer(writer, 0.0 if question.truth else 1.0, "false", "", plain=True)]
    if kind == qi.SHORT_TEXT:
        return [f"<usecase>{1 if question.case_sensitive else 0}</usecase>",
                *(_answer(writer, o.fraction, o.text.replace("*", "\\*"), o.feedback, plain=True)
                  for o in question.options)]
    if kind == qi.NUMERIC:
        answers = [_answer(writer, a.fraction, export.number(a.value), a.feedback, plain=True,
                           extra=f"<tolerance>{export.number(a.tolerance)}</tolerance>") for a in question.numeric]
        return [*answers, "<units></units>", "<unitgradingtype>0</unitgradingtype>",
                "<unitpenalty>0.1000000</unitpenalty>", "<showunits>3</showunits>", "<unitsleft>0</unitsleft>"]
    if kind == qi.MATCHING:
        subquestions = [writer.element("subquestion", left, f"<answer><text>{xml_escape(right)}</text></answer>")
                        for left, right in question.pairs]
        subquestions += [writer.element("subquestion", "", f"<answer><text>{xml_escape(d)}</text></answer>")
                         for d in question.distractors]
        return ["<shuffleanswers>true</shuffleanswers>", *subquestions]
    if kind == qi.ESSAY:
        return ["<responseformat>editor</responseformat>", "<responserequired>1</responserequired>",
                "<responsefieldlines>15</responsefieldlines>", "<attachments>0</attachments>",
                "<attachmentsrequired>0</attachmentsrequired>", writer.element("graderinfo", question.rubric),
                writer.element("responsetemplate", "")]
    return []  # cloze, true/false group: the blanks are in the text


def _answer(writer: _Writer, fraction: float, value: str, feedback: str, *, plain: bool = False,
            extra: str = "") -> str:
    answer_format = "moodle_auto_format" if plain else writer.format
    text = f"<text>{xml_escape(value)}</text>" if plain else writer.content(value)
    return (f'<answer fraction="{export.percent(fraction)}" format="{answer_format}">{text}{extra}'
            f"{writer.element('feedback', feedback)}</answer>")


def _cloze_stem(question: qi.Question) -> str:
    """The stem with each "[[n]]" written as Moodle's embedded answer."""
    def blank(match: re.Match) -> str:
        options = question.blanks[int(match.group(1)) - 1]
        typed = all(o.fraction > 0 for o in options)
        kind = ("SHORTANSWER_C" if question.case_sensitive else "SHORTANSWER") if typed else "MULTICHOICE"
        alternatives = []
        for option in options:
            weight = "=" if option.fraction == 1 else f"%{export.percent(option.fraction)}%"
            value = _cloze_escape(option.text)
            if typed:
                value = value.replace("*", "\\*")
            feedback = "#" + _cloze_escape(option.feedback) if option.feedback else ""
            alternatives.append(weight + value + feedback)
        return "{1:" + kind + ":" + "~".join(alternatives) + "}"

    return re.sub(qi.BLANK_PATTERN, blank, question.stem)


def _cloze_escape(value: str) -> str:
    """A blank's text: html characters as entities (the reader unescapes the blank, which
    stands in html text), then Moodle's backslash before \\ } # ~. A text ending with "&"
    or a backslash ends with its numeric entity instead: before a "#feedback" the reader
    would take "&amp;#" for an entity and "\\\\#" for an escaped "#"."""
    escaped = _CLOZE_SPECIAL.sub(lambda m: "\\" + m.group(0), html.escape(value, quote=False))
    if escaped.endswith("&amp;"):
        return escaped[: -len("&amp;")] + "&#38;"
    if escaped.endswith("\\\\"):
        return escaped[:-2] + "&#92;"
    return escaped


def _description(passage: qi.Passage) -> str:
    question = qi.Question(kind=qi.ESSAY, stem=export.text(passage.text), number=0, line=0,
                           text_format=passage.text_format if passage.text_format in _FORMATS else qi.PLAIN,
                           media=list(passage.media))
    writer = _Writer(question)
    parts = [f"<name><text>{xml_escape(export.text(passage.title))}</text></name>",
             writer.element("questiontext", question.stem), writer.element("generalfeedback", ""),
             "<defaultgrade>0</defaultgrade>", "<penalty>0</penalty>", "<hidden>0</hidden>", "<idnumber></idnumber>"]
    return '  <question type="description">\n' + "".join(f"    {part}\n" for part in parts) + "  </question>\n"


def _file_element(media: qi.Media) -> str:
    data = base64.b64encode(bytes(media.data)).decode("ascii")
    return f'<file name={quoteattr(media.name)} path="/" encoding="base64">{data}</file>'


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _category(path: str) -> str:
    return ("  <question type=\"category\">\n    <category><text>"
            + xml_escape("$course$/top" + (f"/{path}" if path else "")) + "</text></category>\n  </question>\n")


def _file(entries: list[_Entry]) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    category = ""
    for entry in entries:
        if entry.category != category:
            category = entry.category
            parts.append(_category(category))
        parts.append(entry.xml)
    parts.append("</quiz>\n")
    return "".join(parts).encode("utf-8")


# --- reading it back -------------------------------------------------------------------------------

def _read_back(entries: list[_Entry]) -> dict[_Entry, str]:
    """The entries whose question would not read back the same, with the reason."""
    if not any(entry.question is not None for entry in entries):
        return {}

    def compare(entry: _Entry, back: qi.Question, _result) -> str | None:
        return export.differing_from_each(entry.expected, back, COMPARED)

    return export.read_back_failures(moodlexml.read(_file(entries)), entries, FORMAT, compare,
                                      skip=lambda entry: entry.question is None)

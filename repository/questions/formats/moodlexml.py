"""Moodle XML (https://docs.moodle.org/en/Moodle_XML_format) into interchange questions.

A file is `<quiz>` holding `<question type="…">` elements, read here through defusedxml
(entity declarations and external references refuse the whole file):

    category      sets the category of the questions after it ("$course$/top/Toán 6/Chương 1"
                  is kept as "Toán 6/Chương 1"); not a question, takes no number
    multichoice   <single>true</single> one right answer, false: several; fraction="100"
                  (a percentage, -100…100) and <feedback> on each <answer>
    truefalse     answers "true" and "false", the right one with fraction="100"
    shortanswer   the accepted texts with their fractions; <usecase>1</usecase>: case-sensitive
    numerical     answers with <tolerance>, several with their fractions
    match         <subquestion> text and its <answer>; an answer without text: a distractor
    essay         graded by hand; <graderinfo> (Moodle's information for graders) is the rubric
    multianswer   cloze: {1:MULTICHOICE:=a#right~b#wrong} and {1:SHORTANSWER:=a~%50%b} in the
                  text become the blanks "[[1]]", "[[2]]"… of one question
    description   listed as skipped (a text, not a question)

Any other type (calculated, random, ddwtos, a plugin's) is listed as skipped with its type
named. The text format of <questiontext> is kept ("html" when unmarked, as Moodle reads
it) and HTML stays as the file has it (CDATA or escaped). `name` is the title,
<generalfeedback> the general feedback, <tags> the tags. Each question's line is where its
<question> starts. A question typed in a legacy Vietnamese font (TCVN3, VNI) is converted
to Unicode.

Embedded files (`<file name="…" path="/" encoding="base64">` beside a <text>, named in its
html as `@@PLUGINFILE@@/name`; Moodle 1.9's <image> and <image_base64>) shown by an <img>
become the question's media (see formats/images.py: bounded, type by content, the img's
alt kept), the src rewritten to "media:NAME"; `data:` images too. A file the text names
but the question does not hold, one too big or no image, an image elsewhere on the web, a
file linked otherwise than as an image (a document, a sound), or images in a text that is
not html refuse the question.

What the neutral form cannot hold refuses the question, with the reason, rather than
changing it: numbers with units, wildcard ("*") accepted texts, an essay's response
template, cloze blanks that take a number or several answers or check case, blanks of
unequal marks. A wrong answer "*" worth 0 only carries the feedback for any other answer:
it is left out of numerical and short-answer questions and blanks. Moodle's combined
feedback (correct, partially correct, incorrect), hints and the essay's response settings
are not kept.

Reading never raises on what the file holds: each question is taken, refused
(interchange.Problem with its number and line) or skipped; a file that is no well-formed
XML is one Problem(0, line) naming the line of the error.
"""

from __future__ import annotations

import base64
import binascii
import html
import posixpath
import re
import unicodedata
from urllib.parse import quote, unquote
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from lms.core import legacy_vietnamese
from repository.questions import interchange as qi
from repository.questions.formats import images, refusal
from repository.questions.formats.refusal import Refused

_FORMATS = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain", "markdown": "markdown"}
_SEPARATOR = "\x1f"  # XML text cannot hold it: joins a question's texts for one conversion
_CONTEXT = re.compile(r"^\$[a-z0-9]+\$/?")  # "$course$/", "$system$/"… before a category path
_PLUGINFILE = "@@PLUGINFILE@@"  # where an html text names one of its embedded files
# The texts of a question the bank keeps (paths from <question>); each one's embedded files
# are the <file> elements beside its <text>.
_KEPT_TEXTS = ("questiontext", "generalfeedback", "graderinfo", "answer", "answer/feedback", "subquestion",
               "subquestion/answer")

# Cloze (multianswer) blank types, https://docs.moodle.org/en/Embedded_Answers_(Cloze)_question_type
_CHOICE = {"MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S", "MCS",
           "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS"}
_TYPED = {"SHORTANSWER", "SA", "MW"}
_TYPED_CASE = {"SHORTANSWER_C", "SAC", "MWC"}
_NUMBER = {"NUMERICAL", "NM"}
_SEVERAL = {"MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S", "MRS", "MULTIRESPONSE_HS",
            "MRHS"}
_BLANK = re.compile(r"\{(\d*):([A-Za-z_]+):")
_CLOZE_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d*)?)%")
_CLOZE_ESCAPED = {"}": "}", "#": "#", "~": "~", "/": "/", '"': '"', "\\": "\\"}


class _Builder(TreeBuilder):
    """A tree builder noting the source line each <question> element starts on."""

    def __init__(self):
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        if tag == "question" and self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def read(data: bytes | str) -> qi.ParseResult:
    """The questions of a Moodle XML file (bytes as uploaded: the XML declaration names the
    encoding; or str)."""
    result = qi.ParseResult()
    builder = _Builder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        result.problems.append(qi.Problem(0, 0, _(
            "the file declares XML entities or external references, which are refused for safety.")))
        return result
    except (LookupError, UnicodeError):  # an encoding Python does not have, or bytes not in it
        result.problems.append(qi.Problem(0, 0, _("the file declares an encoding that cannot be read.")))
        return result
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 0
        result.problems.append(qi.Problem(0, line, _("the file is not well-formed XML: the error is on line "
                                                    "%(line)s.") % {"line": line}))
        return result
    if root.tag != "quiz":
        result.problems.append(qi.Problem(0, 0, _("the file is not a Moodle XML question file (it holds no "
                                                  "<quiz>).")))
        return result

    category, number = "", 0
    for element in root.iter("question"):
        line = builder.lines.get(id(element), 0)
        kind = (element.get("type") or "").strip()
        legacy = _convert(element)
        if kind == "category":
            category = _category(_text(element.find("category")))
            continue
        number += 1
        if not kind:
            result.problems.append(qi.Problem(number, line, _("a question without a type.")))
            continue
        if kind == "description":
            result.skipped.append(qi.Problem(number, line, _("a text without answers (a description), not a "
                                                             "question")))
            continue
        if kind not in _READERS:
            result.skipped.append(qi.Problem(number, line, _(
                "a question of the type “%(type)s”, which the bank does not have.") % {"type": kind}))
            continue
        try:
            question = _question(element, kind, number, line)
        except Refused as refused:
            result.problems.append(qi.Problem(number, line, str(refused)))
            continue
        question.category, question.converted_from = category, legacy
        result.questions.append(question)
    return result


# Text ------------------------------------------------------------------------------------


def _inner(text_element: Element) -> str:
    """A <text>'s content: its text, or the markup written in it unescaped (XHTML)."""
    parts = [text_element.text or ""]
    for child in text_element:
        parts.append(tostring(child, encoding="unicode"))  # with its tail
    return "".join(parts)


def _text(node: Element | None) -> str:
    """The trimmed <text> of a node ("" when it has none)."""
    if node is None:
        return ""
    text = node.find("text")
    return _inner(text).strip() if text is not None else ""


def _convert(question: Element) -> str:
    """Every <text> of the question in Unicode NFC, legacy fonts (TCVN3, VNI) converted, all
    its texts judged together; the legacy encoding found, or ""."""
    texts = list(question.iter("text"))
    for text in texts:
        if len(text):
            text.text = _inner(text)
            for child in list(text):
                text.remove(child)
    joined, legacy = legacy_vietnamese.to_unicode(_SEPARATOR.join(text.text or "" for text in texts))
    converted = joined.split(_SEPARATOR)
    if len(converted) == len(texts):
        for text, value in zip(texts, converted):
            text.text = unicodedata.normalize("NFC", value)
    return legacy or ""


def _category(path: str) -> str:
    """"$course$/top/Toán 6/Chương 1" → "Toán 6/Chương 1"."""
    path = _CONTEXT.sub("", path.strip())
    if path == "top" or path.startswith("top/"):
        path = path[4:]
    return path.strip("/").strip()


def _files(node: Element) -> dict[str, str]:
    """The files embedded beside a node's <text>: "folder/name" (as @@PLUGINFILE@@/ names
    them, unquoted) → base64 text."""
    found = {}
    for file in node.findall("file"):
        folder = (file.get("path") or "/").strip().strip("/")
        name = (file.get("name") or "").strip()
        found.setdefault(unicodedata.normalize("NFC", f"{folder}/{name}" if folder else name), file.text or "")
    return found


def _embedded(element: Element) -> images.Images:
    """The images the question's kept texts show, each <img> of them pointed at its media
    ("media:NAME"); Refused for a file that is missing, too big, no image, or linked
    otherwise than as an image (a document, a sound)."""
    owners = [(node, _files(node)) for path in _KEPT_TEXTS for node in element.findall(path)]
    every: dict[str, str] = {}
    for _node, files in owners:
        for key, data in files.items():
            every.setdefault(key, data)
    old_name, old_data = (element.findtext("image") or "").strip(), (element.findtext("image_base64") or "").strip()
    if old_name or old_data:  # Moodle 1.9: one image shown after the question's text
        if not old_data:
            raise Refused(_("the image “%(name)s” is not in the file.") % {"name": old_name[:80]})
        key = unicodedata.normalize("NFC", posixpath.basename(old_name) or "image")
        every.setdefault(key, old_data)
        text = element.find("questiontext/text")
        if text is not None:
            text.text = (text.text or "") + f' <img src="{_PLUGINFILE}/{quote(key)}" alt="">'
    found = images.Images()

    def resolve(files: dict[str, str], src: str, alt: str) -> str | None:
        if not src.strip():
            return None
        if src.startswith(_PLUGINFILE):
            key = unicodedata.normalize("NFC", unquote(src[len(_PLUGINFILE):].split("?", 1)[0]).strip("/"))
            encoded = files.get(key, every.get(key))
            if encoded is None:
                raise Refused(_("the image “%(name)s” is not in the file.") % {"name": key[:80]})
            if images.decoded_size(encoded) > images.MAX_BYTES + 3:
                raise images.too_big(key)
            try:
                data = base64.b64decode("".join(encoded.split()), validate=True)
            except (binascii.Error, ValueError):
                raise Refused(_("the embedded file “%(name)s” cannot be read.") % {"name": key[:80]}) from None
            return found.add(key, data, alt)
        if src.strip().lower().startswith("data:"):
            return found.add_data_address(src, alt)
        raise Refused(_("the image “%(src)s” is outside the file: the bank keeps only the images a file holds.")
                      % {"src": src[:80]})

    for node, files in owners:
        text = node.find("text")
        if text is None or not text.text:
            continue
        text.text = images.point_images(text.text, lambda src, alt, files=files: resolve(files, src, alt))
        linked = re.search(re.escape(_PLUGINFILE) + r"/?([^\s\"'<>?]*)", text.text)
        if linked:
            raise Refused(_("the text links the file “%(name)s” other than as an image, which the bank cannot keep "
                            "yet.") % {"name": unquote(linked.group(1))[:80]})
    return found


def _kept_texts(question: qi.Question) -> list[str]:
    """Every text of the question that may show an image."""
    texts = [question.stem, question.general_feedback, question.rubric, question.model_answer,
             *question.distractors, *(text for pair in question.pairs for text in pair)]
    for option in [*question.options, *(option for blank in question.blanks for option in blank)]:
        texts += [option.text, option.feedback]
    return texts


def _fraction(answer: Element) -> float:
    raw = (answer.get("fraction") or "0").strip()
    try:
        fraction = float(raw.replace(",", ".")) / 100
    except ValueError:
        raise Refused(_("a fraction is not a number: “%(text)s”.") % {"text": raw[:40]}) from None
    if not -1 <= fraction <= 1:
        raise Refused(_("a fraction must be between -100 and 100: “%(text)s”.") % {"text": raw[:40]})
    return fraction


def _wildcard(text: str) -> bool:
    """Whether a short answer holds Moodle's unescaped "*" (any characters)."""
    return re.search(r"(?<!\\)\*", text) is not None


def _any_text(text: str) -> Refused:
    return Refused(_("an accepted answer uses “*” (any text): “%(text)s”, which the bank cannot keep yet.")
                   % {"text": text[:40]})


def _needs_right(fractions) -> None:
    if not any(fraction > 0 for fraction in fractions):
        raise Refused(_("no answer is marked right (a fraction above 0)."))


# Questions -------------------------------------------------------------------------------


def _question(element: Element, kind: str, number: int, line: int) -> qi.Question:
    text = element.find("questiontext")
    text_format = _FORMATS.get((text.get("format") or "html").strip() if text is not None else "html", "html")
    found = _embedded(element)
    if found.media and text_format != qi.HTML:
        raise Refused(_("the question shows images but its text is not written as HTML (its format is “%(format)s”).")
                      % {"format": text_format})
    question = qi.Question(kind=qi.ESSAY, stem=_text(text), number=number, line=line,
                           title=_text(element.find("name")), general_feedback=_text(element.find("generalfeedback")),
                           text_format=text_format)
    if not question.stem:
        raise Refused(_("the question has no text."))
    question.tags = list(dict.fromkeys(tag for tag in (_text(node) for node in element.findall("tags/tag")) if tag))
    _READERS[kind](question, element)
    question.media = found.referenced_only(_kept_texts(question))
    return question


def _multichoice(question: qi.Question, element: Element) -> None:
    single = (element.findtext("single") or "true").strip().lower() not in ("false", "0", "")
    options = []
    for answer in element.findall("answer"):
        text = _text(answer)
        if not text:
            raise Refused(_("an answer is empty."))
        options.append(qi.Option(text=text, fraction=_fraction(answer), feedback=_text(answer.find("feedback"))))
    if len(options) < 2:
        raise Refused(_("a choice question needs at least two answers."))
    if single:
        if not any(option.fraction == 1 for option in options):
            raise Refused(_("a single-choice question needs an answer worth the full mark (fraction 100)."))
    else:
        _needs_right(option.fraction for option in options)
    question.kind, question.options = (qi.SINGLE if single else qi.MULTIPLE), options


def _truefalse(question: qi.Question, element: Element) -> None:
    right = []
    for position, answer in enumerate(element.findall("answer")):
        word = _text(answer).lower()
        if word not in ("true", "false"):  # old files wrote them translated, true first (as Moodle reads them)
            word = "true" if position == 0 else "false"
        if _fraction(answer) == 1:
            right.append(word)
    if len(right) != 1:
        raise Refused(_("a true/false question needs exactly one right answer (“true” or “false”)."))
    question.kind, question.truth = qi.TRUE_FALSE, right[0] == "true"


def _shortanswer(question: qi.Question, element: Element) -> None:
    question.case_sensitive = (element.findtext("usecase") or "0").strip() not in ("0", "")
    options = []
    for answer in element.findall("answer"):
        text, fraction = _text(answer), _fraction(answer)
        if not text:
            raise Refused(_("an answer is empty."))
        if _wildcard(text):
            if fraction > 0:
                raise _any_text(text)
            continue  # a wrong "*": only the feedback for any other answer
        options.append(qi.Option(text=text.replace("\\*", "*"), fraction=fraction,
                                 feedback=_text(answer.find("feedback"))))
    _needs_right(option.fraction for option in options)
    question.kind, question.options = qi.SHORT_TEXT, options


def _numerical(question: qi.Question, element: Element) -> None:
    if (element.findtext("showunits") or "").strip() != "3":  # 3: units are not used
        units = [(unit.findtext("unit_name") or "").strip() for unit in element.iter("unit")]
        if any(units):
            raise Refused(_("the answer takes units (%(units)s), which the bank cannot keep yet.")
                          % {"units": ", ".join(unit for unit in units if unit)})
    found = []
    for answer in element.findall("answer"):
        text = _text(answer) if answer.find("text") is not None else (answer.text or "").strip()
        fraction = _fraction(answer)
        if text == "*":
            if fraction > 0:
                raise _any_text(text)
            continue  # a wrong "*": only the feedback for any other answer
        tolerance = answer.findtext("tolerance") or "0"
        found.append(qi.NumericAnswer(refusal.number(text), abs(refusal.number(tolerance)), fraction,
                                      _text(answer.find("feedback"))))
    _needs_right(answer.fraction for answer in found)
    question.kind, question.numeric = qi.NUMERIC, found


def _match(question: qi.Question, element: Element) -> None:
    pairs = []
    for sub in element.findall("subquestion"):
        prompt, match = _text(sub), _text(sub.find("answer"))
        if not prompt and not match:
            continue
        if not prompt:  # an answer that matches no prompt
            question.distractors.append(match)
            continue
        if not match:
            raise Refused(_("“%(text)s” has no match.") % {"text": prompt[:40]})
        pairs.append((prompt, match))
    if len(pairs) < 2:
        raise Refused(_("a matching question needs at least two pairs of a question and its match."))
    question.kind, question.pairs = qi.MATCHING, pairs


def _essay(question: qi.Question, element: Element) -> None:
    template = _text(element.find("responsetemplate"))
    if template:
        raise Refused(_("the essay gives the student a text to start from (a response template), which the bank "
                        "cannot keep yet."))
    # Moodle's essay has no model answer: its information for graders is how to grade.
    question.kind, question.rubric = qi.ESSAY, _text(element.find("graderinfo"))


def _multianswer(question: qi.Question, element: Element) -> None:
    stem, blanks, marks = _cloze(question.stem)
    if not blanks:
        raise Refused(_("a cloze question holds no blanks such as {1:SHORTANSWER:=answer}."))
    if len(set(marks)) > 1:
        raise Refused(_("the blanks are worth different marks (%(marks)s), which the bank cannot keep yet.")
                      % {"marks": ", ".join(marks)})
    question.kind, question.stem, question.blanks = qi.CLOZE, stem, blanks


_READERS = {"multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer,
            "numerical": _numerical, "match": _match, "essay": _essay, "multianswer": _multianswer}


# Cloze -----------------------------------------------------------------------------------


def _cloze(text: str) -> tuple[str, list[list[qi.Option]], list[str]]:
    """(the text with "[[1]]", "[[2]]"… for its blanks, each blank's options, each blank's mark)."""
    out, blanks, marks, at = [], [], [], 0
    for start in _BLANK.finditer(text):
        if start.start() < at:  # inside a blank already read
            continue
        n = len(blanks) + 1
        end = _unescaped(text, "}", start.end())
        if end < 0:
            raise Refused(_("blank %(n)s is not closed with “}”.") % {"n": n})
        blanks.append(_blank(n, start.group(2), text[start.end():end]))
        marks.append(start.group(1) or "1")
        out.append(_outside(text[at:start.start()]) + qi.blank(n))
        at = end + 1
    out.append(_outside(text[at:]))
    return "".join(out), blanks, marks


def _outside(text: str) -> str:
    """Text between blanks, refused if it holds what the bank reads as a blank."""
    mark = re.search(qi.BLANK_PATTERN, text)
    if mark:
        raise Refused(_("the text holds “%(mark)s”, the mark of a blank in the bank: write it otherwise.")
                      % {"mark": mark.group(0)})
    return text


def _unescaped(text: str, char: str, start: int = 0) -> int:
    """The index of the first `char` not escaped by a backslash, from `start`, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            return i
        i += 1
    return -1


def _split_alternatives(body: str) -> list[str]:
    parts, at = [], 0
    while True:
        tilde = _unescaped(body, "~", at)
        if tilde < 0:
            parts.append(body[at:])
            return parts
        parts.append(body[at:tilde])
        at = tilde + 1


def _cloze_text(text: str) -> str:
    text = html.unescape(text)  # the blank is written inside the question's HTML
    return re.sub(r"\\(.)", lambda m: _CLOZE_ESCAPED.get(m.group(1), m.group(0)), text).strip()


def _alternative(raw: str) -> tuple[float, str, str, bool]:
    """(fraction, text, feedback, is a wildcard) of one "=text#feedback" or "%50%text"."""
    fraction = 0.0
    if raw.startswith("="):
        fraction, raw = 1.0, raw[1:]
    else:
        weight = _CLOZE_WEIGHT.match(raw)
        if weight:
            fraction, raw = float(weight.group(1).replace(",", ".")) / 100, raw[weight.end():]
    feedback = ""
    # "#" starts the feedback unless escaped or part of an entity (&#39; &amp;#39;)
    for i, char in enumerate(raw):
        if char == "#" and not raw[:i].endswith(("\\", "&", "&amp;")):
            raw, feedback = raw[:i], raw[i + 1:]
            break
    return fraction, _cloze_text(raw), _cloze_text(feedback), _wildcard(raw.strip())


def _blank(n: int, kind: str, body: str) -> list[qi.Option]:
    if kind in _TYPED_CASE:
        raise Refused(_("blank %(n)s checks upper and lower case (%(type)s), which the bank cannot keep yet.")
                      % {"n": n, "type": kind})
    if kind in _NUMBER:
        raise Refused(_("blank %(n)s takes a number (%(type)s), which the bank cannot keep inside a text yet.")
                      % {"n": n, "type": kind})
    if kind in _SEVERAL:
        raise Refused(_("blank %(n)s takes several answers (%(type)s), which the bank cannot keep inside a "
                        "text yet.") % {"n": n, "type": kind})
    if kind not in _CHOICE | _TYPED:
        raise Refused(_("blank %(n)s has a type the bank does not know: “%(type)s”.") % {"n": n, "type": kind})
    options = []
    for raw in _split_alternatives(body):
        fraction, text, feedback, wildcard = _alternative(raw)
        if not -1 <= fraction <= 1:
            raise Refused(_("a fraction must be between -100 and 100: “%(text)s”.") % {"text": raw.strip()[:40]})
        if not text:
            raise Refused(_("an answer is empty."))
        if kind in _TYPED:
            if wildcard:
                if fraction > 0:
                    raise _any_text(text)
                continue  # a wrong "*": only the feedback for any other answer
            if fraction <= 0:
                raise Refused(_("blank %(n)s lists wrong typed answers (“%(text)s”), which the bank cannot "
                                "keep yet.") % {"n": n, "text": text[:40]})
            text = text.replace("\\*", "*")
        options.append(qi.Option(text=text, fraction=fraction, feedback=feedback))
    if not any(option.fraction == 1 for option in options):
        raise Refused(_("blank %(n)s has no answer worth the full mark.") % {"n": n})
    if kind in _CHOICE and all(option.fraction > 0 for option in options):
        raise Refused(_("blank %(n)s is a choice but has no wrong answer.") % {"n": n})
    return options

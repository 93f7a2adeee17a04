"""The teacher's form of one question (repository/questions/editor_views.py): one form for
every kind, in plain fields — options one per line with "*" before the correct ones,
pairs as "A → B", a line of accepted answers per blank — read into the neutral form
(interchange.Question) and stored as interchange.to_content gives it.

An option of a choice question may carry the feedback a student who chose it reads after
grading, after "//" on its line. Images are uploaded one at a time with their description
(question_images.py), shown after the stem as `<img src="media:NAME" alt="…">` (a plain
question becomes html), described again or removed from the list under the stem.

Editing keeps what the lines do not show: a statement or answer written the same as before
keeps its feedback, an option its share of the points when the key is the same (a still
right or still wrong answer too); a question in html stays html (its images kept)."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from repository.models.curriculum import Grade
from repository.models.questions import QUESTION_KIND_CHOICES, Difficulty, QuestionMedia, QuestionSettings
from repository.questions import interchange as qi
from repository.questions import levels
from repository.questions import question_images as images
from repository.questions.editing import Metadata

STATEMENT_LETTERS = "abcdefghij"
MIN_STATEMENTS = 4  # a–d, as the 2025 exam writes them
PAIR_ARROWS = ("→", "->", "=>")
MAX_POINTS = Decimal("999.99")
MARKS = "*#"  # before an option: "*" correct, "#" kept in its place
WRONG = "~"  # before an answer: a wrong one (short answer), a wrong choice (a blank)
FEEDBACK = re.compile(r"(?<!\\)//")  # after an option: its feedback ("\\//" for "//" in the text)
TRUTH_CHOICES = [("true", pgettext_lazy("true/false question", "True")),
                 ("false", pgettext_lazy("true/false question", "False"))]

# Which fields each kind reads (the page shows only these once a kind is chosen).
KIND_FIELDS = {
    qi.SINGLE: ("options",), qi.MULTIPLE: ("options",), qi.TRUE_FALSE: ("truth",),
    qi.TRUE_FALSE_GROUP: ("statements",), qi.SHORT_TEXT: ("answers", "case_sensitive"),
    qi.NUMERIC: ("numeric_value", "numeric_tolerance"), qi.MATCHING: ("pairs", "distractors"),
    qi.CLOZE: ("blanks", "case_sensitive"), qi.ESSAY: ("model_answer", "rubric"),
}


def _area(rows=4):
    return forms.Textarea(attrs={"rows": rows})


def parse_number(text: str) -> float | None:
    """"3,14", "3.14", "-2", "1e-3": the number, or None. Spaces are ignored; a comma is
    the decimal mark (as Vietnamese writes it), a point too."""
    text = "".join((text or "").split()).replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def number_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _escaped(text: str) -> str:
    """An option whose own text starts with a mark is written after "\\"."""
    return "\\" + text if text and text[0] in MARKS + WRONG else text


def _unescaped(text: str) -> str:
    return text[1:] if text[:2] in {"\\" + m for m in MARKS + WRONG} else text


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


class QuestionForm(forms.Form):
    """`bank`: the question's bank (its district's cognitive levels, its grades);
    `previous`: the content being edited (None for a new question)."""

    kind = forms.ChoiceField(label=_("Question type"), choices=[("", "---------"), *QUESTION_KIND_CHOICES],
                             error_messages={"required": _("Choose the question type."),
                                             "invalid_choice": _("Choose the question type.")})
    stem = forms.CharField(label=_("Question"), widget=_area(5), strip=False,
                           error_messages={"required": _("Write the question.")}, help_text=_(
        "What the student reads. Formulas in LaTeX between \\( and \\), e.g. \\(\\frac{1}{2}\\). "
        "For “Fill in the blanks”, write [[1]], [[2]]… where the blanks are."))
    options = forms.CharField(label=_("Options"), widget=_area(5), required=False, help_text=_(
        "One option per line. Start the correct option with “*” (for “Multiple answers”, every correct one). "
        "Start an option that stays in its place when options are shuffled (“Cả A và B đều đúng”) with “#”. "
        "Do not write the letters A., B.: they are added. After an option, “//” and what a student who chose it "
        "reads once the answers are graded, e.g. 4 // Em đã trừ thay vì cộng."))
    new_image = forms.FileField(label=_("Add an image"), required=False, widget=forms.FileInput(
        attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}), help_text=_(
        "PNG, JPEG, GIF or WebP, at most 5 MB; one at a time. It is shown after the question's text when the "
        "question is saved."))
    new_image_alt = forms.CharField(label=_("Description of the new image"), max_length=images.MAX_ALT_CHARS,
                                    required=False, help_text=_(
        "What the image shows, read aloud to students who cannot see it, e.g. “Tam giác ABC vuông tại A”."))
    kept_image = forms.CharField(required=False, widget=forms.HiddenInput)
    kept_image_drop = forms.BooleanField(label=_("Do not add this image"), required=False)
    truth = forms.ChoiceField(label=_("The statement is"), choices=TRUTH_CHOICES, required=False,
                              widget=forms.RadioSelect)
    answers = forms.CharField(label=_("Accepted answers"), widget=_area(3), required=False, help_text=_(
        "One accepted answer per line. A line starting with “~” is a wrong answer (worth nothing) whose "
        "feedback you want to keep."))
    case_sensitive = forms.BooleanField(label=_("Upper and lower case must match (“Hà Nội” is not “hà nội”)"),
                                        required=False)
    numeric_value = forms.CharField(label=_("Correct number"), required=False, max_length=40,
                                    help_text=_("A decimal comma or point: 3,14 or 3.14."))
    numeric_tolerance = forms.CharField(label=_("Tolerance (±)"), required=False, max_length=40,
                                        help_text=_("How far from the number an answer may be and still be right; "
                                                    "empty: exactly the number."))
    pairs = forms.CharField(label=_("Pairs"), widget=_area(5), required=False, help_text=_(
        "One pair per line: the prompt, “→” (or “->”), then its match. Example: Thủ đô của Việt Nam → Hà Nội"))
    distractors = forms.CharField(label=_("Answers that match nothing"), widget=_area(2), required=False,
                                  help_text=_("One per line; optional."))
    blanks = forms.CharField(label=_("Answers of the blanks"), widget=_area(4), required=False, help_text=_(
        "One line per blank, in order: the accepted answers separated by “/” (write \\/ for a slash inside an "
        "answer, as in 1\\/2). A choice starting with “~” is wrong: the blank then becomes a list to choose from."))
    model_answer = forms.CharField(label=_("Model answer"), widget=_area(4), required=False, strip=False)
    rubric = forms.CharField(label=_("Grading guide"), widget=_area(4), required=False, strip=False,
                             help_text=_("How points are given, e.g. “Đúng công thức: 0,5 điểm”."))
    general_feedback = forms.CharField(label=_("Explanation"), widget=_area(3), required=False, strip=False,
                                       help_text=_("Shown to students after they answer (lời giải); optional."))
    grade = forms.ModelChoiceField(label=_("Grade"), queryset=Grade.objects.none(),
                                   error_messages={"required": _("Choose the grade of this question."),
                                                   "invalid_choice": _("Choose the grade of this question.")})
    topic = forms.CharField(label=_("Topic or lesson"), max_length=255, required=False)
    cognitive_level = forms.ChoiceField(label=_("Cognitive level"), required=False,
                                        help_text=_("Exams are drawn by topic and cognitive level."))
    difficulty = forms.ChoiceField(label=_("Difficulty"), required=False,
                                   choices=[("", "---------"), *Difficulty.choices])
    points = forms.CharField(label=_("Points"), max_length=20, initial="1",
                             error_messages={"required": _("Write the points as a number greater than 0, e.g. 1 or 0,25.")},
                             help_text=_("E.g. 1 or 0,25 (at most two decimal places)."))
    source = forms.CharField(label=_("Source"), max_length=255, required=False,
                             help_text=_("Where it comes from, e.g. “Đề thi thử THPT 2025”; optional."))
    tags = forms.CharField(label=_("Tags"), max_length=1000, required=False,
                           help_text=_("Separated by commas; optional."))

    def __init__(self, data=None, *, bank, previous: dict | None = None, initial=None, images_of=(), user=None):
        super().__init__(data, initial=initial)
        self.bank = bank
        self.previous = previous or {}
        self.user = user
        self.images = list(images_of)  # the edited version's QuestionMedia
        self.question_media = None  # once valid: the question's images, as saved
        for i, image in enumerate(self.images):
            self.fields[f"image_{i}_alt"] = forms.CharField(
                label=_("Description of “%(name)s”") % {"name": image.name}, max_length=images.MAX_ALT_CHARS,
                required=False, initial=image.alt)
            self.fields[f"image_{i}_remove"] = forms.BooleanField(label=_("Remove this image"), required=False)
        self.text_format = qi.HTML if self.previous.get("text_format") == qi.HTML else qi.PLAIN
        if self.text_format == qi.HTML:
            self.fields["stem"].help_text = _(
                "This question is written in HTML (it came from a file, with its images and tables): keep the tags "
                "as they are. Formulas in LaTeX between \\( and \\).")
        level_set = QuestionSettings.level_set_for(bank.subject_group.school.district_id)
        names = list(levels.LEVEL_SETS[level_set])
        current = (initial or {}).get("cognitive_level") or ""
        if current and current not in names:
            names.append(current)  # a level of the district's former set, kept until changed
        self.fields["cognitive_level"].choices = [("", "---------"), *((n, n) for n in names)]
        if bank.grade_id:
            del self.fields["grade"]
        else:
            self.fields["grade"].queryset = Grade.objects.filter(level=bank.level)
        self.statement_letters = STATEMENT_LETTERS[:self._statement_count(data)]
        for letter in self.statement_letters:
            self.fields[f"statement_{letter}"] = forms.CharField(
                label=_("Statement %(letter)s)") % {"letter": letter}, required=False, widget=_area(2))
            self.fields[f"statement_{letter}_truth"] = forms.ChoiceField(
                label=_("Statement %(letter)s) is") % {"letter": letter}, choices=TRUTH_CHOICES, required=False,
                widget=forms.RadioSelect)

    def _statement_count(self, data) -> int:
        count = max(MIN_STATEMENTS, len(self.previous.get("statements", [])))
        if data is not None:
            while count < len(STATEMENT_LETTERS) and f"statement_{STATEMENT_LETTERS[count]}" in data:
                count += 1
        return min(count, len(STATEMENT_LETTERS))

    def image_rows(self):
        """(image, its address or "", description field, remove field) of each image."""
        from django.urls import reverse

        return [(image, reverse("questions:media", args=[image.pk]) if image.pk else "",
                 self[f"image_{i}_alt"], self[f"image_{i}_remove"]) for i, image in enumerate(self.images)]

    @property
    def kept(self) -> dict | None:
        """The image uploaded with a form that was refused, kept until it is saved."""
        if not self.is_bound or self.user is None:
            return None
        return images.kept(user=self.user, token=self.data.get("kept_image", ""))

    def statement_rows(self):
        """(text field, truth field) of each statement, for the page."""
        return [(self[f"statement_{x}"], self[f"statement_{x}_truth"]) for x in self.statement_letters]

    # --- the form's own cleaning --------------------------------------------------------

    def clean_points(self):
        value = parse_number(self.cleaned_data["points"])
        if value is None or value <= 0:
            raise forms.ValidationError(_("Write the points as a number greater than 0, e.g. 1 or 0,25."))
        points = Decimal(str(value))
        if points > MAX_POINTS:
            raise forms.ValidationError(_("At most %(max)s points.") % {"max": "999,99"})
        if points != points.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("At most two decimal places, e.g. 0,25."))
        return points.quantize(Decimal("0.01"))

    def clean_tags(self):
        tags = []
        for tag in self.cleaned_data["tags"].split(","):
            tag = " ".join(tag.split())
            if len(tag) > 100:
                raise forms.ValidationError(_("A tag is at most 100 characters: “%(tag)s…”.") % {"tag": tag[:30]})
            if tag and tag.casefold() not in {t.casefold() for t in tags}:
                tags.append(tag)
        return tags

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        stem = (data.get("stem") or "").strip()
        if "stem" in data and not stem:
            self.add_error("stem", _("Write the question."))
        if not kind or not stem:
            return data
        self._kind = kind
        question = qi.Question(kind=kind, stem=stem, number=1, line=1, text_format=self.text_format)
        for name in ("general_feedback", "model_answer", "rubric"):
            setattr(question, name, (data.get(name) or "").strip())
        reader = getattr(self, f"_read_{kind}")
        reader(question, data)
        if not self.errors:
            self._read_images(question, data)
        if not self.errors:
            self.content = qi.to_content(question)
            self.metadata = Metadata(
                topic=" ".join(data.get("topic", "").split()), cognitive_level=data.get("cognitive_level", ""),
                difficulty=data.get("difficulty", ""), points=data.get("points"), source=data.get("source", "").strip(),
                tags=data.get("tags", []), grade=data.get("grade"))
        return data

    def _read_images(self, question, data):
        """The images kept (described anew), removed, and the one uploaded, into the
        question's texts and `self.question_media`."""
        media = []
        for i, image in enumerate(self.images):
            if data.get(f"image_{i}_remove"):
                images.remove(question, image.name)
                continue
            if f"image_{i}_alt" in self.data:  # (a page without the field keeps the description)
                alt = " ".join((data.get(f"image_{i}_alt") or "").split())
                if not alt:
                    self.add_error(f"image_{i}_alt", _("Describe the image for students who cannot see it."))
                elif alt != image.alt:
                    image.alt = alt
                    images.describe(question, image.name, alt)
            media.append(image)
        kept = self.kept if data.get("kept_image") and not data.get("kept_image_drop") else None
        if data.get("kept_image") and not data.get("kept_image_drop") and kept is None:
            self.add_error("new_image", _("The image chosen before can no longer be added: choose it again."))
        if kept is not None:
            alt = " ".join((data.get("new_image_alt") or "").split())
            if not alt:
                self.add_error("new_image_alt", _("Describe the image for students who cannot see it."))
                return
            name = images.media_name(kept["filename"], kept["mime"], {image.name for image in self.images})
            images.make_html(question)
            images.add_to_stem(question, name, alt)
            media.append(QuestionMedia(name=name, file=kept["path"], mime=kept["mime"], alt=alt))
        before = images.named_images(qi.from_content(self.previous)) if self.previous.get("kind") else set()
        unknown = sorted(images.named_images(question) - {image.name for image in media} - before)
        if unknown:
            self.add_error("stem", _("The text shows an image the question does not have: “%(name)s”. Add the "
                                     "image below, or take its <img> out of the text.") % {"name": unknown[0]})
        self.question_media = media

    # --- each kind's fields, read into the neutral question -----------------------------

    def _old(self, key: str) -> list:
        """What the edited question held under `key`, when it was of the same kind."""
        same = self.previous.get("kind") == self._kind or {self.previous.get("kind"), self._kind} == {qi.SINGLE,
                                                                                                    qi.MULTIPLE}
        return [dict(item) if isinstance(item, dict) else list(item) for item in self.previous.get(key) or []] \
            if same else []

    def _lines(self, name: str) -> list[tuple[int, str]]:
        return [(n, line.strip()) for n, line in enumerate((self.cleaned_data.get(name) or "").splitlines(), 1)
                if line.strip()]

    def _read_options(self, question, data, multiple: bool):
        options = []
        for n, line in self._lines("options"):
            line, *after = FEEDBACK.split(line, 1)
            feedback = after[0].strip().replace("\\//", "//") if after else ""
            line = line.rstrip().replace("\\//", "//")
            correct = fixed = False
            while line and line[0] in MARKS:
                correct, fixed = correct or line[0] == "*", fixed or line[0] == "#"
                line = line[1:].lstrip()
            line = _unescaped(line)
            if not line:
                return self.add_error("options", _("Line %(line)d has a mark but no option after it.") % {"line": n})
            options.append(qi.Option(text=line, fraction=1.0 if correct else 0.0, fixed=fixed, feedback=feedback))
        if len(options) < 2:
            return self.add_error("options", _("Write at least two options, one per line."))
        right = [o for o in options if o.correct]
        if not right:
            return self.add_error("options", _("Mark the correct option: write “*” at the start of its line."))
        if not multiple and len(right) > 1:
            return self.add_error("options", _(
                "A single-choice question has one correct option: only one line may start with “*”. "
                "Choose “Multiple answers” for several."))
        old = self._old("options")
        same_key = sorted(o.text for o in right) == sorted(o["text"] for o in old if o["fraction"] > 0)
        for option in options:
            if multiple:
                option.fraction = 1.0 / len(right) if option.correct else 0.0
            before = _take(old, option.text)
            if before is not None and same_key:  # the same key: each option's share as it was (partial, negative)
                option.fraction = before["fraction"]
        question.options = options

    def _read_single(self, question, data):
        self._read_options(question, data, multiple=False)

    def _read_multiple(self, question, data):
        self._read_options(question, data, multiple=True)

    def _read_true_false(self, question, data):
        if data.get("truth") not in ("true", "false"):
            return self.add_error("truth", _("Choose True or False."))
        question.truth = data["truth"] == "true"

    def _read_true_false_group(self, question, data):
        old = self._old("statements")
        for i, letter in enumerate(self.statement_letters):
            text = (data.get(f"statement_{letter}") or "").strip()
            truth = data.get(f"statement_{letter}_truth")
            if not text:
                if i < MIN_STATEMENTS:
                    self.add_error(f"statement_{letter}", _("Write statement %(letter)s).") % {"letter": letter})
                elif truth:
                    self.add_error(f"statement_{letter}", _("Write statement %(letter)s) or leave it without "
                                                             "True or False.") % {"letter": letter})
                continue
            if truth not in ("true", "false"):
                self.add_error(f"statement_{letter}_truth",
                               _("Choose True or False for statement %(letter)s).") % {"letter": letter})
                continue
            before = _take(old, text)
            question.statements.append(qi.Statement(text=text, truth=truth == "true",
                                                    feedback=before.get("feedback", "") if before else ""))

    def _read_short_text(self, question, data):
        old = self._old("options")
        for _n, line in self._lines("answers"):
            wrong = line.startswith(WRONG)
            text = _unescaped(line[1:].strip() if wrong else line)
            before = _take(old, text)
            option = qi.Option(text=text, fraction=0.0 if wrong else 1.0)
            if before is not None:
                option.feedback = before.get("feedback", "")
                if (before["fraction"] > 0) != wrong:
                    option.fraction = before["fraction"]
            question.options.append(option)
        if not any(o.correct for o in question.options):
            return self.add_error("answers", _("Write at least one accepted answer."))
        question.case_sensitive = bool(data.get("case_sensitive"))

    def _read_numeric(self, question, data):
        value = parse_number(data.get("numeric_value", ""))
        if value is None:
            self.add_error("numeric_value", _("Write the correct number, e.g. 3,14."))
        tolerance_text = (data.get("numeric_tolerance") or "").strip()
        tolerance = parse_number(tolerance_text) if tolerance_text else 0.0
        if tolerance is None or tolerance < 0:
            self.add_error("numeric_tolerance", _("Write the tolerance as a number, 0 or more, e.g. 0,01."))
        if value is None or tolerance is None or tolerance < 0:
            return
        old = self._old("numeric")
        first = qi.NumericAnswer(value=value, tolerance=tolerance, feedback=old[0].get("feedback", "") if old else "")
        # Further answers (partial credit, from an imported file) stay as they were.
        question.numeric = [first, *(qi.NumericAnswer(**n) for n in old[1:])]

    def _read_matching(self, question, data):
        for n, line in self._lines("pairs"):
            arrow = next((a for a in PAIR_ARROWS if a in line), None)
            prompt, match = (part.strip() for part in line.split(arrow, 1)) if arrow else (line, "")
            if not prompt or not match:
                return self.add_error("pairs", _("Line %(line)d: write the prompt, “→”, then its match.")
                                      % {"line": n})
            question.pairs.append((prompt, match))
        if len(question.pairs) < 2:
            return self.add_error("pairs", _("Write at least two pairs, one per line."))
        question.distractors = [line for _n, line in self._lines("distractors")]

    def _read_cloze(self, question, data):
        numbers = [int(n) for n in re.findall(qi.BLANK_PATTERN, question.stem)]
        if not numbers:
            return self.add_error("stem", _("Write [[1]] where the first blank is, [[2]] for the second…"))
        expected = list(range(1, len(numbers) + 1))
        if sorted(numbers) != expected:
            return self.add_error("stem", _("Number the blanks [[1]], [[2]]… in order, each once (found: "
                                            "%(found)s).") % {"found": ", ".join(f"[[{n}]]" for n in numbers)})
        lines = self._lines("blanks")
        if len(lines) != len(numbers):
            return self.add_error("blanks", _(
                "Write one line of answers for each blank: the question has %(blanks)d blanks, you wrote "
                "%(lines)d lines.") % {"blanks": len(numbers), "lines": len(lines)})
        old = self._old("blanks")
        for i, (n, line) in enumerate(lines):
            before = list(old[i]) if i < len(old) else []
            options = []
            for part in re.split(r"(?<!\\)/", line):
                part = part.strip().replace("\\/", "/")
                wrong = part.startswith(WRONG)
                text = _unescaped(part[1:].strip() if wrong else part)
                if not text:
                    return self.add_error("blanks", _("Line %(line)d: an answer is empty (two “/” together, or "
                                                      "one at an end).") % {"line": n})
                option = qi.Option(text=text, fraction=0.0 if wrong else 1.0)
                kept = _take(before, text)
                if kept is not None:
                    option.feedback = kept.get("feedback", "")
                    if (kept["fraction"] > 0) != wrong:  # still right (its share as it was) or still wrong
                        option.fraction = kept["fraction"]
                options.append(option)
            if not any(o.correct for o in options):
                return self.add_error("blanks", _("Line %(line)d: write at least one right answer (without “~”).")
                                      % {"line": n})
            question.blanks.append(options)
        question.case_sensitive = bool(data.get("case_sensitive"))

    def _read_essay(self, question, data):
        pass


def _take(old: list[dict], text: str) -> dict | None:
    """The first of `old` written as `text`, taken out of the list (each matched once)."""
    for i, item in enumerate(old):
        if item.get("text") == text:
            return old.pop(i)
    return None


def initial_of(question) -> dict:
    """The form's fields of a stored question (its editable version)."""
    content = question.content or {}
    kind = content.get("kind", question.kind)
    initial = {
        "kind": kind, "stem": content.get("stem", ""), "general_feedback": content.get("general_feedback", ""),
        "model_answer": content.get("model_answer", ""), "rubric": content.get("rubric", ""),
        "case_sensitive": bool(content.get("case_sensitive")),
        "topic": question.topic, "cognitive_level": question.cognitive_level, "difficulty": question.difficulty,
        "points": number_text(float(question.points)), "source": question.source,
        "tags": ", ".join(t.name for t in question.keywords.all()), "grade": question.grade_id,
    }
    options = content.get("options", [])
    if kind in (qi.SINGLE, qi.MULTIPLE):
        initial["options"] = "\n".join(
            ("*" if o["fraction"] > 0 else "") + ("#" if o.get("fixed") else "")
            + _escaped(_one_line(o["text"]).replace("//", "\\//"))
            + (" // " + _one_line(o["feedback"]).replace("//", "\\//") if o.get("feedback") else "")
            for o in options)
    elif kind == qi.SHORT_TEXT:
        initial["answers"] = "\n".join(("" if o["fraction"] > 0 else WRONG) + _escaped(_one_line(o["text"]))
                                       for o in options)
    if content.get("truth") is not None:
        initial["truth"] = "true" if content["truth"] else "false"
    for letter, statement in zip(STATEMENT_LETTERS, content.get("statements", [])):
        initial[f"statement_{letter}"] = statement["text"]
        initial[f"statement_{letter}_truth"] = "true" if statement["truth"] else "false"
    numeric = content.get("numeric", [])
    if numeric:
        initial["numeric_value"] = number_text(numeric[0]["value"])
        initial["numeric_tolerance"] = number_text(numeric[0]["tolerance"]) if numeric[0].get("tolerance") else ""
    initial["pairs"] = "\n".join(f"{_one_line(a)} → {_one_line(b)}" for a, b in content.get("pairs", []))
    initial["distractors"] = "\n".join(_one_line(d) for d in content.get("distractors", []))
    initial["blanks"] = "\n".join(
        " / ".join(("" if o["fraction"] > 0 else WRONG) + _escaped(_one_line(o["text"])).replace("/", "\\/")
                   for o in blank)
        for blank in content.get("blanks", []))
    return initial

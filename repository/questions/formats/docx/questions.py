"""Drafts into interchange questions: a choice question, a true/false group, a short
answer or an essay, each checked; a question that cannot be taken is refused with the reason."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from repository.questions import interchange as qi
from repository.questions.formats.refusal import Refused
from repository.questions.formats.docx.drafts import _Draft, _Passage
from repository.questions.formats.docx.inline import Picture, Renderer, Table
from repository.questions.formats.docx.kinds import (
    _MARKS, _PICTURED, _TYPED, AUTO, BIG_IMAGE, BOLD, CHOICE, COLOUR, ESSAY, FIELD, HIGHLIGHT, IMAGE_TYPE, INLINE,
    KEY, LINKED_IMAGE, MISSING_IMAGE, NO_PREVIEW, SHAPE, SHORT, SYMBOL, TABLE, TOO_MANY, TRUE_FALSE_GROUP,
    UNDERLINE,
)
from repository.questions.formats.docx.objects import MAX_IMAGE_BYTES
from repository.questions.formats.docx.words import _NUMBER, _group_answer, _truths


class _Questions:
    """The _Reader's drafts into questions (self.drafts, self.close, self.keyed, self.inlines,
    self.passages_read, self.passage_problems)."""

    def result(self) -> qi.ParseResult:
        self.close()
        self.end_passage()
        result = qi.ParseResult(problems=list(self.passage_problems))
        refused_passages = {}
        for passage in self.passages_read:
            try:
                result.passages[passage.key] = self.shared_passage(passage)
            except Refused as refused:
                refused_passages[passage.key] = str(refused)
        printed = [(d.part, d.printed) for d in self.drafts]
        self.unique = len(set(n for _p, n in printed)) == len(printed)
        for draft in self.drafts:
            try:
                if draft.group in refused_passages:
                    raise Refused(_("the passage the question shares: %(reason)s")
                                  % {"reason": refused_passages[draft.group]})
                result.questions.append(self.question(draft))
            except Refused as refused:
                result.problems.append(qi.Problem(draft.number, draft.line, str(refused)))
        result.problems.sort(key=lambda problem: problem.line)
        return result

    def shared_passage(self, passage: _Passage) -> qi.Passage:
        if passage.holds:
            raise Refused(_holds_message(passage.holds))
        text = "\n".join(passage.lines)
        renderer = Renderer(self.inlines, self.inlines.needs_html([text]))
        return qi.Passage(key=passage.key, text=renderer.text(text),
                          text_format=qi.HTML if renderer.html else qi.PLAIN, media=renderer.media,
                          title=renderer.plain(passage.title))

    def answer(self, value: str) -> str:
        """An answer's text, its formulas as LaTeX; an answer holding a picture or a table is refused."""
        if any(isinstance(item, (Picture, Table)) for item in self.inlines.found(value)):
            raise Refused(_("an answer holds an image or a table: type the answer as text."))
        return Renderer(self.inlines, False).plain(value)

    def question(self, draft: _Draft) -> qi.Question:
        question = self.unrendered(draft)
        texts = [question.stem, question.general_feedback, *(s.text for s in question.statements)]
        if question.kind != qi.SHORT_TEXT:  # accepted answers are what students type: kept as they are
            texts += [option.text for option in question.options]
        renderer = Renderer(self.inlines, self.inlines.needs_html(texts))
        question.stem = renderer.text(question.stem)
        if question.kind != qi.SHORT_TEXT:
            for option in question.options:
                option.text = renderer.text(option.text)
        for statement in question.statements:
            statement.text = renderer.text(statement.text)
        question.general_feedback = renderer.text(question.general_feedback)
        question.media = renderer.media
        question.text_format = qi.HTML if renderer.html else qi.PLAIN
        question.group = draft.group
        return question

    def unrendered(self, draft: _Draft) -> qi.Question:
        """The question, its texts still holding their objects' placeholders."""
        if draft.holds:
            raise Refused(_holds_message(draft.holds))
        draft.answers = [self.answer(value) for value in draft.answers]
        stem = "\n".join(line for line in draft.stem if line)
        if not stem:
            raise Refused(_("the question has no text."))
        question = qi.Question(kind=qi.ESSAY, stem=stem, number=draft.number, line=draft.line,
                               general_feedback="\n".join(draft.feedback), points=draft.points,
                               cognitive_level=draft.level, converted_from=draft.legacy[0] if draft.legacy else "")
        if draft.section == ESSAY:
            return question
        keyed = [self.answer(value) for value in self.keyed(draft)]
        answers = draft.answers + keyed
        if draft.section == TRUE_FALSE_GROUP or (
                draft.section == AUTO and draft.options and answers and all(map(_group_answer, answers))):
            _group(question, draft, keyed)
        elif draft.options or draft.section == CHOICE:
            self.choice(question, draft, keyed)
        elif draft.section == SHORT or draft.answers or keyed:
            _short(question, draft, keyed)
        else:
            raise Refused(_("the question has no options (“A.”, “B.”…) and no answer; put essay questions "
                            "under a “TỰ LUẬN” heading."))
        return question

    def choice(self, question: qi.Question, draft: _Draft, keyed: list[str]) -> None:
        options = draft.options
        if not options:
            raise Refused(_("the question has no options (“A.”, “B.”…)."))
        if len(options) < 2:
            raise Refused(_("a question needs at least two options."))
        for option in options:
            if not option.text:
                raise Refused(_("option “%(letter)s” has no text.") % {"letter": option.letter})
        letters = [option.letter for option in options]
        given: list[tuple[str, str]] = []  # (how, letter)
        for mark in _MARKS:
            marked = set()
            for part in ("letter", "text"):
                has = {o.letter for o in options
                       if (mark in o.letter_marks if part == "letter" else o.text_marked(mark))}
                if len(has) < len(options):  # on every option: layout, not a mark
                    marked |= has
            if len(marked) > 1:
                raise Refused(_("several options are marked (%(how)s) as correct: %(letters)s; a choice "
                                "question here has one correct answer.")
                              % {"how": _how(mark), "letters": ", ".join(sorted(marked))})
            if marked:
                given.append((mark, marked.pop()))
        for how, values in ((INLINE, draft.answers), (KEY, keyed)):
            for value in values:
                letter = re.match(r"^\s*([A-Fa-f])\s*(?:[.)]|\s|$)", value)
                if not letter:
                    raise Refused(_("%(how)s gives “%(value)s”, which is not an option letter.")
                                  % {"how": _how(how), "value": value})
                given.append((how, letter.group(1).upper()))
        if not given:
            raise Refused(_("no correct answer found: underline, bold or colour the correct option, write "
                            "“Đáp án: B” under the question or add an answer table at the end of the file."))
        _agree([(how, letter) for how, letter in given])
        right = given[0][1]
        if right not in letters:
            raise Refused(_("the correct answer “%(letter)s” is not one of the options.") % {"letter": right})
        question.kind = qi.SINGLE
        question.options = [qi.Option(text=o.text, fraction=1.0 if o.letter == right else 0.0) for o in options]


def _how(how: str) -> str:
    return {UNDERLINE: _("underline"), BOLD: _("bold"), COLOUR: _("colour"), HIGHLIGHT: _("highlight"),
            INLINE: _("the “Đáp án:” line"), KEY: _("the answer table")}[how]


def _agree(given: list[tuple[str, str]], same=lambda a, b: a == b) -> None:
    first = given[0][1]
    if any(not same(first, value) for _how_, value in given[1:]):
        raise Refused(_("the correct answer is given in ways that disagree: %(list)s.")
                      % {"list": "; ".join(f"{_how(how)}: {value}" for how, value in given)})


def _holds_message(holds: set[str]) -> str:
    if MISSING_IMAGE in holds:
        return _("an image of the question is missing from the file: insert it again in Word, save the file and "
                 "import it again.")
    if BIG_IMAGE in holds:
        return _("an image of the question is larger than %(size)d MB: make it smaller in Word (Compress "
                 "Pictures), save the file and import it again.") % {"size": MAX_IMAGE_BYTES // (1024 * 1024)}
    if IMAGE_TYPE in holds:
        return _("an image of the question is in a form browsers cannot show: save it as PNG or JPEG in the "
                 "document and import it again.")
    if TOO_MANY in holds:
        return _("the file holds more images and formulas than can be read: split it into smaller files.")
    names = {FIELD: _("a formula made with an EQ field"), TABLE: _("a table after the options"),
             SYMBOL: _("a character of a symbol font (Symbol, Wingdings) that cannot be converted"),
             SHAPE: _("a drawing made of shapes, a text box, a chart or SmartArt"),
             LINKED_IMAGE: _("an image linked to a file outside the document"),
             NO_PREVIEW: _("an embedded object without a preview image")}
    what = ", ".join(names[kind] for kind in (*_TYPED, *_PICTURED) if kind in holds)
    if any(kind in holds for kind in _TYPED):
        return _("the question holds %(what)s, which cannot be imported yet: type it as text (a formula in LaTeX "
                 "such as \\(x^2\\)) or leave the question out.") % {"what": what}
    return _("the question holds %(what)s, which cannot be imported: in Word, copy it and paste it back as a "
             "picture (Paste Special, Picture), or leave the question out.") % {"what": what}


def _number(text: str) -> float:
    return float(text.replace("−", "-").replace(",", "."))


def _truth_list(truths: dict[str, bool], letters: list[str]) -> str:
    return ", ".join(f"{letter}) {'Đ' if truths[letter] else 'S'}" for letter in letters if letter in truths)


def _group(question: qi.Question, draft: _Draft, keyed: list[str]) -> None:
    """A stem and its statements a)–d), each true or false (see the package's docstring)."""
    statements = draft.options
    if len(statements) < 2:
        raise Refused(_("a true/false question with several statements needs at least two statements "
                        "(“a)”, “b)”…)."))
    if len(statements) > 4:
        raise Refused(_("a true/false question with several statements has at most four statements "
                        "(a to d)."))
    letters = [statement.letter.lower() for statement in statements]
    for letter, statement in zip(letters, statements):
        if not statement.text:
            raise Refused(_("statement “%(letter)s)” has no text.") % {"letter": letter})
    given: list[tuple[str, dict[str, bool]]] = []  # (how, the truths it gives by letter)
    for mark in _MARKS:
        marked = set()
        for part in ("letter", "text"):
            has = {letter for letter, s in zip(letters, statements)
                   if (mark in s.letter_marks if part == "letter" else s.text_marked(mark))}
            if len(has) < len(statements):  # on every statement: layout, not a mark
                marked |= has
        if marked:
            given.append((mark, {letter: letter in marked for letter in letters}))
    for how, values in ((INLINE, draft.answers), (KEY, keyed)):
        each = []
        for value in values:
            truths = _truths(value)
            if truths is None:
                raise Refused(_("%(how)s gives “%(value)s”, which is not a true/false answer for each "
                                "statement, such as “ĐSĐS” or “a) Đ, b) S, c) Đ, d) S”.")
                               % {"how": _how(how), "value": value})
            if truths[0][0] is None:
                if len(truths) != len(letters):
                    raise Refused(_("%(how)s gives %(given)d answers (“%(value)s”) for %(count)d statements.")
                                  % {"how": _how(how), "given": len(truths), "value": value,
                                     "count": len(letters)})
                truths = list(zip(letters, (truth for _letter, truth in truths)))
            for letter, _truth in truths:
                if letter not in letters:
                    raise Refused(_("%(how)s gives an answer for statement “%(letter)s)”, which the question "
                                    "does not have.") % {"how": _how(how), "letter": letter})
            each.append(dict(truths))
        merged: dict[str, bool] = {}
        if all(merged.setdefault(letter, truth) == truth for truths in each for letter, truth in truths.items()):
            given += [(how, merged)] if merged else []
        else:  # the same way says two things: each shown
            given += [(how, truths) for truths in each]
    for letter in letters:
        if len({truths[letter] for _how_, truths in given if letter in truths}) > 1:
            raise Refused(_("the correct answer is given in ways that disagree: %(list)s.")
                          % {"list": "; ".join(f"{_how(how)}: {_truth_list(truths, letters)}"
                                               for how, truths in given)})
    found = {letter: truth for _how_, truths in given for letter, truth in truths.items()}
    missing = [letter for letter in letters if letter not in found]
    if missing:
        raise Refused(_("no answer (Đúng or Sai) for statement %(letters)s: underline, bold or colour the true "
                        "statements, write “Đáp án: ĐSĐS” under the question or add it to the answer table "
                        "at the end of the file.") % {"letters": ", ".join(f"{letter})" for letter in missing)})
    question.kind = qi.TRUE_FALSE_GROUP
    question.statements = [qi.Statement(text=statement.text, truth=found[letter])
                           for letter, statement in zip(letters, statements)]


def _short(question: qi.Question, draft: _Draft, keyed: list[str]) -> None:
    given = [(INLINE, value) for value in draft.answers] + [(KEY, value) for value in keyed]
    given = [(how, " ".join(value.split())) for how, value in given if value.strip()]
    if not given:
        raise Refused(_("no answer found: write “Đáp án: …” under the question or add it to the answer table "
                        "at the end of the file."))

    def same(a: str, b: str) -> bool:
        if _NUMBER.match(a) and _NUMBER.match(b):
            return _number(a) == _number(b)
        return a.casefold() == b.casefold()

    _agree(given, same)
    answer = given[0][1]
    if _NUMBER.match(answer):
        question.kind, question.numeric = qi.NUMERIC, [qi.NumericAnswer(_number(answer))]
    else:
        question.kind, question.options = qi.SHORT_TEXT, [qi.Option(text=answer, fraction=1.0)]

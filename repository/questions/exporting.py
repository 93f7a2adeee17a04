"""A bank's questions written to a file in the formats teachers use (GIFT, Moodle XML,
QTI 2.1, Excel, Word), each format's writer saying which questions it cannot hold."""

from __future__ import annotations

import importlib

from repository.questions import interchange as qi

# code -> (label, the writer's module, file extension, content type)
FORMATS = {
    "gift": ("Moodle GIFT", "repository.questions.formats.gift_export", "gift.txt", "text/plain; charset=utf-8"),
    "moodlexml": ("Moodle XML", "repository.questions.formats.moodlexml_export", "xml", "application/xml"),
    "qti": ("IMS QTI 2.1 (.zip)", "repository.questions.formats.qti_export", "zip", "application/zip"),
    "xlsx": ("Excel (.xlsx)", "repository.questions.formats.xlsx_export", "xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("Word (.docx)", "repository.questions.word.export", "docx",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def neutral(questions) -> tuple[list[qi.Question], dict[str, qi.Passage]]:
    """The bank's rows in the neutral form, numbered in order, with their media and passages."""
    from django.db.models import prefetch_related_objects

    from repository.questions.exam_services import media_of, passage_of

    prefetch_related_objects(questions, "keywords", "media", "passage", "live_revision")  # not a query each
    out, passages = [], {}
    for number, question in enumerate(questions, start=1):
        item = question.as_interchange(media=media_of(question, _row_version_media(question)), number=number,
                                       difficulty=question.get_difficulty_display() if question.difficulty else "",
                                       tags=[t.name for t in question.keywords.all()])
        if question.passage_id:
            key = f"p{question.passage_id}"
            passages[key] = passages.get(key) or passage_of(question.passage)  # its images read once
            passage = passages[key]
            item.group = passage.key
        out.append(item)
    return out, passages


def _row_version_media(question) -> list:
    """The images of the version the row holds: a published question's row is its
    published version (a pending edit waits in a revision) but its image rows include
    those the pending edit adds, not yet approved; those are left out, and those it
    removes kept (selectors.published_media, the image view's rule)."""
    from repository.questions.selectors import published_media

    if question.live:
        return sorted(published_media(question).values(), key=lambda m: m.pk)
    return list(question.media.all())


def write(fmt: str, questions) -> tuple[bytes, list[qi.Problem]]:
    """(the file, a Problem for each question the format cannot hold)."""
    items, passages = neutral(questions)
    written = importlib.import_module(FORMATS[fmt][1]).write(items, passages)
    data, problems = (written, []) if isinstance(written, bytes) else written
    return (data.encode() if isinstance(data, str) else data), list(problems)

"""What the exam builder writes for people: numbers with a decimal comma, question kinds
and blueprint cells named the way a Vietnamese teacher reads them, and the folding that
makes "Hàm số" the same topic as "Ham so"."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from lms.core.text import fold
from repository.questions import interchange as qi


def decimal_comma(value: float, places: int | None = None) -> str:
    """`value` as Vietnamese writes it: 3.14 -> "3,14", 2.0 -> "2", -0.5 -> "-0,5";
    rounded half up to `places` decimals first when given (points: 2)."""
    number = Decimal(repr(float(value)))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",")


def key(text: str) -> str:
    """A name as compared: folded, single spaces ("Hàm  số " and "ham so" alike)."""
    return " ".join(fold(text).split())


def kind_label(kind: str) -> str:
    """The kind of question as an exam names it ("trắc nghiệm", "tự luận")."""
    labels = {
        qi.SINGLE: _("multiple choice"),
        qi.MULTIPLE: _("multiple answers"),
        qi.TRUE_FALSE: _("true or false"),
        qi.TRUE_FALSE_GROUP: _("true/false statements"),
        qi.SHORT_TEXT: _("short answer"),
        qi.NUMERIC: _("short answer (number)"),
        qi.MATCHING: _("matching"),
        qi.CLOZE: _("fill in the blanks"),
        qi.ESSAY: _("essay"),
    }
    return labels.get(kind, kind)


def cell_label(topic: str, level: str, kind: str = "") -> str:
    """A cell of a blueprint as a message names it: "chủ đề 'Hàm số', mức 'Vận dụng',
    trắc nghiệm" (its kind only when the blueprint has kind columns; `capfirst` it at
    the start of a sentence)."""
    label = _("topic '%(topic)s', level '%(level)s'") % {"topic": topic, "level": level}
    if kind:
        label += ", " + kind_label(kind)
    return label

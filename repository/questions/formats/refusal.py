"""What every reader and writer of question files shares: a question that cannot be taken
(its reason, in the teacher's language, becomes the question's interchange.Problem), and
numbers as files write them."""

from django.utils.translation import gettext as _


class Refused(Exception):
    """This question cannot be taken: the message says why."""


def number(text: str) -> float:
    """A number as a file writes it, with a decimal point or a Vietnamese decimal comma;
    Refused saying so otherwise."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise Refused(_("a number is expected: “%(text)s”.") % {"text": text.strip()[:40]}) from None

"""Cognitive levels (mức độ nhận thức): the district chooses the set its question banks
use. The 2018 curriculum's current guidance names three; the older guidance four."""

from django.utils.translation import gettext_lazy as _

from lms.core.text import fold

THREE_LEVELS = "three"
FOUR_LEVELS = "four"

LEVEL_SETS = {
    THREE_LEVELS: ("Biết", "Hiểu", "Vận dụng"),
    FOUR_LEVELS: ("Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng cao"),
}
LEVEL_SET_CHOICES = [
    (THREE_LEVELS, _("Biết, Hiểu, Vận dụng (2018 curriculum, current guidance)")),
    (FOUR_LEVELS, _("Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao (older guidance)")),
]
DEFAULT_LEVEL_SET = THREE_LEVELS

# What files write for each level, folded, and the level of each set it means.
_SYNONYMS = {
    "nb": ("Biết", "Nhận biết"), "nhan biet": ("Biết", "Nhận biết"), "biet": ("Biết", "Nhận biết"),
    "th": ("Hiểu", "Thông hiểu"), "thong hieu": ("Hiểu", "Thông hiểu"), "hieu": ("Hiểu", "Thông hiểu"),
    "vd": ("Vận dụng", "Vận dụng"), "van dung": ("Vận dụng", "Vận dụng"),
    "vdc": ("Vận dụng", "Vận dụng cao"), "van dung cao": ("Vận dụng", "Vận dụng cao"),
}


def level_in_set(written: str, level_set: str) -> str | None:
    """The level of `level_set` that a file's "NB", "Nhận biết", "Thông hiểu", "VDC"…
    means; "" for nothing written; None for what no level of the set means."""
    key = " ".join(fold(written).replace(".", " ").split())
    if not key:
        return ""
    if key not in _SYNONYMS:
        return None
    three, four = _SYNONYMS[key]
    return three if level_set == THREE_LEVELS else four

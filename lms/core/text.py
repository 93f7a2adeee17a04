"""Text helpers for Vietnamese."""

import re

from anyascii import anyascii


def fold(text: str) -> str:
    """Lower-case ASCII form for search: "Đại số Tiếng Việt" -> "dai so tieng viet".

    Index a folded copy and fold the query the same way: SQLite FTS5 keeps stacked
    diacritics and never maps đ to d (see shared/notes/wagtail-8.md §2).
    """
    return anyascii(text or "").lower()


# Vietnamese spells some syllables two ways: "lí/lý", "kĩ/kỹ", "mĩ/mỹ" (a final i or y
# after a consonant), "qui/quy". Search writes each of them one way, in the index and in
# the query alike. Bumped when the folding changes: the search index is then rebuilt
# (`manage.py update_index_if_changed`, run by `make run`).
SEARCH_FOLD_VERSION = 2

_ONSETS = "b|c|ch|d|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x"
_FINAL_Y = re.compile(rf"\b({_ONSETS})y\b")
_QUI = re.compile(r"\bqui")


def search_fold(text: str) -> str:
    """`fold`, then one spelling for the syllables Vietnamese writes two ways:
    "Địa lý" and "dia li" both -> "dia li"; "quy định", "qui dinh" -> "quy dinh"."""
    folded = fold(text)
    folded = _FINAL_Y.sub(lambda m: m.group(1) + "i", folded)
    return _QUI.sub("quy", folded)

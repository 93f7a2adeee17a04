"""Text helpers for Vietnamese."""

from anyascii import anyascii


def fold(text: str) -> str:
    """Lower-case ASCII form for search: "Đại số Tiếng Việt" -> "dai so tieng viet".

    Index a folded copy and fold the query the same way: SQLite FTS5 keeps stacked
    diacritics and never maps đ to d (see shared/notes/wagtail-8.md §2).
    """
    return anyascii(text or "").lower()

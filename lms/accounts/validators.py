"""Validators for the text people type about people (names and the like)."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Cc: C0/C1 controls (tab, CR, LF, NUL, ESC…); Cf: invisible format marks (zero-width
# space and joiners, bidi overrides such as U+202E, soft hyphen, BOM); Zl/Zp: the
# Unicode line and paragraph separators. The ordinary space (Zs) is allowed.
CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) in CONTROL_CATEGORIES for ch in value or "")


def validate_no_control_characters(value: str) -> None:
    """For form fields (e.g. a full name): no tab, line break or invisible mark."""
    if has_control_characters(value):
        raise ValidationError(
            _("This may not hold control characters (a tab, a line break or an invisible mark)."),
            code="control_characters",
        )

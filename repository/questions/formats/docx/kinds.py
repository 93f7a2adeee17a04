"""The kinds the reader sorts things into: what a question may hold that the neutral form
cannot carry, the marks of a correct option, how an answer is given, the document's sections."""

from __future__ import annotations

LETTERS = "ABCDEF"

# What a question may hold that the neutral form cannot carry (in the order messages name them).
IMAGE, EQUATION, MATHTYPE, OBJECT, TABLE, SYMBOL = "image", "equation", "mathtype", "object", "table", "symbol"
_HOLDS_ORDER = (EQUATION, MATHTYPE, IMAGE, OBJECT, TABLE, SYMBOL)

# The marks of a correct option.
UNDERLINE, BOLD, COLOUR, HIGHLIGHT = "underline", "bold", "colour", "highlight"
_MARKS = (UNDERLINE, BOLD, COLOUR, HIGHLIGHT)
INLINE, KEY = "inline", "key"

# Sections of the document.
AUTO, CHOICE, TRUE_FALSE_GROUP, SHORT, ESSAY = "auto", "choice", "true_false_group", "short", "essay"

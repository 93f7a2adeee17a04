"""The kinds the reader sorts things into: what a question may hold that the neutral form
cannot carry, the marks of a correct option, how an answer is given, the document's sections."""

from __future__ import annotations

LETTERS = "ABCDEF"

# What a question may hold that the neutral form cannot carry (in the order messages name
# them): a formula of an EQ field, a table after the options, a character of a symbol font;
# a drawing of shapes (text box, chart, SmartArt), an image linked outside the file, an
# embedded object without a preview; an image missing from the file, over 5 MB, of a type
# no browser can be given, or more objects than a file may hold.
FIELD, TABLE, SYMBOL = "field", "table", "symbol"
SHAPE, LINKED_IMAGE, NO_PREVIEW = "shape", "linked_image", "no_preview"
MISSING_IMAGE, BIG_IMAGE, IMAGE_TYPE, TOO_MANY = "missing_image", "big_image", "image_type", "too_many"
_TYPED = (FIELD, TABLE, SYMBOL)  # to be typed as text
_PICTURED = (SHAPE, LINKED_IMAGE, NO_PREVIEW)  # to be pasted as a picture
_OWN = (MISSING_IMAGE, BIG_IMAGE, IMAGE_TYPE, TOO_MANY)  # each its own message

# The marks of a correct option.
UNDERLINE, BOLD, COLOUR, HIGHLIGHT = "underline", "bold", "colour", "highlight"
_MARKS = (UNDERLINE, BOLD, COLOUR, HIGHLIGHT)
INLINE, KEY = "inline", "key"

# Sections of the document.
AUTO, CHOICE, TRUE_FALSE_GROUP, SHORT, ESSAY = "auto", "choice", "true_false_group", "short", "essay"

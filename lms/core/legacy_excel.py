"""The first sheet of an old binary Excel workbook (.xls, BIFF in an OLE2 compound file),
read with xlrd into the rows lms.core.tabular reads an .xlsx sheet into.

Each row is (its cells' values, {index: legacy encoding}): a cell's value is what
openpyxl would give for the same cell of an .xlsx (None for an empty or blank cell and
for the cells a merge covers but its first; text; a whole number as an int, others as a
float; True/False; a date as a datetime, a time of day as a time; a formula's cached
value; an error as its text, "#N/A"). Text in a legacy Vietnamese font is converted to
Unicode by its font, as Word text is (docx reader): ".Vn…" fonts are TCVN3 (".VnTimeH"
and the other names ending in "H" draw capitals), "VNI-…" fonts VNI; each run of a cell
with several fonts on its own. The second item names the cells so converted and from
what, for the caller to say so and not to convert them twice.

The file is checked before xlrd reads anything (its size), the sheets are counted
before any sheet is read and only the first is; a file xlrd cannot open (damaged, a Word
.doc, protected by a password) raises tabular.ImportFileError with the reason in the
active language, never another exception.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils.translation import gettext as _

from lms.core import legacy_vietnamese
from lms.core.tabular import ImportFileError

MAX_SHEETS = 1000  # as many as an .xlsx's entries (tabular.MAX_ENTRIES) could hold


def font_encoding(name: str) -> tuple[str | None, bool]:
    """(the legacy encoding a font's name says or None, whether it draws capitals)."""
    name = (name or "").strip()
    if name.lower().startswith(".vn"):
        return legacy_vietnamese.TCVN3, name.endswith("H")
    if name.lower().startswith("vni"):
        return legacy_vietnamese.VNI, False
    return None, False


def _in_font(text: str, font: str) -> tuple[str, str | None]:
    """A piece of text shown in `font`, in Unicode; and the encoding it was in. Text with
    characters beyond Latin-1 was typed in Unicode whatever the cell's font says."""
    encoding, capitals = font_encoding(font)
    if encoding is None or any(ord(ch) > 0xFF for ch in text):
        return text, None
    if encoding == legacy_vietnamese.TCVN3:
        converted = legacy_vietnamese.tcvn3_to_unicode(text, capitals=capitals)
    else:
        converted = legacy_vietnamese.vni_to_unicode(text)
    return converted, encoding if converted != text else None


def _text(book, sheet, rowx: int, colx: int, text: str) -> tuple[str, str | None]:
    """A text cell in Unicode, each run in its own font (the cell's until the first run)."""
    fonts = book.font_list
    xf = book.xf_list[sheet.cell_xf_index(rowx, colx)]
    cell_font = fonts[xf.font_index].name if xf.font_index < len(fonts) else ""
    runs = sheet.rich_text_runlist_map.get((rowx, colx)) or []
    starts = [(0, cell_font)] + [(offset, fonts[index].name if index < len(fonts) else "")
                                 for offset, index in runs if 0 < offset < len(text)]
    if runs and runs[0][0] == 0:
        starts[0] = (0, fonts[runs[0][1]].name if runs[0][1] < len(fonts) else "")
    pieces, found = [], None
    for (start, font), (end, _font) in zip(starts, [*starts[1:], (len(text), "")]):
        piece, encoding = _in_font(text[start:end], font)
        pieces.append(piece)
        found = found or encoding
    return "".join(pieces), found


def _value(book, cell_type: int, value: Any) -> Any:
    import xlrd

    if cell_type in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell_type == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() else float(value)
    if cell_type == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return int(value) if float(value).is_integer() else float(value)
        return moment.time() if 0 <= value < 1 else moment
    if cell_type == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if cell_type == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#VALUE!")
    return value


def first_sheet(data: bytes, *, max_bytes: int, max_rows: int) -> list[tuple[tuple, dict[int, str]]]:
    """The rows of the first sheet, from its first (the header): (values, {index: the
    legacy encoding a cell's text was converted from by its font}). More than `max_rows`
    rows under the header are refused before any is read, as tabular.rows refuses them."""
    import xlrd

    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > max_bytes:
        raise ImportFileError(_("The file is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)})
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True,
                                  logfile=io.StringIO(), verbosity=0, ignore_workbook_corruption=True)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise ImportFileError(_("The file is protected by a password: open it in Excel, remove the "
                                    "password and save it again.")) from exc
        raise ImportFileError(_("The file could not be read as an Excel (.xls) spreadsheet.")) from exc
    except Exception as exc:  # xlrd raises many kinds on damaged files
        raise ImportFileError(_("The file could not be read as an Excel (.xls) spreadsheet.")) from exc
    try:
        if book.nsheets > MAX_SHEETS:
            raise ImportFileError(_("The file has more than %(n)d sheets; keep only the sheet to import.")
                                  % {"n": MAX_SHEETS})
        try:
            sheet = book.sheet_by_index(0)
        except Exception as exc:
            raise ImportFileError(_("The file could not be read as an Excel (.xls) spreadsheet.")) from exc
        if sheet.nrows - 1 > max_rows:
            raise ImportFileError(
                _("The file has more than %(n)d rows; split it into several files.") % {"n": max_rows})
        try:
            rows = []
            for rowx in range(sheet.nrows):
                values, legacy = [], {}
                for colx, (cell_type, value) in enumerate(zip(sheet.row_types(rowx), sheet.row_values(rowx))):
                    if cell_type == xlrd.XL_CELL_TEXT:
                        value, encoding = _text(book, sheet, rowx, colx, value)
                        if encoding:
                            legacy[colx] = encoding
                        values.append(value or None)
                    else:
                        values.append(_value(book, cell_type, value))
                rows.append((tuple(values), legacy))
        except Exception as exc:
            raise ImportFileError(_("The file could not be read as an Excel (.xls) spreadsheet.")) from exc
        return rows
    finally:
        book.release_resources()

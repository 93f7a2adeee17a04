"""Reading a table someone filled in from an Excel template (.xlsx), row by row.

The file is checked before openpyxl reads anything: its size, its content (python-magic,
not its name) and, as the zip archive an .xlsx is, its entries (lms.core.archives: no zip
bomb, no odd names or links). A damaged file is refused with a message, never a crash.

The first row holds the headers. A column is found by its header, compared folded (no
accents, no case, punctuation as spaces), so "Ho va ten" and "HỌ VÀ TÊN" both find
"Họ và tên"; a column may also be given other names (aliases). Columns are given as
`(key, Vietnamese header, *aliases)`; the header is what messages name.

    for row in tabular.rows(data, COLUMNS, max_bytes=..., max_rows=..., required={"name"}):
        row.number            # the sheet's row number (the header is row 1)
        row.text("name")      # the cell as text, whitespace folded
        row.control_character_errors()

Blank rows are skipped. A file that cannot be read as a whole raises ImportFileError,
whose str() is the reason in the active language.

`rows(..., xls=True)` reads an old binary Excel file (.xls) too, through xlrd
(lms.core.legacy_excel): the same rows, cells' values as openpyxl gives them, text in a
legacy Vietnamese font converted by its font (Row.converted names those cells).
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import magic
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lms.core import archives
from lms.core.text import fold

XLSX_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
    "application/octet-stream",  # some libmagic builds, checked again as a zip below
}
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 1000
# The start of every OLE2 compound file: the old Excel (.xls), Word (.doc)… formats.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Tab, line breaks, other controls; invisible formatting (zero-width space and joiners,
# bidi overrides such as U+202E, soft hyphen, BOM); the Unicode line and paragraph
# separators. The ordinary space is allowed (as in lms.accounts.validators).
CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
LINE_BREAKS = frozenset("\n\r\t")  # allowed in a column that may hold several lines

Column = Sequence[str]  # (key, Vietnamese header, *aliases)


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


def is_legacy_excel(data: bytes) -> bool:
    """An old binary Office file (.xls, or a .doc…): not something openpyxl reads."""
    return data[:8] == OLE2_SIGNATURE


def open_workbook(data: bytes, *, max_bytes: int, max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
                  max_entries: int = MAX_ENTRIES):
    """The workbook of an .xlsx file (read-only, cached values of formulas); close it after."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    mime = magic.from_buffer(data[:8192], mime=True)
    if mime not in XLSX_TYPES:
        raise ImportFileError(
            _("This is not an Excel (.xlsx) file. Download the template and fill it in.")
        )
    limits = archives.Limits(max_entries=max_entries, max_total_bytes=max_unpacked_bytes,
                             max_entry_bytes=max_unpacked_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            archives.check(zf, limits)  # before openpyxl unpacks anything: bombs, odd names, links
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except archives.ArchiveError as exc:
        raise ImportFileError(str(exc)) from exc
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ImportFileError(
            _("The file could not be read as an Excel (.xlsx) spreadsheet.")
        ) from exc


def folded_header(text: str) -> str:
    """A header as compared: no accents, lower case, punctuation and spacing as one space."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def header_map(header_row: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    """key -> index of its column in the row, for the columns whose header (or an alias)
    the row holds."""
    wanted = {}
    for key, *names in columns:
        for name in names:
            wanted.setdefault(folded_header(name), key)
    found = {}
    for index, value in enumerate(header_row):
        key = wanted.get(folded_header(str(value or "")))
        if key:
            found[key] = index
    return found


def cell_text(value: Any) -> str:
    """A cell's value as text on one line: empty for none, 3.0 as "3", a date as
    dd/mm/yyyy (and its time if it has one), whitespace folded."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.strftime("%d/%m/%Y %H:%M" if value.time() != datetime.time() else "%d/%m/%Y")
    elif isinstance(value, datetime.date):
        value = value.strftime("%d/%m/%Y")
    elif isinstance(value, datetime.time):
        value = value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return " ".join(str(value).split())


def has_control_characters(value: str, allowed: Collection[str] = ()) -> bool:
    return any(unicodedata.category(ch) in CONTROL_CATEGORIES and ch not in allowed for ch in value or "")


@dataclass(frozen=True)
class Row:
    number: int  # the sheet's row number, from 1 (the header's)
    values: tuple  # the cells as read
    columns: dict[str, int]  # key -> index in values
    headers: dict[str, str]  # key -> the Vietnamese header, for messages
    # index in values -> the legacy encoding (TCVN3, VNI) the cell's text was converted
    # from by its font (an .xls's cells; an .xlsx's text is as typed)
    converted: dict[int, str] = field(default_factory=dict, compare=False)

    def raw(self, key: str) -> Any:
        index = self.columns.get(key)
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def text(self, key: str) -> str:
        """The cell as text on one line (whitespace folded); empty if absent."""
        return cell_text(self.raw(key))

    def lines(self, key: str) -> str:
        """The cell as text that may hold several lines (Alt+Enter in Excel): each line's
        whitespace folded, lines kept."""
        value = self.raw(key)
        if not isinstance(value, str):
            return cell_text(value)
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(" ".join(line.split()) for line in lines).strip("\n")

    def with_values(self, values: Sequence[Any]) -> Row:
        """The same row holding other values (e.g. its text converted)."""
        return replace(self, values=tuple(values))

    def control_character_errors(self, multiline: Collection[str] = ()) -> list[str]:
        """A message for each text cell, as typed, holding a control or invisible
        formatting character: tab, line break, zero-width or bidi mark. The columns
        `multiline` (keys) may hold tabs and line breaks."""
        errors = []
        for key, header in self.headers.items():
            value = self.raw(key)
            if not isinstance(value, str):
                continue
            if key in multiline:
                if has_control_characters(value, LINE_BREAKS):
                    errors.append(_(
                        "“%(column)s” holds an invisible character (a zero-width or a text "
                        "direction mark, or another control character); type the text again without it."
                    ) % {"column": header})
            elif has_control_characters(value):
                errors.append(_(
                    "“%(column)s” holds a control character (a tab, a line break or an "
                    "invisible mark); type the text again without it."
                ) % {"column": header})
        return errors


def rows(data: bytes, columns: Sequence[Column], *, max_bytes: int, max_rows: int,
         required: Collection[str] = (), xls: bool = False) -> Iterator[Row]:
    """The filled rows of the workbook's first sheet, under its header row. Raises
    ImportFileError for a file that cannot be read, a header without a required column
    or more than `max_rows` rows under the header. With `xls`, an old binary Excel file
    (.xls) is read too (lms.core.legacy_excel: text in legacy Vietnamese fonts converted
    by its font, Row.converted naming those cells); otherwise only an .xlsx is."""
    if xls and is_legacy_excel(data):
        from lms.core import legacy_excel

        sheet = legacy_excel.first_sheet(data, max_bytes=max_bytes, max_rows=max_rows)
        yield from _table(iter(sheet), columns, max_rows=max_rows, required=required)
        return
    wb = open_workbook(data, max_bytes=max_bytes)
    try:
        sheet = ((values, {}) for values in wb.worksheets[0].iter_rows(values_only=True))
        yield from _table(sheet, columns, max_rows=max_rows, required=required)
    finally:
        wb.close()


def _table(sheet: Iterator[tuple[tuple, dict[int, str]]], columns: Sequence[Column], *, max_rows: int,
           required: Collection[str]) -> Iterator[Row]:
    """The filled rows under the header row of a sheet's (values, converted) rows."""
    found = header_map(next(sheet, ((), {}))[0] or (), columns)
    missing = [header for key, header, *_aliases in columns if key in required and key not in found]
    if missing:
        raise ImportFileError(
            _("The first row must hold the column headers; missing: %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    headers = {key: header for key, header, *_aliases in columns if key in found}
    for number, (values, converted) in enumerate(sheet, start=2):
        if number - 1 > max_rows:
            raise ImportFileError(
                _("The file has more than %(n)d rows; split it into several files.") % {"n": max_rows}
            )
        if not any(v not in (None, "") for v in values):
            continue
        yield Row(number, tuple(values), found, headers, converted)

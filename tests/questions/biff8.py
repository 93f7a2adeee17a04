"""A tiny writer of old binary Excel workbooks (.xls: BIFF8 records in an OLE2 compound
file) for tests: what Excel 97–2003 saves, cut down to what a reader of cells needs.
xlwt, the library that wrote them, is unmaintained; LibreOffice would mean a child
process per test.

    workbook({"Câu hỏi": [["Loại câu hỏi", "Nội dung câu hỏi"], ["tự luận", Cell("T¶ quª em", font=".VnTime")]]},
             merged={"Câu hỏi": [(1, 3, 9, 9)]})

A cell is None (no record), text (in the shared string table, as Excel keeps it), an int
or float, True/False, a datetime (a number with a date format) or a `Cell`: text or a
number in a font, text in several fonts (`runs`: (offset, font) from where each font
starts), a formula with its cached value (`formula=True`), an error (`error=0x2A`, #N/A).
`merged` lists (first row, last row, first column, last column), from 0; the covered
cells but the first get blank records, as Excel writes them.
"""

from __future__ import annotations

import datetime
import struct
from dataclasses import dataclass

SECTOR = 512
END_OF_CHAIN, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
MAX_RECORD = 8224


@dataclass
class Cell:
    value: object
    font: str = "Arial"
    runs: tuple = ()  # ((offset, font), ...)
    formula: bool = False
    error: int | None = None


def _record(code: int, body: bytes) -> bytes:
    assert len(body) <= MAX_RECORD
    return struct.pack("<HH", code, len(body)) + body


def _unicode(text: str, length_bytes: int = 2) -> bytes:
    """An XLUnicodeString: its length, then UTF-16 characters (flag 1)."""
    return struct.pack("<H" if length_bytes == 2 else "<B", len(text)) + b"\x01" + text.encode("utf-16-le")


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


class _Book:
    def __init__(self):
        self.fonts = ["Arial"]
        self.xfs = [(0, 0)]  # (font index, format): the cell XFs after the style XF 0
        self.strings: list[tuple[str, tuple]] = []

    def font(self, name: str) -> int:
        if name not in self.fonts:
            self.fonts.append(name)
        position = self.fonts.index(name)
        return position + 4 if position else 0  # the first is written as fonts 0–3; BIFF has no font 4

    def xf(self, font: str = "Arial", date: bool = False) -> int:
        key = (self.font(font), 14 if date else 0)
        if key not in self.xfs:
            self.xfs.append(key)
        return self.xfs.index(key) + 1

    def string(self, text: str, runs: tuple = ()) -> int:
        runs = tuple((offset, self.font(font)) for offset, font in runs)
        self.strings.append((text, runs))
        return len(self.strings) - 1

    def globals(self, sheets: list[tuple[int, str]], encrypted: bool = False) -> bytes:
        out = [_bof(0x0005)]
        if encrypted:  # FILEPASS: what follows would be RC4-encrypted
            out.append(_record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\0" * 48))
        out += [_record(0x0042, struct.pack("<H", 1200)), _record(0x0022, struct.pack("<H", 0))]
        for name in self.fonts[:1] * 4 + self.fonts[1:]:
            out.append(_record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
                               + _unicode(name, 1)))
        out.append(_record(0x00E0, struct.pack("<HHHBBBBIiH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0)))
        for font, fmt in self.xfs:
            out.append(_record(0x00E0, struct.pack("<HHHBBBBIiH", font, fmt, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)))
        out.append(_record(0x0293, struct.pack("<HBB", 0x8000, 0, 0xFF)))  # the Normal style
        for offset, name in sheets:
            out.append(_record(0x0085, struct.pack("<IBB", offset, 0, 0) + _unicode(name, 1)))
        out.append(self._sst())
        out.append(_record(0x000A, b""))
        return b"".join(out)

    def _sst(self) -> bytes:
        """The shared strings: SST, then CONTINUE records, each string whole in one."""
        records, body = [], struct.pack("<II", len(self.strings), len(self.strings))
        for text, runs in self.strings:
            piece = struct.pack("<HB", len(text), 0x09 if runs else 0x01)
            if runs:
                piece += struct.pack("<H", len(runs))
            piece += text.encode("utf-16-le") + b"".join(struct.pack("<HH", *run) for run in runs)
            if len(body) + len(piece) > MAX_RECORD:
                records.append(body)
                body = b""
            body += piece
        records.append(body)
        return _record(0x00FC, records[0]) + b"".join(_record(0x003C, more) for more in records[1:])


def _sheet(book: _Book, rows: list[list], merged: list[tuple]) -> bytes:
    out = [_bof(0x0010), _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, max(map(len, rows), default=0), 0))]
    covered = {(r, c) for r1, r2, c1, c2 in merged for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
               if (r, c) != (r1, c1)}
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if (r, c) in covered:
                out.append(_record(0x0201, struct.pack("<HHH", r, c, book.xf())))
                continue
            if value is None:
                continue
            cell = value if isinstance(value, Cell) else Cell(value)
            out.append(_cell(book, r, c, cell))
    for r, c in sorted(covered - {(r, c) for r, values in enumerate(rows) for c in range(len(values))}):
        out.append(_record(0x0201, struct.pack("<HHH", r, c, book.xf())))
    if merged:
        out.append(_record(0x00E5, struct.pack("<H", len(merged))
                           + b"".join(struct.pack("<HHHH", *ref) for ref in merged)))
    out.append(_record(0x000A, b""))
    return b"".join(out)


def _serial(moment: datetime.datetime) -> float:
    delta = moment - datetime.datetime(1899, 12, 30)
    return delta.days + delta.seconds / 86400


def _cell(book: _Book, r: int, c: int, cell: Cell) -> bytes:
    value = cell.value
    if cell.error is not None:
        return _record(0x0205, struct.pack("<HHHBB", r, c, book.xf(cell.font), cell.error, 1))
    if cell.formula:
        head = struct.pack("<HHH", r, c, book.xf(cell.font, isinstance(value, datetime.datetime)))
        expression = b"\x1e" + struct.pack("<H", 1)  # =1: only the cached value is read
        tail = struct.pack("<HI", 0, 0) + struct.pack("<H", len(expression)) + expression
        if isinstance(value, str):
            result = b"\x00" + b"\x00" * 5 + b"\xff\xff"
            return (_record(0x0006, head + result + tail)
                    + _record(0x0207, _unicode(value)))
        number = _serial(value) if isinstance(value, datetime.datetime) else float(value)
        return _record(0x0006, head + struct.pack("<d", number) + tail)
    if isinstance(value, bool):
        return _record(0x0205, struct.pack("<HHHBB", r, c, book.xf(cell.font), int(value), 0))
    if isinstance(value, datetime.datetime):
        return _record(0x0203, struct.pack("<HHHd", r, c, book.xf(cell.font, date=True), _serial(value)))
    if isinstance(value, (int, float)):
        return _record(0x0203, struct.pack("<HHHd", r, c, book.xf(cell.font), float(value)))
    index = book.string(str(value), cell.runs)
    return _record(0x00FD, struct.pack("<HHHI", r, c, book.xf(cell.font), index))


def workbook(sheets: dict[str, list[list]], merged: dict[str, list[tuple]] | None = None,
             encrypted: bool = False) -> bytes:
    """The .xls file of `sheets` (name -> rows of cells), the first sheet first."""
    merged = merged or {}
    book = _Book()
    bodies = [_sheet(book, rows, merged.get(name, [])) for name, rows in sheets.items()]
    offsets, position = [], len(book.globals([(0, name) for name in sheets], encrypted))
    for body in bodies:
        offsets.append(position)
        position += len(body)
    stream = book.globals(list(zip(offsets, sheets)), encrypted) + b"".join(bodies)
    return compound_file({"Workbook": stream})


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file holding `streams` (each padded to 4096 bytes or more, so
    that none lives in the mini stream), version 3, one FAT sector."""
    padded = {name: data + b"\0" * max(0, 4096 - len(data)) for name, data in streams.items()}
    sizes = {name: -(-len(data) // SECTOR) for name, data in padded.items()}
    total = 2 + sum(sizes.values())  # the FAT sector, the directory sector, the streams
    assert total <= SECTOR // 4, "one FAT sector is enough for the tests' files"
    fat = [FAT_SECTOR, END_OF_CHAIN]
    starts, sector = {}, 2
    for name, count in sizes.items():
        starts[name] = sector
        fat += [sector + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
        sector += count
    fat += [FREE] * (SECTOR // 4 - len(fat))
    assert len(streams) <= 3

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", NO_STREAM, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<III", start, size, 0))

    names = list(padded)
    directory = entry("Root Entry", 5, 1, NO_STREAM, END_OF_CHAIN, 0)
    for i, name in enumerate(names):
        directory += entry(name, 2, NO_STREAM, i + 2 if i + 1 < len(names) else NO_STREAM, starts[name],
                           len(padded[name]))
    empty = b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NO_STREAM, NO_STREAM, NO_STREAM)
    directory = directory[:128 * (1 + len(names))] + (empty + b"\0" * 48) * (3 - len(names))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)
    assert len(header) == SECTOR
    body = b"".join(padded[name].ljust(sizes[name] * SECTOR, b"\0") for name in names)
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + body

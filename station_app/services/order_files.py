"""Reading platform order exports: CSV (UTF-8 with or without BOM, GBK/GB18030) and XLSX.

``open_table(path)`` returns a :class:`Table` whose ``headers`` are the first non-empty row and
whose ``rows()`` streams ``(row_number, values)`` without loading the file into memory, so a
million-row export reads in constant memory (XLSX through :mod:`.xlsx_stream`, which gives
the values openpyxl's read-only mode gave).  Files that are not tables at all (binary garbage,
empty files, unknown encodings, damaged workbooks) raise :class:`FileProblem` with a plain
sentence, also when the damage only shows part-way through ``rows()``.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator
from xml.etree import ElementTree as ET

from station_app.domain.messages import Message
from station_app.services.xlsx_stream import XlsxError, XlsxSheet

SNIFF_BYTES = 64 * 1024


class FileProblem(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _problem(code: str, zh: str, en: str) -> FileProblem:
    return FileProblem(Message(f"import.file.{code}", zh, en))


@dataclass
class Table:
    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str | None
    headers: list[Any]
    header_row: int
    _rows: Callable[[], Iterator[tuple[int, list[Any]]]]
    size: int
    _close: Callable[[], None] = lambda: None

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        return self._rows()

    def close(self) -> None:
        self._close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _problem("utf16", "这个文件是 UTF-16 编码，请用平台后台重新导出 CSV（UTF-8 或 GBK）或 Excel 文件。",
                       "The file is UTF-16; export it again as CSV (UTF-8 or GBK) or Excel.")
    # Cut at the last newline so a multi-byte character split by the sniff window is not
    # mistaken for a bad byte.
    sample = head[: head.rfind(b"\n") + 1] or head
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise _problem("encoding", "文件的文字编码看不懂（支持 UTF-8 和 GBK）。可能不是平台导出的订单表格。",
                       "Cannot read the file's text encoding (UTF-8 and GBK are supported).") from None


def _csv_table(path: Path, head: bytes, size: int) -> Table:
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _problem("binary", "这不是 CSV 或 Excel 表格文件（里面有二进制内容）。",
                       "This is not a CSV or Excel table (it holds binary data).")
    encoding = _detect_encoding(head)
    text_head = head.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(text_head.split("\n", 1)[0] or text_head, ",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","

    def reader() -> Iterator[tuple[int, list[Any]]]:
        with open(path, encoding=encoding, newline="", errors="strict") as handle:
            try:
                for number, row in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                    yield number, row
            except UnicodeDecodeError as exc:
                raise _problem("encoding_midway", "文件中间有看不懂的文字（编码不一致），请重新导出。",
                               "Part of the file has unreadable text; export it again.") from exc
            except csv.Error as exc:
                raise _problem("csv", f"表格格式有问题：{exc}", f"The CSV is malformed: {exc}") from exc

    headers, header_row = _first_non_empty(reader())
    return Table(path, "csv", encoding, headers, header_row, lambda: _after(reader(), header_row),
                 size)


# What a damaged or foreign archive raises while it is read (a bad CRC or deflate stream, XML
# that is cut short or not XML, a shared string that does not exist, an absurd number).
_XLSX_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ET.ParseError, XlsxError, KeyError,
                IndexError, ValueError, OverflowError, OSError, NotImplementedError,
                RuntimeError)


def _xlsx_table(path: Path, size: int) -> Table:
    try:
        sheet = XlsxSheet(path)
    except _XLSX_ERRORS as exc:  # RuntimeError: an encrypted zip member
        raise _problem("xlsx", "Excel 文件打不开，可能已损坏或不是 .xlsx 格式。",
                       "The Excel file cannot be opened; it may be damaged or not .xlsx.") from exc

    def reader() -> Iterator[tuple[int, list[Any]]]:
        try:
            yield from sheet.rows()
        except _XLSX_ERRORS as exc:
            raise _problem("xlsx_midway", "Excel 文件中间有损坏的内容，读不下去了，请重新导出。",
                           "Part of the Excel file is damaged; export it again.") from exc

    try:
        headers, header_row = _first_non_empty(reader())
    except FileProblem:
        sheet.close()
        raise
    return Table(path, "xlsx", None, headers, header_row, lambda: _after(reader(), header_row),
                 size, sheet.close)


def _first_non_empty(rows: Iterator[tuple[int, list[Any]]]) -> tuple[list[Any], int]:
    for number, row in rows:
        if any(str(v).strip() for v in row if v is not None):
            return row, number
        if number > 20:
            break
    raise _problem("no_header", "文件里没有表头行（前 20 行都是空的）。",
                   "The file has no header row (the first 20 rows are empty).")


def _after(rows: Iterator[tuple[int, list[Any]]], header_row: int) -> Iterator[tuple[int, list[Any]]]:
    for number, row in rows:
        if number > header_row:
            yield number, row


def open_table(path: Path | str) -> Table:
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise _problem("unreadable", f"文件打不开：{exc.strerror}", f"Cannot open the file: {exc.strerror}") from exc
    if size == 0 or not head.strip():
        raise _problem("empty", "文件是空的。", "The file is empty.")
    if head.startswith(b"PK\x03\x04"):
        return _xlsx_table(path, size)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _problem("xls", "这是旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入。",
                       "This is an old Excel (.xls) file; save it as .xlsx or CSV first.")
    return _csv_table(path, head, size)

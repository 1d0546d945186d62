"""A streaming reader for the first worksheet of an ``.xlsx`` file, in constant memory.

openpyxl's read-only mode clears each parsed ``<row>`` but leaves the empty element in its
parent, so its memory grows by ~90 bytes a row (+88 MiB at a million rows), and it builds a
dictionary and a cell object per cell (~2,500 rows/s on the order exports).  This reader
inflates the sheet from the zip 64 KiB at a time, cuts the XML after the last ``</row>`` in
hand and parses that piece (about 100 rows) with ``xml.etree.ElementTree`` (expat and the C
tree builder) as a small document of its own, turns its rows into lists of values and lets
the piece go: what it holds is one piece, whatever the size of the sheet.  Sheets that do not
suit the cut are read with one ``XMLPullParser`` over the whole document instead, dropping
each row element from the tree once read (see :meth:`XlsxSheet.rows`).  Only the
shared-string table is held whole (see ``_shared_strings``).

The values are the ones ``openpyxl.load_workbook(path, read_only=True, data_only=True)`` and
``sheet.iter_rows(values_only=True)`` give, which is what the import was written against:

* numbers: ``int`` when the text has no ``.``/``E``/``e``, else ``float``;
* cells with a date format (built-in ids 14–22 and 45–47, or a custom code with date or time
  letters outside quotes and brackets): ``datetime`` (``time`` below one day, ``timedelta``
  for ``[h]:mm``-style codes), from the 1900 date system or the 1904 one if the workbook
  says ``date1904``; a serial outside the calendar gives ``"#VALUE!"``;
* shared and inline strings: the text, rich-text runs joined; formula cells: the value Excel
  cached (``t="str"`` text, numbers, booleans, error texts like ``"#N/A"``); ``t="b"``:
  ``bool``; ``t="d"``: ISO 8601 date/time;
* rows numbered from 1 as in the sheet (``r`` attributes, missing rows given as empty rows,
  a row numbered at or below one already given is skipped), cells placed by their ``r``
  column (gaps are ``None``), each row padded to the width the sheet's ``<dimension>``
  states.

Where openpyxl trusts a wrong ``<dimension>`` (some writers store ``A1`` for any sheet),
it stops after that many rows and columns and silently drops the rest; this reader reads
every row and cell there is, and does not add the empty rows such a ``<dimension>`` may
promise after the last real one.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any, Callable, Iterable, Iterator
from xml.etree import ElementTree as ET

CHUNK = 64 * 1024  # bytes of XML parsed between two clean-ups of the tree (~100 order rows)
HEAD_LIMIT = 4 * 1024 * 1024  # bytes before <sheetData> beyond which rows are pulled instead
SEGMENT_LIMIT = 32 * 1024 * 1024  # bytes without a </row> beyond which rows are pulled instead
WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)
SECS_PER_DAY = 86400
_UNKNOWN = object()

# Built-in number formats (ECMA-376 18.8.30) that show a date or a time.  Ids 27–36 and 50–58
# (East Asian locales) are left out, as openpyxl leaves them out: such cells read as numbers,
# and the import itself reads a number in a time column as an Excel serial.
BUILTIN_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
BUILTIN_TIMEDELTA_FORMATS = {46}  # "[h]:mm:ss"
_LITERAL_OR_LOCALE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_ISO = re.compile(r"""(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?
(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?""",
                  re.VERBOSE)
_ISO_DURATION = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")
_DIGITS = "0123456789"
_SHEET_DATA_TAG = re.compile(rb"<((?:[A-Za-z_][\w.\-]*:)?)sheetData(?:\s[^>]*?)?(/?)>")
_ENCODING = re.compile(rb"""(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.\-]+)["']""")

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"


class XlsxError(Exception):
    """The file is a zip archive but not a workbook this reader can read."""


def is_date_format(code: str | None) -> bool:
    """Whether a number format code shows a date or a time: date/time letters in its first
    section, outside quoted literals and ``[...]`` (colours, locales), not escaped."""
    if code is None:
        return False
    code = _LITERAL_OR_LOCALE.sub("", code.split(";")[0])
    return _DATE_LETTER.search(code) is not None


def is_timedelta_format(code: str | None) -> bool:
    return code is not None and _TIMEDELTA.search(code.split(";")[0]) is not None


def from_excel(value: float, epoch: datetime = WINDOWS_EPOCH, as_timedelta: bool = False
               ) -> datetime | time | timedelta:
    """An Excel serial as a date-time, rounded to the millisecond (openpyxl's arithmetic:
    below 1 a ``time``; serials below 60 in the 1900 system allow for Excel's 29 Feb 1900)."""
    if as_timedelta:
        delta = timedelta(days=value)
        if delta.microseconds:
            delta = timedelta(seconds=delta.total_seconds() // 1,
                              microseconds=round(delta.microseconds, -3))
        return delta
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * SECS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + timedelta(days=day) + diff


def from_iso8601(text: str) -> Any:
    """A ``t="d"`` cell (ISO 8601 date, time, date-time or ``PT…`` duration)."""
    if not text:
        return None
    found = _ISO.match(text)
    if found and any(found.groups()):
        parts: dict[str, Any] = found.groupdict(0)
        for key in ("year", "month", "day", "hour", "minute", "second"):
            if parts[key]:
                parts[key] = int(parts[key])
        if parts["microsecond"]:
            parts["microsecond"] = int(float(parts["microsecond"]) * 1_000_000)
        if not parts["date"]:
            return time(parts["hour"], parts["minute"], parts["second"], parts["microsecond"])
        if not parts["time"]:
            return date(parts["year"], parts["month"], parts["day"])
        del parts["time"], parts["date"]
        return datetime(**parts)
    found = _ISO_DURATION.match(text)
    if found and any(found.groups()):
        return timedelta(**{k: float(v) for k, v in found.groupdict(0).items()})
    raise ValueError(f"invalid date-time {text!r}")


def _number(text: str) -> int | float | str:
    if "." in text or "E" in text or "e" in text:
        try:
            return float(text)
        except ValueError:
            return text
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)  # "inf", "nan": openpyxl stops with an error here
        except ValueError:
            return text


def _namespace(tag: str) -> str:
    return tag[: tag.index("}") + 1] if tag.startswith("{") else ""


def _text_of(node: ET.Element, t_tag: str, r_tag: str) -> str:
    """Text of a ``<si>`` or ``<is>``: its ``<t>``, then the ``<t>`` of each rich-text run
    ``<r>``; phonetic runs (``<rPh>``) are not part of the value."""
    plain = None
    runs = []
    for child in node:
        if child.tag == t_tag:
            plain = child.text
        elif child.tag == r_tag:
            text = None
            for part in child:
                if part.tag == t_tag:
                    text = part.text
            if text is not None:
                runs.append(text)
    if not runs:
        return plain or ""
    return "".join(([plain] if plain is not None else []) + runs)


def _column(letters: str) -> int:
    number = 0
    for char in letters.upper():
        if not "A" <= char <= "Z":
            raise ValueError(letters)
        number = number * 26 + ord(char) - 64
    if not 1 <= number <= 18278:  # "ZZZ"
        raise ValueError(letters)
    return number


class XlsxSheet:
    """The first worksheet of ``path``.  ``rows()`` streams ``(row_number, values)`` and can
    be called again (each call reads the sheet from its start); ``close()`` closes the file.

    Opening reads the workbook's parts list, styles and shared strings; errors there come out
    as ``XlsxError``, ``zipfile.BadZipFile``, ``ET.ParseError``, ``OSError`` and the like.
    """

    def __init__(self, path: Any) -> None:
        self._zip = zipfile.ZipFile(path)
        try:
            self._open()
        except BaseException:
            self._zip.close()
            raise

    # ------------------------------------------------------------------ opening

    def _open(self) -> None:
        names = set(self._zip.namelist())
        self._names = names
        workbook = self._workbook_part()
        rels = self._relationships(workbook)
        self.epoch = WINDOWS_EPOCH
        self.sheet_path: str | None = None
        if workbook in names:
            root = ET.fromstring(self._zip.read(workbook))
            ns = _namespace(root.tag)
            props = root.find(f"{ns}workbookPr")
            flag = props.get("date1904") if props is not None else None
            if flag is not None and flag not in ("false", "f", "0") and flag:
                self.epoch = MAC_EPOCH
            sheets = root.find(f"{ns}sheets")
            for sheet in sheets if sheets is not None else ():
                rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
                kind, target = rels.get(rel_id, ("", ""))
                if target in names and "chartsheet" not in kind:
                    self.sheet_path = target
                    break
        if self.sheet_path is None:
            if "xl/worksheets/sheet1.xml" not in names:
                raise XlsxError("no worksheet in the file")
            self.sheet_path = "xl/worksheets/sheet1.xml"
        by_kind = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
        self._date_styles = self._styles(by_kind.get("styles", "xl/styles.xml"))
        self.shared_strings = self._shared_strings(
            by_kind.get("sharedStrings", "xl/sharedStrings.xml"))

    def _workbook_part(self) -> str:
        if "_rels/.rels" in self._names:
            for kind, target in self._read_rels("_rels/.rels", "").values():
                if kind.endswith(_OFFICE_DOCUMENT) and target in self._names:
                    return target
        return "xl/workbook.xml"

    def _relationships(self, part: str) -> dict[str | None, tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        return self._read_rels(rels, folder) if rels in self._names else {}

    def _read_rels(self, rels: str, folder: str) -> dict[str | None, tuple[str, str]]:
        found: dict[str | None, tuple[str, str]] = {}
        for rel in ET.fromstring(self._zip.read(rels)).iter(f"{_REL_NS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = (target[1:] if target.startswith("/")
                      else posixpath.normpath(posixpath.join(folder, target)))
            found[rel.get("Id")] = (rel.get("Type", ""), target)
        return found

    def _styles(self, part: str) -> dict[str, bool]:
        """Cell styles (``s`` attribute, as text) whose number format is a date or a time,
        mapped to whether it is a duration format."""
        dates: dict[str, bool] = {}
        if part not in self._names:
            return dates
        root = ET.fromstring(self._zip.read(part))
        ns = _namespace(root.tag)
        custom = {}
        formats = root.find(f"{ns}numFmts")
        for fmt in formats if formats is not None else ():
            if fmt.tag == f"{ns}numFmt":
                custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode")
        xfs = root.find(f"{ns}cellXfs")
        for index, xf in enumerate(xfs.findall(f"{ns}xf") if xfs is not None else ()):
            number = int(xf.get("numFmtId", "0"))
            if number in custom:
                code = custom[number]
                is_date, is_delta = is_date_format(code), is_timedelta_format(code)
            else:
                is_date = number in BUILTIN_DATE_FORMATS
                is_delta = number in BUILTIN_TIMEDELTA_FORMATS
            if is_date:
                dates[str(index)] = is_delta
        return dates

    def _shared_strings(self, part: str) -> list[str]:
        # The shared-string table is the one part a sheet's cells point into at random, so it
        # is held in memory: a list of the file's distinct texts, as big as those texts are
        # (inherent in the format; order exports written with inline strings have none).
        strings: list[str] = []
        if part not in self._names:
            return strings
        with self._zip.open(part) as source:
            parser = ET.XMLPullParser(events=("start", "end"))
            root = None
            si = t_tag = r_tag = ""
            for block in iter(lambda: source.read(CHUNK), b""):
                parser.feed(block)
                for event, element in parser.read_events():
                    if root is None:
                        root = element
                        ns = _namespace(root.tag)
                        si, t_tag, r_tag = f"{ns}si", f"{ns}t", f"{ns}r"
                    elif event == "end" and element.tag == si:
                        text = _text_of(element, t_tag, r_tag)
                        strings.append(text.replace("x005F_", "") if "x005F_" in text else text)
                if root is not None:
                    del root[:]  # drop finished <si> elements (any open one stays referenced)
            parser.close()
        return strings

    # ------------------------------------------------------------------ reading

    def close(self) -> None:
        self._zip.close()

    def rows(self, *, split: bool = True) -> Iterator[tuple[int, list[Any]]]:
        """``(row_number, values)`` for every row from 1 to the last row in the sheet.

        Rows are read by cutting the sheet's XML after every ``</row>`` and parsing each piece
        (about 100 rows) as a small document of its own, which spares a Python-level event
        per XML element.  A sheet that does not fit that cut (other text encodings, a
        ``</row>`` inside a comment, …) is read again with one pull parser over the whole
        document, skipping the rows already given; so is a damaged one, which then fails
        there with the parser's own error.  ``split=False`` reads with the pull parser only.
        """
        state = _State()
        if split:
            try:
                yield from self._split_rows(state)
                return
            except _Unsplittable:
                pass
        yield from self._pulled_rows(state)

    def _converter(self, ns: str) -> Callable[[ET.Element, int], tuple[int, list[Any]]]:
        """``convert(row_element, width) -> (row_number, values)`` for the rows of one pass."""
        epoch = self.epoch
        strings = self.shared_strings
        styles: dict[str, Any] = dict(self._date_styles)  # "s" text -> None, False or True
        columns: dict[str, int] = {}
        V, IS, T, R = f"{ns}v", f"{ns}is", f"{ns}t", f"{ns}r"  # noqa: N806 - tag names
        counter = 0  # the last row number read (rows without an "r" follow it)

        def convert(row: ET.Element, width: int) -> tuple[int, list[Any]]:
            nonlocal counter
            number = row.get("r")
            if number is None:
                counter += 1
            else:
                try:
                    counter = int(number)
                except ValueError:
                    counter = int(float(number))  # "5.0"; "5.5" is a damaged file
            values: list[Any] = []
            filled = 0
            for c in row:
                get = c.get
                kind = get("t")
                if kind is None or kind == "n":
                    text = c.findtext(V)
                    if text:
                        if "." in text or "E" in text or "e" in text:
                            value = _number(text)
                        else:
                            try:
                                value = int(text)
                            except ValueError:
                                value = _number(text)
                        style = get("s")
                        if style is not None and type(value) is not str:
                            delta = styles.get(style, _UNKNOWN)
                            if delta is _UNKNOWN:
                                delta = self._style_kind(style)
                                if len(styles) < 10000:
                                    styles[style] = delta
                            if delta is not None:
                                try:
                                    if delta is False and value >= 60:  # from_excel, inlined
                                        day, fraction = divmod(value, 1)
                                        value = epoch + timedelta(days=day, milliseconds=round(
                                            fraction * SECS_PER_DAY * 1000))
                                    else:
                                        value = from_excel(value, epoch, delta)
                                except (OverflowError, ValueError):
                                    value = "#VALUE!"
                    else:
                        value = None
                elif kind == "s":
                    text = c.findtext(V)
                    value = strings[int(text)] if text else None
                elif kind == "inlineStr":
                    node = c.find(IS)
                    if node is None:
                        value = None
                    elif len(node) == 1 and node[0].tag == T:
                        value = node[0].text or ""
                    else:
                        value = _text_of(node, T, R)
                elif kind == "b":
                    text = c.findtext(V)
                    if text:
                        try:
                            value = bool(int(text))
                        except ValueError:
                            value = text.strip().lower() == "true"
                    else:
                        value = None
                elif kind == "d":
                    text = c.findtext(V) or ""
                    try:
                        value = from_iso8601(text)
                    except ValueError:  # openpyxl stops with an error here
                        value = text
                else:  # "str" (a formula's text), "e" (an error such as "#N/A"), others
                    value = c.findtext(V) or None
                ref = get("r")
                if ref is None:
                    column = filled + 1
                else:
                    letters = ref.rstrip(_DIGITS)
                    column = columns.get(letters)
                    if column is None:
                        try:
                            column = _column(letters)
                        except ValueError:  # not a cell reference: take the next column
                            column = filled + 1
                        else:
                            if len(columns) < 20000:
                                columns[letters] = column
                if column == filled + 1:
                    values.append(value)
                    filled = column
                elif column > filled:
                    values.extend([None] * (column - filled - 1))
                    values.append(value)
                    filled = column
                else:  # cells out of order: the later one wins, as in openpyxl
                    values[column - 1] = value
            if filled < width:
                values.extend([None] * (width - filled))
            return counter, values

        return convert

    @staticmethod
    def _emit(rows: Iterable[ET.Element], row_tag: str, width: int, state: _State,
              convert: Callable[[ET.Element, int], tuple[int, list[Any]]]
              ) -> Iterator[tuple[int, list[Any]]]:
        """The rows in order: missing ones as empty rows (as openpyxl gives them), a row
        numbered at or below one already given left out (as openpyxl leaves it out)."""
        for row in rows:
            if row.tag != row_tag:
                continue
            number, values = convert(row, width)
            last = state.last
            if number > last:
                for missing in range(last + 1, number):
                    yield missing, [None] * width
                state.last = number
                yield number, values

    def _split_rows(self, state: _State) -> Iterator[tuple[int, list[Any]]]:
        with self._zip.open(self.sheet_path) as source:
            read = source.read
            head = b""
            while (found := _SHEET_DATA_TAG.search(head)) is None:
                block = read(CHUNK)
                if not block or len(head) > HEAD_LIMIT:
                    raise _Unsplittable()
                head += block
            declared = _ENCODING.match(head)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
                    declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
                raise _Unsplittable()
            outer = ET.XMLPullParser(events=("start-ns", "start"))
            outer.feed(head[: found.end()])
            root = element = None
            declarations: list[tuple[str, str]] = []
            scope: dict[str, str] = {}
            ns = ""
            width = 0
            for event, item in outer.read_events():
                if event == "start-ns":
                    declarations.append(item)
                    continue
                element = item
                if root is None:
                    root = element
                    ns = _namespace(root.tag)
                elif element.tag == f"{ns}dimension":
                    width = self._dimension_width(element.get("ref", ""))
                if element is root or element.tag == f"{ns}sheetData":
                    scope.update(declarations)  # in scope for the rows
                declarations = []
            if element is None or element.tag != f"{ns}sheetData":
                raise _Unsplittable()
            if found.group(2):  # <sheetData/>: no rows
                return
            wrapper = b"<_" + b"".join(
                (b' xmlns:%s="%s"' % (prefix.encode(), _attr(uri)) if prefix
                 else b' xmlns="%s"' % _attr(uri)) for prefix, uri in scope.items()) + b">"
            row_end = b"</" + found.group(1) + b"row>"
            data_end = b"</" + found.group(1) + b"sheetData"
            row_tag = f"{ns}row"
            convert = self._converter(ns)
            emit = self._emit

            def parse(piece: bytes) -> ET.Element:
                try:
                    return ET.fromstring(wrapper + piece + b"</_>")
                except ET.ParseError:
                    raise _Unsplittable() from None

            buffer = head[found.end():]
            while True:
                block = read(CHUNK)
                if not block:
                    break
                buffer += block
                cut = buffer.rfind(row_end)
                if cut < 0:
                    if len(buffer) > SEGMENT_LIMIT:
                        raise _Unsplittable()
                    continue
                cut += len(row_end)
                yield from emit(parse(buffer[:cut]), row_tag, width, state, convert)
                buffer = buffer[cut:]
            end = buffer.find(data_end)
            if end < 0:
                raise _Unsplittable()  # cut short: the pull parser says where
            if buffer[:end].strip():  # e.g. empty rows written as <row r="9"/>
                yield from emit(parse(buffer[:end]), row_tag, width, state, convert)
            try:
                outer.feed(buffer[end:])  # the rest of the document must be well-formed
                outer.close()
            except ET.ParseError:
                raise _Unsplittable() from None

    def _pulled_rows(self, state: _State) -> Iterator[tuple[int, list[Any]]]:
        with self._zip.open(self.sheet_path) as source:
            parser = ET.XMLPullParser(events=("start",))
            events = parser.read_events
            read = source.read
            convert = None
            emit = self._emit
            row_tag = sheet_data_tag = dimension_tag = "\0"
            sheet_data = pending = None  # pending: a <row> whose end may not be parsed yet
            width = 0
            while True:
                block = read(CHUNK)
                if block:
                    parser.feed(block)
                else:
                    parser.close()
                for _event, element in events():
                    tag = element.tag
                    if tag == row_tag:
                        if pending is not None:  # it ended when this one started
                            yield from emit((pending,), row_tag, width, state, convert)
                        pending = element
                    elif convert is None:  # the root element
                        ns = _namespace(tag)
                        convert = self._converter(ns)
                        row_tag, sheet_data_tag = f"{ns}row", f"{ns}sheetData"
                        dimension_tag = f"{ns}dimension"
                    elif tag == sheet_data_tag:
                        sheet_data = element
                    elif tag == dimension_tag:
                        width = self._dimension_width(element.get("ref", ""))
                if sheet_data is not None:
                    del sheet_data[:]  # rows stay referenced by `pending` and the parser only
                if not block:
                    break
            if pending is not None and convert is not None:
                yield from emit((pending,), row_tag, width, state, convert)

    def _style_kind(self, style: str) -> bool | None:
        """None if cells of style ``style`` are not dates, else whether they are durations."""
        try:
            return self._date_styles.get(str(int(style)))
        except ValueError:
            return None

    @staticmethod
    def _dimension_width(ref: str) -> int:
        """The last column of a ``<dimension ref="A1:W1000">``, 0 if unreadable."""
        corner = ref.split(":")[-1].replace("$", "").rstrip(_DIGITS)
        try:
            return _column(corner) if corner else 0
        except ValueError:
            return 0


class _State:
    last = 0  # the last row number given


class _Unsplittable(Exception):
    """The sheet cannot be read by cutting it at ``</row>``; read it with the pull parser."""


def _attr(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;").encode()

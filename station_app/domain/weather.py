"""Daily weather per station (DOMAIN.md §7): the records weather-index insurance reads.

A :class:`DailyWeather` is one day at one station: ``date``, ``precip_mm`` (24-hour
precipitation in mm), ``tmax``, ``tmin`` and ``tmean`` (°C).  Values are ``Decimal`` when they
come from an import; the insurance functions also accept ``float`` and ``None`` (= missing).

:func:`parse_weather_csv` reads the station-data CSV (see docs/insurance.md, "Weather CSV")::

    # optional comment lines start with '#'
    station_id,date,precip_mm,tmax,tmin,tmean
    MX-57016,2020-07-01,0.0,33.1,21.4,27.0

Rules (all of them reported, never raised):

* Columns are found by header (English names above, or 站号/日期/降水量/最高气温/最低气温/
  平均气温); their order does not matter and other columns are ignored.  ``tmean`` is optional:
  when the column is absent or a cell is empty, ``tmean = (tmax + tmin) / 2`` (exact, not
  rounded) and :attr:`WeatherRecord.tmean_derived` is set.
* Dates: ``YYYY-MM-DD``, ``YYYY/MM/DD`` or ``YYYYMMDD``.  Numbers: plain decimals; a
  precipitation cell ``微量`` or ``T`` (trace) counts as 0.0 mm.  An empty cell (or ``NA``,
  ``-``, ``缺测``) is a *missing value*: the row is kept with ``None`` there and a warning is
  given, so an insurance phase that needs that value becomes incomplete.
* A row with an unreadable date or number, or an impossible value (precipitation below 0 or
  above 1000 mm, a temperature outside −60…60 °C, ``tmax < tmin``, ``tmean`` outside
  ``tmin…tmax``) is **not imported**; each problem is reported with its line number.
* Duplicates (same station and date): the **first** row is kept, every later one is reported
  (an error when its values differ, a warning when it repeats the first exactly) and dropped.
* Gaps: for each station, every run of missing dates between its first and last date is
  reported as a date range (dropped rows leave gaps too).

Line numbers are physical line numbers of the file (comment lines and the header count; the
first line is 1).  When rows are given as lists the header row is line 1; as dicts, the first
dict is line 2.

Large files: pass a ``pathlib.Path`` or an open text file (any iterable of lines); it is read
line by line.  Only the
kept records and one date set per station are held in memory.  :class:`WeatherParser` is the
same machinery for callers that feed rows themselves.

Stored days (``weather_day``, see ``services/weather.py``): :func:`weather_day_id` gives the
deterministic id of (owner, weather station, day), :func:`to_tenths` / :func:`from_tenths`
convert values to and from the stored tenths (half-up; exact back), and
:func:`generate_days` makes plausible GENERATED days that continue a station's record (for
the demo only).
"""

from __future__ import annotations

import csv
import os
import random
import re
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Union

from station_app.domain.messages import Message

__all__ = [
    "COLUMNS",
    "MAX_PRECIP_MM",
    "MAX_STATION_ID_LENGTH",
    "TEMP_RANGE",
    "WEATHER_DAY_NAMESPACE",
    "DailyWeather",
    "Gap",
    "WeatherImport",
    "WeatherParser",
    "WeatherProblem",
    "WeatherRecord",
    "days_in_range",
    "from_tenths",
    "generate_days",
    "has_finer_than_tenths",
    "is_weather_station_id",
    "parse_weather_csv",
    "to_tenths",
    "weather_day_id",
]

Number = Union[Decimal, float, int]

COLUMNS = ("station_id", "date", "precip_mm", "tmax", "tmin", "tmean")
REQUIRED_COLUMNS = ("station_id", "date", "precip_mm", "tmax", "tmin")
MAX_PRECIP_MM = Decimal(1000)
TEMP_RANGE = (Decimal(-60), Decimal(60))

_COLUMN_NAMES = {  # column → (zh, en) for messages
    "station_id": ("站号", "station_id"), "date": ("日期", "date"),
    "precip_mm": ("降水量", "precip_mm"), "tmax": ("最高气温", "tmax"),
    "tmin": ("最低气温", "tmin"), "tmean": ("平均气温", "tmean"),
}
_ALIASES = {
    "station_id": ("station_id", "station", "stationid", "站号", "台站号", "区站号", "站点"),
    "date": ("date", "day", "日期"),
    "precip_mm": ("precip_mm", "precip", "prcp", "precipitation", "降水量", "降水",
                  "降水量(mm)", "日降水量", "日降水量(mm)"),
    "tmax": ("tmax", "最高气温", "日最高气温", "最高气温(°C)"),
    "tmin": ("tmin", "最低气温", "日最低气温", "最低气温(°C)"),
    "tmean": ("tmean", "tavg", "平均气温", "日平均气温", "平均气温(°C)"),
}
_HEADER_TO_COLUMN = {alias.lower(): column for column, aliases in _ALIASES.items()
                     for alias in aliases}
_MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "--", "缺测"}
_TRACE = {"t", "trace", "微量"}
_DATE_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$|^(\d{4})(\d{2})(\d{2})$")


@dataclass(frozen=True)
class DailyWeather:
    """One day of weather at one station; ``None`` means the value is missing."""

    date: date
    precip_mm: Number | None
    tmax: Number | None
    tmin: Number | None
    tmean: Number | None


@dataclass(frozen=True)
class WeatherRecord:
    """A kept row of an import: a :class:`DailyWeather` plus where it came from.

    It has the same ``date``/``precip_mm``/``tmax``/``tmin``/``tmean`` attributes, so a list
    of records can be given to the insurance functions directly.
    """

    station_id: str
    date: date
    precip_mm: Decimal | None
    tmax: Decimal | None
    tmin: Decimal | None
    tmean: Decimal | None
    line: int
    tmean_derived: bool = False

    @property
    def daily(self) -> DailyWeather:
        return DailyWeather(self.date, self.precip_mm, self.tmax, self.tmin, self.tmean)


@dataclass(frozen=True)
class WeatherProblem:
    """One problem of an import; ``line`` is None for problems of a whole station (gaps)."""

    line: int | None
    message: Message
    severity: str = "error"  # "error": the row was not imported; "warning": it was
    station_id: str | None = None
    column: str = ""

    @property
    def code(self) -> str:
        return self.message.code

    def text(self, language: str = "zh_CN") -> str:
        return self.message.text(language)


@dataclass(frozen=True)
class Gap:
    """Dates ``first`` … ``last`` (inclusive) with no row for ``station_id``."""

    station_id: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass
class WeatherImport:
    """What :func:`parse_weather_csv` found: the kept rows and every problem."""

    rows: list[WeatherRecord] = field(default_factory=list)
    problems: list[WeatherProblem] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    rows_read: int = 0  # data rows seen (not counting header, comments and blank lines)

    @property
    def errors(self) -> list[WeatherProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[WeatherProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """No problem at all (no errors, no warnings, no gaps)."""
        return not self.problems

    @property
    def stations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.station_id for r in self.rows))

    def days(self, station_id: str) -> list[DailyWeather]:
        """The station's days, in date order."""
        return sorted((r.daily for r in self.rows if r.station_id == station_id),
                      key=lambda d: d.date)

    def days_by_year(self, station_id: str) -> dict[int, list[DailyWeather]]:
        """The station's days grouped by calendar year (for burn analysis)."""
        out: dict[int, list[DailyWeather]] = {}
        for day in self.days(station_id):
            out.setdefault(day.date.year, []).append(day)
        return out


# --------------------------------------------------------------------------- cell parsing

def _clean(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lstrip("\ufeff")
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text).strip()
        return text
    return value


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.lower() in _MISSING)


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    m = _DATE_RE.match(value)
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _parse_number(value: Any, column: str) -> Decimal | None:
    """A finite Decimal, or None when the cell is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        if column == "precip_mm" and value.lower() in _TRACE:
            return Decimal("0.0")
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def _header_key(text: Any) -> str:
    value = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "")
    return re.sub(r"\s+", "", value).lower()


# --------------------------------------------------------------------------- the parser

class WeatherParser:
    """Incremental import: :meth:`header`, then :meth:`row` per data row, then :meth:`finish`."""

    def __init__(self) -> None:
        self.result = WeatherImport()
        self._positions: dict[str, int] | None = None
        self._first_line: dict[tuple[str, date], int] = {}
        self._kept: dict[tuple[str, date], WeatherRecord] = {}
        self._dates: dict[str, set[int]] = {}
        self._error_count = 0

    def _problem(self, line: int | None, code: str, zh: str, en: str, *,
                 severity: str = "error", station_id: str | None = None,
                 column: str = "") -> None:
        if severity == "error":
            self._error_count += 1
        self.result.problems.append(WeatherProblem(
            line, Message(f"weather.{code}", zh, en), severity, station_id, column))

    # ---- header

    def header(self, values: Sequence[Any], line: int) -> bool:
        """Find the columns; False (and a problem) when a required one is missing."""
        positions: dict[str, int] = {}
        for index, text in enumerate(values):
            column = _HEADER_TO_COLUMN.get(_header_key(text))
            if column is not None and column not in positions:
                positions[column] = index
        missing = [c for c in REQUIRED_COLUMNS if c not in positions]
        if missing:
            zh = "、".join(f"“{_COLUMN_NAMES[c][0]}”（{c}）" for c in missing)
            en = ", ".join(missing)
            self._problem(line, "column_missing",
                          f"第 {line} 行（表头）缺少 {zh} 列：气象数据需要 station_id、date、"
                          "precip_mm、tmax、tmin 这几列（tmean 可以没有）",
                          f"Line {line} (the header) lacks the column(s) {en}: weather data "
                          "needs station_id, date, precip_mm, tmax and tmin (tmean is optional)")
            return False
        self._positions = positions
        return True

    @property
    def has_header(self) -> bool:
        return self._positions is not None

    # ---- one row

    def row(self, values: Sequence[Any] | Mapping[str, Any], line: int) -> WeatherRecord | None:
        """Check and keep one data row; returns the kept record or None."""
        if self._positions is None:
            raise RuntimeError("header() first")
        self.result.rows_read += 1
        cells: dict[str, Any] = {}
        for column, index in self._positions.items():
            cells[column] = _clean(values[index]) if index < len(values) else None
        errors_before = self._error_count

        station = cells.get("station_id")
        station_id = str(station) if station not in (None, "") else None
        if station_id is None:
            self._problem(line, "station_missing", f"第 {line} 行没有填写站号（station_id），本行未导入",
                          f"Line {line} has no station_id; the row was not imported",
                          column="station_id")

        day: date | None = None
        raw_date = cells.get("date")
        if _is_missing(raw_date):
            self._problem(line, "date_missing", f"第 {line} 行没有填写日期，本行未导入",
                          f"Line {line} has no date; the row was not imported",
                          station_id=station_id, column="date")
        else:
            day = _parse_date(raw_date)
            if day is None:
                self._problem(line, "date_invalid",
                              f"第 {line} 行的日期“{raw_date}”看不懂，请写成 2020-07-01 的样子，"
                              "本行未导入",
                              f"Line {line}: the date “{raw_date}” is not readable; write it "
                              "like 2020-07-01. The row was not imported",
                              station_id=station_id, column="date")

        values_ok: dict[str, Decimal | None] = {}
        for column in ("precip_mm", "tmax", "tmin", "tmean"):
            raw = cells.get(column)
            zh_name = _COLUMN_NAMES[column][0]
            if _is_missing(raw):
                values_ok[column] = None
                if column != "tmean":
                    self._problem(line, "value_missing",
                                  f"第 {line} 行的{zh_name}（{column}）是空的（缺测），已导入，"
                                  "但用到这一天这一项的保险阶段会算作数据不全",
                                  f"Line {line}: {column} is empty (missing); the row was "
                                  "imported, but an insurance phase that needs this value "
                                  "will count as incomplete",
                                  severity="warning", station_id=station_id, column=column)
                continue
            number = _parse_number(raw, column)
            if number is None:
                self._problem(line, "number_invalid",
                              f"第 {line} 行的{zh_name}（{column}）“{raw}”不是数字，本行未导入",
                              f"Line {line}: {column} “{raw}” is not a number; the row was "
                              "not imported", station_id=station_id, column=column)
                continue
            values_ok[column] = number
            self._check_range(line, column, number, station_id)

        tmax, tmin, tmean = values_ok.get("tmax"), values_ok.get("tmin"), values_ok.get("tmean")
        if tmax is not None and tmin is not None and tmax < tmin:
            self._problem(line, "tmax_below_tmin",
                          f"第 {line} 行的最高气温 {tmax} °C 低于最低气温 {tmin} °C，不可能，"
                          "请检查两列是否填反，本行未导入",
                          f"Line {line}: tmax {tmax} °C is below tmin {tmin} °C, which is "
                          "impossible (columns swapped?); the row was not imported",
                          station_id=station_id, column="tmax")
        elif (tmean is not None and tmax is not None and tmin is not None
              and not tmin <= tmean <= tmax):
            self._problem(line, "tmean_outside",
                          f"第 {line} 行的平均气温 {tmean} °C 不在最低 {tmin} °C 和最高 {tmax} °C "
                          "之间，不可能，本行未导入",
                          f"Line {line}: tmean {tmean} °C is not between tmin {tmin} °C and "
                          f"tmax {tmax} °C, which is impossible; the row was not imported",
                          station_id=station_id, column="tmean")

        if self._error_count > errors_before or station_id is None or day is None:
            return None
        derived = False
        if tmean is None and tmax is not None and tmin is not None:
            tmean, derived = (tmax + tmin) / 2, True
        record = WeatherRecord(station_id, day, values_ok.get("precip_mm"), tmax, tmin, tmean,
                               line, derived)
        key = (station_id, day)
        first = self._kept.get(key)
        if first is not None:
            same = (first.precip_mm, first.tmax, first.tmin, first.tmean) == (
                record.precip_mm, record.tmax, record.tmin, record.tmean)
            detail_zh = "内容相同" if same else "但数值不同"
            detail_en = "with the same values" if same else "with different values"
            self._problem(line, "duplicate",
                          f"第 {line} 行与第 {first.line} 行是同一站点同一天（{station_id} "
                          f"{day.isoformat()}），{detail_zh}：保留第 {first.line} 行，本行未导入",
                          f"Line {line} repeats station {station_id} on {day.isoformat()} of "
                          f"line {first.line} {detail_en}: line {first.line} was kept, this row "
                          "was not imported",
                          severity="warning" if same else "error", station_id=station_id)
            return None
        self._kept[key] = record
        self._dates.setdefault(station_id, set()).add(day.toordinal())
        self.result.rows.append(record)
        return record

    def _check_range(self, line: int, column: str, number: Decimal,
                     station_id: str | None) -> None:
        if column == "precip_mm":
            if number < 0 or number > MAX_PRECIP_MM:
                self._problem(line, "precip_impossible",
                              f"第 {line} 行的降水量 {number} 毫米不可能（应在 0 到 1000 毫米之间；"
                              "32766、9999 之类常是缺测标记），本行未导入",
                              f"Line {line}: precipitation {number} mm is impossible (it must "
                              "be 0 to 1000 mm; 32766 or 9999 are often missing-value codes); "
                              "the row was not imported", station_id=station_id, column=column)
        elif not TEMP_RANGE[0] <= number <= TEMP_RANGE[1]:
            zh_name = _COLUMN_NAMES[column][0]
            self._problem(line, "temperature_impossible",
                          f"第 {line} 行的{zh_name}（{column}）{number} °C 不可能（应在 −60 到 60 °C "
                          "之间），本行未导入",
                          f"Line {line}: {column} {number} °C is impossible (it must be −60 to "
                          "60 °C); the row was not imported", station_id=station_id,
                          column=column)

    # ---- the end

    def finish(self) -> WeatherImport:
        """Report the gaps of every station and return the result."""
        if self._positions is None and not any(
                p.code == "weather.column_missing" for p in self.result.problems):
            self._problem(None, "empty", "文件里没有表头，也没有数据",
                          "The file has no header and no data")
        for station_id, ordinals in self._dates.items():
            ordered = sorted(ordinals)
            for previous, current in zip(ordered, ordered[1:]):
                if current - previous > 1:
                    gap = Gap(station_id, date.fromordinal(previous + 1),
                              date.fromordinal(current - 1))
                    self.result.gaps.append(gap)
                    span_zh = (gap.first.isoformat() if gap.days == 1 else
                               f"{gap.first.isoformat()} 至 {gap.last.isoformat()}")
                    span_en = (gap.first.isoformat() if gap.days == 1 else
                               f"{gap.first.isoformat()} to {gap.last.isoformat()}")
                    self._problem(None, "gap",
                                  f"站点 {station_id} 缺少 {span_zh} 共 {gap.days} 天的数据",
                                  f"Station {station_id} has no data for {span_en} "
                                  f"({gap.days} day{'s' if gap.days != 1 else ''})",
                                  severity="warning", station_id=station_id)
        return self.result


# --------------------------------------------------------------------------- entry point

def _numbered_lines(lines: Iterable[str], counter: list[int]) -> Iterator[str]:
    """Lines without comments; ``counter[0]`` is the physical number of the last line read."""
    for text in lines:
        counter[0] += 1
        if text.lstrip("\ufeff").lstrip().startswith("#"):
            continue
        yield text


def parse_weather_csv(text_or_rows: str | os.PathLike[str] | Iterable[Any]) -> WeatherImport:
    """Read station weather data: CSV text, a file path (``pathlib.Path``, streamed), an
    iterable of lines (an open file), or rows.

    Rows may be sequences (the first one is the header) or mappings keyed by header.
    Never raises on bad data: returns the kept rows and every problem (see the module doc).
    """
    parser = WeatherParser()
    if isinstance(text_or_rows, os.PathLike):
        with open(text_or_rows, encoding="utf-8-sig", newline="") as handle:
            _parse_lines(parser, handle)
        return parser.finish()
    if isinstance(text_or_rows, str):
        _parse_lines(parser, text_or_rows.splitlines(keepends=True))
        return parser.finish()
    iterator = iter(text_or_rows)
    first = next(iterator, None)
    if first is None:
        return parser.finish()

    def chained() -> Iterator[Any]:
        yield first
        yield from iterator

    if isinstance(first, str):
        _parse_lines(parser, chained())
    elif isinstance(first, Mapping):
        keys = list(first.keys())
        if parser.header(keys, 1):
            for number, item in enumerate(chained(), start=2):
                parser.row([item.get(k) for k in keys], number)
    else:
        rows = chained()
        for number, item in enumerate(rows, start=1):
            values = list(item)
            if not parser.has_header:
                if not any(_clean(v) not in (None, "") for v in values):
                    continue
                if not parser.header(values, number):
                    break
                continue
            if not any(_clean(v) not in (None, "") for v in values):
                continue
            parser.row(values, number)
    return parser.finish()


def _parse_lines(parser: WeatherParser, lines: Iterable[str]) -> None:
    counter = [0]
    reader = csv.reader(_numbered_lines(lines, counter))
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a field over the size limit: report, read on
            line = counter[0]
            parser._problem(line, "line_unreadable",
                            f"第 {line} 行读不出来（{exc}），本行未导入",
                            f"Line {line} cannot be read ({exc}); it was not imported")
            continue
        line = counter[0]
        if not any(v.strip() for v in values):
            continue
        if not parser.has_header:
            if not parser.header(values, line):
                return
            continue
        parser.row(values, line)


def days_in_range(first: date, last: date) -> Iterator[date]:
    """Every date from ``first`` to ``last`` inclusive."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


# --------------------------------------------------------------------------- stored days

# Stored weather days (``weather_day``) carry values in tenths (0.1 mm, 0.1 °C) and an id
# derived from (owner, weather station, day): the owner is the station's id for a station's
# own import and "" for a day loaded on the central server for every station.  Importing the
# same day again therefore updates one row instead of adding a second one, on any computer.
WEATHER_DAY_NAMESPACE = uuid.UUID("6f1d3c2a-5b7e-4f0a-9a41-2c8e7d5b9e10")
MAX_STATION_ID_LENGTH = 40
_STATION_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_TENTH = Decimal("0.1")


def weather_day_id(owner: str, weather_station: str, day: date) -> str:
    """``uuid5(WEATHER_DAY_NAMESPACE, "<owner>|<weather station>|<YYYY-MM-DD>")``."""
    return str(uuid.uuid5(WEATHER_DAY_NAMESPACE, f"{owner}|{weather_station}|{day.isoformat()}"))


def is_weather_station_id(text: Any) -> bool:
    """A storable weather-station id: 1–40 of ``A–Z a–z 0–9 - _``."""
    return isinstance(text, str) and bool(_STATION_ID_RE.match(text))


def to_tenths(value: Number | None) -> int | None:
    """A value in tenths, rounded half-up (a derived Tmean such as 20.05 becomes 201).

    Half-up keeps every "≤ X" test at a threshold of one decimal exact for values on a
    0.05 grid (the derived Tmean): 20.05 → 20.1 stays above 20, 19.95 → 20.0 stays ≤ 20.
    """
    if value is None:
        return None
    number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(
        value, float) else value)
    return int(number.quantize(_TENTH, rounding=ROUND_HALF_UP).scaleb(1))


def from_tenths(value: int | None) -> Decimal | None:
    """Tenths back to an exact Decimal with one decimal (235 → Decimal("23.5"))."""
    return None if value is None else Decimal(value).scaleb(-1)


def has_finer_than_tenths(value: Number | None) -> bool:
    """True when storing ``value`` in tenths would round it (e.g. 12.34)."""
    if value is None:
        return False
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number != number.quantize(_TENTH, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- generated days

def _climate(history: Iterable[Any]) -> dict[str, list[float]] | None:
    """Monthly normals (Jan..Dec) of a daily record: mean Tmean, diurnal range, spread of the
    daily Tmean around the month's mean, precipitation per month and wet days per month."""
    sums: dict[str, list[list[float]]] = {k: [[] for _ in range(12)]
                                          for k in ("tmean", "dtr", "precip", "wet")}
    months: list[set[tuple[int, int]]] = [set() for _ in range(12)]
    for day in history:
        m = day.date.month - 1
        if day.tmean is not None:
            sums["tmean"][m].append(float(day.tmean))
        if day.tmax is not None and day.tmin is not None:
            sums["dtr"][m].append(float(day.tmax) - float(day.tmin))
        if day.precip_mm is not None:
            months[m].add((day.date.year, day.date.month))
            sums["precip"][m].append(float(day.precip_mm))
            sums["wet"][m].append(1.0 if float(day.precip_mm) >= 0.1 else 0.0)
    if any(not sums["tmean"][m] or not sums["dtr"][m] or not months[m] for m in range(12)):
        return None
    out: dict[str, list[float]] = {"tmean": [], "dtr": [], "sd": [], "precip": [], "wet": []}
    for m in range(12):
        temps = sums["tmean"][m]
        mean = sum(temps) / len(temps)
        out["tmean"].append(mean)
        out["dtr"].append(sum(sums["dtr"][m]) / len(sums["dtr"][m]))
        out["sd"].append(max(0.5, (sum((t - mean) ** 2 for t in temps) / len(temps)) ** 0.5))
        out["precip"].append(sum(sums["precip"][m]) / len(months[m]))
        out["wet"].append(sum(sums["wet"][m]) / len(months[m]))
    return out


_MID_MONTH = (15.5, 45, 74.5, 105, 135.5, 166, 196.5, 227.5, 258, 288.5, 319, 349.5)


def _interpolate(values: Sequence[float], doy: float) -> float:
    """Periodic linear interpolation between mid-month values (day of year ``doy``)."""
    x = doy if doy >= _MID_MONTH[0] else doy + 365
    for i in range(12):
        j = (i + 1) % 12
        a, b = _MID_MONTH[i], _MID_MONTH[j] + (365 if j == 0 else 0)
        if a <= x <= b:
            return values[i] + (values[j] - values[i]) * (x - a) / (b - a)
    return values[0]  # pragma: no cover


def generate_days(history: Iterable[Any], first: date, last: date, *,
                  seed: str = "") -> list[DailyWeather]:
    """Plausible GENERATED days ``first`` … ``last`` for a station, from its own record.

    The model is the one of ``bench/make_weather.py`` with the station's monthly normals
    taken from ``history`` (any records with ``date``/``precip_mm``/``tmax``/``tmin``/
    ``tmean``): Tmean follows the interpolated annual cycle plus a day-to-day AR(1) anomaly
    (φ = 0.8, starting from the last day of ``history``), the diurnal range follows the
    month's normal (smaller on wet days), and rain follows a two-state Markov chain fitted
    to the month's wet-day frequency (persistence 0.35) with gamma amounts (shape 0.75)
    scaled to the month's normal.  Values have one decimal, ``tmin ≤ tmean ≤ tmax`` and
    nothing is missing.  Deterministic: the same history, ``first`` and ``seed`` give the
    same days (a later ``last`` only appends).  Never use these days as observations.

    Raises ValueError when ``history`` lacks a month (no normals to follow).
    """
    if last < first:
        return []
    days = sorted(history, key=lambda d: d.date)
    climate = _climate(days)
    if climate is None:
        raise ValueError("the history must cover every calendar month")
    rng = random.Random(f"{seed}|{first.isoformat()}")
    previous = [d for d in days if d.date < first]
    anomaly, wet = 0.0, False
    if previous and previous[-1].tmean is not None:
        tail = previous[-1]
        doy = tail.date.timetuple().tm_yday
        anomaly = float(tail.tmean) - _interpolate(climate["tmean"], doy)
        wet = tail.precip_mm is not None and float(tail.precip_mm) >= 0.1
    out: list[DailyWeather] = []
    for day in days_in_range(first, last):
        doy = min(day.timetuple().tm_yday, 365)
        month = day.month - 1
        frequency = min(0.95, max(0.01, climate["wet"][month] / 30.4))
        p11 = frequency + (1 - frequency) * 0.35
        p01 = frequency * (1 - p11) / (1 - frequency)
        wet = rng.random() < (p11 if wet else p01)
        mean_wet = climate["precip"][month] / max(climate["wet"][month], 0.5)
        precip = rng.gammavariate(0.75, mean_wet / 0.75) if wet else 0.0
        sd = _interpolate(climate["sd"], doy) * 0.6  # the normals' spread includes year-to-year
        anomaly = 0.8 * anomaly + rng.gauss(0.0, sd * (1 - 0.8 ** 2) ** 0.5)
        tmean = _interpolate(climate["tmean"], doy) + anomaly
        dtr = max(1.0, _interpolate(climate["dtr"], doy) * rng.uniform(0.8, 1.15))
        if wet:
            tmean -= 1.0
            dtr *= 0.55 if precip >= 10 else 0.75
        t_mean = Decimal(f"{tmean:.1f}")
        t_max = max(Decimal(f"{tmean + dtr / 2:.1f}"), t_mean)
        t_min = min(Decimal(f"{tmean - dtr / 2:.1f}"), t_mean)
        rain = min(Decimal(f"{precip:.1f}"), MAX_PRECIP_MM)
        out.append(DailyWeather(day, rain, min(t_max, TEMP_RANGE[1]), max(t_min, TEMP_RANGE[0]),
                                min(max(t_mean, TEMP_RANGE[0]), TEMP_RANGE[1])))
    return out

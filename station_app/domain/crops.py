"""Crop calendar (DOMAIN.md §4): growth days, phases, input cost, yield and price per crop.

The calendar is reference data shipped as ``resources/reference/crops.json`` and editable by
the station admin.  This module turns that JSON into frozen dataclasses and back:

* :func:`load_calendar` – a path or an already-parsed dict → :class:`CropCalendar`.  The data
  is checked strictly; every problem becomes a plain-Chinese
  :class:`~station_app.domain.messages.Message` and all of them are raised together in one
  :class:`CalendarError` (nothing is returned when anything is wrong).
* :func:`dump_calendar` – :class:`CropCalendar` → dict that :func:`load_calendar` reads back
  to an equal calendar (for the admin editor that saves edits).

Day arithmetic (all offsets are whole days counted from the *start date*: the planting date for
annual crops, the season's start event such as full bloom or inoculation for the others, see
:attr:`Crop.start_event_zh`):

* :func:`expected_harvest_date` = start date + :attr:`Crop.growth_days`;
* a :class:`Phase` covers the offsets ``days_from_start`` … ``days_from_start + duration_days - 1``
  (:func:`phase_dates` gives its first and last day, both inclusive).  Phases are ordered, do
  not overlap and end no later than ``growth_days``, so the last phase ends on or before the day
  before the expected harvest date; on the harvest date itself :func:`phase_on` returns None.

Money (DOMAIN.md §6) is ``Decimal`` rounded to the fen, half-up:

* :func:`planting_loan_ceiling` = area (mu) × input cost per mu;
* :func:`expected_harvest_value` = area × yield per mu × price per kg.

Yields are in kg per mu for every crop (black fungus: kg of dried fungus per mu, with 10,000
bags laid out per mu; see docs/crop-calendar.md).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from station_app.domain.jsonfile import FileKind, read_json_file
from station_app.domain.messages import Message
from station_app.domain.refcheck import RefChecker, Where

__all__ = [
    "CATEGORIES",
    "DEFAULT_SALES_WINDOW_DAYS",
    "YIELD_UNITS",
    "CalendarError",
    "Crop",
    "CropCalendar",
    "Phase",
    "SeasonWindow",
    "dump_calendar",
    "expected_harvest_date",
    "expected_harvest_value",
    "load_calendar",
    "phase_dates",
    "phase_on",
    "planting_loan_ceiling",
    "sales_window_end",
]

CATEGORIES = ("field", "orchard", "tea", "fungus")
CATEGORY_ZH = {"field": "大田作物", "orchard": "果树", "tea": "茶叶", "fungus": "食用菌"}
YIELD_UNITS = ("kg",)
DEFAULT_SALES_WINDOW_DAYS = 60
FEN = Decimal("0.01")

_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_MONTH_DAY_RE = re.compile(r"^(\d\d)-(\d\d)$")
_DECIMAL_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")


# --------------------------------------------------------------------------- data classes

def _parse_month_day(text: str) -> tuple[int, int] | None:
    """``"MM-DD"`` → (month, day) if it is a day of some year (02-29 counts), else None."""
    m = _MONTH_DAY_RE.match(text) if isinstance(text, str) else None
    if not m:
        return None
    month, day = int(m.group(1)), int(m.group(2))
    try:
        date(2000, month, day)  # 2000 is a leap year, so 02-29 is accepted
    except ValueError:
        return None
    return month, day


@dataclass(frozen=True)
class SeasonWindow:
    """A stretch of the calendar year, ``start`` to ``end`` inclusive, both ``"MM-DD"``.

    When ``end`` comes before ``start`` the window runs over New Year (e.g. winter wheat
    overwintering ``"11-19"`` → ``"03-03"``).
    """

    start: str
    end: str

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if _parse_month_day(value) is None:
                raise ValueError(f"expected a month-day like '05-10', got {value!r}")

    @property
    def wraps_year(self) -> bool:
        return _parse_month_day(self.end) < _parse_month_day(self.start)  # type: ignore[operator]

    def contains(self, day: date) -> bool:
        """Whether ``day`` (any year) falls inside the window."""
        md = (day.month, day.day)
        first, last = _parse_month_day(self.start), _parse_month_day(self.end)
        assert first is not None and last is not None
        if first <= last:
            return first <= md <= last
        return md >= first or md <= last


@dataclass(frozen=True)
class Phase:
    """One growth phase (e.g. 抽穗扬花), in whole days counted from the crop's start date."""

    code: str
    name_zh: str
    name_en: str
    days_from_start: int
    duration_days: int
    typical_window: SeasonWindow

    @property
    def end_day(self) -> int:
        """First offset *after* the phase (``days_from_start + duration_days``)."""
        return self.days_from_start + self.duration_days

    def name(self, language: str = "zh_CN") -> str:
        return self.name_en if language.lower().startswith("en") else self.name_zh


@dataclass(frozen=True)
class Crop:
    """A crop of the calendar; amounts are ``Decimal``, yields in ``yield_unit`` (kg) per mu."""

    code: str
    name_zh: str
    name_en: str
    category: str
    start_event_zh: str
    start_event_en: str
    growth_days: int
    typical_planting_window: SeasonWindow
    phases: tuple[Phase, ...]
    input_cost_per_mu_yuan: Decimal
    cost_note_zh: str
    typical_yield_per_mu: Decimal
    typical_price_yuan_per_kg: Decimal
    regions_zh: tuple[str, ...]
    yield_unit: str = "kg"
    yield_note_zh: str = ""
    sales_window_days: int = DEFAULT_SALES_WINDOW_DAYS

    def name(self, language: str = "zh_CN") -> str:
        return self.name_en if language.lower().startswith("en") else self.name_zh

    def phase(self, code: str) -> Phase:
        """The phase with this code (KeyError if the crop has none)."""
        for p in self.phases:
            if p.code == code:
                return p
        raise KeyError(code)


@dataclass(frozen=True)
class CropCalendar:
    """A versioned set of crops, keyed by crop code in file order."""

    version: int
    source_note: str
    crops: Mapping[str, Crop] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "crops", MappingProxyType(dict(self.crops)))

    def __getitem__(self, code: str) -> Crop:
        return self.crops[code]

    def __contains__(self, code: object) -> bool:
        return code in self.crops

    def __len__(self) -> int:
        return len(self.crops)

    def get(self, code: str) -> Crop | None:
        return self.crops.get(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.crops)


class CalendarError(ValueError):
    """The calendar data is not valid; ``messages`` says every problem found."""

    def __init__(self, messages: list[Message]) -> None:
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))

    @property
    def codes(self) -> list[str]:
        return [m.code for m in self.messages]


# --------------------------------------------------------------------------- day arithmetic

def _as_day(value: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def expected_harvest_date(crop: Crop, planting_date: date) -> date:
    """Start (planting) date + ``growth_days``."""
    return _as_day(planting_date) + timedelta(days=crop.growth_days)


def sales_window_end(crop: Crop, planting_date: date) -> date:
    """Expected harvest date + ``sales_window_days``: when the harvest should be sold
    (the end of a planting loan's natural term, DOMAIN.md §6)."""
    return expected_harvest_date(crop, planting_date) + timedelta(days=crop.sales_window_days)


def phase_dates(crop: Crop, start_date: date) -> list[tuple[Phase, date, date]]:
    """Each phase with its first and last day (both inclusive) for this start date."""
    start = _as_day(start_date)
    return [(p, start + timedelta(days=p.days_from_start), start + timedelta(days=p.end_day - 1))
            for p in crop.phases]


def phase_on(crop: Crop, start_date: date, day: date) -> Phase | None:
    """The phase the crop is in on ``day``; None before the start, in a gap between phases,
    and from the expected harvest date on."""
    offset = (_as_day(day) - _as_day(start_date)).days
    for p in crop.phases:
        if p.days_from_start <= offset < p.end_day:
            return p
    return None


# --------------------------------------------------------------------------- money

def _amount(value: Decimal | int | str, what: str) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{what} must be a Decimal (or int/str), not {type(value).__name__}")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, (int, str)):
        amount = Decimal(value)
    else:
        raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}")
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{what} must be a finite amount >= 0, got {value!r}")
    return amount


def planting_loan_ceiling(crop: Crop, area_mu: Decimal) -> Decimal:
    """Upper bound of a planting loan: area (mu) × input cost per mu, to the fen (half-up)."""
    area = _amount(area_mu, "area_mu")
    return (area * crop.input_cost_per_mu_yuan).quantize(FEN, rounding=ROUND_HALF_UP)


def expected_harvest_value(crop: Crop, area_mu: Decimal, *, yield_per_mu: Decimal | None = None,
                           price: Decimal | None = None) -> Decimal:
    """Area × yield per mu (kg) × price (元/kg), to the fen (half-up).

    ``yield_per_mu`` and ``price`` default to the calendar's typical values; pass the
    season's own expectations when the farmer has them.
    """
    area = _amount(area_mu, "area_mu")
    per_mu = crop.typical_yield_per_mu if yield_per_mu is None else _amount(
        yield_per_mu, "yield_per_mu")
    unit_price = crop.typical_price_yuan_per_kg if price is None else _amount(price, "price")
    return (area * per_mu * unit_price).quantize(FEN, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- dump

def _dump_window(window: SeasonWindow) -> dict[str, str]:
    return {"from": window.start, "to": window.end}


def dump_calendar(calendar: CropCalendar) -> dict[str, Any]:
    """The calendar as JSON-ready data, in the layout of ``crops.json``."""
    crops = []
    for crop in calendar.crops.values():
        item: dict[str, Any] = {
            "code": crop.code,
            "name_zh": crop.name_zh,
            "name_en": crop.name_en,
            "category": crop.category,
            "start_event_zh": crop.start_event_zh,
            "start_event_en": crop.start_event_en,
            "growth_days": crop.growth_days,
            "typical_planting_window": _dump_window(crop.typical_planting_window),
            "phases": [{
                "code": p.code,
                "name_zh": p.name_zh,
                "name_en": p.name_en,
                "days_from_start": p.days_from_start,
                "duration_days": p.duration_days,
                "typical_window": _dump_window(p.typical_window),
            } for p in crop.phases],
            "input_cost_per_mu_yuan": str(crop.input_cost_per_mu_yuan),
            "cost_note_zh": crop.cost_note_zh,
            "typical_yield_per_mu": {"amount": str(crop.typical_yield_per_mu),
                                     "unit": crop.yield_unit},
        }
        if crop.yield_note_zh:
            item["yield_note_zh"] = crop.yield_note_zh
        item["typical_price_yuan_per_kg"] = str(crop.typical_price_yuan_per_kg)
        item["sales_window_days"] = crop.sales_window_days
        item["regions_zh"] = list(crop.regions_zh)
        crops.append(item)
    return {"version": calendar.version, "source_note": calendar.source_note, "crops": crops}


# --------------------------------------------------------------------------- load + validate

_TOP_FIELDS = {"version": True, "source_note": True, "crops": True}
_CROP_FIELDS = {
    "code": True, "name_zh": True, "name_en": True, "category": True,
    "start_event_zh": True, "start_event_en": True, "growth_days": True,
    "typical_planting_window": True, "phases": True, "input_cost_per_mu_yuan": True,
    "cost_note_zh": True, "typical_yield_per_mu": True, "yield_note_zh": False,
    "typical_price_yuan_per_kg": True, "sales_window_days": False, "regions_zh": True,
}
_PHASE_FIELDS = {"code": True, "name_zh": True, "name_en": True, "days_from_start": True,
                 "duration_days": True, "typical_window": True}
_WINDOW_FIELDS = {"from": True, "to": True}
_YIELD_FIELDS = {"amount": True, "unit": True}

# what a field should be, for the wrong-type message: (zh, en)
_KINDS = {
    "text": ("文字", "text"),
    "int": ("整数", "a whole number"),
    "list": ("列表（用 [ ] 括起来）", "a list (in [ ])"),
    "object": ("一组项目（用 { } 括起来）", "an object (in { })"),
    "decimal": ("写在引号里的数字，例如 \"900.00\"", "a number in quotes, e.g. \"900.00\""),
}


_TOP = Where("作物参考表", "The crop calendar")


class _Checker(RefChecker):
    """Collects messages while turning raw JSON data into dataclasses."""

    prefix = "crops"
    kinds = _KINDS

    def text(self, raw: Mapping[str, Any], name: str, where: Where, *,
             required: bool = True) -> str | None:
        if name not in raw:
            return None if required else ""
        value = raw[name]
        if not isinstance(value, str):
            self.wrong_type(where, name, "text")
            return None
        if required and not value.strip():
            self.add("text_empty", f"{where.zh}的“{name}”不能为空",
                     f"In {where.en}, “{name}” must not be empty")
            return None
        return value

    def integer(self, raw: Mapping[str, Any], name: str, where: Where) -> int | None:
        if name not in raw:
            return None
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(where, name, "int")
            return None
        return value

    def code(self, raw: Mapping[str, Any], where: Where) -> str | None:
        value = self.text(raw, "code", where)
        if value is None:
            return None
        if not _CODE_RE.match(value):
            self.add("code_invalid",
                     f"{where.zh}的代码“{value}”不对：只能用小写英文字母、数字和下划线，"
                     "并以字母开头，例如 rice、black_fungus",
                     f"In {where.en}, the code “{value}” is invalid: use lower-case letters, "
                     "digits and underscores, starting with a letter (e.g. rice, black_fungus)")
            return None
        return value

    def decimal(self, raw: Mapping[str, Any], name: str, where: Where, *,
                money: bool) -> Decimal | None:
        if name not in raw:
            return None
        value = raw[name]
        if not isinstance(value, str):
            self.wrong_type(where, name, "decimal")
            return None
        text = value.strip()
        if not _DECIMAL_RE.match(text):
            self.add("decimal_invalid",
                     f"{where.zh}的“{name}”写的是“{value}”，不是一个数字，"
                     "请写成例如 \"900.00\" 的样子",
                     f"In {where.en}, “{name}” is “{value}”, which is not a number; "
                     "write it like \"900.00\"")
            return None
        amount = Decimal(text)
        if amount < 0:
            self.add("decimal_negative", f"{where.zh}的“{name}”不能是负数（现在是 {text}）",
                     f"In {where.en}, “{name}” must not be negative (it is {text})")
            return None
        if money and amount.as_tuple().exponent < -2:  # type: ignore[operator]
            self.add("money_precision",
                     f"{where.zh}的“{name}”是钱数，最多只能有两位小数（到分），现在是 {text}",
                     f"In {where.en}, “{name}” is an amount of money and may have at most two "
                     f"decimals (fen); it is {text}")
            return None
        return amount

    def window(self, raw: Mapping[str, Any], name: str, where: Where) -> SeasonWindow | None:
        if name not in raw:
            return None
        value = raw[name]
        if not isinstance(value, Mapping):
            self.wrong_type(where, name, "object")
            return None
        here = where.sub(f"的“{name}”", f", “{name}”")
        self.fields(value, _WINDOW_FIELDS, here)
        ends: list[str] = []
        for key in ("from", "to"):
            if key not in value:
                continue
            text = value[key]
            if not isinstance(text, str):
                self.wrong_type(here, key, "text")
            elif _parse_month_day(text) is None:
                self.add("date_invalid",
                         f"{here.zh}的“{key}”写的是“{text}”，不是一个日期，"
                         "请写成“月-日”，例如 05-10",
                         f"In {here.en}, “{key}” is “{text}”, which is not a date; "
                         "write month-day such as 05-10")
            else:
                ends.append(text)
        if len(ends) != 2 or len(value) != 2:
            return None
        return SeasonWindow(ends[0], ends[1])

    # ---- the calendar

    def calendar(self, raw: Any) -> CropCalendar | None:
        if not isinstance(raw, Mapping):
            self.add("wrong_type", "作物参考表应该是一组项目（用 { } 括起来）",
                     "The crop calendar must be an object (in { })")
            return None
        self.fields(raw, _TOP_FIELDS, _TOP)
        version = self.integer(raw, "version", _TOP)
        if version is not None and version <= 0:
            self.add("version_invalid",
                     f"作物参考表的版本号“version”应该是大于 0 的整数，现在是 {version}",
                     f"The calendar “version” must be a whole number above 0; it is {version}")
            version = None
        source_note = self.text(raw, "source_note", _TOP)

        crops: dict[str, Crop] = {}
        seen: dict[str, int] = {}
        ok = True
        items = raw.get("crops")
        if "crops" in raw and not isinstance(items, list):
            self.wrong_type(_TOP, "crops", "list")
            ok = False
        elif isinstance(items, list):
            if not items:
                self.add("no_crops", "作物参考表里一种作物都没有，至少要有一种",
                         "The crop calendar lists no crops; it needs at least one")
            for index, item in enumerate(items, start=1):
                crop = self.crop(item, index)
                code = item.get("code") if isinstance(item, Mapping) else None
                if isinstance(code, str) and code in seen:
                    self.add("duplicate_code",
                             f"作物代码“{code}”出现了两次（第 {seen[code]} 种和第 {index} 种作物），"
                             "每种作物的代码必须不同",
                             f"The crop code “{code}” appears twice (crops {seen[code]} and "
                             f"{index}); every crop needs its own code")
                    ok = False
                elif isinstance(code, str):
                    seen[code] = index
                if crop is None:
                    ok = False
                else:
                    crops.setdefault(crop.code, crop)
        if self.messages or not ok or version is None or source_note is None:
            return None
        return CropCalendar(version=version, source_note=source_note, crops=crops)

    def crop(self, raw: Any, index: int) -> Crop | None:
        label_zh, label_en = f"第 {index} 种作物", f"crop {index}"
        if isinstance(raw, Mapping):
            name, code = raw.get("name_zh"), raw.get("code")
            if isinstance(name, str) and name.strip():
                label_zh += f"“{name}”"
            if isinstance(code, str) and code.strip():
                label_en += f" ({code})"
        where = Where(label_zh, label_en)
        if not isinstance(raw, Mapping):
            self.add("wrong_type", f"{where.zh}应该是一组项目（用 {{ }} 括起来）",
                     f"{where.en} must be an object (in {{ }})")
            return None
        before = len(self.messages)
        self.fields(raw, _CROP_FIELDS, where)
        code = self.code(raw, where)
        texts = {name: self.text(raw, name, where)
                 for name in ("name_zh", "name_en", "start_event_zh", "start_event_en",
                              "cost_note_zh")}
        yield_note = self.text(raw, "yield_note_zh", where, required=False)

        category = self.text(raw, "category", where)
        if category is not None and category not in CATEGORIES:
            self.add("category_invalid",
                     f"{where.zh}的类别“{category}”不对，只能是 field（大田作物）、"
                     "orchard（果树）、tea（茶叶）或 fungus（食用菌）",
                     f"{where.en} has the category “{category}”; it must be field, orchard, "
                     "tea or fungus")

        growth_days = self.integer(raw, "growth_days", where)
        if growth_days is not None and growth_days <= 0:
            self.add("growth_days_invalid",
                     f"{where.zh}的生长天数“growth_days”应该大于 0，现在是 {growth_days}",
                     f"{where.en}: “growth_days” must be above 0; it is {growth_days}")
            growth_days = None

        sales_window = DEFAULT_SALES_WINDOW_DAYS
        if "sales_window_days" in raw:
            value = self.integer(raw, "sales_window_days", where)
            if value is not None and value <= 0:
                self.add("sales_window_invalid",
                         f"{where.zh}的销售期天数“sales_window_days”应该大于 0，现在是 {value}",
                         f"{where.en}: “sales_window_days” must be above 0; it is {value}")
            elif value is not None:
                sales_window = value

        planting_window = self.window(raw, "typical_planting_window", where)
        cost = self.decimal(raw, "input_cost_per_mu_yuan", where, money=True)
        price = self.decimal(raw, "typical_price_yuan_per_kg", where, money=True)
        yield_amount, yield_unit = self.yield_per_mu(raw, where)
        regions = self.regions(raw, where)
        phases = self.phases(raw, where, growth_days)

        if len(self.messages) > before:
            return None
        return Crop(
            code=code, name_zh=texts["name_zh"], name_en=texts["name_en"],  # type: ignore[arg-type]
            category=category, start_event_zh=texts["start_event_zh"],  # type: ignore[arg-type]
            start_event_en=texts["start_event_en"], growth_days=growth_days,  # type: ignore[arg-type]
            typical_planting_window=planting_window, phases=phases,  # type: ignore[arg-type]
            input_cost_per_mu_yuan=cost, cost_note_zh=texts["cost_note_zh"],  # type: ignore[arg-type]
            typical_yield_per_mu=yield_amount, yield_unit=yield_unit,  # type: ignore[arg-type]
            yield_note_zh=yield_note or "", typical_price_yuan_per_kg=price,  # type: ignore[arg-type]
            sales_window_days=sales_window, regions_zh=regions,  # type: ignore[arg-type]
        )

    def yield_per_mu(self, raw: Mapping[str, Any],
                     where: Where) -> tuple[Decimal | None, str | None]:
        name = "typical_yield_per_mu"
        if name not in raw:
            return None, None
        value = raw[name]
        if not isinstance(value, Mapping):
            self.wrong_type(where, name, "object")
            return None, None
        here = where.sub(f"的“{name}”", f", “{name}”")
        self.fields(value, _YIELD_FIELDS, here)
        amount = self.decimal(value, "amount", here, money=False)
        unit = self.text(value, "unit", here)
        if unit is not None and unit not in YIELD_UNITS:
            self.add("yield_unit_invalid",
                     f"{here.zh}的单位“{unit}”不对：产量一律按每亩多少公斤填写，单位写 kg",
                     f"In {here.en}, the unit “{unit}” is not allowed: yields are kg per mu, "
                     "unit kg")
            unit = None
        return amount, unit

    def regions(self, raw: Mapping[str, Any], where: Where) -> tuple[str, ...] | None:
        if "regions_zh" not in raw:
            return None
        value = raw["regions_zh"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.wrong_type(where, "regions_zh", "list")
            return None
        if any(not v.strip() for v in value):
            self.add("text_empty", f"{where.zh}的产区“regions_zh”里有空白的一项",
                     f"In {where.en}, “regions_zh” contains an empty entry")
            return None
        return tuple(value)

    def phases(self, raw: Mapping[str, Any], where: Where,
               growth_days: int | None) -> tuple[Phase, ...] | None:
        if "phases" not in raw:
            return None
        items = raw["phases"]
        if not isinstance(items, list):
            self.wrong_type(where, "phases", "list")
            return None
        if not items:
            self.add("phases_empty", f"{where.zh}没有填写任何生长阶段“phases”",
                     f"{where.en} lists no growth phases")
            return None
        before = len(self.messages)
        phases: list[Phase] = []
        spans: list[tuple[int, int, int, str]] = []  # (index, start, end, name) so far
        codes: dict[str, int] = {}
        for index, item in enumerate(items, start=1):
            label = f"第 {index} 个生长阶段"
            label_en = f"phase {index}"
            if isinstance(item, Mapping):
                if isinstance(item.get("name_zh"), str) and item["name_zh"].strip():
                    label += f"“{item['name_zh']}”"
                if isinstance(item.get("code"), str) and item["code"].strip():
                    label_en += f" ({item['code']})"
            here = where.sub(f"的{label}", f", {label_en}")
            if not isinstance(item, Mapping):
                self.add("wrong_type", f"{here.zh}应该是一组项目（用 {{ }} 括起来）",
                         f"{here.en} must be an object (in {{ }})")
                continue
            self.fields(item, _PHASE_FIELDS, here)
            code = self.code(item, here)
            if code is not None and code in codes:
                self.add("phase_code_duplicate",
                         f"{here.zh}的代码“{code}”和第 {codes[code]} 个阶段重复了，"
                         "同一种作物的阶段代码必须不同",
                         f"{here.en} repeats the code “{code}” of phase {codes[code]}; "
                         "phase codes must differ within a crop")
            elif code is not None:
                codes[code] = index
            name_zh = self.text(item, "name_zh", here)
            name_en = self.text(item, "name_en", here)
            start = self.integer(item, "days_from_start", here)
            if start is not None and start < 0:
                self.add("phase_start_invalid",
                         f"{here.zh}的开始天数“days_from_start”不能小于 0，现在是 {start}",
                         f"{here.en}: “days_from_start” must not be below 0; it is {start}")
                start = None
            duration = self.integer(item, "duration_days", here)
            if duration is not None and duration <= 0:
                self.add("phase_duration_invalid",
                         f"{here.zh}的持续天数“duration_days”应该大于 0，现在是 {duration}",
                         f"{here.en}: “duration_days” must be above 0; it is {duration}")
                duration = None
            window = self.window(item, "typical_window", here)
            if start is not None and duration is not None:
                self.phase_span(spans, index, start, start + duration, name_zh or "", here,
                                growth_days)
            if None not in (code, name_zh, name_en, start, duration, window):
                phases.append(Phase(code, name_zh, name_en, start, duration,  # type: ignore[arg-type]
                                    window))
        if len(self.messages) > before:
            return None
        return tuple(phases)

    def phase_span(self, spans: list[tuple[int, int, int, str]], index: int, start: int,
                   end: int, name: str, here: Where, growth_days: int | None) -> None:
        """Check one phase's [start, end) against the previous phase and growth_days."""
        if spans:
            prev_index, prev_start, prev_end, prev_name = spans[-1]
            prev = f"第 {prev_index} 个阶段" + (f"“{prev_name}”" if prev_name else "")
            if start < prev_start:
                self.add("phase_out_of_order",
                         f"{here.zh}从开始后 {start} 天起，比前面的{prev}"
                         f"（开始后 {prev_start} 天起）还早：生长阶段要按时间先后排列",
                         f"{here.en} starts on day {start}, before phase {prev_index} "
                         f"(day {prev_start}); phases must be listed in time order")
            elif start < prev_end:
                self.add("phase_overlap",
                         f"{here.zh}从开始后 {start} 天起，但前面的{prev}"
                         f"要到开始后 {prev_end} 天才结束，两个阶段重叠了",
                         f"{here.en} starts on day {start}, but phase {prev_index} lasts until "
                         f"day {prev_end}; the phases overlap")
        if growth_days is not None and end > growth_days:
            self.add("phase_past_harvest",
                     f"{here.zh}要到开始后 {end} 天才结束，超过了生长天数 {growth_days} 天"
                     "（预计收获日）",
                     f"{here.en} lasts until day {end}, past the {growth_days} growth days "
                     "(the expected harvest)")
        spans.append((index, start, end, name))


def _read_json(path: Path) -> tuple[Any, list[Message]]:
    return read_json_file(path, FileKind("crops", "作物参考表", "crop calendar"))


def load_calendar(path_or_dict: str | os.PathLike[str] | Mapping[str, Any]) -> CropCalendar:
    """Read and check a crop calendar (a JSON file path, or its already-parsed data).

    Raises :class:`CalendarError` listing every problem; returns nothing partial.
    """
    if isinstance(path_or_dict, (str, os.PathLike)):
        data, messages = _read_json(Path(path_or_dict))
        if messages:
            raise CalendarError(messages)
    else:
        data = path_or_dict
    checker = _Checker()
    calendar = checker.calendar(data)
    if checker.messages or calendar is None:
        raise CalendarError(checker.messages)
    return calendar

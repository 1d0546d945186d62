"""Weather-index insurance products as data (DOMAIN.md §7): dataclasses, loader, dumper.

The catalogue ships as ``resources/insurance/products.json`` (format: docs/insurance.md).
:func:`~station_app.domain.insurance.loading.load_products` checks it strictly and raises one
:class:`ProductError` listing *every* problem as a plain-Chinese
:class:`~station_app.domain.messages.Message`; nothing partial is returned.
:func:`dump_products` writes the same layout back.

A product has one or more *index sections* (:class:`IndexSection`); the rice 节气 product has
three (heavy rain, drought, 寒露风).  Each section has its own index type, phase window and
payout rule; the product pays the sum of its sections, capped at the sum insured per mu.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Iterable

from station_app.domain.messages import Message


__all__ = [
    "INDEX_TYPES",
    "IndexSection",
    "IndexType",
    "InsuranceProduct",
    "PhaseWindow",
    "ProductError",
    "SHARE_KEYS",
    "SubsidyShares",
    "dump_products",
]

SHARE_KEYS = ("central", "province", "county", "farmer")
SHARE_ZH = {"central": "中央财政", "province": "省级财政", "county": "县级财政", "farmer": "农户自缴"}
_HUNDRED = Decimal(100)


class IndexType(StrEnum):
    RAINFALL_DEFICIT = "rainfall_deficit"
    EXCESS_RAIN_MAX_DAILY = "excess_rain_max_daily"
    EXCESS_RAIN_CONSECUTIVE = "excess_rain_consecutive"
    DRY_SPELL = "dry_spell"
    HEAT_DAYS = "heat_days"
    HEAT_CONSECUTIVE = "heat_consecutive"
    FROST = "frost"
    COLD_DEW_WIND = "cold_dew_wind"


@dataclass(frozen=True)
class _TypeInfo:
    variable: str  # the DailyWeather attribute the index reads
    lower_is_worse: bool  # linear payout grows as the index falls (deficit, frost)
    counts_days: bool  # the index is a number of days (a run length or a count)
    default_threshold: Decimal | None  # daily threshold when the product gives none
    threshold_allowed: bool
    unit_zh: str
    unit_en: str
    name_zh: str
    name_en: str


INDEX_TYPES: dict[IndexType, _TypeInfo] = {
    IndexType.RAINFALL_DEFICIT: _TypeInfo(
        "precip_mm", True, False, None, False, "毫米", "mm", "降水不足（阶段累计降水量）",
        "rainfall deficit (total phase precipitation)"),
    IndexType.EXCESS_RAIN_MAX_DAILY: _TypeInfo(
        "precip_mm", False, False, None, False, "毫米", "mm", "强降水（阶段内最大日降水量）",
        "excess rain (largest daily precipitation)"),
    IndexType.EXCESS_RAIN_CONSECUTIVE: _TypeInfo(
        "precip_mm", False, True, None, True, "天", "days", "连续强降水（最长连续大雨天数）",
        "excess rain (longest run of heavy-rain days)"),
    IndexType.DRY_SPELL: _TypeInfo(
        "precip_mm", False, True, Decimal(5), True, "天", "days", "干旱（最长连续少雨天数）",
        "dry spell (longest run of days below the rain threshold)"),
    IndexType.HEAT_DAYS: _TypeInfo(
        "tmax", False, True, Decimal(35), True, "天", "days", "高温（高温天数）",
        "heat (number of hot days)"),
    IndexType.HEAT_CONSECUTIVE: _TypeInfo(
        "tmax", False, True, Decimal(35), True, "天", "days", "高温热害（最长连续高温天数）",
        "heat (longest run of hot days)"),
    IndexType.FROST: _TypeInfo(
        "tmin", True, False, None, False, "°C", "°C", "低温冻害（阶段内最低气温）",
        "frost (lowest minimum temperature)"),
    IndexType.COLD_DEW_WIND: _TypeInfo(
        "tmean", False, True, Decimal(20), True, "天", "days", "寒露风（最长连续低温天数）",
        "cold dew wind 寒露风 (longest run of cool days)"),
}


# --------------------------------------------------------------------------- data classes

_MONTH_DAY_RE = re.compile(r"^(\d\d)-(\d\d)$")


def _month_day(text: Any) -> tuple[int, int] | None:
    """``"MM-DD"`` → (month, day) when it is a day of every year (02-29 is refused)."""
    m = _MONTH_DAY_RE.match(text) if isinstance(text, str) else None
    if not m:
        return None
    month, day = int(m.group(1)), int(m.group(2))
    try:
        date(2001, month, day)  # a common year: 02-29 is refused
    except ValueError:
        return None
    return month, day


@dataclass(frozen=True)
class PhaseWindow:
    """Calendar days ``start`` … ``end`` (``"MM-DD"``, both inclusive) of a season.

    ``start_term``/``end_term`` name the solar term (节气) a date stands for, if any.  When
    ``end`` comes before ``start`` the window runs over New Year into the next year.
    """

    start: str
    end: str
    start_term: str | None = None
    end_term: str | None = None

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if _month_day(value) is None:
                raise ValueError(f"expected a month-day like '06-25' (not 02-29), got {value!r}")

    @property
    def wraps_year(self) -> bool:
        return _month_day(self.end) < _month_day(self.start)  # type: ignore[operator]

    def dates(self, season: int) -> tuple[date, date]:
        """First and last day of the window in the season starting in year ``season``."""
        sm, sd = _month_day(self.start)  # type: ignore[misc]
        em, ed = _month_day(self.end)  # type: ignore[misc]
        return date(season, sm, sd), date(season + 1 if self.wraps_year else season, em, ed)

    def label(self, language: str = "zh_CN") -> str:
        english = language.lower().startswith("en")
        parts = []
        for value, term in ((self.start, self.start_term), (self.end, self.end_term)):
            month, day = _month_day(value)  # type: ignore[misc]
            if english:
                parts.append(f"{value}" + (f" ({term})" if term else ""))
            else:
                parts.append((f"{term}（" if term else "") + f"{month}月{day}日"
                             + ("）" if term else ""))
        return " to ".join(parts) if english else "至".join(parts)


@dataclass(frozen=True)
class IndexSection:
    """One index of a product: what is measured, when, and how it pays.

    The payout rule is *linear* when ``trigger``/``exit`` are set and *per day* when
    ``deductible_days``/``amount_per_day`` are set (see docs/insurance.md).  ``max_payout_per_mu``
    caps this section (None: the product's sum insured).
    """

    code: str
    name_zh: str
    name_en: str
    index_type: IndexType
    window: PhaseWindow
    daily_threshold: Decimal | None = None
    trigger: Decimal | None = None
    exit: Decimal | None = None
    deductible_days: int | None = None
    amount_per_day: Decimal | None = None
    max_payout_per_mu: Decimal | None = None

    @property
    def payout_method(self) -> str:
        return "linear" if self.trigger is not None else "per_day"

    @property
    def info(self) -> _TypeInfo:
        return INDEX_TYPES[self.index_type]

    @property
    def threshold(self) -> Decimal | None:
        """The daily threshold in force (the product's, or the index type's default)."""
        return self.daily_threshold if self.daily_threshold is not None else (
            self.info.default_threshold)

    def name(self, language: str = "zh_CN") -> str:
        return self.name_en if language.lower().startswith("en") else self.name_zh


@dataclass(frozen=True)
class SubsidyShares:
    """Who pays the premium, in percent (sum exactly 100)."""

    central: Decimal
    province: Decimal
    county: Decimal
    farmer: Decimal

    def as_dict(self) -> dict[str, Decimal]:
        return {key: getattr(self, key) for key in SHARE_KEYS}


@dataclass(frozen=True)
class InsuranceProduct:
    """A weather-index insurance product (amounts in 元 per mu, ``Decimal``).

    Exactly one of ``premium_rate_percent`` (premium = SI × rate) and ``premium_per_mu``
    (a fixed premium per mu) is set.
    """

    id: str
    name_zh: str
    name_en: str
    crop: str
    station_id: str
    sum_insured_per_mu: Decimal
    subsidy: SubsidyShares
    sections: tuple[IndexSection, ...]
    premium_rate_percent: Decimal | None = None
    premium_per_mu: Decimal | None = None
    station_name_zh: str = ""
    region_zh: str = ""
    note_zh: str = ""

    @property
    def premium_rate(self) -> Decimal:
        """Premium ÷ sum insured as a fraction (a fixed premium gives its implied rate)."""
        if self.premium_rate_percent is not None:
            return self.premium_rate_percent / _HUNDRED
        return self.premium_per_mu / self.sum_insured_per_mu  # type: ignore[operator]

    def section(self, code: str) -> IndexSection:
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)

    def name(self, language: str = "zh_CN") -> str:
        return self.name_en if language.lower().startswith("en") else self.name_zh


class ProductError(ValueError):
    """The product data is not valid; ``problems`` says every problem found."""

    def __init__(self, problems: list[Message]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    @property
    def messages(self) -> list[Message]:
        return self.problems

    @property
    def codes(self) -> list[str]:
        return [m.code for m in self.problems]


# --------------------------------------------------------------------------- dump

def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _dump_section(section: IndexSection) -> dict[str, Any]:
    window: dict[str, str] = {"from": section.window.start, "to": section.window.end}
    if section.window.start_term:
        window["from_term"] = section.window.start_term
    if section.window.end_term:
        window["to_term"] = section.window.end_term
    out: dict[str, Any] = {"code": section.code, "name_zh": section.name_zh,
                           "name_en": section.name_en, "index_type": section.index_type.value,
                           "window": window}
    optional = {
        "daily_threshold": _num(section.daily_threshold), "trigger": _num(section.trigger),
        "exit": _num(section.exit), "deductible_days": section.deductible_days,
        "amount_per_day": _num(section.amount_per_day),
        "max_payout_per_mu": _num(section.max_payout_per_mu),
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    return out


def dump_products(products: Iterable[InsuranceProduct], *, version: int = 1,
                  source_note: str = "") -> dict[str, Any]:
    """Products as JSON-ready data in the layout of ``products.json``."""
    items = []
    for p in products:
        item: dict[str, Any] = {"id": p.id, "name_zh": p.name_zh, "name_en": p.name_en,
                                "crop": p.crop, "station_id": p.station_id}
        if p.station_name_zh:
            item["station_name_zh"] = p.station_name_zh
        if p.region_zh:
            item["region_zh"] = p.region_zh
        item["sum_insured_per_mu"] = str(p.sum_insured_per_mu)
        if p.premium_rate_percent is not None:
            item["premium_rate_percent"] = str(p.premium_rate_percent)
        else:
            item["premium_per_mu"] = str(p.premium_per_mu)
        item["subsidy_shares_percent"] = {k: str(v) for k, v in p.subsidy.as_dict().items()}
        item["sections"] = [_dump_section(s) for s in p.sections]
        if p.note_zh:
            item["note_zh"] = p.note_zh
        items.append(item)
    return {"version": version, "source_note": source_note, "products": items}

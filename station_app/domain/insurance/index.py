"""Index values and payouts (DOMAIN.md §7).

What :func:`index_value` returns, per index type (only the days inside the section's phase
window count; a run that crosses a window edge counts only its days inside the window):

==========================  ===============================================================
``rainfall_deficit``        total precipitation of the phase, mm
``excess_rain_max_daily``   the largest daily precipitation of the phase, mm
``excess_rain_consecutive`` longest run of consecutive days with precipitation ≥ X mm, days
``dry_spell``               longest run of consecutive days with precipitation < X mm
                            (default X = 5), days
``heat_days``               number of days with Tmax ≥ X °C (default 35), days
``heat_consecutive``        longest run of consecutive days with Tmax ≥ X °C (default 35)
``frost``                   the lowest Tmin of the phase, °C
``cold_dew_wind``           longest run of consecutive days with Tmean ≤ X °C (default 20)
==========================  ===============================================================

Payout per mu of one section (``limit`` = the section's ``max_payout_per_mu``, else the
product's sum insured SI):

* linear: ``tick = limit / |trigger − exit|``; lower-is-worse indexes (rainfall deficit,
  frost) pay ``min(limit, max(0, trigger − I) × tick)``, all others
  ``min(limit, max(0, I − trigger) × tick)``.  Exactly at the trigger → 0, exactly at the
  exit (or beyond) → limit.
* per day (day-count indexes): ``min(limit, max(0, I − deductible_days) × amount_per_day)``.
  "≥ N consecutive days" is written as ``deductible_days = N − 1``.

Each section's payout is rounded to the fen (half-up); the product pays the sum of its
sections, capped at SI.  A section whose window has a missing day (no record, or ``None`` in
the value the index reads; ``NaN`` counts as missing) raises :class:`IncompleteWeather`
naming the missing dates: an index is never computed from partial data.

Records are anything with ``.date``, ``.precip_mm``, ``.tmax``, ``.tmin``, ``.tmean``
(:class:`~station_app.domain.weather.DailyWeather`, an import's ``WeatherRecord``); values
may be ``Decimal``, ``int`` or ``float`` (read through ``repr``, so 35.0 is exactly 35).
Days outside every window are ignored.  The *season* is the year in which the windows start
(a window whose end month-day comes before its start runs into the next year); it is taken
from the days when not given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Iterable, Sequence

from station_app.domain.insurance.products import (
    IndexSection,
    IndexType,
    InsuranceProduct,
)
from station_app.domain.messages import Message

__all__ = [
    "Assessment",
    "IncompleteWeather",
    "SectionResult",
    "assess",
    "assess_section",
    "index_value",
    "index_values",
    "infer_season",
    "payout_per_mu",
    "phase_dates",
    "policy_payout",
    "section_payout",
    "to_fen",
]

FEN = Decimal("0.01")
_ZERO = Decimal(0)


def to_fen(amount: Decimal) -> Decimal:
    """Round to the fen, half-up."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def _date_ranges(days: Sequence[date]) -> list[tuple[date, date]]:
    ranges: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if ranges and day - ranges[-1][1] == timedelta(days=1):
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def _ranges_text(days: Sequence[date], joiner: str, to: str) -> str:
    return joiner.join(a.isoformat() if a == b else f"{a.isoformat()}{to}{b.isoformat()}"
                       for a, b in _date_ranges(days))


class IncompleteWeather(ValueError):
    """A phase has missing days; ``missing_dates`` lists them and ``message`` says so."""

    def __init__(self, missing_dates: Iterable[date], *, product_id: str = "",
                 sections: Iterable[str] = ()) -> None:
        self.missing_dates = tuple(sorted(set(missing_dates)))
        self.product_id = product_id
        self.sections = tuple(sections)
        zh_days = _ranges_text(self.missing_dates, "、", " 至 ")
        en_days = _ranges_text(self.missing_dates, ", ", " to ")
        count = len(self.missing_dates)
        if not count:  # no days at all, and no season to name the dates of
            self.message = Message(
                "insurance.no_weather",
                "没有这个保险阶段的任何气象数据，不能计算指数和赔款",
                "There is no weather data for the phase; the index and payout cannot be "
                "computed")
            super().__init__(str(self.message))
            return
        self.message = Message(
            "insurance.incomplete_weather",
            f"保险阶段内的气象数据不全，缺少 {count} 天：{zh_days}。数据补齐之前不计算指数和赔款",
            f"The weather data of the phase is incomplete; {count} day(s) missing: {en_days}. "
            "The index and payout are not computed until the data is complete")
        super().__init__(str(self.message))


# --------------------------------------------------------------------------- values

def _value(raw: Any) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise TypeError(f"a weather value must be a number, not {raw!r}")
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw)) if raw == raw and abs(raw) != float("inf") else None
    raise TypeError(f"a weather value must be a Decimal, int or float, not {type(raw).__name__}")


def _by_date(days: Iterable[Any]) -> dict[date, Any]:
    out: dict[date, Any] = {}
    for record in days:
        day = record.date
        if not isinstance(day, date):
            raise TypeError(f"a weather record's date must be a date, not {day!r}")
        previous = out.get(day)
        if previous is not None and any(
                _value(getattr(previous, a)) != _value(getattr(record, a))
                for a in ("precip_mm", "tmax", "tmin", "tmean")):
            raise ValueError(Message(
                "insurance.weather_conflict",
                f"{day.isoformat()} 这一天有两条不同的气象记录，请先核对数据",
                f"There are two different weather records for {day.isoformat()}; check the data"))
        out.setdefault(day, record)
    return out


def infer_season(product: InsuranceProduct, days: Iterable[Any]) -> int:
    """The season (year the windows start) the days belong to.

    The seasons whose windows contain at least one of the days; with none, the one calendar
    year of the days.  ValueError when that is not exactly one year (pass ``season=``).
    """
    dates = {record.date for record in days}
    seasons: set[int] = set()
    for day in dates:
        for section in product.sections:
            for season in (day.year, day.year - 1):
                first, last = section.window.dates(season)
                if first <= day <= last:
                    seasons.add(season)
    if not seasons:
        seasons = {day.year for day in dates}
    if len(seasons) == 1:
        return seasons.pop()
    if not seasons:
        raise IncompleteWeather((), product_id=product.id)
    raise ValueError(f"the days cover the seasons {sorted(seasons)} of product {product.id}; "
                     "pass season= to choose one")


def phase_dates(product: InsuranceProduct, season: int) -> dict[str, tuple[date, date]]:
    """Section code → (first, last) day of its window in ``season``."""
    return {s.code: s.window.dates(season) for s in product.sections}


def _series(section: IndexSection, by_date: dict[date, Any], season: int,
            missing: list[date]) -> list[Decimal]:
    first, last = section.window.dates(season)
    variable = section.info.variable
    values: list[Decimal] = []
    day = first
    while day <= last:
        record = by_date.get(day)
        value = None if record is None else _value(getattr(record, variable))
        if value is None:
            missing.append(day)
        else:
            values.append(value)
        day += timedelta(days=1)
    return values


def _longest_run(flags: Iterable[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def _compute(section: IndexSection, values: list[Decimal]) -> Decimal:
    kind, x = section.index_type, section.threshold
    if kind is IndexType.RAINFALL_DEFICIT:
        return sum(values, _ZERO)
    if kind is IndexType.EXCESS_RAIN_MAX_DAILY:
        return max(values)
    if kind is IndexType.FROST:
        return min(values)
    assert x is not None
    if kind is IndexType.EXCESS_RAIN_CONSECUTIVE or kind is IndexType.HEAT_CONSECUTIVE:
        return Decimal(_longest_run(v >= x for v in values))
    if kind is IndexType.DRY_SPELL:
        return Decimal(_longest_run(v < x for v in values))
    if kind is IndexType.HEAT_DAYS:
        return Decimal(sum(1 for v in values if v >= x))
    if kind is IndexType.COLD_DEW_WIND:
        return Decimal(_longest_run(v <= x for v in values))
    raise AssertionError(kind)  # pragma: no cover


def section_payout(product: InsuranceProduct, section: IndexSection, index: Decimal) -> Decimal:
    """Payout per mu of one section for an index value, to the fen (half-up)."""
    limit = section.max_payout_per_mu or product.sum_insured_per_mu
    if section.payout_method == "linear":
        trigger, exit_ = section.trigger, section.exit
        assert trigger is not None and exit_ is not None
        excess = trigger - index if section.info.lower_is_worse else index - trigger
        if excess <= 0:
            return to_fen(_ZERO)
        with localcontext() as ctx:
            ctx.prec = 50
            amount = min(limit, excess * limit / abs(trigger - exit_))
        return to_fen(amount)
    assert section.deductible_days is not None and section.amount_per_day is not None
    days = max(_ZERO, index - section.deductible_days)
    return to_fen(min(limit, days * section.amount_per_day))


@dataclass(frozen=True)
class SectionResult:
    section: IndexSection
    first: date
    last: date
    index: Decimal
    payout_per_mu: Decimal

    @property
    def triggered(self) -> bool:
        return self.payout_per_mu > 0


@dataclass(frozen=True)
class Assessment:
    """The product applied to one season: every section, and the capped total per mu."""

    product: InsuranceProduct
    season: int
    sections: tuple[SectionResult, ...]
    payout_per_mu: Decimal  # sum of the sections, capped at the sum insured
    uncapped_per_mu: Decimal

    @property
    def indexes(self) -> dict[str, Decimal]:
        return {r.section.code: r.index for r in self.sections}


def _section_or_raise(product: InsuranceProduct, section: str | IndexSection) -> IndexSection:
    if isinstance(section, IndexSection):
        return section
    try:
        return product.section(section)
    except KeyError:
        raise KeyError(f"product {product.id} has no section {section!r}") from None


def assess_section(product: InsuranceProduct, section: str | IndexSection, days: Iterable[Any],
                   *, season: int | None = None) -> SectionResult:
    """One section in one season (for a claim as soon as that phase is over)."""
    section = _section_or_raise(product, section)
    days = list(days)
    if season is None:
        season = infer_season(product, days)
    missing: list[date] = []
    values = _series(section, _by_date(days), season, missing)
    if missing:
        raise IncompleteWeather(missing, product_id=product.id, sections=(section.code,))
    index = _compute(section, values)
    first, last = section.window.dates(season)
    return SectionResult(section, first, last, index, section_payout(product, section, index))


def assess(product: InsuranceProduct, days: Iterable[Any], *,
           season: int | None = None) -> Assessment:
    """All sections in one season; IncompleteWeather (all missing dates) if any has gaps."""
    days = list(days)
    if season is None:
        season = infer_season(product, days)
    return _assess_by_date(product, _by_date(days), season)


def _assess_by_date(product: InsuranceProduct, by_date: dict[date, Any],
                    season: int) -> Assessment:
    missing: list[date] = []
    incomplete: list[str] = []
    series: list[list[Decimal]] = []
    for section in product.sections:
        before = len(missing)
        series.append(_series(section, by_date, season, missing))
        if len(missing) > before:
            incomplete.append(section.code)
    if missing:
        raise IncompleteWeather(missing, product_id=product.id, sections=incomplete)
    results = []
    for section, values in zip(product.sections, series):
        index = _compute(section, values)
        first, last = section.window.dates(season)
        results.append(SectionResult(section, first, last, index,
                                     section_payout(product, section, index)))
    total = sum((r.payout_per_mu for r in results), _ZERO)
    capped = to_fen(min(total, product.sum_insured_per_mu))
    return Assessment(product, season, tuple(results), capped, to_fen(total))


def index_values(product: InsuranceProduct, days: Iterable[Any], *,
                 season: int | None = None) -> dict[str, Decimal]:
    """Section code → index value, for every section of the product."""
    return assess(product, days, season=season).indexes


def index_value(product: InsuranceProduct, days: Iterable[Any], *, season: int | None = None,
                section: str | None = None) -> Decimal:
    """The index of the product's section (see the module doc for what it measures).

    For a product with several sections name one with ``section=`` (its code).
    Raises :class:`IncompleteWeather` when the phase misses a day.
    """
    if section is None:
        if len(product.sections) != 1:
            raise ValueError(
                f"product {product.id} has {len(product.sections)} index sections "
                f"({', '.join(s.code for s in product.sections)}); pass section= or use "
                "index_values()")
        section = product.sections[0].code
    return assess_section(product, section, days, season=season).index


def payout_per_mu(product: InsuranceProduct, days: Iterable[Any], *,
                  season: int | None = None) -> Decimal:
    """Payout per mu: the sum of the sections, capped at the sum insured, to the fen."""
    return assess(product, days, season=season).payout_per_mu


def _area(mu: Any) -> Decimal:
    if isinstance(mu, bool):
        raise TypeError("the insured area must be a number of mu")
    if isinstance(mu, float):
        mu = repr(mu)
    try:
        area = Decimal(mu)
    except Exception:  # noqa: BLE001 - any non-number
        raise TypeError(f"the insured area must be a number of mu, not {mu!r}") from None
    if not area.is_finite() or area < 0:
        raise ValueError(f"the insured area must be a finite number of mu >= 0, not {mu!r}")
    return area


def policy_payout(product: InsuranceProduct, days: Iterable[Any], insured_mu: Any, *,
                  season: int | None = None) -> Decimal:
    """Payout per mu × insured mu, to the fen (half-up)."""
    return to_fen(payout_per_mu(product, days, season=season) * _area(insured_mu))

"""Burn analysis (历年赔付回测, DOMAIN.md §7): the product applied to each past year.

For every year of the station's record the product is assessed as if it had been bought that
year.  A year whose phases miss a day is shown as *incomplete* and left out of the averages.

* average payout per mu = total payout per mu of the complete years ÷ their number;
* average loss ratio (平均赔付率) = total policy payouts ÷ (policy premium × complete years),
  i.e. the mean of the yearly ratios payout ÷ premium; above 1 the product paid out more than
  it cost over that record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable, Mapping

from station_app.domain.insurance.index import (
    IncompleteWeather,
    _area,
    _assess_by_date,
    _by_date,
    to_fen,
)
from station_app.domain.insurance.premium import premium, premium_per_mu
from station_app.domain.insurance.products import InsuranceProduct
from station_app.domain.messages import Message

__all__ = ["BurnResult", "BurnYear", "burn_analysis"]

_RATIO = Decimal("0.0001")


@dataclass(frozen=True)
class BurnYear:
    year: int
    complete: bool
    payout_per_mu: Decimal | None  # None when incomplete
    payout: Decimal | None  # for the insured mu
    indexes: Mapping[str, Decimal] = field(default_factory=dict)  # section code → index
    section_payouts: Mapping[str, Decimal] = field(default_factory=dict)
    missing_dates: tuple[date, ...] = ()

    @property
    def index(self) -> Decimal | None:
        """The index of a one-section product (None when incomplete or with several)."""
        return next(iter(self.indexes.values())) if len(self.indexes) == 1 else None

    @property
    def status(self) -> str:
        """``"incomplete"``, ``"paid"`` or ``"no_payout"``."""
        if not self.complete:
            return "incomplete"
        return "paid" if self.payout_per_mu else "no_payout"


@dataclass(frozen=True)
class BurnResult:
    product_id: str
    insured_mu: Decimal
    premium: Decimal  # of the policy (insured mu), per year
    premium_per_mu: Decimal
    years: tuple[BurnYear, ...]
    complete_years: int
    payout_years: int
    average_payout_per_mu: Decimal | None  # to the fen; None without a complete year
    average_payout: Decimal | None
    average_loss_ratio: Decimal | None  # 4 decimals; None without a complete year
    max_payout_per_mu: Decimal | None

    @property
    def incomplete_years(self) -> int:
        return len(self.years) - self.complete_years

    @property
    def payout_frequency(self) -> Decimal | None:
        """Share of complete years with a payout (4 decimals)."""
        if not self.complete_years:
            return None
        return (Decimal(self.payout_years) / self.complete_years).quantize(
            _RATIO, rounding=ROUND_HALF_UP)

    def summary(self) -> Message:
        """One plain sentence for the quote screen."""
        if not self.complete_years:
            return Message("insurance.burn_no_data",
                           "没有哪一年的气象数据是完整的，算不出历年赔付情况",
                           "No year has complete weather data; the historic payouts cannot be "
                           "shown")
        first, last = self.years[0].year, self.years[-1].year
        ratio = self.average_loss_ratio
        return Message(
            "insurance.burn_summary",
            f"按 {first}—{last} 年的气象数据回算：{self.complete_years} 年中有 {self.payout_years} "
            f"年会赔钱，平均每年每亩赔 {self.average_payout_per_mu} 元，每亩保费 "
            f"{self.premium_per_mu} 元，平均赔付率 {ratio:.0%}（赔款 ÷ 保费）",
            f"Replayed on the weather of {first}–{last}: it would have paid in "
            f"{self.payout_years} of {self.complete_years} years, on average "
            f"{self.average_payout_per_mu} 元 per mu per year, for a premium of "
            f"{self.premium_per_mu} 元 per mu; average loss ratio {ratio:.0%} "
            "(payouts ÷ premium)")


def burn_analysis(product: InsuranceProduct, days_by_year: Mapping[int, Iterable[Any]],
                  insured_mu: Any = 1) -> BurnResult:
    """Apply the product to each year (season) of ``days_by_year``.

    The days of all years are pooled, so a window that runs over New Year finds its January
    days under the next year's key.  A date given twice (with different values) raises
    ValueError.
    """
    area = _area(insured_mu)
    pool: list[Any] = []
    for year in sorted(days_by_year):
        pool.extend(days_by_year[year])
    by_date = _by_date(pool)
    policy_premium = premium(product, area)
    years: list[BurnYear] = []
    for year in sorted(days_by_year):
        try:
            result = _assess_by_date(product, by_date, year)
        except IncompleteWeather as exc:
            years.append(BurnYear(year, False, None, None, missing_dates=exc.missing_dates))
            continue
        years.append(BurnYear(
            year, True, result.payout_per_mu, to_fen(result.payout_per_mu * area),
            indexes=result.indexes,
            section_payouts={r.section.code: r.payout_per_mu for r in result.sections}))
    complete = [y for y in years if y.complete]
    n = len(complete)
    avg_mu = avg = ratio = top = None
    if n:
        total_mu = sum((y.payout_per_mu for y in complete), Decimal(0))  # type: ignore[misc]
        total = sum((y.payout for y in complete), Decimal(0))  # type: ignore[misc]
        avg_mu, avg = to_fen(total_mu / n), to_fen(total / n)
        top = max(y.payout_per_mu for y in complete)  # type: ignore[type-var]
        if policy_premium > 0:
            ratio = (total / (policy_premium * n)).quantize(_RATIO, rounding=ROUND_HALF_UP)
    return BurnResult(
        product_id=product.id, insured_mu=area, premium=policy_premium,
        premium_per_mu=premium_per_mu(product), years=tuple(years), complete_years=n,
        payout_years=sum(1 for y in complete if y.payout_per_mu), average_payout_per_mu=avg_mu,
        average_payout=avg, average_loss_ratio=ratio, max_payout_per_mu=top)

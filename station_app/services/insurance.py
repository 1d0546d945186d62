"""Weather-index insurance quotes (气象指数保险试算) from the shipped products and weather.

The product catalogue (``resources/insurance/products.json``) is read once per process.  Each
weather station's daily record comes from :mod:`station_app.services.weather`: the days stored
in the database (loaded centrally and synced, or imported at the station), or the shipped
``resources/weather/<station_id>.csv`` while the database holds none.  A quote applies the pure rules of :mod:`station_app.domain.insurance`: the premium and its subsidy
split (中央/省/县 财政补贴 and 农户自缴, exact to the fen), the product replayed on every
complete past year of its station (burn analysis) and the basis-risk explanation.  Nothing
is stored: a quote is for talking it through with the farmer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from station_app import paths
from station_app.domain.insurance import (
    BurnResult,
    InsuranceProduct,
    basis_risk_text,
    burn_analysis,
    load_products,
    premium,
    premium_split,
    to_fen,
)
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.domain.weather import DailyWeather
from station_app.services import weather
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound, ValidationFailed
from station_app.store.db import Database

__all__ = [
    "MAX_MU",
    "check_area",
    "InsuranceQuote",
    "catalogue",
    "product",
    "products_path",
    "quote",
    "station_weather",
    "weather_path",
]

MAX_MU = Decimal(100000)
_FEN = Decimal("0.01")


def products_path() -> Path:
    return paths.resources_dir() / "insurance" / "products.json"


def weather_path(station_id: str) -> Path:
    """The shipped (generated demo) weather file of a station."""
    return weather.shipped_path(station_id)


def catalogue() -> tuple[InsuranceProduct, ...]:
    """The insurance products on offer, in file order (checked once per process; a broken
    shipped file is a packaging fault and propagates as ``ProductError``)."""
    return _load_catalogue(products_path())


@functools.lru_cache(maxsize=None)
def _load_catalogue(path: Path) -> tuple[InsuranceProduct, ...]:
    return tuple(load_products(path))


def product(product_id: str) -> InsuranceProduct:
    for item in catalogue():
        if item.id == product_id:
            return item
    raise NotFound(Message("insurance.product_unknown", "没有这个保险产品。",
                           "There is no such insurance product."))


def _station_unknown(station_id: str) -> NotFound:
    return NotFound(Message(
        "insurance.station_unknown", f"没有气象站 {station_id} 的历史天气数据。",
        f"There is no weather history for the station {station_id}."))


def station_weather(station_id: str, db: Database | None = None
                    ) -> dict[int, list[DailyWeather]]:
    """The station's daily weather, by calendar year.

    With ``db``: :func:`weather.days_by_year` — the days stored in that database (own rows
    over shared ones), or the shipped file while it holds none.  Without: the shipped file
    (read once per process; the same dict on every call).  Only a plain station id
    (letters, digits, ``-``, ``_``) names a station; anything else, or a station without
    data, is :class:`NotFound`.
    """
    if not station_id or not all(c.isascii() and (c.isalnum() or c in "-_")
                                 for c in station_id):
        raise _station_unknown(station_id)
    found = (weather.days_by_year(db, station_id) if db is not None
             else _shipped_by_year(weather.shipped_path(station_id), station_id))
    if not found:
        raise _station_unknown(station_id)
    return found


@functools.lru_cache(maxsize=None)
def _shipped_by_year(path: Path, station_id: str) -> dict[int, list[DailyWeather]]:
    out: dict[int, list[DailyWeather]] = {}
    for day in weather.shipped_days(station_id):
        out.setdefault(day.date.year, []).append(day)
    return out


@dataclass(frozen=True)
class InsuranceQuote:
    product: InsuranceProduct
    insured_mu: Decimal
    sum_insured: Decimal  # for the insured mu
    premium: Decimal  # of the policy, per year
    split: dict[str, Decimal]  # central / province / county / farmer → 元, sums to premium
    farmer_pays: Decimal
    burn: BurnResult  # the product replayed on each complete past year
    average_payout_per_mu: Decimal | None
    average_loss_ratio: Decimal | None  # payouts ÷ premium, 4 decimals
    payout_years: int
    years: int  # complete past years replayed
    basis_risk: Message

    @property
    def first_year(self) -> int | None:
        return self.burn.years[0].year if self.burn.years else None

    @property
    def last_year(self) -> int | None:
        return self.burn.years[-1].year if self.burn.years else None


def _mu_error(zh: str, en: str) -> ValidationFailed:
    return ValidationFailed({"mu": [Message("insurance.mu_invalid", zh, en)]})


def check_area(value: Any) -> Decimal:
    """An insured area in mu as typed (a number above 0, at most two decimals, at most
    MAX_MU), or ValidationFailed in plain words; the quote and the application use it."""
    try:
        mu = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        mu = None
    if mu is None or not mu.is_finite():
        raise _mu_error("投保面积请填一个数字（亩），例如 8 或 12.5。",
                        "Type the insured area as a number of mu, e.g. 8 or 12.5.")
    if mu <= 0:
        raise _mu_error("投保面积要大于 0 亩。", "The insured area must be more than 0 mu.")
    if mu > MAX_MU:
        raise _mu_error(f"投保面积最多 {MAX_MU} 亩，请核对一下。",
                        f"The insured area can be at most {MAX_MU} mu; please check it.")
    if mu != mu.quantize(_FEN):
        raise _mu_error("投保面积最多保留两位小数，例如 12.25 亩。",
                        "The insured area can have at most two decimals, e.g. 12.25 mu.")
    return mu


def _past_seasons(days_by_year: dict[int, list[DailyWeather]], this_year: int
                  ) -> dict[int, list[DailyWeather]]:
    """Only seasons (years) before ``this_year``; the days of this year and later are kept in
    the pool (under the last past year) so a window running over New Year still finds its
    January days."""
    past = {y: list(days) for y, days in days_by_year.items() if y < this_year}
    later = [d for y, days in days_by_year.items() if y >= this_year for d in days]
    if past and later:
        past[max(past)].extend(later)
    return past


def quote(ctx: ServiceContext, product_id: str, insured_mu: Decimal, *,
          today: date | None = None) -> InsuranceQuote:
    """Premium, subsidy split and historic payouts of ``product_id`` on ``insured_mu`` mu."""
    ctx.require(Permission.APPLICATION_PREPARE)
    mu = check_area(insured_mu)
    item = product(product_id)
    seasons = _past_seasons(station_weather(item.station_id, ctx.db),
                             (today or date.today()).year)
    burn = burn_analysis(item, seasons, insured_mu=mu)
    split = premium_split(item, mu)
    return InsuranceQuote(
        product=item, insured_mu=mu, sum_insured=to_fen(item.sum_insured_per_mu * mu),
        premium=premium(item, mu), split=split, farmer_pays=split["farmer"], burn=burn,
        average_payout_per_mu=burn.average_payout_per_mu,
        average_loss_ratio=burn.average_loss_ratio, payout_years=burn.payout_years,
        years=burn.complete_years, basis_risk=basis_risk_text(item))

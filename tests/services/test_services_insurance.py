"""Weather-index insurance quotes from the shipped products and demo weather."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from station_app.domain.insurance import SHARE_KEYS, premium
from station_app.services import insurance
from station_app.services.errors import NotFound, PermissionDenied, ValidationFailed

MU_VALUES = (Decimal("1"), Decimal("0.01"), Decimal("8.5"), Decimal("12.33"),
             Decimal("99999.99"))


def test_the_shipped_catalogue_and_its_weather_load_and_are_cached() -> None:
    products = insurance.catalogue()
    assert products and insurance.catalogue() is products
    for product in products:
        days = insurance.station_weather(product.station_id)
        assert len(days) >= 10 and insurance.station_weather(product.station_id) is days
        assert all(d.date.year == year for year, ds in days.items() for d in ds)


def test_an_unknown_station_or_product_is_not_found() -> None:
    for station in ("XX-00000", "../products", ""):
        with pytest.raises(NotFound) as err:
            insurance.station_weather(station)
        assert err.value.message.en
    with pytest.raises(NotFound):
        insurance.product("no_such_product")


@pytest.mark.parametrize("product_id", [p.id for p in insurance.catalogue()])
def test_the_split_adds_up_to_the_premium_to_the_fen(specialist_ctx, product_id) -> None:
    product = insurance.product(product_id)
    for mu in MU_VALUES:
        quote = insurance.quote(specialist_ctx, product_id, mu)
        assert quote.premium == premium(product, mu)
        assert set(quote.split) == set(SHARE_KEYS)
        assert sum(quote.split.values(), Decimal(0)) == quote.premium
        assert all(v >= 0 and v == v.quantize(Decimal("0.01")) for v in quote.split.values())
        assert quote.farmer_pays == quote.split["farmer"]
        assert quote.sum_insured == product.sum_insured_per_mu * mu
        assert quote.insured_mu == mu


@pytest.mark.parametrize("product_id", [p.id for p in insurance.catalogue()])
def test_the_burn_analysis_replays_past_years_and_pays_in_some(specialist_ctx,
                                                              product_id) -> None:
    quote = insurance.quote(specialist_ctx, product_id, Decimal("10"))
    burn = quote.burn
    assert quote.years == burn.complete_years >= 10
    assert 1 <= quote.payout_years <= quote.years
    assert quote.payout_years == sum(1 for y in burn.years if y.status == "paid")
    assert quote.average_payout_per_mu is not None and quote.average_payout_per_mu > 0
    assert quote.average_loss_ratio is not None and quote.average_loss_ratio > 0
    assert all(y.year < date.today().year for y in burn.years)  # past years only
    assert quote.product.station_id in quote.basis_risk
    assert "basis risk" in quote.basis_risk.en


def test_only_years_before_today_are_replayed(specialist_ctx) -> None:
    product = insurance.catalogue()[0]
    last = max(insurance.station_weather(product.station_id))
    quote = insurance.quote(specialist_ctx, product.id, Decimal(1), today=date(last, 6, 1))
    assert quote.last_year == last - 1
    assert quote.first_year == min(insurance.station_weather(product.station_id))


@pytest.mark.parametrize("mu", [Decimal(0), Decimal("-3"), Decimal("100000.01"),
                                Decimal("1.234"), Decimal("NaN"), "八亩", "Infinity"])
def test_an_impossible_area_is_refused_in_plain_words(specialist_ctx, mu) -> None:
    product_id = insurance.catalogue()[0].id
    with pytest.raises(ValidationFailed) as err:
        insurance.quote(specialist_ctx, product_id, mu)
    (message,) = err.value.fields["mu"]
    assert "亩" in message and "mu" in message.en


def test_the_largest_area_is_accepted(specialist_ctx) -> None:
    quote = insurance.quote(specialist_ctx, insurance.catalogue()[0].id, Decimal("100000"))
    assert quote.insured_mu == Decimal("100000")


def test_a_tutor_cannot_quote(tutor_ctx) -> None:
    with pytest.raises(PermissionDenied):
        insurance.quote(tutor_ctx, insurance.catalogue()[0].id, Decimal("5"))

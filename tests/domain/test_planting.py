"""Planting rules and farm indicators, checked against hand-computed values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from station_app import paths
from station_app.domain.crops import load_calendar
from station_app.domain.planting import (
    CostInput,
    HarvestInput,
    PlotInput,
    SeasonFacts,
    SeasonInput,
    check_cost,
    check_harvest,
    check_plot,
    check_season,
    default_season_values,
    farm_indicators,
    from_bp,
    from_x100,
    parse_decimal,
    to_bp,
    to_x100,
)

CALENDAR = load_calendar(paths.resources_dir() / "reference" / "crops.json")
TODAY = date(2026, 6, 1)


def codes(errors):
    return {k: [m.code for m in v] for k, v in errors.items()}


@pytest.mark.parametrize("text, value", [
    ("3.5", D("3.5")), (" 1,200.50 ", D("1200.50")), ("１２．５", D("12.5")), ("", None),
    ("abc", None), ("NaN", None), ("Infinity", None), (None, None), (D("2"), D("2")),
])
def test_parse_decimal(text, value):
    assert parse_decimal(text) == value


def test_exact_integer_storage_round_trips():
    assert to_x100(D("12.34")) == 1234
    assert from_x100(1234) == D("12.34")
    assert to_bp(D("87.5")) == 8750
    assert from_bp(8750) == D("87.50")
    assert to_x100(D("0.005")) == 1  # half-up, only reached after validation refused it anyway


def test_plot_checks_every_field_at_once():
    errors = check_plot(PlotInput(name=" ", area_mu=D("-1"), latitude=34.2, longitude=None,
                                  land_certificate_no="J610!"))
    assert codes(errors) == {"name": ["plot.name_empty"], "area_mu": ["plot.area.range"],
                             "location": ["plot.location_half"],
                             "land_certificate_no": ["plot.certificate"]}
    assert "亩" in str(errors["area_mu"][0])


def test_plot_location_swapped_is_caught():
    errors = check_plot(PlotInput(name="东坡", area_mu=D("2.5"), latitude=108.9, longitude=34.2))
    assert codes(errors) == {"location": ["plot.location_range"]}
    assert check_plot(PlotInput(name="东坡", area_mu=D("2.5"), latitude=34.2, longitude=108.9,
                                land_certificate_no="J610125-2019-00031")) == {}


def test_plot_area_precision_and_missing():
    assert codes(check_plot(PlotInput(name="a", area_mu=D("1.234")))) == {"area_mu": ["plot.area.precision"]}
    assert codes(check_plot(PlotInput(name="a", area_mu=None))) == {"area_mu": ["plot.area.missing"]}


def test_season_defaults_come_from_the_calendar():
    kiwi = CALENDAR["kiwifruit"]
    values = default_season_values(kiwi, date(2026, 3, 1))
    assert values["expected_harvest_date"] == date.fromordinal(date(2026, 3, 1).toordinal()
                                                               + kiwi.growth_days)
    assert values["expected_yield_kg_per_mu"] == kiwi.typical_yield_per_mu
    assert values["expected_price_yuan_per_kg"] == kiwi.typical_price_yuan_per_kg


def test_season_checks():
    rice = CALENDAR["rice"]
    good = SeasonInput(crop_code="rice", planting_date=date(2026, 5, 1), area_mu=D("3"))
    assert check_season(good, rice, plot_area_mu=D("3"), today=TODAY) == {}
    bad = SeasonInput(crop_code="nope", planting_date=date(2026, 5, 1), area_mu=D("4"),
                      expected_harvest_date=date(2026, 4, 1), expected_price_yuan_per_kg=D("-2"))
    assert codes(check_season(bad, None, plot_area_mu=D("3"), today=TODAY)) == {
        "crop_code": ["season.crop"], "expected_harvest_date": ["season.harvest_before_planting"],
        "area_mu": ["season.area_over_plot"], "expected_price_yuan_per_kg": ["season.price.range"]}
    far = SeasonInput(crop_code="rice", planting_date=date(2027, 7, 1), area_mu=D("1"))
    assert codes(check_season(far, rice, plot_area_mu=D("3"), today=TODAY)) == {
        "planting_date": ["season.planting_far"]}


def test_harvest_and_cost_checks():
    planted = date(2026, 3, 1)
    assert check_harvest(HarvestInput(date(2026, 5, 30), D("1200"), D("60"), D("95.5")),
                         planting_date=planted, today=TODAY) == {}
    errors = check_harvest(HarvestInput(date(2026, 2, 1), None, D("101"), D("-1")),
                           planting_date=planted, today=TODAY)
    assert codes(errors) == {"harvested_on": ["harvest.before_planting"],
                             "yield_kg": ["harvest.yield.missing"],
                             "sold_online_percent": ["harvest.online.range"],
                             "quality_pass_percent": ["harvest.quality.range"]}
    assert codes(check_harvest(HarvestInput(date(2026, 6, 2), D("0"), D("0")),
                               planting_date=planted, today=TODAY)) == {
        "harvested_on": ["harvest.date_future"]}
    assert check_cost(CostInput("fertilizer", date(2026, 3, 5), D("350.50")), today=TODAY) == {}
    assert codes(check_cost(CostInput("gold", None, D("0")), today=TODAY)) == {
        "category": ["cost.category"], "spent_on": ["cost.date_missing"],
        "amount_yuan": ["cost.amount.range"]}


def _season(planted, *, area="2", expected="1000", harvested=None, online="0", quality=(),
            cost="0"):
    return SeasonFacts(crop_code="kiwifruit", planting_date=planted,
                       expected_harvest_date=date(planted.year, 10, 1), area_mu=D(area),
                       expected_yield_kg_per_mu=D(expected),
                       harvested_kg=None if harvested is None else D(harvested),
                       sold_online_kg=D(online), quality=tuple((D(r), D(k)) for r, k in quality),
                       input_cost_yuan=D(cost))


def test_farm_indicators_hand_computed():
    seasons = [
        # expected 2 mu × 1000 = 2000 kg; harvested 1600 → ratio 0.8; 800 online; quality 80 %
        _season(date(2024, 3, 1), harvested="1600", online="800", quality=[("80", "1600")]),
        # expected 2000, harvested 2400 → 1.2; 1200 online; quality 90 % on 1000 kg + 100 % on
        # 1000 kg → weighted 95 %; input cost 3000
        _season(date(2025, 3, 1), harvested="2400", online="1200",
                quality=[("90", "1000"), ("100", "1000")], cost="3000"),
        # planted this spring, nothing harvested yet; 1 mu, cost 1000
        _season(date(2026, 3, 1), area="1", cost="1000"),
    ]
    ind = farm_indicators([D("2"), D("1.5")], seasons, as_of=date(2026, 6, 1))
    assert ind.planted_area_mu == D("3.50")
    assert ind.seasons_recent == 1  # only 2026-03-01 lies in (2025-06-01, 2026-06-01]
    assert ind.harvests_recorded == 2
    assert ind.yield_ratios == (D("0.8000"), D("1.2000"))
    # mean 1.0, population sd 0.2 → CV 0.2 → stability 0.8
    assert ind.harvest_stability == D("0.8000")
    # 2000 of 4000 kg online
    assert ind.online_share == D("50.00")
    assert ind.quality_pass_rate == D("95.00")
    assert ind.quality_previous == D("80.00")
    # (95 − 80) / 80 = 18.75 %
    assert ind.quality_change == D("18.75")
    # last 12 months: 1000 yuan on 1 mu
    assert ind.input_cost_per_mu == D("1000.00")


def test_farm_indicators_with_little_data_are_none_not_zero():
    ind = farm_indicators([], [], as_of=TODAY)
    assert ind.planted_area_mu == D("0.00")
    assert ind.harvest_stability is None and ind.online_share is None
    assert ind.quality_pass_rate is None and ind.quality_change is None
    one = farm_indicators([D("1")], [_season(date(2025, 3, 1), harvested="500")], as_of=TODAY)
    assert one.yield_ratios == (D("0.2500"),)
    assert one.harvest_stability is None  # one season says nothing about stability
    assert one.online_share == D("0.00")


def test_stability_never_below_zero():
    # ratios 0.05, 0.05, 3.0: mean 1.0333, population sd 1.3907 → CV 1.35 > 1
    wild = [_season(date(2021, 3, 1), harvested="100"), _season(date(2022, 3, 1), harvested="100"),
            _season(date(2023, 3, 1), harvested="6000")]
    assert farm_indicators([], wild, as_of=TODAY).harvest_stability == D("0.0000")

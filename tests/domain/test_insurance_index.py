"""Index values, payouts and burn analysis of weather-index insurance (DOMAIN.md §7)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.insurance import (
    DailyWeather,
    IncompleteWeather,
    InsuranceProduct,
    assess,
    assess_section,
    basis_risk_text,
    burn_analysis,
    describe_product,
    index_value,
    index_values,
    load_products,
    payout_per_mu,
    policy_payout,
    premium,
)
from station_app.domain.messages import Message
from station_app.domain.weather import parse_weather_csv

ROOT = Path(__file__).resolve().parents[2]
PRODUCTS_JSON = ROOT / "resources" / "insurance" / "products.json"
WEATHER = ROOT / "resources" / "weather"
D = Decimal


# --------------------------------------------------------------------------- helpers

def product(index_type: str, window: tuple[str, str], *, si: str = "1000.00",
            **fields: Any) -> InsuranceProduct:
    """A one-section product built through the loader (flat layout)."""
    raw = {"id": "p", "name_zh": "测试产品", "name_en": "Test product", "crop": "rice",
           "station_id": "T-1", "sum_insured_per_mu": si, "premium_rate_percent": "5",
           "subsidy_shares_percent": {"central": "45", "province": "25", "county": "5",
                                      "farmer": "25"},
           "index_type": index_type, "window": {"from": window[0], "to": window[1]}}
    raw.update({k: v for k, v in fields.items()})
    return load_products(raw)[0]


def days(first: date, count: int, **constant: Any) -> list[DailyWeather]:
    """``count`` ordinary days from ``first``: no rain, mild (tmax 25, tmin 15, tmean 20.5)."""
    base = {"precip_mm": D("0"), "tmax": D("25"), "tmin": D("15"), "tmean": D("20.5")}
    base.update(constant)
    return [DailyWeather(first + timedelta(days=k), **base) for k in range(count)]


def with_values(series: list[DailyWeather], attr: str,
                values: dict[date, Any]) -> list[DailyWeather]:
    return [dataclasses.replace(d, **{attr: values[d.date]}) if d.date in values else d
            for d in series]


def run(first: date, n: int) -> list[date]:
    return [first + timedelta(days=k) for k in range(n)]


@lru_cache(maxsize=1)
def shipped() -> dict[str, InsuranceProduct]:
    return {p.id: p for p in load_products(PRODUCTS_JSON)}


# --------------------------------------------------------------------------- DailyWeather

def test_daily_weather_is_a_frozen_record_with_exactly_the_five_fields() -> None:
    assert [f.name for f in dataclasses.fields(DailyWeather)] == [
        "date", "precip_mm", "tmax", "tmin", "tmean"]
    day = DailyWeather(date(2020, 7, 1), D("1.0"), D("30"), D("20"), D("25"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        day.tmax = D("31")  # type: ignore[misc]


# --------------------------------------------------------------------------- rainfall deficit

DEFICIT = dict(trigger="60", exit="20")


def test_rainfall_deficit_index_is_the_phase_total() -> None:
    p = product("rainfall_deficit", ("07-01", "07-10"), **DEFICIT)
    series = days(date(2020, 6, 25), 25, precip_mm=D("5.0"))  # 10 days inside the window
    assert index_value(p, series) == D("50.0")


@pytest.mark.parametrize("total, expected", [
    ("60", "0.00"),  # exactly at the trigger
    ("60.1", "0.00"),  # wetter than the trigger
    ("59.9", "2.50"),  # 0.1 mm short × 25 元/mm
    ("50", "250.00"),  # tick = 1000 / |60 − 20| = 25 元/mm
    ("20", "1000.00"),  # exactly at the exit: the full sum insured
    ("0", "1000.00"),  # beyond the exit: capped
])
def test_rainfall_deficit_payout_is_linear_between_trigger_and_exit(total: str,
                                                                    expected: str) -> None:
    p = product("rainfall_deficit", ("07-01", "07-10"), **DEFICIT)
    series = with_values(days(date(2020, 7, 1), 10), "precip_mm", {date(2020, 7, 4): D(total)})
    assert index_value(p, series) == D(total)
    assert payout_per_mu(p, series) == D(expected)


def test_rain_outside_the_window_does_not_count() -> None:
    p = product("rainfall_deficit", ("07-01", "07-10"), **DEFICIT)
    series = with_values(days(date(2020, 6, 1), 60), "precip_mm",
                         {date(2020, 6, 30): D("300"), date(2020, 7, 11): D("300"),
                          date(2020, 7, 1): D("7"), date(2020, 7, 10): D("3")})
    assert index_value(p, series) == D("10")


# --------------------------------------------------------------------------- excess rain, max daily

def test_excess_rain_max_daily_boundaries() -> None:
    p = product("excess_rain_max_daily", ("05-15", "06-05"), si="4000.00", trigger="10",
                exit="110")
    base = days(date(2021, 5, 15), 22, precip_mm=D("3"))
    cases = {"10": "0.00", "10.1": "4.00", "35": "1000.00", "110": "4000.00", "180": "4000.00",
             "9.9": "0.00"}
    for rain, expected in cases.items():
        series = with_values(base, "precip_mm", {date(2021, 6, 5): D(rain)})
        assert index_value(p, series) == D(rain)
        assert payout_per_mu(p, series) == D(expected), rain


# --------------------------------------------------------------------------- excess rain, consecutive

def heavy_rain() -> InsuranceProduct:
    return product("excess_rain_consecutive", ("05-05", "06-21"), si="400.00",
                   daily_threshold="50", deductible_days=1, amount_per_day="100.00")


def test_consecutive_heavy_rain_counts_the_longest_run_and_the_threshold_itself() -> None:
    p = heavy_rain()
    base = days(date(2020, 5, 5), 48)
    series = with_values(base, "precip_mm", {
        date(2020, 5, 20): D("50"), date(2020, 5, 21): D("50.0"),  # exactly 50 counts
        date(2020, 5, 22): D("49.9"),  # breaks the run
        date(2020, 6, 1): D("80"), date(2020, 6, 2): D("120"), date(2020, 6, 3): D("51")})
    assert index_value(p, series) == D(3)
    assert payout_per_mu(p, series) == D("200.00")  # (3 − 1) × 100


@pytest.mark.parametrize("length, expected", [(1, "0.00"), (2, "100.00"), (4, "300.00"),
                                              (6, "400.00")])
def test_per_day_payout_subtracts_the_deductible_days_and_caps_at_the_sum_insured(
        length: int, expected: str) -> None:
    p = heavy_rain()
    series = with_values(days(date(2020, 5, 5), 48), "precip_mm",
                         {d: D("60") for d in run(date(2020, 5, 10), length)})
    assert index_value(p, series) == D(length)
    assert payout_per_mu(p, series) == D(expected)


def test_a_run_crossing_the_window_start_counts_only_its_days_inside() -> None:
    p = heavy_rain()
    series = with_values(days(date(2020, 4, 25), 70), "precip_mm",
                         {d: D("70") for d in run(date(2020, 5, 1), 6)})  # 05-01 … 05-06
    assert index_value(p, series) == D(2)  # 05-05 and 05-06


def test_a_run_crossing_the_window_end_counts_only_its_days_inside() -> None:
    p = heavy_rain()
    series = with_values(days(date(2020, 5, 1), 60), "precip_mm",
                         {d: D("70") for d in run(date(2020, 6, 20), 5)})  # 06-20 … 06-24
    assert index_value(p, series) == D(2)  # 06-20 and 06-21


# --------------------------------------------------------------------------- dry spell

def test_dry_spell_is_the_longest_run_strictly_below_the_threshold() -> None:
    p = product("dry_spell", ("07-07", "09-07"), si="400.00", deductible_days=19,
                amount_per_day="20.00")  # default threshold: 5 mm
    base = days(date(2020, 7, 7), 63, precip_mm=D("8"))
    dry = {d: D("4.9") for d in run(date(2020, 7, 10), 25)}
    dry[date(2020, 7, 20)] = D("5")  # exactly 5 mm is not dry: 10 + 14 days
    series = with_values(base, "precip_mm", dry)
    assert index_value(p, series) == D(14)
    assert payout_per_mu(p, series) == D("0.00")
    dry[date(2020, 7, 20)] = D("0")
    series = with_values(base, "precip_mm", dry)
    assert index_value(p, series) == D(25)
    assert payout_per_mu(p, series) == D("120.00")  # (25 − 19) × 20


def test_dry_spell_crossing_the_window_end() -> None:
    p = product("dry_spell", ("07-07", "09-07"), si="400.00", deductible_days=19,
                amount_per_day="20.00")
    base = days(date(2020, 7, 1), 80, precip_mm=D("10"))
    series = with_values(base, "precip_mm", {d: D("0") for d in run(date(2020, 8, 15), 30)})
    assert index_value(p, series) == D(24)  # 08-15 … 09-07


# --------------------------------------------------------------------------- heat

def test_heat_days_counts_days_at_or_above_35() -> None:
    p = product("heat_days", ("07-01", "07-31"), si="200.00", trigger="0", exit="3")
    values = {date(2020, 7, 2): D("35"), date(2020, 7, 9): D("34.9"),
              date(2020, 7, 20): 35.0, date(2020, 7, 31): D("38"), date(2020, 8, 1): D("40")}
    series = with_values(days(date(2020, 7, 1), 40), "tmax", values)
    assert index_value(p, series) == D(3)
    # linear on days: tick = 200 / 3 → 1 day = 66.67, 3 days = 200 (exit)
    assert payout_per_mu(p, series) == D("200.00")
    series = with_values(series, "tmax", {date(2020, 7, 31): D("30"), date(2020, 7, 20): D("30")})
    assert index_value(p, series) == D(1)
    assert payout_per_mu(p, series) == D("66.67")
    assert policy_payout(p, series, D("2.5")) == D("166.68")  # 66.67 × 2.5 = 166.675 → half-up


def rice_heat() -> InsuranceProduct:
    return shipped()["rice_heat_mx"]


@pytest.mark.parametrize("length, expected", [(2, "0.00"), (3, "25.00"), (10, "200.00"),
                                              (14, "200.00")])
def test_rice_heat_pays_from_the_third_hot_day(length: int, expected: str) -> None:
    series = with_values(days(date(2022, 6, 20), 80), "tmax",
                         {d: D("35.0") for d in run(date(2022, 7, 10), length)})
    assert index_value(rice_heat(), series) == D(length)
    assert payout_per_mu(rice_heat(), series) == D(expected)


def test_heat_run_crossing_both_window_edges() -> None:
    p = product("heat_consecutive", ("07-01", "07-05"), si="200.00", deductible_days=2,
                amount_per_day="25.00")
    series = days(date(2020, 6, 20), 30, tmax=D("36"))  # hot throughout
    assert index_value(p, series) == D(5)  # only the window's five days
    assert payout_per_mu(p, series) == D("75.00")


def test_heat_run_crossing_the_window_end_of_the_shipped_product() -> None:
    series = with_values(days(date(2022, 6, 20), 80), "tmax",
                         {d: D("37") for d in run(date(2022, 8, 29), 6)})  # 08-29 … 09-03
    assert index_value(rice_heat(), series) == D(3)
    assert payout_per_mu(rice_heat(), series) == D("25.00")


def test_float_values_are_accepted_and_read_exactly() -> None:
    series = [DailyWeather(date(2022, 6, 25) + timedelta(days=k), 0.0,
                           35.0 if k < 4 else 30.2, 20.1, 25.3) for k in range(68)]
    assert index_value(rice_heat(), series) == D(4)
    assert payout_per_mu(rice_heat(), series) == D("50.00")


# --------------------------------------------------------------------------- frost

def tea() -> InsuranceProduct:
    return shipped()["tea_frost_wy"]


@pytest.mark.parametrize("tmin, expected", [
    ("0.5", "0.00"),  # exactly at the trigger
    ("0.6", "0.00"),
    ("0.4", "50.00"),  # 0.1 °C × 500 元/°C
    ("-1.5", "1000.00"),
    ("-3.5", "2000.00"),  # exactly at the exit
    ("-8", "2000.00"),
])
def test_frost_is_the_lowest_tmin_and_pays_linearly_below_the_trigger(tmin: str,
                                                                      expected: str) -> None:
    series = with_values(days(date(2023, 3, 1), 40, tmin=D("3")), "tmin",
                         {date(2023, 3, 20): D(tmin), date(2023, 3, 4): D("-10"),
                          date(2023, 4, 5): D("-10")})  # outside 惊蛰 (03-05) → 清明 (04-04)
    assert index_value(tea(), series) == D(tmin)
    assert payout_per_mu(tea(), series) == D(expected)


def test_a_frost_window_over_new_year_belongs_to_the_season_it_starts_in() -> None:
    p = product("frost", ("12-20", "01-10"), trigger="0", exit="-10")
    series = with_values(days(date(2020, 12, 1), 60, tmin=D("2")), "tmin",
                         {date(2021, 1, 5): D("-5"), date(2020, 12, 19): D("-20")})
    assert index_value(p, series) == D("-5")
    assert index_value(p, series, season=2020) == D("-5")
    assert payout_per_mu(p, series) == D("500.00")


# --------------------------------------------------------------------------- cold dew wind

def test_cold_dew_wind_is_the_longest_run_of_cool_mean_days() -> None:
    p = product("cold_dew_wind", ("09-23", "10-08"), si="400.00", deductible_days=3,
                amount_per_day="50.00")  # default threshold 20 °C
    base = days(date(2020, 9, 15), 30, tmean=D("22"))
    cool = {d: D("19.5") for d in run(date(2020, 9, 28), 6)}
    cool[date(2020, 10, 1)] = D("20")  # exactly 20 °C still counts
    series = with_values(base, "tmean", cool)
    assert index_value(p, series) == D(6)
    assert payout_per_mu(p, series) == D("150.00")
    cool[date(2020, 10, 1)] = D("20.1")  # breaks it: 3 + 2 days
    series = with_values(base, "tmean", cool)
    assert index_value(p, series) == D(3)
    assert payout_per_mu(p, series) == D("0.00")


def test_cold_dew_run_crossing_the_window_start() -> None:
    p = product("cold_dew_wind", ("09-23", "10-08"), si="400.00", deductible_days=3,
                amount_per_day="50.00")
    series = with_values(days(date(2020, 9, 15), 30, tmean=D("22")), "tmean",
                         {d: D("15") for d in run(date(2020, 9, 18), 9)})  # 09-18 … 09-26
    assert index_value(p, series) == D(4)  # 09-23 … 09-26
    assert payout_per_mu(p, series) == D("50.00")


# --------------------------------------------------------------------------- missing days

def test_a_missing_day_makes_the_phase_incomplete_and_names_it() -> None:
    series = [d for d in days(date(2022, 6, 25), 68, tmax=D("36"))
              if d.date not in (date(2022, 7, 3), date(2022, 7, 4), date(2022, 8, 1))]
    with pytest.raises(IncompleteWeather) as caught:
        index_value(rice_heat(), series)
    exc = caught.value
    assert isinstance(exc, ValueError)
    assert exc.missing_dates == (date(2022, 7, 3), date(2022, 7, 4), date(2022, 8, 1))
    assert isinstance(exc.message, Message) and exc.message.code == "insurance.incomplete_weather"
    assert "2022-07-03 至 2022-07-04" in exc.message and "2022-08-01" in exc.message
    assert "2022-07-03 to 2022-07-04" in exc.message.en
    with pytest.raises(IncompleteWeather):
        payout_per_mu(rice_heat(), series)


def test_a_none_value_the_index_needs_is_missing_but_other_none_values_are_not() -> None:
    series = days(date(2022, 6, 25), 68, tmax=D("30"))
    series = with_values(series, "precip_mm", {date(2022, 7, 1): None})  # heat ignores rain
    series = with_values(series, "tmin", {date(2022, 7, 2): None})
    assert index_value(rice_heat(), series) == D(0)
    series = with_values(series, "tmax", {date(2022, 8, 31): None})  # the last day
    with pytest.raises(IncompleteWeather) as caught:
        payout_per_mu(rice_heat(), series)
    assert caught.value.missing_dates == (date(2022, 8, 31),)


def test_nan_counts_as_missing() -> None:
    series = with_values(days(date(2022, 6, 25), 68), "tmax", {date(2022, 7, 1): float("nan")})
    with pytest.raises(IncompleteWeather):
        index_value(rice_heat(), series)


@pytest.mark.parametrize("kind, attr, extra", [
    ("rainfall_deficit", "precip_mm", {"trigger": "60", "exit": "20"}),
    ("excess_rain_max_daily", "precip_mm", {"trigger": "10", "exit": "110"}),
    ("excess_rain_consecutive", "precip_mm", {"daily_threshold": "50", "deductible_days": 1,
                                              "amount_per_day": "10"}),
    ("dry_spell", "precip_mm", {"deductible_days": 19, "amount_per_day": "10"}),
    ("heat_days", "tmax", {"deductible_days": 0, "amount_per_day": "10"}),
    ("heat_consecutive", "tmax", {"deductible_days": 2, "amount_per_day": "10"}),
    ("frost", "tmin", {"trigger": "0.5", "exit": "-3.5"}),
    ("cold_dew_wind", "tmean", {"deductible_days": 3, "amount_per_day": "10"}),
])
def test_every_index_type_refuses_a_gap_in_its_own_variable(kind: str, attr: str,
                                                            extra: dict[str, Any]) -> None:
    p = product(kind, ("07-01", "07-31"), **extra)
    complete = days(date(2020, 7, 1), 31)
    index_value(p, complete)  # fine
    gap = with_values(complete, attr, {date(2020, 7, 15): None})
    with pytest.raises(IncompleteWeather) as caught:
        index_value(p, gap)
    assert caught.value.missing_dates == (date(2020, 7, 15),)
    others = [a for a in ("precip_mm", "tmax", "tmin", "tmean") if a != attr]
    assert index_value(p, with_values(complete, others[0], {date(2020, 7, 15): None})) == (
        index_value(p, complete))


def test_no_days_at_all_is_incomplete_for_the_season_asked() -> None:
    with pytest.raises(IncompleteWeather) as caught:
        index_value(rice_heat(), [], season=2022)
    assert len(caught.value.missing_dates) == 68  # 06-25 … 08-31


def test_no_days_and_no_season_is_incomplete_too() -> None:
    with pytest.raises(IncompleteWeather) as caught:
        payout_per_mu(rice_heat(), [])
    assert caught.value.missing_dates == () and caught.value.message.code == "insurance.no_weather"


def test_days_of_two_seasons_need_a_season() -> None:
    series = days(date(2021, 6, 1), 500)
    with pytest.raises(ValueError, match="season="):
        index_value(rice_heat(), series)
    assert index_value(rice_heat(), series, season=2022) == D(0)


def test_two_different_records_for_one_day_are_refused() -> None:
    series = days(date(2022, 6, 25), 68)
    series.append(dataclasses.replace(series[3], tmax=D("40")))
    with pytest.raises(ValueError, match="2022-06-28"):
        index_value(rice_heat(), series)
    series[-1] = series[3]  # the same record twice is harmless
    assert index_value(rice_heat(), series) == D(0)


# --------------------------------------------------------------------------- several sections

def jieqi() -> InsuranceProduct:
    return shipped()["rice_jieqi_wy"]


def jieqi_season(**runs: tuple[date, int]) -> list[DailyWeather]:
    """A rice season at 婺源 with rain every 3rd day and warm autumn; then the given runs."""
    series = []
    for k, d in enumerate(days(date(2021, 4, 1), 220, tmean=D("24"))):
        series.append(dataclasses.replace(d, precip_mm=D("8") if k % 3 == 0 else D("0")))
    if "storm" in runs:
        series = with_values(series, "precip_mm", {d: D("60") for d in run(*runs["storm"])})
    if "drought" in runs:
        series = with_values(series, "precip_mm", {d: D("0") for d in run(*runs["drought"])})
    if "cold" in runs:
        series = with_values(series, "tmean", {d: D("18") for d in run(*runs["cold"])})
    return series


def test_multi_section_product_sums_its_sections() -> None:
    series = jieqi_season(storm=(date(2021, 6, 1), 2), cold=(date(2021, 9, 25), 5))
    result = assess(jieqi(), series)
    assert result.season == 2021
    assert result.indexes == {"heavy_rain": D(2), "drought": D(2), "cold_dew_wind": D(5)}
    assert [r.payout_per_mu for r in result.sections] == [D("100.00"), D("0.00"),
                                                          D("50.00")]  # (5 − 3) × 25
    assert payout_per_mu(jieqi(), series) == D("150.00")
    assert index_values(jieqi(), series)["cold_dew_wind"] == D(5)
    assert index_value(jieqi(), series, section="heavy_rain") == D(2)


def test_multi_section_total_is_capped_at_the_sum_insured() -> None:
    series = jieqi_season(storm=(date(2021, 6, 1), 4), drought=(date(2021, 7, 10), 40),
                          cold=(date(2021, 9, 24), 12))
    result = assess(jieqi(), series)
    assert [r.payout_per_mu for r in result.sections] == [D("200.00")] * 3  # each at its cap
    assert result.uncapped_per_mu == D("600.00")
    assert result.payout_per_mu == D("400.00") == jieqi().sum_insured_per_mu
    assert policy_payout(jieqi(), series, 3) == D("1200.00")


def test_index_value_of_a_multi_section_product_needs_the_section() -> None:
    with pytest.raises(ValueError, match="section="):
        index_value(jieqi(), jieqi_season())
    with pytest.raises(KeyError):
        index_value(jieqi(), jieqi_season(), section="hail")


def test_one_incomplete_section_blocks_the_total_but_not_the_other_sections() -> None:
    series = [d for d in jieqi_season(storm=(date(2021, 6, 1), 3))
              if d.date != date(2021, 9, 30)]
    with pytest.raises(IncompleteWeather) as caught:
        payout_per_mu(jieqi(), series)
    assert caught.value.sections == ("cold_dew_wind",)
    # the heavy-rain phase is over and complete: its claim can be settled already
    result = assess_section(jieqi(), "heavy_rain", series, season=2021)
    assert (result.index, result.payout_per_mu) == (D(3), D("200.00"))
    assert (result.first, result.last) == (date(2021, 5, 5), date(2021, 6, 21))


# --------------------------------------------------------------------------- properties

@given(st.decimals(min_value=-20, max_value=20, places=1))
def test_frost_payout_is_monotone_and_bounded(tmin: Decimal) -> None:
    series = with_values(days(date(2023, 3, 5), 31, tmin=D("5")), "tmin",
                         {date(2023, 3, 15): tmin})
    colder = with_values(series, "tmin", {date(2023, 3, 15): tmin - D("0.1")})
    pay, pay_colder = payout_per_mu(tea(), series), payout_per_mu(tea(), colder)
    assert D(0) <= pay <= pay_colder <= D(2000)
    assert pay == pay.quantize(D("0.01"))


@given(st.integers(min_value=0, max_value=68))
def test_rice_heat_payout_formula(length: int) -> None:
    series = with_values(days(date(2022, 6, 25), 68), "tmax",
                         {d: D("35") for d in run(date(2022, 6, 25), length)})
    assert payout_per_mu(rice_heat(), series) == min(D(200), max(0, length - 2) * D(25))


# --------------------------------------------------------------------------- texts

def test_basis_risk_text_is_plain_chinese_naming_the_station() -> None:
    for p in shipped().values():
        text = basis_risk_text(p)
        assert isinstance(text, Message) and text.code == "insurance.basis_risk"
        assert p.station_id in text and p.station_name_zh in text
        assert "实际损失" in text and "基差风险" in text
        assert "basis risk" in text.en


def test_describe_product_explains_each_section() -> None:
    lines = describe_product(jieqi())
    assert len(lines) == 4  # three sections and the cap
    assert "立夏" in lines[0] and "2 天起赔" in lines[0]
    assert "400.00" in lines[-1]
    frost = describe_product(tea())[0]
    assert "0.5°C" in frost and "500.00" in frost and "2000.00" in frost


# --------------------------------------------------------------------------- burn analysis

@lru_cache(maxsize=None)
def station_years(station_id: str) -> dict[int, list[Any]]:
    result = parse_weather_csv((WEATHER / f"{station_id}.csv").read_text(encoding="utf-8"))
    assert not result.problems
    return result.days_by_year(station_id)


@pytest.mark.parametrize("product_id", ["rice_heat_mx", "rice_jieqi_wy", "tea_frost_wy",
                                        "cherry_rain_mx"])
def test_burn_analysis_of_the_generated_data_pays_in_some_years_not_all(product_id: str) -> None:
    p = shipped()[product_id]
    years = station_years(p.station_id)
    assert len(years) >= 25
    burn = burn_analysis(p, years)
    assert burn.complete_years == len(years)
    assert 1 <= burn.payout_years < burn.complete_years
    paid = [y.payout_per_mu for y in burn.years if y.payout_per_mu]
    assert burn.average_payout_per_mu == (sum(paid, D(0)) / len(years)).quantize(D("0.01"))
    expected_ratio = sum(paid, D(0)) / (premium(p, 1) * len(years))
    assert abs(burn.average_loss_ratio - expected_ratio) < D("0.0001")
    assert burn.max_payout_per_mu <= p.sum_insured_per_mu
    assert "赔付率" in burn.summary()


def test_burn_analysis_scales_with_the_insured_area_and_marks_incomplete_years() -> None:
    p = rice_heat()
    years = dict(station_years(p.station_id))
    years[2010] = [d for d in years[2010] if d.date != date(2010, 7, 15)]
    one = burn_analysis(p, years)
    ten = burn_analysis(p, years, insured_mu=10)
    bad = next(y for y in one.years if y.year == 2010)
    assert bad.status == "incomplete" and bad.payout_per_mu is None
    assert bad.missing_dates == (date(2010, 7, 15),) and bad.index is None
    good = next(y for y in one.years if y.year == 2011)
    assert good.index == good.indexes["heat"] and good.status in ("paid", "no_payout")
    assert one.complete_years == len(years) - 1 and one.incomplete_years == 1
    assert ten.premium == premium(p, 10) == D("120.00")
    for a, b in zip(one.years, ten.years):
        assert (a.payout is None and b.payout is None) or b.payout == a.payout * 10
    assert ten.average_loss_ratio == one.average_loss_ratio


def test_burn_analysis_without_complete_years() -> None:
    burn = burn_analysis(rice_heat(), {2020: days(date(2020, 1, 1), 30)})
    assert burn.complete_years == 0 and burn.average_loss_ratio is None
    assert burn.summary().code == "insurance.burn_no_data"


def test_burn_analysis_finds_a_new_year_window_under_the_next_key() -> None:
    p = product("frost", ("12-20", "01-10"), trigger="0", exit="-10")
    pool = days(date(2019, 1, 1), 365 * 3 + 1, tmin=D("1"))
    pool = with_values(pool, "tmin", {date(2021, 1, 2): D("-2")})
    by_year: dict[int, list[DailyWeather]] = {}
    for d in pool:
        by_year.setdefault(d.date.year, []).append(d)
    burn = burn_analysis(p, by_year)
    assert [y.status for y in burn.years] == ["no_payout", "paid", "incomplete"]
    assert burn.years[1].payout_per_mu == D("200.00")

"""Premium, subsidy split and the product file of weather-index insurance (DOMAIN.md §7)."""

from __future__ import annotations

import copy
import json
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.crops import load_calendar
from station_app.domain.insurance import (
    SOLAR_TERMS,
    IndexType,
    InsuranceProduct,
    ProductError,
    dump_products,
    farmer_premium,
    load_products,
    premium,
    premium_per_mu,
    premium_split,
)
from station_app.domain.messages import Message

ROOT = Path(__file__).resolve().parents[2]
PRODUCTS_JSON = ROOT / "resources" / "insurance" / "products.json"
CROPS_JSON = ROOT / "resources" / "reference" / "crops.json"
D = Decimal
FEN = D("0.01")
KEYS = ("central", "province", "county", "farmer")


def raw_shipped() -> dict[str, Any]:
    return json.loads(PRODUCTS_JSON.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def shipped() -> dict[str, InsuranceProduct]:
    return {p.id: p for p in load_products(PRODUCTS_JSON)}


def simple(si: str = "1000.00", *, rate: str | None = "5", fixed: str | None = None,
           shares: tuple[str, str, str, str] = ("45", "25", "5", "25")) -> InsuranceProduct:
    raw: dict[str, Any] = {
        "id": "p", "name_zh": "测试", "name_en": "Test", "crop": "rice", "station_id": "T-1",
        "sum_insured_per_mu": si,
        "subsidy_shares_percent": dict(zip(KEYS, shares)),
        "index_type": "frost", "window": {"from": "03-01", "to": "03-31"},
        "trigger": "0", "exit": "-5"}
    if rate is not None:
        raw["premium_rate_percent"] = rate
    if fixed is not None:
        raw["premium_per_mu"] = fixed
    return load_products(raw)[0]


# --------------------------------------------------------------------------- premium

def test_rice_heat_premium_and_split_for_ten_mu() -> None:
    p = shipped()["rice_heat_mx"]
    assert premium_per_mu(p) == D("12.00")  # 200 × 6 %
    assert premium(p, 10) == D("120.00")
    assert premium_split(p, 10) == {"central": D("54.00"), "province": D("30.00"),
                                    "county": D("6.00"), "farmer": D("30.00")}


def test_tea_frost_has_a_fixed_premium_of_200_of_which_the_farmer_pays_40() -> None:
    p = shipped()["tea_frost_wy"]
    assert p.premium_rate_percent is None and p.premium_per_mu == D("200.00")
    assert p.sum_insured_per_mu == D("2000.00") and p.premium_rate == D("0.1")
    assert premium(p, 1) == D("200.00")
    assert farmer_premium(p, 1) == D("40.00")
    split = premium_split(p, D("2.5"))
    assert split["farmer"] == D("100.00") and sum(split.values()) == D("500.00")


def test_cherry_rain_premium_is_3_5_percent_of_4000() -> None:
    p = shipped()["cherry_rain_mx"]
    assert p.sum_insured_per_mu == D("4000.00") and p.premium_rate_percent == D("3.5")
    assert premium(p, 1) == D("140.00")
    assert sum(premium_split(p, 1).values()) == D("140.00")


def test_premium_is_rounded_once_on_the_policy_total() -> None:
    p = simple("333.33", rate="3.5")
    assert premium_per_mu(p) == D("11.67")  # 11.66655
    assert premium(p, 3) == D("35.00")  # 34.99965, not 3 × 11.67
    assert premium(p, D("0.5")) == D("5.83")  # 5.833275


def test_the_farmer_share_absorbs_the_fen() -> None:
    p = simple("1.00", rate="1", shares=("45", "25", "5", "25"))  # premium 0.01 per mu
    assert premium_split(p, 1) == {"central": D("0.00"), "province": D("0.00"),
                                   "county": D("0.00"), "farmer": D("0.01")}
    p = simple("1.00", rate="3", shares=("35", "35", "30", "0"))  # 0.03: 0.0105 → 0.01 each
    assert premium_split(p, 1) == {"central": D("0.01"), "province": D("0.01"),
                                   "county": D("0.01"), "farmer": D("0.00")}


def test_a_farmer_share_of_zero_never_goes_negative() -> None:
    p = simple("1.00", rate="1", shares=("50", "50", "0", "0"))  # 0.005 + 0.005 rounds up
    split = premium_split(p, 1)
    assert sum(split.values()) == D("0.01") and min(split.values()) >= 0
    assert split == {"central": D("0.01"), "province": D("0.00"), "county": D("0.00"),
                     "farmer": D("0.00")}


@pytest.mark.parametrize("mu", [1.5, "1.5", D("1.5"), 3])
def test_the_area_may_be_any_plain_number(mu: Any) -> None:
    p = shipped()["rice_heat_mx"]
    assert premium(p, mu) == D("12.00") * D(str(mu))


@pytest.mark.parametrize("mu, error", [(True, TypeError), (-1, ValueError), ("x", TypeError),
                                       (float("nan"), ValueError)])
def test_a_bad_area_is_refused(mu: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        premium(shipped()["rice_heat_mx"], mu)


money = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)
areas = st.decimals(min_value=D("0"), max_value=D("10000"), places=2)


@st.composite
def shares(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """Four percentages (up to two decimals, some zero) that add up to exactly 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 10000), min_size=3, max_size=3)))
    parts = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], 10000 - cuts[2]]
    order = draw(st.permutations(parts))
    return tuple(str(D(v) / 100) for v in order)  # type: ignore[return-value]


@given(money, areas, st.decimals(min_value=D("0.01"), max_value=D("100"), places=2), shares())
def test_split_sums_exactly_to_the_premium_for_rated_products(si: Decimal, mu: Decimal,
                                                             rate: Decimal,
                                                             parts: tuple[str, ...]) -> None:
    p = simple(str(si), rate=str(rate), shares=parts)  # type: ignore[arg-type]
    total = premium(p, mu)
    assert total == (si * mu * rate / 100).quantize(FEN, rounding=ROUND_HALF_UP)
    split = premium_split(p, mu)
    assert list(split) == list(KEYS)
    assert sum(split.values()) == total
    for key, value in split.items():
        assert value == value.quantize(FEN) and value >= 0
        exact = total * D(parts[KEYS.index(key)]) / 100
        assert abs(value - exact) <= (FEN if key != "farmer" else D("0.02"))


@given(money, areas, shares())
def test_split_sums_exactly_to_the_premium_for_fixed_premiums(fixed: Decimal, mu: Decimal,
                                                             parts: tuple[str, ...]) -> None:
    p = simple("100000.00", rate=None, fixed=str(fixed), shares=parts)  # type: ignore[arg-type]
    total = premium(p, mu)
    assert total == (fixed * mu).quantize(FEN, rounding=ROUND_HALF_UP)
    split = premium_split(p, mu)
    assert sum(split.values()) == total and min(split.values()) >= 0


# --------------------------------------------------------------------------- the shipped file

def test_the_shipped_products_load_with_the_four_shapes_of_domain_7() -> None:
    crops = load_calendar(CROPS_JSON)
    products = {p.id: p for p in load_products(PRODUCTS_JSON, crop_codes=crops.codes)}
    assert set(products) == {"rice_heat_mx", "rice_jieqi_wy", "tea_frost_wy", "cherry_rain_mx"}
    for p in products.values():
        assert sum(p.subsidy.as_dict().values()) == 100
        assert p.station_id in ("MX-57016", "WY-58527")

    heat = products["rice_heat_mx"]
    (section,) = heat.sections
    assert section.index_type is IndexType.HEAT_CONSECUTIVE and section.threshold == 35
    assert (section.window.start, section.window.end) == ("06-25", "08-31")
    assert section.deductible_days == 2 and heat.sum_insured_per_mu == D("200.00")
    assert heat.subsidy.as_dict() == {"central": 45, "province": 25, "county": 5, "farmer": 25}

    jieqi = products["rice_jieqi_wy"]
    rain, drought, cold = jieqi.sections
    assert (rain.index_type, rain.threshold, rain.deductible_days) == (
        IndexType.EXCESS_RAIN_CONSECUTIVE, 50, 1)
    assert (rain.window.start_term, rain.window.end_term) == ("立夏", "夏至")
    assert (drought.index_type, drought.threshold, drought.deductible_days) == (
        IndexType.DRY_SPELL, 5, 19)
    assert (drought.window.start_term, drought.window.end_term) == ("小暑", "白露")
    assert (cold.index_type, cold.threshold, cold.deductible_days) == (
        IndexType.COLD_DEW_WIND, 20, 3)
    assert (cold.window.start, cold.window.end) == (SOLAR_TERMS["秋分"], SOLAR_TERMS["寒露"])

    tea = products["tea_frost_wy"]
    assert tea.sections[0].index_type is IndexType.FROST and tea.sections[0].trigger == D("0.5")

    cherry = products["cherry_rain_mx"]
    assert cherry.sections[0].index_type is IndexType.EXCESS_RAIN_MAX_DAILY
    assert cherry.sections[0].trigger == 10


def test_dump_and_load_round_trip() -> None:
    products = list(shipped().values())
    again = load_products(json.loads(json.dumps(dump_products(products, source_note="x"))))
    assert again == products


def test_a_product_may_be_written_flat_or_with_sections() -> None:
    flat = simple()
    assert len(flat.sections) == 1 and flat.sections[0].code == "main"
    assert flat.sections[0].name_zh == "测试"


# --------------------------------------------------------------------------- refusing bad data

def problems(data: Any, **kwargs: Any) -> list[Message]:
    with pytest.raises(ProductError) as caught:
        load_products(data, **kwargs)
    assert all(isinstance(m, Message) and m.code.startswith("insurance.")
               for m in caught.value.problems)
    assert caught.value.messages == caught.value.problems
    return caught.value.problems


def test_every_problem_is_listed_at_once() -> None:
    data = raw_shipped()
    heat, jieqi, tea, cherry = data["products"]
    heat["subsidy_shares_percent"]["farmer"] = "20"  # sums to 95
    heat["sections"][0]["index_type"] = "hail"
    jieqi["sections"][1]["window"]["to"] = "09-31"
    jieqi["sections"][2]["code"] = "heavy_rain"  # duplicate section code
    tea["premium_rate_percent"] = "10"  # and premium_per_mu: both
    tea["sections"][0]["exit"] = "0.5"  # equals the trigger
    cherry["id"] = "rice_heat_mx"  # duplicate product id
    cherry["sum_insured_per_mu"] = "4000.001"
    found = problems(data)
    codes = [m.code for m in found]
    for code in ("insurance.subsidy_sum", "insurance.index_type_invalid",
                 "insurance.date_invalid", "insurance.section_code_duplicate",
                 "insurance.premium_both", "insurance.trigger_equals_exit",
                 "insurance.duplicate_id", "insurance.money_precision"):
        assert code in codes, code
    subsidy = next(m for m in found if m.code == "insurance.subsidy_sum")
    assert "95" in subsidy and "100%" in subsidy and "水稻高温热害" in subsidy
    assert "rice_heat_mx" in str(ProductError(found))


def bad(**changes: Any) -> dict[str, Any]:
    raw = raw_shipped()["products"][0]
    section = raw["sections"][0]
    for key, value in changes.items():
        target = section if key in section or key in (
            "trigger", "exit", "max_payout_per_mu", "daily_threshold") else raw
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return raw


@pytest.mark.parametrize("changes, code", [
    ({"premium_rate_percent": None}, "insurance.premium_missing"),
    ({"premium_rate_percent": "0"}, "insurance.number_not_positive"),
    ({"premium_rate_percent": "120"}, "insurance.number_out_of_range"),
    ({"sum_insured_per_mu": "lots"}, "insurance.number_invalid"),
    ({"sum_insured_per_mu": True}, "insurance.wrong_type"),
    ({"id": "Rice Heat"}, "insurance.id_invalid"),
    ({"crop": "Rice!"}, "insurance.crop_invalid"),
    ({"station_id": " "}, "insurance.text_empty"),
    ({"colour": "red"}, "insurance.unknown_field"),
    ({"name_en": None}, "insurance.missing_field"),
    ({"subsidy_shares_percent": {"central": "45", "province": "25", "county": "30"}},
     "insurance.missing_field"),
    ({"subsidy_shares_percent": {"central": "45", "province": "25", "county": "5",
                                 "farmer": "35"}}, "insurance.subsidy_sum"),
    ({"window": {"from": "02-29", "to": "03-10"}}, "insurance.date_invalid"),
    ({"window": {"from": "立秋", "to": "秋分", "from_term": "立秋"}}, None),
    ({"window": {"from": "08-01", "to": "09-23", "from_term": "立秋"}},
     "insurance.term_date_mismatch"),
    ({"window": {"from": "06-25", "to": "08-31", "to_term": "八月"}}, "insurance.term_invalid"),
    ({"amount_per_day": None}, "insurance.missing_field"),
    ({"deductible_days": -1}, "insurance.number_too_small"),
    ({"deductible_days": 2.5}, "insurance.wrong_type"),
    ({"trigger": "3"}, "insurance.payout_mixed"),
    ({"deductible_days": None, "amount_per_day": None}, "insurance.payout_missing"),
    ({"daily_threshold": "75"}, "insurance.number_out_of_range"),
    ({"max_payout_per_mu": "300.00"}, "insurance.cap_above_sum_insured"),
    ({"sections": []}, "insurance.sections_empty"),
    ({"sections": None}, "insurance.sections_missing"),
])
def test_each_bad_field_is_refused_with_its_own_problem(changes: dict[str, Any],
                                                       code: str | None) -> None:
    raw = bad(**changes)
    if code is None:
        assert load_products(raw)[0].sections[0].window.start == "08-07"
        return
    assert code in [m.code for m in problems(raw)]


def test_sections_and_a_flat_index_do_not_mix() -> None:
    raw = raw_shipped()["products"][0]
    raw["index_type"] = "frost"
    assert [m.code for m in problems(raw)] == ["insurance.sections_and_flat"]


@pytest.mark.parametrize("section, code", [
    ({"index_type": "frost", "trigger": "0.5", "exit": "2"}, "insurance.exit_direction"),
    ({"index_type": "rainfall_deficit", "trigger": "60", "exit": "80"},
     "insurance.exit_direction"),
    ({"index_type": "excess_rain_max_daily", "trigger": "50", "exit": "20"},
     "insurance.exit_direction"),
    ({"index_type": "frost", "deductible_days": 1, "amount_per_day": "10"},
     "insurance.per_day_not_allowed"),
    ({"index_type": "frost", "trigger": "0.5", "exit": "-3.5", "daily_threshold": "0"},
     "insurance.threshold_not_allowed"),
    ({"index_type": "excess_rain_consecutive", "deductible_days": 1, "amount_per_day": "10"},
     "insurance.threshold_missing"),
    ({"index_type": "frost", "trigger": "0.5", "exit": "-90"},
     "insurance.number_out_of_range"),
    ({"index_type": "frost", "trigger": "0.5"}, "insurance.missing_field"),
])
def test_index_rules_are_checked(section: dict[str, Any], code: str) -> None:
    raw = raw_shipped()["products"][0]
    raw["sections"][0] = {"code": "s", "name_zh": "段", "name_en": "s",
                          "window": {"from": "03-01", "to": "03-31"}, **section}
    assert code in [m.code for m in problems(raw)]


def test_an_unknown_crop_is_a_problem_when_the_calendar_is_given() -> None:
    raw = copy.deepcopy(raw_shipped())
    raw["products"][3]["crop"] = "durian"
    load_products(raw)  # no calendar: any well-formed code
    assert [m.code for m in problems(raw, crop_codes=["rice", "tea", "cherry"])] == [
        "insurance.crop_unknown"]


@pytest.mark.parametrize("data, code", [
    ({"products": []}, "insurance.no_products"),
    ({"products": {}}, "insurance.wrong_type"),
    ("not a catalogue", "insurance.file_missing"),  # a str is a path
    (42, "insurance.wrong_type"),
    ({"version": 0, "products": [{}]}, "insurance.number_too_small"),
])
def test_bad_files_are_refused(data: Any, code: str) -> None:
    assert code in [m.code for m in problems(data)]


def test_file_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"products": [', encoding="utf-8")
    assert [m.code for m in problems(broken)] == ["insurance.json_invalid"]
    twice = tmp_path / "twice.json"
    twice.write_text('{"products": [], "products": []}', encoding="utf-8")
    assert [m.code for m in problems(twice)] == ["insurance.duplicate_key"]

"""Tests for station_app.domain.crops (crop calendar, DOMAIN.md §4)."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.crops import (
    CATEGORIES,
    DEFAULT_SALES_WINDOW_DAYS,
    CalendarError,
    Crop,
    CropCalendar,
    SeasonWindow,
    dump_calendar,
    expected_harvest_date,
    expected_harvest_value,
    load_calendar,
    phase_dates,
    phase_on,
    planting_loan_ceiling,
    sales_window_end,
)
from station_app.domain.messages import Message

REFERENCE = Path(__file__).resolve().parents[2] / "resources" / "reference"
CROPS_JSON = REFERENCE / "crops.json"
SCHEMA_JSON = REFERENCE / "crops.schema.json"
REQUIRED = ("rice", "wheat", "maize", "tea", "apple", "kiwifruit", "black_fungus", "cherry")


@lru_cache(maxsize=1)
def shipped() -> CropCalendar:
    return load_calendar(CROPS_JSON)


def raw_shipped() -> dict[str, Any]:
    return json.loads(CROPS_JSON.read_text(encoding="utf-8"))


def rice() -> Crop:
    return shipped()["rice"]


# --------------------------------------------------------------------------- shipped file

def test_shipped_file_loads_with_the_required_crops() -> None:
    calendar = shipped()
    assert calendar.version == 1
    assert "参考" in calendar.source_note and "管理员" in calendar.source_note
    for code in REQUIRED:
        assert code in calendar
    assert "maize_summer" in calendar  # summer maize besides spring maize (code "maize")
    assert calendar["black_fungus"].name_zh == "黑木耳"
    assert calendar["kiwifruit"].regions_zh[:2] == ("陕西周至", "陕西眉县")
    assert calendar.codes[0] == "rice"  # file order is kept
    assert len(calendar) == len(raw_shipped()["crops"])
    assert calendar.get("banana") is None


def test_shipped_crops_are_complete_and_consistent() -> None:
    for crop in shipped().crops.values():
        assert crop.category in CATEGORIES
        assert crop.growth_days > 0
        assert crop.phases
        previous_end = 0
        for phase in crop.phases:
            assert phase.days_from_start >= previous_end, (crop.code, phase.code)
            assert phase.duration_days > 0
            previous_end = phase.end_day
        assert previous_end <= crop.growth_days, crop.code
        # every shipped calendar covers the whole season without gaps
        assert crop.phases[0].days_from_start == 0
        assert crop.phases[-1].end_day == crop.growth_days
        assert crop.input_cost_per_mu_yuan > 0
        assert crop.typical_yield_per_mu > 0 and crop.yield_unit == "kg"
        assert crop.typical_price_yuan_per_kg > 0
        assert crop.cost_note_zh and crop.start_event_zh and crop.start_event_en
        assert crop.regions_zh
        assert crop.sales_window_days > 0


def test_shipped_phase_windows_match_the_planting_window() -> None:
    """Starting on the first day of the typical planting window puts each phase's first day
    inside that phase's typical window."""
    for crop in shipped().crops.values():
        first = crop.typical_planting_window.start
        start = date(2026, int(first[:2]), int(first[3:]))
        for phase, begin, end in phase_dates(crop, start):
            assert phase.typical_window.contains(begin), (crop.code, phase.code)


@pytest.mark.parametrize("code, low, high", [
    ("rice", 450, 550), ("wheat", 350, 450), ("maize", 500, 650), ("maize_summer", 450, 600),
    ("apple", 2000, 3000), ("kiwifruit", 1500, 2500),
])
def test_shipped_yields_are_plausible(code: str, low: int, high: int) -> None:
    assert low <= shipped()[code].typical_yield_per_mu <= high


def test_shipped_figures() -> None:
    calendar = shipped()
    assert calendar["rice"].growth_days == 145
    assert calendar["rice"].input_cost_per_mu_yuan == Decimal("850.00")
    assert str(calendar["rice"].input_cost_per_mu_yuan) == "850.00"
    assert [p.name_zh for p in calendar["rice"].phases] == [
        "育秧", "移栽返青", "分蘖", "拔节孕穗", "抽穗扬花", "灌浆结实", "成熟"]
    assert calendar["rice"].sales_window_days == DEFAULT_SALES_WINDOW_DAYS == 60
    fungus = calendar["black_fungus"]
    assert fungus.category == "fungus"
    assert "10000 袋" in fungus.yield_note_zh and "干耳" in fungus.yield_note_zh
    assert calendar["tea"].category == "tea"


def test_rice_phase_windows_fit_the_insurance_windows() -> None:
    """DOMAIN.md §7: rice heat index 6/25–8/31 covers booting and heading."""
    crop = rice()
    heat = SeasonWindow("06-25", "08-31")
    for code in ("booting", "heading"):
        window = crop.phase(code).typical_window
        assert heat.contains(date(2026, int(window.start[:2]), int(window.start[3:])))


def test_wheat_overwintering_window_runs_over_new_year() -> None:
    window = shipped()["wheat"].phase("overwintering").typical_window
    assert window.wraps_year
    assert window.contains(date(2026, 1, 15))
    assert window.contains(date(2025, 12, 31))
    assert not window.contains(date(2026, 6, 1))
    assert not rice().typical_planting_window.wraps_year


def test_season_window_rejects_bad_dates() -> None:
    with pytest.raises(ValueError):
        SeasonWindow("02-30", "03-01")
    window = SeasonWindow("02-29", "03-01")
    assert window.contains(date(2024, 2, 29))
    assert not window.contains(date(2023, 2, 28))


def test_crop_phase_lookup_and_names() -> None:
    crop = rice()
    assert crop.phase("heading").name_zh == "抽穗扬花"
    assert crop.phase("heading").name("en") == "Heading and flowering"
    assert crop.name() == "水稻" and crop.name("en_US").startswith("Rice")
    with pytest.raises(KeyError):
        crop.phase("no_such_phase")


def test_schema_lists_the_fields_the_loader_writes() -> None:
    schema = json.loads(SCHEMA_JSON.read_text(encoding="utf-8"))
    crop_schema = schema["$defs"]["crop"]
    dumped = dump_calendar(shipped())
    written = {key for crop in dumped["crops"] for key in crop}
    assert written == set(crop_schema["properties"])
    assert set(crop_schema["required"]) == written - {"yield_note_zh", "sales_window_days"}
    assert set(schema["properties"]) == set(dumped)
    phase_keys = {key for crop in dumped["crops"] for p in crop["phases"] for key in p}
    assert phase_keys == set(schema["$defs"]["phase"]["properties"])


# --------------------------------------------------------------------------- dates

def test_expected_harvest_date_by_hand() -> None:
    # 145 days from 10 May: 21 (to 31 May) + 30 + 31 + 31 + 30 (to 30 Sep) = 143, +2 → 2 Oct
    assert expected_harvest_date(rice(), date(2026, 5, 10)) == date(2026, 10, 2)
    wheat = shipped()["wheat"]  # 235 days
    assert expected_harvest_date(wheat, date(2025, 10, 10)) == date(2026, 6, 2)
    assert expected_harvest_date(wheat, date(2027, 10, 10)) == date(2028, 6, 1)  # 29 Feb 2028
    cherry = shipped()["cherry"]  # 55 days from full bloom
    assert expected_harvest_date(cherry, date(2026, 4, 10)) == date(2026, 6, 4)


def test_sales_window_end() -> None:
    assert sales_window_end(rice(), date(2026, 5, 10)) == date(2026, 12, 1)  # 2 Oct + 60


def test_phase_dates_by_hand() -> None:
    rows = phase_dates(rice(), date(2026, 5, 10))
    assert [(p.code, first, last) for p, first, last in rows][:2] == [
        ("seedling", date(2026, 5, 10), date(2026, 6, 8)),        # days 0–29
        ("transplanting", date(2026, 6, 9), date(2026, 6, 18)),   # days 30–39
    ]
    assert (rows[-1][0].code, rows[-1][1], rows[-1][2]) == (
        "maturity", date(2026, 9, 22), date(2026, 10, 1))         # days 135–144
    for (_, _, last), (_, first, _) in zip(rows, rows[1:]):
        assert first == last + timedelta(days=1)


def test_phase_on_boundaries() -> None:
    crop, start = rice(), date(2026, 5, 10)
    assert phase_on(crop, start, date(2026, 5, 9)) is None           # before sowing
    assert phase_on(crop, start, start).code == "seedling"           # day 0
    assert phase_on(crop, start, date(2026, 6, 8)).code == "seedling"        # day 29
    assert phase_on(crop, start, date(2026, 6, 9)).code == "transplanting"   # day 30
    assert phase_on(crop, start, date(2026, 8, 18)).code == "heading"        # day 100
    assert phase_on(crop, start, date(2026, 10, 1)).code == "maturity"       # day 144
    assert phase_on(crop, start, date(2026, 10, 2)) is None          # harvest date
    assert phase_on(crop, start, date(2027, 1, 1)) is None


def test_phase_on_in_a_gap_between_phases() -> None:
    data = raw_shipped()
    crop = data["crops"][0]
    crop["phases"] = crop["phases"][:1] + crop["phases"][2:]  # drop 移栽返青 (days 30–39)
    edited = load_calendar(data)["rice"]
    start = date(2026, 5, 10)
    assert phase_on(edited, start, start + timedelta(days=29)).code == "seedling"
    assert phase_on(edited, start, start + timedelta(days=35)) is None
    assert phase_on(edited, start, start + timedelta(days=40)).code == "tillering"


# --------------------------------------------------------------------------- money

def test_planting_loan_ceiling_by_hand() -> None:
    assert planting_loan_ceiling(rice(), Decimal("3.7")) == Decimal("3145.00")   # 3.7 × 850
    assert planting_loan_ceiling(rice(), Decimal("0")) == Decimal("0.00")
    # 1.2345 × 850 = 1049.325 → half-up 1049.33 (half-even would give 1049.32)
    assert planting_loan_ceiling(rice(), Decimal("1.2345")) == Decimal("1049.33")
    # black fungus: 20000 元/mu (10000 bags); 5000 bags = 0.5 mu
    assert planting_loan_ceiling(shipped()["black_fungus"], Decimal("0.5")) == Decimal("10000.00")
    result = planting_loan_ceiling(shipped()["apple"], Decimal("2"))
    assert result == Decimal("7000.00") and result.as_tuple().exponent == -2


def test_expected_harvest_value_by_hand() -> None:
    crop = rice()
    assert expected_harvest_value(crop, Decimal("3.7")) == Decimal("4810.00")  # 3.7 × 500 × 2.60
    # 3.7 × 520 = 1924; × 2.58 = 4963.92
    assert expected_harvest_value(crop, Decimal("3.7"), yield_per_mu=Decimal("520"),
                                  price=Decimal("2.58")) == Decimal("4963.92")
    # 1 × 1 × 2.585 → half-up 2.59
    assert expected_harvest_value(crop, Decimal("1"), yield_per_mu=Decimal("1"),
                                  price=Decimal("2.585")) == Decimal("2.59")
    # only the price overridden: 2 × 500 × 3.00
    assert expected_harvest_value(crop, Decimal("2"), price=Decimal("3.00")) == Decimal("3000.00")
    # kiwifruit 1.5 mu × 2000 kg × 5.00 元/kg
    assert expected_harvest_value(shipped()["kiwifruit"], Decimal("1.5")) == Decimal("15000.00")


@pytest.mark.parametrize("bad, error", [
    (Decimal("-1"), ValueError), (Decimal("NaN"), ValueError), (1.5, TypeError),
    (True, TypeError), (None, TypeError),
])
def test_money_functions_reject_bad_areas(bad: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        planting_loan_ceiling(rice(), bad)
    with pytest.raises(error):
        expected_harvest_value(rice(), bad)


def test_money_functions_accept_int_and_str_areas() -> None:
    assert planting_loan_ceiling(rice(), 2) == Decimal("1700.00")  # type: ignore[arg-type]
    assert planting_loan_ceiling(rice(), "2.5") == Decimal("2125.00")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- validation

def _crop(data: dict[str, Any], code: str = "rice") -> dict[str, Any]:
    return next(c for c in data["crops"] if c["code"] == code)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        target: Any = _crop(data)
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return apply


def _delete(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        target: Any = _crop(data)
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return apply


def _swap_first_phases(data: dict[str, Any]) -> None:
    phases = _crop(data)["phases"]
    phases[0], phases[1] = phases[1], phases[0]


def _duplicate_crop(data: dict[str, Any]) -> None:
    data["crops"].append(copy.deepcopy(_crop(data)))


def _duplicate_phase_code(data: dict[str, Any]) -> None:
    _crop(data)["phases"][1]["code"] = "seedling"


MALFORMED = [
    ("unknown top field", lambda d: d.update(colour="red"), "crops.unknown_field"),
    ("unknown crop field", _set(("colour",), "green"), "crops.unknown_field"),
    ("unknown phase field", _set(("phases", 0, "rainfall"), 1), "crops.unknown_field"),
    ("unknown window field", _set(("typical_planting_window", "until"), "05-01"),
     "crops.unknown_field"),
    ("missing top field", lambda d: d.pop("source_note"), "crops.missing_field"),
    ("missing crop field", _delete(("growth_days",)), "crops.missing_field"),
    ("missing phase field", _delete(("phases", 2, "duration_days")), "crops.missing_field"),
    ("missing window end", _delete(("typical_planting_window", "to")), "crops.missing_field"),
    ("missing yield unit", _delete(("typical_yield_per_mu", "unit")), "crops.missing_field"),
    ("duplicate crop code", _duplicate_crop, "crops.duplicate_code"),
    ("duplicate phase code", _duplicate_phase_code, "crops.phase_code_duplicate"),
    ("zero growth days", _set(("growth_days",), 0), "crops.growth_days_invalid"),
    ("negative growth days", _set(("growth_days",), -145), "crops.growth_days_invalid"),
    ("growth days as text", _set(("growth_days",), "145"), "crops.wrong_type"),
    ("growth days as bool", _set(("growth_days",), True), "crops.wrong_type"),
    ("phases out of order", _swap_first_phases, "crops.phase_out_of_order"),
    ("phases overlap", _set(("phases", 1, "days_from_start"), 25), "crops.phase_overlap"),
    ("phase past growth days", _set(("growth_days",), 140), "crops.phase_past_harvest"),
    ("last phase too long", _set(("phases", 6, "duration_days"), 11), "crops.phase_past_harvest"),
    ("zero phase duration", _set(("phases", 6, "duration_days"), 0),
     "crops.phase_duration_invalid"),
    ("negative phase start", _set(("phases", 0, "days_from_start"), -1),
     "crops.phase_start_invalid"),
    ("no phases", _set(("phases",), []), "crops.phases_empty"),
    ("phases not a list", _set(("phases",), {"seedling": 30}), "crops.wrong_type"),
    ("month 13", _set(("typical_planting_window", "from"), "13-01"), "crops.date_invalid"),
    ("30 February", _set(("phases", 0, "typical_window", "to"), "02-30"), "crops.date_invalid"),
    ("one-digit month", _set(("typical_planting_window", "from"), "4-20"), "crops.date_invalid"),
    ("date with year", _set(("typical_planting_window", "to"), "2026-05-15"),
     "crops.date_invalid"),
    ("cost not a number", _set(("input_cost_per_mu_yuan",), "九百"), "crops.decimal_invalid"),
    ("cost NaN", _set(("input_cost_per_mu_yuan",), "NaN"), "crops.decimal_invalid"),
    ("cost with exponent", _set(("input_cost_per_mu_yuan",), "9e2"), "crops.decimal_invalid"),
    ("cost with thousands separator", _set(("input_cost_per_mu_yuan",), "1,850.00"),
     "crops.decimal_invalid"),
    ("negative cost", _set(("input_cost_per_mu_yuan",), "-1.00"), "crops.decimal_negative"),
    ("cost as float", _set(("input_cost_per_mu_yuan",), 850.0), "crops.wrong_type"),
    ("cost below the fen", _set(("input_cost_per_mu_yuan",), "850.005"),
     "crops.money_precision"),
    ("negative price", _set(("typical_price_yuan_per_kg",), "-2.60"), "crops.decimal_negative"),
    ("yield not a number", _set(("typical_yield_per_mu", "amount"), "500kg"),
     "crops.decimal_invalid"),
    ("yield in jin", _set(("typical_yield_per_mu", "unit"), "斤"), "crops.yield_unit_invalid"),
    ("yield as number", _set(("typical_yield_per_mu",), 500), "crops.wrong_type"),
    ("unknown category", _set(("category",), "vegetable"), "crops.category_invalid"),
    ("upper-case code", _set(("code",), "Rice"), "crops.code_invalid"),
    ("code with space", _set(("phases", 0, "code"), "seed ling"), "crops.code_invalid"),
    ("empty name", _set(("name_zh",), "  "), "crops.text_empty"),
    ("name not text", _set(("name_en",), ["Rice"]), "crops.wrong_type"),
    ("empty region", _set(("regions_zh",), ["湖北", ""]), "crops.text_empty"),
    ("regions as text", _set(("regions_zh",), "湖北"), "crops.wrong_type"),
    ("zero sales window", _set(("sales_window_days",), 0), "crops.sales_window_invalid"),
    ("version zero", lambda d: d.update(version=0), "crops.version_invalid"),
    ("version as text", lambda d: d.update(version="1"), "crops.wrong_type"),
    ("no crops", lambda d: d.update(crops=[]), "crops.no_crops"),
    ("crops not a list", lambda d: d.update(crops={"rice": {}}), "crops.wrong_type"),
    ("crop not an object", lambda d: d["crops"].append("apple"), "crops.wrong_type"),
]


@pytest.mark.parametrize("mutate, code", [(m, c) for _, m, c in MALFORMED],
                         ids=[name for name, _, _ in MALFORMED])
def test_malformed_calendar_gives_its_message(mutate: Callable[[dict[str, Any]], None],
                                              code: str) -> None:
    data = raw_shipped()
    mutate(data)
    before = copy.deepcopy(data)
    result = None
    with pytest.raises(CalendarError) as info:
        result = load_calendar(data)
    assert result is None  # no partial calendar
    assert info.value.codes == [code]
    message = info.value.messages[0]
    assert isinstance(message, Message)
    assert message.en and message.zh and str(info.value) == message.zh
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.zh)
    assert data == before  # the input is not changed


def test_messages_say_which_crop_and_phase() -> None:
    data = raw_shipped()
    _crop(data)["phases"][1]["days_from_start"] = 25
    with pytest.raises(CalendarError) as info:
        load_calendar(data)
    message = info.value.messages[0]
    assert "第 1 种作物“水稻”" in message.zh and "第 2 个生长阶段“移栽返青”" in message.zh
    assert "crop 1 (rice)" in message.en and "phase 2 (transplanting)" in message.en


def test_all_problems_are_reported_together() -> None:
    data = raw_shipped()
    _crop(data)["growth_days"] = 0
    _crop(data, "apple")["input_cost_per_mu_yuan"] = "abc"
    _crop(data, "cherry")["phases"][0]["typical_window"]["from"] = "00-10"
    data["extra"] = True
    with pytest.raises(CalendarError) as info:
        load_calendar(data)
    assert sorted(info.value.codes) == sorted([
        "crops.unknown_field", "crops.growth_days_invalid", "crops.decimal_invalid",
        "crops.date_invalid"])
    assert "苹果" in "".join(info.value.messages)


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(CalendarError) as info:
        load_calendar([])  # type: ignore[arg-type]
    assert info.value.codes == ["crops.wrong_type"]


def test_sales_window_defaults_to_60_days() -> None:
    data = raw_shipped()
    del _crop(data)["sales_window_days"]
    assert load_calendar(data)["rice"].sales_window_days == 60


def test_optional_yield_note() -> None:
    data = raw_shipped()
    _crop(data, "apple").pop("yield_note_zh")
    crop = load_calendar(data)["apple"]
    assert crop.yield_note_zh == ""
    assert "yield_note_zh" not in next(
        c for c in dump_calendar(load_calendar(data))["crops"] if c["code"] == "apple")


# --------------------------------------------------------------------------- files

def test_load_from_str_path_and_bom(tmp_path: Path) -> None:
    target = tmp_path / "crops.json"
    target.write_text(CROPS_JSON.read_text(encoding="utf-8"), encoding="utf-8-sig")  # Notepad
    assert load_calendar(str(target)) == shipped()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CalendarError) as info:
        load_calendar(tmp_path / "nope.json")
    assert info.value.codes == ["crops.file_missing"]


def test_broken_json(tmp_path: Path) -> None:
    target = tmp_path / "crops.json"
    target.write_text('{"version": 1,\n "crops": [}\n', encoding="utf-8")
    with pytest.raises(CalendarError) as info:
        load_calendar(target)
    assert info.value.codes == ["crops.json_invalid"]
    assert "第 2 行" in info.value.messages[0]


def test_duplicate_key_in_file(tmp_path: Path) -> None:
    target = tmp_path / "crops.json"
    text = CROPS_JSON.read_text(encoding="utf-8").replace(
        '"growth_days": 145,', '"growth_days": 145,\n      "growth_days": 150,', 1)
    target.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarError) as info:
        load_calendar(target)
    assert info.value.codes == ["crops.duplicate_key"]


# --------------------------------------------------------------------------- round trip

def test_dump_load_round_trip() -> None:
    calendar = shipped()
    dumped = dump_calendar(calendar)
    assert load_calendar(dumped) == calendar
    assert dumped == raw_shipped()  # the shipped file is in canonical form
    # through real JSON text, as the admin editor will save it
    again = load_calendar(json.loads(json.dumps(dumped, ensure_ascii=False)))
    assert again == calendar
    assert dump_calendar(again) == dumped


def test_round_trip_after_an_edit() -> None:
    data = raw_shipped()
    _crop(data)["input_cost_per_mu_yuan"] = "920.5"
    edited = load_calendar(data)
    assert edited["rice"].input_cost_per_mu_yuan == Decimal("920.5")
    assert load_calendar(dump_calendar(edited)) == edited
    assert planting_loan_ceiling(edited["rice"], Decimal("2")) == Decimal("1841.00")


def test_calendar_is_read_only() -> None:
    calendar = shipped()
    with pytest.raises(TypeError):
        calendar.crops["banana"] = rice()  # type: ignore[index]
    with pytest.raises(AttributeError):
        rice().growth_days = 1  # type: ignore[misc]


# --------------------------------------------------------------------------- properties

CROP_CODES = st.sampled_from(REQUIRED + ("maize_summer",))
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(code=CROP_CODES, planted=DATES)
def test_harvest_date_is_growth_days_after_planting(code: str, planted: date) -> None:
    crop = shipped()[code]
    assert (expected_harvest_date(crop, planted) - planted).days == crop.growth_days


@given(code=CROP_CODES, planted=DATES, offset=st.integers(min_value=-30, max_value=400))
def test_phase_on_agrees_with_phase_dates(code: str, planted: date, offset: int) -> None:
    crop = shipped()[code]
    day = planted + timedelta(days=offset)
    found = [p for p, first, last in phase_dates(crop, planted) if first <= day <= last]
    assert phase_on(crop, planted, day) == (found[0] if found else None)
    assert len(found) <= 1
    if day >= expected_harvest_date(crop, planted) or day < planted:
        assert phase_on(crop, planted, day) is None

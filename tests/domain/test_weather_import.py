"""Importing daily station weather from CSV (DOMAIN.md §7) and the generated demo data."""

from __future__ import annotations

import importlib.util
import io
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from station_app.domain.insurance import IncompleteWeather, index_value, load_products
from station_app.domain.messages import Message
from station_app.domain.weather import (
    DailyWeather,
    WeatherImport,
    WeatherParser,
    parse_weather_csv,
)

ROOT = Path(__file__).resolve().parents[2]
WEATHER = ROOT / "resources" / "weather"
D = Decimal
HEADER = "station_id,date,precip_mm,tmax,tmin,tmean\n"


def codes(result: WeatherImport) -> list[str]:
    return [p.code for p in result.problems]


def only(result: WeatherImport, code: str):  # noqa: ANN201 - a WeatherProblem
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, result.problems
    return found[0]


# --------------------------------------------------------------------------- good data

def test_a_clean_file_gives_decimal_records_and_no_problems() -> None:
    result = parse_weather_csv(HEADER + "MX-57016,2020-07-01,12.5,31.2,21.0,25.6\n"
                                        "MX-57016,2020-07-02,0.0,33.0,22.4,27.1\n")
    assert result.ok and result.problems == [] and result.rows_read == 2
    first = result.rows[0]
    assert (first.station_id, first.date, first.precip_mm, first.tmax, first.tmin,
            first.tmean, first.line) == ("MX-57016", date(2020, 7, 1), D("12.5"), D("31.2"),
                                         D("21.0"), D("25.6"), 2)
    assert result.days("MX-57016") == [
        DailyWeather(date(2020, 7, 1), D("12.5"), D("31.2"), D("21.0"), D("25.6")),
        DailyWeather(date(2020, 7, 2), D("0.0"), D("33.0"), D("22.4"), D("27.1"))]
    assert list(result.days_by_year("MX-57016")) == [2020]


def test_nan_and_na_cells_are_missing_values() -> None:
    result = parse_weather_csv(HEADER + "A,2020-07-01,NaN,30,20,NA\n")
    (row,) = result.rows
    assert row.precip_mm is None and row.tmean == D(25)
    assert codes(result) == ["weather.value_missing"]


def test_tmean_is_derived_from_tmax_and_tmin_when_absent() -> None:
    result = parse_weather_csv("date,station_id,tmin,tmax,precip_mm\n"
                               "2020/07/01,A,20.1,31.2,0\n")
    (row,) = result.rows
    assert row.tmean == D("25.65") and row.tmean_derived
    result = parse_weather_csv(HEADER + "A,20200702,0,30,20,\n")
    assert result.rows[0].tmean == D(25) and result.rows[0].tmean_derived
    assert result.ok


def test_chinese_headers_trace_rain_and_a_bom_are_understood() -> None:
    result = parse_weather_csv("\ufeff站号,日期,降水量,最高气温,最低气温,平均气温\n"
                               "A,2020-07-01,微量,30,20,25\nA,2020-07-02,T,30,20,25\n")
    assert result.ok
    assert [r.precip_mm for r in result.rows] == [D("0.0"), D("0.0")]


def test_comment_lines_are_skipped_but_counted_in_line_numbers() -> None:
    text = "# generated\n# another note\n" + HEADER + "A,2020-07-01,x,30,20,25\n"
    problem = only(parse_weather_csv(text), "weather.number_invalid")
    assert problem.line == 4


def test_an_open_file_is_read_line_by_line_like_text() -> None:
    text = HEADER + "A,2020-07-01,1,30,20,25\nA,2020-07-03,-1,30,20,25\n"
    from_text = parse_weather_csv(text)
    from_file = parse_weather_csv(io.StringIO(text))
    assert from_text == from_file
    lines = (line for line in text.splitlines(keepends=True))  # a generator: one pass only
    assert parse_weather_csv(lines) == from_text


def test_a_path_is_streamed_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    text = "# note\n" + HEADER + "A,2020-07-01,1,30,20,25\nA,2020-07-01,2,30,20,25\n"
    path.write_text("\ufeff" + text, encoding="utf-8")
    assert parse_weather_csv(path) == parse_weather_csv(text)
    assert only(parse_weather_csv(path), "weather.duplicate").line == 4


def test_rows_as_lists_and_as_dicts() -> None:
    rows = [["station_id", "date", "precip_mm", "tmax", "tmin"],
            ["A", date(2020, 7, 1), 1.5, 30, D("20")],
            ["A", "2020-07-02", "bad", 30, 20]]
    result = parse_weather_csv(rows)
    assert [(r.precip_mm, r.tmax, r.tmin) for r in result.rows] == [(D("1.5"), D(30), D(20))]
    assert only(result, "weather.number_invalid").line == 3
    dicts = [{"station_id": "A", "date": "2020-07-01", "precip_mm": "1", "tmax": "30",
              "tmin": "20"},
             {"station_id": "A", "date": "2020-07-02", "precip_mm": "1", "tmax": "10",
              "tmin": "20"}]
    result = parse_weather_csv(dicts)
    assert len(result.rows) == 1 and only(result, "weather.tmax_below_tmin").line == 3


def test_the_parser_can_be_fed_row_by_row() -> None:
    parser = WeatherParser()
    assert parser.header(["station_id", "date", "precip_mm", "tmax", "tmin"], 1)
    assert parser.row(["A", "2020-01-01", "0", "5", "-3"], 2) is not None
    assert parser.row(["A", "2020-01-01", "0", "5", "-3"], 3) is None  # duplicate
    result = parser.finish()
    assert len(result.rows) == 1 and codes(result) == ["weather.duplicate"]


# --------------------------------------------------------------------------- problems

@pytest.mark.parametrize("row, code, column", [
    ("A,2020-07-01,abc,30,20,25", "weather.number_invalid", "precip_mm"),
    ("A,2020-07-01,1,3O,20,25", "weather.number_invalid", "tmax"),
    ("A,2020-07-01,1,30,20,2x5", "weather.number_invalid", "tmean"),
    ("A,2020-07-01,-0.1,30,20,25", "weather.precip_impossible", "precip_mm"),
    ("A,2020-07-01,1000.1,30,20,25", "weather.precip_impossible", "precip_mm"),
    ("A,2020-07-01,32766,30,20,25", "weather.precip_impossible", "precip_mm"),
    ("A,2020-07-01,1,60.1,20,25", "weather.temperature_impossible", "tmax"),
    ("A,2020-07-01,1,30,-60.1,25", "weather.temperature_impossible", "tmin"),
    ("A,2020-07-01,1,20,30,25", "weather.tmax_below_tmin", "tmax"),
    ("A,2020-07-01,1,30,20,31", "weather.tmean_outside", "tmean"),
    ("A,2020-02-30,1,30,20,25", "weather.date_invalid", "date"),
    ("A,1.7.2020,1,30,20,25", "weather.date_invalid", "date"),
    ("A,,1,30,20,25", "weather.date_missing", "date"),
    (",2020-07-01,1,30,20,25", "weather.station_missing", "station_id"),
])
def test_a_bad_row_is_reported_with_its_line_and_not_imported(row: str, code: str,
                                                              column: str) -> None:
    text = HEADER + "A,2020-06-30,0,30,20,25\n" + row + "\nA,2020-07-02,0,30,20,25\n"
    result = parse_weather_csv(text)
    problem = only(result, code)
    assert problem.line == 3 and problem.column == column and problem.severity == "error"
    assert isinstance(problem.message, Message)
    assert "第 3 行" in problem.message and "Line 3" in problem.message.en
    assert [r.line for r in result.rows] == [2, 4]
    if code != "weather.station_missing":  # the dropped day shows up as a gap
        assert [(g.first, g.last) for g in result.gaps] == [(date(2020, 7, 1), date(2020, 7, 1))]


def test_boundary_values_are_possible() -> None:
    result = parse_weather_csv(HEADER + "A,2020-07-01,0,60,-60,0\nA,2020-07-02,1000,20,20,20\n")
    assert result.ok and len(result.rows) == 2


def test_several_problems_of_one_row_are_all_reported() -> None:
    result = parse_weather_csv(HEADER + "A,2020-07-01,-5,99,abc,25\n")
    assert sorted(codes(result)) == ["weather.number_invalid", "weather.precip_impossible",
                                     "weather.temperature_impossible"]
    assert result.rows == []


def test_an_empty_cell_is_a_missing_value_kept_as_none_with_a_warning() -> None:
    text = HEADER + "".join(f"A,2022-{m:02d}-{d:02d},0,{'' if (m, d) == (7, 4) else 30},20,25\n"
                            for m, last in ((6, 30), (7, 31), (8, 31))
                            for d in range(1, last + 1))
    result = parse_weather_csv(text)
    problem = only(result, "weather.value_missing")
    assert problem.severity == "warning" and problem.column == "tmax"
    assert "第 35 行" in problem.message  # 2022-07-04 is the 34th data row
    row = next(r for r in result.rows if r.date == date(2022, 7, 4))
    assert row.tmax is None and row.tmean == D(25) and result.errors == []
    heat = next(p for p in load_products(ROOT / "resources" / "insurance" / "products.json")
                if p.id == "rice_heat_mx")
    with pytest.raises(IncompleteWeather) as caught:
        index_value(heat, result.days("A"))
    assert caught.value.missing_dates == (date(2022, 7, 4),)


def test_duplicates_keep_the_first_row() -> None:
    result = parse_weather_csv(HEADER + "A,2020-07-01,1,30,20,25\n"
                                        "A,2020-07-01,1,30,20,25\n"
                                        "A,2020-07-01,9,31,20,25\n"
                                        "B,2020-07-01,9,31,20,25\n")
    assert [(r.station_id, r.line) for r in result.rows] == [("A", 2), ("B", 5)]
    same, different = [p for p in result.problems if p.code == "weather.duplicate"]
    assert (same.line, same.severity) == (3, "warning")
    assert (different.line, different.severity) == (4, "error")
    assert "第 4 行与第 2 行" in different.message and "A 2020-07-01" in different.message


def test_gaps_are_reported_per_station_as_date_ranges() -> None:
    rows = ["A,2020-01-01", "A,2020-01-02", "A,2020-01-06", "A,2020-01-08",
            "B,2020-01-03", "B,2020-01-05", "A,2020-01-09"]
    result = parse_weather_csv(HEADER + "".join(f"{r},0,5,-2,1\n" for r in rows))
    assert [(g.station_id, g.first, g.last, g.days) for g in result.gaps] == [
        ("A", date(2020, 1, 3), date(2020, 1, 5), 3), ("A", date(2020, 1, 7), date(2020, 1, 7), 1),
        ("B", date(2020, 1, 4), date(2020, 1, 4), 1)]
    gaps = [p for p in result.problems if p.code == "weather.gap"]
    assert all(p.line is None and p.severity == "warning" for p in gaps)
    assert "2020-01-03 至 2020-01-05 共 3 天" in gaps[0].message
    assert gaps[0].station_id == "A" and "A" in gaps[0].message
    assert result.errors == [] and len(result.rows) == 7


def test_a_missing_required_column_stops_the_import() -> None:
    result = parse_weather_csv("station_id,date,precip_mm,tmax\nA,2020-07-01,1,30\n")
    problem = only(result, "weather.column_missing")
    assert problem.line == 1 and "tmin" in problem.message.en and result.rows == []


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "\x00\x01garbage",
                                  'a,"b\n', "station_id\n,,,,,\n"])
def test_nonsense_never_raises(text: str) -> None:
    result = parse_weather_csv(text)
    assert result.rows == [] and result.problems


# --------------------------------------------------------------------------- generated data

def make_weather() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_weather", ROOT / "bench" / "make_weather.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.mark.parametrize("station_id", ["MX-57016", "WY-58527"])
def test_generated_files_are_labelled_small_and_clean(station_id: str) -> None:
    path = WEATHER / f"{station_id}.csv"
    assert path.stat().st_size < 1_000_000
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("#") and "GENERATED" in first and "生成的演示数据" in first
    result = parse_weather_csv(text)
    assert result.ok and result.stations == (station_id,)
    years = result.days_by_year(station_id)
    assert len(years) >= 25 and all(len(days) >= 365 for days in years.values())
    assert "generated" in (WEATHER / "README.md").read_text(encoding="utf-8").lower()


def test_the_generator_reproduces_the_shipped_files() -> None:
    module = make_weather()
    for station in module.STATIONS:
        expected = (WEATHER / f"{station.station_id}.csv").read_text(encoding="utf-8")
        assert module.csv_text(station, module.generate(station)) == expected

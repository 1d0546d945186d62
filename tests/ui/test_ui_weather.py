"""天气数据 / Weather data: the admin sees the coverage of each weather station, imports a
CSV through the file dialog and reads every problem with its line number."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from station_app.domain.roles import Role
from station_app.services import insurance, weather
from station_app.ui.admin import weather_screen
from station_app.ui.admin.weather_screen import WeatherScreen

HAND_MADE = (
    "station_id,date,precip_mm,tmax,tmin,tmean\n"      # line 1
    "MX-57016,2021-07-01,0.0,33.1,21.4,27.0\n"        # 2
    "MX-57016,2021-07-02,12.5,20.0,25.0,22.0\n"       # 3 tmin above tmax
    "MX-57016,2021-07-03,-4.0,31.0,21.0,26.0\n"       # 4 negative rain
    "MX-57016,2021-07-04,0.0,34.0,22.0,28.0\n"        # 5
    "MX-57016,2021-07-04,1.0,34.0,22.0,28.0\n"        # 6 the same day again
    "MX-57016,2021-07-08,0.0,35.0,23.0,29.0\n"        # 7 after a gap
)


@pytest.fixture
def screen(qtbot, make_state, db, make_actor):
    state = make_state(db)
    state.set_actor(make_actor(Role.ADMIN))
    widget = WeatherScreen(state)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _row(screen: WeatherScreen, station: str) -> list[str]:
    for row in range(screen.table.rowCount()):
        if screen.table.item(row, 0).text() == station:
            return [screen.table.item(row, c).text() for c in range(screen.table.columnCount())]
    raise AssertionError(f"{station} not listed")


def test_it_lists_the_stations_of_the_products_with_their_coverage(screen):
    stations = list(dict.fromkeys(p.station_id for p in insurance.catalogue()))
    assert [s.weather_station for s in screen.summaries] == stations
    row = _row(screen, "MX-57016")
    assert row[2:6] == ["1994-01-01", "2024-12-31", "11323", "0"]
    assert screen.summaries[0].source == weather.SHIPPED
    assert row[7] == screen._source_text(screen.summaries[0])
    assert any(p.name(screen.state.language) in row[1] for p in insurance.catalogue())


def test_an_import_through_the_dialog_reports_each_problem_line(qtbot, screen, monkeypatch,
                                                                tmp_path):
    path = tmp_path / "眉县天气.csv"
    path.write_text(HAND_MADE, encoding="utf-8")
    asked = []

    def choose(*args, **kwargs):
        asked.append(args)
        return str(path), ""

    monkeypatch.setattr(weather_screen.QFileDialog, "getOpenFileName", choose)
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    assert asked and not screen.busy and screen.import_button.isEnabled()
    result = screen.result
    assert result is not None and (result.inserted, result.rows_not_imported) == (3, 3)

    report = screen.report.text()
    assert screen.report.isVisibleTo(screen) and "眉县天气.csv" in report
    assert "2021-07-01" in report and "2021-07-08" in report
    rows = screen.problem_rows()
    lines = [line for line, _kind, _text in rows]
    assert {"3", "4", "6"} <= set(lines) and "—" in lines  # errors, and the gap
    texts = {line: text for line, _kind, text in rows}
    language = screen.state.language
    assert texts["3"] == next(p for p in result.errors if p.line == 3).text(language)
    gaps = [text for line, _kind, text in rows if line == "—"]
    assert len(gaps) == 2  # 07-02 … 07-03 (rows not imported) and 07-05 … 07-07
    assert "2021-07-05" in gaps[1] and "2021-07-07" in gaps[1]

    # The table shows the stored days now: from the database, 2 days missing in between.
    row = _row(screen, "MX-57016")
    assert row[2:6] == ["2021-07-01", "2021-07-08", "3", "5"]
    assert screen.summaries[0].source == weather.DATABASE
    assert weather.coverage(screen.state.db, "MX-57016") == (
        date(2021, 7, 1), date(2021, 7, 8), 3, 5)


def test_importing_again_says_nothing_changed_and_a_new_station_is_listed(qtbot, screen,
                                                                          tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("station_id,date,precip_mm,tmax,tmin\n"
                    "ZZ-1,2022-01-01,0.0,5.0,-3.0\nZZ-1,2022-01-02,0.0,6.0,-2.0\n",
                    encoding="utf-8")
    screen.start_import(path)
    assert screen.result.inserted == 2 and screen.problem_rows() == []
    assert not screen.problems.isVisibleTo(screen)
    assert _row(screen, "ZZ-1")[2:6] == ["2022-01-01", "2022-01-02", "2", "0"]
    screen.start_import(path)
    assert (screen.result.inserted, screen.result.unchanged) == (0, 2)
    assert "ZZ-1" in screen.report.text()


def test_an_unreadable_file_is_said_in_plain_words(screen, tmp_path):
    screen.start_import(tmp_path / "gone.csv")
    assert screen.error.isVisibleTo(screen) and screen.error.text()
    assert screen.result is None and screen.import_button.isEnabled()


def test_the_screen_is_in_the_navigation_of_who_may_import(window, log_in, staff_passwords):
    log_in(window, "specialist", staff_passwords["specialist"])
    assert window.screens.indexOf(window.weather) >= 0
    window.logout()
    log_in(window, "tutor", staff_passwords["tutor"])
    assert window.screens.indexOf(window.weather) < 0

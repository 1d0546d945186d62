"""The first-run wizard: create a station and its admin, or load demo data."""

from __future__ import annotations

from PySide6.QtCore import Qt

from station_app.services import auth
from station_app.ui.main_window import MainWindow


def _window(qtbot, make_state, db):
    win = MainWindow(make_state(db))
    qtbot.addWidget(win)
    win.show()
    return win


def test_fresh_database_starts_with_the_wizard_and_creates_the_station(qtbot, make_state, db, log_in):
    win = _window(qtbot, make_state, db)
    assert win.pages.currentWidget() is win.first_run
    values = {"station_name": "槐芽镇服务站", "province": "陕西省", "county": "眉县",
              "station_code": "MX-HY-01", "display_name": "刘洋", "username": "liuyang",
              "password": "Good-pass-99", "password2": "Good-pass-99"}
    for key, value in values.items():
        win.first_run.inputs[key].setText(value)
    qtbot.mouseClick(win.first_run.create_button, Qt.MouseButton.LeftButton)
    assert win.pages.currentWidget() is win.login
    assert win.login.title.text() == "槐芽镇服务站"
    assert auth.current_station(db).name == "槐芽镇服务站"
    log_in(win, "liuyang", "Good-pass-99")
    assert win.state.actor.role.value == "admin"


def test_wizard_explains_what_is_missing(qtbot, make_state, db):
    win = _window(qtbot, make_state, db)
    win.first_run.inputs["password"].setText("short")
    win.first_run.inputs["password2"].setText("short")
    qtbot.mouseClick(win.first_run.create_button, Qt.MouseButton.LeftButton)
    assert win.pages.currentWidget() is win.first_run
    assert "8" in win.first_run.errors["password"].text()
    assert win.first_run.errors["station_name"].text()
    assert not auth.is_initialized(db)


def test_demo_data_from_the_wizard(qtbot, make_state, db, log_in, monkeypatch):
    from station_app.ui import first_run

    monkeypatch.setattr(first_run, "DEMO_FARMERS", 120)  # the size, not the behaviour
    win = _window(qtbot, make_state, db)
    qtbot.mouseClick(win.first_run.demo_button, Qt.MouseButton.LeftButton)
    assert win.pages.currentWidget() is win.login
    assert win.first_run.progress.value() == 120
    assert win.login.demo_hint.isVisible()
    log_in(win, "tutor", "demo1234")
    assert win.farmers.model.rowCount() == 100  # first page; more on scrolling
    assert "120" in win.farmers.hint.text()  # the count is not the one cached before loading
    assert win.farmers.model.canFetchMore()
    win.farmers.model.fetchMore()
    assert win.farmers.model.rowCount() == 120


def test_a_station_made_elsewhere_while_the_wizard_shows_can_log_in(qtbot, make_state, db,
                                                                     log_in):
    """The log-in page is attached to the database even while the wizard shows (e.g. the
    station was made by the command line, as the screenshot script does)."""
    win = _window(qtbot, make_state, db)
    assert win.pages.currentWidget() is win.first_run
    auth.create_station(db, station_name="齐镇服务站", station_code="MX-QZ-01",
                        province="陕西省", county="眉县", admin_username="wangfang",
                        admin_display_name="王芳", admin_password="Good-pass-99")
    win.show_login()
    assert win.login.title.text() == "齐镇服务站"
    log_in(win, "wangfang", "Good-pass-99")
    assert win.pages.currentWidget() is win.work

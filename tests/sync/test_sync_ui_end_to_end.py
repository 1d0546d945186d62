"""The whole window against a REAL central server: the administrator connects the station
through the dialog with a code from ``station-central``, presses 立即同步, and the status
bar tells the truth (online, last sync, nothing pending)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from sqlmodel import Session  # noqa: E402

from station_app.domain.roles import Role  # noqa: E402
from station_app.services import farmers  # noqa: E402
from station_app.services.context import ServiceContext  # noqa: E402
from station_app.settings import Settings  # noqa: E402
from station_app.store.models import Farmer  # noqa: E402
from station_app.ui.errors import ErrorChannel  # noqa: E402
from station_app.ui.main_window import MainWindow  # noqa: E402
from station_app.ui.runner import Runner  # noqa: E402
from station_app.ui.state import AppState  # noqa: E402


@pytest.fixture
def window(qtbot, db, station):
    state = AppState(db, settings=Settings(language="zh_CN"), runner=Runner(synchronous=True),
                     errors=ErrorChannel("zh_CN", interactive=False))
    win = MainWindow(state)
    win.show()
    yield win
    win.close()
    win.deleteLater()
    state.search.close()
    qtbot.wait(1)


def test_connect_and_sync_from_the_window(qtbot, window, central, make_actor,
                                          valid_farmer_input):
    window.enter(make_actor(Role.ADMIN))
    window.open_sync()
    screen = window.sync_screen
    assert window.screens.currentWidget() is screen
    assert not screen.sync_button.isEnabled()
    station_id, code = central.new_station()
    dialog = screen.open_enroll()
    qtbot.addWidget(dialog)
    dialog.server.setText(central.base.removeprefix("http://"))  # people leave out http://
    qtbot.keyClicks(dialog.code, central.code(station=code).lower())
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    # The logged-in admin now works under the server's station id, and the window says so.
    assert window.state.actor.station_id == station_id
    assert code in window.status_station.text()
    assert window.sync.timer.isActive()  # automatic syncing has started
    # A farmer registered at this station (by its tutor) goes up with the next sync.
    tutor = make_actor(Role.TUTOR)
    from dataclasses import replace
    ctx = ServiceContext(window.state.db, replace(tutor, station_id=station_id))
    farmer_id = farmers.register_farmer(ctx, valid_farmer_input(name="陈晨"))
    window.sync.refresh()
    assert screen.sync_button.isEnabled()
    assert int(screen.pending_label.text()) > 0
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert screen.pending_label.text() == "0", screen.message.text()
    assert screen.quarantined_label.text() == "0"
    assert not screen.progress.isVisible()
    indicator = window.sync_indicator.text()
    assert indicator.startswith("Online") and "0 to send" in indicator
    assert "never synced" not in indicator
    assert central.record("farmer", farmer_id)["name"] == "陈晨"
    with Session(window.state.db.engine) as session:
        assert session.get(Farmer, farmer_id).station_id == station_id
    # The server goes away: the next sync says offline and backs off; nothing is lost.
    central.stop()
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert window.sync_indicator.text().startswith("Offline")
    assert "连不上中心服务器" in screen.message.text()
    assert window.sync.failures == 1 and 1.6 <= window.sync.next_delay_s <= 2.4


def _fresh_window(qtbot, path):
    from station_app.store.db import open_database

    fresh = open_database(path)
    state = AppState(fresh, settings=Settings(language="zh_CN"), runner=Runner(synchronous=True),
                     errors=ErrorChannel("zh_CN", interactive=False))
    win = MainWindow(state)
    win.show()
    return win, state


def _close(qtbot, win, state) -> None:
    win.close()
    win.deleteLater()
    state.search.close()
    state.db.close()
    qtbot.wait(1)


def test_a_second_computer_joins_from_the_first_run_screen(
        qtbot, db, station, central, tmp_path, staff_passwords):
    from station_app.services import auth, writes
    from station_app.sync.engine import SyncEngine, enroll

    station_id, code = central.new_station()
    enroll(db, central.base, central.code(station=code))
    SyncEngine(db, writer=writes).sync_now()  # the station's staff accounts are on the server
    win, state = _fresh_window(qtbot, tmp_path / "second.db")
    try:
        first = win.first_run
        assert win.pages.currentWidget() is first
        first.join_server.setText(central.base)
        first.join_code.setText(central.code(station=code))
        qtbot.mouseClick(first.join_button, Qt.MouseButton.LeftButton)
        assert win.pages.currentWidget() is win.login, first.join_error.text()
        actor = auth.login(state.db, "tutor", staff_passwords["tutor"])
        assert actor.station_id == station_id
        assert auth.current_station(state.db).id == station_id
    finally:
        _close(qtbot, win, state)


def test_a_branch_computer_without_accounts_waits_and_joins_once_they_exist(
        qtbot, central, tmp_path):
    from station_app.central import admin

    branch = central.new_branch()
    central.new_station(branch=branch)
    win, state = _fresh_window(qtbot, tmp_path / "branch.db")
    try:
        first = win.first_run
        first.join_server.setText(central.base)
        first.join_code.setText(central.code(branch=branch))
        qtbot.mouseClick(first.join_button, Qt.MouseButton.LeftButton)
        assert win.pages.currentWidget() is first
        assert "no account for this computer" in first.join_error.text()
        assert not first.create_button.isEnabled() and first.join_button.isEnabled()
        admin.create_user(central.engine, branch_code=branch, username="officer",
                          display_name="陈经理", role="branch_officer",
                          password="Branch-officer-2024")
        qtbot.mouseClick(first.join_button, Qt.MouseButton.LeftButton)
        assert win.pages.currentWidget() is win.login, first.join_error.text()
    finally:
        _close(qtbot, win, state)

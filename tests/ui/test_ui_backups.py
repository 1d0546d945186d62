"""备份与恢复 / Backups screen: the list, "Back up now", the daily copy at log-in, a refused
restore that changes nothing, and a restore that asks the app to restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from station_app.domain.roles import Role
from station_app.services import backups
from station_app.store.models import LocalMeta
from station_app.ui.admin import backup_screen
from station_app.ui.admin.backup_screen import BackupScreen
from station_app.ui.admin.daily_backup import DailyBackup


class _FakeApp:
    def __init__(self) -> None:
        self.codes: list[int] = []

    def exit(self, code: int) -> None:
        self.codes.append(code)


@pytest.fixture
def shown():
    return []


@pytest.fixture
def screen(qtbot, make_state, db, station, make_actor, shown):
    state = make_state(db)
    state.errors.shown.connect(lambda kind, text: shown.append((kind, text)))
    widget = BackupScreen(state)
    qtbot.addWidget(widget)
    widget.daily = DailyBackup(state, widget)  # as the main window owns it
    widget.follow(widget.daily)
    state.set_actor(make_actor(Role.ADMIN))  # logging in makes the day's automatic backup
    widget.show()
    return widget


def _rows(screen: BackupScreen) -> list[list[str]]:
    return [[screen.table.item(r, c).text() for c in range(screen.table.columnCount())]
            for r in range(screen.table.rowCount())]


def test_logging_in_makes_the_daily_backup_once(screen: BackupScreen, db) -> None:
    assert [r[1] for r in _rows(screen)] == ["每日（自动）"] or \
        [r[1] for r in _rows(screen)] == ["Daily (automatic)"]
    screen.state.set_actor(screen.state.actor)  # another log-in the same day
    screen.reload()
    assert [b.reason for b in backups.list_backups(db)] == ["daily"]


def test_back_up_now_adds_a_manual_backup_to_the_list(qtbot, screen: BackupScreen, db) -> None:
    qtbot.mouseClick(screen.backup_button, backup_screen.Qt.MouseButton.LeftButton)
    assert [b.reason for b in backups.list_backups(db)] == ["manual", "daily"]
    assert len(_rows(screen)) == 2
    assert screen.backup_button.isEnabled()
    assert backups.list_backups(db)[0].path.name in screen.status.text()
    assert _rows(screen)[0][3]  # the app version


def test_a_damaged_file_is_refused_with_a_plain_message(
        qtbot, screen: BackupScreen, db, shown, tmp_path: Path) -> None:
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"\x00garbage" * 1000)
    screen.table.clearSelection()
    screen.ask_for_file = lambda: bad  # the file dialog
    device = db.device_id
    qtbot.mouseClick(screen.restore_button, backup_screen.Qt.MouseButton.LeftButton)
    box = screen._restore_box
    assert box is not None and "broken.db" in box.text()
    screen._restore_yes.click()
    assert screen.error.isVisible() or not screen.isVisible()
    assert "没有任何改动" in screen.error.text()
    assert shown and shown[-1][0] == "known"
    assert screen.restore_button.isEnabled()
    with Session(db.engine) as session:
        assert session.get(LocalMeta, "device_id").value == device
    assert not backups.was_replaced(db)


def test_cancelling_the_question_restores_nothing(qtbot, screen: BackupScreen, db) -> None:
    screen.table.selectRow(0)
    box = screen.confirm_restore(screen.selected_path())
    cancel = [b for b in box.buttons() if b is not screen._restore_yes][0]
    cancel.click()
    assert not backups.was_replaced(db) and not screen.busy


def test_restoring_the_selected_backup_asks_for_a_restart(
        qtbot, screen: BackupScreen, db, monkeypatch) -> None:
    fake = _FakeApp()
    monkeypatch.setattr(backup_screen, "QApplication", type(
        "FakeQApplication", (), {"instance": staticmethod(lambda: fake)}))
    old_device = db.device_id
    screen.table.selectRow(0)
    qtbot.mouseClick(screen.restore_button, backup_screen.Qt.MouseButton.LeftButton)
    assert screen._restore_box is not None
    screen._restore_yes.click()
    assert screen.restart_box is not None
    assert "重新启动" in screen.status.text() or "restarts" in screen.status.text()
    # Not connected to a central server: nothing promises that the server brings data back.
    assert "中心服务器" not in screen.status.text() and "central" not in screen.status.text()
    with qtbot.waitSignal(screen.restart_requested, timeout=2000):
        screen.restart_box.accept()
    assert fake.codes == [backup_screen.EXIT_RESTART]
    assert backups.was_replaced(db)
    assert [b.reason for b in backups.list_backups(db)] == ["before_restore", "daily"]
    with Session(db.engine) as session:  # the file on disk is the restored one
        assert session.exec(select(LocalMeta).where(
            LocalMeta.key == "device_id")).one().value != old_device


def test_the_main_window_offers_the_screen_to_the_admin_only(window, staff_passwords,
                                                             log_in) -> None:
    assert backups.list_backups(window.state.db) == []
    log_in(window, "admin", staff_passwords["admin"])  # the daily backup, page opened or not
    assert [b.reason for b in backups.list_backups(window.state.db)] == ["daily"]
    items = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Backups" in items
    window.nav.setCurrentRow(items.index("Backups"))
    assert isinstance(window.screens.currentWidget(), BackupScreen)
    window.logout()
    log_in(window, "tutor", staff_passwords["tutor"])
    assert "Backups" not in [window.nav.item(i).text() for i in range(window.nav.count())]

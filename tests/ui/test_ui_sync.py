"""The sync page, the status-bar indicator, the enrollment dialog and the background
controller, through the real widgets on a real station database.

The protocol itself is tested in tests/sync (fake server for failures, real server for the
rest); here the engine's network step is replaced where a test is about the window's
behaviour (progress, backoff), never about what goes over the wire.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlmodel import Session, select

from station_app.domain.roles import Role
from station_app.services import farmers
from station_app.store.models import Farmer, OutboxEntry, Station, SyncConflict
from station_app.sync.credentials import Credentials, credential_store_for
from station_app.sync.engine import PullOutcome, PushOutcome, SyncReport
from station_app.sync.errors import NetworkError
from station_app.ui.sync import SyncController, SyncScreen


@pytest.fixture
def make_screen(qtbot, make_state, db, make_actor):
    def factory(role: Role = Role.TUTOR):
        state = make_state(db)
        state.set_actor(make_actor(role))
        controller = SyncController(state)
        screen = SyncScreen(state, controller)
        qtbot.addWidget(screen)
        screen.resize(1200, 800)
        screen.show()
        controller.refresh()
        return screen
    return factory


def _enroll_locally(db, station) -> Credentials:
    """Credentials as an enrollment stores them (the server is not needed for these tests)."""
    creds = Credentials(server_url="http://127.0.0.1:9", token="not-a-real-token",
                        station_id=station[0].id, device_id=db.device_id)
    credential_store_for(db).save(creds)
    return creds


@pytest.fixture
def farmer_id(tutor_ctx, valid_farmer_input):
    return farmers.register_farmer(tutor_ctx, valid_farmer_input(name="张三", notes="本机备注"))


def _quarantine(db, entity_id: str) -> int:
    with db.session() as session:
        entry = session.exec(select(OutboxEntry).where(OutboxEntry.entity_id == entity_id)
                             .order_by(OutboxEntry.seq)).first()
        entry.status = "quarantined"
        entry.last_error = json.dumps({"code": "push.validation", "zh": "数据格式不对：姓名太长",
                                       "en": "The payload does not fit: name too long"},
                                      ensure_ascii=False)
        session.add(entry)
        return entry.seq


# --------------------------------------------------------------------------- window


def test_everyone_gets_the_sync_page_and_the_indicator_opens_it(
        qtbot, window, staff_passwords, log_in):
    log_in(window, "tutor", staff_passwords["tutor"])
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert names[-1] == "Sync"
    assert "Not connected to a server" in window.sync_indicator.text()
    assert window.sync_indicator.colour == "unknown"
    window.nav.setCurrentRow(0)
    qtbot.mouseClick(window.sync_indicator, Qt.MouseButton.LeftButton)
    assert window.screens.currentWidget() is window.sync_screen
    # Not enrolled: nothing to sync, a plain sentence says why; a tutor cannot enroll.
    assert not window.sync_screen.sync_button.isEnabled()
    assert not window.sync_screen.enroll_button.isVisible()
    assert "not connected" in window.sync_screen.message.text()
    assert window.sync.timer.isActive() is False


def test_the_indicator_shows_online_last_sync_and_pending(qtbot, window, staff_passwords,
                                                          log_in, db, station, farmer_id):
    _enroll_locally(db, station)
    window.sync.engine.forget_credentials()
    window.sync.engine.online = True
    with db.session() as session:
        from station_app.store.db import _set_meta
        _set_meta(session, "sync_last_success",
                  datetime(2024, 5, 1, 2, 30, tzinfo=timezone.utc).isoformat())
    status = window.sync.refresh()
    text = window.sync_indicator.text()
    assert text.startswith("Online")
    assert f"{status.pending} to send" in text and status.pending > 0
    assert "2024-05-01" in text
    assert window.sync_indicator.colour == "online"
    window.sync.engine.online = False
    window.sync.refresh()
    assert window.sync_indicator.text().startswith("Offline")
    assert window.sync_indicator.colour == "offline"


# --------------------------------------------------------------------------- quarantine


def test_a_quarantined_change_shows_the_servers_reason_and_can_be_retried(
        qtbot, make_screen, db, farmer_id):
    seq = _quarantine(db, farmer_id)
    screen = make_screen()
    table = screen.quarantine_table
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "Farmer：张三"
    assert table.item(0, 3).text() == "数据格式不对：姓名太长"
    assert screen.quarantined_label.text() == "1"
    assert not screen.retry_button.isEnabled()
    table.selectRow(0)
    qtbot.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
    with Session(db.engine) as session:
        assert session.get(OutboxEntry, seq).status == "pending"
    assert table.rowCount() == 0
    assert screen.quarantined_label.text() == "0"


def test_discarding_asks_first_and_is_audited(qtbot, make_screen, db, farmer_id):
    seq = _quarantine(db, farmer_id)
    screen = make_screen(Role.SPECIALIST)
    screen.quarantine_table.selectRow(0)
    box = screen.confirm_discard()
    assert isinstance(box, QMessageBox) and "张三" in box.text()
    keep = [b for b in box.buttons() if b is not screen._discard_yes][0]
    keep.click()
    with Session(db.engine) as session:
        assert session.get(OutboxEntry, seq).status == "quarantined"
    screen.quarantine_table.selectRow(0)
    box = screen.confirm_discard()
    screen._discard_yes.click()
    with Session(db.engine) as session:
        assert session.get(OutboxEntry, seq).status == "discarded"
        from station_app.store.models import AuditEntry
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "sync_discard")).one()
    assert audit.username == "specialist" and audit.entity_id == farmer_id
    assert screen.quarantine_table.rowCount() == 0


# --------------------------------------------------------------------------- conflicts


# The winning stamp of the other device: an hour ahead of this clock (within the day of
# drift the clock follows), so "keep mine" must make a stamp newer than that to win.
KEPT_HLC = f"{int(datetime.now(timezone.utc).timestamp() * 1000) + 3_600_000:013d}-0000-otherdevice"


def _conflict(db, farmer_id: str, *, lost_side: str = "local") -> str:
    kept = "服务器那边的备注"
    with db.session() as session:
        farmer = session.get(Farmer, farmer_id)
        farmer.notes = kept  # as a merge from the server left it
        session.add(farmer)
        conflict = SyncConflict(entity="farmer", entity_id=farmer_id, field="notes",
                                kept_value=json.dumps(kept, ensure_ascii=False),
                                lost_value=json.dumps("本机备注", ensure_ascii=False),
                                kept_hlc=KEPT_HLC,
                                lost_hlc=farmer.created_hlc, lost_side=lost_side,
                                at=datetime.now(timezone.utc))
        session.add(conflict)
        return conflict.id


def test_a_conflict_lists_both_values_and_keep_mine_writes_mine_back(
        qtbot, make_screen, db, farmer_id):
    conflict_id = _conflict(db, farmer_id)
    screen = make_screen()
    table = screen.conflict_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in (0, 1, 2, 3, 5)] == [
        "Farmer：张三", "Notes", "服务器那边的备注", "本机备注", "This computer's"]
    assert screen.conflicts_label.text() == "1"
    table.selectRow(0)
    with Session(db.engine) as session:
        before = session.exec(select(OutboxEntry).where(OutboxEntry.entity_id == farmer_id)).all()
    qtbot.mouseClick(screen.keep_mine_button, Qt.MouseButton.LeftButton)
    with Session(db.engine) as session:
        farmer = session.get(Farmer, farmer_id)
        entries = session.exec(select(OutboxEntry).where(OutboxEntry.entity_id == farmer_id)
                               .order_by(OutboxEntry.seq)).all()
        conflict = session.get(SyncConflict, conflict_id)
    assert farmer.notes == "本机备注"
    assert len(entries) == len(before) + 1
    newest = entries[-1]
    assert newest.op == "update" and json.loads(newest.payload)["notes"] == "本机备注"
    # A fresh stamp: newer than the value that won before, so it wins at the next sync.
    stamp = json.loads(farmer.field_clock)["notes"]
    assert stamp == newest.hlc and stamp > KEPT_HLC
    assert (conflict.resolution, conflict.resolved_by) == ("keep_mine", screen.state.actor.user_id)
    assert table.rowCount() == 0


def test_keep_theirs_only_marks_the_conflict_resolved(qtbot, make_screen, db, farmer_id):
    conflict_id = _conflict(db, farmer_id)
    screen = make_screen()
    with Session(db.engine) as session:
        count = len(session.exec(select(OutboxEntry)).all())
    screen.conflict_table.selectRow(0)
    qtbot.mouseClick(screen.keep_theirs_button, Qt.MouseButton.LeftButton)
    with Session(db.engine) as session:
        assert len(session.exec(select(OutboxEntry)).all()) == count
        assert session.get(Farmer, farmer_id).notes == "服务器那边的备注"
        assert session.get(SyncConflict, conflict_id).resolution == "keep_theirs"


# --------------------------------------------------------------------------- background runs


def test_sync_now_shows_progress_and_the_result(qtbot, make_screen, db, station, monkeypatch):
    _enroll_locally(db, station)
    screen = make_screen()
    controller = screen.controller
    controller.engine.forget_credentials()
    seen: list[tuple[str, int, int]] = []
    controller.progress.connect(screen._on_progress)

    def fake_sync(progress=None):
        assert screen.progress.isVisible() and not screen.sync_button.isEnabled()
        progress("push", 0, 4)
        progress("push", 4, 4)
        seen.append((screen.progress.format(), screen.progress.value(), screen.progress.maximum()))
        progress("pull", 7, 7)
        return SyncReport(push=PushOutcome(sent=4, applied=4), pull=PullOutcome(received=7))

    monkeypatch.setattr(controller.engine, "sync_now", fake_sync)
    controller.refresh()
    assert screen.sync_button.isEnabled()
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert seen == [("Sending %v of %m", 4, 4)]
    assert not screen.progress.isVisible()
    assert "4 sent, 7 received" in screen.message.text()
    # The next automatic sync is one interval away.
    assert controller.timer.isActive() and controller.next_delay_s == controller.interval_s == 60


def test_network_errors_back_off_and_success_resets(qtbot, make_screen, db, station, monkeypatch):
    _enroll_locally(db, station)
    screen = make_screen()
    controller = screen.controller
    controller.engine.forget_credentials()
    outcomes: list[object] = [NetworkError(), NetworkError(), NetworkError(), SyncReport()]

    def scripted(progress=None):
        outcome = outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    monkeypatch.setattr(controller.engine, "sync_now", scripted)
    delays = []
    for _ in range(3):
        assert controller.sync_now()
        delays.append(controller.next_delay_s)
    assert [round(d / n) for d, n in zip(delays, (2, 4, 8))] == [1, 1, 1]
    assert all(0.8 * n <= d <= 1.2 * n for d, n in zip(delays, (2, 4, 8)))
    assert "中心服务器" in screen.message.text()
    assert controller.sync_now()
    assert controller.failures == 0 and controller.next_delay_s == 60


def test_a_failure_after_progress_retries_soon_instead_of_backing_off_further(
        qtbot, make_screen, db, station, monkeypatch):
    _enroll_locally(db, station)
    controller = make_screen().controller
    controller.engine.forget_credentials()
    engine = controller.engine
    progressed = [False, False, True, True, False]

    def scripted(progress=None):
        if progressed.pop(0):
            engine.steps_done += 1  # a batch went through, then the line broke
        raise NetworkError()

    monkeypatch.setattr(engine, "sync_now", scripted)
    failures = []
    for _ in range(5):
        assert controller.sync_now()
        failures.append(controller.failures)
    # Without progress the streak grows; progress starts it again at one.
    assert failures == [1, 2, 1, 1, 2]
    assert 1.6 <= controller.next_delay_s <= 4.8


def test_a_sync_never_runs_twice_at_once(qtbot, make_screen, db, station, monkeypatch):
    _enroll_locally(db, station)
    screen = make_screen()
    controller = screen.controller
    controller.engine.forget_credentials()
    calls = []

    def reentrant(progress=None):
        calls.append(1)
        assert controller.sync_now() is False  # a second click while running does nothing
        return SyncReport()

    monkeypatch.setattr(controller.engine, "sync_now", reentrant)
    assert controller.sync_now()
    assert calls == [1]


# --------------------------------------------------------------------------- enrollment


def test_only_the_admin_may_connect_and_a_demo_database_is_refused(
        qtbot, make_screen, db, station):
    assert not make_screen(Role.TUTOR).enroll_button.isVisible()
    screen = make_screen(Role.ADMIN)
    assert screen.enroll_button.isVisible()
    with db.session() as session:
        row = session.get(Station, station[0].id)
        row.is_demo = True
        session.add(row)
    dialog = screen.open_enroll()
    qtbot.addWidget(dialog)
    dialog.server.setText("http://127.0.0.1:9")
    dialog.code.setText("ABCD-EFGH-JKMN")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "演示数据" in dialog.error.text()
    assert dialog.isVisible() and dialog.connect_button.isEnabled()
    assert credential_store_for(db).load() is None


def test_the_enroll_dialog_explains_mistakes_plainly(qtbot, make_screen, db, station):
    screen = make_screen(Role.ADMIN)
    dialog = screen.open_enroll()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "server address" in dialog.error.text()
    dialog.server.setText("127.0.0.1:9")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "enrollment code" in dialog.error.text()
    dialog.code.setText("ABCD-EFGH-JKM0")  # 0 is not in the code alphabet
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "登记码的格式不对" in dialog.error.text()
    dialog.code.setText("ABCD-EFGH-JKMN")  # well-formed, but nobody listens on port 9
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "连不上中心服务器" in dialog.error.text()
    assert dialog.isVisible()

"""The background runner really runs off the main thread and reports back on it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from station_app.ui.runner import Runner


def test_work_runs_on_a_worker_and_results_arrive_on_the_main_thread(qtbot, qapp):
    runner = Runner()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(value):
        seen["value"] = value
        seen["done_on_main"] = QThread.currentThread() is qapp.thread()

    runner.run(work, done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["worker"] != threading.get_ident()
    assert seen["done_on_main"]
    assert runner.busy == 0


def test_failures_arrive_with_details(qtbot):
    runner = Runner()
    errors = []

    def work():
        raise ValueError("磁盘坏了")

    runner.run(work, None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], ValueError)
    assert "磁盘坏了" in errors[0].details


def test_synchronous_mode_for_tests():
    runner = Runner(synchronous=True)
    out = []
    runner.run(lambda: "x", out.append)
    assert out == ["x"]


def test_disk_full_from_sqlalchemy_reads_as_a_plain_sentence():
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from station_app.ui.errors import plain_message

    wrapped = OperationalError("INSERT …", {}, sqlite3.OperationalError("database or disk is full"))
    assert "磁盘空间不足" in plain_message(wrapped, "zh_CN")
    locked = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    assert "busy" in plain_message(locked, "en")


def test_a_reported_validation_failure_says_what_is_wrong(qtbot, window, staff_passwords,
                                                          log_in, monkeypatch):
    """Outside a form (a password typed into a prompt), the field's own sentence is shown,
    not "see the red text beside each field" with no red text anywhere."""
    from PySide6.QtWidgets import QInputDialog

    shown = []
    window.state.errors.shown.connect(lambda kind, text: shown.append((kind, text)))
    log_in(window, "admin", staff_passwords["admin"])
    window.nav.setCurrentRow(window._nav_keys.index("users"))
    users = window.users
    users.table.selectRow(next(r for r in range(users.table.rowCount())
                               if users.table.item(r, 0).text() == "tutor"))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("short", True)))
    users._reset()
    assert shown and shown[-1][0] == "known"
    assert "8" in shown[-1][1] and "红字" not in shown[-1][1]

"""Starting the desktop app.

The window comes first, the database is opened behind it (``ui/startup.py``).

``STATION_APP_SMOKE_EXIT_MS=<ms>``: a start-up check for installers and benchmarks.  The app
starts as usual (main window shown, database opened, created and migrated if needed).  It
prints ``station-app smoke: window <unix time> <page>`` at the event loop's first turn (the
window is usable; ``<page>`` is ``login_page`` or, when the database was not opened before,
``opening_page``), then, once the database is open, ``station-app smoke: longest stall <n> ms`` (the
longest the event loop went without a turn meanwhile) and ``station-app smoke: ready <unix
time> <database path>``; ``ms`` milliseconds later it quits with exit code 0.  Nothing else
changes: no log-in is skipped, nothing is written beyond what a normal start writes.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from station_app import paths
from station_app.settings import Settings
from station_app.ui import i18n
from station_app.ui.main_window import EXIT_RESTART, MainWindow
from station_app.ui.widgets import STYLE

log = logging.getLogger(__name__)

SMOKE_EXIT_ENV = "STATION_APP_SMOKE_EXIT_MS"


def make_app(argv: list[str] | None = None, language: str = "zh_CN") -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("station-app")
    app.setOrganizationName("station-app")
    icon = paths.resources_dir() / "icons" / "station-app.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))  # type: ignore[union-attr]
    i18n.install_fonts(app)  # type: ignore[arg-type]
    i18n.install_translator(app, language)
    app.setStyleSheet(STYLE)  # type: ignore[union-attr]
    return app  # type: ignore[return-value]


def run_gui(db_path: Path | None = None, language: str | None = None) -> int:
    """Show the window at once and open the database behind it (``ui/startup.py``); run
    until the window closes (again, in a new language or over a restored backup, when it asks
    to restart)."""
    settings = Settings.load()
    if language:
        settings.language = language
    app = make_app(language=settings.language)
    smoke_ms = os.environ.get(SMOKE_EXIT_ENV)
    state = None  # the open database's state, kept across restarts
    while True:
        window = MainWindow(settings=settings)
        if os.environ.get("STATION_APP_FULLSCREEN"):
            window.setWindowState(Qt.WindowState.WindowFullScreen)
        failure: list[BaseException] = []
        window.opening_failed.connect(lambda exc: _opening_failed(app, exc, failure))
        if smoke_ms is not None:
            _report_when_ready(app, window, int(smoke_ms or 0))
        window.show()
        if state is None:
            window.open_database(db_path)
        else:
            from station_app.ui.state import AppState

            window.attach(AppState(state.db, settings=settings, runner=window.runner))
        code = app.exec()
        window.close()
        state = window.state
        window.deleteLater()
        if failure:
            return 2
        if state is not None:
            state.search.close()
        if code != EXIT_RESTART or state is None:
            break
        from station_app.services import backups

        if backups.was_replaced(state.db):  # a backup was restored: open the restored file
            state = None  # the next window opens it again (checked, keyed) behind the log-in
        i18n.remove_translators(app)
        i18n.install_translator(app, settings.language)
    if state is not None:
        state.db.close()
    return code


def _opening_failed(app: QApplication, exc: BaseException, failure: list) -> None:
    """The database could not be opened (wrong key, not a station database …): say why in
    the database layer's plain words and quit."""
    from station_app.store.db import NotADatabaseError, WrongKeyError

    failure.append(exc)
    if isinstance(exc, (WrongKeyError, NotADatabaseError)):
        QMessageBox.critical(None, "station-app", str(exc))
    else:
        log.error("the database could not be opened: %r", exc)
        QMessageBox.critical(None, "station-app", f"数据库打不开 (the database cannot be "
                                                   f"opened): {exc}")
    app.exit(2)


def _report_when_ready(app: QApplication, window: MainWindow, delay_ms: int) -> None:
    """The start-up check (``STATION_APP_SMOKE_EXIT_MS``): print when the window is usable
    (the event loop's first turn), and when the database is open and the log-in (or first-run)
    page is live; ``delay_ms`` later exit 0.  Meanwhile the longest gap between turns of the
    event loop is measured (the window must stay responsive while the database opens)."""
    started = time.time()
    ticks = {"last": started, "gap": 0.0}

    def tick() -> None:
        now = time.time()
        ticks["gap"] = max(ticks["gap"], now - ticks["last"])
        ticks["last"] = now

    heartbeat = QTimer(window)
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(tick)

    def window_ready() -> None:
        ticks["last"] = time.time()
        heartbeat.start()
        page = window.pages.currentWidget().objectName()
        print(f"station-app smoke: window {time.time():.6f} {page}", flush=True)
        check()

    def check() -> None:
        if window.state is None:
            QTimer.singleShot(5, check)
            return
        tick()
        heartbeat.stop()
        print(f"station-app smoke: longest stall {ticks['gap'] * 1000:.0f} ms", flush=True)
        print(f"station-app smoke: ready {time.time():.6f} {window.state.db.path}", flush=True)
        QTimer.singleShot(max(0, delay_ms), lambda: app.exit(0))

    QTimer.singleShot(0, window_ready)

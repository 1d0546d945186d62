"""Starting the desktop app.

``STATION_APP_SMOKE_EXIT_MS=<ms>``: a start-up check for installers and benchmarks.  The app
starts as usual (database opened, created and migrated if needed, main window shown); ``ms``
milliseconds after the event loop starts (0 = at its first turn) it prints one line
``station-app smoke: ready <unix time> <database path>`` to stdout and quits with exit code 0.
Nothing else changes: no log-in is skipped, nothing is written beyond what a normal start
writes.
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
from station_app.services import backups
from station_app.settings import Settings
from station_app.store.db import NotADatabaseError, WrongKeyError, open_database
from station_app.ui import i18n
from station_app.ui.main_window import EXIT_RESTART, MainWindow
from station_app.ui.state import AppState
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
    settings = Settings.load()
    if language:
        settings.language = language
    app = make_app(language=settings.language)
    try:
        db = open_database(db_path)
    except (WrongKeyError, NotADatabaseError) as exc:
        QMessageBox.critical(None, "station-app", str(exc))
        return 2
    while True:
        state = AppState(db, settings=settings)
        window = MainWindow(state)
        if os.environ.get("STATION_APP_FULLSCREEN"):
            window.setWindowState(Qt.WindowState.WindowFullScreen)
        window.show()
        smoke_ms = os.environ.get(SMOKE_EXIT_ENV)
        if smoke_ms is not None:
            _quit_when_ready(app, db.path, int(smoke_ms or 0))
        code = app.exec()
        window.close()
        window.deleteLater()
        state.search.close()
        if code != EXIT_RESTART:
            break
        if backups.was_replaced(db):  # a backup was restored: open the restored file
            try:
                db = open_database(db.path, keys_dir=db.keys_dir)
            except (WrongKeyError, NotADatabaseError) as exc:
                QMessageBox.critical(None, "station-app", str(exc))
                return 2
        i18n.remove_translators(app)
        i18n.install_translator(app, settings.language)
    db.close()
    return code


def _quit_when_ready(app: QApplication, db_path: Path, delay_ms: int) -> None:
    """The start-up check (``STATION_APP_SMOKE_EXIT_MS``): report readiness, then exit 0."""

    def ready() -> None:
        print(f"station-app smoke: ready {time.time():.6f} {db_path}", flush=True)
        app.exit(0)

    QTimer.singleShot(max(0, delay_ms), ready)

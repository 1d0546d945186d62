"""Starting the desktop app."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from station_app.settings import Settings
from station_app.store.db import NotADatabaseError, WrongKeyError, open_database
from station_app.ui import i18n
from station_app.ui.main_window import EXIT_RESTART, MainWindow
from station_app.ui.state import AppState
from station_app.ui.widgets import STYLE

log = logging.getLogger(__name__)


def make_app(argv: list[str] | None = None, language: str = "zh_CN") -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("station-app")
    app.setOrganizationName("station-app")
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
        code = app.exec()
        window.close()
        window.deleteLater()
        state.search.close()
        if code != EXIT_RESTART:
            break
        i18n.remove_translators(app)
        i18n.install_translator(app, settings.language)
    db.close()
    return code

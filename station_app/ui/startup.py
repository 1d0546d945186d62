"""Start-up in two steps, so the window is usable at once (cold start, docs/benchmarks.md).

1. ``run_gui`` shows the window from the settings alone: the log-in page, titled with the
   station name remembered from the last start (``Settings.login_cache``), takes the user
   name and password straight away.  Nothing of the database layer is imported yet.
2. Meanwhile :func:`open_station` runs on the runner: it imports the database layer and the
   services (~1–2 s of imports on a kiosk), opens and if needed migrates the database, and
   reads what the log-in page shows.  The window then gets its :class:`AppState`
   (``MainWindow.attach``); a log-in pressed before that goes ahead then.  What the home
   screen needs is imported next, still in the background (:func:`warm_imports`).

When the remembered database is not the one being opened (first start, ``--db`` elsewhere,
a restored backup), an "opening" page with a busy bar is shown instead until step 2 is done.

This module imports no database code at import time: it is on the fast path.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from station_app.settings import Settings
    from station_app.store.db import Database


@dataclass(frozen=True)
class Opened:
    """An open database and what the log-in page needs from it."""

    db: Database
    initialized: bool  # someone can log in (else: the first-run page)
    station_name: str | None  # None on a branch computer
    is_demo: bool


def open_station(path: Path | None) -> Opened:
    """Open (create, migrate) the database; runs off the main thread at start-up."""
    from station_app.services import auth
    from station_app.store.db import open_database

    db = open_database(path)
    try:
        station = auth.current_station(db)
        opened = Opened(db, auth.is_initialized(db), station.name if station else None,
                        bool(station and station.is_demo))
        for name in _ATTACH_MODULES:  # so that attaching does not import on the main thread
            importlib.import_module(name)
    except BaseException:
        db.close()
        raise
    return opened


def warm_imports() -> None:
    """Import, while the person types the password, what logging in needs at once: the home
    screen and its figures, the daily backup, the first-run page.  Runs off the main thread
    once the database is open (a log-in does not wait for it: Python's import locks let the
    main thread import a module this is importing, once).  Only module code runs here (classes
    are defined, no widget is made), so it is safe off the main thread; other screens are
    imported when first opened."""
    for name in _WARM_MODULES:
        importlib.import_module(name)


# What MainWindow.attach makes (state, sync, daily backup): module code only, as below.
_ATTACH_MODULES = (
    "station_app.ui.admin.daily_backup",
    "station_app.ui.insurance.automatic_claims",
    "station_app.ui.state",
    "station_app.ui.sync.controller",
    "station_app.ui.sync.indicator",
)
_WARM_MODULES = (
    "station_app.services.backups",
    "station_app.services.dashboard",
    "station_app.ui.dashboard_screen",
    "station_app.ui.first_run",
)


def database_path(path: Path | None) -> Path:
    """The file ``open_database(path)`` will open (same rule, without importing it)."""
    from station_app import paths

    return (Path(path) if path else paths.default_db_path()).resolve()


def remembered(settings: Settings, path: Path | None) -> dict[str, Any] | None:
    """What the last start learned about this database (its station name, demo or not), or
    None when the database is another one or was never opened."""
    cache = settings.login_cache or {}
    if cache.get("db") != str(database_path(path)):
        return None
    return cache


def remember(settings: Settings, opened: Opened) -> bool:
    """Keep the station's name for the next start's log-in page; True when it changed."""
    cache = ({"db": str(opened.db.path.resolve()), "station": opened.station_name,
              "demo": opened.is_demo} if opened.initialized else {})
    if cache == settings.login_cache:
        return False
    settings.login_cache = cache
    return True


class OpeningPage(QWidget):
    """Shown while the database opens when there is nothing remembered to show instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("opening_page")
        title = QLabel(self.tr("Opening the database…"), objectName="title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(self.tr("The first start, or the first after an update, can take a "
                              "little longer."), objectName="hint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: no fraction to show
        self.bar.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

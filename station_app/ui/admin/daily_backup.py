"""The automatic daily backup (``services.backups.daily_backup_if_due``): when someone logs
in, and every hour while the app runs (an app left running for days still backs up daily; at
most one per calendar day).  Owned by the main window, so it runs whether or not anyone opens
the backups page; that page shows its result."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from station_app.services import backups
from station_app.services.errors import ServiceError
from station_app.ui.state import AppState

log = logging.getLogger(__name__)

DAILY_CHECK_MS = 60 * 60 * 1000


class DailyBackup(QObject):
    made = Signal(object)  # BackupInfo of a new daily backup
    failed = Signal(str)  # the reason, in the interface language

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.running = False
        self.last_error = ""
        self.timer = QTimer(self)
        self.timer.setInterval(DAILY_CHECK_MS)
        self.timer.timeout.connect(self.run)
        self.timer.start()
        state.actor_changed.connect(self._actor_changed)

    def _actor_changed(self, actor: object) -> None:
        if actor is not None:
            self.run()

    def run(self) -> None:
        if self.running:
            return
        self.running = True
        db = self.state.db
        self.state.runner.run(lambda: backups.daily_backup_if_due(db), self._done,
                              self._failed, owner=self)

    def _done(self, info: object) -> None:
        self.running = False
        self.last_error = ""
        if info is not None:
            self.made.emit(info)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        log.error("the daily backup failed: %s", exc)
        self.last_error = (exc.message.text(self.state.language)
                           if isinstance(exc, ServiceError) else str(exc))
        self.failed.emit(self.last_error)

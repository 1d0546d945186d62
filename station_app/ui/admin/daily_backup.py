"""The automatic daily backup (``services.backups.daily_backup_if_due``): when someone logs
in, and every hour while the app runs (at most one per calendar day).  Owned by the main
window, so it runs whether or not anyone opens the backups page; that page shows its result."""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import Signal

from station_app.services import backups
from station_app.services.errors import ServiceError
from station_app.ui.recurring import RecurringJob

log = logging.getLogger(__name__)


class DailyBackup(RecurringJob):
    made = Signal(object)  # BackupInfo of a new daily backup
    failed = Signal(str)  # the reason, in the interface language

    last_error = ""

    def work(self) -> Callable[[], Any]:
        db = self.state.db
        return lambda: backups.daily_backup_if_due(db)

    def finished(self, info: Any) -> None:
        self.last_error = ""
        if info is not None:
            self.made.emit(info)

    def failed_with(self, exc: BaseException) -> None:
        log.error("the daily backup failed: %s", exc)
        self.last_error = (exc.message.text(self.state.language)
                           if isinstance(exc, ServiceError) else str(exc))
        self.failed.emit(self.last_error)

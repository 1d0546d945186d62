"""Work the window runs on the runner after each log-in and every hour while the app runs
(the daily backup, the automatic insurance claims), whether or not any screen is open.  One
run at a time; a subclass says what to run (:meth:`RecurringJob.work`), when it may
(:meth:`RecurringJob.may_run`) and what to do with the result."""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer

from station_app.ui.state import AppState

log = logging.getLogger(__name__)

HOURLY_MS = 60 * 60 * 1000  # an app left running for days still does its daily work


class RecurringJob(QObject):
    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(HOURLY_MS)
        self.timer.timeout.connect(self.run)
        self.timer.start()
        state.actor_changed.connect(self._actor_changed)

    def _actor_changed(self, actor: object) -> None:
        if actor is not None:
            self.run()

    def may_run(self) -> bool:
        """Whether the person logged in is one this work runs for."""
        return True

    def work(self) -> Callable[[], Any]:
        """The function to run off the main thread (it must not touch widgets)."""
        raise NotImplementedError

    def run(self) -> None:
        if self.running or not self.may_run():
            return
        self.running = True
        self.state.runner.run(self.work(), self._done, self._failed, owner=self)

    def _done(self, result: Any) -> None:
        self.running = False
        self.finished(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.failed_with(exc)

    def finished(self, result: Any) -> None:
        """The work's result, on the main thread."""

    def failed_with(self, exc: BaseException) -> None:
        log.error("%s failed: %r", type(self).__name__, exc)

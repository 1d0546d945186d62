"""Claims without anyone opening a list: after a finance specialist logs in, and every hour
while the app runs, the claims that are due are made on the runner, with their notices
(``services.insurance_documents.make_due_claims``).  Owned by the main window, like the daily
backup.  Branch computers make none (they receive claims by sync); a list opened meanwhile
shares the service's lock, so a claim is never made twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from station_app.domain.roles import Permission
from station_app.ui.state import AppState

if TYPE_CHECKING:
    from station_app.services.insurance_documents import DueClaims

log = logging.getLogger(__name__)

CHECK_MS = 60 * 60 * 1000


class AutomaticClaims(QObject):
    made = Signal(object)  # insurance_documents.DueClaims with at least one new claim

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.run)
        self.timer.start()
        state.actor_changed.connect(self._actor_changed)

    def _actor_changed(self, actor: object) -> None:
        if actor is not None:
            self.run()

    def run(self) -> None:
        """Start a run, when the person logged in is the one who files insurance."""
        if self.running or not self.state.can(Permission.APPLICATION_PREPARE):
            return
        self.running = True
        ctx = self.state.ctx
        self.state.runner.run(lambda: _make_due_claims(ctx), self._done, self._failed,
                              owner=self)

    def _done(self, due: DueClaims) -> None:
        self.running = False
        if due.run.created:
            log.info("%d claim(s) made automatically, %d notice(s)", len(due.run.created),
                     len(due.notices))
            self.state.announce("insurance_claim")  # lists and loans repaid by payouts
            self.made.emit(due)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        log.error("the automatic claims run failed: %r", exc)


def _make_due_claims(ctx: object) -> DueClaims:
    # Imported here, on the runner: the documents (reportlab) are not needed to log in.
    from station_app.services import insurance_documents

    return insurance_documents.make_due_claims(ctx)  # type: ignore[arg-type]


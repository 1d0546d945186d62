"""Claims without anyone opening a list: after a finance specialist logs in, and every hour
while the app runs, the claims that are due are made on the runner, with their notices
(``services.insurance_documents.make_due_claims``).  Owned by the main window, like the daily
backup.  Branch computers make none (they receive claims by sync); a list opened meanwhile
shares the service's lock, so a claim is never made twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import Signal

from station_app.domain.roles import Permission
from station_app.ui.recurring import RecurringJob

if TYPE_CHECKING:
    from station_app.services.insurance_documents import DueClaims

log = logging.getLogger(__name__)


class AutomaticClaims(RecurringJob):
    made = Signal(object)  # insurance_documents.DueClaims with at least one new claim

    def may_run(self) -> bool:
        return self.state.can(Permission.APPLICATION_PREPARE)  # who files insurance

    def work(self) -> Callable[[], Any]:
        ctx = self.state.ctx
        return lambda: _make_due_claims(ctx)

    def finished(self, due: DueClaims) -> None:
        if due.run.created:
            log.info("%d claim(s) made automatically, %d notice(s)", len(due.run.created),
                     len(due.notices))
            self.state.announce("insurance_claim")  # lists and loans repaid by payouts
            self.made.emit(due)


def _make_due_claims(ctx: object) -> DueClaims:
    # Imported here, on the runner: the documents (reportlab) are not needed to log in.
    from station_app.services import insurance_documents

    return insurance_documents.make_due_claims(ctx)  # type: ignore[arg-type]

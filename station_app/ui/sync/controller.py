"""Runs the sync engine in the background, on a timer and on demand.

``SyncController`` owns the one :class:`~station_app.sync.engine.SyncEngine` of the window.
Work goes through ``state.runner`` (never the main thread); progress comes back through a
signal emitted on the worker thread (Qt queues it to the main thread).  After a network
error or a server failure it waits per the backoff schedule (2 s doubling to 5 min, ±20 %),
for as long as the app runs; otherwise it syncs every ``interval`` seconds (60 by default,
``Settings.sync_interval_seconds``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from station_app.services import writes
from station_app.sync.engine import SyncEngine, SyncReport, SyncStatus, enroll
from station_app.sync.errors import AuthError, NotEnrolled, SyncError, retryable
from station_app.sync.protocol import backoff_delay
from station_app.ui.state import AppState

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 60
FIRST_SYNC_DELAY_S = 3


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    progress = Signal(str, int, int)  # stage ("push"/"pull"), done, total
    running_changed = Signal(bool)
    finished = Signal(object)  # SyncReport
    failed = Signal(object)  # the exception
    enrolled = Signal(object)  # Credentials

    def __init__(self, state: AppState, parent: QObject | None = None, *,
                 engine: SyncEngine | None = None, interval_s: float | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.engine = engine or SyncEngine(state.db, writer=writes)
        self.interval_s = float(interval_s if interval_s is not None else
                                state.settings.sync_interval_seconds or DEFAULT_INTERVAL_S)
        self.failures = 0
        self.running = False
        self._steps_before = 0
        self.next_delay_s: float | None = None
        self.last_status: SyncStatus | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._tick)

    # ------------------------------------------------------------------ scheduling

    def start(self) -> None:
        """Begin automatic syncing if this computer is enrolled."""
        self.refresh()
        if self.engine.is_enrolled() and not self.running:
            self._schedule(FIRST_SYNC_DELAY_S)

    def stop(self) -> None:
        self.timer.stop()
        self.next_delay_s = None

    def _schedule(self, seconds: float) -> None:
        self.next_delay_s = seconds
        self.timer.start(max(100, int(seconds * 1000)))

    def _tick(self) -> None:
        self.next_delay_s = None
        if self.engine.is_enrolled():
            self.sync_now()

    # ------------------------------------------------------------------ syncing

    def sync_now(self) -> bool:
        """Start a sync in the background; False if one is already running or not enrolled."""
        if self.running:
            return False
        if not self.engine.is_enrolled():
            self.refresh()
            return False
        self.timer.stop()
        self._set_running(True)
        self._steps_before = self.engine.steps_done
        engine, emit = self.engine, self.progress.emit  # a signal: safe from the worker
        self.state.runner.run(lambda: engine.sync_now(progress=emit),
                              self._done, self._failed, owner=self)
        return True

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.running_changed.emit(running)

    def _done(self, report: SyncReport) -> None:
        self._set_running(False)
        self.failures = 0
        if report.changed_local_data:
            self.state.announce("sync")
        self.refresh()
        self.finished.emit(report)
        self._schedule(self.interval_s)

    def _failed(self, exc: BaseException) -> None:
        self._set_running(False)
        if self.engine.steps_done > self._steps_before:
            # Batches went through before the line broke: the link works at times, so the
            # next try comes soon (on a lossy line a growing backoff was most of the time).
            self.failures = 0
        if retryable(exc):
            self.failures += 1
            self._schedule(backoff_delay(self.failures))
        elif isinstance(exc, (AuthError, NotEnrolled)):
            self.failures = 0  # needs a person: no automatic retries until enrolled again
        else:
            if not isinstance(exc, SyncError):
                log.error("sync failed unexpectedly: %s", getattr(exc, "details", repr(exc)))
            self.failures += 1
            self._schedule(max(self.interval_s, backoff_delay(self.failures)))
        self.refresh()
        self.failed.emit(exc)

    def refresh(self) -> SyncStatus:
        status = self.engine.status()
        self.last_status = status
        self.status_changed.emit(status)
        return status

    # ------------------------------------------------------------------ people's decisions

    def retry(self, seq: int) -> None:
        self.engine.retry(seq, self.state.actor)
        self.refresh()
        if self.engine.is_enrolled() and not self.running:
            self._schedule(1)

    def discard(self, seq: int, reason: str = "") -> None:
        self.engine.discard(seq, self.state.actor, reason=reason)
        self.refresh()

    def resolve(self, conflict_id: str, keep: str) -> bool:
        wrote = self.engine.resolve_conflict(conflict_id, keep, self.state.actor)
        if wrote:
            self.state.announce("sync")
            if self.engine.is_enrolled() and not self.running:
                self._schedule(1)
        self.refresh()
        return wrote

    def enroll(self, server_url: str, code: str, on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None], *, owner: QObject | None = None) -> None:
        """Connect to a server in the background (network), then start syncing."""
        db, actor = self.state.db, self.state.actor
        store = self.engine.store

        def work() -> Any:
            return enroll(db, server_url, code, store=store, actor=actor)

        def done(creds: Any) -> None:
            self.engine.forget_credentials()
            actor = self.state.actor
            if actor is not None and creds.station_id and actor.station_id != creds.station_id:
                # The station now has the server's id (enroll moved every row to it); the
                # logged-in person's next records must carry it too.
                self.state.set_actor(replace(actor, station_id=creds.station_id))
            self.failures = 0
            self.state.announce("station")
            self.enrolled.emit(creds)
            self.start()
            on_done(creds)

        self.state.runner.run(work, done, on_error, owner=owner or self)

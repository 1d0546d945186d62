"""The one way to run work off the main thread.

``Runner.run(fn, on_done, on_error)`` runs ``fn`` on a QThreadPool worker and delivers the
result or the exception back on the main thread, where widgets may be touched.  Workers never
touch widgets.  Tests create ``Runner(synchronous=True)`` and get the same callbacks inline.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the main thread; queued signals carry results back to it."""

    done = Signal(object, object)
    failed = Signal(object, object, str)

    def __init__(self) -> None:
        super().__init__()
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    @Slot(object, object)
    def _deliver_done(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback:
            callback(value)

    @Slot(object, object, str)
    def _deliver_failed(self, callback: Callable[[BaseException], None] | None,
                        exc: BaseException, details: str) -> None:
        exc.details = details  # type: ignore[attr-defined]
        if callback:
            callback(exc)
        else:
            log.error("background task failed: %s", details)


class _Task(QRunnable):
    def __init__(self, relay: _Relay, fn: Callable[[], Any], on_done, on_error) -> None:
        super().__init__()
        self._relay, self._fn, self._on_done, self._on_error = relay, fn, on_done, on_error

    def run(self) -> None:
        try:
            value = self._fn()
        except BaseException as exc:  # delivered to the main thread, never lost
            self._relay.failed.emit(self._on_error, exc, traceback.format_exc())
        else:
            self._relay.done.emit(self._on_done, value)


class Runner(QObject):
    busy_changed = Signal(int)

    def __init__(self, *, synchronous: bool = False, pool: QThreadPool | None = None) -> None:
        super().__init__()
        self.synchronous = synchronous
        self._pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay()
        self._busy = 0

    @property
    def busy(self) -> int:
        return self._busy

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``fn`` off the main thread.  If ``owner`` (the widget whose methods the
        callbacks are) has been deleted meanwhile, the callbacks are skipped."""
        self._busy += 1
        self.busy_changed.emit(self._busy)

        def alive() -> bool:
            if owner is None or shiboken6.isValid(owner):
                return True
            log.info("background result dropped: its window was closed")
            return False

        def finish_ok(value: Any) -> None:
            self._finish()
            if on_done and alive():
                on_done(value)

        def finish_err(exc: BaseException) -> None:
            self._finish()
            if on_error and alive():
                on_error(exc)
            else:
                log.error("background task failed: %r", exc)

        if self.synchronous:
            try:
                value = fn()
            except Exception as exc:
                exc.details = traceback.format_exc()  # type: ignore[attr-defined]
                finish_err(exc)
            else:
                finish_ok(value)
            return
        self._pool.start(_Task(self._relay, fn, finish_ok, finish_err))

    def _finish(self) -> None:
        self._busy -= 1
        self.busy_changed.emit(self._busy)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

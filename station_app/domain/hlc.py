"""Hybrid logical clock (HLC) timestamps.

Every syncable record carries ``created_hlc`` / ``updated_hlc`` and per-field clocks made by
this clock.  An HLC timestamp is wall-clock milliseconds, a counter that breaks ties inside one
millisecond (or while the local wall clock lags behind a clock it has seen), and the node id of
the device that made it.  Encoded as a fixed-width string, timestamps sort in causal order
as plain text, which lets SQLite compare them without decoding.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable

MAX_COUNTER = 0xFFFF


class ClockDriftError(ValueError):
    """A remote timestamp is further in the future than we are willing to follow."""


@dataclass(frozen=True, order=True)
class HLCTimestamp:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:04x}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> "HLCTimestamp":
        wall, counter, node = text.split("-", 2)
        return cls(int(wall), int(counter, 16), node)

    def __str__(self) -> str:
        return self.encode()


class HybridLogicalClock:
    """Issues monotonically increasing timestamps for one node (device).

    ``max_drift_ms`` bounds how far a remote clock may run ahead of ours before
    :meth:`observe` refuses it (a station with a wildly wrong clock must not drag every
    other clock into the future).
    """

    def __init__(
        self,
        node: str,
        *,
        now_ms: Callable[[], int] | None = None,
        last: HLCTimestamp | None = None,
        max_drift_ms: int = 24 * 3600 * 1000,
    ) -> None:
        if "-" in node or not node:
            raise ValueError("node id must be non-empty and contain no '-'")
        self.node = node
        self._now_ms = now_ms or (lambda: time.time_ns() // 1_000_000)
        self._wall = last.wall_ms if last else 0
        self._counter = last.counter if last else 0
        self._max_drift_ms = max_drift_ms
        self._lock = threading.Lock()

    def now(self) -> HLCTimestamp:
        """A timestamp for a local event, later than every one issued or observed so far."""
        with self._lock:
            physical = self._now_ms()
            if physical > self._wall:
                self._wall, self._counter = physical, 0
            else:
                self._bump()
            return HLCTimestamp(self._wall, self._counter, self.node)

    def observe(self, remote: HLCTimestamp | str) -> HLCTimestamp:
        """Merge a timestamp received from another node; returns the new local time."""
        if isinstance(remote, str):
            remote = HLCTimestamp.decode(remote)
        with self._lock:
            physical = self._now_ms()
            if remote.wall_ms - physical > self._max_drift_ms:
                raise ClockDriftError(
                    f"remote clock {remote.wall_ms - physical} ms ahead of local clock"
                )
            new_wall = max(self._wall, remote.wall_ms, physical)
            if new_wall == self._wall == remote.wall_ms:
                self._counter = max(self._counter, remote.counter)
                self._bump_counter_only()
            elif new_wall == self._wall:
                self._bump_counter_only()
            elif new_wall == remote.wall_ms:
                self._wall, self._counter = new_wall, remote.counter
                self._bump_counter_only()
            else:
                self._wall, self._counter = new_wall, 0
            return HLCTimestamp(self._wall, self._counter, self.node)

    def _bump(self) -> None:
        self._bump_counter_only()

    def _bump_counter_only(self) -> None:
        if self._counter >= MAX_COUNTER:
            # Counter exhausted inside one millisecond: borrow the next millisecond.
            self._wall += 1
            self._counter = 0
        else:
            self._counter += 1

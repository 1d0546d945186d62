"""Digital-skills training (数字技能培训): the rules of a session record and the 12-month
training summary the credit score will use.

Pure functions on plain values: no Qt, no SQL, no clock (callers pass ``today`` / ``as_of``).

The summary window is the **last 12 months ending on** ``as_of``: sessions held on a day in
``(as_of − 12 months, as_of]``.  As of 2025-06-30 that is 2024-07-01 … 2025-06-30 (a session
exactly one year earlier, 2024-06-30, no longer counts); as of 2024-02-29 it starts after
2023-02-28.  Sessions dated after ``as_of`` never count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from station_app.domain.messages import Message

__all__ = [
    "MAX_MINUTES",
    "TOPIC_MAX",
    "TUTOR_MAX",
    "LOCATION_MAX",
    "NOTES_MAX",
    "SUMMARY_MONTHS",
    "SessionInput",
    "validate_session",
    "months_before",
    "summary_window",
    "TrainingSummary",
    "summarize",
]

MAX_MINUTES = 1440  # one day
TOPIC_MAX = 100
TUTOR_MAX = 50
LOCATION_MAX = 100
NOTES_MAX = 500
SUMMARY_MONTHS = 12


@dataclass(frozen=True)
class SessionInput:
    """What staff type in for a training session (texts as typed; see :meth:`cleaned`)."""

    held_on: date | None
    topic: str
    tutor_name: str
    location: str = ""
    duration_minutes: int = 0
    notes: str = ""

    def cleaned(self) -> "SessionInput":
        """The same input with surrounding spaces removed from every text."""
        return SessionInput(self.held_on, (self.topic or "").strip(),
                            (self.tutor_name or "").strip(), (self.location or "").strip(),
                            self.duration_minutes, (self.notes or "").strip())


def _too_long(code: str, what_zh: str, what_en: str, limit: int) -> Message:
    return Message(code, f"{what_zh}最多 {limit} 个字，请删短一些。",
                   f"The {what_en} may have at most {limit} characters; please shorten it.")


def validate_session(inp: SessionInput, *, today: date) -> dict[str, list[Message]]:
    """Field name → what is wrong (empty when the input may be saved)."""
    inp = inp.cleaned()
    errors: dict[str, list[Message]] = {}

    def add(field: str, message: Message) -> None:
        errors.setdefault(field, []).append(message)

    if inp.held_on is None:
        add("held_on", Message("training.date_missing", "请选择培训日期。",
                               "Please choose the date of the training."))
    elif inp.held_on > today:
        add("held_on", Message("training.date_future", "培训日期不能晚于今天。",
                               "The training date cannot be later than today."))
    if not inp.topic:
        add("topic", Message("training.topic_empty", "请填写培训主题，比如“手机开网店”。",
                             "Please enter the topic, for example “Opening a shop on the phone”."))
    elif len(inp.topic) > TOPIC_MAX:
        add("topic", _too_long("training.topic_long", "培训主题", "topic", TOPIC_MAX))
    if not inp.tutor_name:
        add("tutor_name", Message("training.tutor_empty", "请填写授课人姓名。",
                                  "Please enter who taught the session."))
    elif len(inp.tutor_name) > TUTOR_MAX:
        add("tutor_name", _too_long("training.tutor_long", "授课人姓名", "tutor's name", TUTOR_MAX))
    if len(inp.location) > LOCATION_MAX:
        add("location", _too_long("training.location_long", "培训地点", "place", LOCATION_MAX))
    minutes = inp.duration_minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_MINUTES:
        add("duration_minutes", Message(
            "training.minutes_range", f"培训时长应在 0 到 {MAX_MINUTES} 分钟（一整天）之间。",
            f"The length must be between 0 and {MAX_MINUTES} minutes (one whole day)."))
    if len(inp.notes) > NOTES_MAX:
        add("notes", _too_long("training.notes_long", "备注", "notes", NOTES_MAX))
    return errors


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (31 March − 1 → 28/29 February)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def summary_window(as_of: date, months: int = SUMMARY_MONTHS) -> tuple[date, date]:
    """First and last day (both inclusive) of the ``months`` months ending on ``as_of``."""
    return months_before(as_of, months) + timedelta(days=1), as_of


@dataclass(frozen=True)
class TrainingSummary:
    """A farmer's training in the window ``first``…``last`` (inclusive)."""

    sessions: int
    minutes: int
    first: date
    last: date

    @property
    def hours(self) -> Decimal:
        """Total hours, 2 decimal places, half up (90 min → 1.50, 100 min → 1.67)."""
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def summarize(attended: Iterable[tuple[date, int]], *, as_of: date,
              months: int = SUMMARY_MONTHS) -> TrainingSummary:
    """Count the sessions and add up the minutes of ``attended`` (one ``(held_on, minutes)``
    per session the farmer attended) that fall in :func:`summary_window`."""
    first, last = summary_window(as_of, months)
    count = minutes = 0
    for held_on, length in attended:
        if first <= held_on <= last:
            count += 1
            minutes += max(0, int(length or 0))
    return TrainingSummary(count, minutes, first, last)

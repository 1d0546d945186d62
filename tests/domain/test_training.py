"""Tests for station_app.domain.training (session rules, the 12-month summary window)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from station_app.domain.messages import Message
from station_app.domain.training import (
    SessionInput,
    months_before,
    summarize,
    summary_window,
    validate_session,
)

TODAY = date(2025, 6, 30)


def _inp(**overrides) -> SessionInput:
    values = dict(held_on=date(2025, 6, 1), topic="手机开网店", tutor_name="王芳",
                  location="村委会", duration_minutes=90, notes="")
    values.update(overrides)
    return SessionInput(**values)  # type: ignore[arg-type]


def test_a_complete_input_passes():
    assert validate_session(_inp(), today=TODAY) == {}
    assert validate_session(_inp(held_on=TODAY, duration_minutes=0), today=TODAY) == {}
    assert validate_session(_inp(duration_minutes=1440), today=TODAY) == {}


@pytest.mark.parametrize("overrides, field, code", [
    (dict(topic="   "), "topic", "training.topic_empty"),
    (dict(topic="课" * 101), "topic", "training.topic_long"),
    (dict(held_on=None), "held_on", "training.date_missing"),
    (dict(held_on=date(2025, 7, 1)), "held_on", "training.date_future"),
    (dict(duration_minutes=-1), "duration_minutes", "training.minutes_range"),
    (dict(duration_minutes=1441), "duration_minutes", "training.minutes_range"),
    (dict(duration_minutes=1.5), "duration_minutes", "training.minutes_range"),
    (dict(duration_minutes=True), "duration_minutes", "training.minutes_range"),
    (dict(tutor_name=""), "tutor_name", "training.tutor_empty"),
    (dict(tutor_name="王" * 51), "tutor_name", "training.tutor_long"),
    (dict(location="地" * 101), "location", "training.location_long"),
    (dict(notes="备" * 501), "notes", "training.notes_long"),
])
def test_each_rule_names_its_field_in_plain_words(overrides, field, code):
    errors = validate_session(_inp(**overrides), today=TODAY)
    assert list(errors) == [field]
    (message,) = errors[field]
    assert isinstance(message, Message) and message.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.zh)
    assert message.en and not any("\u4e00" <= ch <= "\u9fff" for ch in message.en)


def test_spaces_around_texts_do_not_count():
    assert validate_session(_inp(topic="  " + "课" * 100 + "  "), today=TODAY) == {}
    assert _inp(topic=" 直播 ", location=" 村委会 ").cleaned().topic == "直播"


def test_several_errors_are_reported_together():
    errors = validate_session(_inp(topic="", held_on=date(2026, 1, 1), duration_minutes=2000),
                              today=TODAY)
    assert set(errors) == {"topic", "held_on", "duration_minutes"}


@pytest.mark.parametrize("day, months, expected", [
    (date(2025, 6, 30), 12, date(2024, 6, 30)),
    (date(2025, 3, 31), 1, date(2025, 2, 28)),
    (date(2024, 3, 31), 1, date(2024, 2, 29)),
    (date(2024, 2, 29), 12, date(2023, 2, 28)),
    (date(2025, 1, 15), 1, date(2024, 12, 15)),
    (date(2025, 12, 31), 12, date(2024, 12, 31)),
])
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_window_is_the_twelve_months_ending_on_as_of():
    assert summary_window(TODAY) == (date(2024, 7, 1), date(2025, 6, 30))
    assert summary_window(date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))


def test_summarize_counts_sessions_and_hours_inside_the_window_only():
    attended = [
        (date(2025, 6, 30), 90),   # as_of itself: in
        (date(2025, 1, 10), 120),  # in
        (date(2024, 7, 1), 30),    # first day of the window: in
        (date(2024, 6, 30), 600),  # exactly a year before: out
        (date(2025, 7, 1), 60),    # after as_of: out
        (date(2024, 12, 1), 0),    # length not recorded: counts as a session, 0 minutes
    ]
    summary = summarize(attended, as_of=TODAY)
    assert summary.sessions == 4
    assert summary.minutes == 90 + 120 + 30 + 0 == 240
    assert summary.hours == Decimal("4.00")
    assert (summary.first, summary.last) == (date(2024, 7, 1), TODAY)


def test_hours_round_half_up_to_two_places():
    assert summarize([(TODAY, 100)], as_of=TODAY).hours == Decimal("1.67")
    assert summarize([(TODAY, 90)], as_of=TODAY).hours == Decimal("1.50")
    assert summarize([(TODAY, 1)], as_of=TODAY).hours == Decimal("0.02")  # 0.01666… → 0.02


def test_nothing_attended_is_zero_not_missing():
    summary = summarize([], as_of=TODAY)
    assert (summary.sessions, summary.minutes, summary.hours) == (0, 0, Decimal("0.00"))

"""The per-field HLC merge rule shared by server and client (docs/sync-protocol.md §6)."""

from __future__ import annotations

import json

import pytest

from station_app.domain.merge import merge_rows

T0 = "0001700000000000-0000-aaaa"  # creation
TA = "0001700000001000-0000-aaaa"  # an edit at station A
TB = "0001700000002000-0000-bbbb"  # a later edit at station B


def row(**changes):
    clock = changes.pop("clock", {})
    base = {"id": "r1", "station_id": "s", "created_hlc": T0, "updated_hlc": max([T0, *clock.values()]),
            "field_clock": json.dumps(clock), "version": 1, "deleted": False,
            "name": "王芳", "village": "槐芽村", "notes": ""}
    base.update(changes)
    return base


def test_different_fields_merge_without_conflict():
    a = row(name="王芳芳", clock={"name": TA})
    b = row(village="横渠村", clock={"village": TB})
    merged = merge_rows(a, b)
    assert (merged.row["name"], merged.row["village"]) == ("王芳芳", "横渠村")
    assert merged.conflicts == ()
    assert json.loads(merged.row["field_clock"]) == {"name": TA, "village": TB}
    assert merged.row["updated_hlc"] == TB


def test_same_field_newer_wins_and_the_loser_is_kept():
    a = row(notes="A 写的", clock={"notes": TA})
    b = row(notes="B 写的", clock={"notes": TB})
    for current, incoming, side in ((a, b, "current"), (b, a, "incoming")):
        merged = merge_rows(current, incoming)
        assert merged.row["notes"] == "B 写的"
        [conflict] = merged.conflicts
        assert (conflict.field, conflict.lost_value, conflict.lost_hlc, conflict.lost_side) == (
            "notes", "A 写的", TA, side)


def test_merge_is_symmetric_in_its_result():
    a = row(name="甲", notes="x", clock={"name": TB, "notes": TA})
    b = row(name="乙", notes="y", clock={"name": TA, "notes": TB})
    one, two = merge_rows(a, b).row, merge_rows(b, a).row
    assert {k: one[k] for k in ("name", "notes")} == {k: two[k] for k in ("name", "notes")} == {
        "name": "甲", "notes": "y"}


def test_decision_fields_are_server_authoritative():
    server = row(role="tutor")
    station = row(role="admin", clock={"role": TB})
    merged = merge_rows(server, station, authoritative={"role"})
    assert merged.row["role"] == "tutor" and merged.conflicts == ()
    assert merge_rows(server, station, authoritative={"role"}, incoming_may_decide=True).row["role"] == "admin"


def test_delete_wins_over_an_edit_and_is_reported():
    deleted = row(deleted=True, updated_hlc=TA)
    edited = row(notes="改过", clock={"notes": TB})
    merged = merge_rows(deleted, edited)
    assert merged.row["deleted"] is True and merged.row["notes"] == "改过"
    [conflict] = merged.conflicts
    assert (conflict.field, conflict.kept_value, conflict.lost_value, conflict.lost_side) == (
        "deleted", True, False, "incoming")
    assert merge_rows(deleted, row()).conflicts == ()  # nothing edited: nothing to report


def test_unchanged_fields_never_conflict():
    a = row(name="新名字", clock={"name": TA})
    assert merge_rows(a, row()).conflicts == ()
    assert merge_rows(row(), a).row["name"] == "新名字"


def test_two_different_records_are_refused():
    with pytest.raises(ValueError):
        merge_rows(row(), row(id="r2"))

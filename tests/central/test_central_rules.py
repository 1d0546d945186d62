"""In-process checks of the server's building blocks (no server, no database)."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from station_app.central.errors import Rejection
from station_app.central.middleware import BadEncoding, TooLarge, gunzip
from station_app.central.push import (
    canonical_json,
    fast_forward,
    parent_columns,
    row_validator,
    validate_row,
)
from station_app.store.models import SYNCABLE_TABLES, Farmer, User


@pytest.mark.parametrize("entity", sorted(SYNCABLE_TABLES))
def test_row_validator_checks_exactly_what_the_station_table_checks(entity: str) -> None:
    model = SYNCABLE_TABLES[entity]
    ours, theirs = row_validator(model).model_json_schema(), model.model_json_schema()
    for schema in (ours, theirs):
        schema.pop("title", None)
        schema.pop("description", None)
    assert ours == theirs


def test_parents_come_from_the_foreign_keys() -> None:
    assert parent_columns("consent") == (("farmer_id", "farmer"),)
    assert parent_columns("sales_order") == (("import_batch_id", "import_batch"),
                                             ("shop_id", "shop"))
    assert parent_columns("planting_season") == (("farmer_id", "farmer"), ("plot_id", "plot"))
    assert parent_columns("farmer") == ()


def _farmer() -> dict:
    return Farmer(id="5f0c7a53-3f0e-4bd4-9d9f-0d5e8a1c2b3a", station_id="s", version=1,
                  created_hlc="1700000000000-0000-aa", updated_hlc="1700000000000-0000-aa",
                  name="张三", gender="male", birth_date=date(1980, 1, 1), resident_id_cipher="c",
                  resident_id_hash="h", resident_id_masked="m", resident_id_last4="1234",
                  phone_cipher="c", phone_hash="h", phone_masked="m",
                  phone_last4="5678").model_dump(mode="json")


def test_validate_row_normalises_and_refuses() -> None:
    row = _farmer()
    assert validate_row(Farmer, row) == row
    assert validate_row(Farmer, {**row, "household_size": "4"})["household_size"] == 4
    for bad in ({"household_size": "four"}, {"extra": 1}, {"id": "1"}, {"version": 0},
                {"created_hlc": "yesterday"}, {"field_clock": "[]"},
                {"field_clock": json.dumps({"not_a_field": "1700000000000-0000-aa"})}):
        with pytest.raises(Rejection) as caught:
            validate_row(Farmer, {**row, **bad})
        assert caught.value.message.code == "push.validation", bad
    without_id = dict(row)
    del without_id["id"]
    with pytest.raises(Rejection):  # never a server-made id
        validate_row(Farmer, without_id)


def test_canonical_json_refuses_what_no_column_can_hold() -> None:
    assert canonical_json({"b": 1, "a": "中"}) == '{"a":"中","b":1}'.encode()
    for bad in (float("nan"), float("inf"), "a\x00b", "\ud800"):
        with pytest.raises(ValueError):
            canonical_json({"v": bad})
    assert canonical_json({"v": "a\\u0000"})  # a backslash typed by a person is fine


def test_fast_forward_keeps_decision_fields_and_their_stamps() -> None:
    created, later, station_edit = ("1700000000000-0000-aa", "1700000000500-0000-srv",
                                    "1700000001000-0000-st")
    current = User(id="u", station_id="s", created_hlc=created, updated_hlc=later,
                   field_clock=json.dumps({"role": later}), version=2, username="wang",
                   display_name="王", role="specialist", password_hash="x").model_dump()
    incoming = {**current, "role": "admin", "display_name": "王芳", "version": 3,
                "updated_hlc": station_edit,
                "field_clock": json.dumps({"role": station_edit, "display_name": station_edit})}
    row = fast_forward(current, incoming, {"role", "active"})
    assert row["role"] == "specialist" and row["display_name"] == "王芳"
    assert json.loads(row["field_clock"]) == {"role": later, "display_name": station_edit}
    assert fast_forward(current, incoming, ()) == incoming


def test_gunzip_stops_at_the_limit_and_reads_several_members() -> None:
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd"), 10) == b"abcd"
    with pytest.raises(TooLarge):
        gunzip(gzip.compress(b"\0" * 5_000_000), 1_000_000)  # a 5 KB "bomb"
    with pytest.raises(BadEncoding):
        gunzip(gzip.compress(b"abc")[:-5], 10)
    with pytest.raises(BadEncoding):
        gunzip(b"not gzip", 10)

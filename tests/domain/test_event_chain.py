"""Tamper-evident order-loan event log (station_app.domain.event_chain)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.event_chain import (
    GENESIS_HASH,
    KINDS,
    append_event,
    canonical_json,
    event_from_dict,
    verify_chain,
)

CST = timezone(timedelta(hours=8))
T0 = datetime(2025, 5, 15, 9, 30, tzinfo=CST)


def build(n: int = 7):
    """The seed 000 Table 1 stages of one order loan, in order (cycled for n > 7)."""
    chain = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        data = {"order_ids": ["PDD-1", "PDD-2"], "amount": Decimal("160000.00"),
                "step": i, "node": "眉县仓" if kind == "shipped" else None,
                "on": date(2025, 5, 15) + timedelta(days=i)}
        chain.append(append_event(chain, kind, T0 + timedelta(hours=i), data))
    return chain


def test_a_fresh_chain_verifies():
    chain = build()
    assert [e.kind for e in chain] == list(KINDS)
    assert [e.seq for e in chain] == list(range(1, 8))
    assert chain[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(chain, chain[1:]))
    check = verify_chain(chain, expected_head=chain[-1].hash, expected_length=7)
    assert check.ok and check.checked == 7 and check.first_bad_seq is None
    assert verify_chain([]).ok


def test_hash_is_sha256_of_the_canonical_json():
    e = build(1)[0]
    text = canonical_json(e.seq, e.kind, e.at, e.data, e.prev_hash)
    assert json.loads(text) == {"seq": 1, "kind": "order_confirmed",
                                "at": "2025-05-15T09:30:00+08:00", "data": e.data,
                                "prev_hash": GENESIS_HASH}
    assert " " not in text.replace("眉县仓", "")  # compact separators
    assert e.hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert e.data["amount"] == "160000.00" and e.data["on"] == "2025-05-15"  # normalized


def test_round_trip_through_storage_keeps_it_valid():
    chain = build()
    stored = json.loads(json.dumps([e.to_dict() for e in chain], ensure_ascii=False))
    loaded = [event_from_dict(d) for d in stored]
    assert loaded == chain
    assert verify_chain(loaded).ok


@pytest.mark.parametrize("position", range(1, 8))
@pytest.mark.parametrize("field, value", [
    ("data", {"order_ids": ["PDD-9"], "amount": "999999.00"}),
    ("kind", "settlement_received"),
    ("at", T0 - timedelta(days=30)),
    ("seq", 99),
    ("prev_hash", "f" * 64),
    ("hash", "0" * 64),
])
def test_an_edited_event_is_found(position, field, value):
    chain = build()
    original = chain[position - 1]
    if getattr(original, field) == value:
        value = "due" if field == "kind" else value
    chain[position - 1] = replace(original, **{field: value})
    check = verify_chain(chain)
    assert not check.ok and check.first_bad_seq == position
    assert check.problem is not None and check.problem.en
    assert check.checked == position - 1


def test_an_edited_nested_value_is_found():
    chain = build()
    data = json.loads(json.dumps(chain[3].data))
    data["order_ids"][1] = "PDD-3"
    chain[3] = replace(chain[3], data=data)
    check = verify_chain(chain)
    assert (check.ok, check.first_bad_seq, check.code) == (False, 4, "event_chain.hash_mismatch")


@pytest.mark.parametrize("position", range(1, 7))
def test_a_removed_event_is_found(position):
    chain = build()
    del chain[position - 1]
    check = verify_chain(chain)
    assert not check.ok and check.first_bad_seq == position
    assert check.code == "event_chain.seq_mismatch"


def test_removing_the_last_event_needs_the_recorded_head():
    chain = build()
    head = chain[-1].hash
    shorter = chain[:-1]
    assert verify_chain(shorter).ok  # consistent on its own: why the head is kept elsewhere
    check = verify_chain(shorter, expected_head=head)
    assert not check.ok and check.code == "event_chain.head_mismatch"
    check = verify_chain(shorter, expected_length=7)
    assert not check.ok and check.first_bad_seq == 7 and check.code == "event_chain.length_mismatch"


@pytest.mark.parametrize("i, j", [(0, 1), (2, 5), (5, 6), (0, 6)])
def test_reordered_events_are_found(i, j):
    chain = build()
    chain[i], chain[j] = chain[j], chain[i]
    check = verify_chain(chain)
    assert not check.ok and check.first_bad_seq == i + 1


def test_reordering_with_renumbering_breaks_the_links():
    chain = build()
    a, b = chain[2], chain[3]
    chain[2], chain[3] = replace(b, seq=3), replace(a, seq=4)
    check = verify_chain(chain)
    assert not check.ok and check.first_bad_seq == 3 and check.code == "event_chain.link_broken"


@pytest.mark.parametrize("position", range(1, 8))
def test_an_inserted_event_is_found(position):
    chain = build()
    # a forger builds a valid-looking event on the chain so far and slips it in …
    forged = append_event(chain[:position - 1], "settlement_received", T0,
                          {"amount": "160000.00"})
    tampered = chain[:position - 1] + [forged] + chain[position - 1:]
    check = verify_chain(tampered)
    # … the forged event is consistent, the next original one no longer is
    assert not check.ok and check.first_bad_seq == position + 1
    # appended at the end it is only caught against the recorded head
    if position == 7:
        appended = chain + [append_event(chain, "due", T0, {})]
        assert verify_chain(appended).ok
        assert not verify_chain(appended, expected_head=chain[-1].hash).ok
        assert not verify_chain(appended, expected_length=7).ok


def test_a_rewritten_tail_is_only_caught_against_the_recorded_head():
    chain = build()
    head = chain[-1].hash
    forged = chain[:4]
    for e in chain[4:]:
        data = dict(e.data, amount="1.00")
        forged.append(append_event(forged, e.kind, e.at, data))
    assert verify_chain(forged).ok
    assert verify_chain(forged, expected_head=head).code == "event_chain.head_mismatch"


def test_bad_event_input():
    with pytest.raises(ValueError):
        append_event([], "harvested", T0, {})
    with pytest.raises(TypeError):
        append_event([], "due", date(2025, 1, 1), {})
    with pytest.raises(TypeError):
        append_event([], "due", T0, {"amount": 1.5})
    with pytest.raises(TypeError):
        append_event([], "due", T0, {1: "x"})
    with pytest.raises(TypeError):
        append_event([], "due", T0, {"x": Decimal("NaN")})
    # a stored event whose kind was changed to an unknown one fails verification
    chain = build(2)
    chain[1] = replace(chain[1], kind="harvested")
    assert verify_chain(chain).first_bad_seq == 2
    # a stored float slipped into the data fails verification rather than raising
    chain = build(2)
    chain[0] = replace(chain[0], data={"amount": 1.5})
    assert verify_chain(chain).first_bad_seq == 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=10)


@given(st.lists(st.tuples(st.sampled_from(KINDS),
                          st.dictionaries(st.text(max_size=6), json_values, max_size=4)),
                min_size=1, max_size=12), st.data())
@settings(deadline=None, database=None, max_examples=100)
def test_any_single_change_is_found(events, data):
    chain = []
    for i, (kind, payload) in enumerate(events):
        chain.append(append_event(chain, kind, T0 + timedelta(minutes=i), payload))
    assert verify_chain(chain).ok
    i = data.draw(st.integers(min_value=0, max_value=len(chain) - 1))
    new_payload = data.draw(st.dictionaries(st.text(max_size=6), json_values, max_size=4))
    if json.dumps(new_payload, sort_keys=True) == json.dumps(chain[i].data, sort_keys=True):
        new_payload = {"tampered": True}
    tampered = list(chain)
    tampered[i] = replace(chain[i], data=new_payload)
    assert verify_chain(tampered).first_bad_seq == i + 1

"""Pure pieces of the sync protocol: backoff, hold-back of dependants, codes, hashes."""

from __future__ import annotations

import hashlib
import json

import pytest

from station_app.sync.protocol import (
    EntryRef,
    HoldBack,
    backoff_delay,
    body_hash,
    canonical_json,
    held_back,
    idempotency_key,
    normalize_code,
    references,
)

# --------------------------------------------------------------------------- backoff


def test_backoff_doubles_from_two_seconds_up_to_five_minutes() -> None:
    middle = lambda: 0.5  # noqa: E731 - no jitter at the midpoint
    assert backoff_delay(0, rand=middle) == 0
    assert [backoff_delay(n, rand=middle) for n in range(1, 10)] == [
        2, 4, 8, 16, 32, 64, 128, 256, 300]
    # There is no retry cap: after any number of failures the wait stays at the ceiling.
    assert backoff_delay(10_000, rand=middle) == 300


@pytest.mark.parametrize("failures", [1, 3, 9, 50])
def test_backoff_jitter_stays_within_twenty_percent(failures: int) -> None:
    nominal = min(300, 2 * 2 ** (failures - 1))
    low = backoff_delay(failures, rand=lambda: 0.0)
    high = backoff_delay(failures, rand=lambda: 0.999999)
    assert low == pytest.approx(nominal * 0.8)
    assert high == pytest.approx(nominal * 1.2, rel=1e-5)
    for _ in range(200):
        assert nominal * 0.8 <= backoff_delay(failures) <= nominal * 1.2


# --------------------------------------------------------------------------- hold-back (§3)


def ref(seq: int, entity_id: str, status: str = "pending", *refs: str) -> EntryRef:
    return EntryRef(seq, entity_id, status, frozenset(refs))


def test_nothing_waits_without_a_quarantined_entry() -> None:
    entries = [ref(1, "f1"), ref(2, "c1", "pending", "f1"), ref(3, "f1")]
    assert held_back(entries) == set()


def test_a_quarantined_farmer_holds_back_its_later_edits_and_dependants_transitively() -> None:
    entries = [
        ref(1, "f1", "quarantined"),
        ref(2, "f2"),                          # unrelated farmer: goes
        ref(3, "f1"),                          # later edit of the same farmer: waits
        ref(4, "c1", "pending", "f1"),         # consent of f1: waits
        ref(5, "s1", "pending", "f1"),         # shop of f1: waits
        ref(6, "o1", "pending", "s1"),         # order of that shop: waits (transitive)
        ref(7, "s2", "pending", "f2"),         # shop of the unrelated farmer: goes
    ]
    assert held_back(entries) == {1, 3, 4, 5, 6}


def test_earlier_entries_do_not_wait_for_a_later_quarantined_one() -> None:
    entries = [ref(1, "f1"), ref(2, "f1", "quarantined"), ref(3, "c1", "pending", "f1")]
    assert held_back(entries) == {2, 3}


def test_blocked_ids_from_outside_the_list_count_too() -> None:
    assert held_back([ref(5, "p1", "pending", "f9"), ref(6, "x")], blocked={"f9"}) == {5}


def test_holdback_rule_is_incremental() -> None:
    rule = HoldBack()
    assert not rule.waits(ref(1, "f1"))
    rule.block("f1")  # e.g. f1 was rejected in this batch
    assert rule.waits(ref(2, "c1", "pending", "f1"))
    assert rule.waits(ref(3, "x1", "pending", "c1"))
    assert not rule.waits(ref(4, "f2"))


def test_references_of_rows_and_of_an_order_batch() -> None:
    assert references("consent", "insert", {"id": "c", "farmer_id": "f1"}) == {"f1"}
    assert references("planting_season", "insert",
                      {"plot_id": "p", "farmer_id": "f", "notes": ""}) == {"p", "f"}
    assert references("sales_order", "insert_batch",
                      {"batch": {"id": "b", "shop_id": "s"}, "rows": []}) == {"s"}
    assert references("sales_order", "insert_batch",
                      {"import_batch_id": "b", "rows": 3}) == {"b"}


# --------------------------------------------------------------------------- codes, hashes


@pytest.mark.parametrize("typed", ["ABCD-EFGH-JKMN", "abcd efgh jkmn", " abcdefghjkmn ",
                                   "ABCD_EFGH_JKMN"])
def test_codes_are_normalised_to_the_displayed_form(typed: str) -> None:
    assert normalize_code(typed) == "ABCD-EFGH-JKMN"


@pytest.mark.parametrize("typed", ["", "ABCD-EFGH-JKM", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKM0",
                                   "ABCD-EFGH-JKMI", "ABCD-EFGH-JKML", "ABCD-EFGH-JKM1"])
def test_impossible_codes_are_refused_locally(typed: str) -> None:
    assert normalize_code(typed) is None


def test_body_hash_is_sha256_of_canonical_json() -> None:
    payload = {"name": "王芳", "b": 1, "a": [1, 2]}
    expected = hashlib.sha256(json.dumps(
        {"entity": "farmer", "entity_id": "x", "op": "insert", "base_version": 0,
         "version": 1, "payload": payload},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")).hexdigest()
    assert body_hash("farmer", "x", "insert", 0, 1, payload) == expected
    assert canonical_json({"b": "王", "a": 1}) == '{"a":1,"b":"王"}'.encode("utf-8")
    # Key order never changes the hash.
    assert body_hash("farmer", "x", "insert", 0, 1, dict(reversed(payload.items()))) == expected


def test_idempotency_key_is_station_and_seq() -> None:
    assert idempotency_key("st-1", 42) == "st-1:42"

"""End-to-end tests of the sync API against a real ``station-central serve`` process.

Every test runs once per backend (SQLite; PostgreSQL when STATION_CENTRAL_TEST_PG_URL is set).
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import uuid
from datetime import datetime, timezone
from typing import Any

import pytest
import requests
from central_helpers import (
    Central,
    Device,
    edited,
    farmer_row,
    make_change,
    order_rows,
    shop_row,
)
from sqlalchemy import func, select, text

from station_app.central import admin
from station_app.central.models import ChangeLog, ConflictLog, SyncRecord
from station_app.store.models import Consent, ImportBatch

records = SyncRecord.__table__
change_log = ChangeLog.__table__
conflict_log = ConflictLog.__table__


@pytest.fixture
def station(central: Central) -> tuple[str, str, Device]:
    """A fresh station and its enrolled device."""
    station_id, code = central.new_station()
    return station_id, code, central.enroll(station_code=code)


def record_count(central: Central, entity: str, station_id: str) -> int:
    with central.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(records).where(
            records.c.entity == entity, records.c.station_id == station_id)).scalar_one()


# --------------------------------------------------------------------------- health, auth

def test_health_needs_no_token(central: Central) -> None:
    answer = requests.get(central.url("/health"), timeout=10)
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["protocol"] == 1 and body["server_id"]


def test_every_endpoint_but_health_and_enroll_needs_a_valid_token(central: Central,
                                                                 station) -> None:
    _sid, _code, device = station
    calls = [("GET", "/changes"), ("GET", "/whoami"), ("POST", "/push")]
    body = {"device_id": device.device_id, "changes": []}
    for headers in ({}, {"Authorization": "Bearer not-a-token"},
                    {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "}):
        for method, path in calls:
            answer = requests.request(method, central.url(path), json=body, headers=headers,
                                      timeout=10)
            assert answer.status_code == 401, (headers, path, answer.text)
            assert answer.json()["error"]["code"] == "auth.invalid_token"
    for method, path in calls:
        answer = requests.request(method, central.url(path), json=body, headers=device.headers,
                                  timeout=10)
        assert answer.status_code == 200, (path, answer.text)
    # A revoked device gets the same answer as an unknown token.
    assert admin.revoke_device(central.engine, device.device_id)
    answer = requests.get(central.url("/whoami"), headers=device.headers, timeout=10)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "auth.invalid_token"


def test_whoami_names_device_scope_and_server_time(central: Central, station) -> None:
    station_id, _code, device = station
    body = requests.get(central.url("/whoami"), headers=device.headers, timeout=10).json()
    assert body["device_id"] == device.device_id
    assert body["scope"] == {"kind": "station", "station_ids": [station_id], "home_id": station_id}
    assert body["server_time"]


# --------------------------------------------------------------------------- enrollment

def test_enrollment_code_works_once_and_every_failure_reads_the_same(central: Central) -> None:
    station_id, code = central.new_station()
    enroll_code = admin.issue_code(central.engine, station_code=code)
    assert len(enroll_code) == 14 and enroll_code.count("-") == 2

    def attempt(text_code: str) -> requests.Response:
        return requests.post(central.url("/enroll"), json={
            "code": text_code, "device_id": uuid.uuid4().hex[:12], "device_name": "PC",
            "app_version": "1"}, timeout=10)

    first = attempt(enroll_code.lower().replace("-", " "))  # typed loosely: still the code
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["scope"] == {"kind": "station", "station_ids": [station_id], "home_id": station_id}
    assert body["station"]["id"] == station_id and body["station"]["code"] == code
    assert len(body["token"]) >= 43

    expired = admin.issue_code(central.engine, station_code=code, hours=-1)
    answers = [attempt(enroll_code), attempt("2345-6789-ABCD"), attempt(expired),
               attempt("not a code at all")]
    assert {a.status_code for a in answers} == {400}
    assert len({a.content for a in answers}) == 1  # one message: codes cannot be probed
    assert answers[0].json()["error"]["code"] == "enroll.code_invalid"


def test_branch_enrollment_has_branch_scope(central: Central) -> None:
    branch = central.new_branch()
    a, _ = central.new_station(branch)
    b, _ = central.new_station(branch)
    device = central.enroll(branch_code=branch)
    assert device.kind == "branch" and sorted(device.station_ids) == sorted([a, b])


# --------------------------------------------------------------------------- push

def test_push_applied_then_duplicate_then_key_reused(central: Central, station) -> None:
    station_id, _code, device = station
    row = farmer_row(device)
    change = make_change(device, "farmer", row)
    [first] = central.push_ok(device, [change])
    assert first["status"] == "applied" and first["server_version"] == 1
    assert first["merged"] is None and first["conflicts"] == [] and first["reason"] is None

    [again] = central.push_ok(device, [change])  # the same request once more (a retry)
    assert again["status"] == "duplicate" and again["server_version"] == 1

    other = make_change(device, "farmer", {**row, "notes": "changed"}, key=change["key"])
    [reused] = central.push_ok(device, [other])
    assert reused["status"] == "key_reused"
    assert reused["reason"]["code"] == "push.key_reused"
    assert record_count(central, "farmer", station_id) == 1
    with central.engine.connect() as conn:
        stored = conn.execute(select(records.c.payload).where(
            records.c.entity_id == row["id"])).scalar_one()
    assert stored == row


def test_results_come_in_request_order_one_per_change(central: Central, station) -> None:
    _sid, _code, device = station
    good, bad = farmer_row(device), farmer_row(device)
    bad["birth_date"] = "not a date"
    changes = [make_change(device, "farmer", good),
               make_change(device, "farmer", bad),
               make_change(device, "no_such_table", {"id": str(uuid.uuid4()), "version": 1}),
               make_change(device, "farmer", farmer_row(device))]
    results = central.push_ok(device, changes)
    assert [r["key"] for r in results] == [c["key"] for c in changes]
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected", "applied"]
    assert results[1]["reason"]["code"] == "push.validation"
    assert "birth_date" in results[1]["reason"]["en"]
    assert results[2]["reason"]["code"] == "push.unknown_entity"


def test_validation_really_checks_types_and_fields(central: Central, station) -> None:
    _sid, _code, device = station
    cases = {
        "wrong type": {"household_size": "many"},
        "unknown field": {"shoe_size": 42},
        "too long": {"name": "名" * 51},
        "bad clock": {"field_clock": json.dumps({"name": "yesterday"})},
        "bad id": {"id": "farmer-1"},
        "NUL": {"notes": "a\u0000b"},
    }
    for label, values in cases.items():
        row = {**farmer_row(device), **values}
        [result] = central.push_ok(device, [make_change(device, "farmer", row)])
        assert result["status"] == "rejected", label
        assert result["reason"]["code"] == "push.validation", label
    # The body hash must be the canonical one.
    change = make_change(device, "farmer", farmer_row(device))
    change["body_hash"] = "0" * 64
    [result] = central.push_ok(device, [change])
    assert result["status"] == "rejected" and result["reason"]["code"] == "push.validation"


def test_rejected_is_not_cached_and_the_same_key_succeeds_after_the_parent(
        central: Central, station) -> None:
    station_id, _code, device = station
    farmer = farmer_row(device)
    stamp = device.hlc()
    consent = Consent(station_id=station_id, created_hlc=stamp, updated_hlc=stamp,
                      field_clock="{}", version=1, farmer_id=farmer["id"], scopes="basic",
                      granted_at=datetime(2024, 3, 1, 8, tzinfo=timezone.utc), staff_user_id="u", staff_name="王芳"
                      ).model_dump(mode="json")
    consent_change = make_change(device, "consent", consent)
    [early] = central.push_ok(device, [consent_change])
    assert early["status"] == "rejected"
    assert early["reason"]["code"] == "push.missing_parent"

    results = central.push_ok(device, [make_change(device, "farmer", farmer), consent_change])
    assert [r["status"] for r in results] == ["applied", "applied"]


def test_stale_update_is_merged_with_the_conflict_returned_and_logged(central: Central) -> None:
    station_id, code = central.new_station()
    now_ms = int(time.time() * 1000)
    # Device A's clock runs ahead of device B's: A's edit of the name is the newer one.
    a = central.enroll(station_code=code, wall_ms=now_ms + 60_000)
    b = central.enroll(station_code=code, wall_ms=now_ms)
    row = farmer_row(b, name="李四", notes="")
    assert central.push_ok(b, [make_change(b, "farmer", row)])[0]["status"] == "applied"

    a_row = edited(a, row, name="李四光")
    [a_result] = central.push_ok(a, [make_change(a, "farmer", a_row, op="update",
                                                 base_version=1)])
    assert a_result["status"] == "applied" and a_result["server_version"] == 2

    b_row = edited(b, row, name="李斯", notes="种苹果")  # based on version 1: stale
    [b_result] = central.push_ok(b, [make_change(b, "farmer", b_row, op="update",
                                                 base_version=1)])
    assert b_result["status"] == "merged"
    assert b_result["server_version"] == 3  # max(server 2, incoming 2) + 1
    merged = b_result["merged"]
    assert merged["name"] == "李四光"  # A's newer stamp wins
    assert merged["notes"] == "种苹果"  # B's change of another field is kept
    assert merged["version"] == 3
    assert b_result["conflicts"] == [{
        "field": "name", "kept_value": "李四光", "kept_hlc": a_row["updated_hlc"],
        "lost_value": "李斯", "lost_hlc": b_row["updated_hlc"], "lost_side": "incoming"}]
    with central.engine.connect() as conn:
        logged = conn.execute(select(conflict_log).where(
            conflict_log.c.entity_id == row["id"])).all()
        stored = conn.execute(select(records.c.payload, records.c.version).where(
            records.c.entity_id == row["id"])).one()
    assert [(c.field, c.kept_value, c.lost_value, c.lost_side) for c in logged] == [
        ("name", "李四光", "李斯", "incoming")]
    assert logged[0].incoming_device_id == b.device_id
    assert logged[0].current_device_id == a.device_id
    assert logged[0].station_id == station_id and not logged[0].resolved
    assert stored.payload == merged and stored.version == 3
    # The merged row is in the feed for both devices.
    feed = [c for c in central.pull_all(a) if c["entity_id"] == row["id"]]
    assert [c["version"] for c in feed] == [1, 2, 3] and feed[-1]["payload"] == merged


def test_delete_wins_over_a_concurrent_edit(central: Central) -> None:
    _station_id, code = central.new_station()
    a = central.enroll(station_code=code)
    b = central.enroll(station_code=code)
    row = farmer_row(a)
    central.push_ok(a, [make_change(a, "farmer", row)])
    deleted = edited(a, row, deleted=True)
    assert central.push_ok(a, [make_change(a, "farmer", deleted, op="delete",
                                           base_version=1)])[0]["status"] == "applied"
    late_edit = edited(b, row, notes="还在")
    [result] = central.push_ok(b, [make_change(b, "farmer", late_edit, op="update",
                                               base_version=1)])
    assert result["status"] == "merged" and result["merged"]["deleted"] is True
    assert [c["field"] for c in result["conflicts"]] == ["deleted"]


def test_station_devices_cannot_change_decision_fields(central: Central) -> None:
    station_id, code = central.new_station()
    user_id = admin.create_user(central.engine, station_code=code, username="wang",
                                display_name="王芳", role="tutor", password="Tutor-pass-2024")
    device = central.enroll(station_code=code)
    user = admin.record_payload(central.engine, "user_account", user_id)
    assert user is not None and user["station_id"] == station_id
    promoted = edited(device, user, role="admin", display_name="王芳芳")
    [result] = central.push_ok(device, [make_change(device, "user_account", promoted,
                                                    op="update", base_version=1)])
    assert result["status"] == "merged"
    assert result["merged"]["role"] == "tutor"  # kept: the station may not decide
    assert result["merged"]["display_name"] == "王芳芳"  # a profile field: taken
    assert result["conflicts"] == []
    assert "role" not in json.loads(result["merged"]["field_clock"])
    # The station's own row is admin-only: a push never changes it.
    station_row = admin.record_payload(central.engine, "station", station_id)
    renamed = edited(device, station_row, name="改名")
    [result] = central.push_ok(device, [make_change(device, "station", renamed, op="update",
                                                    base_version=1)])
    assert result["status"] == "merged" and result["merged"]["name"] == station_row["name"]


# --------------------------------------------------------------------------- scope

def test_scope_station_cannot_write_or_read_another_station(central: Central) -> None:
    a_id, a_code = central.new_station()
    b_id, b_code = central.new_station()
    a = central.enroll(station_code=a_code)
    b = central.enroll(station_code=b_code)
    b_row = farmer_row(b)
    central.push_ok(b, [make_change(b, "farmer", b_row)])

    # A row carrying B's station id, and an update of B's record re-labelled as A's.
    foreign = farmer_row(a, station_id=b_id)
    hijack = edited(a, {**b_row, "station_id": a_id}, name="x")
    results = central.push_ok(a, [make_change(a, "farmer", foreign),
                                  make_change(a, "farmer", hijack, op="update", base_version=1)])
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert {r["reason"]["code"] for r in results} == {"scope.denied"}
    # Both attempts are audited on the server: which device, what, aimed at whom.
    events = [e for e in admin.security_events(central.engine) if e["device_id"] == a.device_id]
    assert sorted((e["entity_id"], e["op"], e["target_station_id"]) for e in events) == sorted(
        [(foreign["id"], "insert", b_id), (b_row["id"], "update", a_id)])
    assert all(e["kind"] == "scope.denied" and e["scope_kind"] == "station"
               and e["owner_id"] == a_id for e in events)
    # B's record is unchanged by A's attempt.
    assert admin.record_payload(central.engine, "farmer", b_row["id"])["name"] == b_row["name"]
    # Creating a station row is the admin's job.
    new_station = {**admin.record_payload(central.engine, "station", a_id),
                   "id": str(uuid.uuid4())}
    [result] = central.push_ok(a, [make_change(a, "station", new_station)])
    assert result["reason"]["code"] == "scope.denied"

    seen = {c["payload"]["station_id"] for c in central.pull_all(a)}
    assert seen == {a_id, ""} or seen == {a_id}  # own rows and shared rows only
    assert b_row["id"] not in {c["entity_id"] for c in central.pull_all(a)}


def test_scope_branch_reads_its_stations_only_and_writes_decisions_only(
        central: Central) -> None:
    branch = central.new_branch()
    s1, c1 = central.new_station(branch)
    s2, c2 = central.new_station(branch)
    outside, c3 = central.new_station()
    rows = {}
    for code in (c1, c2, c3):
        device = central.enroll(station_code=code)
        rows[code] = farmer_row(device)
        central.push_ok(device, [make_change(device, "farmer", rows[code])])
    user_id = admin.create_user(central.engine, station_code=c1, username="zhao",
                                display_name="赵磊", role="specialist",
                                password="Specialist-pass-2024")
    officer = central.enroll(branch_code=branch)

    feed = central.pull_all(officer)
    stations = {c["payload"]["station_id"] for c in feed if c["payload"]["station_id"]}
    assert stations == {s1, s2}
    ids = {c["entity_id"] for c in feed}
    assert rows[c1]["id"] in ids and rows[c2]["id"] in ids and rows[c3]["id"] not in ids

    # A branch device may not create or edit profile records...
    new_farmer = farmer_row(officer, station_id=s1)
    profile_edit = edited(officer, rows[c1], name="改")
    user = admin.record_payload(central.engine, "user_account", user_id)
    deactivate = edited(officer, user, active=False, display_name="改名")
    outside_edit = edited(officer, rows[c3], name="改")
    results = central.push_ok(officer, [
        make_change(officer, "farmer", new_farmer),
        make_change(officer, "farmer", profile_edit, op="update", base_version=1),
        make_change(officer, "user_account", deactivate, op="update", base_version=1),
        make_change(officer, "farmer", outside_edit, op="update", base_version=1)])
    assert [r["status"] for r in results] == ["rejected", "rejected", "merged", "rejected"]
    assert results[0]["reason"]["code"] == results[1]["reason"]["code"] == "scope.denied"
    assert results[3]["reason"]["code"] == "scope.denied"
    # ...but it decides the decision fields: `active` taken, the profile field not.
    assert results[2]["merged"]["active"] is False
    assert results[2]["merged"]["display_name"] == "赵磊"
    assert outside not in officer.station_ids


# --------------------------------------------------------------------------- the change feed

def test_change_feed_pages_with_a_cursor(central: Central, station) -> None:
    station_id, _code, device = station
    rows = [farmer_row(device) for _ in range(25)]
    results = central.push_ok(device, [make_change(device, "farmer", r) for r in rows])
    assert {r["status"] for r in results} == {"applied"}

    whole = central.pull_all(device)
    mine = [c for c in whole if c["entity"] == "farmer"]
    assert [c["entity_id"] for c in mine] == [r["id"] for r in rows]  # push order
    assert [c["payload"] for c in mine] == rows
    seqs = [c["seq"] for c in whole]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)

    pages, after = [], 0
    while True:
        answer = requests.get(central.url("/changes"), params={"after": after, "limit": 10},
                              headers=device.headers, timeout=10).json()
        pages.append(answer)
        assert len(answer["changes"]) <= 10
        if answer["changes"]:
            assert answer["cursor"] == answer["changes"][-1]["seq"]
        after = answer["cursor"]
        if not answer["more"]:
            break
    assert [c for p in pages for c in p["changes"]] == whole
    assert len(pages) == -(-len(whole) // 10) or len(pages) == len(whole) // 10 + 1
    # After the end: nothing, the cursor stays.
    tail = requests.get(central.url("/changes"), params={"after": after},
                        headers=device.headers, timeout=10).json()
    assert tail == {"changes": [], "cursor": after, "more": False}
    # Bad paging parameters are refused, not served.
    for params in ({"limit": 0}, {"limit": 1001}, {"after": -1}, {"after": "x"}):
        answer = requests.get(central.url("/changes"), params=params, headers=device.headers,
                              timeout=10)
        assert answer.status_code == 422, params


def test_shared_catalogue_rows_reach_every_station(central: Central, station,
                                                   tmp_path) -> None:
    _sid, _code, device = station
    calendar = json.loads(
        (admin.Path(__file__).resolve().parents[2] / "resources" / "reference" / "crops.json")
        .read_text(encoding="utf-8"))
    calendar["version"] = 1000 + int(time.time() * 1000) % 100000
    path = tmp_path / "crops.json"
    path.write_text(json.dumps(calendar, ensure_ascii=False), encoding="utf-8")
    record_id, version = admin.load_catalogue(central.engine, "crop_calendar", path)
    shared = [c for c in central.pull_all(device) if c["entity_id"] == record_id]
    assert shared and shared[-1]["payload"]["station_id"] == ""
    assert shared[-1]["payload"]["kind"] == "crop_calendar"
    assert shared[-1]["payload"]["doc_version"] == version
    # A station device cannot write a shared row.
    row = dict(shared[-1]["payload"])
    [result] = central.push_ok(device, [make_change(device, "reference_doc", edited(
        device, row, body="{}"), op="update", base_version=row["version"])])
    assert result["reason"]["code"] == "scope.denied"
    # Loading the same version again is refused.
    with pytest.raises(admin.AdminError):
        admin.load_catalogue(central.engine, "crop_calendar", path)


# --------------------------------------------------------------------------- bodies

def test_gzip_request_body_and_gzip_response(central: Central, station) -> None:
    _sid, _code, device = station
    rows = [farmer_row(device) for _ in range(20)]
    answer = central.push(device, [make_change(device, "farmer", r) for r in rows],
                          compress=True)
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"applied"}
    feed = requests.get(central.url("/changes"), headers={**device.headers,
                                                          "Accept-Encoding": "gzip"},
                        timeout=10, stream=True)
    assert feed.headers.get("Content-Encoding") == "gzip"
    assert len(json.loads(feed.content)["changes"]) >= 20
    broken = requests.post(central.url("/push"), data=b"\x1f\x8b not gzip at all",
                           headers={**device.headers, "Content-Encoding": "gzip",
                                    "Content-Type": "application/json"}, timeout=10)
    assert broken.status_code == 400
    assert broken.json()["error"]["code"] == "request.bad_encoding"


def test_bodies_over_16_mb_are_refused_with_413(central: Central, station) -> None:
    _sid, _code, device = station
    filler = "x" * (17 * 1024 * 1024)
    body = json.dumps({"device_id": device.device_id, "changes": [], "pad": filler}).encode()
    headers = {**device.headers, "Content-Type": "application/json"}
    bomb = requests.post(central.url("/push"), data=gzip.compress(body),
                         headers={**headers, "Content-Encoding": "gzip"}, timeout=60)
    assert bomb.status_code == 413
    assert bomb.json()["error"]["code"] == "request.too_large"
    plain = requests.post(central.url("/push"), data=body, headers=headers, timeout=60)
    assert plain.status_code == 413
    assert plain.json()["error"]["code"] == "request.too_large"
    # The server is fine afterwards.
    assert requests.get(central.url("/health"), timeout=10).status_code == 200


# --------------------------------------------------------------------------- bulk orders

def _shop(central: Central, device: Device) -> dict[str, Any]:
    farmer = farmer_row(device)
    shop = shop_row(device, farmer["id"])
    results = central.push_ok(device, [make_change(device, "farmer", farmer),
                                       make_change(device, "shop", shop)])
    assert [r["status"] for r in results] == ["applied", "applied"]
    return shop


def _batch(device: Device, shop: dict[str, Any], rows: int) -> dict[str, Any]:
    stamp = device.hlc()
    return ImportBatch(station_id=device.station_id, shop_id=shop["id"], created_hlc=stamp,
                       updated_hlc=stamp, field_clock="{}", version=1, file_name="订单.xlsx",
                       file_sha256="ab" * 32, mapping_id="pinduoduo", rows_total=rows,
                       rows_imported=rows, rows_duplicate=0, rows_error=0, imported_by="u",
                       imported_at=datetime(2024, 3, 2, 9, tzinfo=timezone.utc)).model_dump(mode="json")


def test_insert_batch_of_3000_orders(central: Central, station) -> None:
    station_id, _code, device = station
    shop = _shop(central, device)
    batch = _batch(device, shop, 3000)
    orders = order_rows(device, shop["id"], batch["id"], 3000)
    # The batch row travels as its own insert too (services.writes.insert), before the batch.
    central.push_ok(device, [make_change(device, "import_batch", batch)])
    change = make_change(device, "sales_order", {"batch": batch, "rows": orders},
                         op="insert_batch")
    started = time.monotonic()
    answer = central.push(device, [change], compress=True)
    elapsed = time.monotonic() - started
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    assert result["status"] == "applied" and result["server_version"] == 1, result
    assert record_count(central, "sales_order", station_id) == 3000
    assert elapsed < 60
    # Retried: a duplicate; sent again in parts under new keys: nothing doubles.
    assert central.push_ok(device, [change])[0]["status"] == "duplicate"
    extra = order_rows(device, shop["id"], batch["id"], 5)
    part = make_change(device, "sales_order", {"batch": batch, "rows": orders[:100] + extra},
                       op="insert_batch")
    assert central.push_ok(device, [part])[0]["status"] == "applied"
    assert record_count(central, "sales_order", station_id) == 3005
    feed = [c for c in central.pull_all(device, limit=1000) if c["entity"] == "sales_order"]
    assert len(feed) == 3005 and len({c["entity_id"] for c in feed}) == 3005
    assert feed[0]["payload"] == orders[0]


def test_insert_batch_checks_scope_and_rows(central: Central, station) -> None:
    _sid, _code, device = station
    shop = _shop(central, device)
    batch = _batch(device, shop, 2)
    good = order_rows(device, shop["id"], batch["id"], 2)
    other_batch = order_rows(device, shop["id"], str(uuid.uuid4()), 1)
    broken = [{**good[0], "amount_fen": "lots"}]
    missing_shop = _batch(device, {"id": str(uuid.uuid4())}, 1)
    results = central.push_ok(device, [
        make_change(device, "sales_order", {"batch": batch, "rows": good + other_batch},
                    op="insert_batch"),
        make_change(device, "sales_order", {"batch": batch, "rows": broken}, op="insert_batch"),
        make_change(device, "sales_order", {"batch": missing_shop, "rows": []},
                    op="insert_batch"),
        make_change(device, "sales_order", {"batch": batch}, op="insert_batch")])
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert [r["reason"]["code"] for r in results] == [
        "push.validation", "push.validation", "push.missing_parent", "push.validation"]


# --------------------------------------------------------------------------- concurrency

def test_concurrent_pushes_keep_the_feed_gapless(central: Central) -> None:
    """Four devices push at once; the feed read meanwhile never skips a row."""
    devices = []
    for _ in range(4):
        _sid, code = central.new_station()
        devices.append(central.enroll(station_code=code))
    start = _max_seq(central)
    failures: list[str] = []

    def work(device: Device) -> None:
        try:
            for _ in range(5):
                changes = [make_change(device, "farmer", farmer_row(device)) for _ in range(8)]
                results = central.push_ok(device, changes)
                if {r["status"] for r in results} != {"applied"}:
                    failures.append(str(results))
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(repr(exc))

    threads = [threading.Thread(target=work, args=(d,)) for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures
    with central.engine.connect() as conn:
        seqs = conn.execute(select(change_log.c.seq).where(change_log.c.seq > start)
                            .order_by(change_log.c.seq)).scalars().all()
    assert seqs == list(range(start + 1, start + 1 + 160))
    for device in devices:
        assert len([c for c in central.pull_all(device, after=start)
                    if c["entity"] == "farmer"]) == 40


def _max_seq(central: Central) -> int:
    with central.engine.connect() as conn:
        return int(conn.execute(text("SELECT last_seq FROM change_counter")).scalar_one())


def test_a_change_stamped_hours_ahead_is_refused_until_its_time_and_not_cached(
        central: Central) -> None:
    _station_id, code = central.new_station()
    now_ms = int(time.time() * 1000)
    fast = central.enroll(station_code=code, wall_ms=now_ms + 3 * 3600 * 1000)
    row = farmer_row(fast, name="赵明")
    change = make_change(fast, "farmer", row)
    [result] = central.push_ok(fast, [change])
    assert result["status"] == "rejected" and result["reason"]["code"] == "push.clock_ahead"
    assert "3.0 小时" in result["reason"]["zh"] and "3.0 hours" in result["reason"]["en"]
    # Nothing was stored, and the refusal is not remembered under the key: the same change
    # is judged again when it comes back.
    assert admin.record_payload(central.engine, "farmer", row["id"]) is None
    [again] = central.push_ok(fast, [change])
    assert again["status"] == "rejected"
    # Ten minutes ahead (a kiosk clock nobody set) is accepted.
    slightly = central.enroll(station_code=code, wall_ms=now_ms + 10 * 60 * 1000)
    [ok] = central.push_ok(slightly, [make_change(slightly, "farmer",
                                                  farmer_row(slightly, name="钱亮"))])
    assert ok["status"] == "applied"

"""Stations and a REAL central server (``station-central serve`` in its own process).

Two stations A and B (separate database files) enroll with one server; a second device of
A and a branch device enroll too.  Each scenario runs the real client (``SyncEngine``)
against the real server over HTTP.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Callable

import pytest
from sqlmodel import Session, func, select

from station_app.domain.farmers import FarmerInput
from station_app.domain.roles import Role
from station_app.services import auth, farmers, writes
from station_app.services.context import ServiceContext
from station_app.services.errors import LoginFailed
from station_app.store.db import Database
from station_app.store.models import (
    AuditEntry,
    Consent,
    Farmer,
    OutboxEntry,
    Station,
    SyncConflict,
    User,
)
from station_app.sync.credentials import credential_store_for
from station_app.sync.engine import SyncEngine, enroll
from station_app.sync.errors import (
    AuthError,
    DemoStationRefused,
    EnrollCodeInvalid,
    NetworkError,
)


# --------------------------------------------------------------------------- helpers


def _statuses(db: Database) -> dict[str, int]:
    with Session(db.engine) as session:
        return dict(session.exec(select(OutboxEntry.status, func.count())
                                 .group_by(OutboxEntry.status)).all())


def _farmer(db: Database, farmer_id: str) -> Farmer | None:
    with Session(db.engine) as session:
        return session.get(Farmer, farmer_id)


def _engine(db: Database) -> SyncEngine:
    return SyncEngine(db, writer=writes)


@pytest.fixture
def station_a(db: Database, station, central) -> tuple[Database, str]:
    """The template station (its staff made offline) enrolled as a new server station."""
    station_id, code = central.new_station()
    enroll(db, central.base, central.code(station=code))
    return db, station_id


@pytest.fixture
def tutor_a(station_a, tutor_ctx: ServiceContext) -> ServiceContext:
    """A's tutor as logged in after the enrollment (the station id is the server's now;
    the app swaps the logged-in actor the same way)."""
    return ServiceContext(tutor_ctx.db, replace(tutor_ctx.actor, station_id=station_a[1]))


@pytest.fixture
def station_b(open_db, central) -> tuple[Database, str, ServiceContext]:
    db_b = open_db("station-b")
    auth.create_station(db_b, station_name="槐芽镇服务站", station_code="MX-HY-02",
                        province="陕西省", county="眉县", admin_username="admin_b",
                        admin_display_name="周明", admin_password="Admin-b-pass-2024")
    admin_b = auth.login(db_b, "admin_b", "Admin-b-pass-2024")
    auth.create_user(ServiceContext(db_b, admin_b), username="tutor_b", display_name="吴丽",
                     role=Role.TUTOR, password="Tutor-b-pass-2024")
    station_id, code = central.new_station()
    enroll(db_b, central.base, central.code(station=code))
    tutor_b = auth.login(db_b, "tutor_b", "Tutor-b-pass-2024")  # after: the server's station id
    return db_b, station_id, ServiceContext(db_b, tutor_b)


# --------------------------------------------------------------------------- enrollment


def test_enrollment_adopts_the_server_station_and_keeps_the_token_outside_the_db(
        db: Database, station, central, tutor_ctx: ServiceContext,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    local_id = station[0].id
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="赵六"))
    server_station, code = central.new_station()
    issued = central.code(station=code)
    creds = enroll(db, central.base, issued)
    assert creds.station_id == server_station and creds.scope_kind == "station"
    with Session(db.engine) as session:
        stations = list(session.exec(select(Station)))
        farmer = session.get(Farmer, farmer_id)
        users = list(session.exec(select(User)))
        entries = list(session.exec(select(OutboxEntry)))
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "sync_enroll")).one()
    # The server's station row replaced the one made at first start; every local row and
    # every queued change moved to the server's station id.
    assert [(s.id, s.code) for s in stations] == [(server_station, code)]
    assert farmer.station_id == server_station
    assert {u.station_id for u in users} == {server_station}
    assert {e.station_id for e in entries} == {server_station}
    assert all(json.loads(e.payload).get("station_id") in (server_station, None) for e in entries)
    station_entries = [e for e in entries if e.entity == "station"]
    assert station_entries and {e.status for e in station_entries} == {"discarded"}
    assert audit.entity_id == server_station
    # The token lives in a 0600 file beside the encryption key, never in the database.
    store = credential_store_for(db)
    assert stat.S_IMODE(os.stat(store.file_path).st_mode) == 0o600
    assert creds.token not in repr(creds)
    for path in (db.path, Path(str(db.path) + "-wal")):
        if path.exists():
            assert creds.token.encode() not in path.read_bytes()
    assert local_id not in store.file_path.read_text()
    # Everything that was made offline arrives; the code cannot be used twice.
    report = _engine(db).sync_now()
    assert report.push.quarantined == 0
    assert _statuses(db) == {"done": len(entries) - len(station_entries),
                             "discarded": len(station_entries)}
    assert central.record("farmer", farmer_id)["station_id"] == server_station
    with pytest.raises(EnrollCodeInvalid) as caught:
        enroll(db, central.base, issued.lower())
    assert "已经用过" in caught.value.message.zh


def test_a_demo_database_is_refused_before_anything_is_sent(
        db: Database, station, central) -> None:
    with db.session() as session:
        row = session.get(Station, station[0].id)
        row.is_demo = True
        session.add(row)
    _, code = central.new_station()
    issued = central.code(station=code)
    with pytest.raises(DemoStationRefused) as caught:
        enroll(db, central.base, issued)
    assert "演示数据" in caught.value.message.zh
    assert credential_store_for(db).load() is None
    # The code was never sent: nothing was used up on the server.
    from sqlalchemy import text

    with central.engine.connect() as conn:
        used = conn.execute(text("SELECT count(*) FROM enrollment_code WHERE used_at IS NOT NULL"
                                 )).scalar()
    assert used == 0


# --------------------------------------------------------------------------- A and B


def test_a_farmer_registered_offline_at_a_reaches_the_server_and_never_b(
        station_a, station_b, tutor_a: ServiceContext, central,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    db_a, id_a = station_a
    db_b, id_b, tutor_b = station_b
    farmer_a = farmers.register_farmer(tutor_a, valid_farmer_input(name="张三"))
    farmer_b = farmers.register_farmer(tutor_b, valid_farmer_input(name="李四"))
    assert central.record("farmer", farmer_a) is None  # offline so far
    report_a = _engine(db_a).sync_now()
    report_b = _engine(db_b).sync_now()
    assert report_a.push.applied > 0 and report_b.push.applied > 0
    on_server = central.record("farmer", farmer_a)
    assert on_server["name"] == "张三" and on_server["station_id"] == id_a
    assert central.record("farmer", farmer_b)["station_id"] == id_b
    # Sync again: B never receives A's farmer (nor A B's), and nothing is left to send.
    _engine(db_a).sync_now()
    _engine(db_b).sync_now()
    assert _farmer(db_b, farmer_a) is None
    assert _farmer(db_a, farmer_b) is None
    with Session(db_b.engine) as session:
        assert session.exec(select(func.count()).select_from(Farmer)
                            .where(Farmer.station_id == id_a)).one() == 0
    assert _statuses(db_a).get("pending", 0) == 0
    status = _engine(db_a).status()
    assert status.online is None or status.online  # a fresh engine has not checked yet
    assert status.pending == 0 and status.last_success is not None


def test_staff_made_by_the_central_admin_sync_down_and_can_log_in_offline(
        station_a, central) -> None:
    from station_app.central import admin

    db_a, id_a = station_a
    code = next(s["code"] for s in admin.list_stations(central.engine) if s["id"] == id_a)
    admin.create_user(central.engine, station_code=code, username="newtutor",
                      display_name="新辅导员", role="tutor", password="Newtutor-pass-2024")
    report = _engine(db_a).sync_now()
    assert report.pull.inserted >= 1
    with Session(db_a.engine) as session:
        pulled = [e for e in session.exec(select(OutboxEntry))
                  if json.loads(e.payload).get("username") == "newtutor"]
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "sync_pull",
                                                      AuditEntry.entity == "user_account")).all()
    assert pulled == []  # pulled rows never create outbox entries
    assert audit
    actor = auth.login(db_a, "newtutor", "Newtutor-pass-2024")  # no network needed
    assert actor.station_id == id_a and actor.role is Role.TUTOR


# --------------------------------------------------------------------------- conflicts


@pytest.fixture
def second_device_of_a(station_a, open_db, central) -> Database:
    """Another computer of station A: a fresh database enrolled to the same station."""
    from station_app.central import admin

    _, id_a = station_a
    code = next(s["code"] for s in admin.list_stations(central.engine) if s["id"] == id_a)
    db_a2 = open_db("station-a-second")
    enroll(db_a2, central.base, central.code(station=code))
    return db_a2


def _edit(db: Database, farmer_id: str, actor, **values) -> None:
    with db.session() as session:
        farmer = session.get(Farmer, farmer_id)
        writes.update(session, db, actor, farmer, values, base_version=farmer.version)


def test_edits_at_two_devices_merge_per_field_and_keep_mine_reverses_the_loss(
        station_a, second_device_of_a, tutor_a: ServiceContext, central,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    db_a, _ = station_a
    db_a2 = second_device_of_a
    farmer_id = farmers.register_farmer(tutor_a, valid_farmer_input(
        name="王芳", notes="", address_detail="3组12号", household_size=4))
    _engine(db_a).sync_now()
    _engine(db_a2).sync_now()
    assert _farmer(db_a2, farmer_id).name == "王芳"
    tutor = tutor_a.actor
    # Offline, A edits the notes and the household size; later A2 edits the notes and the
    # address.  A2 syncs first.
    _edit(db_a, farmer_id, tutor, notes="A：已核实网店", household_size=5)
    _edit(db_a2, farmer_id, None, notes="A2：电话回访过", address_detail="4组1号")
    engine_a2 = _engine(db_a2)
    engine_a2.sync_now()
    engine_a = _engine(db_a)
    report = engine_a.sync_now()
    assert report.push.merged == 1 and report.push.conflicts == 1
    merged = _farmer(db_a, farmer_id)
    # Per field: the later notes (A2) win; A's household size and A2's address both stay.
    assert (merged.notes, merged.household_size, merged.address_detail) == (
        "A2：电话回访过", 5, "4组1号")
    server = central.record("farmer", farmer_id)
    assert (server["notes"], server["household_size"], server["address_detail"]) == (
        "A2：电话回访过", 5, "4组1号")
    [conflict] = engine_a.conflicts()
    assert (conflict.field, conflict.lost_side) == ("notes", "local")
    assert json.loads(conflict.lost_value) == "A：已核实网店"
    assert json.loads(conflict.kept_value) == "A2：电话回访过"
    assert conflict.lost_hlc < conflict.kept_hlc
    # The merged row came back without a new outbox entry.
    assert _statuses(db_a).get("pending", 0) == 0
    # "Keep mine" writes A's value again with a fresh stamp; it wins everywhere.
    assert engine_a.resolve_conflict(conflict.id, "mine", tutor) is True
    assert _farmer(db_a, farmer_id).notes == "A：已核实网店"
    engine_a.sync_now()
    engine_a2.sync_now()
    assert central.record("farmer", farmer_id)["notes"] == "A：已核实网店"
    assert _farmer(db_a2, farmer_id).notes == "A：已核实网店"
    assert _farmer(db_a2, farmer_id).household_size == 5
    assert engine_a.conflicts() == []
    assert engine_a.status().conflicts == 0


def test_a_station_whose_value_a_later_concurrent_edit_overwrote_sees_the_loss(
        station_a, second_device_of_a, tutor_a: ServiceContext, central,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    db_a, _ = station_a
    db_a2 = second_device_of_a
    farmer_id = farmers.register_farmer(tutor_a, valid_farmer_input(name="周平", notes=""))
    engine_a, engine_a2 = _engine(db_a), _engine(db_a2)
    engine_a.sync_now()
    engine_a2.sync_now()
    # Both edit the notes offline; A's edit is older but reaches the server first.
    _edit(db_a, farmer_id, tutor_a.actor, notes="A：先写的")
    _edit(db_a2, farmer_id, None, notes="A2：后写的")
    engine_a.sync_now()
    report = engine_a2.sync_now()  # stale base, newer stamp: A2's value wins on the server
    assert report.push.merged == 1
    assert engine_a2.conflicts() == []  # A2 lost nothing
    engine_a.sync_now()
    assert _farmer(db_a, farmer_id).notes == "A2：后写的"
    [conflict] = engine_a.conflicts()
    assert (conflict.field, conflict.lost_side) == ("notes", "local")
    assert json.loads(conflict.lost_value) == "A：先写的"
    assert json.loads(conflict.kept_value) == "A2：后写的"
    # A's person keeps A's value after all; it travels to A2.
    assert engine_a.resolve_conflict(conflict.id, "mine", tutor_a.actor) is True
    engine_a.sync_now()
    engine_a2.sync_now()
    assert _farmer(db_a2, farmer_id).notes == "A：先写的"
    assert engine_a.conflicts() == []


def test_a_pulled_change_merges_with_an_unsent_local_edit(
        station_a, second_device_of_a, tutor_a: ServiceContext, central,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    db_a, _ = station_a
    db_a2 = second_device_of_a
    farmer_id = farmers.register_farmer(tutor_a, valid_farmer_input(name="刘洋", notes=""))
    engine_a2 = _engine(db_a2)
    _engine(db_a).sync_now()
    engine_a2.sync_now()
    # A2 changes the farmer twice (server version 3); A once, not sent yet (local version 2).
    _edit(db_a2, farmer_id, None, address_detail="新地址 8 号")
    _edit(db_a2, farmer_id, None, household_size=6)
    engine_a2.sync_now()
    _edit(db_a, farmer_id, tutor_a.actor, notes="本机未发送的备注")
    engine_a = _engine(db_a)
    outcome = engine_a.pull_once()  # the pull comes before A's push
    assert outcome.merged == 1
    local = _farmer(db_a, farmer_id)
    assert (local.address_detail, local.household_size, local.notes) == (
        "新地址 8 号", 6, "本机未发送的备注")
    assert local.version == 3  # the server's version; A's entry still says base 1
    assert _statuses(db_a)["pending"] == 1  # A's edit is still to be sent, no new entry
    report = engine_a.sync_now()
    assert report.push.merged == 1  # as §4 says: the push comes back merged
    server = central.record("farmer", farmer_id)
    assert (server["address_detail"], server["household_size"], server["notes"]) == (
        "新地址 8 号", 6, "本机未发送的备注")
    assert engine_a.conflicts() == []  # different fields: no conflict
    engine_a2.sync_now()
    assert _farmer(db_a2, farmer_id).notes == "本机未发送的备注"


def test_two_devices_of_one_station_never_share_an_idempotency_key(
        station_a, second_device_of_a, tutor_a: ServiceContext,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    db_a, _ = station_a
    db_a2 = second_device_of_a
    farmer_id = farmers.register_farmer(tutor_a, valid_farmer_input(name="孙七", notes=""))
    _engine(db_a).sync_now()  # keys <A>:<device A>:1 … (the station's row is never sent)
    engine_a2 = _engine(db_a2)
    engine_a2.sync_now()
    _edit(db_a2, farmer_id, None, notes="第一次")
    _edit(db_a2, farmer_id, None, notes="第二次")  # seq 2 at A2 as well as at A
    report = engine_a2.sync_now()
    assert report.push.quarantined == 0, [e.last_error for e in engine_a2.quarantined()]


# --------------------------------------------------------------------------- crash mid-push


def test_a_client_killed_after_the_server_applied_applies_nothing_twice(
        station_a, tutor_a: ServiceContext, central, monkeypatch,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    db_a, _ = station_a
    ids = [farmers.register_farmer(tutor_a, valid_farmer_input(name=n)) for n in ("甲一", "乙二", "丙三")]
    engine = _engine(db_a)

    class Killed(BaseException):
        pass

    def die(*_args, **_kwargs):
        raise Killed()  # the server answered; the process dies before marking anything done

    monkeypatch.setattr(engine, "_apply_push_results", die)
    with pytest.raises(Killed):
        engine.sync_now()
    assert "done" not in _statuses(db_a)
    assert all(central.record("farmer", i) is not None for i in ids)  # the server has them
    before = {i: central.change_count(i) for i in ids}
    # The app starts again (a new engine) and syncs: every change comes back "duplicate".
    report = _engine(db_a).sync_now()
    assert report.push.duplicate == report.push.sent and report.push.applied == 0
    assert {i: central.change_count(i) for i in ids} == before == {i: 1 for i in ids}
    assert all(central.record("farmer", i)["version"] == 1 for i in ids)
    assert set(_statuses(db_a)) <= {"done", "discarded"}


# --------------------------------------------------------------------------- quarantine


def test_a_rejected_record_is_quarantined_its_dependants_wait_and_others_go(
        station_a, tutor_a: ServiceContext, central,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    db_a, id_a = station_a
    engine = _engine(db_a)
    engine.sync_now()
    # A farmer the server refuses (its id is not a UUID), with a consent pointing at it,
    # then an unrelated farmer.
    good_first = farmers.register_farmer(tutor_a, valid_farmer_input(name="先来"))
    bad_id = "not-a-uuid-farmer"
    with db_a.session() as session:
        source = session.get(Farmer, good_first)
        data = source.model_dump(exclude={"id"})
        data.update(resident_id_hash="f" * 64, name="坏记录")
        bad = Farmer(id=bad_id, **data)
        writes.insert(session, db_a, tutor_a.actor, bad)
        consent = Consent(station_id=id_a, farmer_id=bad_id, scopes="basic",
                          granted_at=writes.utcnow(), staff_user_id=tutor_a.actor.user_id,
                          staff_name="王芳", created_hlc="", updated_hlc="")
        writes.insert(session, db_a, tutor_a.actor, consent)
    good_after = farmers.register_farmer(tutor_a, valid_farmer_input(name="后到"))
    report = engine.sync_now()
    assert report.push.quarantined == 1
    [entry] = engine.quarantined()
    assert entry.entity_id == bad_id
    reason = json.loads(entry.last_error)
    assert reason["code"] == "push.validation" and reason["zh"]
    assert central.record("farmer", good_first) and central.record("farmer", good_after)
    assert central.record("consent", consent.id) is None
    with Session(db_a.engine) as session:
        waiting = session.get(OutboxEntry, session.exec(
            select(OutboxEntry.seq).where(OutboxEntry.entity_id == consent.id)).one())
    assert waiting.status == "pending"  # held back, not quarantined on its own
    # Held back on the next syncs too: it is never sent while its farmer is quarantined.
    sent_before = waiting.attempts
    engine.sync_now()
    with Session(db_a.engine) as session:
        assert session.get(OutboxEntry, waiting.seq).attempts == sent_before
    status = engine.status()
    assert (status.quarantined, status.pending) == (1, 1)
    # Retrying does not help (the record is still bad): quarantined again.
    engine.retry(entry)
    engine.sync_now()
    assert [e.entity_id for e in engine.quarantined()] == [bad_id]
    # Discarding it releases the consent, which the server then refuses on its own.
    engine.discard(entry, tutor_a.actor, reason="测试：无效记录")
    engine.sync_now()
    assert [(e.entity_id, json.loads(e.last_error)["code"]) for e in engine.quarantined()] == [
        (consent.id, "push.missing_parent")]


# --------------------------------------------------------------------------- branch


def test_a_branch_decision_travels_back_to_the_station(
        db: Database, station, open_db, central,
        staff_passwords: dict[str, str]) -> None:
    branch = central.new_branch()
    id_a, code_a = central.new_station(branch=branch)
    enroll(db, central.base, central.code(station=code_a))
    _engine(db).sync_now()
    # The branch's computer sees station A's rows after its first sync.
    db_branch = open_db("branch")
    creds = enroll(db_branch, central.base, central.code(branch=branch))
    assert creds.scope_kind == "branch" and id_a in creds.station_ids
    branch_engine = _engine(db_branch)
    branch_engine.sync_now()
    with Session(db_branch.engine) as session:
        tutor = session.exec(select(User).where(User.username == "tutor")).one()
        farmers_seen = session.exec(select(func.count()).select_from(Farmer)).one()
    assert tutor.station_id == id_a and tutor.active
    # A decision field (user_account.active) changed at the branch travels to the station.
    with db_branch.session() as session:
        tutor = session.get(User, tutor.id)
        writes.update(session, db_branch, None, tutor, {"active": False},
                      base_version=tutor.version)
    report = branch_engine.sync_now()
    assert report.push.applied == 1 and report.push.quarantined == 0
    assert central.record("user_account", tutor.id)["active"] is False
    _engine(db).sync_now()
    with Session(db.engine) as session:
        assert session.get(User, tutor.id).active is False
    with pytest.raises(LoginFailed):
        auth.login(db, "tutor", staff_passwords["tutor"])
    assert farmers_seen >= 0


# --------------------------------------------------------------------------- revocation


def test_a_revoked_device_gets_a_plain_auth_error(station_a, central) -> None:
    from station_app.central import admin

    db_a, _ = station_a
    engine = _engine(db_a)
    engine.sync_now()
    assert admin.revoke_device(central.engine, db_a.device_id)
    with pytest.raises(AuthError) as caught:
        engine.sync_now()
    assert "重新" in caught.value.message.zh
    with Session(db_a.engine) as session:
        assert session.exec(select(func.count()).select_from(SyncConflict)).one() == 0


# --------------------------------------------------------------------------- order imports


def test_an_order_import_travels_as_one_batch_and_a_resend_is_a_duplicate(
        station_a, tutor_a: ServiceContext, central, monkeypatch,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    from datetime import date

    from station_app import paths
    from station_app.services import sales_import, shops
    from station_app.store.models import SalesOrder

    db_a, _ = station_a
    farmer_id = farmers.register_farmer(tutor_a, valid_farmer_input(name="李秀英"))
    shop_id = shops.create_shop(tutor_a, farmer_id, platform="pinduoduo",
                                shop_name="秀英家猕猴桃", opened_on=date(2024, 3, 1))
    preview = sales_import.preview_import(
        tutor_a, shop_id, paths.resources_dir() / "samples" / "pinduoduo-orders.csv")
    result = sales_import.commit_import(tutor_a, preview)
    engine = _engine(db_a)

    class Killed(BaseException):
        pass

    real_apply = engine._apply_push_results
    calls = []

    def die_on_the_batch(batch, changes, results):
        if any(c["op"] == "insert_batch" for c in changes) and not calls:
            calls.append(1)
            raise Killed()
        return real_apply(batch, changes, results)

    monkeypatch.setattr(engine, "_apply_push_results", die_on_the_batch)
    with pytest.raises(Killed):
        engine.sync_now()
    with Session(db_a.engine) as session:
        entry = session.exec(select(OutboxEntry).where(OutboxEntry.op == "insert_batch")).one()
        orders = session.exec(select(func.count()).select_from(SalesOrder)).one()
    body = json.loads(entry.payload)
    assert body["batch"]["id"] == result.batch_id and len(body["rows"]) == orders == 40
    report = engine.sync_now()  # the same body again: duplicate, applied once
    assert report.push.duplicate >= 1 and report.push.quarantined == 0
    assert central.record("import_batch", result.batch_id)["shop_id"] == shop_id
    order_ids = [row["id"] for row in body["rows"]]
    assert all(central.change_count(i) == 1 for i in order_ids)
    assert _statuses(db_a).get("pending", 0) == 0


def test_parts_of_a_large_import_are_sent_one_request_each_and_resent_as_duplicates(
        station_a, tutor_a: ServiceContext, central, monkeypatch,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    from datetime import date

    from station_app import paths
    from station_app.services import sales_import, shops
    from station_app.sync import client as client_module
    from station_app.sync import protocol

    db_a, _ = station_a
    farmer_id = farmers.register_farmer(tutor_a, valid_farmer_input(name="李秀英"))
    shop_id = shops.create_shop(tutor_a, farmer_id, platform="pinduoduo",
                                shop_name="秀英家猕猴桃", opened_on=date(2024, 3, 1))
    engine = _engine(db_a)
    engine.sync_now()
    preview = sales_import.preview_import(
        tutor_a, shop_id, paths.resources_dir() / "samples" / "pinduoduo-orders.csv")
    result = sales_import.commit_import(tutor_a, preview)
    monkeypatch.setattr(protocol, "MAX_BATCH_BYTES", 6000)  # 40 orders ≈ 20 kB → parts
    sent: list[list[str]] = []
    real_push = client_module.SyncClient.push

    def recording_push(self, device_id, changes):
        sent.append([c["key"] for c in changes])
        if len(sent) == 3:  # the batch row went, then one part; the line drops at the next
            raise NetworkError()
        return real_push(self, device_id, changes)

    monkeypatch.setattr(client_module.SyncClient, "push", recording_push)
    with pytest.raises(NetworkError):
        engine.sync_now()
    part_keys = [keys for keys in sent if any("/" in k for k in keys)]
    assert len(part_keys) == 2 and all(len(keys) == 1 for keys in part_keys)  # one per request
    assert part_keys[0][0].endswith("/1") and part_keys[1][0].endswith("/2")
    monkeypatch.setattr(client_module.SyncClient, "push", real_push)
    report = engine.sync_now()
    assert report.push.quarantined == 0 and report.push.applied == 1
    assert _statuses(db_a).get("pending", 0) == 0
    with Session(db_a.engine) as session:
        entry = session.exec(select(OutboxEntry).where(OutboxEntry.op == "insert_batch")).one()
    rows = json.loads(entry.payload)["rows"]
    assert len(rows) == 40
    assert all(central.change_count(r["id"]) == 1 for r in rows)
    assert central.record("import_batch", result.batch_id)["rows_imported"] == 40


# --------------------------------------------------------------------------- pulled clashes


def test_a_pulled_row_that_clashes_locally_is_logged_and_the_feed_goes_on(
        station_a, admin_ctx: ServiceContext, central, tmp_path: Path) -> None:
    """The county's crop calendar (a shared catalogue row) arrives at a station that edited
    its own calendar: one live calendar per kind is the rule here, so the pulled row cannot
    be stored.  It goes to the conflict log; the rest of the feed is applied."""
    from station_app.central import admin
    from station_app.domain.crops import dump_calendar
    from station_app.services import reference
    from station_app.store.models import ReferenceDoc

    db_a, id_a = station_a
    ctx = ServiceContext(db_a, replace(admin_ctx.actor, station_id=id_a))
    local = dump_calendar(reference.shipped_calendar())
    local["version"] = local["version"] + 1
    reference.save_calendar(ctx, local)
    county = dump_calendar(reference.shipped_calendar())
    county["version"] = county["version"] + 5
    path = tmp_path / "county-calendar.json"
    path.write_text(json.dumps(county, ensure_ascii=False), encoding="utf-8")
    shared_id, _ = admin.load_catalogue(central.engine, "crop_calendar", path)
    code = next(s["code"] for s in admin.list_stations(central.engine) if s["id"] == id_a)
    admin.create_user(central.engine, station_code=code, username="after_clash",
                      display_name="后来的人", role="tutor", password="After-clash-2024")
    engine = _engine(db_a)
    report = engine.sync_now()
    assert report.pull.conflicts == 1
    [conflict] = engine.conflicts()
    assert (conflict.entity, conflict.entity_id, conflict.field) == ("reference_doc", shared_id, "*")
    assert json.loads(conflict.lost_value)["doc_version"] == county["version"]
    with Session(db_a.engine) as session:
        live = session.exec(select(ReferenceDoc).where(ReferenceDoc.deleted == False)).all()  # noqa: E712
        assert [(r.station_id, r.doc_version) for r in live] == [(id_a, local["version"])]
        assert session.exec(select(User).where(User.username == "after_clash")).first()
    assert engine.sync_now().pull.received == 0  # the cursor moved past it
    assert engine.resolve_conflict(conflict.id, "mine", ctx.actor) is False
    assert engine.conflicts() == []

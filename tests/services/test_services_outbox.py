"""Transactional outbox (SYNC.md invariant 2) and versions (invariant 4) on real writes."""

from __future__ import annotations

import json
from typing import Callable

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from station_app.domain.farmers import FarmerInput
from station_app.services import farmers, writes
from station_app.services.context import ServiceContext
from station_app.services.errors import DuplicateFarmer, StaleVersion
from station_app.services.farmer_search import FarmerSearch
from station_app.store.db import Database
from station_app.store.models import AuditEntry, Consent, Farmer, OutboxEntry


class Boom(Exception):
    pass


def _count(db: Database, model: type) -> int:
    with Session(db.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _counts(db: Database) -> dict[str, int]:
    return {m.__name__: _count(db, m) for m in (Farmer, Consent, OutboxEntry, AuditEntry)}


def _outbox(db: Database, entity_id: str) -> list[OutboxEntry]:
    with Session(db.engine) as session:
        return list(session.exec(select(OutboxEntry).where(OutboxEntry.entity_id == entity_id)
                                 .order_by(OutboxEntry.seq)))


def _audit(db: Database, entity_id: str) -> list[AuditEntry]:
    with Session(db.engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.entity_id == entity_id)
                                 .order_by(AuditEntry.seq)))


def _farmer(db: Database, farmer_id: str) -> Farmer:
    with Session(db.engine) as session:
        farmer = session.get(Farmer, farmer_id)
        assert farmer is not None
        return farmer


def test_a_new_village_joins_the_station_list_once(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    from station_app.store.models import Village

    for _ in range(2):
        farmers.register_farmer(tutor_ctx, valid_farmer_input(village="新建村", township="齐镇"))
    with Session(db.engine) as session:
        rows = session.exec(select(Village).where(Village.name == "新建村")).all()
    assert [(v.township, v.version) for v in rows] == [("齐镇", 1)]
    assert [r.op for r in _outbox(db, rows[0].id)] == ["insert"]


def _new_farmer(ctx: ServiceContext, inp: FarmerInput) -> Farmer:
    """A Farmer row ready for writes.insert, built the way register_farmer builds it."""
    cipher = ctx.db.cipher
    assert ctx.actor is not None
    rid, phone = str(inp.resident_id), str(inp.phone)
    return Farmer(
        station_id=ctx.actor.station_id, created_hlc="", updated_hlc="", name=inp.name,
        gender=inp.gender, birth_date=inp.birth_date,
        resident_id_cipher=cipher.encrypt(rid, context="farmer.resident_id"),
        resident_id_hash=cipher.blind_index(rid, kind="resident_id"),
        resident_id_masked=rid[:6] + "*" * 8 + rid[-4:], resident_id_last4=rid[-4:],
        phone_cipher=cipher.encrypt(phone, context="farmer.phone"),
        phone_hash=cipher.blind_index(phone, kind="phone"),
        phone_masked=phone[:3] + "****" + phone[-4:], phone_last4=phone[-4:],
        village=inp.village,
    )


def test_registration_writes_farmer_consent_outbox_and_audit_together(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    # The first farmer of a village also adds the village to the station's list (one more
    # outbox row); the second farmer of the same village writes exactly farmer + consent.
    farmers.register_farmer(tutor_ctx, valid_farmer_input(village="东河村"))
    before = _counts(db)
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(village="东河村"))
    after = _counts(db)
    assert after["Farmer"] - before["Farmer"] == 1
    assert after["Consent"] - before["Consent"] == 1
    assert after["OutboxEntry"] - before["OutboxEntry"] == 2

    farmer_rows = _outbox(db, farmer_id)
    assert len(farmer_rows) == 1
    row = farmer_rows[0]
    assert (row.entity, row.op, row.base_version, row.version, row.status) == (
        "farmer", "insert", 0, 1, "pending")
    farmer = _farmer(db, farmer_id)
    assert row.hlc == farmer.updated_hlc == farmer.created_hlc
    assert row.station_id == farmer.station_id == tutor_ctx.actor.station_id  # type: ignore[union-attr]
    payload = json.loads(row.payload)
    assert payload["id"] == farmer_id and payload["version"] == 1
    assert payload["resident_id_cipher"] == farmer.resident_id_cipher

    with Session(db.engine) as session:
        consent = session.exec(select(Consent).where(Consent.farmer_id == farmer_id)).one()
    consent_rows = _outbox(db, consent.id)
    assert [(r.entity, r.op, r.base_version, r.version) for r in consent_rows] == [
        ("consent", "insert", 0, 1)]
    assert consent.scopes == "basic,sensitive"
    assert consent.staff_user_id == tutor_ctx.actor.user_id  # type: ignore[union-attr]

    # The farmer's seq comes before its consent's: the server applies them in order.
    assert row.seq is not None and consent_rows[0].seq is not None
    assert row.seq < consent_rows[0].seq

    assert [a.action for a in _audit(db, farmer_id)] == ["create"]
    assert [a.action for a in _audit(db, consent.id)] == ["create"]
    assert after["AuditEntry"] - before["AuditEntry"] == 2


def test_exception_before_commit_leaves_nothing(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    before = _counts(db)
    farmer = _new_farmer(tutor_ctx, valid_farmer_input())
    with pytest.raises(Boom):
        with db.session() as session:
            writes.insert(session, db, tutor_ctx.actor, farmer)
            # The insert has been flushed: row, outbox and audit exist inside the transaction.
            assert session.exec(select(func.count()).select_from(OutboxEntry)
                                .where(OutboxEntry.entity_id == farmer.id)).one() == 1
            raise Boom("power cut between the farmer and its consent")
    assert _counts(db) == before
    assert _outbox(db, farmer.id) == []
    assert _audit(db, farmer.id) == []


def test_database_error_midway_rolls_back_the_earlier_writes(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    before = _counts(db)
    actor = tutor_ctx.actor
    assert actor is not None
    farmer = _new_farmer(tutor_ctx, valid_farmer_input())
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        with db.session() as session:
            writes.insert(session, db, actor, farmer)
            # A consent pointing at a farmer that does not exist: the foreign key fails.
            writes.insert(session, db, actor, Consent(
                station_id=actor.station_id, farmer_id="no-such-farmer", scopes="basic",
                granted_at=writes.utcnow(), staff_user_id=actor.user_id,
                staff_name=actor.display_name, created_hlc="", updated_hlc=""))
    assert _counts(db) == before
    assert _outbox(db, farmer.id) == []


def test_duplicate_registration_writes_nothing(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    inp = valid_farmer_input()
    farmers.register_farmer(tutor_ctx, inp)
    before = _counts(db)
    with pytest.raises(DuplicateFarmer):
        farmers.register_farmer(tutor_ctx, valid_farmer_input(resident_id=inp.resident_id))
    assert _counts(db) == before


def test_update_bumps_version_and_queues_update_with_base_version(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    inp = valid_farmer_input(name="张三")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    edit, version = farmers.input_for_edit(tutor_ctx, farmer_id)
    assert version == 1
    edit.name = "张三丰"
    edit.household_size = 6
    changes = farmers.update_farmer(tutor_ctx, farmer_id, edit, base_version=version)
    assert changes == writes.Changes("farmer", (farmer_id,), "update")

    farmer = _farmer(db, farmer_id)
    assert farmer.version == 2
    assert farmer.name == "张三丰" and farmer.household_size == 6
    assert farmer.updated_hlc > farmer.created_hlc
    clocks = writes.field_clocks(farmer)
    assert clocks["name"] == clocks["household_size"] == farmer.updated_hlc
    assert clocks["village"] == farmer.created_hlc  # untouched fields keep their clock

    rows = _outbox(db, farmer_id)
    assert [(r.op, r.base_version, r.version) for r in rows] == [("insert", 0, 1),
                                                                  ("update", 1, 2)]
    assert rows[1].hlc == farmer.updated_hlc
    assert json.loads(rows[1].payload)["name"] == "张三丰"
    audits = _audit(db, farmer_id)
    assert [a.action for a in audits] == ["create", "update"]
    assert json.loads(audits[1].changes)["name"] == ["张三", "张三丰"]


def test_update_without_changes_writes_nothing(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input())
    edit, version = farmers.input_for_edit(tutor_ctx, farmer_id)
    before = _counts(db)
    assert farmers.update_farmer(tutor_ctx, farmer_id, edit, base_version=version) is None
    assert _counts(db) == before
    assert _farmer(db, farmer_id).version == 1


def test_stale_base_version_raises_and_writes_nothing(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="张三"))
    first, version = farmers.input_for_edit(tutor_ctx, farmer_id)
    second, _ = farmers.input_for_edit(specialist_ctx, farmer_id)
    first.notes = "第一次修改"
    farmers.update_farmer(tutor_ctx, farmer_id, first, base_version=version)
    before = _counts(db)
    snapshot = _farmer(db, farmer_id)

    second.notes = "另一个窗口的修改"
    with pytest.raises(StaleVersion):
        farmers.update_farmer(specialist_ctx, farmer_id, second, base_version=version)
    assert _counts(db) == before
    after = _farmer(db, farmer_id)
    assert after.notes == "第一次修改" and after.version == 2
    assert after.updated_hlc == snapshot.updated_hlc
    # A stale delete is refused the same way.
    with pytest.raises(StaleVersion):
        farmers.delete_farmer(specialist_ctx, farmer_id, base_version=1, reason="测试")
    assert _counts(db) == before


def test_soft_delete_queues_delete_and_hides_from_search(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    keep = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="张三"))
    gone_input = valid_farmer_input(name="张三丰")
    gone = farmers.register_farmer(tutor_ctx, gone_input)
    search = FarmerSearch(db)
    try:
        assert {r.id for r in search.search("张三")} == {keep, gone}
        farmers.delete_farmer(specialist_ctx, gone, base_version=1, reason="重复登记")
        assert [r.id for r in search.search("张三")] == [keep]
        assert search.search(str(gone_input.resident_id)) == []
        assert search.search(str(gone_input.phone)) == []
        assert gone not in {r.id for r in search.search("")}
        assert search.count() == 1
    finally:
        search.close()

    farmer = _farmer(db, gone)  # the row stays, flagged
    assert farmer.deleted is True and farmer.version == 2
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT deleted FROM farmer WHERE id = ?",
                                    (gone,)).scalar() == 1
    rows = _outbox(db, gone)
    assert [(r.op, r.base_version, r.version) for r in rows] == [("insert", 0, 1),
                                                                  ("delete", 1, 2)]
    assert json.loads(rows[-1].payload)["deleted"] is True
    audits = _audit(db, gone)
    assert [a.action for a in audits] == ["create", "delete", "delete_reason"]
    assert json.loads(audits[-1].changes) == {"reason": "重复登记"}


def test_two_writers_on_one_version_one_wins_one_is_told(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    """Two clerks (or a clerk and the sync) save the same farmer from version 1 at once."""
    import threading

    from station_app.services.errors import StaleVersion

    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="张三"))
    results: list[object] = []
    start = threading.Barrier(2)

    def edit(household: int) -> None:
        edit_input, version = farmers.input_for_edit(tutor_ctx, farmer_id)
        edit_input.household_size = household
        start.wait()
        try:
            farmers.update_farmer(tutor_ctx, farmer_id, edit_input, base_version=version)
            results.append("saved")
        except StaleVersion:
            results.append("stale")

    threads = [threading.Thread(target=edit, args=(n,)) for n in (5, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["saved", "stale"]
    assert [(r.op, r.base_version, r.version) for r in _outbox(db, farmer_id)] == [
        ("insert", 0, 1), ("update", 1, 2)]

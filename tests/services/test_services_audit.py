"""Audit log: every write is attributed, sensitive values stay out, clocks only move forward."""

from __future__ import annotations

import json
from typing import Callable

from sqlmodel import Session, select

from station_app.domain.farmers import FarmerInput
from station_app.domain.hlc import HLCTimestamp
from station_app.services import farmers
from station_app.services.context import ServiceContext
from station_app.store.db import Database, open_database
from station_app.store.models import AuditEntry, Farmer, OutboxEntry


def _all_audit(db: Database) -> list[AuditEntry]:
    with Session(db.engine) as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.seq)))


def _all_outbox(db: Database) -> list[OutboxEntry]:
    with Session(db.engine) as session:
        return list(session.exec(select(OutboxEntry).order_by(OutboxEntry.seq)))


def _workload(
    tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    make_input: Callable[..., FarmerInput],
) -> tuple[list[str], list[str]]:
    """Register, edit (incl. new phone and card), reveal, delete; returns (ids, secrets)."""
    inputs = [make_input(name="张三"), make_input(name="李四", gender="female")]
    ids = [farmers.register_farmer(tutor_ctx, inp) for inp in inputs]
    fresh = make_input()
    edit, version = farmers.input_for_edit(tutor_ctx, ids[0])
    edit.phone, edit.bank_card, edit.notes = fresh.phone, fresh.bank_card, "换了手机号"
    farmers.update_farmer(tutor_ctx, ids[0], edit, base_version=version)
    edit2, version2 = farmers.input_for_edit(tutor_ctx, ids[1])
    edit2.resident_id = inputs[1].resident_id  # retyped, unchanged
    edit2.address_detail = "5组1号"
    farmers.update_farmer(tutor_ctx, ids[1], edit2, base_version=version2)
    for field in ("resident_id", "phone", "bank_card"):
        farmers.reveal(specialist_ctx, ids[1], field, purpose="贷款核对")
    farmers.delete_farmer(specialist_ctx, ids[1], base_version=version2 + 1, reason="测试删除")
    secrets = []
    for inp in [*inputs, fresh]:
        secrets += [str(inp.resident_id), str(inp.phone), str(inp.bank_card)]
    return ids, secrets


def test_every_write_has_an_attributed_audit_row(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    first_seq = len(_all_outbox(db))
    first_audit = len(_all_audit(db))
    _workload(tutor_ctx, specialist_ctx, valid_farmer_input)
    outbox = _all_outbox(db)[first_seq:]
    audits = _all_audit(db)[first_audit:]
    assert outbox and audits
    users = {tutor_ctx.actor.user_id: tutor_ctx.actor.username,  # type: ignore[union-attr]
             specialist_ctx.actor.user_id: specialist_ctx.actor.username}  # type: ignore[union-attr]
    for entry in audits:
        assert entry.user_id in users and entry.username == users[entry.user_id]
        assert entry.action and entry.entity and entry.entity_id
        assert entry.station_id == tutor_ctx.actor.station_id  # type: ignore[union-attr]
        assert entry.at is not None and entry.hlc
    # Each outbox change is matched by an audit row for the same record and action.
    op_to_action = {"insert": {"create"}, "update": {"update"}, "delete": {"delete"}}
    for change in outbox:
        matching = [a for a in audits if a.entity == change.entity
                    and a.entity_id == change.entity_id and a.action in op_to_action[change.op]]
        assert matching, f"no audit row for {change.op} {change.entity} {change.entity_id}"
    assert [a.user_id for a in audits if a.action == "create" and a.entity == "farmer"] == [
        tutor_ctx.actor.user_id] * 2  # type: ignore[union-attr]


def test_station_setup_is_audited(db: Database, station: tuple) -> None:
    st, admin = station
    audits = _all_audit(db)
    actions = {(a.action, a.entity, a.entity_id) for a in audits}
    assert ("create", "station", st.id) in actions
    assert ("create", "user_account", admin.id) in actions
    assert ("station_setup", "station", st.id) in actions
    user_audit = next(a for a in audits if a.entity_id == admin.id and a.action == "create")
    changes = json.loads(user_audit.changes)
    assert admin.password_hash not in user_audit.changes
    assert changes["password_hash"] == [None, "(已加密/encrypted)"]


def test_audit_never_holds_plaintext_sensitive_values(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    _ids, secrets = _workload(tutor_ctx, specialist_ctx, valid_farmer_input)
    audits = _all_audit(db)
    with Session(db.engine) as session:
        ciphertexts = [f.resident_id_cipher for f in session.exec(select(Farmer))]
    for entry in audits:
        text = entry.changes + entry.username + entry.entity_id
        for secret in secrets:
            assert secret not in text, f"{secret} in audit {entry.action}: {entry.changes}"
        for token in ciphertexts:
            assert token not in entry.changes
    updates = [json.loads(a.changes) for a in audits if a.action == "update"]
    phone_change = next(c for c in updates if "phone_cipher" in c)
    assert phone_change["phone_cipher"] == ["(已加密/encrypted)", "(已加密/encrypted)"]
    assert phone_change["phone_masked"][0] != phone_change["phone_masked"][1]
    # Retyping an unchanged resident ID changes nothing sensitive.
    assert not any("resident_id_cipher" in c for c in updates)


def test_reveal_is_audited_with_field_and_purpose(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input())
    for field in ("resident_id", "phone", "bank_card"):
        farmers.reveal(specialist_ctx, farmer_id, field, purpose="放款核对")
    reveals = [a for a in _all_audit(db) if a.action == "reveal"]
    assert [json.loads(a.changes)["field"] for a in reveals] == [
        "resident_id", "phone", "bank_card"]
    for entry in reveals:
        assert entry.entity == "farmer" and entry.entity_id == farmer_id
        assert entry.user_id == specialist_ctx.actor.user_id  # type: ignore[union-attr]
        assert json.loads(entry.changes)["purpose"] == "放款核对"
    trail = farmers.audit_trail(tutor_ctx, farmer_id)
    assert [t["action"] for t in trail[:3]] == ["reveal"] * 3
    assert trail[-1]["action"] == "create"


def test_hlc_values_only_increase(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    ids, _ = _workload(tutor_ctx, specialist_ctx, valid_farmer_input)
    ids.append(farmers.register_farmer(tutor_ctx, valid_farmer_input(name="王五")))
    with Session(db.engine) as session:
        rows = {f.id: f for f in session.exec(select(Farmer))}
    created = [rows[i].created_hlc for i in ids]
    assert created == sorted(created) and len(set(created)) == len(created)
    for farmer in rows.values():
        assert farmer.updated_hlc >= farmer.created_hlc
        HLCTimestamp.decode(farmer.created_hlc)  # well-formed
    assert rows[ids[0]].updated_hlc > rows[ids[0]].created_hlc
    assert rows[ids[1]].deleted and rows[ids[1]].updated_hlc > rows[ids[0]].updated_hlc
    audit_hlcs = [a.hlc for a in _all_audit(db)]
    assert all(a < b for a, b in zip(audit_hlcs, audit_hlcs[1:])), "audit HLCs not increasing"
    outbox_hlcs = [o.hlc for o in _all_outbox(db)]
    assert all(a < b for a, b in zip(outbox_hlcs, outbox_hlcs[1:])), "outbox HLCs not increasing"
    # Encoded timestamps sort like the decoded ones.
    decoded = [HLCTimestamp.decode(h) for h in audit_hlcs]
    assert decoded == sorted(decoded)


def test_hlc_keeps_increasing_across_a_restart(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    first = farmers.register_farmer(tutor_ctx, valid_farmer_input())
    with Session(db.engine) as session:
        first_hlc = session.get(Farmer, first).created_hlc  # type: ignore[union-attr]
    high_water = max(a.hlc for a in _all_audit(db))
    db.close()
    reopened = open_database(db.path)
    try:
        # Even with a wall clock that jumped back an hour, the next stamp is later.
        reopened.clock._now_ms = lambda: HLCTimestamp.decode(first_hlc).wall_ms - 3_600_000
        ctx = ServiceContext(reopened, tutor_ctx.actor)
        second = farmers.register_farmer(ctx, valid_farmer_input(name="李四"))
        with Session(reopened.engine) as session:
            second_hlc = session.get(Farmer, second).created_hlc  # type: ignore[union-attr]
        assert second_hlc > high_water > first_hlc
    finally:
        reopened.close()

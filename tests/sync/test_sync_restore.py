"""Restoring a backup never loses what the central server has (issue 8), against a REAL
``station-central`` server.

An enrolled station syncs, makes a backup, then records and syncs more; the backup is
restored (its outbox numbers from an older seq again) and the station syncs again: it gets
back every record the server had, its next changes go under fresh keys (no ``key_reused``),
and nothing is quarantined.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable

import pytest
from sqlalchemy import text
from sqlmodel import Session, func, select

from station_app.domain.farmers import FarmerInput
from station_app.services import backups, farmers, writes
from station_app.services.context import ServiceContext
from station_app.store.db import Database, open_database
from station_app.store.models import Farmer, OutboxEntry
from station_app.sync.engine import SyncEngine, enroll


def _statuses(db: Database) -> dict[str, int]:
    with Session(db.engine) as session:
        return dict(session.exec(select(OutboxEntry.status, func.count())
                                 .group_by(OutboxEntry.status)).all())


def _farmers(db: Database) -> dict[str, tuple[str, int]]:
    with Session(db.engine) as session:
        return {f.id: (f.name, f.version) for f in session.exec(select(Farmer))}


def _server_farmers(central, station_id: str) -> dict[str, tuple[str, int]]:
    with central.engine.connect() as conn:
        ids = conn.execute(text("SELECT DISTINCT entity_id FROM change_log "
                                "WHERE entity = 'farmer' AND station_id = :s"),
                           {"s": station_id}).scalars().all()
    out = {}
    for farmer_id in ids:
        row = central.record("farmer", farmer_id)
        out[farmer_id] = (row["name"], row["version"])
    return out


def _server_keys(central) -> set[str]:
    with central.engine.connect() as conn:
        return set(conn.execute(text("SELECT key FROM idempotency")).scalars())


@pytest.mark.parametrize("new_key_device", [True, False], ids=["restore", "without-new-keys"])
def test_restore_then_sync_gets_back_everything_the_server_has(
        db: Database, station, central, tutor_ctx: ServiceContext,
        admin_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
        new_key_device: bool) -> None:
    """``without-new-keys`` proves the point of the new key device: the same scenario with
    the restored database's keys left on the old prefix ends in ``key_reused``."""
    station_id, code = central.new_station()
    creds = enroll(db, central.base, central.code(station=code))
    tutor = ServiceContext(db, replace(tutor_ctx.actor, station_id=station_id))
    admin = ServiceContext(db, replace(admin_ctx.actor, station_id=station_id))

    first = farmers.register_farmer(tutor, valid_farmer_input(name="张三"))
    assert SyncEngine(db, writer=writes).sync_now().push.quarantined == 0
    # Pending in the backup, delivered by the live database after it.
    queued = farmers.register_farmer(tutor, valid_farmer_input(name="王五"))
    backup = backups.make_backup(db, reason="manual", now=datetime(2024, 5, 1, 10, 0))

    # After the backup: a new farmer and an edit, both synced to the server.
    later = farmers.register_farmer(tutor, valid_farmer_input(name="李四"))
    inp, version = farmers.input_for_edit(tutor, first)
    farmers.update_farmer(tutor, first, replace(inp, name="张三丰"), base_version=version)
    report = SyncEngine(db, writer=writes).sync_now()
    assert report.push.quarantined == 0
    with Session(db.engine) as session:
        used_seqs = set(session.exec(select(OutboxEntry.seq).where(
            OutboxEntry.status == "done")))
    old_prefix = f"{station_id}:{creds.device_id}"
    assert {f"{old_prefix}:{s}" for s in used_seqs} <= _server_keys(central)
    on_server = _server_farmers(central, station_id)
    assert {first, queued, later} <= set(on_server)

    result = backups.restore(admin, backup.path)
    assert result.already_done >= 1  # the queued farmer's insert reached the server already

    restored = open_database(db.path)
    if not new_key_device:
        with restored.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM local_meta WHERE key = 'sync_key_device'")
    try:
        assert later not in _farmers(restored)  # gone locally for now
        assert _farmers(restored)[first][0] == "张三"
        assert restored.device_id == result.new_device_id != creds.device_id
        assert _statuses(restored).get("pending", 0) == result.requeued

        # Sync again with the same credential: the pull starts from 0 and brings back all.
        engine = SyncEngine(restored, writer=writes)
        report = engine.sync_now()
        assert report.push.quarantined == 0
        assert _statuses(restored).keys() <= {"done", "discarded"}
        local = _farmers(restored)
        on_server = _server_farmers(central, station_id)
        assert {k: v for k, v in local.items() if k in on_server} == on_server
        assert set(on_server) <= set(local)
        assert local[first][0] == "张三丰" and local[later][0] == "李四"

        # A change made now gets a seq the old outbox already used, under a new key prefix.
        tutor_after = ServiceContext(restored, tutor.actor)
        newest = farmers.register_farmer(tutor_after, valid_farmer_input(name="赵六"))
        with Session(restored.engine) as session:
            new_seqs = set(session.exec(select(OutboxEntry.seq).where(
                OutboxEntry.entity_id == newest)))
        assert new_seqs & used_seqs  # the numbering did rewind
        report = engine.sync_now()
        if not new_key_device:
            with Session(restored.engine) as session:
                entry = session.exec(select(OutboxEntry).where(
                    OutboxEntry.entity_id == newest)).one()
            assert entry.status == "quarantined" and "key_reused" in entry.last_error
            return
        assert report.push.quarantined == 0 and report.push.applied >= 1
        with Session(restored.engine) as session:
            errors = [e.last_error for e in session.exec(select(OutboxEntry))]
        assert not any("key_reused" in e for e in errors)
        assert _statuses(restored).keys() <= {"done", "discarded"}
        assert central.record("farmer", newest)["name"] == "赵六"
        new_prefix = f"{station_id}:{result.new_device_id}"
        assert {f"{new_prefix}:{s}" for s in new_seqs} <= _server_keys(central)
        # The credential was kept: same device registration on the server.
        assert engine.credentials() == creds
        engine.close()
    finally:
        restored.close()

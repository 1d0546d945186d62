"""Local bookkeeping of the sync engine that needs no server: pruning the outbox, the
status snapshot, the credential store."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from station_app.services import farmers, writes
from station_app.store.models import OutboxEntry
from station_app.sync.credentials import CredentialError, Credentials, credential_store_for
from station_app.sync.engine import SyncEngine, utcnow


def _age_all(db, days: int) -> None:
    with db.session() as session:
        for entry in session.exec(select(OutboxEntry)):
            entry.status = "done"
            entry.created_at = utcnow() - timedelta(days=days)
            session.add(entry)


def test_done_entries_older_than_30_days_go_but_seqs_are_never_reused(
        db, station, tutor_ctx, valid_farmer_input) -> None:
    farmers.register_farmer(tutor_ctx, valid_farmer_input())
    with Session(db.engine) as session:
        top = session.exec(select(func.max(OutboxEntry.seq))).one()
    _age_all(db, 40)
    engine = SyncEngine(db, Credentials("http://x", "t", station[0].id, db.device_id),
                        writer=writes)
    removed = engine.prune_done()
    with Session(db.engine) as session:
        left = list(session.exec(select(OutboxEntry)))
    assert removed == top - 1 and [e.seq for e in left] == [top]  # the newest one stays
    farmers.register_farmer(tutor_ctx, valid_farmer_input())
    with Session(db.engine) as session:
        new_seqs = [e.seq for e in session.exec(select(OutboxEntry)) if e.seq != top]
    assert new_seqs and min(new_seqs) == top + 1  # never a key the server already holds


def test_recent_or_unsent_entries_are_never_pruned(db, station, tutor_ctx,
                                                   valid_farmer_input) -> None:
    farmers.register_farmer(tutor_ctx, valid_farmer_input())
    engine = SyncEngine(db, Credentials("http://x", "t", station[0].id, db.device_id))
    with Session(db.engine) as session:
        total = session.exec(select(func.count()).select_from(OutboxEntry)).one()
    assert engine.prune_done() == 0  # pending, and young
    _age_all(db, 10)
    assert engine.prune_done() == 0  # done, but young
    with Session(db.engine) as session:
        assert session.exec(select(func.count()).select_from(OutboxEntry)).one() == total


def test_status_of_a_database_that_is_not_enrolled(db, station, tutor_ctx,
                                                   valid_farmer_input) -> None:
    farmers.register_farmer(tutor_ctx, valid_farmer_input())
    status = SyncEngine(db).status()
    assert (status.enrolled, status.state, status.online) == (False, "not_enrolled", None)
    assert status.pending > 0 and status.quarantined == 0 and status.conflicts == 0
    assert status.last_success is None


def test_the_credential_file_is_private_and_never_shows_the_token(db, station) -> None:
    store = credential_store_for(db)
    assert store.load() is None
    creds = Credentials("https://central.example", "s3cret-token-value", station[0].id,
                        db.device_id, server_id="srv", station_ids=(station[0].id,))
    where = store.save(creds)
    assert where == str(store.file_path)  # no keyring in tests
    assert store.file_path.parent == Path(db.key_location).parent  # beside the key
    assert stat.S_IMODE(os.stat(store.file_path).st_mode) == 0o600
    assert store.load() == creds
    assert "s3cret" not in repr(creds) and "s3cret" not in repr(store.load())
    os.chmod(store.file_path, 0o644)
    with pytest.raises(CredentialError, match="chmod 600"):
        store.load()
    os.chmod(store.file_path, 0o600)
    store.delete()
    assert store.load() is None and not store.file_path.exists()

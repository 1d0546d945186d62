"""Moving a database to a new field-encryption key (enrollment): complete, and crash-safe."""

from __future__ import annotations

import json
import secrets
import sqlite3
from typing import Callable

import pytest
from sqlmodel import Session, select

from station_app.domain.farmers import FarmerInput
from station_app.services import farmers
from station_app.services.context import ServiceContext
from station_app.store import keys, rekey as rekey_module
from station_app.store.crypto import DecryptionError, FieldCipher
from station_app.store.db import Database, open_database
from station_app.store.models import Farmer, OutboxEntry
from station_app.store.rekey import SEALED, rekey


def _register(ctx: ServiceContext, make: Callable[..., FarmerInput], n: int) -> list[FarmerInput]:
    made = [make(name="测试" + "甲乙丙丁戊己庚"[i]) for i in range(n)]
    for inp in made:
        farmers.register_farmer(ctx, inp)
    return made


def _tokens(db: Database) -> list[tuple[str, str, str]]:
    """Every ciphertext token anywhere in the database: (table, column, token)."""
    found = []
    with sqlite3.connect(db.path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            for col in cols:
                for (value,) in conn.execute(f'SELECT "{col}" FROM "{table}" '
                                             f'WHERE CAST("{col}" AS TEXT) LIKE \'%v1:%\''):
                    found.append((table, col, str(value)))
    return found


def test_every_sealed_value_moves_and_search_still_finds_it(
        db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    made = _register(tutor_ctx, valid_farmer_input, 5)
    old = db.cipher
    new_key = secrets.token_bytes(32)
    assert rekey(db, new_key) == len(made) + 0
    new = FieldCipher(new_key)
    assert db.cipher.fingerprint == new.fingerprint
    contexts = [s.context for s in SEALED["farmer"]]
    tokens = _tokens(db)
    assert tokens, "the test data holds ciphertext"
    for table, column, raw in tokens:
        # Rows hold tokens directly; outbox payloads hold them inside JSON.
        values = [raw] if raw.startswith("v1:") else [
            v for v in json.loads(raw).values() if isinstance(v, str) and v.startswith("v1:")]
        for token in values:
            opened = []
            for context in contexts:
                try:
                    opened.append(new.decrypt(token, context=context))
                except DecryptionError:
                    pass
                with pytest.raises(DecryptionError):
                    old.decrypt(token, context=context)
            assert len(opened) == 1, (table, column)
    for inp in made:
        found = farmers.find_by_resident_id(specialist_ctx, inp.resident_id)
        assert found is not None
        assert farmers.reveal(specialist_ctx, found.id, "phone") == inp.phone
    assert rekey(db, new_key) == 0  # already there: nothing to do


def test_a_crash_before_the_key_is_promoted_is_finished_on_the_next_open(
        db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
        valid_farmer_input: Callable[..., FarmerInput], monkeypatch: pytest.MonkeyPatch) -> None:
    [inp] = _register(tutor_ctx, valid_farmer_input, 1)
    new_key = secrets.token_bytes(32)

    def crash(*_args, **_kwargs):
        raise SystemExit("power cut")

    monkeypatch.setattr(rekey_module, "promote_staged_key", crash)
    with pytest.raises(SystemExit):
        rekey(db, new_key)
    monkeypatch.undo()
    path, keys_dir = db.path, db.keys_dir
    db.close()
    reopened = open_database(path, keys_dir=keys_dir)
    try:
        assert reopened.cipher.fingerprint == FieldCipher(new_key).fingerprint
        assert keys.staged_key(reopened.database_id, keys_dir) is None
        with Session(reopened.engine) as session:
            farmer = session.exec(select(Farmer)).one()
        assert reopened.cipher.decrypt(farmer.resident_id_cipher,
                                       context="farmer.resident_id") == inp.resident_id.upper()
    finally:
        reopened.close()


def test_a_failure_inside_the_transaction_changes_nothing(
        db: Database, tutor_ctx: ServiceContext,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    _register(tutor_ctx, valid_farmer_input, 2)
    with db.session() as session:  # one value that does not open with the current key
        farmer = session.exec(select(Farmer)).first()
        farmer.phone_cipher = FieldCipher(secrets.token_bytes(32)).encrypt(
            "13800000000", context="farmer.phone")
        session.add(farmer)
    before = db.cipher.fingerprint
    with Session(db.engine) as session:
        payloads = [e.payload for e in session.exec(select(OutboxEntry))]
    with pytest.raises(DecryptionError):
        rekey(db, secrets.token_bytes(32))
    assert db.cipher.fingerprint == before
    with Session(db.engine) as session:
        assert [e.payload for e in session.exec(select(OutboxEntry))] == payloads
    path, keys_dir = db.path, db.keys_dir
    db.close()
    open_database(path, keys_dir=keys_dir).close()  # the old key still opens it

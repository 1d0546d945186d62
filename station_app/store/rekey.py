"""Re-encrypt a database under a new field-encryption master key (enrollment, §keys).

A station that worked offline before it enrolled encrypted its farmers' resident ID, phone and
bank card numbers under its own key.  Enrollment hands it the deployment's data key so other
computers of the station and its branch can read them; this module moves every ciphertext and
blind index over in one transaction, with the key swap made crash-safe by
:mod:`station_app.store.keys` (stage → transaction → promote).

The re-encryption changes no business value, so versions and clocks stay as they are.  It
covers the live rows, the payloads still waiting in the outbox and the values in the conflict
log.  It does not cover the pseudonymous buyer keys of imported orders: they are blind indexes
of buyer names that were never stored, so they cannot be recomputed; orders imported after the
swap get keys under the new key (see docs/sync-protocol.md, "Data key").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import text

from station_app.store.crypto import FieldCipher
from station_app.store.db import Database, _set_meta
from station_app.store.keys import promote_staged_key, stage_key


@dataclass(frozen=True)
class _Sealed:
    column: str
    context: str
    index_column: str | None = None
    index_kind: str | None = None


# Every encrypted column of the schema.  tests/store/test_store_rekey.py checks that no other
# column holds ciphertext after a swap.
SEALED: dict[str, tuple[_Sealed, ...]] = {
    "farmer": (
        _Sealed("resident_id_cipher", "farmer.resident_id", "resident_id_hash", "resident_id"),
        _Sealed("phone_cipher", "farmer.phone", "phone_hash", "phone"),
        _Sealed("bank_card_cipher", "farmer.bank_card"),
    ),
}


# local_meta values sealed with the master key: key -> associated data.
LOCAL_SEALED = {"signing_private_key": "local.signing_key"}


def _convert(old: FieldCipher, new: FieldCipher) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function that rewrites the sealed fields of one farmer-shaped dict."""
    def convert(values: dict[str, Any]) -> dict[str, Any]:
        changed: dict[str, Any] = {}
        for sealed in SEALED["farmer"]:
            token = values.get(sealed.column)
            if not token:
                continue
            plain = old.decrypt(token, context=sealed.context)
            changed[sealed.column] = new.encrypt(plain, context=sealed.context)
            if sealed.index_column:
                changed[sealed.index_column] = new.blind_index(plain, kind=sealed.index_kind or "")
        return changed
    return convert


def rekey(db: Database, new_key: bytes) -> int:
    """Move ``db`` to ``new_key``; returns the number of records re-encrypted (0 if ``db``
    already uses it).  Raises :class:`~station_app.store.crypto.DecryptionError` (and changes
    nothing) if some ciphertext does not open with the current key."""
    new = FieldCipher(new_key)
    old = db.cipher
    if new.fingerprint == old.fingerprint:
        return 0
    if db.keys_dir is None:
        raise RuntimeError("the database was opened without a keys directory")
    convert = _convert(old, new)
    columns = [c for s in SEALED["farmer"] for c in (s.column, s.index_column) if c]
    stage_key(db.database_id, db.keys_dir, new_key)
    count = 0
    with db.session() as session:
        conn = session.connection()
        rows = conn.execute(text(
            "SELECT id, resident_id_cipher, phone_cipher, bank_card_cipher FROM farmer")).mappings()
        updates = []
        for row in rows:
            changed = convert(dict(row))
            updates.append({"id": row["id"], **{c: changed.get(c) for c in columns}})
        for chunk_start in range(0, len(updates), 500):
            conn.execute(text(
                "UPDATE farmer SET " + ", ".join(f"{c} = COALESCE(:{c}, {c})" for c in columns)
                + " WHERE id = :id"), updates[chunk_start:chunk_start + 500])
        count = len(updates)
        for seq, payload in conn.execute(text(
                "SELECT seq, payload FROM outbox WHERE entity = 'farmer'")).all():
            body = json.loads(payload)
            body.update(convert(body))
            conn.execute(text("UPDATE outbox SET payload = :p WHERE seq = :s"),
                         {"p": json.dumps(body, ensure_ascii=False), "s": seq})
        sealed_fields = {s.column: s for s in SEALED["farmer"]}
        for cid, field, kept, lost in conn.execute(text(
                "SELECT id, field, kept_value, lost_value FROM sync_conflict "
                "WHERE entity = 'farmer'")).all():
            if field not in sealed_fields and field not in columns:
                continue
            values = {}
            for name, raw in (("kept_value", kept), ("lost_value", lost)):
                value = json.loads(raw)
                if field in sealed_fields and isinstance(value, str) and value:
                    value = convert({field: value})[field]
                values[name] = json.dumps(value, ensure_ascii=False)
            conn.execute(text("UPDATE sync_conflict SET kept_value = :kept_value, "
                              "lost_value = :lost_value WHERE id = :id"), {**values, "id": cid})
        # Local secrets sealed with the master key (this computer's document-signing key).
        for name, context in LOCAL_SEALED.items():
            token = conn.execute(text("SELECT value FROM local_meta WHERE key = :k"),
                                 {"k": name}).scalar()
            if token:
                _set_meta(session, name, new.encrypt(old.decrypt(token, context=context),
                                                     context=context))
        _set_meta(session, "key_fingerprint", new.fingerprint)
    promote_staged_key(db.database_id, db.keys_dir)
    db.cipher = new
    return count

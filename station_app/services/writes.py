"""The one write path for syncable records.

Each helper changes a record *and* appends its outbox entry and audit entry in the caller's
session, so all three commit or none does (SYNC.md invariant 2).  Services call these and
nothing else writes syncable tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlmodel import Session

from station_app.domain.messages import Message
from station_app.services.context import Actor
from station_app.services.errors import StaleVersion
from station_app.store.db import Database, remember_clock
from station_app.store.models import AuditEntry, OutboxEntry, SyncFields

# Columns whose values never go into the audit log (ciphertext and blind indexes tell an
# attacker nothing, but keeping them out keeps the log readable and small).
SENSITIVE_COLUMNS = frozenset(
    {
        "resident_id_cipher",
        "resident_id_hash",
        "phone_cipher",
        "phone_hash",
        "bank_card_cipher",
        "password_hash",
    }
)
_SYNC_COLUMNS = frozenset(
    {"id", "station_id", "created_hlc", "updated_hlc", "field_clock", "version", "deleted"}
)


@dataclass(frozen=True)
class Changes:
    """What a use case changed, for screens deciding whether to reload."""

    entity: str
    ids: tuple[str, ...]
    op: str


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _data_fields(obj: SyncFields) -> dict[str, Any]:
    return {k: v for k, v in obj.model_dump(mode="json").items() if k not in _SYNC_COLUMNS}


def _audit_value(column: str, value: Any) -> Any:
    return "(已加密/encrypted)" if column in SENSITIVE_COLUMNS and value else value


def audit(
    session: Session,
    db: Database,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: str = "",
    changes: dict[str, Any] | None = None,
    *,
    station_id: str | None = None,
) -> None:
    """Append an audit entry (who, when, what, which record, what changed)."""
    session.add(
        AuditEntry(
            station_id=station_id or (actor.station_id if actor else ""),
            at=utcnow(),
            hlc=db.hlc(),
            user_id=actor.user_id if actor else "",
            username=actor.username if actor else "",
            action=action,
            entity=entity,
            entity_id=entity_id,
            changes=json.dumps(changes or {}, ensure_ascii=False, default=str),
        )
    )


def _outbox(session: Session, obj: SyncFields, op: str, base_version: int) -> None:
    session.add(
        OutboxEntry(
            station_id=obj.station_id,
            entity=obj.__tablename__,  # type: ignore[attr-defined]
            entity_id=obj.id,
            op=op,
            base_version=base_version,
            version=obj.version,
            hlc=obj.updated_hlc,
            payload=json.dumps(obj.model_dump(mode="json"), ensure_ascii=False),
            created_at=utcnow(),
        )
    )


def field_clocks(obj: SyncFields) -> dict[str, str]:
    """The HLC of each data field's last change.

    ``field_clock`` stores only fields changed after creation; every other field was last
    written at ``created_hlc`` (this keeps a county's millions of rows small).
    """
    stored = json.loads(obj.field_clock or "{}")
    return {name: stored.get(name, obj.created_hlc) for name in _data_fields(obj)}


def insert(session: Session, db: Database, actor: Actor | None, obj: SyncFields) -> Changes:
    stamp = db.hlc()
    obj.created_hlc = obj.updated_hlc = stamp
    obj.version = 1
    fields = _data_fields(obj)
    obj.field_clock = "{}"  # all fields at created_hlc; see field_clocks()
    session.add(obj)
    session.flush()
    _outbox(session, obj, "insert", 0)
    audit(
        session, db, actor, "create", obj.__tablename__, obj.id,  # type: ignore[attr-defined]
        {k: [None, _audit_value(k, v)] for k, v in fields.items() if v not in (None, "")},
        station_id=obj.station_id,
    )
    remember_clock(db, session)
    return Changes(obj.__tablename__, (obj.id,), "insert")  # type: ignore[attr-defined]


def update(
    session: Session,
    db: Database,
    actor: Actor | None,
    obj: SyncFields,
    values: dict[str, Any],
    *,
    base_version: int,
    action: str = "update",
) -> Changes | None:
    """Apply ``values`` to ``obj`` if it is still at ``base_version``; None if nothing changed."""
    if obj.version != base_version:
        raise StaleVersion(
            Message(
                "record.stale",
                "这条记录刚被别人（或同步）改过了，请关闭后重新打开再改。",
                "This record was changed elsewhere meanwhile; reopen it and edit again.",
            )
        )
    before = obj.model_dump(mode="json")
    for key, value in values.items():
        setattr(obj, key, value)
    after = obj.model_dump(mode="json")
    changed = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
    if not changed:
        return None
    stamp = db.hlc()
    clocks = json.loads(obj.field_clock or "{}")
    for key in changed:
        if key not in _SYNC_COLUMNS:
            clocks[key] = stamp
    obj.field_clock = json.dumps(clocks, sort_keys=True)
    obj.updated_hlc = stamp
    obj.version = base_version + 1
    session.add(obj)
    session.flush()
    op = "delete" if changed.get("deleted") == [False, True] else "update"
    _outbox(session, obj, op, base_version)
    audit(
        session, db, actor, action, obj.__tablename__, obj.id,  # type: ignore[attr-defined]
        {k: [_audit_value(k, a), _audit_value(k, b)] for k, (a, b) in changed.items()},
        station_id=obj.station_id,
    )
    remember_clock(db, session)
    return Changes(obj.__tablename__, (obj.id,), op)  # type: ignore[attr-defined]


def soft_delete(
    session: Session, db: Database, actor: Actor | None, obj: SyncFields, *, base_version: int,
    reason: str = "",
) -> Changes | None:
    changes = update(session, db, actor, obj, {"deleted": True}, base_version=base_version,
                     action="delete")
    if reason:
        audit(session, db, actor, "delete_reason", obj.__tablename__, obj.id,  # type: ignore[attr-defined]
              {"reason": reason}, station_id=obj.station_id)
    return changes

"""The generic record store: read and write ``sync_record`` and append to ``change_log``.

A record's ``payload`` is the station row exactly as the station's SQLModel class dumps it
(``model_dump(mode="json")``), with ``version`` set to the server's counter.  Shared
catalogue rows have ``station_id`` NULL in the table and ``""`` in the payload (the
station's column is NOT NULL).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Row

from station_app.central.db import take_seqs, utcnow
from station_app.central.models import ChangeLog, ConflictLog, SyncRecord

records = SyncRecord.__table__  # type: ignore[attr-defined]
changes = ChangeLog.__table__  # type: ignore[attr-defined]

SHARED = ""  # payload station_id of a shared catalogue row


def table_station_id(row: Mapping[str, Any]) -> str | None:
    return row.get("station_id") or None


def clock_of(row: Mapping[str, Any]) -> dict[str, str]:
    value = row.get("field_clock") or "{}"
    return dict(json.loads(value)) if isinstance(value, str) else dict(value)


def get_record(conn: Connection, entity: str, entity_id: str, *,
               for_update: bool = False) -> Row | None:
    query = select(records).where(records.c.entity == entity, records.c.entity_id == entity_id)
    if for_update:
        query = query.with_for_update()
    return conn.execute(query).first()


def existing_ids(conn: Connection, entity: str, ids: Sequence[str],
                 chunk: int = 500) -> dict[str, str | None]:
    """entity_id → station_id of the records of ``entity`` among ``ids`` that exist."""
    found: dict[str, str | None] = {}
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        rows = conn.execute(select(records.c.entity_id, records.c.station_id)
                            .where(records.c.entity == entity, records.c.entity_id.in_(part)))
        found.update((r[0], r[1]) for r in rows)
    return found


def _values(entity: str, row: Mapping[str, Any], device_id: str | None,
            now: datetime) -> dict[str, Any]:
    return {
        "entity": entity,
        "entity_id": row["id"],
        "station_id": table_station_id(row),
        "version": int(row["version"]),
        "created_hlc": row["created_hlc"],
        "updated_hlc": row["updated_hlc"],
        "deleted": bool(row.get("deleted")),
        "field_clock": clock_of(row),
        "payload": dict(row),
        "updated_by_device": device_id,
        "updated_at": now,
    }


def insert_records(conn: Connection, entity: str, rows: Iterable[Mapping[str, Any]],
                   device_id: str | None) -> None:
    now = utcnow()
    values = [_values(entity, row, device_id, now) for row in rows]
    if values:
        conn.execute(insert(records), values)


def update_record(conn: Connection, entity: str, row: Mapping[str, Any],
                  device_id: str | None) -> None:
    values = _values(entity, row, device_id, utcnow())
    del values["entity"], values["entity_id"]
    conn.execute(update(records).where(records.c.entity == entity,
                                       records.c.entity_id == row["id"]).values(**values))


def log_changes(conn: Connection, items: Sequence[tuple[str, Mapping[str, Any]]]) -> int:
    """Append ``(entity, row)`` items (each row whole, as stored) to the change feed.

    Returns the last seq.  Takes the change counter, so call it after every other write of
    the transaction: from here to the commit, writers queue.
    """
    if not items:
        return 0
    first = take_seqs(conn, len(items))
    now = utcnow()
    conn.execute(insert(changes), [
        {"seq": first + i, "entity": entity, "entity_id": row["id"],
         "station_id": table_station_id(row), "version": int(row["version"]),
         "hlc": row["updated_hlc"], "payload": dict(row), "at": now}
        for i, (entity, row) in enumerate(items)])
    return first + len(items) - 1


def read_changes(conn: Connection, station_ids: Iterable[str], after: int,
                 limit: int, *, device_id: str | None = None) -> tuple[list[dict[str, Any]], bool]:
    """The page of the feed after ``after`` a device with ``station_ids`` may see.

    A change that overwrote a value ``device_id`` had pushed, by an edit made without seeing
    it, carries that loss in ``lost`` (field, both values and stamps), so the device can show
    its user the value it lost; the pushing device learnt of its own losses from its push."""
    ids = sorted(station_ids)
    scope = changes.c.station_id.is_(None)
    if ids:
        scope = scope | changes.c.station_id.in_(ids)
    rows = conn.execute(
        select(changes.c.seq, changes.c.entity, changes.c.entity_id, changes.c.version,
               changes.c.hlc, changes.c.payload)
        .where(changes.c.seq > after, scope).order_by(changes.c.seq).limit(limit + 1)).all()
    page = [{"seq": int(r.seq), "entity": r.entity, "entity_id": r.entity_id,
             "version": int(r.version), "hlc": r.hlc, "payload": r.payload}
            for r in rows[:limit]]
    if device_id and page:
        _attach_losses(conn, page, device_id)
    return page, len(rows) > limit


def _attach_losses(conn: Connection, page: list[dict[str, Any]], device_id: str) -> None:
    log = ConflictLog.__table__  # type: ignore[attr-defined]
    by_key = {(c["entity_id"], c["version"]): c for c in page}
    rows = conn.execute(select(log.c.entity_id, log.c.server_version, log.c.field,
                               log.c.kept_value, log.c.kept_hlc, log.c.lost_value, log.c.lost_hlc)
                        .where(log.c.entity_id.in_(sorted({c["entity_id"] for c in page})),
                               log.c.lost_side == "current",
                               log.c.current_device_id == device_id)).all()
    for r in rows:
        change = by_key.get((r.entity_id, int(r.server_version)))
        if change is not None:
            change.setdefault("lost", []).append({
                "field": r.field, "kept_value": r.kept_value, "kept_hlc": r.kept_hlc,
                "lost_value": r.lost_value, "lost_hlc": r.lost_hlc})

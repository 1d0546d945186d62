"""Handling pushed changes: docs/sync-protocol.md §3 (push), §5 (scope), §6 (conflicts).

Each change is handled in its own database transaction.  Its idempotency entry is written in
that same transaction, for ``applied`` and ``merged`` results only: ``rejected`` is not
stored (the same key may come again once the cause is fixed) and ``key_reused`` /
``duplicate`` write nothing.

Incoming rows are validated with the station's SQLModel class of the entity
(``SYNCABLE_TABLES``) and stored as that class dumps them.  A stale update (based on an
older version than the server's) is merged with :func:`station_app.domain.merge.merge_rows`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import re
import time
import uuid
from functools import lru_cache
from typing import Any, Iterable, Mapping

from pydantic import BaseModel, ValidationError, create_model
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from station_app.central import errors
from station_app.central.auth import DeviceScope
from station_app.central.db import is_retryable, utcnow, write_tx
from station_app.central.errors import Rejection
from station_app.central.models import ConflictLog, Idempotency, SecurityEvent
from station_app.central.records import (
    existing_ids,
    get_record,
    insert_records,
    log_changes,
    update_record,
)
from station_app.central.schemas import MAX_VERSION, ChangeIn
from station_app.domain.hlc import HLCTimestamp
from station_app.domain.merge import SYNC_COLUMNS, FieldConflict, merge_rows
from station_app.store.models import SYNCABLE_TABLES, ImportBatch, SalesOrder, SyncFields

__all__ = ["ADMIN_ONLY", "APPEND_ONLY", "DECISION_FIELDS", "ROW_RULES", "PushHandler", "body_hash",
           "validate_row"]

# Decision fields (§6): server-authoritative, a station's push never changes them.  None means
# every data field of the entity.
DECISION_FIELDS: dict[str, frozenset[str] | None] = {
    "station": None,
    "user_account": frozenset({"role", "active"}),
}
# Entities no device may create or change (the central admin's command line writes them).
ADMIN_ONLY = frozenset({"station"})
# Records a branch device may create for its stations: the moves of a loan application it
# decides, the repayments it records (docs/loans.md, "Who writes what"), and the documents it
# prints with its signing key published to the station whose farmer it is.
BRANCH_CREATABLE: frozenset[str] = frozenset({"loan_transition", "loan_repayment",
                                              "insurance_transition", "issued_document",
                                              "signing_key"})
# What each kind of device may write in a field of an append-only decision record; any other
# value is out of its scope.  A station files, resubmits and withdraws its applications and
# applies insurance payouts to loans; reviewing, deciding, contracts, disbursement and cash
# repayments belong to the branch.
ROW_RULES: dict[str, tuple[str, dict[str, frozenset[str]]]] = {
    "loan_transition": ("action", {
        "station": frozenset({"submit", "resubmit", "withdraw"}),
        "branch": frozenset({"start_review", "approve", "reject", "return", "print_contract",
                             "sign", "disburse", "write_off", "withdraw"}),
    }),
    "loan_repayment": ("source", {
        "station": frozenset({"insurance"}),
        "branch": frozenset({"cash", "bank", "insurance"}),
    }),
    # Insurance: the station files and withdraws; the branch (the insurer's agent) issues
    # the policy or refuses it.
    "insurance_transition": ("action", {
        "station": frozenset({"submit", "withdraw"}),
        "branch": frozenset({"issue", "reject", "withdraw"}),
    }),
}
# Append-only records: once written nobody changes them (a correction is a new record).  The
# same row sent again with the same data (a claim two computers computed) is no change.
APPEND_ONLY = frozenset({"loan_transition", "loan_repayment", "loan_event",
                         "insurance_transition", "insurance_claim"})

MAX_ATTEMPTS = 5  # a change that loses a race (unique key, deadlock) is tried again
REQUIRED = ("id", "station_id", "created_hlc", "updated_hlc", "version")
_SYNC_CLOCK_FIELDS = ("created_hlc", "updated_hlc")

_idempotency = Idempotency.__table__  # type: ignore[attr-defined]
_conflicts = ConflictLog.__table__  # type: ignore[attr-defined]
_security = SecurityEvent.__table__  # type: ignore[attr-defined]
log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- helpers

def canonical_json(obj: Any) -> bytes:
    """The protocol's canonical JSON, UTF-8.

    Raises ValueError for what no column or JSON answer may carry: a non-finite number, a
    lone surrogate (UnicodeEncodeError) or a NUL character (PostgreSQL text refuses it).
    """
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    if "u0000" in text and _NUL_ESCAPE.search(text):
        raise ValueError("NUL character")
    return text.encode("utf-8")


def body_hash(change: ChangeIn) -> str:
    """sha256 of the canonical JSON of entity, entity_id, op, base_version, version, payload."""
    return hashlib.sha256(canonical_json({
        "entity": change.entity, "entity_id": change.entity_id, "op": change.op,
        "base_version": change.base_version, "version": change.version,
        "payload": change.payload})).hexdigest()


def data_fields(model: type[SyncFields]) -> frozenset[str]:
    return frozenset(n for n in model.model_fields if n not in SYNC_COLUMNS)


def decision_fields(entity: str, model: type[SyncFields]) -> frozenset[str]:
    spec = DECISION_FIELDS.get(entity, frozenset())
    return data_fields(model) if spec is None else spec


@lru_cache(maxsize=None)
def parent_columns(entity: str) -> tuple[tuple[str, str], ...]:
    """(column, parent entity) of every foreign key of ``entity`` to a syncable table."""
    table = SYNCABLE_TABLES[entity].__table__  # type: ignore[attr-defined]
    found = []
    for fk in table.foreign_keys:
        target = fk.column.table.name
        if target in SYNCABLE_TABLES:
            found.append((fk.parent.name, target))
    return tuple(sorted(found))


# A NUL character, escaped in JSON text (an odd number of backslashes before "u0000").
_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


@lru_cache(maxsize=None)
def row_validator(model: type[SyncFields]) -> type[BaseModel]:
    """A plain pydantic model with exactly the fields (types, defaults, constraints) of the
    station's SQLModel class ``model``.

    Validating with a table class sets every field through SQLAlchemy's instrumentation (about
    ten times slower, which counts for a batch of 100,000 orders); a table class with
    validators of its own is used as it is, so nothing it checks is skipped.
    """
    decorators = model.__pydantic_decorators__
    if (decorators.field_validators or decorators.model_validators or decorators.validators
            or decorators.root_validators):
        return model
    fields: dict[str, Any] = {name: (info.annotation, copy.copy(info))
                              for name, info in model.model_fields.items()}
    return create_model(f"{model.__name__}Row", **fields)


def _describe(exc: ValidationError) -> tuple[str, str]:
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ())) or "(row)"
        parts.append(f"{where}: {error.get('msg', '')}")
    more = len(exc.errors()) - 3
    text = "; ".join(parts) + (f" (+{more})" if more > 0 else "")
    return text, text


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except (ValueError, AttributeError, TypeError):
        return False


def _is_hlc(text: Any) -> bool:
    if not isinstance(text, str) or not text or len(text) > 64:
        return False
    try:
        HLCTimestamp.decode(text)
    except ValueError:
        return False
    return True


def validate_row(model: type[SyncFields], payload: Mapping[str, Any],
                 where: str = "payload") -> dict[str, Any]:
    """The row as the station's ``model`` stores it, or :class:`Rejection` (push.validation)."""
    if not isinstance(payload, Mapping):
        raise Rejection(errors.validation(f"{where} 应该是一个对象", f"{where} must be an object"))
    unknown = sorted(set(payload) - set(model.model_fields))
    if unknown:
        names = ", ".join(unknown[:5])
        raise Rejection(errors.validation(f"{where} 有表里没有的字段：{names}",
                                          f"{where} has fields the table does not: {names}"))
    missing = [k for k in REQUIRED if k not in payload]
    if missing:
        names = ", ".join(missing)
        raise Rejection(errors.validation(f"{where} 缺少字段：{names}",
                                          f"{where} misses fields: {names}"))
    try:
        row = row_validator(model).model_validate(dict(payload)).model_dump(mode="json")
    except ValidationError as exc:
        zh, en = _describe(exc)
        raise Rejection(errors.validation(f"{where}：{zh}", f"{where}: {en}")) from None
    if not _is_uuid(row["id"]):
        raise Rejection(errors.validation(f"{where}.id 不是 UUID", f"{where}.id is not a UUID"))
    if not (1 <= row["version"] <= MAX_VERSION):
        raise Rejection(errors.validation(f"{where}.version 超出范围",
                                          f"{where}.version is out of range"))
    for name in _SYNC_CLOCK_FIELDS:
        if not _is_hlc(row[name]):
            raise Rejection(errors.validation(f"{where}.{name} 不是混合逻辑时钟时间戳",
                                              f"{where}.{name} is not an HLC timestamp"))
    try:
        clock = json.loads(row["field_clock"] or "{}")
    except ValueError:
        clock = None
    fields = data_fields(model)
    if not isinstance(clock, dict) or not all(
            k in fields and _is_hlc(v) for k, v in clock.items()):
        raise Rejection(errors.validation(
            f"{where}.field_clock 应该是“字段 → 时间戳”的 JSON 对象",
            f"{where}.field_clock must be a JSON object of data field → HLC"))
    return row


def _result(key: str, status: str, *, server_version: int | None = None,
            merged: dict[str, Any] | None = None, conflicts: Iterable[FieldConflict] = (),
            reason: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "key": key, "status": status, "server_version": server_version, "merged": merged,
        "conflicts": [{"field": c.field, "kept_value": c.kept_value, "kept_hlc": c.kept_hlc,
                       "lost_value": c.lost_value, "lost_hlc": c.lost_hlc,
                       "lost_side": c.lost_side} for c in conflicts],
        "reason": reason,
    }


def fast_forward(current: Mapping[str, Any], incoming: Mapping[str, Any],
                 authoritative: Iterable[str]) -> dict[str, Any]:
    """An update based on the server's latest version: take it, except ``authoritative``
    fields, which keep the server's value and the server's stamp."""
    row = dict(incoming)
    clock = json.loads(row.get("field_clock") or "{}")
    current_clock = json.loads(current.get("field_clock") or "{}")
    changed = False
    for name in authoritative:
        if name in current and row.get(name) != current[name]:
            row[name] = current[name]
            stamp = current_clock.get(name, current.get("created_hlc"))
            if stamp and stamp != row.get("created_hlc"):
                clock[name] = stamp
            else:
                clock.pop(name, None)
            changed = True
    if changed:
        row["field_clock"] = json.dumps(clock, sort_keys=True)
    return row


def _same_data(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    keys = (set(a) | set(b)) - {"version"}
    return all(a.get(k) == b.get(k) for k in keys)


# --------------------------------------------------------------------------- clocks

# How far ahead of the server's clock a pushed stamp may be.  Per-field merges pick the later
# stamp, so a computer whose date is wrong by days would win every field until then; an hour
# leaves room for kiosks whose clocks nobody sets, and the tests' ten-minute skew.
MAX_STAMP_AHEAD_MS = 60 * 60 * 1000


def _stamps(change: ChangeIn) -> list[str]:
    rows = change.payload.get("rows") if change.op == "insert_batch" else [change.payload]
    found = [change.hlc]
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        found += [row.get("created_hlc"), row.get("updated_hlc")]
        clock = row.get("field_clock")
        if isinstance(clock, str) and clock.startswith("{"):
            try:
                parsed = json.loads(clock)
            except ValueError:
                parsed = {}
            found += list(parsed.values()) if isinstance(parsed, dict) else []
    return [s for s in found if isinstance(s, str) and s]


def _check_stamps(change: ChangeIn, *, now_ms: int | None = None) -> None:
    """Refuse a change stamped too far in the future (its device's clock is wrong)."""
    now_ms = now_ms if now_ms is not None else int(time.time() * 1000)
    ahead = 0
    for stamp in _stamps(change):
        try:
            ahead = max(ahead, HLCTimestamp.decode(stamp).wall_ms - now_ms)
        except ValueError:
            continue  # malformed stamps are refused by the row validation
    if ahead > MAX_STAMP_AHEAD_MS:
        raise Rejection(errors.clock_ahead(ahead // 60_000))


# --------------------------------------------------------------------------- handler

class PushHandler:
    """Applies one device's pushed changes, one transaction each."""

    def __init__(self, engine: Engine, device: DeviceScope) -> None:
        self.engine = engine
        self.device = device

    def handle(self, change: ChangeIn) -> dict[str, Any]:
        try:
            computed = body_hash(change)
        except ValueError:  # UnicodeEncodeError included
            return _result(change.key, "rejected", reason=errors.reason(errors.validation(
                "内容含有空字符、无效的 Unicode 或非有限数字",
                "the change holds a NUL character, invalid Unicode or a non-finite number")))
        for attempt in range(MAX_ATTEMPTS):
            try:
                return self._once(change, computed)
            except Rejection as rejection:
                if rejection.message.code == "scope.denied":
                    self._audit_refusal(change)
                return _result(change.key, "rejected", reason=errors.reason(rejection.message))
            except Exception as exc:
                if attempt + 1 < MAX_ATTEMPTS and is_retryable(exc):
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _audit_refusal(self, change: ChangeIn) -> None:
        """Keep who tried to write outside their scope (its own transaction: the refused
        change's transaction was rolled back)."""
        target = change.payload.get("station_id") if change.op != "insert_batch" else (
            (change.payload.get("batch") or {}).get("station_id")
            if isinstance(change.payload.get("batch"), dict) else None)
        with write_tx(self.engine) as conn:
            conn.execute(insert(_security).values(
                id=str(uuid.uuid4()), at=utcnow(), kind="scope.denied",
                device_id=self.device.device_id, scope_kind=self.device.kind,
                owner_id=self.device.owner_id, entity=change.entity[:50],
                entity_id=change.entity_id[:64],
                target_station_id=str(target)[:36] if isinstance(target, str) else None,
                op=change.op[:20], idempotency_key=change.key[:200]))
        log.warning("refused out-of-scope %s of %s by device %s", change.op[:20],
                    change.entity[:50], self.device.device_id)

    def _once(self, change: ChangeIn, computed: str) -> dict[str, Any]:
        with write_tx(self.engine) as conn:
            prior = conn.execute(select(_idempotency.c.body_hash, _idempotency.c.result)
                                 .where(_idempotency.c.key == change.key)).first()
            if prior is not None:
                if prior.body_hash == computed:
                    return {**prior.result, "key": change.key, "status": "duplicate"}
                return _result(change.key, "key_reused",
                               reason=errors.reason(errors.key_reused()))
            if change.body_hash != computed:
                raise Rejection(errors.validation(
                    "body_hash 和内容对不上", "body_hash does not match the change"))
            _check_stamps(change)
            if change.op == "insert_batch":
                result = self._apply_batch(conn, change)
            else:
                result = self._apply(conn, change)
            conn.execute(insert(_idempotency).values(
                key=change.key, device_id=self.device.device_id, body_hash=computed,
                result=result, at=utcnow()))
            return result

    # ------------------------------------------------------------------ scope and parents

    def _check_scope(self, entity: str, op: str, row: Mapping[str, Any],
                     existing: Any, model: type[SyncFields]) -> None:
        device = self.device
        station_id = row["station_id"]
        if device.kind == "station":
            allowed = (station_id == device.owner_id
                       and (existing is None or existing.station_id == device.owner_id)
                       and (existing is not None or entity not in ADMIN_ONLY))
        else:
            allowed = station_id in device.station_ids and op != "delete"
            if existing is None:
                allowed = allowed and entity in BRANCH_CREATABLE
            else:
                allowed = (allowed and existing.station_id == station_id
                           and entity not in ADMIN_ONLY
                           and bool(decision_fields(entity, model)))
        if allowed and existing is not None and entity in APPEND_ONLY:
            allowed = all(existing.payload.get(k) == row.get(k)
                          for k in data_fields(model) | {"deleted"})
        if allowed and entity in ROW_RULES:
            column, by_kind = ROW_RULES[entity]
            allowed = row.get(column) in by_kind.get(device.kind, frozenset())
        if not allowed:
            raise Rejection(errors.scope_denied())

    def _check_parents(self, conn: Connection, entity: str, row: Mapping[str, Any],
                       skip: Iterable[str] = ()) -> None:
        """Every referenced record exists here, in the row's own station."""
        for column, parent in parent_columns(entity):
            value = row.get(column)
            if not value or column in skip:
                continue
            found = get_record(conn, parent, value)
            if found is None or found.station_id not in (row["station_id"], None):
                raise Rejection(errors.missing_parent(column))

    # ------------------------------------------------------------------ one record

    def _apply(self, conn: Connection, change: ChangeIn) -> dict[str, Any]:
        model = SYNCABLE_TABLES.get(change.entity)
        if model is None:
            raise Rejection(errors.unknown_entity(change.entity))
        if change.op not in ("insert", "update", "delete"):
            raise Rejection(errors.validation(f"不认识的操作 {change.op[:20]!r}",
                                              f"unknown op {change.op[:20]!r}"))
        row = validate_row(model, change.payload)
        if row["id"] != change.entity_id:
            raise Rejection(errors.validation("payload.id 和 entity_id 不一致",
                                              "payload.id differs from entity_id"))
        if row["version"] != change.version or change.base_version >= change.version:
            raise Rejection(errors.validation(
                "版本号不对（payload.version 应等于 version，且大于 base_version）",
                "payload.version must equal version, and version exceed base_version"))
        if change.op == "delete" and not row["deleted"]:
            raise Rejection(errors.validation("删除操作的 payload.deleted 应为 true",
                                              "a delete needs payload.deleted = true"))
        existing = get_record(conn, change.entity, change.entity_id, for_update=True)
        self._check_scope(change.entity, change.op, row, existing, model)

        decided = decision_fields(change.entity, model)
        authoritative = decided if self.device.kind == "station" else data_fields(model) - decided
        conflicts: tuple[FieldConflict, ...] = ()
        if existing is None:
            new, status = dict(row), "applied"
        else:
            current = existing.payload
            if change.base_version >= existing.version:
                new = fast_forward(current, row, authoritative)
                status = "applied" if _same_data(new, row) else "merged"
            else:
                merge = merge_rows(current, row, authoritative=authoritative)
                new, conflicts, status = merge.row, merge.conflicts, "merged"
            if self.device.kind == "branch":
                new["deleted"] = current.get("deleted", False)
            if status == "applied":
                new["version"] = max(existing.version + 1, change.version)
            else:
                new["version"] = max(existing.version, change.version) + 1
        self._check_parents(conn, change.entity, new)

        if existing is None:
            insert_records(conn, change.entity, [new], self.device.device_id)
        else:
            update_record(conn, change.entity, new, self.device.device_id)
        if conflicts:
            self._log_conflicts(conn, change.entity, new, conflicts,
                                existing.updated_by_device if existing is not None else None)
        log_changes(conn, [(change.entity, new)])
        return _result(change.key, status, server_version=new["version"],
                       merged=new if status == "merged" else None,
                       conflicts=[c for c in conflicts if c.lost_side == "incoming"])

    def _log_conflicts(self, conn: Connection, entity: str, row: Mapping[str, Any],
                       conflicts: Iterable[FieldConflict], current_device: str | None) -> None:
        now = utcnow()
        conn.execute(insert(_conflicts), [{
            "id": str(uuid.uuid4()), "entity": entity, "entity_id": row["id"],
            "station_id": row["station_id"] or None, "field": c.field,
            "kept_value": c.kept_value, "kept_hlc": c.kept_hlc,
            "lost_value": c.lost_value, "lost_hlc": c.lost_hlc, "lost_side": c.lost_side,
            "incoming_device_id": self.device.device_id,
            "incoming_station_id": self.device.station_id,
            "current_device_id": current_device, "server_version": row["version"],
            "at": now, "resolved": False} for c in conflicts])

    # ------------------------------------------------------------------ a batch of orders

    def _apply_batch(self, conn: Connection, change: ChangeIn) -> dict[str, Any]:
        """``insert_batch``: one import's batch row and its orders.

        Orders are immutable imports: rows the server already has are kept as they are, so a
        batch too large for one request can come as several ``insert_batch`` changes (each
        with its own key) carrying the same batch row and a part of the orders.
        """
        if change.entity != "sales_order":
            raise Rejection(errors.validation("insert_batch 只用于 sales_order",
                                              "insert_batch is for entity sales_order"))
        payload = change.payload
        if (set(payload) != {"batch", "rows"} or not isinstance(payload["batch"], dict)
                or not isinstance(payload["rows"], list)):
            raise Rejection(errors.validation(
                "insert_batch 的 payload 应为 {batch, rows}",
                "an insert_batch payload is {batch: <import_batch row>, rows: [...]}"))
        owner = self.device.station_id
        batch = validate_row(ImportBatch, payload["batch"], "payload.batch")
        if batch["id"] != change.entity_id:
            raise Rejection(errors.validation("payload.batch.id 和 entity_id 不一致",
                                              "payload.batch.id differs from entity_id"))
        if owner is None or batch["station_id"] != owner:
            raise Rejection(errors.scope_denied())
        rows: list[dict[str, Any]] = []
        seen: set[str] = set()
        for i, raw in enumerate(payload["rows"]):
            row = validate_row(SalesOrder, raw, f"payload.rows[{i}]")
            if row["station_id"] != owner:
                raise Rejection(errors.scope_denied())
            if row["import_batch_id"] != batch["id"] or row["id"] in seen:
                raise Rejection(errors.validation(
                    f"payload.rows[{i}] 不属于这个批次或重复了",
                    f"payload.rows[{i}] is not of this batch or repeats an id"))
            seen.add(row["id"])
            rows.append(row)
        self._check_parents(conn, "import_batch", batch)
        for shop_id in sorted({r["shop_id"] for r in rows}):
            self._check_parents(conn, "sales_order", {"shop_id": shop_id, "station_id": owner},
                                skip=("import_batch_id",))
        existing = get_record(conn, "import_batch", batch["id"], for_update=True)
        if existing is not None and existing.station_id != owner:
            raise Rejection(errors.scope_denied())
        found = existing_ids(conn, "sales_order", [r["id"] for r in rows])
        if any(station != owner for station in found.values()):
            raise Rejection(errors.scope_denied())
        fresh = [r for r in rows if r["id"] not in found]
        new_batch = [batch] if existing is None else []
        insert_records(conn, "import_batch", new_batch, self.device.device_id)
        insert_records(conn, "sales_order", fresh, self.device.device_id)
        log_changes(conn, [("import_batch", b) for b in new_batch]
                    + [("sales_order", r) for r in fresh])
        version = existing.version if existing is not None else batch["version"]
        return _result(change.key, "applied", server_version=int(version))

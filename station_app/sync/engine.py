"""The sync engine: push the outbox, pull the change feed, keep the conflict log.

Implements docs/sync-protocol.md (§3 push, §4 pull, §6 conflicts, §7 states) on top of the
station database.  Everything here runs on a worker thread (the UI calls it through
``state.runner``); it never imports Qt.

``station_app.sync`` may not import ``station_app.services`` (import-linter: the two are
independent siblings of one layer).  The one use that needs the services' write path —
resolving a conflict with a new local update — takes it as ``writer`` (pass
``station_app.services.writes``).  Pulled rows deliberately bypass that path: they are the
server's copy and must never create outbox entries (§4).
"""

from __future__ import annotations

import base64
import json
import logging
import platform
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Mapping, Protocol

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from station_app import __version__
from station_app.domain.hlc import ClockDriftError, HLCTimestamp
from station_app.domain.merge import SYNC_COLUMNS, merge_rows
from station_app.domain.messages import Message
from station_app.domain.roles import Permission, can
from station_app.store.crypto import FieldCipher
from station_app.store.db import (
    HOME_ID_META,
    KEY_DEVICE_META,
    SYNC_CURSOR_META,
    Database,
    _meta,
    _set_meta,
    remember_clock,
)
from station_app.store.models import (
    OUTBOX_DISCARDED,
    OUTBOX_DONE,
    OUTBOX_PENDING,
    OUTBOX_QUARANTINED,
    OUTBOX_SENDING,
    SYNCABLE_TABLES,
    AuditEntry,
    ImportBatch,
    OutboxEntry,
    SalesOrder,
    Station,
    SyncConflict,
    SyncFields,
)
from station_app.store.rekey import rekey
from station_app.sync import protocol
from station_app.sync.client import SyncClient
from station_app.sync.credentials import CredentialError, Credentials, CredentialStore, credential_store_for
from station_app.sync.errors import (
    CredentialsUnusable,
    DemoStationRefused,
    EnrollCodeInvalid,
    EnrollmentRefused,
    NetworkError,
    NotEnrolled,
    ProtocolError,
    ServerError,
    SyncError,
)
from station_app.sync.protocol import backoff_delay  # noqa: F401  (re-exported)

log = logging.getLogger(__name__)

__all__ = [
    "DECISION_FIELDS", "LocalWriter", "PullOutcome", "PushOutcome", "SyncEngine", "SyncReport",
    "SyncStatus", "backoff_delay", "enroll",
]

# local_meta keys
META_CURSOR = SYNC_CURSOR_META
META_LAST_SUCCESS = "sync_last_success"
META_SERVER_ID = "sync_server_id"
META_STATION_ID = "sync_station_id"
# The device part of outbox keys once a backup was restored (issue 8, see
# ``store.db.restart_after_restore``); unset = the credential's device id.
META_KEY_DEVICE = KEY_DEVICE_META
# Whose staff may log in here: the station's id, or the branch's id on a branch computer.
META_HOME_ID = HOME_ID_META

UNSENT = (OUTBOX_PENDING, OUTBOX_SENDING, OUTBOX_QUARANTINED)
SENDABLE = (OUTBOX_PENDING, OUTBOX_SENDING)
DONE_KEPT_DAYS = 30

# §6: decision fields are server-authoritative; "*" = every data field of the table.
DECISION_FIELDS: dict[str, frozenset[str] | str] = {
    "station": "*",
    "user_account": frozenset({"role", "active"}),
}

# The conflict-log field of a pulled row that could not be stored at all.
WHOLE_RECORD = "*"

# Engine states (§7).
OFFLINE, IDLE, PUSHING, PULLING, BACKOFF, NOT_ENROLLED = (
    "offline", "idle", "pushing", "pulling", "backoff", "not_enrolled")

_UNREAD = object()

Progress = Callable[[str, int, int], None]  # (stage "push"/"pull", done, total)


class LocalWriter(Protocol):
    """What the engine needs of ``station_app.services.writes`` (passed in, see module doc)."""

    def update(self, session: Session, db: Database, actor: Any, obj: SyncFields,
               values: dict[str, Any], *, base_version: int, action: str = "update") -> Any: ...


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    state: str
    online: bool | None  # None: not checked yet
    last_success: datetime | None
    pending: int
    quarantined: int
    conflicts: int
    server_url: str = ""
    station_id: str = ""
    scope_kind: str = ""
    error: Message | None = None


@dataclass
class PushOutcome:
    sent: int = 0
    applied: int = 0
    duplicate: int = 0
    merged: int = 0
    quarantined: int = 0
    held: int = 0  # rejected only because a record they depend on was rejected too
    conflicts: int = 0
    more: bool = False


@dataclass
class PullOutcome:
    received: int = 0
    inserted: int = 0
    replaced: int = 0
    merged: int = 0
    skipped: int = 0
    conflicts: int = 0
    cursor: int = 0
    more: bool = False


@dataclass
class SyncReport:
    push: PushOutcome = field(default_factory=PushOutcome)
    pull: PullOutcome = field(default_factory=PullOutcome)
    finished_at: datetime | None = None

    @property
    def changed_local_data(self) -> bool:
        return bool(self.pull.inserted or self.pull.replaced or self.pull.merged
                    or self.push.merged)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _node(stamp: str | None) -> str:
    try:
        return HLCTimestamp.decode(stamp).node if stamp else ""
    except ValueError:
        return ""


def _audit(session: Session, db: Database, actor: Any, action: str, entity: str,
           entity_id: str = "", changes: Mapping[str, Any] | None = None, *,
           station_id: str = "") -> None:
    """An audit entry in the same shape as ``services.writes.audit`` (which sync may not
    import).  Callers never pass sensitive values here, only field names and states."""
    session.add(AuditEntry(
        station_id=station_id or (getattr(actor, "station_id", "") if actor else ""),
        at=utcnow(), hlc=db.hlc(),
        user_id=getattr(actor, "user_id", "") if actor else "",
        username=getattr(actor, "username", "") if actor else "",
        action=action, entity=entity, entity_id=entity_id,
        changes=json.dumps(dict(changes or {}), ensure_ascii=False, default=str)))


def _model_fields(model: type[SyncFields]) -> list[str]:
    return list(model.model_fields)


def _validated(model: type[SyncFields], row: Mapping[str, Any]) -> SyncFields:
    known = set(_model_fields(model))
    data = {k: v for k, v in row.items() if k in known}
    if isinstance(data.get("field_clock"), dict):
        data["field_clock"] = json.dumps(data["field_clock"], sort_keys=True)
    return model.model_validate(data)


def _write_row(session: Session, model: type[SyncFields], row: Mapping[str, Any],
               existing: SyncFields | None) -> SyncFields:
    """Store ``row`` (a JSON row as the server sends it) as-is: no outbox, no clock."""
    obj = _validated(model, row)
    if existing is None:
        session.add(obj)
        return obj
    for name in _model_fields(model):
        if name != "id":
            setattr(existing, name, getattr(obj, name))
    session.add(existing)
    return existing


def _observe(db: Database, *stamps: Any) -> None:
    for stamp in stamps:
        if not isinstance(stamp, str) or not stamp:
            continue
        try:
            db.clock.observe(stamp)
        except ClockDriftError:
            log.warning("a pulled stamp is more than a day ahead of this clock; not followed")
        except ValueError:
            log.warning("a pulled stamp is malformed: %r", stamp[:80])


def _decision_fields(entity: str, fields: Iterable[str]) -> frozenset[str]:
    spec = DECISION_FIELDS.get(entity)
    if spec == "*":
        return frozenset(f for f in fields if f not in SYNC_COLUMNS)
    return frozenset(spec or ())


def _reason(code: str, zh: str, en: str) -> str:
    return json.dumps({"code": code, "zh": zh, "en": en}, ensure_ascii=False)


def reason_message(last_error: str) -> Message | None:
    """The server's reason stored with a quarantined entry, as a Message (None if none)."""
    if not last_error:
        return None
    try:
        data = json.loads(last_error)
    except ValueError:
        return Message("sync.reason", last_error, last_error)
    if not isinstance(data, dict):
        return Message("sync.reason", str(data), str(data))
    code = str(data.get("code") or "")
    zh = str(data.get("zh") or data.get("en") or code)
    en = str(data.get("en") or data.get("zh") or code)
    return Message(code, zh, en)


class SyncEngine:
    """Push, pull and bookkeeping for one station database.

    ``credentials`` is a :class:`CredentialStore` (default: the one beside the database's
    key), or fixed :class:`Credentials`.  ``client_factory`` makes the HTTP client (tests
    may wrap it).  ``writer`` is ``station_app.services.writes`` (needed only by
    :meth:`resolve_conflict`).
    """

    def __init__(self, db: Database, credentials: CredentialStore | Credentials | None = None,
                 *, writer: LocalWriter | None = None,
                 client_factory: Callable[[Credentials], SyncClient] | None = None) -> None:
        self.db = db
        if credentials is None:
            credentials = credential_store_for(db)
        self._fixed = credentials if isinstance(credentials, Credentials) else None
        self.store = credentials if isinstance(credentials, CredentialStore) else None
        self.writer = writer
        self._cached: object = _UNREAD
        self._client_factory = client_factory or self._default_client
        self._client: SyncClient | None = None
        self._client_for: Credentials | None = None
        self._lock = threading.Lock()
        self.state = IDLE
        self.online: bool | None = None
        self.last_error: SyncError | None = None
        # Batches acknowledged plus pages applied, ever: a sync that fails after raising it
        # made progress, so the caller retries soon instead of backing off further.
        self.steps_done = 0

    # ------------------------------------------------------------------ credentials, client

    @staticmethod
    def _default_client(credentials: Credentials) -> SyncClient:
        return SyncClient(credentials.server_url, credentials.token)

    def credentials(self) -> Credentials | None:
        """The stored credential (read once, then cached; see :meth:`forget_credentials`)."""
        if self._fixed is not None:
            return self._fixed
        assert self.store is not None
        if self._cached is not _UNREAD:
            return self._cached  # type: ignore[return-value]
        try:
            found = self.store.load()
        except CredentialError as exc:
            raise CredentialsUnusable(detail=str(exc)) from exc
        self._cached = found
        return found

    def forget_credentials(self) -> None:
        """Read the credential again next time (after an enrollment elsewhere)."""
        self._cached = _UNREAD
        self.state = IDLE
        self.last_error = None

    def _require_credentials(self) -> Credentials:
        creds = self.credentials()
        if creds is None:
            self.state = NOT_ENROLLED
            raise NotEnrolled()
        return creds

    def client(self, creds: Credentials | None = None) -> SyncClient:
        creds = creds or self._require_credentials()
        if self._client is None or self._client_for != creds:
            if self._client is not None:
                self._client.close()
            self._client = self._client_factory(creds)
            self._client_for = creds
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @staticmethod
    def key_prefix(creds: Credentials, key_device: str | None = None) -> str:
        """``<station_id>:<device_id>``: each computer numbers its own outbox, so two
        computers of one station must never hand out the same key (protocol §1).
        ``key_device`` (``local_meta.sync_key_device``, set by a restore) replaces the
        credential's device id in keys only: the token still names the same device."""
        device = key_device or creds.device_id
        return f"{creds.station_id}:{device}" if creds.station_id else device

    # ------------------------------------------------------------------ status

    def is_enrolled(self) -> bool:
        try:
            return self.credentials() is not None
        except CredentialsUnusable:
            return False

    def status(self) -> SyncStatus:
        try:
            creds = self.credentials()
            error = self.last_error.message if self.last_error else None
        except CredentialsUnusable as exc:
            creds, error = None, exc.message
        with Session(self.db.engine) as session:
            counts = dict(session.exec(
                select(OutboxEntry.status, func.count()).group_by(OutboxEntry.status)).all())
            conflicts = session.exec(select(func.count()).select_from(SyncConflict)
                                     .where(SyncConflict.resolved_at == None)).one()  # noqa: E711
            last = _meta(session, META_LAST_SUCCESS)
        state = self.state if creds is not None else NOT_ENROLLED
        return SyncStatus(
            enrolled=creds is not None, state=state, online=self.online,
            last_success=datetime.fromisoformat(last) if last else None,
            pending=counts.get(OUTBOX_PENDING, 0) + counts.get(OUTBOX_SENDING, 0),
            quarantined=counts.get(OUTBOX_QUARANTINED, 0), conflicts=conflicts,
            server_url=creds.server_url if creds else "",
            station_id=creds.station_id if creds else "",
            scope_kind=creds.scope_kind if creds else "", error=error)

    def quarantined(self) -> list[OutboxEntry]:
        with Session(self.db.engine) as session:
            return list(session.exec(select(OutboxEntry)
                                     .where(OutboxEntry.status == OUTBOX_QUARANTINED)
                                     .order_by(OutboxEntry.seq)))

    def conflicts(self, *, open_only: bool = True) -> list[SyncConflict]:
        with Session(self.db.engine) as session:
            query = select(SyncConflict).order_by(SyncConflict.at.desc())  # type: ignore[attr-defined]
            if open_only:
                query = query.where(SyncConflict.resolved_at == None)  # noqa: E711
            return list(session.exec(query))

    # ------------------------------------------------------------------ whole sync

    def check_online(self) -> bool:
        creds = self._require_credentials()
        try:
            self.client(creds).health()
        except (NetworkError, ServerError, ProtocolError) as exc:
            self.online = False
            self.state = OFFLINE
            self.last_error = exc
            return False
        self.online = True
        return True

    def sync_now(self, progress: Progress | None = None) -> SyncReport:
        """Push until nothing sendable is left, then pull until the feed says no more.

        Network errors and server failures propagate (the caller backs off and calls again;
        nothing is lost or applied twice).  One sync at a time per engine.
        """
        with self._lock:
            report = SyncReport()
            creds = self._require_credentials()
            try:
                try:
                    health = self.client(creds).health()
                except NetworkError:
                    self.online = False
                    self.state = OFFLINE
                    raise
                self.online = True
                if health.get("protocol") not in (None, protocol.PROTOCOL_VERSION):
                    raise ProtocolError(Message(
                        "sync.protocol_version",
                        "中心服务器的版本和本软件不配套，暂时不能同步。请联系技术支持升级。",
                        "The central server speaks another protocol version; the app must be "
                        "updated before it can sync."), detail=f"protocol {health.get('protocol')!r}")
                self.state = PUSHING
                total = self._sendable_count()
                done = 0
                if progress:
                    progress("push", 0, total)
                rounds = 0
                while True:
                    outcome = self.push_once()
                    rounds += 1
                    _add(report.push, outcome)
                    done += outcome.sent
                    if progress:
                        progress("push", min(done, max(total, done)), max(total, done))
                    if not outcome.more or outcome.sent == 0 or rounds > 10_000:
                        break
                if progress:  # entries held back behind a quarantined one stay pending
                    progress("push", max(total, done), max(total, done))
                self.state = PULLING
                pages = 0
                while True:
                    outcome_p = self.pull_once()
                    pages += 1
                    _add(report.pull, outcome_p)
                    if progress:
                        progress("pull", report.pull.received, report.pull.received
                                 + (protocol.PAGE_LIMIT if outcome_p.more else 0))
                    if not outcome_p.more or pages > 100_000:
                        break
            except (NetworkError, ServerError) as exc:
                self.state = OFFLINE if isinstance(exc, NetworkError) and not self.online else BACKOFF
                self.last_error = exc
                raise
            except SyncError as exc:
                self.state = IDLE
                self.last_error = exc
                raise
            except Exception:
                self.state = IDLE
                raise
            now = utcnow()
            with self.db.session() as session:
                _set_meta(session, META_LAST_SUCCESS, now.isoformat())
            self.prune_done()
            self.state = IDLE
            self.last_error = None
            report.finished_at = now
            return report

    def _sendable_count(self) -> int:
        with Session(self.db.engine) as session:
            return session.exec(select(func.count()).select_from(OutboxEntry)
                                .where(OutboxEntry.status.in_(SENDABLE))).one()  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ push

    def push_once(self) -> PushOutcome:
        """Send the next batch of sendable outbox entries (in ``seq`` order) and record the
        results.  ``more`` says whether sendable entries remain."""
        creds = self._require_credentials()
        client = self.client(creds)
        batch = self._next_batch()
        if not batch:
            return PushOutcome()
        with Session(self.db.engine) as session:  # read per push: a restore may change it
            prefix = self.key_prefix(creds, _meta(session, META_KEY_DEVICE))
        changes = [self._change(prefix, entry) for entry in batch]
        try:
            if len(batch) == 1 and _oversized_batch(batch[0]):
                results = [self._push_in_parts(client, creds, changes[0])]
            else:
                results = client.push(creds.device_id, changes)
        except SyncError as exc:
            self._back_to_pending(batch, exc)
            raise
        outcome = self._apply_push_results(batch, changes, results)
        self.steps_done += 1
        outcome.more = self._sendable_count() > 0
        return outcome

    def _next_batch(self) -> list[OutboxEntry]:
        """Pick the next ≤200 entries (≤~2 MB) that are not held back, mark them
        ``sending`` (attempts + 1) and expand ``insert_batch`` payloads, in one transaction."""
        picked: list[OutboxEntry] = []
        with self.db.session() as session:
            has_quarantine = session.exec(
                select(func.count()).select_from(OutboxEntry)
                .where(OutboxEntry.status == OUTBOX_QUARANTINED)).one() > 0
            statuses = UNSENT if has_quarantine else SENDABLE
            hold = protocol.HoldBack()
            size = 0
            last_seq = 0
            while len(picked) < protocol.MAX_BATCH_ENTRIES:
                chunk = list(session.exec(
                    select(OutboxEntry).where(OutboxEntry.status.in_(statuses),  # type: ignore[attr-defined]
                                              OutboxEntry.seq > last_seq)
                    .order_by(OutboxEntry.seq).limit(500)))
                if not chunk:
                    break
                full = False
                for entry in chunk:
                    last_seq = entry.seq or last_seq
                    if has_quarantine and hold.waits(_entry_ref(entry)):
                        continue
                    if entry.op == "insert_batch":
                        self._expand_batch(session, entry)
                    cost = len(entry.payload.encode("utf-8"))
                    if picked and (size + cost > protocol.MAX_BATCH_BYTES
                                   or len(picked) >= protocol.MAX_BATCH_ENTRIES):
                        full = True
                        break
                    picked.append(entry)
                    size += cost
                if full:
                    break
            for entry in picked:
                entry.status = OUTBOX_SENDING
                entry.attempts += 1
                session.add(entry)
        return picked

    def _expand_batch(self, session: Session, entry: OutboxEntry) -> None:
        """An ``insert_batch`` entry is queued small (``{"import_batch_id", "rows"}``); the
        first send stores the full body (§3: the batch row and its orders), so a resend after
        a crash carries the very same body and hash."""
        payload = json.loads(entry.payload)
        if "batch" in payload:
            return
        batch_id = payload.get("import_batch_id") or entry.entity_id
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise ProtocolError(detail=f"import batch {batch_id} of outbox entry {entry.seq} is missing")
        rows = session.exec(select(SalesOrder).where(SalesOrder.import_batch_id == batch_id)
                            .order_by(SalesOrder.id))
        entry.payload = json.dumps({"batch": batch.model_dump(mode="json"),
                                    "rows": [r.model_dump(mode="json") for r in rows]},
                                   ensure_ascii=False)
        session.add(entry)

    def _change(self, prefix: str, entry: OutboxEntry) -> dict[str, Any]:
        payload = json.loads(entry.payload)
        assert entry.seq is not None
        return {
            "key": protocol.idempotency_key(prefix, entry.seq),
            "entity": entry.entity, "entity_id": entry.entity_id, "op": entry.op,
            "base_version": entry.base_version, "version": entry.version, "hlc": entry.hlc,
            "payload": payload,
            "body_hash": protocol.body_hash(entry.entity, entry.entity_id, entry.op,
                                            entry.base_version, entry.version, payload),
        }

    def _push_in_parts(self, client: SyncClient, creds: Credentials,
                       change: dict[str, Any]) -> dict[str, Any]:
        """An import too large for one request goes as several ``insert_batch`` changes
        (§3), each with the same batch row, a part of the orders and its own key
        ``<key>/<n>``; the parts are cut the same way on every resend.  Returns one result
        for the whole entry: done when every part is, else the first refusal."""
        parts = _batch_parts(change)
        results: list[Any] = []
        for part in parts:
            results += client.push(creds.device_id, [part])
        if len(results) != len(parts) or any(
                not isinstance(r, dict) or r.get("key") != p["key"] for r, p in zip(results, parts)):
            raise ProtocolError(detail="push results do not match the sent parts")
        refused = next((r for r in results if r.get("status") not in ("applied", "duplicate")),
                       None)
        if refused is not None:
            return {**refused, "key": change["key"]}
        status = "applied" if any(r.get("status") == "applied" for r in results) else "duplicate"
        return {"key": change["key"], "status": status, "server_version": 1, "merged": None,
                "conflicts": [], "reason": None}

    def _back_to_pending(self, batch: list[OutboxEntry], exc: SyncError) -> None:
        """The request failed as a whole (network, 5xx, …): every entry stays pending."""
        try:
            with self.db.session() as session:
                for entry in batch:
                    row = session.get(OutboxEntry, entry.seq)
                    if row is not None and row.status == OUTBOX_SENDING:
                        row.status = OUTBOX_PENDING
                        row.last_error = _reason(exc.code, exc.message.zh, exc.message.en)
                        session.add(row)
        except Exception:  # they are picked up as "sending" next time anyway
            log.exception("could not mark a failed batch pending again")

    def _apply_push_results(self, batch: list[OutboxEntry], changes: list[dict[str, Any]],
                            results: list[Any]) -> PushOutcome:
        """Record one result per sent entry, all in one local transaction."""
        if len(results) != len(batch) or any(
                not isinstance(r, dict) or r.get("key") != c["key"]
                for r, c in zip(results, changes)):
            exc = ProtocolError(detail="push results do not match the sent changes")
            self._back_to_pending(batch, exc)
            raise exc
        outcome = PushOutcome(sent=len(batch))
        with self.db.session() as session:
            blocked = {e.entity_id for e in session.exec(
                select(OutboxEntry).where(OutboxEntry.status == OUTBOX_QUARANTINED))}
            hold = protocol.HoldBack(blocked)
            for sent, result in zip(batch, results):
                entry = session.get(OutboxEntry, sent.seq)
                if entry is None:  # cannot happen: entries are never deleted before done
                    continue
                status = result.get("status")
                if status in ("applied", "duplicate"):
                    entry.status, entry.last_error = OUTBOX_DONE, ""
                    setattr(outcome, status, getattr(outcome, status) + 1)
                    if status == "duplicate" and (isinstance(result.get("merged"), dict)
                                                  or result.get("conflicts")):
                        # The stored result of a push that was merged, whose first answer
                        # was lost on the way: the merged row and the conflicts (where our
                        # value lost) are in it, and nowhere else for this device.
                        outcome.conflicts += self._store_merged(session, entry, result,
                                                                replayed=True)
                elif status == "merged":
                    entry.status, entry.last_error = OUTBOX_DONE, ""
                    outcome.merged += 1
                    outcome.conflicts += self._store_merged(session, entry, result)
                elif status in ("rejected", "key_reused"):
                    reason = result.get("reason") if isinstance(result.get("reason"), dict) else {}
                    code = str(reason.get("code") or ("push.key_reused" if status == "key_reused"
                                                      else "push.rejected"))
                    entry.last_error = _reason(code, str(reason.get("zh") or code),
                                               str(reason.get("en") or code))
                    if status == "key_reused":
                        log.error("SERVER SAYS KEY REUSED for outbox entry %s (%s %s): a client "
                                  "bug; the entry is quarantined", entry.seq, entry.entity,
                                  entry.entity_id)
                    if status == "rejected" and hold.waits(_entry_ref(entry)):
                        # Rejected because what it depends on was rejected in this batch:
                        # it waits (pending) instead of being quarantined on its own.
                        entry.status = OUTBOX_PENDING
                        outcome.held += 1
                    else:
                        entry.status = OUTBOX_QUARANTINED
                        hold.block(entry.entity_id)
                        outcome.quarantined += 1
                        log.warning("outbox entry %s (%s) quarantined: %s", entry.seq,
                                    entry.entity, code)
                else:
                    entry.status = OUTBOX_QUARANTINED
                    entry.last_error = _reason("sync.unknown_result", "服务器返回了无法识别的结果。",
                                               f"Unknown push result status {status!r}.")
                    hold.block(entry.entity_id)
                    outcome.quarantined += 1
                session.add(entry)
                session.flush()
            remember_clock(self.db, session)
        return outcome

    def _store_merged(self, session: Session, entry: OutboxEntry, result: Mapping[str, Any],
                      *, replayed: bool = False) -> int:
        """Write the server's merged row locally (no outbox entry) and log the conflicts.

        ``replayed``: the result is a stored one coming back as ``duplicate``; the row may
        have moved on since it was merged, so it is written only over an older local row."""
        merged = result.get("merged")
        model = SYNCABLE_TABLES.get(entry.entity)
        conflicts = 0
        if not isinstance(merged, dict) or model is None or merged.get("id") != entry.entity_id:
            merged = None
        if merged is not None and model is not None:
            _observe(self.db, merged.get("updated_hlc"))
            if result.get("server_version") is not None:
                merged = {**merged, "version": result["server_version"]}
            try:
                _validated(model, merged)
            except ValidationError:
                # Not storable here (a newer server?): the change feed brings the row again.
                log.error("merged row of %s %s does not fit the local table; left to the pull",
                          entry.entity, entry.entity_id)
                merged = None
        if merged is not None and model is not None:
            local = session.get(model, entry.entity_id)
            later_unsent = session.exec(
                select(func.count()).select_from(OutboxEntry).where(
                    OutboxEntry.entity_id == entry.entity_id, OutboxEntry.seq > entry.seq,
                    OutboxEntry.status.in_(UNSENT))).one()  # type: ignore[attr-defined]
            if local is not None and later_unsent:
                # Newer local edits are still on their way: keep them on top of the merged
                # row (the server reports their conflicts when they arrive).
                row = merge_rows(local.model_dump(mode="json"), merged).row
                row["version"] = max(local.version, int(merged.get("version") or 0))
                _write_row(session, model, row, local)
            elif (replayed and local is not None
                  and local.version >= int(merged.get("version") or 0)):
                pass  # a newer server row was pulled since: never write an older one over it
            else:
                _write_row(session, model, merged, local)
        for item in result.get("conflicts") or ():
            if isinstance(item, dict) and self._record_conflict(
                    session, entry.entity, entry.entity_id, item,
                    side=_push_side(item.get("lost_side"))):
                conflicts += 1
        return conflicts

    def _record_losses(self, session: Session, change: Mapping[str, Any],
                       outcome: PullOutcome) -> None:
        """Values this device pushed that a later, concurrent edit elsewhere overwrote: the
        person here sees what was lost and may keep it after all."""
        for item in change.get("lost") or ():
            if isinstance(item, dict) and self._record_conflict(
                    session, str(change.get("entity")), str(change.get("entity_id")), item,
                    side="local"):
                outcome.conflicts += 1

    def _record_conflict(self, session: Session, entity: str, entity_id: str,
                         item: Mapping[str, Any], *, side: str) -> bool:
        """Add a conflict to the local log unless it is our own sequential edit or already
        logged (the same clash comes back once from the pull and once from the push)."""
        name = str(item.get("field") or "")
        kept_hlc, lost_hlc = str(item.get("kept_hlc") or ""), str(item.get("lost_hlc") or "")
        if not name:
            return False
        if kept_hlc and _node(kept_hlc) and _node(kept_hlc) == _node(lost_hlc):
            return False  # one device's own edits in sequence, not a clash
        same = session.exec(select(SyncConflict).where(
            SyncConflict.entity_id == entity_id, SyncConflict.field == name,
            SyncConflict.kept_hlc == kept_hlc, SyncConflict.lost_hlc == lost_hlc)).first()
        if same is not None:
            return False
        session.add(SyncConflict(
            entity=entity, entity_id=entity_id, field=name,
            kept_value=json.dumps(item.get("kept_value"), ensure_ascii=False),
            lost_value=json.dumps(item.get("lost_value"), ensure_ascii=False),
            kept_hlc=kept_hlc, lost_hlc=lost_hlc, lost_side=side, at=utcnow()))
        _audit(session, self.db, None, "sync_conflict", entity, entity_id,
               {"field": name, "lost_side": side})
        return True

    # ------------------------------------------------------------------ pull

    def pull_once(self) -> PullOutcome:
        """Fetch one page of the change feed and apply it, with the new cursor, in one
        local transaction (§4)."""
        creds = self._require_credentials()
        client = self.client(creds)
        with Session(self.db.engine) as session:
            cursor = int(_meta(session, META_CURSOR) or 0)
        answer = client.changes(after=cursor, limit=protocol.PAGE_LIMIT)
        changes = answer["changes"]
        try:
            new_cursor = int(answer["cursor"])
        except (TypeError, ValueError) as exc:
            raise ProtocolError(detail="cursor is not a number") from exc
        outcome = PullOutcome(received=len(changes), cursor=new_cursor,
                              more=bool(answer.get("more")))
        if new_cursor < cursor:
            raise ProtocolError(detail=f"the change feed went backwards ({cursor} → {new_cursor})")
        with self.db.session() as session:
            # Rows of a page may arrive child before parent; check keys at commit.
            session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for change in changes:
                if not isinstance(change, dict):
                    raise ProtocolError(detail="a change is not an object")
                try:
                    with session.begin_nested():
                        self._apply_pulled(session, change, outcome)
                        self._record_losses(session, change, outcome)
                except ValidationError as exc:
                    raise ProtocolError(detail=f"change {change.get('seq')} "
                                        f"({str(change.get('entity'))[:50]}) does not fit "
                                        f"the local table: {exc.error_count()} error(s)") from exc
                except IntegrityError:
                    # It clashes with a record of this computer (e.g. a unique rule): keep
                    # the page going, and the row in the conflict log, not lost.
                    self._record_unstorable(session, change)
                    outcome.skipped += 1
                    outcome.conflicts += 1
            _set_meta(session, META_CURSOR, str(new_cursor))
            remember_clock(self.db, session)
        self.steps_done += 1
        return outcome

    def _record_unstorable(self, session: Session, change: Mapping[str, Any]) -> None:
        entity, entity_id = str(change.get("entity")), str(change.get("entity_id"))
        log.error("pulled %s %s clashes with a local record; kept in the conflict log",
                  entity[:50], entity_id[:36])
        self._record_conflict(session, entity, entity_id, {
            "field": WHOLE_RECORD, "kept_value": None, "kept_hlc": "",
            "lost_value": change.get("payload"), "lost_hlc": str(change.get("hlc") or "")},
            side="remote")

    def _apply_pulled(self, session: Session, change: Mapping[str, Any], outcome: PullOutcome) -> None:
        entity = str(change.get("entity") or "")
        model = SYNCABLE_TABLES.get(entity)
        payload = change.get("payload")
        entity_id = str(change.get("entity_id") or "")
        if model is None or not isinstance(payload, dict):
            log.warning("pulled change of unknown table %r skipped", entity[:50])
            outcome.skipped += 1
            return
        if payload.get("id") != entity_id:
            raise ProtocolError(detail=f"change {change.get('seq')}: payload id differs")
        _observe(self.db, change.get("hlc"), payload.get("updated_hlc"))
        incoming_version = int(change.get("version") or payload.get("version") or 0)
        row = {**payload, "version": incoming_version}
        local = session.get(model, entity_id)
        if local is None:
            _write_row(session, model, row, None)
            outcome.inserted += 1
            _audit(session, self.db, None, "sync_pull", entity, entity_id,
                   {"op": "insert", "version": [None, incoming_version]},
                   station_id=str(payload.get("station_id") or ""))
            return
        if incoming_version <= local.version:
            outcome.skipped += 1  # the echo of our own push, or older
            return
        before = local.model_dump(mode="json")
        unsent = session.exec(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.entity_id == entity_id,
            OutboxEntry.status.in_(UNSENT))).one()  # type: ignore[attr-defined]
        if unsent:
            result = merge_rows(before, row)
            merged = dict(result.row)
            for name in _decision_fields(entity, merged):
                if name in row:
                    merged[name] = row[name]  # server-authoritative, never a conflict
            merged["version"] = incoming_version
            _write_row(session, model, merged, local)
            outcome.merged += 1
            for item in result.conflicts:
                if item.field in _decision_fields(entity, [item.field]):
                    continue
                if self._record_conflict(session, entity, entity_id, {
                        "field": item.field, "kept_value": item.kept_value,
                        "kept_hlc": item.kept_hlc, "lost_value": item.lost_value,
                        "lost_hlc": item.lost_hlc},
                        side="local" if item.lost_side == "current" else "remote"):
                    outcome.conflicts += 1
        else:
            _write_row(session, model, row, local)
            outcome.replaced += 1
        after = local.model_dump(mode="json")
        changed = sorted(k for k in after if k not in SYNC_COLUMNS and before.get(k) != after[k])
        _audit(session, self.db, None, "sync_pull", entity, entity_id,
               {"op": "merge" if unsent else "replace", "fields": changed,
                "version": [before.get("version"), incoming_version]},
               station_id=str(payload.get("station_id") or ""))

    # ------------------------------------------------------------------ people's decisions

    def retry(self, entry: OutboxEntry | int, actor: Any = None) -> None:
        """A quarantined entry goes back to ``pending`` (sent at the next sync)."""
        seq = entry if isinstance(entry, int) else entry.seq
        with self.db.session() as session:
            row = session.get(OutboxEntry, seq)
            if row is None or row.status != OUTBOX_QUARANTINED:
                return
            row.status = OUTBOX_PENDING
            session.add(row)
            _audit(session, self.db, actor, "sync_retry", row.entity, row.entity_id,
                   {"outbox_seq": row.seq}, station_id=row.station_id)

    def discard(self, entry: OutboxEntry | int, actor: Any = None, *, reason: str = "") -> None:
        """A person gives up on a quarantined change: it is never sent (kept, marked
        ``discarded``, with an audit entry).  The local record keeps its value."""
        seq = entry if isinstance(entry, int) else entry.seq
        with self.db.session() as session:
            row = session.get(OutboxEntry, seq)
            if row is None or row.status != OUTBOX_QUARANTINED:
                return
            row.status = OUTBOX_DISCARDED
            session.add(row)
            _audit(session, self.db, actor, "sync_discard", row.entity, row.entity_id,
                   {"outbox_seq": row.seq, "op": row.op, "reason": reason[:200],
                    "server_reason": (reason_message(row.last_error) or "")[:200]},
                   station_id=row.station_id)

    def resolve_conflict(self, conflict_id: str, keep: str, actor: Any = None) -> bool:
        """``keep="mine"``: this device's value wins; ``keep="theirs"``: the server's value.

        Where the chosen value is the one that lost, it is written again as a new local
        update with a fresh clock stamp (through ``writer.update``, so it gets an outbox
        entry and wins at the next sync); otherwise the conflict is only marked resolved.
        Returns whether a new update was made.
        """
        if keep not in ("mine", "theirs"):
            raise ValueError("keep must be 'mine' or 'theirs'")
        with self.db.session() as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None or conflict.resolved_at is not None:
                return False
            write = (keep == "mine") == (conflict.lost_side == "local")
            wrote = False
            if write:
                wrote = self._restore_value(session, conflict, actor, keep)
            conflict.resolution = "keep_mine" if keep == "mine" else "keep_theirs"
            conflict.resolved_at = utcnow()
            conflict.resolved_by = (getattr(actor, "user_id", "") or None) if actor else None
            session.add(conflict)
            _audit(session, self.db, actor, "sync_conflict_resolved", conflict.entity,
                   conflict.entity_id, {"field": conflict.field, "keep": keep, "rewritten": wrote})
        return wrote

    def _restore_value(self, session: Session, conflict: SyncConflict, actor: Any,
                       keep: str) -> bool:
        if self.writer is None:
            raise RuntimeError("SyncEngine needs writer=station_app.services.writes to "
                               "write a conflict's value back")
        model = SYNCABLE_TABLES.get(conflict.entity)
        if model is None:
            return False
        obj = session.get(model, conflict.entity_id)
        if obj is None:
            return False
        value = json.loads(conflict.lost_value)
        if conflict.field not in model.model_fields:
            return False
        # The new stamp must be newer than the one that won, or it would lose again.
        _observe(self.db, conflict.kept_hlc)
        # Turn the JSON value back into the column's Python type (dates, decimals, …).
        current = obj.model_dump()
        current[conflict.field] = value
        typed = getattr(model.model_validate(current), conflict.field)
        changed = self.writer.update(session, self.db, actor, obj, {conflict.field: typed},
                                     base_version=obj.version, action=f"sync_keep_{keep}")
        return changed is not None

    # ------------------------------------------------------------------ housekeeping

    def prune_done(self, days: int = DONE_KEPT_DAYS) -> int:
        """Delete ``done`` entries older than ``days`` (never anything else).

        The entry with the highest ``seq`` always stays: SQLite hands out max(seq) + 1, so
        deleting it would let a new entry reuse a seq, i.e. an idempotency key the server
        already holds with another body (``key_reused``).
        """
        cutoff = utcnow() - timedelta(days=days)
        with self.db.session() as session:
            result = session.connection().execute(
                text("DELETE FROM outbox WHERE status = :done AND created_at < :cutoff "
                     "AND seq < (SELECT max(seq) FROM outbox)"),
                {"done": OUTBOX_DONE, "cutoff": cutoff.strftime("%Y-%m-%d %H:%M:%S.%f")})
            return int(result.rowcount or 0)


def _add(total: Any, part: Any) -> None:
    for name in total.__dataclass_fields__:
        if name in ("more", "cursor"):
            setattr(total, name, getattr(part, name))
        else:
            setattr(total, name, getattr(total, name) + getattr(part, name))


def _oversized_batch(entry: OutboxEntry) -> bool:
    return entry.op == "insert_batch" and len(entry.payload.encode("utf-8")) > protocol.MAX_BATCH_BYTES


def _batch_parts(change: dict[str, Any]) -> list[dict[str, Any]]:
    """Cut an ``insert_batch`` change into parts of at most ~MAX_BATCH_BYTES each."""
    payload = change["payload"]
    batch, rows = payload["batch"], payload["rows"]
    budget = max(1, protocol.MAX_BATCH_BYTES - len(protocol.canonical_json(batch)) - 1024)
    chunks: list[list[Any]] = [[]]
    size = 0
    for row in rows:
        cost = len(protocol.canonical_json(row)) + 1
        if chunks[-1] and size + cost > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(row)
        size += cost
    parts = []
    for number, chunk in enumerate(chunks, start=1):
        part_payload = {"batch": batch, "rows": chunk}
        parts.append({**change, "key": f"{change['key']}/{number}", "payload": part_payload,
                      "body_hash": protocol.body_hash(change["entity"], change["entity_id"],
                                                      change["op"], change["base_version"],
                                                      change["version"], part_payload)})
    return parts


def _push_side(value: Any) -> str:
    """The server merges (current = server row, incoming = our change): an ``incoming``
    loser is our value."""
    return {"incoming": "local", "client": "local", "local": "local",
            "current": "remote", "server": "remote", "remote": "remote"}.get(str(value), "local")


def _entry_ref(entry: OutboxEntry) -> protocol.EntryRef:
    try:
        payload = json.loads(entry.payload)
    except ValueError:
        payload = {}
    refs = protocol.references(entry.entity, entry.op, payload if isinstance(payload, dict) else {})
    refs.discard(entry.entity_id)
    return protocol.EntryRef(entry.seq or 0, entry.entity_id, entry.status, frozenset(refs))


# ---------------------------------------------------------------------- enrollment

BAD_CODE_FORM = Message(
    "enroll.code_form",
    "登记码的格式不对：应是 12 位，由数字 2–9 和大写字母组成，例如 ABCD-EFGH-JKMN。",
    "The code does not look right: 12 characters, digits 2–9 and capital letters, "
    "like ABCD-EFGH-JKMN.")


def enroll(db: Database, server_url: str, code: str, *, store: CredentialStore | None = None,
           actor: Any = None, device_name: str | None = None,
           client: SyncClient | None = None) -> Credentials:
    """Connect this database to a central server with a one-time code (§1, §2).

    Refuses a demo database before anything is sent.  On success the server's station row
    replaces the locally made one (rows made before enrollment are moved to the server's
    station id, in one transaction) and the credential is stored outside the database.
    """
    if actor is not None and not can(getattr(actor, "role", "tutor"), Permission.STATION_ENROLL):
        raise EnrollmentRefused(Message(
            "auth.permission_denied", "只有管理员可以连接中心服务器。",
            "Only an administrator may connect this computer to the central server."))
    normalized = protocol.normalize_code(code)
    if normalized is None:
        raise EnrollCodeInvalid(BAD_CODE_FORM)
    with Session(db.engine) as session:
        stations = list(session.exec(select(Station)))
        enrolled_station = _meta(session, META_STATION_ID)
        enrolled_server = _meta(session, META_SERVER_ID)
        bound_to = _meta(session, META_HOME_ID) or enrolled_station
    if any(s.is_demo for s in stations):
        raise DemoStationRefused()
    if not server_url.strip():
        raise NetworkError(Message("sync.no_address", "请填写中心服务器的地址。",
                                   "Please enter the central server's address."))
    client = client or SyncClient(server_url)
    # Already connected: the server refuses a code for anyone else before it touches this
    # device (the check below stays for servers of older versions).
    answer = client.enroll(code=normalized, device_id=db.device_id,
                           device_name=(device_name or platform.node() or "station")[:100],
                           app_version=__version__, bound_to=bound_to or None)
    try:
        token = str(answer["token"])
        scope = answer.get("scope") or {}
        kind = str(scope.get("kind") or "station")
        station_ids = tuple(str(s) for s in scope.get("station_ids") or ())
        remote_station = answer.get("station")
        server_id = str(answer.get("server_id") or "")
    except (KeyError, TypeError, AttributeError) as exc:
        raise ProtocolError(detail="enroll answer incomplete") from exc
    if not token:
        raise ProtocolError(detail="enroll answer without token")
    data_key = _data_key_of(answer)
    home_id = str(scope.get("home_id") or "")
    station_id = ""
    if isinstance(remote_station, dict) and remote_station.get("id"):
        station_id = str(remote_station["id"])
    elif kind == "station" and station_ids:
        station_id = station_ids[0]
    if enrolled_station and station_id and enrolled_station != station_id:
        raise EnrollmentRefused(Message(
            "enroll.other_station",
            "这个数据库已经属于中心服务器上的另一个服务站，不能再连到这个服务站。请核对登记码是不是给本站的。",
            "This database already belongs to another station on the server; check that the "
            "code was issued for this station."))
    if db.cipher.fingerprint != FieldCipher(data_key).fingerprint:
        if enrolled_server:
            raise EnrollmentRefused(Message(
                "enroll.other_key",
                "这台电脑的数据已经和另一个中心服务器同步过，不能换到这个服务器。请联系管理员。",
                "This computer's data was already synced with another central server; it "
                "cannot move to this one. Please contact the administrator."))
        moved = rekey(db, data_key)  # before any row leaves: everything under the shared key
        log.info("moved %d farmer records to the deployment's data key", moved)
    with db.session() as session:
        if kind == "station" and isinstance(remote_station, dict) and station_id:
            _adopt_station(session, db, remote_station, actor)
        _set_meta(session, META_HOME_ID, home_id or station_id)
        if enrolled_server != server_id or enrolled_station != station_id:
            _set_meta(session, META_CURSOR, "0")
        _set_meta(session, META_SERVER_ID, server_id)
        if station_id:
            _set_meta(session, META_STATION_ID, station_id)
        _audit(session, db, actor, "sync_enroll", "station", station_id,
               {"server": client.base_url, "server_id": server_id, "scope": kind,
                "stations": len(station_ids)}, station_id=station_id)
    creds = Credentials(server_url=client.base_url, token=token, station_id=station_id,
                        device_id=str(answer.get("device_id") or db.device_id),
                        server_id=server_id, scope_kind=kind, station_ids=station_ids)
    (store or credential_store_for(db)).save(creds)
    log.info("enrolled with %s (scope %s)", client.base_url, kind)
    return creds


def _data_key_of(answer: Mapping[str, Any]) -> bytes:
    try:
        key = base64.b64decode(str(answer["data_key"]), validate=True)
    except (KeyError, ValueError) as exc:
        raise ProtocolError(detail="enroll answer without a valid data key") from exc
    if len(key) != 32 or FieldCipher(key).fingerprint != answer.get("data_key_fingerprint"):
        raise ProtocolError(detail="enroll answer's data key does not match its fingerprint")
    return key


def _adopt_station(session: Session, db: Database, remote: Mapping[str, Any], actor: Any) -> None:
    """Make the server's station row this database's station.

    A station set up offline got its own id at first start; its rows (and queued outbox
    entries) move to the server's id.  The local station row itself is replaced: station
    fields are the central admin's (§6), so its queued station entries are discarded.
    """
    new_id = str(remote["id"])
    for local in list(session.exec(select(Station).where(Station.deleted == False))):  # noqa: E712
        if local.id == new_id:
            continue
        old_id = local.id
        conn = session.connection()
        for table in SYNCABLE_TABLES:
            if table == "station":
                continue
            conn.execute(text(f'UPDATE "{table}" SET station_id = :new WHERE station_id = :old'),
                         {"new": new_id, "old": old_id})
        conn.execute(text("UPDATE audit_log SET station_id = :new WHERE station_id = :old"),
                     {"new": new_id, "old": old_id})
        for entry in session.exec(select(OutboxEntry).where(OutboxEntry.station_id == old_id)):
            entry.station_id = new_id
            entry.payload = json.dumps(_restation(json.loads(entry.payload), old_id, new_id),
                                       ensure_ascii=False)
            session.add(entry)
        session.delete(local)
        session.flush()
        _audit(session, db, actor, "sync_station_adopted", "station", new_id,
               {"local_station_id": old_id}, station_id=new_id)
    for entry in session.exec(select(OutboxEntry).where(
            OutboxEntry.entity == "station", OutboxEntry.status.in_(UNSENT))):  # type: ignore[attr-defined]
        entry.status = OUTBOX_DISCARDED
        entry.last_error = _reason("enroll.station_replaced",
                                   "连接中心服务器时，本站资料以服务器上的为准。",
                                   "At enrollment the server's station record replaced the local one.")
        session.add(entry)
    existing = session.get(Station, new_id)
    row = dict(remote)
    row.setdefault("station_id", new_id)
    _observe(db, row.get("updated_hlc"), row.get("created_hlc"))
    _write_row(session, Station, row, existing)


def _restation(value: Any, old: str, new: str) -> Any:
    """Replace ``station_id`` = old in a payload (and in the rows of an insert_batch)."""
    if isinstance(value, dict):
        return {k: (new if k == "station_id" and v == old else _restation(v, old, new))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_restation(v, old, new) for v in value]
    return value

"""Opening the station database: SQLite in WAL mode, foreign keys on, migrated, keyed.

``open_database(path)`` is the one way in.  It makes the file's directory, backs the file up
when migrations are pending, runs Alembic to head, and loads the field-encryption key that
belongs to this database (kept outside the file).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine, select

from station_app import paths
from station_app.domain.hlc import HLCTimestamp, HybridLogicalClock
from station_app.store import migrate as migrations
from station_app.store.crypto import FieldCipher
from station_app.store.keys import (
    KeyError_,
    MissingKeyError,
    load_or_create_master_key,
    promote_staged_key,
    staged_key,
)
from station_app.store.models import (
    OUTBOX_DONE,
    OUTBOX_PENDING,
    OUTBOX_SENDING,
    LocalMeta,
    OutboxEntry,
)

log = logging.getLogger(__name__)


# local_meta key: the owner (station id, or branch id on a branch computer) whose staff accounts
# may log in on this computer; unset until enrollment (then the one local station's id counts).
HOME_ID_META = "home_id"
# local_meta keys of the sync engine that a restore from backup resets (restart_after_restore).
SYNC_CURSOR_META = "sync_cursor"  # the change-feed position (protocol §4)
KEY_DEVICE_META = "sync_key_device"  # the device part of outbox keys after a restore


class WrongKeyError(Exception):
    """The encryption key found does not belong to this database, or cannot be used."""


class NotADatabaseError(Exception):
    """The file is not a station database (or is damaged)."""


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    if not Path(path).exists():  # farmers' data: readable by this computer account only
        Path(path).touch(mode=0o600)
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"check_same_thread": False}
    )
    event.listen(engine, "connect", _on_connect)
    return engine


@dataclass
class Database:
    path: Path
    engine: Engine
    cipher: FieldCipher
    clock: HybridLogicalClock
    database_id: str
    device_id: str
    key_location: str
    backup_made: Path | None = None
    keys_dir: Path | None = None

    @contextmanager
    def session(self, *, bind: Connection | None = None) -> Iterator[Session]:
        """A write session: commits on success, rolls back on any error.

        It starts with ``BEGIN IMMEDIATE``, taking SQLite's write lock before anything is
        read, so a version check and the write that depends on it cannot interleave with
        another writer (the driver would otherwise begin only at the first INSERT/UPDATE).
        """
        with Session(bind if bind is not None else self.engine, expire_on_commit=False) as session:
            try:
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def hlc(self) -> str:
        return self.clock.now().encode()

    def close(self) -> None:
        self.engine.dispose()


def _meta(session: Session, key: str) -> str | None:
    row = session.get(LocalMeta, key)
    return row.value if row else None


def _set_meta(session: Session, key: str, value: str) -> None:
    # The session's identity map holds rows weakly; keeping the row in session.info spares a
    # SELECT on every write of a transaction that writes many records.
    cache = session.info.setdefault("local_meta_rows", {})
    row = cache.get(key) or session.get(LocalMeta, key)
    if row:
        row.value = value
    else:
        row = LocalMeta(key=key, value=value)
        session.add(row)
    cache[key] = row


def open_database(
    path: Path | str | None = None,
    *,
    keys_dir: Path | None = None,
    backup: bool = True,
) -> Database:
    """Open (creating if needed) and migrate the database at ``path``."""
    path = Path(path) if path else paths.default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    backup_made = None
    try:
        is_pending = migrations.pending(engine)
    except sqlite3.DatabaseError as exc:
        engine.dispose()
        raise NotADatabaseError(
            f"{path} 不是本系统的数据库文件，或者已经损坏。请选择正确的文件，或从备份恢复。"
            f" ({path} is not a station database or is damaged.)") from exc
    except Exception as exc:
        if isinstance(getattr(exc, "orig", None), sqlite3.DatabaseError):
            engine.dispose()
            raise NotADatabaseError(
                f"{path} 不是本系统的数据库文件，或者已经损坏。请选择正确的文件，或从备份恢复。"
                f" ({path} is not a station database or is damaged.)") from exc
        raise
    if is_pending:
        if backup and migrations.has_schema(engine):
            backup_made = backup_file(path, reason="pre-migrate")
        migrations.upgrade(engine)

    with Session(engine) as session:
        database_id = _meta(session, "database_id")
        if database_id is None:
            database_id = uuid.uuid4().hex
            _set_meta(session, "database_id", database_id)
            _set_meta(session, "device_id", uuid.uuid4().hex[:12])
            session.commit()
        device_id = _meta(session, "device_id") or ""
        fingerprint = _meta(session, "key_fingerprint")
        last_hlc = _meta(session, "hlc_high_water")

    keys_dir = keys_dir or (paths.data_dir() / "keys")
    try:
        # A database that already holds encrypted data must never get a fresh key.
        key, where = load_or_create_master_key(database_id, keys_dir, create=fingerprint is None)
    except MissingKeyError as exc:
        engine.dispose()
        raise WrongKeyError(
            "找不到这个数据库的加密密钥：请把原来的密钥文件放回 "
            f"{keys_dir}，或联系管理员。 (The encryption key of this database is missing.)"
        ) from exc
    except KeyError_ as exc:
        engine.dispose()
        raise WrongKeyError(f"加密密钥文件不能用：{exc} (The key file cannot be used.)") from exc
    try:
        cipher = FieldCipher(key)
    except ValueError as exc:  # e.g. a keyring entry of the wrong length
        engine.dispose()
        raise WrongKeyError(f"加密密钥格式不对：{exc} (The stored key is malformed.)") from exc
    if fingerprint is None:
        with Session(engine) as session:
            _set_meta(session, "key_fingerprint", cipher.fingerprint)
            session.commit()
    elif fingerprint != cipher.fingerprint and _staged_matches(database_id, keys_dir, fingerprint):
        # A key swap (enrollment) committed its data but stopped before promoting the key.
        cipher = FieldCipher(promote_staged_key(database_id, keys_dir))
    elif fingerprint != cipher.fingerprint:
        engine.dispose()
        raise WrongKeyError(
            "这个数据库的加密密钥不对：请找回原来的密钥文件，或联系管理员。"
            " (The encryption key does not belong to this database.)"
        )
    clock = HybridLogicalClock(
        device_id, last=HLCTimestamp.decode(last_hlc) if last_hlc else None
    )
    db = Database(path, engine, cipher, clock, database_id, device_id, where, backup_made,
                  keys_dir)
    return db


def _staged_matches(database_id: str, keys_dir: Path, fingerprint: str) -> bool:
    try:
        staged = staged_key(database_id, keys_dir)
        return staged is not None and FieldCipher(staged).fingerprint == fingerprint
    except (KeyError_, ValueError):
        return False


def remember_clock(db: Database, session: Session) -> None:
    """Persist the HLC high-water mark so a restarted app never issues an older time."""
    _set_meta(session, "hlc_high_water", db.clock.now().encode())


def copy_database(source: Path, target: Path, *, check: bool = True,
                  prepare: Callable[[sqlite3.Connection], None] | None = None) -> Path:
    """Copy a database file with SQLite's online backup API (a consistent snapshot even
    while another connection writes, WAL included).

    The copy is written under a temporary name (``<target>.part``), switched to a rollback
    journal so it is one self-contained file, given to ``prepare`` (e.g. to record what the
    copy is), checked with ``PRAGMA integrity_check`` when ``check`` and only then renamed to
    ``target``: a half-written or unsound copy never carries a backup's name.  Raises
    :class:`NotADatabaseError` when the check fails (the temporary file is removed).
    """
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(source, timeout=30)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)  # pages=-1: one step, one read transaction, one snapshot
                dst.execute("PRAGMA journal_mode=DELETE")
                if prepare is not None:
                    prepare(dst)
                    dst.commit()
                problems = dst.execute("PRAGMA integrity_check").fetchall() if check else [("ok",)]
            finally:
                dst.close()
        finally:
            src.close()
        if problems != [("ok",)]:
            raise NotADatabaseError(
                f"{source} 的副本没有通过完整性检查，数据库可能已经损坏。"
                f" (The copy of {source} failed the integrity check: {problems[:3]})")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def backup_file(path: Path, *, reason: str, keep: int = 10) -> Path:
    """Copy the database with SQLite's online backup API (consistent even in WAL mode)."""
    target_dir = paths.backups_dir(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = target_dir / f"{path.stem}-{stamp}-{reason}.db"
    copy_database(path, target, check=False)
    old = sorted(target_dir.glob(f"{path.stem}-*-{reason}.db"))
    for stale in old[:-keep]:
        stale.unlink()
    log.info("backed up database to %s", target)
    return target


def restart_after_restore(session: Session, *, device_id: str,
                          done_elsewhere: Iterable[int] = ()) -> dict[str, int]:
    """Make a database just restored from a backup safe to sync again (issue 8).

    Called on the restored copy before it replaces the live file, in one transaction:

    * ``local_meta.device_id`` (this computer's HLC node) and ``sync_key_device`` (the device
      part of outbox keys) become ``device_id``, a new id.  The restored outbox numbers its
      entries again from an older ``seq``; under the old prefix a new change could reuse a
      key the server already stored with another body (``key_reused``).  The credential
      (token, registration) stays as it is: the server never reads the device out of a key.
    * entries still ``sending`` go back to ``pending``; those in ``done_elsewhere`` (the
      seqs the replaced database had already delivered, same change) become ``done``; the
      other pending ones are sent again under new keys (the server merges a change it has).
    * the pull cursor goes back to 0: the next sync downloads everything the server has,
      including what this computer sent after the backup was made, and merges it as usual.
    """
    _set_meta(session, "device_id", device_id)
    _set_meta(session, KEY_DEVICE_META, device_id)
    _set_meta(session, SYNC_CURSOR_META, "0")
    done = set(done_elsewhere)
    counts = {"requeued": 0, "already_done": 0}
    for entry in session.exec(select(OutboxEntry).where(
            OutboxEntry.status.in_((OUTBOX_PENDING, OUTBOX_SENDING)))):  # type: ignore[attr-defined]
        if entry.seq in done:
            entry.status = OUTBOX_DONE
            counts["already_done"] += 1
        else:
            entry.status = OUTBOX_PENDING
            counts["requeued"] += 1
        session.add(entry)
    return counts


__all__ = [
    "Database",
    "WrongKeyError",
    "backup_file",
    "copy_database",
    "make_engine",
    "open_database",
    "remember_clock",
    "restart_after_restore",
]

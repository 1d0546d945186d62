"""Opening the station database: SQLite in WAL mode, foreign keys on, migrated, keyed.

``open_database(path)`` is the one way in.  It makes the file's directory, backs the file up
when migrations are pending, runs Alembic to head, and loads the field-encryption key that
belongs to this database (kept outside the file).
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

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
from station_app.store.models import LocalMeta

log = logging.getLogger(__name__)


# local_meta key: the owner (station id, or branch id on a branch computer) whose staff accounts
# may log in on this computer; unset until enrollment (then the one local station's id counts).
HOME_ID_META = "home_id"


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


def backup_file(path: Path, *, reason: str, keep: int = 10) -> Path:
    """Copy the database with SQLite's online backup API (consistent even in WAL mode)."""
    target_dir = paths.backups_dir(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = target_dir / f"{path.stem}-{stamp}-{reason}.db"
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    old = sorted(target_dir.glob(f"{path.stem}-*-{reason}.db"))
    for stale in old[:-keep]:
        stale.unlink()
    log.info("backed up database to %s", target)
    return target


__all__ = [
    "Database",
    "WrongKeyError",
    "backup_file",
    "make_engine",
    "open_database",
    "remember_clock",
]

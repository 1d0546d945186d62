"""备份与恢复 / Backups: the daily automatic copy, manual copies, rotation, and restore.

Files
-----
Backups sit beside the database in ``backups/`` (``paths.backups_dir``, as the automatic copy
made before migrations), named ``<db stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.db`` in local
time.  Each is made with SQLite's online backup API (``store.db.copy_database``: a consistent
snapshot while the app keeps writing), under a temporary name, checked with
``PRAGMA integrity_check`` and only then renamed.  What a backup is can be read from the file
alone: ``local_meta.backup_info`` (reason, time, app version) is written into the copy, and
the schema revision (``alembic_version``), station code, database id and device id are the
copy's own tables.

Rotation (``rotate``), applied after every automatic backup
-----------------------------------------------------------
* ``daily``: kept while it is the newest backup of one of the 7 newest calendar days that
  have one, of the 4 newest ISO weeks, or of the 6 newest calendar months (buckets counted
  among the existing files, as ``restic forget --keep-daily 7 --keep-weekly 4
  --keep-monthly 6``: a computer that was off for a month still keeps 7 daily copies).
* ``manual`` and ``before_restore``: kept 90 days; the newest of each is always kept.
* anything else (``pre-migrate`` copies, which ``store.db.backup_file`` rotates itself,
  files a person put there): never touched.

Restore
-------
``restore`` works on a private staging copy of the chosen file, so a refused file changes
nothing: integrity ``ok``, the tables of a station database, a schema this version knows, the
same station (or none yet), and an encryption key this computer holds (the key lives outside
the database; a backup made before enrollment swapped the key cannot be read any more).
Then a ``before_restore`` backup of the current database is made, the staging copy is
prepared for sync (below), and copied into the live file with the backup API (one
transaction: the live file is either the old or the restored database).  The caller must
then re-open the database: the UI restarts its window (``EXIT_RESTART``) and ``run_gui``
re-opens the file when :func:`was_replaced` says so.

Sync after a restore: nothing the server has is lost
----------------------------------------------------
Outbox keys are ``<station>:<device>:<seq>`` and the restored outbox numbers from an older
``seq`` again, so a new change could reuse a key the server already stored with another body
(``key_reused``).  The simplest correct answer keeps the device's registration (token and
device id on the server, stored outside the database, still valid: re-enrolling would need a
new one-time code from the central admin) and gives the restored database a **new device id
used in outbox keys** (``store.db.restart_after_restore``: ``local_meta.device_id`` and
``sync_key_device``).  Its pending entries are sent again under fresh keys (those the
replaced database had already delivered are marked done), entries already done stay done,
and the pull cursor goes back to 0: the next sync downloads everything the server has —
including what this computer sent after the backup was made — and the usual per-field merge
reconciles rows both sides have.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import sqlite3
import threading
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine
from sqlmodel import Session

from station_app import __version__, paths
from station_app.domain.hlc import HLCTimestamp
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.services import writes
from station_app.services.context import ServiceContext
from station_app.services.errors import ServiceError
from station_app.store import migrate
from station_app.store.crypto import FieldCipher
from station_app.store.db import (
    Database,
    NotADatabaseError,
    _set_meta,
    copy_database,
    restart_after_restore,
)
from station_app.store.keys import KeyError_, MissingKeyError, load_or_create_master_key

log = logging.getLogger(__name__)

__all__ = [
    "BackupInfo", "RestoreRefused", "RestoreResult", "daily_backup_if_due", "list_backups",
    "make_backup", "read_info", "restore", "rotate", "was_replaced",
]

DAILY, MANUAL, BEFORE_RESTORE = "daily", "manual", "before_restore"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6
KEEP_MANUAL_DAYS = 90
BACKUP_INFO_META = "backup_info"
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z_-]+)\.db$")
REQUIRED_TABLES = frozenset({"alembic_version", "local_meta", "station", "outbox", "audit_log"})

_lock = threading.Lock()  # one daily backup or restore at a time
_replaced: set[str] = set()  # live database files replaced by a restore (re-open them)


class BackupFailed(ServiceError):
    pass


class RestoreRefused(ServiceError):
    """The chosen file was not restored; nothing changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: str
    made_at: datetime
    size: int
    app_version: str = ""
    schema_revision: str = ""
    station_code: str = ""
    database_id: str = ""
    device_id: str = ""
    readable: bool = True


@dataclass(frozen=True)
class RestoreResult:
    restored_from: BackupInfo
    safety_backup: Path | None  # the "before_restore" copy of the replaced database
    new_device_id: str
    requeued: int  # outbox entries to be sent again under new keys
    already_done: int  # pending in the backup, delivered by the replaced database
    restart_required: bool = True


# --------------------------------------------------------------------------- making backups


def _now(now: datetime | None) -> datetime:
    return now or datetime.now()


def backup_dir(db: Database) -> Path:
    return paths.backups_dir(db.path)


def make_backup(db: Database, *, reason: str = MANUAL, now: datetime | None = None) -> BackupInfo:
    """Copy the live database into ``backups/`` (see the module doc); returns what was made."""
    if not re.fullmatch(r"[a-z_]+", reason):
        raise ValueError(f"backup reason {reason!r}")
    made_at = _now(now)
    target = backup_dir(db) / f"{db.path.stem}-{made_at.strftime(STAMP_FORMAT)}-{reason}.db"
    info = json.dumps({"reason": reason, "made_at": made_at.isoformat(timespec="seconds"),
                       "app_version": __version__}, ensure_ascii=False)

    def record(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT OR REPLACE INTO local_meta (key, value) VALUES (?, ?)",
                     (BACKUP_INFO_META, info))

    try:
        copy_database(db.path, target, prepare=record)
    except NotADatabaseError as exc:
        raise BackupFailed(Message(
            "backup.damaged",
            "备份没有做成：数据库的副本没有通过完整性检查，数据库可能已经损坏。请从较早的备份恢复，或联系技术支持。",
            "The backup failed: the copy did not pass the integrity check, so the database "
            "may be damaged. Restore an earlier backup or contact support.")) from exc
    except (sqlite3.Error, OSError) as exc:
        raise BackupFailed(Message(
            "backup.failed", f"备份没有做成：{exc}。请检查磁盘空间后再试。",
            f"The backup failed: {exc}. Check the free disk space and try again.")) from exc
    log.info("backup made: %s", target)
    return read_info(target)


def _parse_name(path: Path) -> tuple[datetime, str] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        return datetime.strptime(match["stamp"], STAMP_FORMAT), match["reason"]
    except ValueError:
        return None


def read_info(path: Path) -> BackupInfo:
    """What a backup file is, read from the file alone (never the app's engine)."""
    parsed = _parse_name(path)
    made_at, reason = parsed if parsed else (datetime.fromtimestamp(path.stat().st_mtime), "")
    size = path.stat().st_size
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM local_meta").fetchall())
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            codes = [r[0] for r in conn.execute(
                "SELECT code FROM station WHERE deleted = 0 ORDER BY code").fetchall()]
        finally:
            conn.close()
    except sqlite3.Error:
        return BackupInfo(path, reason, made_at, size, readable=False)
    extra = {}
    try:
        extra = json.loads(meta.get(BACKUP_INFO_META) or "{}")
    except ValueError:
        pass
    return BackupInfo(path, str(extra.get("reason") or reason), made_at, size,
                      app_version=str(extra.get("app_version") or ""),
                      schema_revision=revision[0] if revision else "",
                      station_code=", ".join(codes), database_id=meta.get("database_id", ""),
                      device_id=meta.get("device_id", ""))


def _backup_files(directory: Path) -> list[tuple[Path, datetime, str]]:
    found = []
    for path in directory.glob("*.db"):
        parsed = _parse_name(path)
        if parsed is not None:
            found.append((path, *parsed))
    return sorted(found, key=lambda item: item[1], reverse=True)


def list_backups(db: Database) -> list[BackupInfo]:
    """Every backup of this database's folder, newest first."""
    infos = []
    for path, _made, _reason in _backup_files(backup_dir(db)):
        try:
            infos.append(read_info(path))
        except OSError:  # removed meanwhile
            continue
    return infos


def rotate(directory: Path, now: datetime) -> list[Path]:
    """Delete the backups the policy (module doc) no longer keeps; returns them.

    Pure apart from the deleting: decisions come from the file names and ``now`` only.
    """
    files = _backup_files(directory)  # newest first
    keep: set[Path] = set()
    daily = [(p, t) for p, t, r in files if r == DAILY]
    for bucket_of, count in ((lambda t: t.date(), KEEP_DAILY),
                             (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
                             (lambda t: (t.year, t.month), KEEP_MONTHLY)):
        seen: list[object] = []
        for path, made in daily:
            bucket = bucket_of(made)
            if bucket in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(bucket)
            keep.add(path)
    for reason in (MANUAL, BEFORE_RESTORE):
        of_reason = [(p, t) for p, t, r in files if r == reason]
        for index, (path, made) in enumerate(of_reason):
            if index == 0 or now - made <= timedelta(days=KEEP_MANUAL_DAYS):
                keep.add(path)
    removed = []
    for path, _made, reason in files:
        if reason in (DAILY, MANUAL, BEFORE_RESTORE) and path not in keep:
            try:
                path.unlink()
            except OSError:
                log.warning("could not remove old backup %s", path)
                continue
            removed.append(path)
    return removed


def daily_backup_if_due(db: Database, now: datetime | None = None) -> BackupInfo | None:
    """Make today's automatic backup unless one exists already, then rotate.  Returns the
    new backup, or None when it was not due."""
    now = _now(now)
    with _lock:
        directory = backup_dir(db)
        if any(r == DAILY and t.date() == now.date() for _p, t, r in _backup_files(directory)):
            return None
        info = make_backup(db, reason=DAILY, now=now)
        removed = rotate(directory, now)
        if removed:
            log.info("rotation removed %d old backups", len(removed))
        return info


# --------------------------------------------------------------------------- restore


def _refused(code: str, zh: str, en: str) -> RestoreRefused:
    return RestoreRefused(Message(f"restore.{code}", zh + "当前数据没有任何改动。",
                                  en + " Nothing was changed."))


def _read_candidate(path: Path) -> dict:
    """The facts of a candidate database needed to accept it; refuses anything else."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _refused("unreadable", "这个文件打不开。", "The file cannot be opened.") from exc
    try:
        try:
            check = conn.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise _refused("damaged", "这个文件不是数据库，或者已经损坏，不能用来恢复。",
                           "The file is not a database or is damaged; it cannot be restored."
                           ) from exc
        if check != [("ok",)]:
            raise _refused("damaged", "这个备份已经损坏（完整性检查没有通过），不能用来恢复。请换一个备份。",
                           "This backup is damaged (it failed the integrity check) and cannot "
                           "be restored. Please choose another backup.")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not REQUIRED_TABLES <= tables:
            raise _refused("foreign", "这个文件不是本系统的服务站数据库，不能用来恢复。",
                           "This file is not a station database of this app.")
        meta = dict(conn.execute("SELECT key, value FROM local_meta").fetchall())
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        stations = {r[0] for r in conn.execute("SELECT id FROM station WHERE deleted = 0")}
        outbox = {r[0]: tuple(r[1:]) for r in conn.execute(
            "SELECT seq, entity, entity_id, op, version, status FROM outbox")}
    finally:
        conn.close()
    return {"meta": meta, "revision": revision[0] if revision else None,
            "stations": stations, "outbox": outbox}


def _known_revision(revision: str | None) -> bool:
    """Whether this version's migrations know ``revision`` (a newer app's backup: no)."""
    return bool(revision) and migrate.is_known_revision(revision)  # type: ignore[arg-type]


def _check_candidate(db: Database, candidate: dict, live: dict | None) -> None:
    meta = candidate["meta"]
    if not meta.get("database_id"):
        raise _refused("foreign", "这个文件不是本系统的服务站数据库，不能用来恢复。",
                       "This file is not a station database of this app.")
    if not _known_revision(candidate["revision"]):
        raise _refused("newer", "这个备份是更新版本的程序做的，请先升级程序再恢复。",
                       "This backup was made by a newer version of the app; update the app "
                       "first.")
    live_stations = live["stations"] if live else set()
    live_meta = live["meta"] if live else {}
    other_station = (
        (candidate["stations"] and live_stations and not candidate["stations"] & live_stations)
        or (meta.get("sync_station_id") and live_meta.get("sync_station_id")
            and meta["sync_station_id"] != live_meta["sync_station_id"]))
    if other_station:
        raise _refused("other_station", "这个备份是另一个服务站的数据，不能恢复到本站。",
                       "This backup holds another station's data and cannot be restored here.")
    if meta["database_id"] != db.database_id and live_stations:
        raise _refused("other_database", "这个备份不是这台电脑上这个数据库的备份，不能恢复到这里。",
                       "This backup is not a backup of this computer's database.")
    fingerprint = meta.get("key_fingerprint")
    if fingerprint:
        if meta["database_id"] == db.database_id:
            current = db.cipher.fingerprint
        else:
            try:
                key, _where = load_or_create_master_key(
                    meta["database_id"], db.keys_dir or paths.data_dir() / "keys", create=False)
                current = FieldCipher(key).fingerprint
            except (MissingKeyError, KeyError_, ValueError):
                current = None
        if fingerprint != current:
            raise _refused("other_key",
                           "这个备份用的加密密钥和现在的不一样（比如是连接中心服务器以前做的），恢复后无法读取，所以不能恢复。",
                           "This backup uses another encryption key (for example it was made "
                           "before this computer connected to the central server), so it "
                           "cannot be restored.")


def _safety_backup(db: Database, now: datetime) -> Path | None:
    """The ``before_restore`` copy; a damaged live database is still copied byte for byte."""
    try:
        return make_backup(db, reason=BEFORE_RESTORE, now=now).path
    except BackupFailed:
        target = backup_dir(db) / f"{db.path.stem}-{now.strftime(STAMP_FORMAT)}-damaged.db"
        try:
            shutil.copyfile(db.path, target)
            return target
        except OSError:
            log.exception("could not copy the damaged database before restoring")
            return None


def _done_elsewhere(candidate: dict, live: dict | None) -> set[int]:
    """Seqs pending in the backup that the replaced database (same lineage) delivered."""
    if live is None or live["meta"].get("database_id") != candidate["meta"]["database_id"]:
        return set()
    found = set()
    for seq, (entity, entity_id, op, version, status) in candidate["outbox"].items():
        other = live["outbox"].get(seq)
        if status in ("pending", "sending") and other and other[-1] == "done" \
                and other[:4] == (entity, entity_id, op, version):
            found.add(seq)
    return found


def _later_hlc(*stamps: str | None) -> str | None:
    decoded = []
    for stamp in stamps:
        try:
            if stamp:
                decoded.append((HLCTimestamp.decode(stamp), stamp))
        except ValueError:
            continue
    if not decoded:
        return None
    return max(decoded, key=lambda d: (d[0].wall_ms, d[0].counter))[1]


def restore(ctx: ServiceContext, backup_path: Path | str, *,
            now: datetime | None = None) -> RestoreResult:
    """Replace the live database with a backup (see the module doc).  Raises
    :class:`RestoreRefused` for a file that may not be restored; nothing changes then."""
    ctx.require(Permission.BACKUP_MANAGE)
    with _lock:  # not while the automatic daily backup copies the file
        return _restore(ctx, backup_path, now)


def _restore(ctx: ServiceContext, backup_path: Path | str,
             now: datetime | None) -> RestoreResult:
    actor = ctx.require(Permission.BACKUP_MANAGE)
    db = ctx.db
    now = _now(now)
    source = Path(backup_path)
    if source.resolve() == db.path.resolve():
        raise _refused("same_file", "这就是正在使用的数据库文件，请选择一个备份。",
                       "That is the database in use; please choose a backup.")
    stage = backup_dir(db) / f".restore-{uuid.uuid4().hex}.tmp"
    try:
        try:
            shutil.copyfile(source, stage)  # the chosen file is only ever read
        except OSError as exc:
            raise _refused("unreadable", "这个文件读不出来。", "The file cannot be read.") from exc
        restored_info = read_info(stage)
        restored_info = replace(restored_info, path=source)
        candidate = _read_candidate(stage)
        try:
            live = _read_candidate(db.path)
        except RestoreRefused:  # the live database is damaged: restoring is the remedy
            live = None
        _check_candidate(db, candidate, live)

        safety = _safety_backup(db, now)
        done = _done_elsewhere(candidate, live)
        new_device = uuid.uuid4().hex[:12]
        engine = create_engine(f"sqlite:///{stage}")
        try:
            with Session(engine) as session:
                counts = restart_after_restore(session, device_id=new_device,
                                               done_elsewhere=done)
                later = _later_hlc(candidate["meta"].get("hlc_high_water"),
                                   live["meta"].get("hlc_high_water") if live else None)
                if later:
                    _set_meta(session, "hlc_high_water", later)
                writes.audit(session, db, actor, "backup_restore", "database",
                             candidate["meta"]["database_id"],
                             {"file": source.name, "made_at": restored_info.made_at.isoformat(),
                              "safety_backup": safety.name if safety else "",
                              "new_device_id": new_device, **counts})
                session.commit()
            with engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM local_meta WHERE key = ?", (BACKUP_INFO_META,))
        finally:
            engine.dispose()
        _copy_into_live(stage, db)
    finally:
        for leftover in (stage, *(Path(f"{stage}-{s}") for s in ("journal", "wal", "shm"))):
            leftover.unlink(missing_ok=True)
    _replaced.add(str(db.path.resolve()))
    log.info("restored %s (new device id %s)", source, new_device)
    return RestoreResult(restored_info, safety, new_device, counts["requeued"],
                         counts["already_done"])


def _copy_into_live(stage: Path, db: Database) -> None:
    """One backup-API step from the prepared copy into the live file: SQLite writes it as
    one transaction through the live file's journal, so a crash leaves the old database or
    the restored one, never a mixture."""
    src = sqlite3.connect(stage)
    try:
        if src.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise _refused("damaged", "准备恢复的副本没有通过完整性检查。",
                           "The prepared copy failed the integrity check.")
        db.close()  # the app's pooled connections; the UI re-opens after the restart
        dst = sqlite3.connect(db.path, timeout=30)
        try:
            src.backup(dst)
            ok = dst.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            dst.close()
    finally:
        src.close()
    if not ok:  # cannot happen short of a failing disk; say so loudly
        raise BackupFailed(Message(
            "restore.live_damaged", "恢复后的数据库没有通过完整性检查，请联系技术支持。",
            "The restored database failed the integrity check; please contact support."))


def was_replaced(db: Database) -> bool:
    """Whether a restore replaced ``db``'s file (then re-open it); asks once."""
    key = str(db.path.resolve())
    if key in _replaced:
        _replaced.discard(key)
        return True
    return False

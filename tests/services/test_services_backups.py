"""Backups (issue 8): consistent online copies, the rotation policy, the daily copy, and a
restore that refuses damaged or foreign files without changing anything."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

import pytest
from sqlmodel import Session, select

from station_app.domain.farmers import FarmerInput
from station_app.services import auth, backups, farmers
from station_app.services.context import ServiceContext
from station_app.services.errors import PermissionDenied
from station_app.store.db import Database, open_database
from station_app.store.models import AuditEntry, Farmer, LocalMeta, OutboxEntry


def _farmer_ids(db: Database) -> set[str]:
    with Session(db.engine) as session:
        return set(session.exec(select(Farmer.id)))


def _meta(db: Database, key: str) -> str | None:
    with Session(db.engine) as session:
        row = session.get(LocalMeta, key)
        return row.value if row else None


# --------------------------------------------------------------------------- making backups


def test_a_backup_is_a_consistent_copy_while_a_writer_is_active(db: Database, station) -> None:
    with sqlite3.connect(db.path) as conn:
        conn.execute("CREATE TABLE scratch (batch INTEGER, n INTEGER)")
    stop = threading.Event()
    batches = 0

    def writer() -> None:
        nonlocal batches
        conn = sqlite3.connect(db.path, timeout=30)
        try:
            while not stop.is_set():
                with conn:  # one transaction of 50 rows
                    conn.executemany("INSERT INTO scratch VALUES (?, ?)",
                                     [(batches, n) for n in range(50)])
                batches += 1
        finally:
            conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        made = []
        while len(made) < 5 or batches < 20:
            made.append(backups.make_backup(db, reason="manual",
                                            now=datetime(2024, 5, 1, 9, 0, len(made))))
    finally:
        stop.set()
        thread.join()
    counts = set()
    for info in made:
        assert info.readable and info.reason == "manual" and info.size > 0
        assert info.database_id == db.database_id and info.device_id == db.device_id
        assert info.schema_revision and info.station_code
        conn = sqlite3.connect(info.path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = conn.execute("SELECT count(*) FROM scratch").fetchone()[0]
        finally:
            conn.close()
        assert rows % 50 == 0  # never half a transaction
        counts.add(rows)
    assert not list(info.path.parent.glob("*.part"))
    assert [b.path for b in backups.list_backups(db)] == [m.path for m in reversed(made)]


def test_backup_metadata_is_read_from_the_file_alone(db: Database, station) -> None:
    info = backups.make_backup(db, reason="manual", now=datetime(2024, 5, 1, 9, 30))
    moved = info.path.parent / "copy-of-backup.db"
    shutil.copyfile(info.path, moved)
    read = backups.read_info(moved)
    assert read.reason == "manual" and read.app_version and read.schema_revision
    assert read.station_code == info.station_code
    assert backups.read_info(info.path).made_at == datetime(2024, 5, 1, 9, 30)


def _touch(directory: Path, when: datetime, reason: str, stem: str = "station") -> Path:
    path = directory / f"{stem}-{when.strftime(backups.STAMP_FORMAT)}-{reason}.db"
    path.write_bytes(b"")
    return path


def test_rotation_keeps_7_daily_4_weekly_6_monthly_and_manual_for_90_days(tmp_path: Path) -> None:
    now = datetime(2024, 6, 30, 12, 0)  # a Sunday
    day = datetime(2024, 1, 1, 3, 0)
    while day <= now:
        _touch(tmp_path, day, "daily")
        day += timedelta(days=1)
    recent_manual = _touch(tmp_path, now - timedelta(days=10), "manual")
    old_manual = _touch(tmp_path, now - timedelta(days=100), "manual")
    older_manual = _touch(tmp_path, now - timedelta(days=200), "manual")
    only_safety = _touch(tmp_path, now - timedelta(days=150), "before_restore")
    migration = _touch(tmp_path, now - timedelta(days=300), "pre-migrate")
    other = tmp_path / "my-own-copy.db"
    other.write_bytes(b"")

    removed = backups.rotate(tmp_path, now)

    kept_daily = sorted(p.name[8:16] for p in tmp_path.glob("*-daily.db"))
    expected = [f"2024{d}" for d in (
        "0131", "0229", "0331", "0430", "0531",  # monthly
        "0609", "0616", "0623",  # weekly (ISO weeks 23-25; week 26 is in the daily ones)
        "0624", "0625", "0626", "0627", "0628", "0629", "0630")]  # the last 7 days
    assert kept_daily == expected
    assert recent_manual.exists() and not old_manual.exists() and not older_manual.exists()
    assert only_safety.exists()  # the newest of its kind is always kept
    assert migration.exists() and other.exists()  # not this policy's files
    assert len(removed) == (182 - len(expected)) + 2
    assert backups.rotate(tmp_path, now) == []  # stable


def test_rotation_keeps_the_newest_manual_backup_even_when_old(tmp_path: Path) -> None:
    now = datetime(2024, 6, 30, 12, 0)
    only = _touch(tmp_path, now - timedelta(days=365), "manual")
    assert backups.rotate(tmp_path, now) == [] and only.exists()


def test_the_daily_backup_is_made_once_per_calendar_day(db: Database, station) -> None:
    morning = datetime(2024, 5, 6, 8, 0)
    first = backups.daily_backup_if_due(db, morning)
    assert first is not None and first.reason == "daily"
    assert backups.daily_backup_if_due(db, morning + timedelta(hours=10)) is None
    second = backups.daily_backup_if_due(db, morning + timedelta(days=1))
    assert second is not None
    assert [b.reason for b in backups.list_backups(db)] == ["daily", "daily"]


# --------------------------------------------------------------------------- restore


def test_restoring_a_good_backup_brings_back_the_old_data(
        db: Database, station, tutor_ctx: ServiceContext, admin_ctx: ServiceContext,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    kept = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="张三"))
    backup = backups.make_backup(db, reason="manual", now=datetime(2024, 5, 1, 10, 0))
    later = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="李四"))
    old_device = db.device_id
    with Session(db.engine) as session:
        pending_in_backup = [e.seq for e in session.exec(select(OutboxEntry))
                             if e.entity_id == kept]

    result = backups.restore(admin_ctx, backup.path, now=datetime(2024, 5, 1, 11, 0))

    assert result.restart_required and backups.was_replaced(db)
    assert not backups.was_replaced(db)  # asked once
    reopened = open_database(db.path)
    try:
        ids = _farmer_ids(reopened)
        assert kept in ids and later not in ids
        assert reopened.device_id == result.new_device_id != old_device
        assert reopened.database_id == db.database_id
        assert _meta(reopened, "sync_key_device") == result.new_device_id
        assert _meta(reopened, "sync_cursor") == "0"
        assert _meta(reopened, backups.BACKUP_INFO_META) is None
        with Session(reopened.engine) as session:
            statuses = {e.seq: e.status for e in session.exec(select(OutboxEntry))}
            audit = session.exec(select(AuditEntry)
                                 .where(AuditEntry.action == "backup_restore")).one()
        assert all(statuses[s] == "pending" for s in pending_in_backup)
        assert audit.username == "admin"
        reader = reopened.cipher  # the key still opens the restored data
        assert reader.fingerprint == db.cipher.fingerprint
    finally:
        reopened.close()
    # The database as it was before is kept as a "before_restore" backup, with the later farmer.
    assert result.safety_backup is not None and result.safety_backup.is_file()
    conn = sqlite3.connect(result.safety_backup)
    try:
        assert conn.execute("SELECT count(*) FROM farmer WHERE id = ?", (later,)).fetchone()[0] == 1
    finally:
        conn.close()
    assert not list(result.safety_backup.parent.glob(".restore-*"))


def _snapshot(db: Database) -> tuple[set[str], str | None, list[str]]:
    folder = db.path.parent / "backups"
    return _farmer_ids(db), _meta(db, "device_id"), sorted(
        p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("damage", ["garbled", "truncated", "not_sqlite"])
def test_a_damaged_backup_is_refused_and_nothing_changes(
        db: Database, station, tutor_ctx: ServiceContext, admin_ctx: ServiceContext,
        valid_farmer_input: Callable[..., FarmerInput], damage: str) -> None:
    farmers.register_farmer(tutor_ctx, valid_farmer_input(name="张三"))
    good = backups.make_backup(db, reason="manual", now=datetime(2024, 5, 1, 10, 0))
    bad = db.path.parent / "damaged.db"
    data = bytearray(good.path.read_bytes())
    if damage == "garbled":
        page = 4096
        for start in range(page, len(data), page):  # every b-tree page header after page 1
            data[start:start + 64] = b"\xa5" * 64
    elif damage == "truncated":
        del data[len(data) // 2 + 100:]
    else:
        data = bytearray("这不是数据库".encode() * 500)
    bad.write_bytes(bytes(data))
    farmers.register_farmer(tutor_ctx, valid_farmer_input(name="李四"))
    before = _snapshot(db)
    live_bytes = db.path.stat().st_size

    with pytest.raises(backups.RestoreRefused) as caught:
        backups.restore(admin_ctx, bad)

    assert "没有任何改动" in caught.value.message.zh
    assert "Nothing was changed" in caught.value.message.en
    assert _snapshot(db) == before and db.path.stat().st_size == live_bytes
    assert not backups.was_replaced(db)


def test_a_backup_of_another_station_is_refused(
        db: Database, station, admin_ctx: ServiceContext, tmp_path: Path) -> None:
    other = open_database(tmp_path / "other" / "station.db")
    try:
        auth.create_station(other, station_name="槐芽镇服务站", station_code="MX-HY-02",
                            province="陕西省", county="眉县", admin_username="admin_b",
                            admin_display_name="周明", admin_password="Admin-b-pass-2024")
        foreign = backups.make_backup(other, reason="manual")
    finally:
        other.close()
    before = _snapshot(db)
    with pytest.raises(backups.RestoreRefused) as caught:
        backups.restore(admin_ctx, foreign.path)
    assert "另一个服务站" in caught.value.message.zh
    assert "another station" in caught.value.message.en
    assert _snapshot(db) == before


def test_a_file_of_another_app_is_refused(db: Database, station, admin_ctx: ServiceContext,
                                          tmp_path: Path) -> None:
    plain = tmp_path / "notes.db"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE note (body TEXT)")
    with pytest.raises(backups.RestoreRefused) as caught:
        backups.restore(admin_ctx, plain)
    assert "不是本系统" in caught.value.message.zh


def test_only_the_admin_may_restore(db: Database, station, tutor_ctx: ServiceContext) -> None:
    good = backups.make_backup(db, reason="manual")
    with pytest.raises(PermissionDenied):
        backups.restore(tutor_ctx, good.path)

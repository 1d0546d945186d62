"""Opening the station database: pragmas, migrations, pre-migration backup, the key file."""

from __future__ import annotations

import base64
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from station_app.store import migrate
from station_app.store.db import Database, WrongKeyError, make_engine, open_database
from station_app.store.keys import key_file_path
from station_app.store.models import SQLModel

APP_TABLES = {"audit_log", "consent", "farmer", "local_meta", "outbox", "station",
              "user_account", "village", "login_state",
              # 0002: shops and order imports
              "shop", "import_batch", "sales_order", "monthly_sales",
              # 0003: planting, training, admin-edited reference data
              "plot", "planting_season", "harvest", "input_cost", "training_session",
              "training_attendance", "reference_doc",
              # 0004: local sync conflict log
              "sync_conflict",
              # 0006: credit scores
              "credit_score",
              # 0007: public document-signing keys
              "signing_key",
              # 0008: printed documents and their signed content
              "issued_document",
              # 0009: loans
              "loan_application", "loan_transition", "loan_repayment", "loan_event",
              # 0010: weather and insurance
              "weather_day", "insurance_application", "insurance_transition",
              "insurance_claim"}


def _pragma(db: Database, name: str) -> object:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_engine_connections_use_wal_and_foreign_keys(db: Database) -> None:
    assert str(_pragma(db, "journal_mode")).lower() == "wal"
    assert _pragma(db, "foreign_keys") == 1
    # Every pooled connection gets the pragmas, not only the first.
    with db.engine.connect() as first, db.engine.connect() as second:
        for conn in (first, second):
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert str(conn.exec_driver_sql("PRAGMA journal_mode").scalar()).lower() == "wal"


def test_foreign_keys_are_enforced(db: Database) -> None:
    with db.engine.connect() as conn:
        with pytest.raises(Exception, match="FOREIGN KEY"):
            conn.exec_driver_sql(
                "INSERT INTO consent (id, station_id, created_hlc, updated_hlc, field_clock, "
                "version, deleted, farmer_id, scopes, granted_at, staff_user_id, staff_name, "
                "form_printed) VALUES ('c1', 's', 'h', 'h', '{}', 1, 0, 'no-such-farmer', "
                "'basic', '2024-01-01 00:00:00', 'u', 'n', 0)"
            )
        conn.rollback()


def test_migration_head_matches_the_models_exactly(db: Database) -> None:
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
    inspector = inspect(db.engine)
    assert set(inspector.get_table_names()) == APP_TABLES | {"alembic_version"}
    # The partial unique index that keeps one live farmer per resident ID is there.
    indexes = {ix["name"]: ix for ix in inspector.get_indexes("farmer")}
    assert indexes["uq_farmer_resident_id_live"]["unique"]
    assert indexes["uq_farmer_resident_id_live"]["column_names"] == ["resident_id_hash"]
    with db.engine.connect() as conn:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'uq_farmer_resident_id_live'").scalar()
    assert "deleted = 0" in sql


def test_downgrade_to_base_then_upgrade_again(db: Database) -> None:
    migrate.downgrade(db.engine, "base")
    assert migrate.current_revision(db.engine) is None
    assert set(inspect(db.engine).get_table_names()) & APP_TABLES == set()
    migrate.upgrade(db.engine)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    assert set(inspect(db.engine).get_table_names()) >= APP_TABLES
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_new_database_gets_no_backup(db: Database) -> None:
    assert db.backup_made is None
    assert not (db.path.parent / "backups").exists() or not any(
        (db.path.parent / "backups").iterdir())


def test_reopening_a_current_database_makes_no_backup(db_path: Path) -> None:
    first = open_database(db_path)
    first.close()
    again = open_database(db_path)
    try:
        assert again.backup_made is None
        assert again.database_id == first.database_id
    finally:
        again.close()


def test_pending_migrations_make_a_sound_backup_first(db_path: Path) -> None:
    first = open_database(db_path)
    first.close()
    engine = make_engine(db_path)
    migrate.downgrade(engine, "base")
    with engine.begin() as conn:  # data the old schema held, to find in the backup
        conn.exec_driver_sql("CREATE TABLE legacy_note (body TEXT)")
        conn.exec_driver_sql("INSERT INTO legacy_note VALUES ('before upgrade')")
    engine.dispose()

    reopened = open_database(db_path)
    try:
        backup = reopened.backup_made
        assert backup is not None and backup.is_file()
        assert backup.parent == db_path.parent / "backups"
        assert migrate.current_revision(reopened.engine) == migrate.head_revision()
    finally:
        reopened.close()
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT body FROM legacy_note").fetchall() == [("before upgrade",)]
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 0
    finally:
        conn.close()


def test_backup_can_be_switched_off(db_path: Path) -> None:
    open_database(db_path).close()
    engine = make_engine(db_path)
    migrate.downgrade(engine, "base")
    engine.dispose()
    reopened = open_database(db_path, backup=False)
    try:
        assert reopened.backup_made is None
    finally:
        reopened.close()


def test_key_file_is_private_and_outside_the_database(db: Database, station_home: Path) -> None:
    key_path = key_file_path(station_home / "keys", db.database_id)
    assert db.key_location == str(key_path)
    assert key_path.is_file()
    assert key_path.resolve() != db.path.resolve()
    assert db.path.resolve() not in key_path.resolve().parents
    if os.name == "posix":
        assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(key_path.parent.stat().st_mode) == 0o700
    key = base64.b64decode(key_path.read_text(encoding="ascii").strip())
    assert len(key) == 32
    db.close()
    raw = db.path.read_bytes()
    assert key not in raw
    assert base64.b64encode(key) not in raw


def test_reopening_with_the_same_key_works(db_path: Path) -> None:
    first = open_database(db_path)
    token = first.cipher.encrypt("610326198503150011", context="farmer.resident_id")
    first.close()
    again = open_database(db_path)
    try:
        assert again.cipher.fingerprint == first.cipher.fingerprint
        assert again.cipher.decrypt(token, context="farmer.resident_id") == "610326198503150011"
    finally:
        again.close()


def test_reopening_with_another_key_raises_wrong_key(db_path: Path, station_home: Path) -> None:
    first = open_database(db_path)
    first.close()
    key_path = key_file_path(station_home / "keys", first.database_id)
    key_path.write_text(base64.b64encode(os.urandom(32)).decode("ascii") + "\n", encoding="ascii")
    with pytest.raises(WrongKeyError):
        open_database(db_path)


def test_keys_dir_argument_overrides_the_home(db_path: Path, tmp_path: Path,
                                              station_home: Path) -> None:
    elsewhere = tmp_path / "elsewhere-keys"
    database = open_database(db_path, keys_dir=elsewhere)
    try:
        assert (elsewhere / f"{database.database_id}.key").is_file()
        assert not (station_home / "keys" / f"{database.database_id}.key").exists()
    finally:
        database.close()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_key_file_readable_by_others_is_refused(db_path: Path, station_home: Path) -> None:
    first = open_database(db_path)
    first.close()
    key_path = key_file_path(station_home / "keys", first.database_id)
    os.chmod(key_path, 0o644)
    # A plain sentence for the start-up dialog, still naming the fix.
    with pytest.raises(WrongKeyError, match="chmod 600"):
        open_database(db_path)
    os.chmod(key_path, 0o600)
    open_database(db_path).close()


def test_missing_key_is_not_silently_replaced(db_path: Path, station_home: Path) -> None:
    first = open_database(db_path)
    first.close()
    key_path = key_file_path(station_home / "keys", first.database_id)
    original = key_path.read_bytes()
    key_path.unlink()
    with pytest.raises(WrongKeyError):
        open_database(db_path)
    # Putting the original key back makes the database usable again.
    key_path.unlink(missing_ok=True)
    key_path.write_bytes(original)
    os.chmod(key_path, 0o600)
    open_database(db_path).close()


def test_a_file_that_is_not_a_database_is_named(tmp_path):
    from station_app.store.db import NotADatabaseError

    junk = tmp_path / "photo.db"
    junk.write_bytes(b"\x89PNG" + bytes(range(256)) * 40)
    with pytest.raises(NotADatabaseError, match="不是本系统的数据库"):
        open_database(junk)


def test_a_new_station_database_is_readable_by_its_owner_only(db: Database) -> None:
    import os

    if os.name == "posix":
        assert db.path.stat().st_mode & 0o777 == 0o600

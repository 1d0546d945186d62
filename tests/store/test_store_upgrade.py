"""The upgrade path: a station database left at an older schema (revision 0005, before
credit scores, signing keys, printed documents, loans and insurance) with real records in it
is opened by the current app.  ``open_database`` must back it up first (a sound copy at the
old revision holding the records), then migrate it to head, keeping every record readable:
staff can still log in, farmers' encrypted fields still decrypt, and the new tables work.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from station_app.domain.farmers import FarmerInput
from station_app.domain.roles import Role
from station_app.services import auth, farmers
from station_app.services.context import ServiceContext
from station_app.store import migrate
from station_app.store.db import Database, make_engine, open_database
from station_app.store.models import SQLModel

OLD_REVISION = "0005"
ADDED_AFTER_0005 = {"credit_score", "signing_key", "issued_document", "loan_application",
                    "insurance_application", "weather_day"}


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("station", "user_account", "farmer", "village", "consent",
                              "audit_log")}
    finally:
        conn.close()


def test_older_database_is_backed_up_then_migrated_with_its_records(
    db: Database,
    tutor_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
    staff_passwords: dict[str, str],
) -> None:
    registered = {farmers.register_farmer(tutor_ctx, valid_farmer_input(phone=phone)): phone
                  for phone in ("13800138001", "13900139002", "13700137003")}
    db_path, keys_dir, database_id = db.path, db.keys_dir, db.database_id
    db.close()

    # Take the file back to revision 0005, as an older release of the app left it.
    engine = make_engine(db_path)
    migrate.downgrade(engine, OLD_REVISION)
    assert migrate.current_revision(engine) == OLD_REVISION
    assert not set(inspect(engine).get_table_names()) & ADDED_AFTER_0005
    engine.dispose()
    before = _counts(db_path)
    assert before["farmer"] == 3 and before["user_account"] >= 4

    upgraded = open_database(db_path, keys_dir=keys_dir)
    try:
        # A backup was made first, of the old revision, with the records.
        backup = upgraded.backup_made
        assert backup is not None and backup.is_file()
        assert backup.parent == db_path.parent / "backups" and "pre-migrate" in backup.name
        conn = sqlite3.connect(backup)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] \
                == OLD_REVISION
        finally:
            conn.close()
        assert _counts(backup) == before

        # Then the database was migrated to head, schema identical to the models.
        assert migrate.current_revision(upgraded.engine) == migrate.head_revision()
        assert set(inspect(upgraded.engine).get_table_names()) >= ADDED_AFTER_0005
        with upgraded.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
        assert upgraded.database_id == database_id

        # Records kept and usable: same counts, log-in works, encrypted fields decrypt.
        after = _counts(db_path)
        assert {k: after[k] for k in after if k != "audit_log"} == \
            {k: before[k] for k in before if k != "audit_log"}
        specialist = auth.login(upgraded, "specialist", staff_passwords[Role.SPECIALIST.value])
        ctx = ServiceContext(upgraded, specialist)
        for farmer_id, phone in registered.items():
            assert farmers.get_farmer(ctx, farmer_id).phone_masked.endswith(phone[-4:])
            assert farmers.reveal(ctx, farmer_id, "phone", purpose="upgrade test") == phone
    finally:
        upgraded.close()

    # A second open finds nothing pending: no further backup.
    again = open_database(db_path, keys_dir=keys_dir)
    try:
        assert again.backup_made is None
    finally:
        again.close()

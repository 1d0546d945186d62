"""The grep test: no full resident ID, phone or bank card is ever written to disk in clear."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

from station_app.domain.farmers import FarmerInput
from station_app.services import farmers
from station_app.services.context import ServiceContext
from station_app.services.farmer_search import FarmerSearch
from station_app.store.db import Database, open_database


def _disk_files(db_path: Path) -> list[Path]:
    """The database, its -wal and -shm files (if present) and any backups beside it."""
    found = [p for p in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")) if p.exists()]
    backups = db_path.parent / "backups"
    if backups.is_dir():
        found += sorted(backups.iterdir())
    return found


def _assert_absent(files: list[Path], secrets: list[str]) -> None:
    assert files, "nothing to search"
    for path in files:
        raw = path.read_bytes()
        for secret in secrets:
            needle = secret.encode("ascii")
            assert needle not in raw, f"{secret} in clear in {path.name}"
            # Nor as UTF-16 (the encoding SQLite may use for text).
            assert secret.encode("utf-16-le") not in raw, f"{secret} (UTF-16) in {path.name}"


def test_sensitive_numbers_never_reach_the_disk_in_clear(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    inputs = [valid_farmer_input(name=n) for n in ("张三", "李四", "王五", "赵六")]
    ids = [farmers.register_farmer(tutor_ctx, inp) for inp in inputs]
    # Exercise the other paths that touch sensitive data: edit with a new phone and card,
    # reveal, search by full numbers, soft delete.
    new = valid_farmer_input(name="张三")
    edit = valid_farmer_input(name="张三", resident_id=None, phone=new.phone,
                              bank_card=new.bank_card, birth_date=inputs[0].birth_date)
    farmers.update_farmer(tutor_ctx, ids[0], edit, base_version=1)
    for field in ("resident_id", "phone", "bank_card"):
        farmers.reveal(specialist_ctx, ids[1], field, purpose="核对")
    search = FarmerSearch(db)
    try:
        assert [r.id for r in search.search(str(inputs[1].resident_id))] == [ids[1]]
        assert [r.id for r in search.search(str(inputs[2].phone))] == [ids[2]]
    finally:
        search.close()
    farmers.delete_farmer(specialist_ctx, ids[3], base_version=1, reason="重复登记")

    secrets: list[str] = []
    for inp in [*inputs, new]:
        secrets += [str(inp.resident_id), str(inp.phone), str(inp.bank_card)]

    # While open: main file plus the write-ahead log, where the fresh pages are.
    assert Path(f"{db.path}-wal").exists()
    _assert_absent(_disk_files(db.path), secrets)

    # After a checkpoint has copied the log into the main file.
    with db.engine.connect() as conn:
        busy, _log, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        assert busy == 0
    _assert_absent(_disk_files(db.path), secrets)

    # After closing.
    db.close()
    _assert_absent(_disk_files(db.path), secrets)

    # And the data really is there: reopened, the values decrypt.
    reopened = open_database(db.path)
    try:
        ctx = ServiceContext(reopened, specialist_ctx.actor)
        assert farmers.reveal(ctx, ids[1], "resident_id") == inputs[1].resident_id
        assert farmers.reveal(ctx, ids[0], "phone") == new.phone
        conn = sqlite3.connect(reopened.path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    finally:
        reopened.close()

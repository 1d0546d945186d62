"""Make (or reuse) a demo county database for the benchmarks.

    python bench/make_data.py --farmers 100000 --db bench/data/county.db

The database is filled by :func:`station_app.services.demo.populate` (the same generator as
``station-app demo``): a realistic county with valid resident IDs, mobiles and bank cards.
Its encryption key is kept under ``STATION_APP_HOME`` (default: the database's folder), so
``bench/bench_search.py`` must be run with the same ``STATION_APP_HOME``.

An existing file is reused when it already holds exactly ``--farmers`` live farmers and its
key can be found; anything else (a smaller or interrupted run) is deleted and rebuilt.
Nothing is tuned beyond what the app itself does (no ANALYZE), so the benchmarks measure the
database the app would really have.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from pathlib import Path


def setup_env(db_path: Path) -> Path:
    """Point the app's home at bench/data (keys live there) and switch off the OS keyring."""
    home = Path(os.environ.setdefault("STATION_APP_HOME", str(db_path.resolve().parent)))
    os.environ.setdefault("STATION_APP_NO_KEYRING", "1")
    return home


def existing_state(db_path: Path, home: Path) -> tuple[int, str | None, bool]:
    """(live farmers, database id, key file present) of an existing file; (-1, None, False)
    when it is not a usable station database."""
    if not db_path.exists():
        return -1, None, False
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            count = conn.execute("SELECT count(*) FROM farmer WHERE deleted = 0").fetchone()[0]
            row = conn.execute(
                "SELECT value FROM local_meta WHERE key = 'database_id'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return -1, None, False
    database_id = row[0] if row else None
    has_key = bool(database_id) and (home / "keys" / f"{database_id}.key").exists()
    return count, database_id, has_key


def meta_path(db_path: Path) -> Path:
    return Path(f"{db_path}.meta.json")


def remove_database(db_path: Path, home: Path, database_id: str | None) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".meta.json"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    if database_id:
        (home / "keys" / f"{database_id}.key").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--farmers", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("bench/data/county.db"))
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--force", action="store_true", help="rebuild even if reusable")
    args = parser.parse_args(argv)

    home = setup_env(args.db)
    count, database_id, has_key = existing_state(args.db, home)
    if count == args.farmers and has_key and not args.force:
        print(f"{args.db}: reusing, already holds {count:,} farmers (key in {home / 'keys'})")
        return 0
    if count >= 0 or args.db.exists():
        why = "forced" if args.force else (
            f"holds {count:,} farmers, want {args.farmers:,}" if has_key else "key missing")
        print(f"{args.db}: rebuilding ({why})")
        remove_database(args.db, home, database_id)

    from station_app.services import demo
    from station_app.store.db import open_database

    args.db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    db = open_database(args.db, backup=False)
    last = [started]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        rate = (now - last[0]) / max(1, args.batch) * 1000
        last[0] = now
        print(f"  {done:>7,}/{total:,} farmers  {now - started:6.1f} s  "
              f"({rate:.2f} ms/farmer last batch)", flush=True)

    try:
        result = demo.populate(db, args.farmers, seed=args.seed, progress=progress,
                               batch=args.batch)
    finally:
        db.close()
    elapsed = time.perf_counter() - started
    # Fold the WAL back into the file so the benchmark starts from a settled database.
    conn = sqlite3.connect(args.db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = args.db.stat().st_size / 2**20
    # bench_search.py reports how the data was made.
    meta_path(args.db).write_text(json.dumps({
        "farmers": result.farmers, "villages": result.villages, "seed": args.seed,
        "seconds": round(elapsed, 1), "ms_per_farmer": round(elapsed / args.farmers * 1000, 2),
        "mib": round(size), "made": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }), encoding="utf-8")
    print(f"{args.db}: {result.farmers:,} farmers in {result.villages} villages, "
          f"{elapsed:.1f} s ({elapsed / args.farmers * 1000:.2f} ms/farmer), {size:.0f} MiB; "
          f"key in {home / 'keys'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

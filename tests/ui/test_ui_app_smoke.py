"""The start-up check (``STATION_APP_SMOKE_EXIT_MS``): the real entry point, as a process.

``python -m station_app.cli`` with a fresh, empty ``STATION_APP_HOME`` must open offscreen,
create and migrate its database, show the main window, print the ready line and exit 0. The
same switch is what ``packaging/smoke_bundle.sh`` uses on the frozen bundle and what
``bench/bench_cold_start.py`` times.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from station_app.store import migrate
from station_app.ui.app import SMOKE_EXIT_ENV


def _start(home: Path, *args: str, delay_ms: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STATION_APP_HOME": str(home),
           "STATION_APP_NO_KEYRING": "1", SMOKE_EXIT_ENV: delay_ms}
    env.pop("STATION_APP_DB", None)
    return subprocess.run([sys.executable, "-m", "station_app.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_fresh_start_creates_the_database_shows_the_window_and_exits_0(tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"  # does not exist yet: the app makes it
    before = time.time()
    result = _start(home)
    assert result.returncode == 0, result.stderr
    ready = [line for line in result.stdout.splitlines()
             if line.startswith("station-app smoke: ready ")]
    assert len(ready) == 1, result.stdout
    _, _, _, stamp, db_path = ready[0].split(" ", 4)
    assert before <= float(stamp) <= time.time()
    assert Path(db_path) == home / "station.db"
    conn = sqlite3.connect(home / "station.db")
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        database_id = conn.execute(
            "SELECT value FROM local_meta WHERE key = 'database_id'").fetchone()[0]
    finally:
        conn.close()
    assert revision == migrate.head_revision()
    assert {"station", "user_account", "farmer", "village", "local_meta"} <= tables
    assert (home / "keys" / f"{database_id}.key").is_file()
    assert not (home / "backups").exists()  # a new database needs no pre-migration backup


def test_the_delay_is_honoured_and_a_second_start_reuses_the_database(tmp_path: Path) -> None:
    home = tmp_path / "home2"
    assert _start(home).returncode == 0
    first_id = _database_id(home / "station.db")
    started = time.monotonic()
    result = _start(home, "--lang", "en", delay_ms="300")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started >= 0.3
    assert "station-app smoke: ready" in result.stdout
    assert _database_id(home / "station.db") == first_id


def _database_id(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT value FROM local_meta WHERE key = 'database_id'").fetchone()[0]
    finally:
        conn.close()

"""Cold start of the app to a usable main window over a 100,000-farmer database, beside a bare
PySide6 window started the same way in the same run.  Goal: within 2x of the bare window.

The app shows its window first and opens the database behind it (station_app/ui/startup.py),
so two moments are timed: **window** — the log-in page is on screen and takes typing (the
goal is measured here); **database** — the database is open and a log-in goes through (one
pressed earlier waits for it).  The longest gap between event-loop turns while the database
opens is reported too (how responsive the window stays meanwhile).

    python bench/make_data.py --farmers 100000 --db bench/data/county.db   # made if missing
    python bench/bench_cold_start.py [--runs 10]

Each start is a fresh ``python`` process, app and bare alternating (one unmeasured warm-up of
each first, so both find the same warm OS file cache and compiled byte-code, as an installed app has):

* **app**: ``python -m station_app.cli --db <county copy>`` with
  ``STATION_APP_SMOKE_EXIT_MS=0`` (station_app/ui/app.py): the real start-up (settings,
  QApplication, fonts, translator, style sheet, the window with its log-in page, then on a
  background thread ``open_database`` with its migration check and key); it prints
  ``station-app smoke: window <unix time> <page>`` at the event loop's first turn and
  ``… ready <unix time>`` once the database is attached, then quits.  The database has a
  station and staff and was opened by an earlier start (the warm-up), so the page shown at
  once is the log-in page (checked); no log-in is automated (typing a password and the first
  farmer list are measured by bench_search.py);
* **bare**: ``python -c`` with a QApplication and a QMainWindow holding a QLabel, same size,
  same environment, the same zero-timer printing the same line.

Time = child's ready stamp minus the parent's clock just before spawning (both ``time.time()``
on one machine), so interpreter start and imports count.  Time to process exit is shown too.
The benchmark works on a private copy (``bench/data/cold_start/``), migrated to the current
schema once beforehand, so the timed starts never migrate and the shared county.db is not
touched.  Results go to ``bench/out/cold_start.md`` (and are printed).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_RATIO = 2.0
READY = "station-app smoke: ready "
WINDOW = "station-app smoke: window "
STALL = "station-app smoke: longest stall "

BARE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("bare window"))
window.resize(1360, 860)
window.show()
def ready():
    print(f"station-app smoke: ready {time.time():.6f} bare", flush=True)
    app.exit(0)
QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""


def prepare(source: Path, farmers: int, work: Path) -> Path:
    """A private, migrated copy of the county database (made from ``source``, generated first
    with make_data.py when missing)."""
    if not source.exists():
        print(f"{source} missing: generating {farmers:,} farmers (~80 s)", flush=True)
        subprocess.run([sys.executable, str(REPO / "bench" / "make_data.py"),
                        "--farmers", str(farmers), "--db", str(source)], check=True)
    work.mkdir(parents=True, exist_ok=True)
    target = work / "county.db"
    stamp = work / "source.stamp"
    source_id = f"{source.resolve()} {source.stat().st_mtime_ns} {source.stat().st_size}"
    if not target.exists() or not stamp.exists() or stamp.read_text() != source_id:
        print(f"copying {source} to {target}", flush=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        src, dst = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        conn = sqlite3.connect(target)
        try:
            database_id = conn.execute(
                "SELECT value FROM local_meta WHERE key = 'database_id'").fetchone()[0]
        finally:
            conn.close()
        (work / "keys").mkdir(exist_ok=True)
        shutil.copy2(source.parent / "keys" / f"{database_id}.key",
                     work / "keys" / f"{database_id}.key")
        stamp.write_text(source_id)
    # Migrate once, outside the timing (an upgrade is a one-off, measured elsewhere).
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "station_app.cli", "migrate", "--db", str(target)],
                   env=child_env(work), check=True, capture_output=True)
    print(f"{target}: at the latest schema ({time.perf_counter() - started:.1f} s to check/"
          "migrate)", flush=True)
    return target


def child_env(home: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "STATION_APP_HOME": str(home), "STATION_APP_NO_KEYRING": "1",
           "STATION_APP_SMOKE_EXIT_MS": "0",
           # Byte-code cached, as in an installed app or the bundle (pip and PyInstaller
           # compile it); kept in a private folder so the source tree is not touched.
           "PYTHONPYCACHEPREFIX": str(home / "pycache")}
    env.pop("STATION_APP_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def start(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Times of one fresh process, ms after spawning: ``window`` (usable window; for the bare
    window its only line), ``ready`` (database attached), ``exit``; and ``stall`` (ms)."""
    t0 = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    t_exit = time.time()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:3]} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    lines = proc.stdout.splitlines()
    line = next((ln for ln in lines if ln.startswith(READY)), None)
    if line is None:
        raise SystemExit(f"{cmd[:3]} printed no ready line:\n{proc.stdout}\n{proc.stderr}")
    ready = float(line[len(READY):].split()[0])
    window_line = next((ln for ln in lines if ln.startswith(WINDOW)), None)
    window = ready
    if window_line is not None:
        stamp, page = window_line[len(WINDOW):].split()[:2]
        if page != "login_page":
            raise SystemExit(f"the app showed {page}, not the log-in page, at once")
        window = float(stamp)
    stall_line = next((ln for ln in lines if ln.startswith(STALL)), None)
    stall = float(stall_line[len(STALL):].split()[0]) if stall_line else 0.0
    return {"window": (window - t0) * 1000, "ready": (ready - t0) * 1000,
            "exit": (t_exit - t0) * 1000, "stall": stall}


def fmt(values: list[float]) -> str:
    ordered = sorted(values)
    return (f"{statistics.median(ordered):.0f} | {ordered[0]:.0f} | {ordered[-1]:.0f} | "
            f"{(statistics.stdev(ordered) if len(ordered) > 1 else 0):.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=REPO / "bench" / "data" / "county.db")
    parser.add_argument("--farmers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10, help="timed starts of each")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "data" / "cold_start")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "cold_start.md")
    args = parser.parse_args(argv)

    db = prepare(args.db, args.farmers, args.work)
    env = child_env(args.work)
    app_cmd = [sys.executable, "-m", "station_app.cli", "--db", str(db)]
    bare_cmd = [sys.executable, "-c", BARE]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        farmers = conn.execute("SELECT count(*) FROM farmer WHERE deleted = 0").fetchone()[0]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()

    start(bare_cmd, env)  # warm-ups, not counted (the app's also remembers the station)
    start(app_cmd, env)
    results: dict[str, list[dict[str, float]]] = {"bare": [], "app": []}
    for i in range(args.runs):
        order = ("bare", "app") if i % 2 == 0 else ("app", "bare")
        for which in order:
            results[which].append(start(app_cmd if which == "app" else bare_cmd, env))
        app, bare = results["app"][-1], results["bare"][-1]
        print(f"run {i + 1}/{args.runs}: bare {bare['window']:.0f} ms, app window "
              f"{app['window']:.0f} ms, database {app['ready']:.0f} ms, "
              f"stall {app['stall']:.0f} ms", flush=True)

    def column(which: str, key: str) -> list[float]:
        return [r[key] for r in results[which]]

    median = statistics.median
    ratio = median(column("app", "window")) / median(column("bare", "window"))
    ratio_db = median(column("app", "ready")) / median(column("bare", "window"))
    import PySide6

    size_mib = db.stat().st_size / 2**20
    lines = [
        f"## Cold start to a usable main window ({farmers:,} farmers)",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()}: "
        f"{platform.platform()}, {os.cpu_count()} cores (shared with other jobs), Python "
        f"{platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}, byte-code cached, load average "
        f"{os.getloadavg()[0]:.1f} at the end.",
        "",
        f"    python bench/bench_cold_start.py --runs {args.runs}",
        "",
        f"Database: copy of `{args.db.relative_to(REPO) if args.db.is_relative_to(REPO) else args.db}`"
        f" ({size_mib:.0f} MiB, {farmers:,} live farmers, schema {revision}); "
        f"{args.runs} fresh processes of each, alternating, after one warm-up of each.",
        "The app's window is the **log-in page** (the database has a station and staff and was "
        "opened before, so its name is remembered): it is shown and takes typing before the "
        "database is open; the database opens behind it on a background thread.",
        "",
        "| start | median ms | min | max | stdev |",
        "|---|---:|---:|---:|---:|",
        f"| bare PySide6 window (`python -c`): window shown | {fmt(column('bare', 'window'))} |",
        f"| station-app: log-in page shown, typing accepted | {fmt(column('app', 'window'))} |",
        f"| station-app: database open, log-in goes through | {fmt(column('app', 'ready'))} |",
        f"| station-app: longest event-loop stall while the database opens | "
        f"{fmt(column('app', 'stall'))} |",
        f"| bare window: to process exit | {fmt(column('bare', 'exit'))} |",
        f"| station-app: to process exit | {fmt(column('app', 'exit'))} |",
        "",
        f"Ratio app / bare to a usable window (medians): **{ratio:.2f}×** — goal ≤ "
        f"{GOAL_RATIO:.0f}×: **{'met' if ratio <= GOAL_RATIO else 'NOT met'}**.  "
        f"To the database being open: {ratio_db:.2f}× the bare window.",
        "",
    ]
    text = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"(written to {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cold start of the app to a usable main window over a 100,000-farmer database, beside a bare
PySide6 window started the same way in the same run.  Goal: within 2x of the bare window.

    python bench/make_data.py --farmers 100000 --db bench/data/county.db   # made if missing
    python bench/bench_cold_start.py [--runs 10]

Each start is a fresh ``python`` process, app and bare alternating (one unmeasured warm-up of
each first, so both find the same warm OS file cache and compiled byte-code, as an installed app has):

* **app**: ``python -m station_app.cli --db <county copy>`` with
  ``STATION_APP_SMOKE_EXIT_MS=0`` (station_app/ui/app.py): the real start-up (settings,
  QApplication, fonts, translator, style sheet, ``open_database`` with its migration check
  and key, every screen of ``MainWindow`` built, the window shown); at the event loop's first
  turn it prints ``station-app smoke: ready <unix time>`` and quits.  The database has a
  station and staff, so what is shown is the log-in screen: the measurement ends at the log-in
  screen being usable over the 100k database (no log-in is automated; typing a password and
  the first farmer list are measured by bench_search.py);
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


def start(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(ms to the ready line, ms to process exit) of one fresh process."""
    t0 = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    t_exit = time.time()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:3]} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith(READY)), None)
    if line is None:
        raise SystemExit(f"{cmd[:3]} printed no ready line:\n{proc.stdout}\n{proc.stderr}")
    ready = float(line[len(READY):].split()[0])
    return (ready - t0) * 1000, (t_exit - t0) * 1000


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

    start(bare_cmd, env)  # warm-ups, not counted
    start(app_cmd, env)
    results: dict[str, list[tuple[float, float]]] = {"bare": [], "app": []}
    for i in range(args.runs):
        order = ("bare", "app") if i % 2 == 0 else ("app", "bare")
        for which in order:
            results[which].append(start(app_cmd if which == "app" else bare_cmd, env))
        print(f"run {i + 1}/{args.runs}: bare {results['bare'][-1][0]:.0f} ms, "
              f"app {results['app'][-1][0]:.0f} ms", flush=True)

    ready = {k: [r[0] for r in v] for k, v in results.items()}
    exits = {k: [r[1] for r in v] for k, v in results.items()}
    ratio = statistics.median(ready["app"]) / statistics.median(ready["bare"])
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
        "The app's window is the **log-in screen** (the database has a station and staff): "
        "measured to that screen being usable, not past a log-in.",
        "",
        "| start | ready: median ms | min | max | stdev | to exit: median ms |",
        "|---|---:|---:|---:|---:|---:|",
        f"| bare PySide6 window (`python -c`) | {fmt(ready['bare'])} | "
        f"{statistics.median(exits['bare']):.0f} |",
        f"| station-app (`python -m station_app.cli`) | {fmt(ready['app'])} | "
        f"{statistics.median(exits['app']):.0f} |",
        "",
        f"Ratio app / bare (medians, to ready): **{ratio:.2f}×** — goal ≤ {GOAL_RATIO:.0f}×: "
        f"**{'met' if ratio <= GOAL_RATIO else 'NOT met'}**.",
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

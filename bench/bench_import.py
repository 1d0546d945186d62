"""Order import of 1,000,000 generated rows (CSV and XLSX) beside a bare import of the same rows.

    python bench/bench_import.py                          # generate the exports, then measure
    python bench/bench_import.py --reuse                  # reuse bench/data/import/*.csv|xlsx
    python bench/bench_import.py --reuse --formats csv,gbk,xlsx --repeat 3
    python bench/bench_import.py --rows 100000 --formats csv --memory-rows 0   # a quick look

The exports are 拼多多-layout order exports made by ``bench/make_order_exports.py`` (same
seed, same orders in every format): UTF-8 CSV with BOM (``csv``), GBK CSV (``gbk``) and XLSX
written by openpyxl ``write_only`` (``xlsx``: amounts as numbers, times as date-time cells).
They, a template station database and the scratch databases live in ``bench/data/import/``
(git-ignored).  The template is made the way the app makes one (``open_database`` with its
migrations, ``auth.create_station``, a tutor made by ``auth.create_user`` — tutors hold
``SALES_WRITE`` — a farmer and her 拼多多 shop); each "ours" measurement starts from a fresh
copy of it.

For each format, in the same run, interleaved (bare, ours, bare, ours, …):

* **ours**: ``preview_import`` then ``commit_import`` into the fresh copy, timed separately
  (the commit alone is the time SQLite's write lock is held).  A probe process meanwhile
  tries ``BEGIN IMMEDIATE`` with no busy timeout every 20 ms on the same database, and
  reports the longest stretch another writer would have found the database locked.
* **bare**: Python's ``csv`` module (XLSX: openpyxl ``read_only`` ``iter_rows(values_only=
  True)``) reading the same rows, converting minimally (amount → integer fen via Decimal,
  times via ``datetime.fromisoformat`` for CSV, quantity → int), ``executemany`` INSERT
  into a plain ``sqlite3`` table with the same 23 columns and the same UNIQUE(shop_id,
  order_no), one transaction, the app's pragmas (WAL, synchronous=NORMAL).
* **bare, app's table** (CSV only, for reference): the same bare code inserting into a table
  made with the app's own DDL for ``sales_order`` (primary key on ``id`` and four more
  indexes), to show what SQLite alone costs for the app's schema.

Every measurement runs in a fresh Python process.  Peak memory is that process's peak RSS
during the import: ``VmHWM`` from ``/proc/self/status``, reset to the current RSS right
before the import starts (``/proc/self/clear_refs`` = 5) and read when it ends; it covers
the whole process (interpreter, imports, the opened database).  "RSS before" is the RSS
(``/proc/self/statm``) at that reset, so "peak − before" is what the import itself added.
(``ru_maxrss`` is not used: Linux carries it over fork + exec from the parent, and it
cannot be reset, so it would report start-up peaks — e.g. the app's migration check,
~140 MiB — instead of the import's.)
Constant memory is shown by running ours (and bare) on the first ``--memory-rows`` rows of
the same export too.

Results are printed as markdown and written to ``bench/out/import_results.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

DATA = REPO / "bench" / "data" / "import"
OUT = REPO / "bench" / "out" / "import_results.md"
GOAL_RATIO = 2.0
FORMATS = {  # name -> (file suffix, label)
    "csv": (".csv", "CSV, UTF-8 with BOM"),
    "gbk": ("-gbk.csv", "CSV, GBK"),
    "xlsx": (".xlsx", "XLSX"),
}
PRODUCT_FILES = ("station_app/services/sales_import.py", "station_app/domain/order_import.py",
                 "station_app/services/order_files.py")
PROBE_INTERVAL = 0.02
APP_BUSY_TIMEOUT = 5.0  # the app's PRAGMA busy_timeout (store/db.py)
SHOP_ID = "bench-shop"  # bare runs: any constant
ID_PREFIX = "0f0e0d0c-0b0a-4908-8706-"  # bare runs: ids shaped like ours (prefix + row number)

BARE_DDL = """CREATE TABLE sales_order (
    id TEXT NOT NULL, station_id TEXT NOT NULL, created_hlc TEXT NOT NULL,
    updated_hlc TEXT NOT NULL, field_clock TEXT NOT NULL, version INTEGER NOT NULL,
    deleted INTEGER NOT NULL, shop_id TEXT NOT NULL, order_no TEXT NOT NULL,
    ordered_at TEXT NOT NULL, product TEXT NOT NULL, quantity INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL, status TEXT NOT NULL, buyer_key TEXT, shipped_at TEXT,
    signed_at TEXT, settled_at TEXT, after_sale TEXT NOT NULL, after_sale_requested_at TEXT,
    after_sale_responded_at TEXT, refund_fen INTEGER NOT NULL, import_batch_id TEXT,
    UNIQUE (shop_id, order_no))"""
BARE_INSERT = "INSERT OR IGNORE INTO sales_order VALUES (" + ", ".join("?" * 23) + ")"


# --------------------------------------------------------------------------- helpers

def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    """Peak RSS of this process (``VmHWM``, the kernel's high-water mark of its address
    space) since exec or the last ``reset_peak()``.  Not ``ru_maxrss``: Linux carries that
    over fork + exec, so a child reports the parent's RSS at the fork if that was larger,
    and it cannot be reset to leave out the start-up (imports, migrations check)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")


def reset_peak() -> None:
    """Set ``VmHWM`` back to the current RSS (Linux >= 4.0, ``clear_refs`` value 5)."""
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def sha_prefix(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def setup_env(home: Path) -> None:
    os.environ["STATION_APP_HOME"] = str(home)
    os.environ["STATION_APP_NO_KEYRING"] = "1"


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# --------------------------------------------------------------------------- data

def export_path(fmt: str, rows: int) -> Path:
    return DATA / f"pinduoduo-{rows}{FORMATS[fmt][0]}"


def ensure_export(fmt: str, rows: int, reuse: bool) -> Path:
    """Write (or, with --reuse, keep) the export of ``rows`` orders in format ``fmt``."""
    import make_order_exports as make

    path = export_path(fmt, rows)
    meta = Path(f"{path}.json")
    generator = sha_prefix(Path(make.__file__))
    if reuse and path.exists() and meta.exists():
        info = json.loads(meta.read_text())
        if info.get("rows") == rows and info.get("size") == path.stat().st_size:
            print(f"  reusing {path.name} ({path.stat().st_size / 2**20:.0f} MiB, "
                  f"made {info['made']})", flush=True)
            return path
    DATA.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    if fmt == "xlsx":
        make.write_pinduoduo_xlsx(partial, rows)
    else:
        make.write_pinduoduo(partial, rows, encoding="gbk" if fmt == "gbk" else "utf-8-sig")
    partial.replace(path)
    seconds = time.perf_counter() - started
    meta.write_text(json.dumps({
        "rows": rows, "size": path.stat().st_size, "seconds": round(seconds, 1),
        "generator_sha256": generator,
        "made": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}))
    print(f"  wrote {path.name}: {rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB in "
          f"{seconds:.0f} s", flush=True)
    return path


def ensure_template() -> dict[str, Any]:
    """A station database with a tutor, a farmer and a 拼多多 shop, made through the services."""
    home, db_path, meta = DATA / "home", DATA / "template.db", DATA / "template.json"
    if db_path.exists() and meta.exists():
        info = json.loads(meta.read_text())
        if (home / "keys" / f"{info['database_id']}.key").exists():
            return info
    setup_env(home)
    remove_db(db_path)
    from datetime import date

    from station_app.domain import ids
    from station_app.domain.farmers import FarmerInput
    from station_app.domain.roles import Role
    from station_app.services import auth, farmers, shops
    from station_app.services.context import ServiceContext
    from station_app.store.db import open_database

    DATA.mkdir(parents=True, exist_ok=True)
    db = open_database(db_path, backup=False)
    try:
        station, admin_user = auth.create_station(
            db, station_name="眉县横渠镇农村电商金融服务站", station_code="MX-HQ-01",
            province="陕西省", county="眉县", county_code="610326", admin_username="admin",
            admin_display_name="李建国", admin_password="Bench-admin-2026")
        admin = ServiceContext(db, auth.actor_for(admin_user))
        tutor_user = auth.create_user(admin, username="tutor", display_name="王芳",
                                      role=Role.TUTOR, password="Bench-tutor-2026")
        tutor = ServiceContext(db, auth.actor_for(tutor_user))
        body = "61032619850315001"
        card = next(c for c in (f"622202000000000001{d}" for d in "0123456789")
                    if not ids.check_bank_card(c).warnings)
        farmer_id = farmers.register_farmer(tutor, FarmerInput(
            name="李秀英", gender="female", birth_date=date(1985, 3, 15),
            resident_id=body[:16] + "2" + ids.resident_id_check_digit(body[:16] + "2"),
            phone="13900000001", bank_card=card, province="陕西省", county="眉县",
            township="横渠镇", village="东河村", address_detail="3组12号", household_size=4,
            education="junior", consent_scopes=["basic", "sensitive"],
            consent_form_printed=True), confirmed=True)
        shop_id = shops.create_shop(tutor, farmer_id, platform="pinduoduo",
                                    shop_name="秀英家猕猴桃", opened_on=date(2024, 3, 1))
        info = {"database_id": db.database_id, "shop_id": shop_id, "tutor": "tutor",
                "station_id": station.id}
    finally:
        db.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    meta.write_text(json.dumps(info))
    return info


# --------------------------------------------------------------------------- workers

def _bare_rows_csv(path: Path, encoding: str):
    import csv
    from decimal import Decimal

    fromiso = datetime.fromisoformat

    def when(text: str) -> str | None:
        return fromiso(text).isoformat(" ") if text else None

    handle = open(path, encoding=encoding, newline="")
    reader = csv.reader(handle)
    header = next(reader)
    (i_product, i_order, i_status, i_amount, i_qty, i_ordered, i_shipped, i_signed, i_after,
     i_buyer) = (header.index(h) for h in (
         "商品", "订单号", "订单状态", "用户实付金额(元)", "商品数量(件)", "订单成交时间",
         "发货时间", "确认收货时间", "售后状态", "收货人"))
    for number, r in enumerate(reader, start=2):
        yield (ID_PREFIX + format(number, "012x"), "station", "hlc", "hlc", "{}", 1, 0, SHOP_ID,
               r[i_order], when(r[i_ordered]), r[i_product], int(r[i_qty]),
               int(Decimal(r[i_amount]) * 100), r[i_status], r[i_buyer], when(r[i_shipped]),
               when(r[i_signed]), None, r[i_after], None, None, 0, "batch")
    handle.close()


def _bare_rows_xlsx(path: Path):
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = list(next(rows))
    (i_product, i_order, i_status, i_amount, i_qty, i_ordered, i_shipped, i_signed, i_after,
     i_buyer) = (header.index(h) for h in (
         "商品", "订单号", "订单状态", "用户实付金额(元)", "商品数量(件)", "订单成交时间",
         "发货时间", "确认收货时间", "售后状态", "收货人"))

    def when(value: datetime | None) -> str | None:
        return value.isoformat(" ") if value else None

    for number, r in enumerate(rows, start=2):
        yield (ID_PREFIX + format(number, "012x"), "station", "hlc", "hlc", "{}", 1, 0, SHOP_ID,
               r[i_order], when(r[i_ordered]), r[i_product], int(r[i_qty]),
               round(r[i_amount] * 100), r[i_status], r[i_buyer], when(r[i_shipped]),
               when(r[i_signed]), None, r[i_after], None, None, 0, "batch")
    book.close()


def worker_bare(spec: dict[str, Any]) -> dict[str, Any]:
    path, fmt, db_path = Path(spec["path"]), spec["format"], Path(spec["db"])
    remove_db(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    if spec["schema"] == "app":
        for (sql,) in sqlite3.connect(spec["template"]).execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'sales_order' AND sql IS NOT NULL "
                "ORDER BY type DESC"):  # the table, then its indexes
            conn.execute(sql)
    else:
        conn.execute(BARE_DDL)
    if fmt == "xlsx":
        import openpyxl  # noqa: F401  (imported before "RSS before", like ours)
    rows = (_bare_rows_xlsx(path) if fmt == "xlsx"
            else _bare_rows_csv(path, "gbk" if fmt == "gbk" else "utf-8-sig"))
    startup_peak = peak_mib()
    reset_peak()
    before, cpu0 = rss_mib(), cpu_s()
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(BARE_INSERT, rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    cpu = cpu_s() - cpu0
    count, fen = conn.execute("SELECT count(*), sum(amount_fen) FROM sales_order").fetchone()
    conn.close()
    remove_db(db_path)
    return {"seconds": seconds, "cpu": cpu, "rows": count, "fen": fen, "rss_before": before,
            "peak": peak_mib(), "startup_peak": startup_peak}


def worker_ours(spec: dict[str, Any]) -> dict[str, Any]:
    path, db_path = Path(spec["path"]), Path(spec["db"])
    setup_env(Path(spec["home"]))
    remove_db(db_path)
    shutil.copyfile(spec["template"], db_path)
    from sqlmodel import Session, select

    from station_app.services import auth, sales_import
    from station_app.services.context import ServiceContext
    from station_app.store.db import open_database
    from station_app.store.models import User

    if path.suffix == ".xlsx":
        import openpyxl  # noqa: F401  (imported before "RSS before", like bare)
    db = open_database(db_path, backup=False)
    with Session(db.engine) as session:
        user = session.exec(select(User).where(User.username == spec["tutor"])).one()
    ctx = ServiceContext(db, auth.actor_for(user))

    probe = None
    if spec.get("probe"):
        ready, stop, out = (Path(f"{db_path}.probe-{n}") for n in ("ready", "stop", "out"))
        for file in (ready, stop, out):
            file.unlink(missing_ok=True)
        probe = subprocess.Popen([sys.executable, __file__, "--probe-lock", str(db_path),
                                  str(ready), str(stop), str(out)])
        while not ready.exists():
            time.sleep(0.01)
    startup_peak = peak_mib()
    reset_peak()
    before, cpu0 = rss_mib(), cpu_s()
    wall0, started = time.time(), time.perf_counter()
    preview = sales_import.preview_import(ctx, spec["shop_id"], path)
    wall1, previewed, cpu1 = time.time(), time.perf_counter(), cpu_s()
    peak_preview = peak_mib()
    staging = getattr(getattr(preview, "_staging", None), "path", None)
    staging_mib = staging.stat().st_size / 2**20 if staging and staging.exists() else None
    result = sales_import.commit_import(ctx, preview)
    wall2, committed, cpu2 = time.time(), time.perf_counter(), cpu_s()
    lock: dict[str, Any] = {}
    if probe is not None:
        stop.touch()
        probe.wait()
        report = json.loads(out.read_text())
        for file in (ready, stop, out):
            file.unlink(missing_ok=True)
        lock = {"attempts": report["attempts"]}
        for phase, (low, high) in (("preview", (wall0, wall1)), ("commit", (wall1, wall2))):
            spans = [min(b, high) - max(a, low) for a, b in report["stretches"]
                     if b > low and a < high]
            lock[phase] = {"longest": max(spans, default=0.0), "total": sum(spans)}
    wal = Path(f"{db_path}-wal")
    wal_mib = wal.stat().st_size / 2**20 if wal.exists() else 0.0
    db.close()
    conn = sqlite3.connect(db_path)
    count, fen = conn.execute("SELECT count(*), sum(amount_fen) FROM sales_order").fetchone()
    conn.close()
    remove_db(db_path)
    return {"seconds": committed - started, "preview": previewed - started,
            "commit": committed - previewed, "cpu": cpu2 - cpu0, "cpu_preview": cpu1 - cpu0,
            "cpu_commit": cpu2 - cpu1, "rows": count, "fen": fen, "imported": result.imported,
            "preview_rows": preview.rows_total, "preview_errors": preview.rows_error,
            "rss_before": before, "peak": peak_mib(), "peak_preview": peak_preview,
            "startup_peak": startup_peak,
            "staging_mib": staging_mib, "wal_mib": wal_mib, "lock": lock}


def probe_lock(db: str, ready: str, stop: str, out: str) -> None:
    """Try to become the writer every 20 ms, never waiting; record when that was refused."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    Path(ready).touch()
    stretches, attempts, since = [], 0, None
    while not os.path.exists(stop):
        now = time.time()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            if since is not None:
                stretches.append((since, now))
                since = None
        except sqlite3.OperationalError:  # database is locked
            if since is None:
                since = now
        attempts += 1
        time.sleep(PROBE_INTERVAL)
    if since is not None:
        stretches.append((since, time.time()))
    conn.close()
    Path(out).write_text(json.dumps({"attempts": attempts, "stretches": stretches}))


def run_worker(kind: str, **spec: Any) -> dict[str, Any]:
    spec["kind"] = kind
    proc = subprocess.run([sys.executable, __file__, "--worker", json.dumps(spec)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"worker {kind} failed:\n{proc.stdout}\n{proc.stderr}")
    line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


# --------------------------------------------------------------------------- report

def fmt_s(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}"


def med(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def spread(runs: list[dict[str, Any]], key: str) -> str:
    if len(runs) < 2:
        return ""
    values = [r[key] for r in runs]
    return f" ({fmt_s(min(values))}–{fmt_s(max(values))})"


def machine() -> dict[str, str]:
    model = "?"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        total = int(handle.readline().split()[1]) / 2**20
    import openpyxl

    return {"cpu": f"{model}, {os.cpu_count()} cores", "ram": f"{total:.0f} GiB",
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "openpyxl": openpyxl.__version__}


def report(args: argparse.Namespace, results: dict[str, Any], info: dict[str, Any]) -> str:
    m = info["machine"]
    lines = [
        f"Commands: `{info['command']}`",
        "",
        f"- Machine: {m['cpu']}, {m['ram']} RAM, {m['os']}",
        f"- Python {m['python']}, SQLite {m['sqlite']}, openpyxl {m['openpyxl']}",
        f"- Run: {info['started']}, {info['minutes']:.0f} min in all; load average "
        f"{info['load_start']} at the start, {info['load_end']} at the end",
        "- Product code measured (sha256 prefixes at the start of the run): "
        + ", ".join(f"`{name}` {sha}" for name, sha in info["product"].items()),
        "- Exports: " + "; ".join(
            f"{FORMATS[f][1]} {export_path(f, args.rows).stat().st_size / 2**20:.0f} MiB"
            for f in args.formats),
        f"- Timings: median of {args.repeat} interleaved run(s) for CSV"
        + (f", {args.xlsx_repeat} for XLSX" if "xlsx" in args.formats else "")
        + " (min–max in brackets); CPU = user + system seconds of the measuring process",
        "",
        "| Format | Import | Rows | Wall s | Rows/s | CPU s | Peak RSS MiB | RSS before MiB "
        "| Peak − before MiB | Ours/bare (wall) | Ours/bare (CPU) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt in args.formats:
        r = results[fmt]
        label = FORMATS[fmt][1]
        bare, ours = r["bare"], r["ours"]
        rows = ours[0]["rows"]
        b_s, o_s = med(bare, "seconds"), med(ours, "seconds")
        b_c, o_c = med(bare, "cpu"), med(ours, "cpu")

        def mem(runs: list[dict[str, Any]]) -> str:
            return (f"{max(x['peak'] for x in runs):.0f} | {med(runs, 'rss_before'):.0f} | "
                    f"{max(x['peak'] - x['rss_before'] for x in runs):.0f}")

        lines.append(f"| {label} | bare: {'openpyxl' if fmt == 'xlsx' else 'csv'} + "
                     f"executemany | {bare[0]['rows']:,} | {fmt_s(b_s)}{spread(bare, 'seconds')} "
                     f"| {rate(bare[0]['rows'], b_s)} | {fmt_s(b_c)} | {mem(bare)} | 1 | 1 |")
        if r.get("bare_app"):
            a = r["bare_app"]
            a_s = med(a, "seconds")
            lines.append(f"| {label} | bare, into the app's `sales_order` DDL (5 indexes) | "
                         f"{a[0]['rows']:,} | {fmt_s(a_s)}{spread(a, 'seconds')} | "
                         f"{rate(a[0]['rows'], a_s)} | {fmt_s(med(a, 'cpu'))} | {mem(a)} | "
                         f"{a_s / b_s:.2f}× | {med(a, 'cpu') / b_c:.2f}× |")
        lines.append(f"| {label} | **ours**: `preview_import` + `commit_import` | {rows:,} | "
                     f"{fmt_s(o_s)}{spread(ours, 'seconds')} | {rate(rows, o_s)} | {fmt_s(o_c)} | "
                     f"{mem(ours)} | **{o_s / b_s:.2f}×** | {o_c / b_c:.2f}× |")
        p_s, c_s = med(ours, "preview"), med(ours, "commit")
        lines.append(f"| {label} | ↳ of which `preview_import` (read, parse, stage; no lock) | "
                     f"{rows:,} | {fmt_s(p_s)}{spread(ours, 'preview')} | {rate(rows, p_s)} | "
                     f"{fmt_s(med(ours, 'cpu_preview'))} | {max(x['peak_preview'] for x in ours):.0f}"
                     f" | | | {p_s / b_s:.2f}× | |")
        lines.append(f"| {label} | ↳ of which `commit_import` alone (write lock held) | "
                     f"{rows:,} | {fmt_s(c_s)}{spread(ours, 'commit')} | {rate(rows, c_s)} | "
                     f"{fmt_s(med(ours, 'cpu_commit'))} | | | | {c_s / b_s:.2f}× | |")
    startup = {kind: max(x["startup_peak"] for f in args.formats for x in results[f][kind])
               for kind in ("ours", "bare")}
    lines += ["", f"Start-up peak RSS before the import (not counted above): ours "
              f"{startup['ours']:.0f} MiB (imports, `open_database` with its migrations check), "
              f"bare {startup['bare']:.0f} MiB."]
    if args.memory_rows:
        lines += ["", f"Memory at {args.memory_rows:,} rows and at {args.rows:,} rows (peak RSS of "
                  "the whole process during the import, MiB; in brackets what the import added to "
                  "the RSS before it):",
                  "", f"| Format | ours @ {args.memory_rows:,} | ours @ {args.rows:,} | "
                  f"bare @ {args.memory_rows:,} | bare @ {args.rows:,} |", "|---|---:|---:|---:|---:|"]
        for fmt in args.formats:
            r = results[fmt]
            if not r.get("small_ours"):
                continue

            def cell(runs: list[dict[str, Any]]) -> str:
                return (f"{max(x['peak'] for x in runs):.0f} "
                        f"(+{max(x['peak'] - x['rss_before'] for x in runs):.0f})")

            lines.append(f"| {FORMATS[fmt][1]} | {cell(r['small_ours'])} | {cell(r['ours'])} | "
                         f"{cell(r['small_bare'])} | {cell(r['bare'])} |")
    lines += ["", "Other writers during ours (a probe process trying `BEGIN IMMEDIATE` without "
              f"waiting every {PROBE_INTERVAL * 1000:.0f} ms; the app waits up to "
              f"{APP_BUSY_TIMEOUT:.0f} s, then fails with \"database is locked\"):", "",
              "| Format | longest lock-out during preview s | longest during commit s | "
              "commit wall s | staging file MiB | WAL after commit MiB |",
              "|---|---:|---:|---:|---:|---:|"]
    for fmt in args.formats:
        for run in results[fmt]["ours"]:
            lock = run["lock"]
            if not lock:
                continue
            lines.append(f"| {FORMATS[fmt][1]} | {lock['preview']['longest']:.2f} | "
                         f"{lock['commit']['longest']:.2f} | {fmt_s(run['commit'])} | "
                         f"{run['staging_mib'] or 0:.0f} | {run['wal_mib']:.0f} |")
    checks = []
    for fmt in args.formats:
        r = results[fmt]
        same = all((x["rows"], x["fen"]) == (r["bare"][0]["rows"], r["bare"][0]["fen"])
                   for x in r["ours"] + r["bare"])
        checks.append(f"{FORMATS[fmt][1]}: {'same' if same else 'DIFFERENT'} row count and "
                      f"sum of amount_fen in ours and bare ({r['bare'][0]['rows']:,} rows, "
                      f"{r['bare'][0]['fen']:,} fen)")
    lines += ["", "Checks: " + "; ".join(checks) + "."]
    verdict = []
    for fmt in args.formats:
        r = results[fmt]
        ratio = med(r["ours"], "seconds") / med(r["bare"], "seconds")
        verdict.append(f"{FORMATS[fmt][1]} {ratio:.2f}× bare "
                       f"({'within' if ratio <= GOAL_RATIO else 'NOT within'} {GOAL_RATIO:.0f}×)")
    lines += ["", "Goal (within 2× of bare): " + "; ".join(verdict) + "."]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory-rows", type=int, default=100_000,
                        help="also run on this many rows to show memory does not grow (0: skip)")
    parser.add_argument("--formats", default="csv,xlsx",
                        help="comma-separated: csv (UTF-8 BOM), gbk, xlsx")
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs per CSV format")
    parser.add_argument("--xlsx-repeat", type=int, default=1)
    parser.add_argument("--reuse", action="store_true",
                        help="reuse exports already in bench/data/import/ if they match")
    parser.add_argument("--no-app-schema", action="store_true",
                        help="skip the 'bare, app's table' reference line")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    for fmt in args.formats:
        if fmt not in FORMATS:
            parser.error(f"unknown format {fmt!r}")

    started_at = datetime.now(timezone.utc)
    load_start = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    product = {Path(p).name: sha_prefix(REPO / p) for p in PRODUCT_FILES}
    print(f"Data in {DATA}", flush=True)
    template = ensure_template()
    for fmt in args.formats:
        ensure_export(fmt, args.rows, args.reuse)
        if args.memory_rows:
            ensure_export(fmt, args.memory_rows, args.reuse)

    common = {"template": str(DATA / "template.db"), "home": str(DATA / "home"),
              "shop_id": template["shop_id"], "tutor": template["tutor"]}
    results: dict[str, Any] = {}
    for fmt in args.formats:
        repeat = args.xlsx_repeat if fmt == "xlsx" else args.repeat
        big = export_path(fmt, args.rows)
        r: dict[str, Any] = {"bare": [], "ours": []}
        for n in range(repeat):
            for kind in ("bare", "ours"):
                print(f"{fmt}: {kind} {n + 1}/{repeat} on {args.rows:,} rows …", end=" ", flush=True)
                if kind == "bare":
                    run = run_worker("bare", path=str(big), format=fmt, db=str(DATA / "bare.db"),
                                     schema="plain", **common)
                else:
                    run = run_worker("ours", path=str(big), format=fmt, db=str(DATA / "ours.db"),
                                     probe=True, **common)
                print(f"{run['seconds']:.1f} s, peak {run['peak']:.0f} MiB", flush=True)
                r[kind].append(run)
        if fmt != "xlsx" and not args.no_app_schema:
            print(f"{fmt}: bare into the app's table …", end=" ", flush=True)
            run = run_worker("bare", path=str(big), format=fmt, db=str(DATA / "bare.db"),
                             schema="app", **common)
            print(f"{run['seconds']:.1f} s", flush=True)
            r["bare_app"] = [run]
        if args.memory_rows:
            small = export_path(fmt, args.memory_rows)
            print(f"{fmt}: memory check on {args.memory_rows:,} rows …", end=" ", flush=True)
            r["small_bare"] = [run_worker("bare", path=str(small), format=fmt,
                                          db=str(DATA / "bare.db"), schema="plain", **common)]
            r["small_ours"] = [run_worker("ours", path=str(small), format=fmt,
                                          db=str(DATA / "ours.db"), probe=False, **common)]
            print(f"ours peak {r['small_ours'][0]['peak']:.0f} MiB", flush=True)
        results[fmt] = r

    info = {"machine": machine(), "started": started_at.strftime("%Y-%m-%d %H:%M UTC"),
            "product": product,
            "minutes": (datetime.now(timezone.utc) - started_at).total_seconds() / 60,
            "load_start": load_start,
            "load_end": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
            "command": "python bench/bench_import.py " + " ".join(
                a for a in (argv if argv is not None else sys.argv[1:]))}
    text = report(args, results, info)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    Path(f"{args.out}.json").write_text(json.dumps({"info": info, "results": results}, indent=1))
    print()
    print(text)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        spec = json.loads(sys.argv[2])
        outcome = worker_bare(spec) if spec["kind"] == "bare" else worker_ours(spec)
        print("RESULT " + json.dumps(outcome), flush=True)
    elif len(sys.argv) > 1 and sys.argv[1] == "--probe-lock":
        probe_lock(*sys.argv[2:6])
    else:
        sys.exit(main())

"""Rescoring every farmer of a county (credit scores) beside a bare read of the same rows.

    python bench/bench_score.py                      # 100,000 farmers (data made if missing)
    python bench/bench_score.py --farmers 2000       # a smoke run, about a minute
    python bench/bench_score.py --service-sample 0   # leave out the per-farmer path

Data: ``bench/make_score_data.py`` (reused when present): the county of
``bench/make_data.py`` with shops, typed monthly sales, imported orders, plots, seasons,
harvests, costs and training for every farmer (``--with-data-share``).  Each run works on a
fresh COPY of that file (``bench/data/score_run.db``; the per-farmer path on a second copy,
``bench/data/score_service.db``), deleted at the end unless ``--keep``.

In ONE run, each measurement in a fresh Python process, in this order:

* **bare**, right before each batch run: a plain ``sqlite3`` connection running exactly
  the SELECTs the batch path issues — ``scoring_batch.FARMERS_QUERY`` for each page of
  ``--chunk`` farmers, then each of ``scoring_batch.CHUNK_QUERIES`` (eight feature queries
  and the latest stored scores) over the page's id range, in one read transaction — and
  fetching every row; no conversion, no scoring, no writes.  Each batch run is compared with
  the bare run just before it, which saw the same database (before run 1 without scores,
  before run 2 with them).
* **batch, run 1**: ``scoring_batch.rescore_station`` as a finance specialist on the copy
  without any score: every farmer scored and stored (``writes.insert``: row, outbox entry,
  audit line; write transactions of ``--write-chunk`` rows).
* **batch, run 2**: the same again, nothing changed: every farmer scored, nothing stored.
* **per-farmer path** (``--service-sample`` farmers, the first ones by id — ids are random
  UUIDs, so a random sample — on the second copy): the body of ``scoring.rescore_all``
  (``score_farmer`` for each), first storing, then again with nothing changed; extrapolated
  to the whole county.

``--repeat N`` does bare, run 1, bare, run 2 N times, each time on a fresh copy; the table
shows medians (min–max in brackets), the ratio is the median of each run's ratio to its
bare run.  Each worker records the sha256 prefixes of the product files it ran with; the
report says so when the tree changed during the run.

Timings of the batch path are split by wrapping its internal steps (reading a chunk's rows,
the engine's ``score``, the digest, each write transaction); "building inputs" is the rest
(rows → domain records, the domain's indicator functions).  Peak memory is the measuring process's peak
RSS during the run (``VmHWM``, reset just before; see bench_import.py for why not
``ru_maxrss``).  A check compares, for the sampled farmers, the rows the per-farmer path
stored with those of batch run 1: same inputs digest, total, grade, limit and result JSON.

Results are printed as markdown and written to ``bench/out/score_results.md`` (+ ``.json``).
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
sys.path.insert(0, str(REPO))

OUT = REPO / "bench" / "out" / "score_results.md"
PRODUCT_FILES = ("station_app/services/scoring_batch.py", "station_app/services/scoring.py",
                 "station_app/domain/scoring.py", "station_app/domain/sales.py",
                 "station_app/services/writes.py")


# --------------------------------------------------------------------------- helpers

def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def sha_prefix(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def product_shas() -> dict[str, str]:
    """sha256 prefixes of the product files, keyed by their path under station_app/."""
    return {p.removeprefix("station_app/"): sha_prefix(REPO / p) for p in PRODUCT_FILES}


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_db(source: Path, target: Path) -> float:
    remove_db(target)
    conn = sqlite3.connect(source)  # fold a WAL left by anyone into the file first
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    started = time.perf_counter()
    shutil.copyfile(source, target)
    return time.perf_counter() - started


def specialist_ctx(db: Any) -> Any:
    from sqlmodel import Session, select

    from station_app.domain.roles import Role
    from station_app.services import auth
    from station_app.services.context import ServiceContext
    from station_app.store.models import User

    with Session(db.engine) as session:
        user = session.exec(select(User).where(User.role == Role.SPECIALIST.value)).first()
    assert user is not None, "the county has no finance specialist"
    return ServiceContext(db, auth.actor_for(user))


# --------------------------------------------------------------------------- workers

def worker_bare(spec: dict[str, Any]) -> dict[str, Any]:
    from station_app.services.scoring_batch import CHUNK_QUERIES, FARMERS_QUERY

    conn = sqlite3.connect(spec["db"])
    conn.execute("PRAGMA busy_timeout=5000")
    rows = {name: 0 for name in CHUNK_QUERIES}
    seconds = {name: 0.0 for name in CHUNK_QUERIES}
    farmers = 0
    reset_peak()
    before, cpu0 = rss_mib(), cpu_s()
    started = time.perf_counter()
    after = ""
    while True:
        page = conn.execute(FARMERS_QUERY, (after, spec["chunk"])).fetchall()
        if not page:
            break
        farmers += len(page)
        after = page[-1][0]
        conn.execute("BEGIN")
        for name, sql in CHUNK_QUERIES.items():
            t = time.perf_counter()
            rows[name] += len(conn.execute(sql, (page[0][0], after)).fetchall())
            seconds[name] += time.perf_counter() - t
        conn.execute("ROLLBACK")
    elapsed = time.perf_counter() - started
    out = {"seconds": elapsed, "cpu": cpu_s() - cpu0, "farmers": farmers, "rows": rows,
           "query_seconds": seconds, "rss_before": before, "peak": peak_mib()}
    conn.close()
    return out


def worker_batch(spec: dict[str, Any]) -> dict[str, Any]:
    os.environ["STATION_APP_HOME"] = spec["home"]
    os.environ["STATION_APP_NO_KEYRING"] = "1"
    from station_app.services import scoring, scoring_batch
    from station_app.store.db import open_database

    size_before = Path(spec["db"]).stat().st_size / 2**20
    db = open_database(Path(spec["db"]), backup=False)
    ctx = specialist_ctx(db)
    scoring.active_model(db)  # load the model before the clock starts (both paths do)
    times = {"read": 0.0, "score": 0.0, "digest": 0.0, "store": 0.0}
    store_each: list[float] = []
    rows = {name: 0 for name in scoring_batch.CHUNK_QUERIES}
    read_chunk, engine_score, store = (scoring_batch._read_chunk, scoring_batch.score,
                                       scoring_batch._store)
    digest = scoring.inputs_digest

    def timed_read(raw: Any, first: str, last: str) -> Any:
        t = time.perf_counter()
        data = read_chunk(raw, first, last)
        times["read"] += time.perf_counter() - t
        for name, found in data.items():
            rows[name] += len(found)
        return data

    def timed_score(model: Any, inputs: Any) -> Any:
        t = time.perf_counter()
        result = engine_score(model, inputs)
        times["score"] += time.perf_counter() - t
        return result

    def timed_digest(result: Any) -> str:
        t = time.perf_counter()
        value = digest(result)
        times["digest"] += time.perf_counter() - t
        return value

    def timed_store(*args: Any) -> int:
        t = time.perf_counter()
        stored = store(*args)
        spent = time.perf_counter() - t
        times["store"] += spent
        store_each.append(spent)
        return stored

    scoring_batch._read_chunk = timed_read  # type: ignore[assignment]
    scoring_batch.score = timed_score  # type: ignore[assignment]
    scoring.inputs_digest = timed_digest  # type: ignore[assignment]
    scoring_batch._store = timed_store  # type: ignore[assignment]
    reset_peak()
    before, cpu0 = rss_mib(), cpu_s()
    started = time.perf_counter()
    scored, stored = scoring_batch.rescore_station(ctx, chunk=spec["chunk"],
                                                   write_chunk=spec["write_chunk"])
    elapsed = time.perf_counter() - started
    cpu, peak = cpu_s() - cpu0, peak_mib()
    wal = Path(f"{spec['db']}-wal")
    wal_mib = wal.stat().st_size / 2**20 if wal.exists() else 0.0
    db.close()
    conn = sqlite3.connect(spec["db"])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_after = Path(spec["db"]).stat().st_size / 2**20
    result_bytes = conn.execute("SELECT avg(length(result)) FROM credit_score").fetchone()[0]
    counts = {table: conn.execute(sql).fetchone()[0] for table, sql in {
        "credit_score": "SELECT count(*) FROM credit_score",
        "outbox": "SELECT count(*) FROM outbox WHERE entity = 'credit_score'",
        "audit": "SELECT count(*) FROM audit_log WHERE entity = 'credit_score'"}.items()}
    conn.close()
    times["inputs"] = elapsed - sum(times.values())
    return {"seconds": elapsed, "cpu": cpu, "farmers": scored, "stored": stored,
            "rows": rows, "times": times, "store_max": max(store_each, default=0.0),
            "store_median": statistics.median(store_each) if store_each else 0.0,
            "chunks": len(store_each), "rss_before": before, "peak": peak, "counts": counts,
            "wal_mib": wal_mib, "db_mib_before": size_before, "db_mib_after": size_after,
            "result_bytes": result_bytes or 0}


def worker_service(spec: dict[str, Any]) -> dict[str, Any]:
    os.environ["STATION_APP_HOME"] = spec["home"]
    os.environ["STATION_APP_NO_KEYRING"] = "1"
    from station_app.services import scoring
    from station_app.store.db import open_database

    db = open_database(Path(spec["db"]), backup=False)
    ctx = specialist_ctx(db)
    conn = sqlite3.connect(spec["db"])
    total = conn.execute("SELECT count(*) FROM farmer WHERE deleted = 0").fetchone()[0]
    sample = [r[0] for r in conn.execute(
        "SELECT id FROM farmer WHERE deleted = 0 ORDER BY id LIMIT ?", (spec["sample"],))]
    conn.close()
    runs = []
    for _ in range(2):
        model = scoring.active_model(ctx.db)
        reset_peak()
        before, cpu0 = rss_mib(), cpu_s()
        started = time.perf_counter()
        stored = 0
        for farmer_id in sample:  # the body of scoring.rescore_all
            stored += scoring.score_farmer(ctx, farmer_id, trigger="batch",
                                           model=model).stored_now
        runs.append({"seconds": time.perf_counter() - started, "cpu": cpu_s() - cpu0,
                     "farmers": len(sample), "stored": stored, "rss_before": before,
                     "peak": peak_mib()})
    db.close()
    return {"runs": runs, "total_farmers": total, "sample": sample}


def run_worker(kind: str, **spec: Any) -> dict[str, Any]:
    spec["kind"] = kind
    proc = subprocess.run([sys.executable, __file__, "--worker", json.dumps(spec)],
                          capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"worker {kind} failed:\n{proc.stdout}\n{proc.stderr}")
    line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


def compare_rows(batch_db: Path, service_db: Path, farmer_ids: list[str]) -> dict[str, int]:
    """Rows the per-farmer path stored vs those of batch run 1, for the sampled farmers."""
    cols = "inputs_digest, model_digest, total, grade, credit_limit_fen, trigger, result"
    same = different = missing = 0
    a, b = sqlite3.connect(batch_db), sqlite3.connect(service_db)
    sql = (f"SELECT {cols} FROM credit_score WHERE farmer_id = ? AND deleted = 0 "
           "ORDER BY scored_at LIMIT 1")
    for farmer_id in farmer_ids:
        x, y = a.execute(sql, (farmer_id,)).fetchone(), b.execute(sql, (farmer_id,)).fetchone()
        if x is None or y is None:
            missing += 1
        elif x == y:
            same += 1
        else:
            different += 1
    a.close()
    b.close()
    return {"same": same, "different": different, "missing": missing}


# --------------------------------------------------------------------------- report

def machine() -> dict[str, str]:
    model = "?"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        total = int(handle.readline().split()[1]) / 2**20
    return {"cpu": f"{model}, {os.cpu_count()} cores", "ram": f"{total:.0f} GiB",
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version}


def fmt_s(value: float) -> str:
    return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"


def product_changes(results: dict[str, Any], at_start: dict[str, str]) -> str:
    """Files that differed in some measurement from the start of the run (someone edited
    the tree while it ran)."""
    notes = []
    for key, runs in results.items():
        for n, run in enumerate(runs if isinstance(runs, list) else [runs], 1):
            if not isinstance(run, dict) or "product" not in run:
                continue
            changed = {k: v for k, v in run["product"].items() if at_start.get(k) != v}
            if changed:
                notes.append(f"{key} #{n}: " + ", ".join(f"`{k}` {v}" for k, v in changed.items()))
    return ("; CHANGED during the run — " + "; ".join(notes)) if notes else ""


def med(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def spread(runs: list[dict[str, Any]], key: str) -> str:
    if len(runs) < 2:
        return ""
    return f" ({fmt_s(min(r[key] for r in runs))}–{fmt_s(max(r[key] for r in runs))})"


def report(results: dict[str, Any], info: dict[str, Any]) -> str:
    m, data = info["machine"], info["data"]
    n = results["bare1"][0]["farmers"]
    lines = [
        f"Command: `{info['command']}`",
        "",
        f"- Machine: {m['cpu']}, {m['ram']} RAM, {m['os']}",
        f"- Python {m['python']}, SQLite {m['sqlite']}",
        f"- Run: {info['started']}, {info['minutes']:.0f} min in all; load average "
        f"{info['load_start']} at the start, {info['load_end']} at the end",
        "- Product code measured (sha256 prefixes): "
        + ", ".join(f"`{name}` {sha}" for name, sha in info["product"].items())
        + product_changes(results, info["product"]),
        f"- Data: `{data['path']}`, {data['mib']:,.0f} MiB, {n:,} live farmers, "
        f"{data['marker'].get('farmers_with_data', 0):,} with scoring data; rows: "
        + ", ".join(f"{k} {v:,}" for k, v in data["marker"].get("rows", {}).items()),
        f"- Chunk: {info['chunk']:,} farmers read and scored together, at most "
        f"{info['write_chunk']:,} scores per write transaction; {info['repeat']} repetition(s) "
        f"(medians, min–max in brackets); copying the database for a repetition took "
        f"{info['copy_s']:.0f} s (not counted)",
        "",
        "| What | Farmers | Wall s | Farmers/s | CPU s | Peak RSS MiB | RSS before MiB | "
        "Stored | Wall / bare | CPU / bare |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run, label in (("1", "every score new, all stored"),
                       ("2", "nothing changed, nothing stored")):
        bare, ours = results[f"bare{run}"], results[f"batch{run}"]
        b_s, b_c = med(bare, "seconds"), med(bare, "cpu")
        lines.append(
            f"| bare before run {run}: the batch path's SELECTs, every row fetched | {n:,} | "
            f"{fmt_s(b_s)}{spread(bare, 'seconds')} | {n / b_s:,.0f} | {fmt_s(b_c)} | "
            f"{max(r['peak'] for r in bare):.0f} | {med(bare, 'rss_before'):.0f} | 0 | 1 | 1 |")
        o_s, o_c = med(ours, "seconds"), med(ours, "cpu")
        ratios = [o["seconds"] / b["seconds"] for o, b in zip(ours, bare)]
        lines.append(
            f"| **batch** `rescore_station`, run {run}: {label} | {ours[0]['farmers']:,} | "
            f"{fmt_s(o_s)}{spread(ours, 'seconds')} | {ours[0]['farmers'] / o_s:,.0f} | "
            f"{fmt_s(o_c)} | {max(r['peak'] for r in ours):.0f} | {med(ours, 'rss_before'):.0f} "
            f"| {ours[0]['stored']:,} | **{statistics.median(ratios):.1f}×** | "
            f"{o_c / b_c:.1f}× |")
    service = results.get("service")
    if service:
        total = service["total_farmers"]
        b_s, b_c = med(results["bare1"], "seconds"), med(results["bare1"], "cpu")
        for run, label in zip(service["runs"], ("storing", "nothing changed")):
            per = run["seconds"] / run["farmers"]
            lines.append(
                f"| per-farmer path (`score_farmer` each, as `rescore_all`), {label}: "
                f"{run['farmers']:,} measured, extrapolated | {total:,} | {fmt_s(per * total)} | "
                f"{1 / per:,.0f} | {fmt_s(run['cpu'] / run['farmers'] * total)} | "
                f"{run['peak']:.0f} | {run['rss_before']:.0f} | {run['stored']:,} of "
                f"{run['farmers']:,} | {per * total / b_s:.0f}× | "
                f"{run['cpu'] / run['farmers'] * total / b_c:.0f}× |")
    lines += ["", "Where the batch path's time goes (seconds, median; \"build inputs\" = rows → "
              "domain records and the domain's indicator functions; \"store\" = the write "
              "transactions, each re-reading the latest scores of its farmers):", "",
              "| Run | read rows (SQL + fetch) | build inputs | `score` | digest | store | "
              "write transactions | longest / median transaction s |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for run in ("1", "2"):
        ours = results[f"batch{run}"]

        def part(key: str) -> float:
            return statistics.median(r["times"][key] for r in ours)

        lines.append(f"| {run} | {fmt_s(part('read'))} | {fmt_s(part('inputs'))} | "
                     f"{fmt_s(part('score'))} | {fmt_s(part('digest'))} | {fmt_s(part('store'))} "
                     f"| {ours[0]['chunks']:,} | {max(r['store_max'] for r in ours):.2f} / "
                     f"{med(ours, 'store_median'):.2f} |")
    b1, b2 = results["bare1"][0], results["bare2"][0]
    lines += ["", "Bare reads per query (rows; seconds of the first bare run before run 1 / "
              "before run 2):", "", "| Query | rows | seconds before run 1 | before run 2 |",
              "|---|---:|---:|---:|"]
    for name in b1["rows"]:
        rows = (f"{b1['rows'][name]:,}" if b1["rows"][name] == b2["rows"][name]
                else f"{b1['rows'][name]:,} / {b2['rows'][name]:,}")
        lines.append(f"| {name} | {rows} | {b1['query_seconds'][name]:.2f} | "
                     f"{b2['query_seconds'][name]:.2f} |")
    checks = []
    same_rows = all(o["rows"] == b["rows"] for run in ("1", "2")
                    for o, b in zip(results[f"batch{run}"], results[f"bare{run}"]))
    checks.append(f"each batch run read the same rows as the bare run before it: "
                  f"{'yes' if same_rows else 'NO'}")
    c1 = results["batch1"][0]["counts"]
    r1 = results["batch1"][0]
    checks.append(f"after run 1: {c1['credit_score']:,} credit_score rows, "
                  f"{c1['outbox']:,} outbox entries, {c1['audit']:,} audit lines; the database "
                  f"grew from {r1['db_mib_before']:,.0f} to {r1['db_mib_after']:,.0f} MiB "
                  f"(a stored result is {r1['result_bytes']:,.0f} bytes of JSON, kept in the "
                  f"row, its outbox entry and its audit line; WAL at the end of the run "
                  f"{r1['wal_mib']:,.0f} MiB)")
    if service:
        cmp = results["compare"]
        checks.append(f"rows stored by the per-farmer path vs batch run 1 for the "
                      f"{service['sample_size']:,} sampled farmers: {cmp['same']:,} identical, "
                      f"{cmp['different']:,} different, {cmp['missing']:,} missing")
    lines += ["", "Checks: " + "; ".join(checks) + "."]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--farmers", type=int, default=100_000)
    parser.add_argument("--with-data-share", type=float, default=1.0)
    parser.add_argument("--db", type=Path, help="the data file (default: make_score_data's)")
    parser.add_argument("--chunk", type=int, default=2000)
    parser.add_argument("--write-chunk", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1,
                        help="times to do bare, run 1, bare, run 2 (each on a fresh copy)")
    parser.add_argument("--service-sample", type=int, default=2000,
                        help="farmers for the per-farmer path (0: skip)")
    parser.add_argument("--keep", action="store_true", help="keep the run copies")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    import make_data
    import make_score_data

    source = args.db
    if source is None:
        county = make_score_data.default_db(args.farmers)
        source = make_score_data.default_out(county)
        make_score_data.main(["--farmers", str(args.farmers), "--db", str(county),
                              "--out", str(source), "--with-data-share",
                              str(args.with_data_share), "--no-check"])
    home = make_data.setup_env(source)
    marker = make_score_data.read_marker(source) or {}
    data_dir = source.parent
    run_db, service_db = data_dir / "score_run.db", data_dir / "score_service.db"

    started_at = datetime.now(timezone.utc)
    load_start = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    product = product_shas()
    common = {"db": str(run_db), "home": str(home), "chunk": args.chunk,
              "write_chunk": args.write_chunk}
    results: dict[str, Any] = {key: [] for key in ("bare1", "batch1", "bare2", "batch2")}
    copies = []
    try:
        for n in range(args.repeat):
            print(f"[{n + 1}/{args.repeat}] copying {source} → {run_db} …", flush=True)
            copies.append(copy_db(source, run_db))
            for step in ("bare1", "batch1", "bare2", "batch2"):
                print(f"  {step} …", end=" ", flush=True)
                r = run_worker("bare" if step.startswith("bare") else "batch", **common)
                results[step].append(r)
                if "stored" in r:
                    print(f"stored {r['stored']:,};", end=" ")
                print(f"{r['seconds']:.1f} s, {r['farmers'] / r['seconds']:,.0f} farmers/s, "
                      f"peak {r['peak']:.0f} MiB", flush=True)
        if args.service_sample:
            print(f"copying {source} → {service_db} …", flush=True)
            copy_db(source, service_db)
            print(f"per-farmer path on {args.service_sample:,} farmers …", end=" ", flush=True)
            s = results["service"] = run_worker("service", db=str(service_db), home=str(home),
                                                sample=args.service_sample)
            print(", ".join(f"{r['seconds'] / r['farmers'] * 1000:.1f} ms/farmer "
                            f"(stored {r['stored']})" for r in s["runs"]), flush=True)
            results["compare"] = compare_rows(run_db, service_db, s["sample"])
            s["sample_size"] = len(s.pop("sample"))
    finally:
        if not args.keep:
            remove_db(run_db)
            remove_db(service_db)

    info = {"machine": machine(), "started": started_at.strftime("%Y-%m-%d %H:%M UTC"),
            "product": product, "chunk": args.chunk, "write_chunk": args.write_chunk,
            "repeat": args.repeat, "copy_s": statistics.median(copies),
            "minutes": (datetime.now(timezone.utc) - started_at).total_seconds() / 60,
            "load_start": load_start,
            "load_end": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
            "data": {"path": str(source.relative_to(REPO) if source.is_absolute() else source),
                     "mib": source.stat().st_size / 2**20, "marker": marker},
            "command": "python bench/bench_score.py " + " ".join(
                argv if argv is not None else sys.argv[1:])}
    text = report(results, info)
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
        worker = {"bare": worker_bare, "batch": worker_batch, "service": worker_service}
        shas = product_shas()  # as imported by this process (the tree may change meanwhile)
        print("RESULT " + json.dumps(worker[spec["kind"]](spec) | {"product": shas}),
              flush=True)
    else:
        sys.exit(main())

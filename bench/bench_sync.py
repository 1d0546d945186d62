"""Sync over a bad link: a station's whole outbox pushed and the feed pulled through an
emulated line, against the physical bound.

    python bench/bench_sync.py                       # 2,000 farmers, 256 kbit/s, 300 ms, 3 % / 10 % loss
    python bench/bench_sync.py --farmers 200 --no-doc   # a quick look

A station database with ``--farmers`` demo farmers (``station_app.services.demo.populate``:
farmers, their consents, villages, and shops, monthly sales, plots, seasons and training for
the first 60 farmers, each with its outbox entry) is made once; every run starts from a fresh
copy of it, enrolled with a fresh central server (``station-central serve``, SQLite, its own
process on loopback), and syncs to the end (push every entry, pull the feed until it says no
more):

1. **direct**: client → server on loopback, no proxy: the processing floor;
2. **bad line**: through ``tests/sync/netproxy.py`` with ``--kbit`` each way and ``--rtt-ms``
   round-trip time (half of it on every message; a new TCP connection costs one RTT);
3. **bad line + loss** (one run per value of ``--loss``): the same, and each message is cut
   at a random byte with that probability and both connections reset (what TCP shows an application of a line that
   drops); the client retries as the app does (``backoff_delay``: 2 s, 4 s, … ± 20 %, the
   count reset only by a whole successful sync).

Reported: wall time (push and pull apart), bytes on the line each way (counted in the proxy:
HTTP heads and bodies as sent, gzip where the protocol compresses), requests, connections,
and the physical bound = payload bytes (the bodies, compressed, both ways) / bandwidth +
round trips (requests + TCP handshakes) × RTT, with time / bound.  The station demo data is
flagged ``is_demo``, which enrollment refuses; the copy used here has the flag cleared.

Results are printed as markdown and written into ``docs/benchmarks.md`` (section "Sync over a
bad link"; text between the ``reading`` markers is kept; other sections are left alone).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "sync"))
from netproxy import Link, NetProxy  # noqa: E402

READING_START = "<!-- reading:start (kept when the benchmark rewrites this section) -->"
READING_END = "<!-- reading:end -->"
TITLE = "## Sync over a bad link"
MEASURED = ("station_app/sync/engine.py", "station_app/sync/client.py",
            "station_app/central/push.py", "station_app/central/records.py",
            "tests/sync/netproxy.py")


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db_url: str, log: Path) -> tuple[subprocess.Popen, str]:
    import requests

    port = free_port()
    env = {**os.environ, "STATION_CENTRAL_DB_URL": db_url}
    with log.open("ab") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "station_app.central.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            env=env, stdout=handle, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return process, base
        except requests.RequestException:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not start:\n{log.read_text(errors='replace')[-2000:]}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --------------------------------------------------------------------------- one run


@dataclass
class Run:
    name: str
    link: Link | None
    seconds: float = 0.0
    push_seconds: float = 0.0
    pull_seconds: float = 0.0
    backoff_seconds: float = 0.0
    failures: int = 0
    requests: int = 0
    requests_by_path: dict[str, int] = field(default_factory=dict)
    body_up: int = 0  # client counters: bodies as sent / received (compressed)
    body_down: int = 0
    raw_up: int = 0  # the same JSON uncompressed
    raw_down: int = 0
    wire_up: int = 0  # proxy counters: heads + bodies on the line
    wire_down: int = 0
    connections: int = 0
    resets: int = 0
    entries: int = 0
    finished: bool = True
    left: int = 0  # outbox entries not sent when it gave up
    attempts: int = 0
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: dict[str, int] = field(default_factory=dict)
    server_records: int = 0


def counting_client_factory(run: Run) -> Any:
    from station_app.sync.client import SyncClient

    class CountingClient(SyncClient):
        def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
            body = kwargs.get("body")
            answer = super()._request(method, path, **kwargs)
            run.requests += 1
            run.requests_by_path[path] = run.requests_by_path.get(path, 0) + 1
            if body is not None:
                run.raw_up += len(json.dumps(body, ensure_ascii=False,
                                             separators=(",", ":")).encode("utf-8"))
            run.raw_down += len(json.dumps(answer, ensure_ascii=False,
                                           separators=(",", ":")).encode("utf-8"))
            return answer

    return lambda creds: CountingClient(creds.server_url, creds.token)


def one_run(run: Run, template: Path, template_keys: Path, work: Path, seed: int,
            give_up_after: float = 0.0) -> Run:
    from sqlmodel import Session, func, select
    from sqlalchemy import text

    from station_app.central import admin
    from station_app.central import db as central_db
    from station_app.services import writes
    from station_app.store.db import open_database
    from station_app.store.models import OutboxEntry
    from station_app.sync.credentials import CredentialStore
    from station_app.sync.engine import SyncEngine, enroll
    from station_app.sync.errors import NetworkError, ServerError
    from station_app.sync.protocol import backoff_delay

    root = work / run.name
    root.mkdir()
    shutil.copyfile(template, root / "station.db")
    shutil.copytree(template_keys, root / "keys")
    db_url = f"sqlite:///{root / 'central.db'}"
    engine = central_db.make_engine(db_url)
    central_db.migrate(engine)
    process, base = start_server(db_url, root / "server.log")
    db = open_database(root / "station.db", keys_dir=root / "keys", backup=False)
    proxy = None
    try:
        code = f"BENCH{run.name[:3].upper()}"
        station_id = admin.create_station(engine, code=code, name="眉县横渠镇农村电商金融服务站",
                                          county="眉县")
        store = CredentialStore(db.database_id, root / "keys")
        creds = enroll(db, base, admin.issue_code(engine, station_code=code), store=store)
        with Session(db.engine) as session:
            run.entries = session.exec(select(func.count()).select_from(OutboxEntry).where(
                OutboxEntry.status == "pending")).one()
        url = base
        if run.link is not None:
            upstream = ("127.0.0.1", int(base.rsplit(":", 1)[1]))
            proxy = NetProxy(upstream, run.link)
            url = proxy.url
        sync = SyncEngine(db, replace(creds, server_url=url), writer=writes,
                          client_factory=counting_client_factory(run))
        rng = random.Random(seed)
        marks: dict[str, float] = {}

        def progress(stage: str, _done: int, _total: int) -> None:
            marks.setdefault(stage, time.perf_counter())

        started = time.perf_counter()
        report = None
        streak = 0  # failures in a row without progress, as the app's SyncController counts
        while True:
            run.attempts += 1
            steps_before = sync.steps_done
            try:
                report = sync.sync_now(progress=progress)
                break
            except (NetworkError, ServerError) as exc:
                run.failures += 1
                streak = 1 if sync.steps_done > steps_before else streak + 1
                pause = backoff_delay(streak, rand=rng.random)
                elapsed = time.perf_counter() - started
                print(f"  {elapsed:7.1f} s  {run.name}: {type(exc).__name__} ({exc.detail}); "
                      f"{sync.status().pending} entries left; retry in {pause:.1f} s",
                      file=sys.stderr, flush=True)
                if give_up_after and elapsed + pause > give_up_after:
                    run.finished = False
                    run.left = sync.status().pending
                    break
                run.backoff_seconds += pause
                time.sleep(pause)
        ended = time.perf_counter()
        run.seconds = ended - started
        run.pull_seconds = ended - marks.get("pull", ended)
        run.push_seconds = run.seconds - run.pull_seconds
        client = sync.client()
        run.body_up, run.body_down = client.bytes_sent, client.bytes_received
        if report is not None:  # the last (successful) attempt's counts
            run.pushed = {k: getattr(report.push, k) for k in (
                "sent", "applied", "duplicate", "merged", "quarantined", "held")}
            run.pulled = {k: getattr(report.pull, k) for k in (
                "received", "inserted", "replaced", "merged", "skipped")}
        if proxy is not None:
            stats = proxy.stats
            run.wire_up, run.wire_down = stats.bytes_up, stats.bytes_down
            run.connections, run.resets = stats.connections, stats.resets
        with Session(db.engine) as session:
            left = dict(session.exec(select(OutboxEntry.status, func.count())
                                     .group_by(OutboxEntry.status)).all())
        if run.finished and set(left) - {"done", "discarded"}:
            raise SystemExit(f"{run.name}: the outbox is not done: {left}")
        with engine.connect() as conn:
            run.server_records = int(conn.execute(text(
                "SELECT count(*) FROM sync_record WHERE station_id = :s"),
                {"s": station_id}).scalar() or 0)
        sync.close()
    finally:
        if proxy is not None:
            proxy.close()
        db.close()
        stop_server(process)
        engine.dispose()
    return run


# --------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    cpu, ram = "unknown", "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return {"cpu": cpu, "cores": str(os.cpu_count()), "ram": ram,
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version}


def kib(n: float) -> str:
    return f"{n / 1024:,.0f}"


def bound(run: Run, kbit: float, rtt: float) -> tuple[float, float, float, int]:
    """(bound, transfer part, round-trip part, round trips) of a run's own traffic."""
    trips = run.requests + max(run.connections, 1)
    transfer = (run.body_up + run.body_down) * 8 / (kbit * 1000)
    return transfer + trips * rtt, transfer, trips * rtt, trips


def render(runs: list[Run], args: argparse.Namespace, info: dict[str, Any], reading: str) -> str:
    m = info["machine"]
    rtt = args.rtt_ms / 1000
    direct, clean = runs[0], runs[1]
    rows = []
    for run in runs:
        b, transfer, trip_part, trips = bound(run, args.kbit, rtt)
        shaped = run.link is not None
        time_cell = (f"{run.seconds:.1f}" if run.finished else
                     f"> {run.seconds:.0f}, gave up with {run.left:,} of {run.entries:,} "
                     f"entries unsent")
        rows.append(
            f"| {run.name} | {time_cell} | {run.push_seconds:.1f} | {run.pull_seconds:.1f} "
            f"| {run.backoff_seconds:.1f} | {run.failures} | {run.requests} "
            f"| {run.connections if shaped else '–'} | {run.resets if shaped else '–'} "
            f"| {kib(run.body_up)} / {kib(run.body_down)} "
            f"| {(kib(run.wire_up) + ' / ' + kib(run.wire_down)) if shaped else '–'} "
            f"| {kib(run.raw_up)} / {kib(run.raw_down)} "
            f"| {(f'{b:.1f} ({transfer:.1f} + {trips} × {rtt:g})') if shaped else '–'} "
            f"| {(f'{run.seconds / b:.2f}') if shaped else '–'} |")
    b_clean = bound(clean, args.kbit, rtt)[0]
    lossy_ratios = "; ".join(
        f"{'' if r.finished else '> '}{r.seconds / b_clean:.2f}× at loss {r.link.loss:g} "
        f"({r.attempts} attempts)" for r in runs[2:] if r.link is not None)
    paths = ", ".join(f"`{p}` {n}" for p, n in sorted(clean.requests_by_path.items()))
    return f"""{TITLE}

A station's whole outbox pushed and its change feed pulled to the end, through an emulated
bad line (bandwidth each way, round-trip time, connection resets), beside the same sync on
loopback with no proxy, each on a fresh copy of one station database and a fresh central
server.

```sh
python bench/bench_sync.py --farmers {args.farmers} --kbit {args.kbit:g} --rtt-ms {args.rtt_ms:g} --loss {args.loss} --seed {args.seed} --give-up-after {args.give_up_after:g}
```

- Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['os']}
- Python {m['python']}, SQLite {m['sqlite']}; server `station-central serve` (uvicorn, one
  process, SQLite), client `SyncEngine` in the benchmark's process, proxy
  `tests/sync/netproxy.py` (threads; store-and-forward per HTTP message, paced in 4 KiB
  pieces at the bandwidth, half the RTT per message, one RTT per new connection)
- Run: {info['started']}, {info['runtime']:.0f} s in all; load average {info['load_start']} at
  the start, {info['load_end']} at the end (the machine is shared)
- Product code measured (sha256 prefixes): {info['hashes']}
- Station: `demo.populate` with {args.farmers:,} farmers, {clean.entries:,} outbox entries
  ({info['entities']}); made in {info['populate_s']:.1f} s, not timed. Push batches of 200
  entries, feed pages of 500 rows (the app's settings).
- Line: {args.kbit:g} kbit/s each way, {args.rtt_ms:g} ms RTT; with loss: each message cut at a
  random byte with probability {args.loss} (seed {args.seed}), retried with the app's backoff.

Bytes in KiB, times in s. **payload** = HTTP bodies as sent (push bodies gzip, answers gzip
when over 1 KiB), counted by the client; **on the line** = heads and bodies the proxy put on
the line (cut messages included); **JSON** = the same bodies uncompressed. **bound** =
payload / bandwidth + round trips × RTT, round trips = requests + TCP handshakes, each run's
own traffic.

| Run | time | push | pull | of which backoff | failures | requests | connections | resets | payload up / down | on the line up / down | JSON up / down | bound (transfer + trips × RTT) | time / bound |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

Requests of the clean bad-line run: {paths}. Push: {clean.pushed}; pull: {clean.pulled}.
Records of this station on the server afterwards: {clean.server_records:,}.
Clean bad line against its bound plus the loopback time (the processing the line cannot
hide in a request–answer protocol): {clean.seconds:.1f} s vs {b_clean:.1f} + {direct.seconds:.1f} = {b_clean + direct.seconds:.1f} s.
With loss, against the clean run's bound: {lossy_ratios}.

### Reading

{READING_START}
{reading.strip()}
{READING_END}
"""


def write_doc(path: Path, body: str) -> None:
    """Replace this benchmark's section (or append it); every other section stays as it is.
    The file is read just before writing: others may be editing other sections."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Sync over a bad link\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: body.rstrip() + "\n\n", text, count=1)
    else:
        text = text.rstrip() + "\n\n" + body
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def old_reading(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    section = text.find(TITLE)
    if section < 0:
        return ""
    start, end = text.find(READING_START, section), text.find(READING_END, section)
    if start < 0 or end < start:
        return ""
    return text[start + len(READING_START):end]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--farmers", type=int, default=2000)
    parser.add_argument("--kbit", type=float, default=256.0, help="bandwidth each way")
    parser.add_argument("--rtt-ms", type=float, default=300.0)
    parser.add_argument("--loss", default="0.03,0.1",
                        help="probabilities that a message is cut (connection reset), one "
                             "lossy run each, comma-separated")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--give-up-after", type=float, default=1800.0,
                        help="stop a run that has not finished after this many seconds "
                             "(0: never); it is reported as unfinished")
    parser.add_argument("--work", type=Path, default=None, help="scratch dir (default: a temp dir)")
    parser.add_argument("--doc", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args(argv)

    work = Path(args.work or tempfile.mkdtemp(prefix="bench-sync-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["STATION_APP_HOME"] = str(work / "home")
    os.environ["STATION_APP_NO_KEYRING"] = "1"
    from sqlmodel import Session, func, select

    from station_app.services import demo
    from station_app.store.db import open_database
    from station_app.store.models import OutboxEntry

    hashes = ", ".join(f"`{Path(f).name}` {hashlib.sha256((REPO / f).read_bytes()).hexdigest()[:12]}"
                       for f in MEASURED)
    load_start = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    started_at = datetime.now(timezone.utc)
    t0 = time.perf_counter()

    template, keys = work / "template.db", work / "template-keys"
    made = time.perf_counter()
    db = open_database(template, keys_dir=keys, backup=False)
    try:
        demo.populate(db, args.farmers)
        with db.session() as session:  # enrollment refuses demo data; this copy is a stand-in
            session.connection().exec_driver_sql("UPDATE station SET is_demo = 0")
        with Session(db.engine) as session:
            entities = dict(session.exec(select(OutboxEntry.entity, func.count())
                                         .group_by(OutboxEntry.entity)).all())
    finally:
        db.close()
    populate_s = time.perf_counter() - made
    print(f"station made in {populate_s:.1f} s: {entities}", file=sys.stderr, flush=True)

    bandwidth = args.kbit * 1000
    rtt = args.rtt_ms / 1000
    runs = [Run("direct (loopback, no proxy)", None),
            Run("bad line", Link(bandwidth, rtt, 0.0, seed=args.seed))]
    for loss in (float(x) for x in str(args.loss).split(",") if x.strip()):
        runs.append(Run(f"bad line + {loss:g} loss", Link(bandwidth, rtt, loss, seed=args.seed)))
    for run in runs:
        print(f"run: {run.name} …", file=sys.stderr, flush=True)
        one_run(run, template, keys, work, args.seed, args.give_up_after)
        (work / "result.json").write_text(json.dumps(  # kept as it goes: runs can be long
            [{k: v for k, v in r.__dict__.items() if k != "link"} for r in runs], indent=1),
            encoding="utf-8")
        print(f"  {run.seconds:.1f} s, {run.requests} requests, up {kib(run.body_up)} KiB, "
              f"down {kib(run.body_down)} KiB, {run.failures} failures",
              file=sys.stderr, flush=True)

    top = sorted(entities.items(), key=lambda kv: -kv[1])
    info = {
        "machine": machine(), "hashes": hashes,
        "started": started_at.strftime("%Y-%m-%d %H:%M UTC"),
        "runtime": time.perf_counter() - t0, "populate_s": populate_s,
        "load_start": load_start,
        "load_end": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "entities": ", ".join(f"{k} {v:,}" for k, v in top),
    }
    reading = old_reading(args.doc) or "(to be written for this run)"
    body = render(runs, args, info, reading)
    print(body)
    (work / "result.json").write_text(json.dumps(
        [{k: v for k, v in run.__dict__.items() if k != "link"} for run in runs], indent=1),
        encoding="utf-8")
    if not args.no_doc:
        write_doc(args.doc, body)
        print(f"written to {args.doc}", file=sys.stderr)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

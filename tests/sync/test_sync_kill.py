"""The sync invariants of ../shared/docs/SYNC.md under faults, with REAL processes.

Every test runs a real ``station-central serve`` process (its own SQLite file; the
server-kill and duplicate-request cases also on a PostgreSQL schema when
``STATION_CENTRAL_TEST_PG_URL`` is set) and a real station database, and hurts the sync in
one way:

* the SERVER is killed with SIGKILL while it handles a push, after it answered one (the
  answer never arrives), while it serves the change feed, and at a random moment; it is
  started again on the same database file and port, and the client syncs again;
* the CLIENT runs in a child Python process and is killed with SIGKILL inside the
  transaction that records push results, inside the one that applies a page of the feed,
  while a push is on the wire, and at random moments; the test process then finishes;
* a TCP proxy (``netproxy.py``) between them cuts a connection in the middle of a request
  or an answer, and sends a request twice (one after the other, and at the same time);
* the answer to a push the server *merged* is lost on the line, so the conflict comes back
  only in the stored result of the retry (``duplicate``);
* the clocks of two computers of one station are ten minutes apart while both edit the
  same farmer.

After each: every record is on the server exactly once (one ``sync_record`` row, as many
``change_log`` entries as the station sent changes for it, one idempotency entry per key),
the station's outbox is all done, nothing is quarantined, the station's rows equal the
server's, a further sync has nothing to do, and ``PRAGMA integrity_check`` says ``ok`` on
both databases.

Push batches and feed pages are made small here (``protocol.MAX_BATCH_ENTRIES`` /
``PAGE_LIMIT``) so that a few dozen farmers make several requests to hurt.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest
import requests
from netproxy import Action, Exchange, NetProxy
from sqlalchemy import text
from sqlmodel import Session, func, select

from station_app.domain.farmers import FarmerInput
from station_app.domain.hlc import HybridLogicalClock
from station_app.services import farmers, writes
from station_app.services.context import ServiceContext
from station_app.store.db import Database, open_database
from station_app.store.models import SYNCABLE_TABLES, Farmer, OutboxEntry
from station_app.sync import protocol
from station_app.sync.credentials import Credentials
from station_app.sync.engine import SyncEngine, enroll
from station_app.sync.errors import NetworkError, ServerError

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kill -9 (SIGKILL) is POSIX")

PUSH = "/api/v1/push"
CHANGES = "/api/v1/changes"
N_FARMERS = 20
BATCH = 10  # outbox entries per push request here (the app sends 200)
PAGE = 20  # change-feed rows per page here (the app asks for 500)
SKEW_MS = 10 * 60 * 1000
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "芳伟娜敏静丽强磊军洋"


# --------------------------------------------------------------------------- the rig


@dataclass
class Rig:
    db: Database
    central: Any  # conftest.CentralServer
    station_id: str
    station_code: str
    creds: Credentials
    proxy: NetProxy
    tutor: ServiceContext
    farmer_input: Callable[..., FarmerInput]

    def engine(self) -> SyncEngine:
        """A sync engine that talks to the server through the proxy."""
        return SyncEngine(self.db, replace(self.creds, server_url=self.proxy.url),
                          writer=writes)

    def register(self, count: int) -> list[str]:
        return [farmers.register_farmer(self.tutor, self.farmer_input(
            name=SURNAMES[i % len(SURNAMES)] + GIVEN[i // len(SURNAMES) % len(GIVEN)]))
            for i in range(count)]


def _port(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(protocol, "MAX_BATCH_ENTRIES", BATCH)
    monkeypatch.setattr(protocol, "PAGE_LIMIT", PAGE)


@pytest.fixture
def backend() -> str:
    """The server's database; tests that parametrize ``backend`` run on PostgreSQL too
    (when ``STATION_CENTRAL_TEST_PG_URL`` is set, else those cases skip)."""
    return "sqlite"


@pytest.fixture
def server(request: pytest.FixtureRequest, backend: str) -> Any:
    return request.getfixturevalue("central" if backend == "sqlite" else "central_pg")


BACKENDS = pytest.mark.parametrize("backend", ["sqlite", "postgresql"])


@pytest.fixture
def rig(db: Database, station, server, tutor_ctx: ServiceContext, small_batches,
        valid_farmer_input: Callable[..., FarmerInput]) -> Iterator[Rig]:
    """The template station enrolled as a new server station, a proxy in front of the
    server, and N_FARMERS farmers registered offline."""
    central = server
    station_id, code = central.new_station()
    creds = enroll(db, central.base, central.code(station=code))
    tutor = ServiceContext(db, replace(tutor_ctx.actor, station_id=station_id))
    with NetProxy(("127.0.0.1", _port(central.base))) as proxy:
        made = Rig(db, central, station_id, code, creds, proxy, tutor, valid_farmer_input)
        made.register(N_FARMERS)
        yield made


# --------------------------------------------------------------------------- the server process


def kill_server(central) -> None:
    """SIGKILL: no shutdown handler, no flush, no goodbye to the clients."""
    process = central.process
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(15)


def restart_server(central) -> None:
    """``station-central serve`` again, on the same database file and the same port."""
    assert central.process.poll() is not None, "kill it first"
    env = {**os.environ, "STATION_CENTRAL_DB_URL": central.db_url}
    port = _port(central.base)
    deadline = time.monotonic() + 60
    while True:
        with central.log.open("ab") as handle:
            central.process = subprocess.Popen(
                [sys.executable, "-m", "station_app.central.cli", "serve", "--host",
                 "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                env=env, stdout=handle, stderr=subprocess.STDOUT)
        while central.process.poll() is None and time.monotonic() < deadline:
            try:
                if requests.get(f"{central.base}/api/v1/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        if time.monotonic() >= deadline:
            central.stop()
            raise RuntimeError(central.log.read_text(errors="replace")[-3000:])
        time.sleep(0.3)  # exited early (the port still busy?): try again


def server_integrity(central) -> str:
    """``PRAGMA integrity_check`` of a SQLite server database ("ok" for PostgreSQL, which
    has no such check and recovers by its WAL on its own)."""
    if not central.db_url.startswith("sqlite:///"):
        return "ok"
    return integrity(Path(central.db_url.removeprefix("sqlite:///")))[0]


# --------------------------------------------------------------------------- convergence


def integrity(path: Path) -> tuple[str, list[Any]]:
    conn = sqlite3.connect(path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        keys = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    return ", ".join(r[0] for r in check), keys


def statuses(db: Database) -> dict[str, int]:
    with Session(db.engine) as session:
        return dict(session.exec(select(OutboxEntry.status, func.count())
                                 .group_by(OutboxEntry.status)).all())


def assert_converged(rig: Rig, engine: SyncEngine, farmer_ids: list[str],
                     others: Counter[str] | None = None) -> None:
    """The invariants, checked on both sides after the faults.  ``others``: changes per
    record that other computers sent (they are in the feed too)."""
    db, central = rig.db, rig.central
    # A last sync with nothing left to do.
    report = engine.sync_now()
    assert (report.push.sent, report.pull.received) == (0, 0), report
    counts = statuses(db)
    assert set(counts) <= {"done", "discarded"}, counts  # nothing pending, sending, quarantined
    assert engine.quarantined() == []
    with Session(db.engine) as session:
        done = list(session.exec(select(OutboxEntry).where(OutboxEntry.status == "done")))
        local = {(e.entity, e.entity_id): session.get(SYNCABLE_TABLES[e.entity], e.entity_id)
                 for e in done}
        local_rows = {k: v.model_dump(mode="json") for k, v in local.items() if v is not None}
        local_farmers = session.exec(select(func.count()).select_from(Farmer)).one()
    sent_per_record = Counter(e.entity_id for e in done) + (others or Counter())
    prefix = SyncEngine.key_prefix(rig.creds)
    with central.engine.connect() as conn:
        feed = dict(conn.execute(text(
            "SELECT entity_id, count(*) FROM change_log WHERE station_id = :s GROUP BY entity_id"),
            {"s": rig.station_id}).all())
        keys = Counter(conn.execute(text("SELECT key FROM idempotency WHERE device_id = :d"),
                                    {"d": rig.creds.device_id}).scalars())
        on_server = {(r.entity, r.entity_id): _json(r.payload) for r in conn.execute(text(
            "SELECT entity, entity_id, payload FROM sync_record WHERE station_id = :s"),
            {"s": rig.station_id})}
        server_farmers = [r[0] for r in conn.execute(text(
            "SELECT entity_id FROM sync_record WHERE entity = 'farmer' AND station_id = :s"),
            {"s": rig.station_id})]
    # Every farmer exactly once on the server; registered once, so once in the feed
    # (unless another computer changed it too).
    assert sorted(server_farmers) == sorted(farmer_ids)
    assert {i: feed.get(i) for i in farmer_ids} == {i: sent_per_record[i] for i in farmer_ids}
    assert all(sent_per_record[i] == 1 for i in farmer_ids if not (others or {}).get(i))
    # Every change sent was applied exactly once: as many feed entries per record as
    # changes sent for it (nothing twice), and nothing nobody sent (but the station row
    # the admin made).
    assert {i: feed.get(i, 0) for i in sent_per_record} == dict(sent_per_record)
    assert set(feed) - set(sent_per_record) <= {rig.station_id}
    # One idempotency entry per key sent, no other key of this computer.
    assert keys == Counter(f"{prefix}:{e.seq}" for e in done)
    # Same records on both sides.
    assert local_farmers == len(farmer_ids)
    for key, row in local_rows.items():
        server_row = on_server[key]
        assert row == server_row, (key, {k for k in row if row[k] != server_row.get(k)})
    # Both files intact.
    assert integrity(db.path) == ("ok", [])
    assert server_integrity(central) == "ok"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def results_of(exchange: Exchange | None, reply: int | None = None) -> dict[str, str]:
    """key → status of a push answer (or of the answer to a replay)."""
    assert exchange is not None
    message = exchange.response if reply is None else exchange.replies[reply]
    assert message is not None and message.status == 200
    return {r["key"]: r["status"] for r in message.json()["results"]}


def keys_of(exchange: Exchange) -> list[str]:
    return [c["key"] for c in exchange.request.json()["changes"]]


def sync_until_done(engine: SyncEngine, attempts: int = 5) -> None:
    for _ in range(attempts):
        try:
            engine.sync_now()
            return
        except (NetworkError, ServerError):
            time.sleep(0.2)
    engine.sync_now()


# --------------------------------------------------------------------------- server killed


SERVER_KILLS = ["push-in-flight", "push-answered", "feed-page", "random"]


@pytest.mark.slow
@BACKENDS
@pytest.mark.parametrize("point", SERVER_KILLS)
def test_the_server_killed_during_a_sync_converges_after_a_restart(
        rig: Rig, point: str, monkeypatch: pytest.MonkeyPatch) -> None:
    central, proxy = rig.central, rig.proxy
    farmer_ids = [row.id for row in _farmers(rig.db)]
    killed = threading.Event()

    def kill() -> None:
        kill_server(central)
        killed.set()

    timer = None
    in_flight: list[int] = []
    if point == "push-in-flight":
        # Killed in the middle of a batch: once a quarter of its changes are committed
        # (each change is a transaction of its own), long before the last one.
        monkeypatch.setattr(protocol, "MAX_BATCH_ENTRIES", 40)

        def mid_batch() -> None:
            keys = set(keys_of(proxy.exchanges[-1]))
            _wait_until(lambda: len(keys & _applied_keys(rig)) >= len(keys) // 4,
                        timeout=30, pause=0.001)
            kill_server(central)
            in_flight.append(len(keys & _applied_keys(rig)))
            in_flight.append(len(keys))
            killed.set()

        proxy.on(PUSH, Action(after_request=mid_batch), nth=1)
    elif point == "push-answered":  # the server applied and answered; the answer is lost
        proxy.on(PUSH, Action(after_response=kill, drop_response=True), nth=3)
    elif point == "feed-page":  # every push done, killed while it serves a feed page
        proxy.on(CHANGES, Action(after_request=kill), nth=2)
    else:  # whatever it is doing 0.05–0.6 s into the sync (the whole sync takes seconds)
        timer = threading.Timer(random.Random(7).uniform(0.05, 0.6), kill)
    engine = rig.engine()
    if timer is not None:
        timer.start()
    with pytest.raises((NetworkError, ServerError)):
        engine.sync_now()
    if timer is not None:
        timer.join()
    assert killed.wait(10)
    assert engine.state in ("offline", "backoff")
    assert statuses(rig.db).get("sending", 0) == 0  # a failed batch goes back to pending
    restart_server(central)
    sync_until_done(engine)  # the same engine, as the app retries after its backoff

    pushes = proxy.answered(PUSH)
    if point == "push-in-flight":
        # The retried batch: what the killed server had committed comes back "duplicate",
        # the rest "applied".
        cut = [e for e in proxy.exchanges if e.path == PUSH][0]
        assert cut.response is None and cut.fate == "upstream_lost"
        committed, sent = in_flight
        assert 0 < committed < sent
        retried = next(e for e in pushes if keys_of(e) == keys_of(cut))
        answer = Counter(results_of(retried).values())
        assert answer == {"duplicate": committed, "applied": sent - committed}
    elif point == "push-answered":
        lost = [e for e in proxy.exchanges if e.path == PUSH][2]
        assert lost.fate == "dropped" and set(results_of(lost).values()) == {"applied"}
        retried = next(e for e in pushes if e is not lost and keys_of(e) == keys_of(lost))
        assert set(results_of(retried).values()) == {"duplicate"}
    applied = Counter(k for e in pushes for k, s in results_of(e).items() if s == "applied")
    assert set(applied.values()) <= {1}
    assert_converged(rig, engine, farmer_ids)


def _farmers(db: Database) -> list[Farmer]:
    with Session(db.engine) as session:
        return list(session.exec(select(Farmer)))


# --------------------------------------------------------------------------- client killed


CHILD = r"""
import sys, time
from dataclasses import replace

from station_app.services import writes
from station_app.store.db import open_database
from station_app.sync import engine as engine_module, protocol
from station_app.sync.credentials import credential_store_for
from station_app.sync.engine import SyncEngine

db_path, url, batch, page, pause_at = sys.argv[1:6]
protocol.MAX_BATCH_ENTRIES = int(batch)
protocol.PAGE_LIMIT = int(page)
db = open_database(db_path)
creds = replace(credential_store_for(db).load(), server_url=url)
engine = SyncEngine(db, creds, writer=writes)
commits = {}

real_remember = engine_module.remember_clock


def remember(database, session):
    # The last write of the transaction that records push results / applies a feed page:
    # everything is written, nothing committed yet.
    real_remember(database, session)
    stage = engine.state
    commits[stage] = commits.get(stage, 0) + 1
    marker = f"{stage}:{commits[stage]}"
    print("uncommitted", marker, flush=True)
    if marker == pause_at:
        time.sleep(30)  # the test kills us here


engine_module.remember_clock = remember
print("ready", flush=True)
engine.sync_now()
print("finished", flush=True)
"""


class Child:
    """The client in a process of its own, reporting where it is on stdout."""

    def __init__(self, rig: Rig, pause_at: str = "") -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(rig.db.path), rig.proxy.url, str(BATCH),
             str(PAGE), pause_at],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []

    def wait_for(self, line: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            got = self.process.stdout.readline()
            if not got:
                break
            self.lines.append(got.strip())
            if got.strip() == line:
                return
        self.kill()
        raise AssertionError(f"the child never said {line!r}: {self.lines}\n{self.stderr()}")

    def kill(self) -> bool:
        """SIGKILL; True if it was still running."""
        alive = self.process.poll() is None
        if alive:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(15)
        return alive

    def stderr(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read()[-3000:]

    def close(self) -> None:
        self.kill()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.mark.slow
@pytest.mark.parametrize("point", ["push-results-uncommitted", "feed-page-uncommitted",
                                   "push-on-the-wire"])
def test_the_client_killed_during_a_sync_converges_when_it_syncs_again(
        rig: Rig, point: str) -> None:
    farmer_ids = [row.id for row in _farmers(rig.db)]
    marker = {"push-results-uncommitted": "pushing:2",
              "feed-page-uncommitted": "pulling:2"}.get(point, "")
    child = Child(rig, pause_at=marker)
    try:
        if point == "push-on-the-wire":
            # Killed the moment its 3rd push went out whole: the server applies it and
            # answers a dead client.
            rig.proxy.on(PUSH, Action(after_request=child.kill), nth=3)
            child.process.wait(60)
            assert child.process.returncode == -signal.SIGKILL
        else:
            child.wait_for(f"uncommitted {marker}")
            assert child.kill()
    finally:
        child.close()
    pushes = [e for e in rig.proxy.exchanges if e.path == PUSH]
    server_has = _applied_keys(rig)
    if point == "push-results-uncommitted":
        # The server has both batches; the 2nd batch's "done" marks died with the child.
        assert set(keys_of(pushes[1])) <= server_has
        assert statuses(rig.db).get("done", 0) == len(keys_of(pushes[0]))
    elif point == "feed-page-uncommitted":
        with Session(rig.db.engine) as session:
            cursor = session.exec(text("SELECT value FROM local_meta WHERE key = 'sync_cursor'"
                                       )).one()[0]
        first_page = [e for e in rig.proxy.exchanges if e.path == CHANGES][0]
        assert int(cursor) == first_page.response.json()["cursor"]  # page 2 never committed
    else:
        _wait_until(lambda: set(keys_of(pushes[2])) <= _applied_keys(rig))
        assert statuses(rig.db).get("sending", 0) == len(keys_of(pushes[2]))  # died mid-wait
    engine = rig.engine()  # the app starts again
    engine.sync_now()
    if point != "feed-page-uncommitted":
        retried = [e for e in rig.proxy.answered(PUSH) if keys_of(e) == keys_of(
            pushes[1 if point == "push-results-uncommitted" else 2])][-1]
        assert set(results_of(retried).values()) == {"duplicate"}
    assert_converged(rig, engine, farmer_ids)


@pytest.mark.slow
def test_the_client_killed_again_and_again_at_random_moments_converges(rig: Rig) -> None:
    farmer_ids = [row.id for row in _farmers(rig.db)]
    rng = random.Random(20261122)
    kills = 0
    for round_ in range(3):
        child = Child(rig)
        try:
            child.wait_for("ready")
            # Let it run through a random number of transactions (each announces itself just
            # before its commit), then a random moment more: a kill at a random point of the
            # sync however fast the machine is.  A wall-clock delay alone often found the
            # sync already finished on an idle machine.
            for _ in range(rng.randint(1, 4) if round_ == 0 else 1):
                line = child.process.stdout.readline() if child.process.stdout else ""
                child.lines.append(line.strip())
                if not line or line.strip() == "finished":
                    break
            time.sleep(rng.uniform(0, 0.02))
            kills += child.kill()
        finally:
            child.close()
        assert integrity(rig.db.path) == ("ok", [])
    assert kills >= 1  # at least the first landed mid-sync (later ones may find little to do)
    engine = rig.engine()
    engine.sync_now()
    assert_converged(rig, engine, farmer_ids)


def _applied_keys(rig: Rig) -> set[str]:
    with rig.central.engine.connect() as conn:
        return set(conn.execute(text("SELECT key FROM idempotency WHERE device_id = :d"),
                                {"d": rig.creds.device_id}).scalars())


def _wait_until(condition: Callable[[], bool], timeout: float = 20,
                pause: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(pause)


# --------------------------------------------------------------------------- the line drops


@pytest.mark.parametrize("where", ["push-request", "push-answer", "feed-answer"])
def test_a_connection_cut_mid_body_is_retried_and_applied_once(rig: Rig, where: str) -> None:
    farmer_ids = [row.id for row in _farmers(rig.db)]
    path, action = {
        "push-request": (PUSH, Action(cut_request_at=0.6)),
        "push-answer": (PUSH, Action(cut_response_at=0.5)),
        "feed-answer": (CHANGES, Action(cut_response_at=0.5)),
    }[where]
    rig.proxy.on(path, action, nth=2)
    engine = rig.engine()
    with pytest.raises(NetworkError):
        engine.sync_now()
    cut = [e for e in rig.proxy.exchanges if e.path == path][1]
    assert cut.fate.startswith("cut_")
    if where == "feed-answer":
        with Session(rig.db.engine) as session:
            cursor = session.exec(text("SELECT value FROM local_meta WHERE key = 'sync_cursor'"
                                       )).one()[0]
        first = [e for e in rig.proxy.exchanges if e.path == CHANGES][0]
        assert int(cursor) == first.response.json()["cursor"]
    else:
        keys = keys_of(cut)
        server_has = _applied_keys(rig)
        if where == "push-request":
            assert not set(keys) & server_has  # half a body is no request at all
        else:
            assert set(keys) <= server_has  # applied; only the answer was lost
        assert statuses(rig.db).get("sending", 0) == 0
    engine.sync_now()
    if where != "feed-answer":
        again = [e for e in rig.proxy.answered(PUSH) if keys_of(e) == keys_of(cut)][-1]
        expected = "applied" if where == "push-request" else "duplicate"
        assert set(results_of(again).values()) == {expected}
    assert_converged(rig, engine, farmer_ids)


@BACKENDS
@pytest.mark.parametrize("concurrent", [False, True], ids=["one-after-the-other", "at-once"])
def test_a_duplicated_push_is_answered_duplicate_and_applied_once(
        rig: Rig, concurrent: bool) -> None:
    farmer_ids = [row.id for row in _farmers(rig.db)]
    rig.proxy.on(PUSH, Action(replay=1, concurrent=concurrent), nth=2)
    engine = rig.engine()
    report = engine.sync_now()
    assert report.push.quarantined == 0
    doubled = [e for e in rig.proxy.exchanges if e.path == PUSH][1]
    delivered, replayed = results_of(doubled), results_of(doubled, reply=0)
    assert delivered.keys() == replayed.keys()
    if concurrent:
        # Both copies raced through the server: each key applied by exactly one of them.
        for key in delivered:
            assert sorted((delivered[key], replayed[key])) == ["applied", "duplicate"], key
    else:
        assert set(replayed.values()) == {"applied"}
        assert set(delivered.values()) == {"duplicate"}
    assert report.push.duplicate == sum(s == "duplicate" for s in delivered.values())
    assert_converged(rig, engine, farmer_ids)


# --------------------------------------------------------------------------- clock skew


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000


def _edit(db: Database, farmer_id: str, actor: Any, **values: Any) -> None:
    with db.session() as session:
        farmer = session.get(Farmer, farmer_id)
        assert farmer is not None
        writes.update(session, db, actor, farmer, values, base_version=farmer.version)


def _row(db: Database, farmer_id: str) -> dict[str, Any]:
    with Session(db.engine) as session:
        farmer = session.get(Farmer, farmer_id)
        assert farmer is not None
        return farmer.model_dump(mode="json")


@pytest.mark.parametrize("first", ["A", "B"], ids=["A-syncs-first", "B-syncs-first"])
def test_two_computers_ten_minutes_apart_converge_by_the_documented_rule(
        db: Database, station, central, tutor_ctx: ServiceContext, tmp_path: Path,
        valid_farmer_input: Callable[..., FarmerInput], first: str) -> None:
    """Computer A's clock runs ten minutes behind computer B's (same station).  B edits a
    farmer's notes and address; a little later in real time A edits the notes and the
    household size.  Different fields both survive; for the notes the newer hybrid-clock
    stamp wins (§6), which is B's, although A typed later: that is the rule, and A's value
    is in the conflict log.  Whatever the order of the syncs, A, B and the server end with
    the same row.  Once A has seen B's stamps its clock is ahead of them, so A's next edit
    wins everywhere."""
    db.clock = HybridLogicalClock(db.device_id, now_ms=lambda: _wall_ms() - SKEW_MS)
    station_id, code = central.new_station()
    enroll(db, central.base, central.code(station=code))
    db_b = open_database(tmp_path / "computer-b.db")
    try:
        enroll(db_b, central.base, central.code(station=code))
        tutor = ServiceContext(db, replace(tutor_ctx.actor, station_id=station_id))
        farmer_id = farmers.register_farmer(tutor, valid_farmer_input(
            name="周秀兰", notes="", address_detail="3组12号", household_size=4))
        engine_a, engine_b = SyncEngine(db, writer=writes), SyncEngine(db_b, writer=writes)
        engine_a.sync_now()
        engine_b.sync_now()
        assert _row(db_b, farmer_id)["name"] == "周秀兰"

        _edit(db_b, farmer_id, None, notes="B：已电话回访", address_detail="5组8号")
        time.sleep(0.01)
        _edit(db, farmer_id, tutor.actor, notes="A：网店已开通", household_size=6)
        a_stamp = json.loads(_row(db, farmer_id)["field_clock"])["notes"]
        b_stamp = json.loads(_row(db_b, farmer_id)["field_clock"])["notes"]
        assert a_stamp < b_stamp  # A typed later, but its clock is ten minutes behind

        order = [engine_a, engine_b] if first == "A" else [engine_b, engine_a]
        for engine in (*order, *order):
            engine.sync_now()
        server = central.record("farmer", farmer_id)
        row_a, row_b = _row(db, farmer_id), _row(db_b, farmer_id)
        assert row_a == row_b == server
        assert (server["notes"], server["address_detail"], server["household_size"]) == (
            "B：已电话回访", "5组8号", 6)
        with central.engine.connect() as conn:
            logged = conn.execute(text(
                "SELECT kept_value, lost_value, kept_hlc, lost_hlc FROM conflict_log "
                "WHERE entity_id = :i AND field = 'notes'"), {"i": farmer_id}).all()
        assert len(logged) == 1
        kept, lost, kept_hlc, lost_hlc = logged[0]
        assert (_json(kept), _json(lost)) == ("B：已电话回访", "A：网店已开通")
        assert lost_hlc == a_stamp and kept_hlc == b_stamp
        if first == "B":  # A's push came back merged: A's own log shows what it lost
            [conflict] = engine_a.conflicts()
            assert (conflict.field, conflict.lost_side) == ("notes", "local")
        for database in (db, db_b):
            with Session(database.engine) as session:
                assert session.exec(select(func.count()).select_from(OutboxEntry).where(
                    OutboxEntry.status.in_(("pending", "sending", "quarantined")))).one() == 0

        # A has seen B's stamps now: its clock no longer lags behind them.
        _edit(db, farmer_id, tutor.actor, notes="A：改回来")
        for engine in (engine_a, engine_b):
            engine.sync_now()
        assert _row(db, farmer_id) == _row(db_b, farmer_id) == central.record("farmer", farmer_id)
        assert central.record("farmer", farmer_id)["notes"] == "A：改回来"
        for database in (db, db_b):
            assert integrity(database.path) == ("ok", [])
        assert server_integrity(central) == "ok"
    finally:
        db_b.close()


# --------------------------------------------------------------------------- a merged answer lost


def test_a_merged_answer_lost_on_the_line_still_logs_the_conflict(
        rig: Rig, tmp_path: Path) -> None:
    """A's push is merged by the server (B changed the same field first) and A's value
    loses; the answer is cut on the way back.  The retry is answered ``duplicate`` with the
    stored result, and A must still get the merged row and the conflict (invariant 5: the
    losing value is kept where a person can see it), not only "done"."""
    db_b = open_database(tmp_path / "computer-b.db")
    try:
        enroll(db_b, rig.central.base, rig.central.code(station=rig.station_code))
        engine_a, engine_b = rig.engine(), SyncEngine(db_b, writer=writes)
        engine_a.sync_now()
        engine_b.sync_now()
        farmer_id = _farmers(rig.db)[0].id
        _edit(rig.db, farmer_id, rig.tutor.actor, notes="A：先写的")
        time.sleep(0.005)
        _edit(db_b, farmer_id, None, notes="B：后写的")
        engine_b.sync_now()
        rig.proxy.on(PUSH, Action(cut_response_at=0.5))
        with pytest.raises(NetworkError):
            engine_a.sync_now()
        cut = [e for e in rig.proxy.exchanges if e.path == PUSH][-1]
        assert set(results_of(cut).values()) == {"merged"}  # what the line lost
        report = engine_a.sync_now()
        again = [e for e in rig.proxy.answered(PUSH) if keys_of(e) == keys_of(cut)][-1]
        assert set(results_of(again).values()) == {"duplicate"}
        assert report.push.conflicts == 1
        [conflict] = engine_a.conflicts()
        assert (conflict.field, conflict.lost_side) == ("notes", "local")
        assert json.loads(conflict.lost_value) == "A：先写的"
        engine_b.sync_now()
        assert _row(rig.db, farmer_id) == _row(db_b, farmer_id) == rig.central.record(
            "farmer", farmer_id)
        assert _row(rig.db, farmer_id)["notes"] == "B：后写的"
        assert_converged(rig, engine_a, [f.id for f in _farmers(rig.db)],
                         others=Counter({farmer_id: 1}))
    finally:
        db_b.close()


def test_a_replayed_merge_never_writes_an_older_row_over_a_newer_pulled_one(
        db: Database, station, tutor_ctx: ServiceContext, fake_server,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    """The guard of the fix above, against the fake server: a newer row (version 5) was
    pulled while an edit's answer was lost; the stored answer then comes back ``duplicate``
    with the older merged row (version 3).  Its conflict is logged; the row stays at 5."""
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="郑丽", notes=""))
    creds = Credentials(server_url=fake_server.url, token="t", station_id=station[0].id,
                        device_id=db.device_id)
    engine = SyncEngine(db, creds, writer=writes)
    engine.sync_now()
    _edit(db, farmer_id, tutor_ctx.actor, notes="本机：先写")
    fake_server.then("/push", "drop")
    with pytest.raises(NetworkError):
        engine.sync_now()
    [change] = fake_server.requests[-1].body["changes"]
    mine = change["payload"]
    stamp = json.loads(mine["field_clock"])["notes"]
    other = f"{int(stamp[:13]) + 1000:013d}-0000-otherdevice"
    newest = f"{int(stamp[:13]) + 2000:013d}-0000-otherdevice"
    merged = {**mine, "notes": "别处：后写", "version": 3, "updated_hlc": other,
              "field_clock": json.dumps({"notes": other})}
    pulled = {**mine, "notes": "别处：后写", "address_detail": "后来又改的地址", "version": 5,
              "updated_hlc": newest,
              "field_clock": json.dumps({"notes": other, "address_detail": newest})}
    fake_server.feed = [{"seq": 10_000, "entity": "farmer", "entity_id": farmer_id,
                         "version": 5, "hlc": newest, "payload": pulled}]
    engine.pull_once()  # merged with the unsent edit: version 5
    assert (_row(db, farmer_id)["version"], _row(db, farmer_id)["address_detail"]) == (
        5, "后来又改的地址")
    fake_server.then("/push", {"results": [{
        "key": change["key"], "status": "duplicate", "server_version": 3, "merged": merged,
        "conflicts": [{"field": "notes", "kept_value": "别处：后写", "kept_hlc": other,
                       "lost_value": "本机：先写", "lost_hlc": stamp,
                       "lost_side": "incoming"}], "reason": None}]})
    report = engine.sync_now()
    assert report.push.duplicate == 1
    row = _row(db, farmer_id)
    assert (row["version"], row["notes"], row["address_detail"]) == (5, "别处：后写", "后来又改的地址")
    assert [(c.field, c.lost_side) for c in engine.conflicts()] == [("notes", "local")]
    assert statuses(db).get("pending", 0) == 0

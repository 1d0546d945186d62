"""Sync test helpers.

``fake_server`` is a tiny HTTP server speaking just enough of docs/sync-protocol.md to
drive the client into failures a real server cannot be made to produce on demand: a 500
in the middle of a sync, a connection dropped after the server applied a push, an answer
that does not match the request.  Everything else is tested against the real
``station-central`` server: ``central`` starts ``station-central serve`` in its own process
on a fresh database for each test (a second or two).
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

Action = Any  # int status | "drop" | dict body | callable(request) -> (status, body)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw_size: int


@dataclass
class FakeServer:
    url: str = ""
    requests: list[Seen] = field(default_factory=list)
    script: list[tuple[str, Action]] = field(default_factory=list)
    applied: dict[str, str] = field(default_factory=dict)  # key -> body hash
    apply_count: dict[str, int] = field(default_factory=dict)
    feed: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def then(self, path: str, action: Action) -> None:
        """The next request to ``path`` gets ``action`` instead of the default answer."""
        self.script.append((path, action))

    def scripted(self, path: str) -> Action | None:
        with self.lock:
            for i, (p, action) in enumerate(self.script):
                if p == path:
                    del self.script[i]
                    return action
        return None

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    # default behaviour -------------------------------------------------------------

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        results = []
        with self.lock:
            for change in body["changes"]:
                key, digest = change["key"], change["body_hash"]
                if key in self.applied:
                    status = "duplicate" if self.applied[key] == digest else "key_reused"
                else:
                    self.applied[key] = digest
                    self.apply_count[key] = self.apply_count.get(key, 0) + 1
                    status = "applied"
                results.append({"key": key, "status": status, "server_version": change["version"],
                                "merged": None, "conflicts": [],
                                "reason": None if status != "key_reused" else
                                {"code": "push.key_reused", "zh": "重复", "en": "reused"}})
        return {"results": results}

    def changes(self, after: int, limit: int) -> dict[str, Any]:
        rows = [c for c in self.feed if c["seq"] > after]
        page = rows[:limit]
        cursor = page[-1]["seq"] if page else after
        return {"changes": page, "cursor": cursor, "more": len(rows) > limit}


def _handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            path = parts.path.removeprefix("/api/v1")
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            data = gzip.decompress(raw) if self.headers.get("Content-Encoding") == "gzip" else raw
            body = json.loads(data) if data else None
            seen = Seen(self.command, path, dict(self.headers.items()), body, len(raw))
            server.requests.append(seen)
            action = server.scripted(path)
            if callable(action):
                action = action(seen)
            if action == "drop":
                # The server did the work, then the connection broke mid-answer.
                if path == "/push":
                    server.push(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "5000")
                self.end_headers()
                self.wfile.write(b'{"results": [')
                self.wfile.flush()
                self.close_connection = True
                return
            if isinstance(action, int):
                self._answer(action, {"error": {"code": "server.error", "zh": "出错", "en": "failed"}})
                return
            if isinstance(action, tuple):
                self._answer(*action)
                return
            if isinstance(action, dict):
                self._answer(200, action)
                return
            if path == "/health":
                self._answer(200, {"status": "ok", "server_id": "fake", "protocol": 1, "version": "0"})
            elif path == "/push":
                self._answer(200, server.push(body))
            elif path == "/changes":
                query = parse_qs(parts.query)
                self._answer(200, server.changes(int(query["after"][0]), int(query["limit"][0])))
            else:
                self._answer(404, {"error": {"code": "not_found", "zh": "无", "en": "none"}})

        do_GET = _handle
        do_POST = _handle

    return Handler


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    server = FakeServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    httpd.daemon_threads = True
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)



# --------------------------------------------------------------------------- the real server



@dataclass
class CentralServer:
    """A real ``station-central serve`` process on a loopback port, and its database (the
    admin steps use the same functions as the ``station-central`` command line)."""

    db_url: str
    log: Path
    base: str = ""
    process: subprocess.Popen | None = None
    engine: Any = None

    def start(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = {**os.environ, "STATION_CENTRAL_DB_URL": self.db_url}
        with self.log.open("ab") as handle:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "station_app.central.cli", "serve", "--host", "127.0.0.1",
                 "--port", str(port), "--log-level", "warning"],
                env=env, stdout=handle, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text(errors='replace')}")
            try:
                if requests.get(f"{self.base}/api/v1/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not start:\n{self.log.read_text(errors='replace')}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    # admin ------------------------------------------------------------------------------

    def new_station(self, *, branch: str | None = None, demo: bool = False) -> tuple[str, str]:
        from station_app.central import admin

        code = f"S{uuid.uuid4().hex[:8]}"
        station_id = admin.create_station(self.engine, code=code, name=f"服务站 {code}",
                                          county="眉县", branch_code=branch, is_demo=demo)
        return station_id, code

    def new_branch(self) -> str:
        from station_app.central import admin

        code = f"B{uuid.uuid4().hex[:8]}"
        admin.create_branch(self.engine, code=code, name=f"支行 {code}")
        return code

    def code(self, *, station: str | None = None, branch: str | None = None) -> str:
        from station_app.central import admin

        return admin.issue_code(self.engine, station_code=station, branch_code=branch)

    def record(self, entity: str, entity_id: str) -> dict[str, Any] | None:
        from station_app.central import admin

        return admin.record_payload(self.engine, entity, entity_id)

    def change_count(self, entity_id: str) -> int:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM change_log WHERE entity_id = :i"),
                                    {"i": entity_id}).scalar() or 0)


@pytest.fixture
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralServer]:
    """A real server with a fresh database for each test (the station template gives every
    test's station A the same record ids, so they must not meet in one server)."""
    from station_app.central import db as central_db

    root = tmp_path_factory.mktemp("central")
    server = CentralServer(f"sqlite:///{root / 'central.db'}", root / "server.log")
    server.engine = central_db.make_engine(server.db_url)
    central_db.migrate(server.engine)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server.engine.dispose()


PG_ENV = "STATION_CENTRAL_TEST_PG_URL"


@pytest.fixture
def central_pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralServer]:
    """Like ``central``, on PostgreSQL: a fresh schema of the database named by
    ``STATION_CENTRAL_TEST_PG_URL`` (e.g. ``postgresql+psycopg:///central_test?host=/var/run/postgresql``),
    dropped afterwards.  Skips when the variable is not set."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV} to run the PostgreSQL cases")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from station_app.central import db as central_db

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(central_db.normalize_url(base), isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(central_db.normalize_url(base))
    url = url.set(query={**url.query, "options": f"-csearch_path={schema}"})
    root = tmp_path_factory.mktemp("central-pg")
    server = CentralServer(url.render_as_string(hide_password=False), root / "server.log")
    server.engine = central_db.make_engine(server.db_url)
    try:
        central_db.migrate(server.engine)
        server.start()
        yield server
    finally:
        server.stop()
        server.engine.dispose()
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


@pytest.fixture
def open_db(tmp_path: Path) -> Iterator[Callable[[str], Any]]:
    """``open_db(name)`` → another station database (a second computer, station B, a branch
    computer) in the test's folder, closed afterwards."""
    from station_app.store.db import open_database

    opened: list[Any] = []

    def factory(name: str) -> Any:
        database = open_database(tmp_path / f"{name}.db")
        opened.append(database)
        return database

    yield factory
    for database in opened:
        database.close()

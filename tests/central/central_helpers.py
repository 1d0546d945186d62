"""Helpers for the central server tests: the server process, devices, rows and changes."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import requests
from sqlalchemy.engine import Engine, make_url

from station_app.central import admin, db
from station_app.domain.hlc import HybridLogicalClock
from station_app.store.models import Farmer, SalesOrder, Shop

PG_ENV = "STATION_CENTRAL_TEST_PG_URL"
API = "/api/v1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- databases

def pg_schema_url(base: str, schema: str) -> str:
    url = make_url(db.normalize_url(base))
    query = dict(url.query)
    query["options"] = f"-csearch_path={schema}"
    return url.set(query=query).render_as_string(hide_password=False)


# --------------------------------------------------------------------------- the server

@dataclass
class Device:
    device_id: str
    token: str
    kind: str
    station_ids: list[str]
    clock: HybridLogicalClock
    seq: int = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def station_id(self) -> str:
        return self.station_ids[0]

    def next_key(self) -> str:
        self.seq += 1
        return f"{self.device_id}:{self.seq}"

    def hlc(self) -> str:
        return self.clock.now().encode()


@dataclass
class Central:
    base: str
    db_url: str
    engine: Engine
    process: subprocess.Popen
    http: requests.Session = field(default_factory=requests.Session)

    def url(self, path: str) -> str:
        return f"{self.base}{API}{path}"

    # -- admin (in-process, same database) --------------------------------------------
    def new_station(self, branch_code: str | None = None) -> tuple[str, str]:
        code = f"S{uuid.uuid4().hex[:8]}"
        station_id = admin.create_station(self.engine, code=code, name=f"站 {code}",
                                          county="测试县", branch_code=branch_code)
        return station_id, code

    def new_branch(self) -> str:
        code = f"B{uuid.uuid4().hex[:8]}"
        admin.create_branch(self.engine, code=code, name=f"支行 {code}")
        return code

    def enroll(self, *, station_code: str | None = None, branch_code: str | None = None,
               wall_ms: int | None = None) -> Device:
        code = admin.issue_code(self.engine, station_code=station_code, branch_code=branch_code)
        device_id = uuid.uuid4().hex[:12]
        answer = self.http.post(self.url("/enroll"), json={
            "code": code, "device_id": device_id, "device_name": "test PC",
            "app_version": "test"}, timeout=30)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        clock = HybridLogicalClock(device_id, now_ms=(lambda: wall_ms) if wall_ms else None)
        return Device(device_id, body["token"], body["scope"]["kind"],
                      body["scope"]["station_ids"], clock)

    # -- sync calls ----------------------------------------------------------------------
    def push(self, device: Device, changes: list[dict[str, Any]], *,
             compress: bool = False) -> requests.Response:
        body = json.dumps({"device_id": device.device_id, "changes": changes},
                          ensure_ascii=False).encode("utf-8")
        headers = {**device.headers, "Content-Type": "application/json"}
        if compress:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return self.http.post(self.url("/push"), data=body, headers=headers, timeout=120)

    def push_ok(self, device: Device, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answer = self.push(device, changes)
        assert answer.status_code == 200, answer.text
        return answer.json()["results"]

    def pull_all(self, device: Device, *, after: int = 0, limit: int = 500) -> list[dict]:
        rows: list[dict] = []
        while True:
            answer = self.http.get(self.url("/changes"), params={"after": after, "limit": limit},
                                   headers=device.headers, timeout=60)
            assert answer.status_code == 200, answer.text
            page = answer.json()
            rows += page["changes"]
            after = page["cursor"]
            if not page["more"]:
                return rows


def _wait_for_health(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')}")
        try:
            if requests.get(f"{base}{API}/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not become healthy:\n{log.read_text(errors='replace')}")


def start_server(db_url: str, log: Path,
                 log_level: str = "warning") -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "STATION_CENTRAL_DB_URL": db_url}
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "station_app.central.cli", "serve", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", log_level],
        env=env, stdout=handle, stderr=subprocess.STDOUT)
    handle.close()
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base, process, log)
    except Exception:
        process.kill()
        process.wait()
        raise
    return process, base


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --------------------------------------------------------------------------- rows and changes

def canonical_hash(change: dict[str, Any]) -> str:
    subset = {k: change[k] for k in ("entity", "entity_id", "op", "base_version", "version",
                                     "payload")}
    return hashlib.sha256(json.dumps(subset, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=False).encode("utf-8")).hexdigest()


def make_change(device: Device, entity: str, payload: dict[str, Any], *, op: str = "insert",
                base_version: int = 0, key: str | None = None) -> dict[str, Any]:
    change = {"key": key or device.next_key(), "entity": entity,
              "entity_id": payload["id"] if op != "insert_batch" else payload["batch"]["id"],
              "op": op, "base_version": base_version,
              "version": payload["version"] if op != "insert_batch" else 1,
              "hlc": payload.get("updated_hlc", "") if op != "insert_batch" else "",
              "payload": payload}
    change["body_hash"] = canonical_hash(change)
    return change


def farmer_row(device: Device, station_id: str | None = None, **values: Any) -> dict[str, Any]:
    stamp = device.hlc()
    n = uuid.uuid4().int
    farmer = Farmer(
        station_id=station_id or device.station_id, created_hlc=stamp, updated_hlc=stamp,
        field_clock="{}", version=1, name=values.pop("name", "王小明"), gender="male",
        birth_date=date(1980, 5, 1), resident_id_cipher="c1", resident_id_hash=f"{n:064x}"[:64],
        resident_id_masked="1101**********0011", resident_id_last4="0011",
        phone_cipher="c2", phone_hash=f"{n:064x}"[-64:], phone_masked="138****5678",
        phone_last4="5678", **values)
    return farmer.model_dump(mode="json")


def shop_row(device: Device, farmer_id: str) -> dict[str, Any]:
    stamp = device.hlc()
    return Shop(station_id=device.station_id, created_hlc=stamp, updated_hlc=stamp,
                field_clock="{}", version=1, farmer_id=farmer_id, platform="pinduoduo",
                shop_name="小明的店").model_dump(mode="json")


def edited(device: Device, row: dict[str, Any], **values: Any) -> dict[str, Any]:
    """``row`` updated the way services.writes.update does it (stamps, version + 1)."""
    stamp = device.hlc()
    clock = json.loads(row["field_clock"])
    new = {**row, **values}
    for key in values:
        if key != "deleted":
            clock[key] = stamp
    new.update(field_clock=json.dumps(clock, sort_keys=True), updated_hlc=stamp,
               version=row["version"] + 1)
    return new


def order_rows(device: Device, shop_id: str, batch_id: str, count: int) -> list[dict[str, Any]]:
    stamp = device.hlc()
    prefix = str(uuid.uuid4())[:24]
    rows = []
    for i in range(count):
        rows.append(SalesOrder(
            id=f"{prefix}{i:012x}", station_id=device.station_id, created_hlc=stamp,
            updated_hlc=stamp, field_clock="{}", version=1, shop_id=shop_id,
            order_no=f"PDD{i:08d}", ordered_at=datetime(2024, 3, 1, 10, 0, 0),
            product="苹果 5 斤装", quantity=1, amount_fen=2990 + i, status="signed",
            import_batch_id=batch_id).model_dump(mode="json"))
    return rows


def utc_now() -> datetime:
    return datetime.now(timezone.utc)

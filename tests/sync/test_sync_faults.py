"""Failures a real server cannot be made to produce on demand, against the tiny fake server
of conftest.py: a 500 in the middle of a sync, a connection dropped after the server applied
a push, an answer that does not match the request, a dead server, a failing page of the
change feed.  After each, syncing again converges with nothing lost and nothing twice."""

from __future__ import annotations

import json
import socket
from typing import Callable

import pytest
from sqlmodel import Session, func, select

from station_app.domain.farmers import FarmerInput
from station_app.services import farmers, writes
from station_app.services.context import ServiceContext
from station_app.store.db import Database
from station_app.store.models import OutboxEntry, Station, User, Village
from station_app.sync import protocol
from station_app.sync.credentials import Credentials
from station_app.sync.engine import SyncEngine
from station_app.sync.errors import AuthError, NetworkError, ProtocolError, ServerError


def _statuses(db: Database) -> dict[str, int]:
    with Session(db.engine) as session:
        return dict(session.exec(select(OutboxEntry.status, func.count())
                                 .group_by(OutboxEntry.status)).all())


def _engine(db: Database, station: tuple[Station, User], url: str) -> SyncEngine:
    creds = Credentials(server_url=url, token="test-token", station_id=station[0].id,
                        device_id=db.device_id)
    return SyncEngine(db, creds, writer=writes)


@pytest.fixture
def three_farmers(tutor_ctx: ServiceContext,
                  valid_farmer_input: Callable[..., FarmerInput]) -> list[str]:
    return [farmers.register_farmer(tutor_ctx, valid_farmer_input(name=name))
            for name in ("张三", "李四", "王五")]


def test_a_500_in_the_middle_keeps_the_rest_pending_and_a_retry_applies_each_once(
        db, station, three_farmers, fake_server, monkeypatch) -> None:
    monkeypatch.setattr(protocol, "MAX_BATCH_ENTRIES", 3)
    total = sum(_statuses(db).values())
    assert total > 6
    engine = _engine(db, station, fake_server.url)
    fake_server.then("/push", lambda seen: None)  # first batch: default (applied)
    fake_server.then("/push", 500)  # second batch: the server fails
    with pytest.raises(ServerError):
        engine.sync_now()
    assert engine.state == "backoff"
    assert _statuses(db) == {"done": 3, "pending": total - 3}
    assert engine.status().pending == total - 3
    report = engine.sync_now()
    assert _statuses(db) == {"done": total}
    assert report.push.applied == total - 3
    # Every key reached the server's store exactly once, in seq order.
    assert len(fake_server.applied) == total
    assert set(fake_server.apply_count.values()) == {1}
    pushes = [r.body["changes"] for r in fake_server.requests if r.path == "/push"]
    assert pushes[2] == pushes[1]  # the failed batch is resent as it was: same keys, bodies
    seqs = [int(c["key"].rsplit(":", 1)[1]) for batch in (pushes[0], *pushes[2:]) for c in batch]
    assert seqs == sorted(seqs) and len(seqs) == total
    assert engine.status().last_success is not None


def test_a_connection_dropped_after_the_server_applied_is_answered_duplicate_on_retry(
        db, station, three_farmers, fake_server) -> None:
    total = sum(_statuses(db).values())
    engine = _engine(db, station, fake_server.url)
    fake_server.then("/push", "drop")
    with pytest.raises(NetworkError):
        engine.sync_now()
    assert _statuses(db) == {"pending": total}  # nothing marked done without an answer
    assert len(fake_server.applied) == total  # …although the server applied everything
    report = engine.sync_now()
    assert report.push.duplicate == total and report.push.applied == 0
    assert _statuses(db) == {"done": total}
    assert set(fake_server.apply_count.values()) == {1}


def test_push_bodies_are_gzipped_and_keys_are_station_device_and_seq(
        db, station, three_farmers, fake_server) -> None:
    engine = _engine(db, station, fake_server.url)
    engine.sync_now()
    push = next(r for r in fake_server.requests if r.path == "/push")
    assert push.headers["Content-Encoding"] == "gzip"
    assert push.headers["Authorization"] == "Bearer test-token"
    assert push.raw_size < len(json.dumps(push.body).encode("utf-8"))
    with Session(db.engine) as session:
        first = session.exec(select(OutboxEntry).order_by(OutboxEntry.seq)).first()
    change = push.body["changes"][0]
    assert change["key"] == f"{station[0].id}:{db.device_id}:{first.seq}"
    assert change["body_hash"] == protocol.body_hash(
        change["entity"], change["entity_id"], change["op"], change["base_version"],
        change["version"], change["payload"])
    assert push.body["device_id"] == db.device_id


def test_an_answer_that_does_not_match_the_request_changes_nothing(
        db, station, three_farmers, fake_server) -> None:
    total = sum(_statuses(db).values())
    engine = _engine(db, station, fake_server.url)
    fake_server.then("/push", {"results": [{"key": "someone-else:1", "status": "applied"}]})
    with pytest.raises(ProtocolError):
        engine.sync_now()
    assert _statuses(db) == {"pending": total}


def test_a_dead_server_means_offline_and_nothing_changes(db, station, three_farmers) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = _engine(db, station, f"http://127.0.0.1:{port}")
    before = _statuses(db)
    with pytest.raises(NetworkError) as caught:
        engine.sync_now()
    assert "中心服务器" in caught.value.message.zh
    status = engine.status()
    assert (status.online, status.state) == (False, "offline")
    assert _statuses(db) == before


def test_a_revoked_token_is_an_auth_error(db, station, three_farmers, fake_server) -> None:
    engine = _engine(db, station, fake_server.url)
    fake_server.then("/push", (401, {"error": {"code": "auth.invalid_token", "zh": "无效",
                                               "en": "invalid"}}))
    with pytest.raises(AuthError):
        engine.sync_now()
    assert _statuses(db).get("done", 0) == 0


def _village_change(seq: int, station_id: str, name: str) -> dict:
    hlc = f"{1_700_000_000_000 + seq:013d}-0000-server"
    return {"seq": seq, "entity": "village", "entity_id": f"v-{seq}", "version": 1, "hlc": hlc,
            "payload": {"id": f"v-{seq}", "station_id": station_id, "created_hlc": hlc,
                        "updated_hlc": hlc, "field_clock": "{}", "version": 1, "deleted": False,
                        "province": "陕西省", "county": "眉县", "township": "横渠镇", "name": name}}


def test_a_failing_page_keeps_the_cursor_of_the_last_good_page(
        db, station, fake_server, monkeypatch) -> None:
    monkeypatch.setattr(protocol, "PAGE_LIMIT", 2)
    sid = station[0].id
    fake_server.feed = [_village_change(s, sid, f"村{s}") for s in range(1, 6)]
    engine = _engine(db, station, fake_server.url)
    fake_server.then("/changes", lambda seen: None)  # page 1 fine
    fake_server.then("/changes", 503)  # page 2 fails
    with pytest.raises(ServerError):
        engine.sync_now()
    with Session(db.engine) as session:
        names = sorted(v.name for v in session.exec(select(Village).where(Village.id.startswith("v-"))))
    assert names == ["村1", "村2"]
    report = engine.sync_now()
    assert report.pull.inserted == 3
    with Session(db.engine) as session:
        count = session.exec(select(func.count()).select_from(Village)
                             .where(Village.id.startswith("v-"))).one()
    assert count == 5
    # Pulled rows never create outbox entries.
    with Session(db.engine) as session:
        assert session.exec(select(func.count()).select_from(OutboxEntry)
                            .where(OutboxEntry.entity_id.startswith("v-"))).one() == 0


def test_a_server_of_another_protocol_version_is_not_synced_with(
        db, station, three_farmers, fake_server) -> None:
    engine = _engine(db, station, fake_server.url)
    fake_server.then("/health", {"status": "ok", "server_id": "x", "protocol": 2, "version": "9"})
    before = _statuses(db)
    with pytest.raises(ProtocolError) as caught:
        engine.sync_now()
    assert caught.value.code == "sync.protocol_version"
    assert fake_server.paths() == ["/health"]  # nothing was pushed or pulled
    assert _statuses(db) == before

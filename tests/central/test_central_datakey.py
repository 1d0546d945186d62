"""The deployment's data key: made once, wrapped at rest, opened only with its key file."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import pytest

from station_app.central import datakey, db


def _engine(tmp_path: Path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    db.migrate(engine)
    return engine


def test_the_key_is_made_once_and_never_stored_in_clear(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    kek_path = tmp_path / "keys" / "kek.key"
    kek = datakey.load_or_create_kek(kek_path)
    assert kek_path.stat().st_mode & 0o777 == 0o600
    first = datakey.ensure_data_key(engine, kek)
    assert datakey.ensure_data_key(engine, datakey.load_or_create_kek(kek_path)) == first
    engine.dispose()
    raw = (tmp_path / "central.db").read_bytes()
    assert first not in raw and base64.b64encode(first) not in raw


def test_a_foreign_key_file_stops_the_server_with_a_plain_reason(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    datakey.ensure_data_key(engine, datakey.load_or_create_kek(tmp_path / "a.key"))
    other = datakey.load_or_create_kek(tmp_path / "b.key")
    with pytest.raises(datakey.DataKeyError, match="belongs to another server"):
        datakey.ensure_data_key(engine, other)
    engine.dispose()


def test_a_lost_key_file_stops_the_server_and_no_new_one_is_made(tmp_path: Path) -> None:
    """A new key file in place of a lost one would not open the stored data key: the server
    refuses to start, says what to do, and writes nothing."""
    from station_app.central.app import create_app

    url = f"sqlite:///{tmp_path / 'central.db'}"
    kek_path = tmp_path / "keys" / "kek.key"
    create_app(url, kek_path=kek_path).state.engine.dispose()
    assert kek_path.exists()
    kek_path.unlink()
    with pytest.raises(datakey.DataKeyError, match="missing.*put the key file back"):
        create_app(url, kek_path=kek_path)
    assert not kek_path.exists()


def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kek.key"
    path.write_text(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    path.chmod(0o644)
    with pytest.raises(datakey.DataKeyError, match="chmod 600"):
        datakey.load_or_create_kek(path)


def test_the_data_key_reaches_a_device_only_in_the_enroll_answer(central) -> None:
    import uuid

    import requests

    from station_app.central import admin

    code = f"K{uuid.uuid4().hex[:8]}"
    admin.create_station(central.engine, code=code, name="服务站", county="眉县")
    answer = requests.post(central.url("/enroll"), json={
        "code": admin.issue_code(central.engine, station_code=code), "device_id": "dk-device-1",
        "device_name": "test PC", "app_version": "test"}, timeout=30).json()
    key = base64.b64decode(answer["data_key"])
    assert len(key) == 32 and answer["data_key_fingerprint"] == datakey.fingerprint(key)
    headers = {"Authorization": f"Bearer {answer['token']}"}
    for path in ("/whoami", "/changes?after=0"):
        text = requests.get(central.url(path), headers=headers, timeout=10).text
        assert "data_key" not in text and answer["data_key"] not in text


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.dispose()
    assert (tmp_path / "central.db").stat().st_mode & 0o777 == 0o600

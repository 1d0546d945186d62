"""The ``station-central`` command line and the server's own migrations."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from argon2 import PasswordHasher
from central_helpers import API, start_server, stop_server
from sqlalchemy import inspect
from sqlmodel import SQLModel

from station_app.central import db
from station_app.central.cli import main
from station_app.central.models import metadata

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli_process(*args: str, url: str, stdin: str | None = None) -> Ran:
    """``station-central`` as its own process (the entry point really works)."""
    env = {k: v for k, v in os.environ.items() if k != db.DB_URL_ENV}
    result = subprocess.run([sys.executable, "-m", "station_app.central.cli", "--db-url", url,
                             *args], input=stdin, capture_output=True, text=True, env=env,
                            timeout=120)
    return Ran(result.returncode, result.stdout, result.stderr)


def cli(*args: str, url: str, stdin: str | None = None) -> Ran:
    """``station-central`` in this process (starting Python twenty times is slow)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch("sys.stdin", io.StringIO(stdin or "")):
        code = main(["--db-url", url, *args])
    return Ran(code, out.getvalue(), err.getvalue())


def ok(result: Ran) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_admin_commands_end_to_end(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'central.db'}"
    assert "schema at" in ok(cli_process("migrate", url=url))
    ok(cli("branch", "create", "--code", "B01", "--name", "城关支行", url=url))
    station_id = ok(cli("station", "create", "--code", "S01", "--name", "李庄服务站",
                        "--county", "砀山县", "--branch", "B01", url=url))
    assert str(uuid.UUID(station_id)) == station_id
    listing = ok(cli("station", "list", url=url))
    assert "S01" in listing and "B01" in listing
    again = cli("station", "create", "--code", "S01", "--name", "x", "--county", "y", url=url)
    assert again.returncode == 1 and "exists already" in again.stderr
    assert cli("station", "create", "--code", "S02", "--name", "x", "--county", "y",
               "--branch", "NOPE", url=url).returncode == 1

    # A staff account: the password from stdin, hashed like the station hashes it.
    user_id = ok(cli("user", "create", "--station", "S01", "--username", "wang",
                     "--display-name", "王芳", "--role", "tutor", "--password-stdin", url=url,
                     stdin="Tutor-pass-2024\n"))
    weak = cli("user", "create", "--station", "S01", "--username", "li", "--display-name", "李",
               "--role", "tutor", "--password-stdin", url=url, stdin="123\n")
    assert weak.returncode == 1 and "password" in weak.stderr
    bad_role = cli("user", "create", "--station", "S01", "--username", "li",
                   "--display-name", "李", "--role", "boss", "--password-stdin", url=url,
                   stdin="Tutor-pass-2024\n")
    assert bad_role.returncode == 1 and "role" in bad_role.stderr
    engine = db.make_engine(url)
    try:
        from station_app.central import admin

        user = admin.record_payload(engine, "user_account", user_id)
    finally:
        engine.dispose()
    assert user is not None and user["station_id"] == station_id and user["role"] == "tutor"
    assert user["password_hash"].startswith("$argon2id$")
    assert PasswordHasher().verify(user["password_hash"], "Tutor-pass-2024")
    assert "Tutor-pass-2024" not in json.dumps(user)

    # The shared crop calendar.
    loaded = ok(cli("catalogue", "load", "crop_calendar",
                    str(ROOT / "resources" / "reference" / "crops.json"), url=url))
    assert loaded.startswith("crop_calendar version")
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 9, "crops": "none"}', encoding="utf-8")
    assert cli("catalogue", "load", "crop_calendar", str(broken), url=url).returncode == 1

    # Enroll a device with a printed code on the real server, list it, revoke it.
    code = ok(cli_process("enroll-code", "--station", "S01", url=url))
    assert len(code) == 14
    process, base = start_server(url, tmp_path / "server.log", log_level="debug")
    try:
        answer = requests.post(f"{base}{API}/enroll", json={
            "code": code, "device_id": "pc0001", "device_name": "站里的电脑",
            "app_version": "0.1"}, timeout=10)
        assert answer.status_code == 200, answer.text
        token = answer.json()["token"]
        assert answer.json()["station"]["code"] == "S01"
        devices = ok(cli("device", "list", url=url))
        assert "pc0001" in devices and "station:S01" in devices and "active" in devices
        assert ok(cli("device", "revoke", "pc0001", url=url)) == "revoked pc0001"
        assert cli("device", "revoke", "pc0001", url=url).returncode == 1
        whoami = requests.get(f"{base}{API}/whoami",
                              headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert whoami.status_code == 401
        assert "revoked" in ok(cli("device", "list", url=url))
    finally:
        stop_server(process)
    log = (tmp_path / "server.log").read_text(errors="replace")
    assert "POST /api/v1/enroll" in log  # the access log is on...
    assert token not in log and code not in log  # ...and holds neither token nor code
    assert answer.json()["data_key"] not in log  # nor the data key
    assert cli("security", "list", url=url).returncode == 0
    status = ok(cli("status", url=url))
    assert "user_account" in status and "station" in status


def test_serve_works_with_no_configuration(tmp_path: Path) -> None:
    """No URL anywhere: a SQLite file in the user data dir."""
    env = {k: v for k, v in os.environ.items() if k != db.DB_URL_ENV}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    code = (f"import os, sys; os.environ.pop({db.DB_URL_ENV!r}, None); "
            "from station_app.central import db; print(db.default_db_url())")
    default = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout.strip()
    assert default == f"sqlite:///{tmp_path / 'data' / 'station-central' / 'central.db'}"
    old = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = env["XDG_DATA_HOME"]
    try:
        # start_server passes its URL through the environment; give it the default one.
        process, base = start_server(default, tmp_path / "server.log")
    finally:
        if old is None:
            os.environ.pop("XDG_DATA_HOME")
        else:
            os.environ["XDG_DATA_HOME"] = old
    try:
        assert requests.get(f"{base}/health", timeout=10).json()["status"] == "ok"
    finally:
        stop_server(process)
    assert (tmp_path / "data" / "station-central" / "central.db").exists()


def test_a_bad_database_url_is_a_plain_error(tmp_path: Path) -> None:
    result = cli_process("status", url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.returncode == 1 and "OperationalError" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrations_match_the_server_models_exactly(db_url: str) -> None:
    engine = db.make_engine(db_url)
    try:
        db.migrate(engine)
        assert db.current_revision(engine) == db.head_revision()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        assert set(inspect(engine).get_table_names()) == set(metadata.tables) | {
            "alembic_version"}
        server_id = db.server_id(engine)
        db.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        db.migrate(engine)
        assert db.server_id(engine) != server_id  # a new database is a new server
    finally:
        engine.dispose()


def test_server_tables_stay_out_of_the_station_metadata() -> None:
    # The station's migrations are compared with SQLModel.metadata exactly.
    assert not set(metadata.tables) & {"sync_record", "change_log", "device", "idempotency",
                                       "conflict_log", "enrollment_code", "server_meta",
                                       "change_counter", "branch"} & set(SQLModel.metadata.tables)
    for name, table in metadata.tables.items():
        assert SQLModel.metadata.tables.get(name) is not table


@pytest.mark.parametrize("typed", ["ABCD-EFGH-JKMN", "abcd efgh jkmn", "ABCDEFGHJKMN"])
def test_codes_are_read_loosely(typed: str) -> None:
    from station_app.central.auth import normalize_code

    assert normalize_code(typed) == "ABCDEFGHJKMN"
    assert normalize_code(typed.upper().replace("A", "0")) is None  # 0 is not in the alphabet
    assert normalize_code(typed[:-1]) is None

"""Fixtures for the central server: a REAL server process per backend.

``central`` starts ``station-central serve`` (``python -m station_app.central.cli``) on a free
loopback port against a fresh database and waits for ``/api/v1/health``.  It is parametrised
by backend: SQLite always (a new file); PostgreSQL when ``STATION_CENTRAL_TEST_PG_URL`` is set
(e.g. ``postgresql+psycopg:///central_test?host=/var/run/postgresql``; every module's server
gets its own schema there, dropped afterwards), otherwise those cases skip.

One server serves a whole test module (starting one costs about a second); tests keep out of
each other's way by making their own stations (``central.new_station()``), written straight
into the same database with the admin functions the command line uses.
"""

from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest
from central_helpers import PG_ENV, Central, pg_schema_url, start_server, stop_server
from sqlalchemy import create_engine, text

from station_app.central import db


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("central") / "central.db"
        yield f"sqlite:///{path}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV} to run the PostgreSQL cases")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(db.normalize_url(base), isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield pg_schema_url(base, schema)
    finally:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


@pytest.fixture(scope="module")
def central(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    engine = db.make_engine(db_url)
    db.migrate(engine)  # before the server starts: one migration, not two racing ones
    log = tmp_path_factory.mktemp("central-log") / "server.log"
    process, base = start_server(db_url, log)
    server = Central(base, db_url, engine, process)
    try:
        yield server
    finally:
        server.http.close()
        stop_server(process)
        engine.dispose()



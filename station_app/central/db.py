"""The central server's database: engine, transactions, migrations, change sequence.

SQLite (the default: a file in the user data dir, so ``station-central serve`` works with no
configuration) or PostgreSQL (``postgresql+psycopg://…``).  The URL comes from ``--db-url``
or the environment variable ``STATION_CENTRAL_DB_URL``.

Write transactions (:func:`write_tx`) start with ``BEGIN IMMEDIATE`` on SQLite, so a check
and the write that depends on it cannot interleave with another writer; on PostgreSQL the
record row is read ``FOR UPDATE`` and the change counter row serialises appends to the
change log (:func:`take_seqs`).
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, select, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError

from station_app.central.models import ChangeCounter, ServerMeta

DB_URL_ENV = "STATION_CENTRAL_DB_URL"
APP_NAME = "station-central"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_counter = ChangeCounter.__table__  # type: ignore[attr-defined]
_meta = ServerMeta.__table__  # type: ignore[attr-defined]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def default_db_url() -> str:
    env = os.environ.get(DB_URL_ENV)
    if env:
        return env
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "central.db"
    return f"sqlite:///{path}"


def normalize_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (psycopg2 is not a dependency)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def safe_url(url: str) -> str:
    """The URL for messages and logs: never the password."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # Transactions are begun by the "begin" listener (the driver's own BEGIN is deferred and
    # would take the write lock only at the first write).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("central_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:":
            raise ValueError("the central server needs a SQLite file, not an in-memory database")
        file = Path(database).expanduser()
        file.parent.mkdir(parents=True, exist_ok=True)
        if not file.exists():  # the stations' data: readable by the server's account only
            file.touch(mode=0o600)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """One write transaction: commits on success, rolls back on any error."""
    with engine.connect() as conn:
        conn.execution_options(central_write=True)
        with conn.begin():
            yield conn


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        with conn.begin():
            yield conn


RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "23505"})


def is_retryable(exc: BaseException) -> bool:
    """A race another attempt will resolve: a unique violation, serialisation or deadlock."""
    if isinstance(exc, IntegrityError):
        return True
    if isinstance(exc, DBAPIError):
        return getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES
    return False


def take_seqs(conn: Connection, count: int) -> int:
    """Reserve ``count`` change-log sequence numbers; returns the first.

    The counter row stays locked until the transaction ends (PostgreSQL row lock; SQLite's
    write lock), so appends commit in ``seq`` order.  Call it as late as possible in a
    transaction: it is the point where writers queue.
    """
    last = conn.execute(update(_counter).where(_counter.c.id == 1)
                        .values(last_seq=_counter.c.last_seq + count)
                        .returning(_counter.c.last_seq)).scalar_one()
    return int(last) - count + 1


# --------------------------------------------------------------------------- migrations

def alembic_config(engine: Engine | None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config(None)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to head (a no-op when it is there)."""
    if current_revision(engine) != head_revision():
        command.upgrade(alembic_config(engine), "head")


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def server_id(engine: Engine) -> str:
    with engine.connect() as conn:
        value = conn.execute(select(_meta.c.value).where(_meta.c.key == "server_id")).scalar()
    if value is None:
        raise RuntimeError("the central database has no server_id; run `station-central migrate`")
    return str(value)


def new_server_id() -> str:
    return str(uuid.uuid4())

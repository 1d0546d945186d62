"""Alembic migrations run from code (no alembic.ini needed at run time).

Alembic itself is imported only when a migration runs: an app start on an up-to-date database
reads ``alembic_version`` with one query and compares it with the newest file in
``migrations/versions`` (revision ids are the file names' numbers, ``0001``, ``0002`` …; a test
checks that this equals Alembic's own head).  That keeps ~0.6 s of imports off every start.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """The newest revision id, from the migration files' names (no Alembic import)."""
    ids = [m.group(1) for p in (MIGRATIONS_DIR / "versions").iterdir()
           if (m := _REVISION_FILE.match(p.name))]
    if not ids:
        raise RuntimeError(f"no migrations in {MIGRATIONS_DIR / 'versions'}")
    return max(ids)


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]


def alembic_head_revision() -> str:
    """The head as Alembic computes it from the revision graph (tests compare the two)."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def is_known_revision(revision: str) -> bool:
    """Whether ``revision`` is one of this app's migrations (older or current)."""
    try:
        return _scripts().get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def current_revision(engine: Engine) -> str | None:
    """The database's revision (None for an empty database)."""
    with engine.connect() as conn:
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except OperationalError as exc:
            if "no such table" in str(exc.orig):
                return None
            raise
    return row[0] if row else None


def pending(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def has_schema(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)

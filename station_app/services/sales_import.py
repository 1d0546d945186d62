"""Importing a platform order export: preview, then confirm (订单导入：预览 → 确认).

``preview_import`` reads the whole file once, parses every row and keeps the valid ones in a
*staging* file (a scratch SQLite file beside the database, not in it); in memory it keeps
only counts and the first errors, so its memory does not grow with the file, and it takes no
lock on the database.  ``commit_import`` (refusing if the file changed since the preview)
copies the staged rows in ONE transaction: cancelling, a crash or any error leaves no trace,
and SQLite's write lock is held only for that copy, not while a file is read.
``INSERT OR IGNORE`` against the unique (shop, order number) constraint makes importing the
same file again add nothing.

The orders of one import reach the outbox as one ``insert_batch`` entry for their
:class:`ImportBatch` (the sync sends the batch's rows), not a million single entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
import time
import uuid
import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from sqlmodel import Session

from station_app import paths
from station_app.domain.messages import Message
from station_app.domain.order_import import (
    HeaderMatch,
    Mapping,
    RowError,
    best_mapping,
    flat_parser,
    load_mapping,
    match_headers,
)
from station_app.domain.roles import Permission
from station_app.services import writes
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound, ServiceError
from station_app.services.order_files import open_table
from station_app.store.db import Database
from station_app.store.models import ImportBatch, OutboxEntry, Shop, new_id

log = logging.getLogger(__name__)

MAX_ERRORS_KEPT = 200
CHUNK = 5000  # rows per INSERT … SELECT copy from the staging file (a cancel is checked between)
SAMPLE_ROWS = 2000  # rows read for the mapping dialog (samples, distinct status wordings)
Progress = Callable[[int, int], None]  # (bytes or rows done, total)


class ImportCancelled(Exception):
    """The clerk cancelled; nothing was written."""


class ImportRefused(ServiceError):
    pass


class LayoutUnknown(ImportRefused):
    """No shipped or saved mapping fits the file (code ``import.layout_unknown``); ``headers``
    are the file's header cells as text, for mapping the columns by hand."""

    def __init__(self, message: Message, headers: list[str]) -> None:
        super().__init__(message)
        self.headers = headers


def _mapping_dirs() -> list[Path]:
    return [paths.resources_dir() / "mappings", paths.data_dir() / "mappings"]


def _shipped_ids() -> set[str]:
    folder = paths.resources_dir() / "mappings"
    ids = set()
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        ids.add(str(json.loads(file.read_text(encoding="utf-8")).get("id", "")))
    return ids


def load_mappings() -> list[Mapping]:
    """Shipped mappings plus the ones saved from the mapping dialog (user data dir).

    A damaged user file is skipped (and logged) rather than breaking every import."""
    found: dict[str, Mapping] = {}
    shipped, user = _mapping_dirs()
    for folder in (shipped, user):
        for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                mapping = load_mapping(json.loads(file.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError) as exc:  # MappingError, JSON
                if folder == shipped:
                    raise
                log.warning("skipping the damaged mapping %s: %s", file.name, exc)
                continue
            found[mapping.id] = mapping  # a user's mapping may replace a shipped one
    return list(found.values())


def new_mapping_id() -> str:
    """A fresh id for a mapping made in the mapping dialog; never one of the shipped ids."""
    return f"user_{uuid.uuid4().hex[:12]}"


def save_mapping(mapping: Mapping, *, replace_shipped: bool = False) -> Path:
    """Save a mapping to the user data dir, where :func:`load_mappings` finds it.

    An id of a shipped mapping (pinduoduo, taobao, …) is refused unless ``replace_shipped``:
    a hand-made mapping must not silently replace a platform's layout."""
    if not replace_shipped and mapping.id in _shipped_ids():
        raise ImportRefused(Message(
            "import.mapping_id_shipped",
            f"对应关系的编号“{mapping.id}”和软件自带的平台格式重复了，不能覆盖自带的格式。",
            f"The mapping id '{mapping.id}' belongs to a built-in layout and cannot replace it."))
    folder = paths.data_dir() / "mappings"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{mapping.id}.json"
    text = json.dumps(mapping.to_dict(), ensure_ascii=False, indent=2)
    partial = target.with_name(target.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)  # never a half-written file that would break the next import
    return target


def _header_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


class TableSample(NamedTuple):
    headers: list[str]  # header cells as text ("" for an empty header cell)
    rows: list[list[Any]]  # the first non-blank data rows, values as read


def read_headers(path: Path | str, *, max_rows: int = SAMPLE_ROWS,
                 should_cancel: Callable[[], bool] | None = None) -> TableSample:
    """The file's headers and its first ``max_rows`` non-blank data rows, for mapping an
    unrecognised layout by hand (``headers, rows = read_headers(path)``).  Raises
    ``FileProblem`` like the import, ``ImportCancelled`` when ``should_cancel`` says so."""
    rows: list[list[Any]] = []
    with open_table(path) as table:
        headers = [_header_text(h) for h in table.headers]
        for number, values in table.rows():
            if number % 500 == 0 and should_cancel and should_cancel():
                raise ImportCancelled()
            if not any(_header_text(v) for v in values):
                continue
            rows.append(list(values))
            if len(rows) >= max_rows:
                break
    return TableSample(headers, rows)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class ImportPreview:
    shop_id: str
    path: Path
    sha256: str
    mapping: Mapping
    encoding: str | None
    rows_total: int = 0
    rows_valid: int = 0
    rows_error: int = 0
    duplicates_in_file: int = 0
    duplicates_existing: int = 0
    amount_total: Decimal = Decimal(0)
    by_status: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    first_order: datetime | None = None
    last_order: datetime | None = None
    _staging: _Staging | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def importable(self) -> int:
        return self.rows_valid - self.duplicates_in_file - self.duplicates_existing

    def discard(self) -> None:
        """Delete the parsed rows kept for :func:`commit_import` now rather than when this
        preview is garbage-collected (a commit without them reads the file again)."""
        if self._staging is not None:
            self._staging.discard()
            self._staging = None


def _shop(ctx: ServiceContext, shop_id: str) -> Shop:
    with Session(ctx.db.engine) as session:
        shop = session.get(Shop, shop_id)
    if shop is None or shop.deleted:
        raise NotFound(Message("shop.not_found", "找不到这个网店。", "Shop not found."))
    return shop


def _match(path: Path, headers: list, mapping: Mapping | None) -> HeaderMatch:
    if mapping is not None:
        match = match_headers(mapping, headers)
        if not match.complete:
            raise ImportRefused(match.missing_messages()[0])
        return match
    mappings = load_mappings()
    match = best_mapping(mappings, headers)
    if match is None:
        nearest = max((match_headers(m, headers) for m in mappings), key=lambda m: len(m.positions))
        first = nearest.missing_messages()[0] if nearest.missing else None
        raise LayoutUnknown(Message(
            "import.layout_unknown",
            "认不出这是哪个平台的订单表格（表头对不上）。请在“对应列”里为每一项选择表格中的列，保存后下次就能自动识别。"
            + (f"（例如：{first}）" if first else ""),
            "The table's layout is not recognised; map the columns yourself (saved for next time).",
        ), [_header_text(h) for h in headers])
    return match


def shop_platform(ctx: ServiceContext, shop_id: str) -> str:
    """The platform of a shop (``pinduoduo``, …): the default for a hand-made mapping."""
    ctx.require(Permission.SALES_WRITE)
    return _shop(ctx, shop_id).platform


def buyer_pseudonym(ctx: ServiceContext) -> Callable[[str], str]:
    """Keyed with the station's key: the same buyer matches across imports, and nobody
    without the key can turn the pseudonym back into a name."""
    cipher = ctx.db.cipher
    return lambda text: cipher.blind_index(text, kind="buyer")[:20]


# --------------------------------------------------------------------------- staging
# The preview parses the file once into a scratch SQLite file beside the database (the
# *staging*); the commit copies the staged rows into ``sales_order`` with INSERT … SELECT.
# So reading and parsing, the slow part, never hold the database's write lock; memory stays
# flat (rows go to disk, not into Python lists or sets); duplicates inside the file are found
# by the staging table's UNIQUE order number; and a commit right after its preview does not
# read the file again.

STAGING_SUFFIX = ".import-staging"
STAGING_MAX_AGE = 24 * 3600  # seconds; older scratch files (a crash left them) are swept
PROGRESS_EVERY = 2000  # rows between progress reports and cancel checks while reading
_STAGING_DDL = """CREATE TABLE staged (
    seq INTEGER PRIMARY KEY,  -- the row number in the file
    order_no TEXT NOT NULL UNIQUE, ordered_at TEXT NOT NULL, product TEXT NOT NULL,
    quantity INTEGER NOT NULL, amount_fen INTEGER NOT NULL, status TEXT NOT NULL,
    buyer_key TEXT, shipped_at TEXT, signed_at TEXT, after_sale TEXT NOT NULL,
    refund_fen INTEGER NOT NULL)"""  # the columns of a FlatOrder, in its order
_STAGE_ROW = "INSERT OR IGNORE INTO staged VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# Ids are the import's random UUID prefix + the row number (see commit_import).
_COPY_STAGED = """INSERT OR IGNORE INTO main.sales_order (
    id, station_id, created_hlc, updated_hlc, field_clock, version, deleted, shop_id, order_no,
    ordered_at, product, quantity, amount_fen, status, buyer_key, shipped_at, signed_at,
    settled_at, after_sale, after_sale_requested_at, after_sale_responded_at, refund_fen,
    import_batch_id)
SELECT ? || printf('%012x', seq), ?, ?, ?, '{}', 1, 0, ?, order_no,
    ordered_at, product, quantity, amount_fen, status, buyer_key, shipped_at, signed_at,
    NULL, after_sale, NULL, NULL, refund_fen,
    ?
FROM import_staging.staged WHERE seq > ? AND seq <= ? ORDER BY seq"""


def _remove_file(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


class _Staging:
    """A staging file and what parsing found.  The file goes with this object (``discard()``,
    garbage collection or the end of the process), so an abandoned preview leaves nothing."""

    def __init__(self, path: Path, database_id: str) -> None:
        self.path = path
        self.database_id = database_id  # buyer pseudonyms are keyed with that database's key
        self.match: HeaderMatch | None = None
        self.encoding: str | None = None
        self.rows_valid = self.rows_error = self.staged = self.last_row = 0
        self.errors: list[RowError] = []
        self._finalizer = weakref.finalize(self, _remove_file, path)

    def usable(self, db: Database) -> bool:
        return (self._finalizer.alive and self.database_id == db.database_id
                and self.path.is_file())

    def discard(self) -> None:
        self._finalizer()


def _staging_dir(db: Database) -> Path:
    folder = db.path.parent / "import-staging"
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.glob(f"*{STAGING_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > STAGING_MAX_AGE:
                old.unlink()
    return folder


def _stage(ctx: ServiceContext, path: Path, mapping: Mapping | None,
           progress: Progress | None, should_cancel: Callable[[], bool] | None,
           total: int = 0) -> _Staging:
    """Parse ``path`` into a new staging file.  Holds no lock on the database."""
    staging = _Staging(_staging_dir(ctx.db) / f"{uuid.uuid4().hex}{STAGING_SUFFIX}",
                       ctx.db.database_id)
    try:
        _fill(ctx, staging, path, mapping, progress, should_cancel, total)
    except BaseException:
        staging.discard()
        raise
    return staging


def _fill(ctx: ServiceContext, staging: _Staging, path: Path, mapping: Mapping | None,
          progress: Progress | None, should_cancel: Callable[[], bool] | None,
          total: int) -> None:
    connection = sqlite3.connect(staging.path, isolation_level=None)
    try:
        # Scratch data: no journal, no fsync (a crash only loses the preview).
        connection.execute("PRAGMA main.journal_mode = OFF")
        connection.execute("PRAGMA main.synchronous = OFF")
        connection.execute(_STAGING_DDL)
        with open_table(path) as table:
            match = _match(path, table.headers, mapping)
            staging.match, staging.encoding = match, table.encoding
            parse = flat_parser(match, buyer_pseudonym(ctx))
            errors = staging.errors

            def rows() -> Iterator[tuple]:
                for number, values in table.rows():
                    if number % PROGRESS_EVERY == 0:
                        if should_cancel and should_cancel():
                            raise ImportCancelled()
                        if progress:
                            progress(number, total)  # total 0: not known yet (a busy bar)
                    flat, row_errors = parse(number, values)
                    if flat is None:
                        if row_errors:  # else a blank line
                            staging.rows_error += 1
                            if len(errors) < MAX_ERRORS_KEPT:
                                errors.extend(row_errors[: MAX_ERRORS_KEPT - len(errors)])
                        continue
                    staging.rows_valid += 1
                    yield (number, *flat)

            connection.execute("BEGIN")
            connection.executemany(_STAGE_ROW, rows())  # the first of each order number wins
            connection.execute("COMMIT")
        staging.staged = connection.total_changes
        staging.last_row = connection.execute(
            "SELECT coalesce(max(seq), 0) FROM staged").fetchall()[0][0]
    finally:
        connection.close()


def _summarise(ctx: ServiceContext, preview: ImportPreview, staging: _Staging) -> None:
    """Totals of the staged rows, and how many of them the shop already has."""
    connection = sqlite3.connect(staging.path, isolation_level=None)
    try:
        total_fen = 0
        for status, count, fen, first, last in connection.execute(
                "SELECT status, count(*), sum(amount_fen), min(ordered_at), max(ordered_at) "
                "FROM staged GROUP BY status").fetchall():
            preview.by_status[status] = count
            total_fen += fen
            first, last = datetime.fromisoformat(first), datetime.fromisoformat(last)
            preview.first_order = min(preview.first_order or first, first)
            preview.last_order = max(preview.last_order or last, last)
        preview.amount_total = Decimal(total_fen).scaleb(-2)  # exact: integer fen
        if not staging.staged:
            return
        # A reader of the live database (WAL): it neither waits for nor blocks the app.
        connection.execute("ATTACH DATABASE ? AS live", (str(ctx.db.path),))
        try:
            if connection.execute("SELECT 1 FROM live.sales_order WHERE shop_id = ? LIMIT 1",
                                  (preview.shop_id,)).fetchall():
                preview.duplicates_existing = connection.execute(
                    "SELECT count(*) FROM staged AS s WHERE EXISTS (SELECT 1 FROM "
                    "live.sales_order AS o WHERE o.shop_id = ? AND o.order_no = s.order_no)",
                    (preview.shop_id,)).fetchall()[0][0]
        finally:
            connection.execute("DETACH DATABASE live")
    finally:
        connection.close()


def preview_import(
    ctx: ServiceContext, shop_id: str, path: Path | str, *, mapping: Mapping | None = None,
    progress: Progress | None = None, should_cancel: Callable[[], bool] | None = None,
) -> ImportPreview:
    """Read the file and say what an import would do; writes nothing to the database (the
    parsed rows wait in a staging file for :func:`commit_import`)."""
    ctx.require(Permission.SALES_WRITE)
    _shop(ctx, shop_id)
    path = Path(path)
    sha256 = file_sha256(path)  # before reading: a later change is refused by the commit
    staging = _stage(ctx, path, mapping, progress, should_cancel)
    assert staging.match is not None
    preview = ImportPreview(
        shop_id, path, sha256, staging.match.mapping, staging.encoding,
        rows_total=staging.rows_valid + staging.rows_error, rows_valid=staging.rows_valid,
        rows_error=staging.rows_error, duplicates_in_file=staging.rows_valid - staging.staged,
        errors=staging.errors)
    try:
        _summarise(ctx, preview, staging)
    except BaseException:
        staging.discard()
        raise
    preview._staging = staging
    return preview


@dataclass(frozen=True)
class ImportResult:
    batch_id: str
    imported: int
    duplicates: int
    errors: int


@contextlib.contextmanager
def _write_session(db: Database, staging: Path) -> Iterator[Session]:
    """``db.session()`` (BEGIN IMMEDIATE … COMMIT, rolled back on any error) on a connection
    that sees the staging file as ``import_staging``.  SQLite refuses ATTACH and DETACH inside
    a transaction, so the file is attached before BEGIN and detached after the end."""
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ATTACH DATABASE ? AS import_staging", (str(staging),))
        connection.commit()
        try:
            with db.session(bind=connection) as session:
                yield session
        finally:
            try:
                connection.exec_driver_sql("DETACH DATABASE import_staging")
                connection.commit()
            except Exception:  # never give the pool a connection with the file attached
                log.exception("could not detach the import staging file")
                connection.invalidate()


def commit_import(
    ctx: ServiceContext, preview: ImportPreview, *, skip_invalid: bool = False,
    progress: Progress | None = None, should_cancel: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import the previewed rows in one transaction; re-importing adds nothing.

    The rows come from the preview's staging file (parsed again from the file, without any
    lock, if that is gone).  SQLite's write lock is held only while the staged rows are
    copied and the batch, outbox and audit rows written; cancelling rolls all of it back."""
    actor = ctx.require(Permission.SALES_WRITE)
    shop = _shop(ctx, preview.shop_id)
    if preview.rows_error and not skip_invalid:
        raise ImportRefused(Message(
            "import.has_errors",
            f"有 {preview.rows_error} 行有错误。请先改正后重新导入，或选择“跳过有错误的行”。",
            f"{preview.rows_error} rows have errors; fix them or choose to skip them."))
    if file_sha256(preview.path) != preview.sha256:
        raise ImportRefused(Message(
            "import.file_changed", "预览之后文件被改动过了，请重新预览。",
            "The file changed after the preview; preview it again."))
    staging = preview._staging
    if staging is None or not staging.usable(ctx.db):
        staging = preview._staging = _stage(ctx, preview.path, preview.mapping, progress,
                                            should_cancel, preview.rows_total)
    batch_id = new_id()
    stamp = ctx.db.hlc()
    # One random UUID per import; each row's id is its first 24 characters + the row number
    # in 12 hex digits: still unique everywhere, and inserted in order into the id index.
    id_prefix = new_id()[:24]
    inserted = 0
    last = staging.last_row
    with _write_session(ctx.db, staging.path) as session:
        connection = session.connection()
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # the batch row comes last
        for start in range(0, last, CHUNK):
            if should_cancel and should_cancel():
                raise ImportCancelled()
            inserted += connection.exec_driver_sql(_COPY_STAGED, (
                id_prefix, shop.station_id, stamp, stamp, shop.id, batch_id, start,
                start + CHUNK)).rowcount
            if progress:
                progress(min(start + CHUNK, last), last)
        duplicates = staging.rows_valid - inserted
        errors = staging.rows_error
        if inserted == 0:
            # Nothing new (a re-import): leave no empty batch behind, only the audit line.
            writes.audit(session, ctx.db, actor, "import_nothing_new", "shop", shop.id,
                         {"file": preview.path.name[:100], "duplicates": duplicates,
                          "errors": errors})
            result = ImportResult("", 0, duplicates, errors)
        else:
            batch = ImportBatch(
                id=batch_id, station_id=shop.station_id, shop_id=shop.id,
                file_name=preview.path.name[:255], file_sha256=preview.sha256,
                mapping_id=preview.mapping.id, rows_total=inserted + duplicates + errors,
                rows_imported=inserted, rows_duplicate=duplicates, rows_error=errors,
                imported_by=actor.user_id, imported_at=writes.utcnow(), created_hlc="",
                updated_hlc="")
            writes.insert(session, ctx.db, actor, batch)
            session.add(OutboxEntry(
                station_id=shop.station_id, entity="sales_order", entity_id=batch_id,
                op="insert_batch", base_version=0, version=1, hlc=stamp,
                payload=json.dumps({"import_batch_id": batch_id, "rows": inserted}),
                created_at=writes.utcnow()))
            result = ImportResult(batch_id, inserted, duplicates, errors)
    preview.discard()  # imported: a second commit of this preview reads the file again
    return result

"""Importing a platform order export: preview, then confirm (订单导入：预览 → 确认).

``preview_import`` reads the whole file once and keeps only counts, totals and the first
errors, so its memory does not grow with the file.  ``commit_import`` reads it again (refusing
if the file changed since the preview) and inserts every valid row in ONE transaction:
cancelling, a crash or any error leaves no trace.  ``INSERT OR IGNORE`` against the unique
(shop, order number) constraint makes importing the same file again add nothing.

The orders of one import reach the outbox as one ``insert_batch`` entry for their
:class:`ImportBatch` (the sync sends the batch's rows), not a million single entries.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import insert as sa_insert
from sqlmodel import Session, select

from station_app import paths
from station_app.domain.messages import Message
from station_app.domain.order_import import (
    HeaderMatch,
    Mapping,
    RowError,
    best_mapping,
    load_mapping,
    match_headers,
    parse_row,
)
from station_app.domain.roles import Permission
from station_app.domain.sales import OrderRecord
from station_app.services import writes
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound, ServiceError
from station_app.services.order_files import open_table
from station_app.store.models import ImportBatch, OutboxEntry, SalesOrder, Shop, new_id

MAX_ERRORS_KEPT = 200
CHUNK = 5000
Progress = Callable[[int, int], None]  # (bytes or rows done, total)


class ImportCancelled(Exception):
    """The clerk cancelled; nothing was written."""


class ImportRefused(ServiceError):
    pass


def _mapping_dirs() -> list[Path]:
    return [paths.resources_dir() / "mappings", paths.data_dir() / "mappings"]


def load_mappings() -> list[Mapping]:
    """Shipped mappings plus the ones saved from the mapping dialog (user data dir)."""
    found: dict[str, Mapping] = {}
    for folder in _mapping_dirs():
        for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            mapping = load_mapping(json.loads(file.read_text(encoding="utf-8")))
            found[mapping.id] = mapping  # a user's mapping may replace a shipped one
    return list(found.values())


def save_mapping(mapping: Mapping) -> Path:
    folder = paths.data_dir() / "mappings"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{mapping.id}.json"
    target.write_text(json.dumps(mapping.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return target


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

    @property
    def importable(self) -> int:
        return self.rows_valid - self.duplicates_in_file - self.duplicates_existing


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
        raise ImportRefused(Message(
            "import.layout_unknown",
            "认不出这是哪个平台的订单表格（表头对不上）。请在“对应列”里为每一项选择表格中的列，保存后下次就能自动识别。"
            + (f"（例如：{first}）" if first else ""),
            "The table's layout is not recognised; map the columns yourself (saved for next time).",
        ))
    return match


def buyer_pseudonym(ctx: ServiceContext) -> Callable[[str], str]:
    """Keyed with the station's key: the same buyer matches across imports, and nobody
    without the key can turn the pseudonym back into a name."""
    cipher = ctx.db.cipher
    return lambda text: cipher.blind_index(text, kind="buyer")[:20]


def _records(ctx: ServiceContext, path: Path, mapping: Mapping | None,
             progress: Progress | None, should_cancel: Callable[[], bool] | None,
             total: int = 0) -> Iterator[tuple[HeaderMatch, int, OrderRecord | None, list[RowError], str | None]]:
    pseudonym = buyer_pseudonym(ctx)
    with open_table(path) as table:
        match = _match(path, table.headers, mapping)
        for number, values in table.rows():
            if number % 2000 == 0:
                if should_cancel and should_cancel():
                    raise ImportCancelled()
                if progress:
                    progress(number, total)  # total 0: not known yet (a busy bar)
            parsed = parse_row(match, number, values, pseudonym)
            yield match, number, parsed.record, parsed.errors, table.encoding


def _existing(session: Session, shop_id: str, order_nos: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(order_nos), 900):  # SQLite's bound-parameter limit
        chunk = order_nos[start:start + 900]
        rows = session.exec(select(SalesOrder.order_no).where(
            SalesOrder.shop_id == shop_id, SalesOrder.order_no.in_(chunk)))  # type: ignore[attr-defined]
        found.update(rows)
    return found


def preview_import(
    ctx: ServiceContext, shop_id: str, path: Path | str, *, mapping: Mapping | None = None,
    progress: Progress | None = None, should_cancel: Callable[[], bool] | None = None,
) -> ImportPreview:
    """Read the file and say what an import would do; writes nothing."""
    ctx.require(Permission.SALES_WRITE)
    _shop(ctx, shop_id)
    path = Path(path)
    preview: ImportPreview | None = None
    seen: set[str] = set()
    pending: list[str] = []
    with Session(ctx.db.engine) as session:
        for match, _number, record, errors, encoding in _records(
                ctx, path, mapping, progress, should_cancel):
            if preview is None:
                preview = ImportPreview(shop_id, path, file_sha256(path), match.mapping, encoding)
            if record is None and not errors:
                continue  # blank line
            preview.rows_total += 1
            if errors:
                preview.rows_error += 1
                if len(preview.errors) < MAX_ERRORS_KEPT:
                    preview.errors.extend(errors[: MAX_ERRORS_KEPT - len(preview.errors)])
                continue
            assert record is not None
            preview.rows_valid += 1
            if record.order_id in seen:
                preview.duplicates_in_file += 1
                continue
            seen.add(record.order_id)
            pending.append(record.order_id)
            preview.amount_total += record.amount
            preview.by_status[record.status.value] += 1
            moment = record.ordered_at
            preview.first_order = min(preview.first_order or moment, moment)
            preview.last_order = max(preview.last_order or moment, moment)
            if len(pending) >= CHUNK:
                preview.duplicates_existing += len(_existing(session, shop_id, pending))
                pending = []
        if preview is not None and pending:
            preview.duplicates_existing += len(_existing(session, shop_id, pending))
    if preview is None:  # header only
        with open_table(path) as table:
            match = _match(path, table.headers, mapping)
        preview = ImportPreview(shop_id, path, file_sha256(path), match.mapping, table.encoding)
    return preview


@dataclass(frozen=True)
class ImportResult:
    batch_id: str
    imported: int
    duplicates: int
    errors: int


def _order_row(record: OrderRecord, shop: Shop, batch_id: str, stamp: str) -> dict:
    fen = int(record.amount * 100)
    return dict(
        id=new_id(), station_id=shop.station_id, created_hlc=stamp, updated_hlc=stamp,
        field_clock="{}", version=1, deleted=False, shop_id=shop.id, order_no=record.order_id,
        ordered_at=record.ordered_at, product=record.product, quantity=record.quantity,
        amount_fen=fen, status=record.status.value, buyer_key=record.buyer_key,
        shipped_at=record.shipped_at, signed_at=record.signed_at, settled_at=record.settled_at,
        after_sale=record.after_sale.value,
        after_sale_requested_at=record.after_sale_requested_at,
        after_sale_responded_at=record.after_sale_responded_at,
        refund_fen=int(record.refund_amount * 100), import_batch_id=batch_id,
    )


def commit_import(
    ctx: ServiceContext, preview: ImportPreview, *, skip_invalid: bool = False,
    progress: Progress | None = None, should_cancel: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import the previewed file in one transaction; re-importing adds nothing."""
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
    batch_id = new_id()
    stamp = ctx.db.hlc()
    inserted = duplicates = errors = 0
    table = SalesOrder.__table__  # type: ignore[attr-defined]
    statement = sa_insert(table).prefix_with("OR IGNORE")
    with ctx.db.session() as session:
        connection = session.connection()
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # the batch row comes last
        rows: list[dict] = []

        def flush() -> None:
            nonlocal inserted, duplicates
            if rows:
                result = connection.execute(statement, rows)
                inserted += result.rowcount
                duplicates += len(rows) - result.rowcount
                rows.clear()

        for _match_, _number, record, row_errors, _enc in _records(
                ctx, preview.path, preview.mapping, progress, should_cancel, preview.rows_total):
            if row_errors:
                errors += 1
                continue
            if record is None:
                continue
            rows.append(_order_row(record, shop, batch_id, stamp))
            if len(rows) >= CHUNK:
                flush()
        flush()
        if inserted == 0:
            # Nothing new (a re-import): leave no empty batch behind, only the audit line.
            writes.audit(session, ctx.db, actor, "import_nothing_new", "shop", shop.id,
                         {"file": preview.path.name[:100], "duplicates": duplicates,
                          "errors": errors})
            return ImportResult("", 0, duplicates, errors)
        batch = ImportBatch(
            id=batch_id, station_id=shop.station_id, shop_id=shop.id,
            file_name=preview.path.name[:255], file_sha256=preview.sha256,
            mapping_id=preview.mapping.id, rows_total=inserted + duplicates + errors,
            rows_imported=inserted, rows_duplicate=duplicates, rows_error=errors,
            imported_by=actor.user_id, imported_at=writes.utcnow(), created_hlc="", updated_hlc="")
        writes.insert(session, ctx.db, actor, batch)
        session.add(OutboxEntry(
            station_id=shop.station_id, entity="sales_order", entity_id=batch_id,
            op="insert_batch", base_version=0, version=1, hlc=stamp,
            payload=json.dumps({"import_batch_id": batch_id, "rows": inserted}),
            created_at=writes.utcnow()))
    return ImportResult(batch_id, inserted, duplicates, errors)

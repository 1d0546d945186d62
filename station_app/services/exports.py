"""Exports (issue 8): any list to CSV or XLSX, and a farmer's own data (PIPL 个人信息副本).

Lists
    :func:`export_table` writes headers and rows to ``.csv`` (UTF-8 with BOM, so Excel on a
    Chinese Windows opens it right) or ``.xlsx`` (openpyxl's write-only workbook, which
    streams rows to disk: constant memory).  Text cells that a spreadsheet would run as a
    formula (starting with ``= + - @``, tab or carriage return) get a leading ``'``.  Money is
    exact: ``Decimal`` becomes the text ``12345.67`` in CSV and a number cell with format
    ``0.00`` written from the decimal's own digits in XLSX.  The file is written beside the
    target as ``<name>.part`` and renamed when complete, so a failed export leaves nothing
    half-written.

    Sensitive columns (resident ID, mobile, bank card) are masked unless ``reveal=True``,
    which needs ``FARMER_REVEAL_SENSITIVE`` and writes one ``reveal`` audit entry per farmer
    (the shape of :func:`farmers.reveal`: ``field``, ``purpose``), before the rows carrying
    the full numbers are written.  Every export writes one ``export`` audit entry: the list
    kind, format, row count, columns and whether sensitive values were revealed.

    :func:`export_farmers` pages through :class:`FarmerSearch` (keyset cursor, 1,000 rows at a
    time, on its own read connection), so 100,000 farmers never sit in memory at once;
    :func:`export_loans` and :func:`export_policies` export the loan and insurance lists.

A farmer's own data
    :func:`farmer_data_export` writes everything held about one farmer as JSON (UTF-8,
    ``schema_version``, Decimals as strings, dates ISO 8601) and a signed PDF
    (:mod:`station_app.documents.farmer_export`, recorded with ``signing.record_issued``).
    Permission: ``FARMER_READ`` (every role: the farmer asks whoever is at the counter).
    Full resident ID, mobile and bank card only for roles with ``FARMER_REVEAL_SENSITIVE``,
    each revealed through :func:`farmers.reveal` (audited); otherwise masked, and both files
    say so.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence

from sqlmodel import Session, col, select

from station_app.documents.farmer_export import (
    KIND as COPY_KIND,
    FarmerExportData,
    Section,
    build_farmer_export,
    farmer_export_content,
)
from station_app.domain import masking
from station_app.domain.loans.schedule import METHOD_LABELS
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.services import (
    farmers,
    insurance_policies,
    loan_applications,
    planting,
    scoring,
    shops,
    signing,
    training,
    writes,
)
from station_app.services.context import ServiceContext
from station_app.services.farmer_search import FarmerSearch, SearchKind
from station_app.store.models import AuditEntry, Consent, Farmer, IssuedDocument, Station

FORMATS = ("csv", "xlsx")
BATCH = 1000  # rows read, audited and written at a time
SCHEMA_VERSION = 1
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int, int], None]  # rows done, rows in all (0: not known)


class ExportRow(NamedTuple):
    """A row whose sensitive values belong to ``farmer_id`` (audited when revealed)."""

    values: Sequence[Any]
    farmer_id: str | None = None


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    fmt: str
    rows: int
    columns: tuple[str, ...]
    revealed: bool
    revealed_farmers: int


def _t(ctx: ServiceContext, code: str, zh: str, en: str) -> str:
    return Message(code, zh, en).text(ctx.language)


# --------------------------------------------------------------------------- cells

def neutralise(text: str) -> str:
    """A text a spreadsheet would take for a formula, made inert with a leading ``'``."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _local(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def _text(value: Any) -> str:
    """A cell as CSV text (money exact; text neutralised)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        value = value.value
    return neutralise(str(value))


def mask_value(value: Any) -> str:
    """A sensitive value masked by its shape (already masked values stay as they are)."""
    text = "" if value is None else str(value)
    if not text or "*" in text:
        return text
    digits = "".join(ch for ch in text if ch not in " -")
    if len(digits) == 18:
        return masking.mask_resident_id(digits)
    if len(digits) == 11 or (digits.startswith(("+86", "0086")) and len(digits) in (14, 15)):
        return masking.mask_mobile(digits)
    return masking.mask_bank_card(digits)


class _CsvWriter:
    def __init__(self, path: Path, headers: Sequence[str]) -> None:
        self._file = open(path, "w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow([_text(h) for h in headers])

    def write(self, rows: list[list[Any]]) -> None:
        self._csv.writerows([_text(v) for v in row] for row in rows)

    def close(self) -> None:
        self._file.close()

    abort = close


class _XlsxWriter:
    def __init__(self, path: Path, headers: Sequence[str], title: str) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title=(title or "export")[:31])
        self._cell, self._illegal = WriteOnlyCell, ILLEGAL_CHARACTERS_RE
        bold = Font(bold=True)
        header = []
        for h in headers:
            cell = WriteOnlyCell(self._sheet, value=self._value(h))
            cell.font = bold
            header.append(cell)
        self._sheet.freeze_panes = "A2"
        self._sheet.append(header)

    def _value(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, float)):
            return value
        if isinstance(value, Decimal):
            cell = self._cell(self._sheet, value=value)
            cell.number_format = "0.00" if value.as_tuple().exponent == -2 else "General"
            return cell
        text = _text(value)
        return self._illegal.sub("", text)

    def write(self, rows: list[list[Any]]) -> None:
        for row in rows:
            self._sheet.append([self._value(v) for v in row])

    def close(self) -> None:
        self._book.save(self._path)

    def abort(self) -> None:
        self._book.close()


def _indexes(headers: Sequence[str], columns: Iterable[int | str]) -> list[int]:
    out = []
    for column in columns:
        index = column if isinstance(column, int) else list(headers).index(column)
        if not 0 <= index < len(headers):
            raise ValueError(f"no column {column!r}")
        out.append(index)
    return sorted(set(out))


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _audit_reveals(ctx: ServiceContext, farmer_ids: list[str], fields: str, purpose: str) -> None:
    actor = ctx.require(Permission.FARMER_REVEAL_SENSITIVE)
    with ctx.db.session() as session:
        for farmer_id in farmer_ids:
            writes.audit(session, ctx.db, actor, "reveal", "farmer", farmer_id,
                         {"field": fields, "purpose": purpose[:100]})


def export_table(ctx: ServiceContext, kind: str, headers: Sequence[str],
                 rows: Iterable[Sequence[Any] | ExportRow], path: str | os.PathLike[str], *,
                 fmt: str = "csv", sensitive_columns: Iterable[int | str] = (),
                 reveal: bool = False, progress: Progress | None = None,
                 total: int = 0) -> ExportResult:
    """Write ``headers`` and ``rows`` to ``path`` as ``fmt`` ("csv" or "xlsx").

    ``sensitive_columns`` (indexes or header texts) are masked unless ``reveal``; revealed
    rows must be :class:`ExportRow` with their farmer's id (each farmer audited once).
    ``progress(done, total)`` is called after every batch (from the calling thread).
    """
    actor = ctx.require(Permission.FARMER_READ)
    if reveal:
        ctx.require(Permission.FARMER_REVEAL_SENSITIVE)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    headers = [str(h) for h in headers]
    sensitive = _indexes(headers, sensitive_columns)
    revealing = reveal and bool(sensitive)
    fields = ",".join(headers[i] for i in sensitive)
    target = Path(path)
    part = target.with_name(target.name + ".part")
    writer: _CsvWriter | _XlsxWriter = (_CsvWriter(part, headers) if fmt == "csv"
                                        else _XlsxWriter(part, headers, kind))
    count = 0
    revealed: set[str] = set()
    try:
        for batch in _batches(rows, BATCH):
            prepared: list[list[Any]] = []
            newly: list[str] = []
            for row in batch:
                values, farmer_id = ((list(row.values), row.farmer_id)
                                     if isinstance(row, ExportRow) else (list(row), None))
                if revealing:
                    if farmer_id is None:
                        raise ValueError("revealed rows need their farmer id (ExportRow)")
                    if farmer_id not in revealed:
                        revealed.add(farmer_id)
                        newly.append(farmer_id)
                else:
                    for i in sensitive:
                        if i < len(values):
                            values[i] = mask_value(values[i])
                prepared.append(values)
            if newly:  # audited before the full numbers reach the file
                _audit_reveals(ctx, newly, fields, f"export:{kind}")
            writer.write(prepared)
            count += len(prepared)
            if progress is not None:
                progress(count, max(total, count))
        writer.close()
        os.replace(part, target)
    except BaseException:
        writer.abort()
        part.unlink(missing_ok=True)
        raise
    with ctx.db.session() as session:
        writes.audit(session, ctx.db, actor, "export", kind, "", {
            "format": fmt, "rows": count, "columns": headers, "file": target.name,
            "sensitive_revealed": revealing, "revealed_farmers": len(revealed)})
    return ExportResult(target, kind, fmt, count, tuple(headers), revealing, len(revealed))


# --------------------------------------------------------------------------- sensitive values

def full_values(ctx: ServiceContext, farmer_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """farmer id → field → the full value (decrypted; the caller audits what it shows)."""
    ctx.require(Permission.FARMER_REVEAL_SENSITIVE)
    ids = list(dict.fromkeys(farmer_ids))
    out: dict[str, dict[str, str]] = {}
    cipher = ctx.db.cipher
    with Session(ctx.db.engine) as session:
        for start in range(0, len(ids), 500):
            for row in session.exec(select(Farmer).where(col(Farmer.id).in_(ids[start:start + 500]))):
                out[row.id] = {
                    name: (cipher.decrypt(token, context=f"farmer.{name}") if token else "")
                    for name in farmers.SENSITIVE_FIELDS
                    for token in [getattr(row, f"{name}_cipher")]}
    return out


def _bank_masked(ctx: ServiceContext, farmer_ids: list[str]) -> dict[str, str]:
    with Session(ctx.db.engine) as session:
        return dict(session.exec(select(Farmer.id, Farmer.bank_card_masked)
                                 .where(col(Farmer.id).in_(farmer_ids))).all())


# --------------------------------------------------------------------------- the lists

def farmer_headers(ctx: ServiceContext) -> list[str]:
    return [_t(ctx, *h) for h in (
        ("export.name", "姓名", "Name"), ("export.gender", "性别", "Gender"),
        ("export.birth", "出生日期", "Birth date"),
        ("export.resident_id", "身份证号", "Resident ID"), ("export.phone", "手机号", "Mobile"),
        ("export.bank_card", "银行卡号", "Bank card"), ("export.township", "乡镇", "Township"),
        ("export.village", "村", "Village"), ("export.coop", "合作社", "Cooperative"),
        ("export.farmer_id", "农户编号", "Farmer ID"))]


FARMER_SENSITIVE = (3, 4, 5)


def export_farmers(ctx: ServiceContext, path: str | os.PathLike[str], fmt: str = "csv", *,
                   reveal: bool = False, query: str | None = None,
                   progress: Progress | None = None) -> ExportResult:
    """The farmer list (all live farmers, or those the search ``query`` finds)."""
    ctx.require(Permission.FARMER_READ)
    if reveal:
        ctx.require(Permission.FARMER_REVEAL_SENSITIVE)
    genders = {"male": _t(ctx, "export.male", "男", "Male"),
               "female": _t(ctx, "export.female", "女", "Female")}
    search = FarmerSearch(ctx.db, ctx)  # its own read connection: the screen's stays free
    try:
        plan = search.plan(query or "")
        total = search.count() if plan.kind is SearchKind.ALL else 0

        def rows() -> Iterator[ExportRow]:
            after = None
            while True:
                page = search.search("", limit=BATCH, after=after, plan=plan)
                if not page:
                    return
                ids = [r.id for r in page]
                full = full_values(ctx, ids) if reveal else {}
                banks = {} if reveal else _bank_masked(ctx, ids)
                for r in page:
                    secret = full.get(r.id)
                    yield ExportRow([
                        r.name, genders.get(r.gender, r.gender), r.birth_date,
                        secret["resident_id"] if secret else r.resident_id_masked,
                        secret["phone"] if secret else r.phone_masked,
                        secret["bank_card"] if secret else banks.get(r.id, ""),
                        r.township, r.village, r.coop_name, r.id], r.id)
                if len(page) < BATCH:
                    return
                after = page[-1].sort_key

        return export_table(ctx, "farmers", farmer_headers(ctx), rows(), path, fmt=fmt,
                            sensitive_columns=FARMER_SENSITIVE, reveal=reveal,
                            progress=progress, total=total)
    finally:
        search.close()


def loan_table(ctx: ServiceContext, views: Sequence[loan_applications.ApplicationView], *,
               reveal: bool = False) -> tuple[list[str], list[ExportRow]]:
    """Headers and rows of the loan list (resident ID is column 3)."""
    headers = [_t(ctx, *h) for h in (
        ("export.app_no", "申请编号", "Application no."), ("export.filed", "提交时间", "Filed"),
        ("export.farmer", "农户", "Farmer"), ("export.resident_id", "身份证号", "Resident ID"),
        ("export.product", "产品", "Product"), ("export.amount", "金额（元）", "Amount (yuan)"),
        ("export.rate", "年利率", "Annual rate"), ("export.term", "期限（月）", "Term (months)"),
        ("export.method", "还款方式", "Repayment"), ("export.state", "状态", "State"),
        ("export.outstanding", "未还本金（元）", "Principal outstanding (yuan)"),
        ("export.dpd", "逾期天数", "Days past due"))]
    full = full_values(ctx, [v.farmer_id for v in views]) if reveal else {}
    rows = []
    for v in views:
        method = METHOD_LABELS.get(v.method)
        rows.append(ExportRow([
            v.application_no, v.filed_at, v.farmer_name,
            full[v.farmer_id]["resident_id"] if v.farmer_id in full else v.resident_id_masked,
            v.product_name, v.amount, v.annual_rate, v.term_months,
            method.text(ctx.language) if method else v.method, v.state.label.text(ctx.language),
            v.status.principal_outstanding if v.status else None,
            v.status.days_past_due if v.status else None], v.farmer_id))
    return headers, rows


def policy_table(ctx: ServiceContext, views: Sequence[insurance_policies.PolicyView], *,
                 reveal: bool = False) -> tuple[list[str], list[ExportRow]]:
    """Headers and rows of the insurance list (resident ID is column 4)."""
    headers = [_t(ctx, *h) for h in (
        ("export.app_no", "投保单号", "Application no."), ("export.policy_no", "保单号", "Policy no."),
        ("export.filed", "提交时间", "Filed"), ("export.farmer", "农户", "Farmer"),
        ("export.resident_id", "身份证号", "Resident ID"), ("export.product", "产品", "Product"),
        ("export.season", "年度", "Season"), ("export.area", "面积（亩）", "Area (mu)"),
        ("export.sum_insured", "保险金额（元）", "Sum insured (yuan)"),
        ("export.premium", "保费（元）", "Premium (yuan)"),
        ("export.farmer_pays", "农户自付（元）", "Farmer pays (yuan)"),
        ("export.state", "状态", "State"), ("export.paid_out", "已赔付（元）", "Paid out (yuan)"))]
    full = full_values(ctx, [v.farmer_id for v in views]) if reveal else {}
    rows = [ExportRow([
        v.application_no, v.policy_no, v.filed_at, v.farmer_name,
        full[v.farmer_id]["resident_id"] if v.farmer_id in full else v.resident_id_masked,
        v.product.name(ctx.language), v.season_year, v.insured_mu, v.sum_insured, v.premium,
        v.farmer_pays, v.state.label.text(ctx.language), v.paid_out], v.farmer_id)
        for v in views]
    return headers, rows


def export_loans(ctx: ServiceContext, path: str | os.PathLike[str], fmt: str = "csv", *,
                 reveal: bool = False, views: Sequence[Any] | None = None,
                 farmer_id: str | None = None, progress: Progress | None = None) -> ExportResult:
    """The loan list: ``views`` as shown, else every application (or one farmer's)."""
    ctx.require(Permission.FARMER_READ)
    if reveal:
        ctx.require(Permission.FARMER_REVEAL_SENSITIVE)
    if views is None:
        views = loan_applications.list_applications(ctx, farmer_id=farmer_id)
    headers, rows = loan_table(ctx, views, reveal=reveal)
    return export_table(ctx, "loan_applications", headers, rows, path, fmt=fmt,
                        sensitive_columns=(3,), reveal=reveal, progress=progress,
                        total=len(rows))


def export_policies(ctx: ServiceContext, path: str | os.PathLike[str], fmt: str = "csv", *,
                    reveal: bool = False, views: Sequence[Any] | None = None,
                    farmer_id: str | None = None, progress: Progress | None = None
                    ) -> ExportResult:
    """The insurance list: ``views`` as shown, else every policy (or one farmer's)."""
    ctx.require(Permission.FARMER_READ)
    if reveal:
        ctx.require(Permission.FARMER_REVEAL_SENSITIVE)
    if views is None:
        views = insurance_policies.list_policies(ctx, farmer_id=farmer_id)
    headers, rows = policy_table(ctx, views, reveal=reveal)
    return export_table(ctx, "insurance_policies", headers, rows, path, fmt=fmt,
                        sensitive_columns=(4,), reveal=reveal, progress=progress,
                        total=len(rows))


#: The record lists that have a service export (``RecordList.name`` → function).
LIST_EXPORTS: dict[str, Callable[..., ExportResult]] = {
    "applications": export_loans,
    "policies": export_policies,
}


# --------------------------------------------------------------------------- PIPL copy

def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: Decimal → str, dates ISO, enums their value."""
    if isinstance(value, Message):
        return {"zh": value.zh, "en": value.en}
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return str(value)


def _row(obj: Any, *names: str) -> dict[str, Any]:
    return {n: plain(getattr(obj, n)) for n in names}


def _gather(ctx: ServiceContext, farmer_id: str, sensitive: dict[str, str] | None
            ) -> dict[str, Any]:
    view = farmers.get_farmer(ctx, farmer_id)
    profile = _row(view, "id", "name", "gender", "birth_date", "province", "county",
                   "township", "village", "address_detail", "household_size", "education",
                   "coop_name", "coop_uscc", "notes")
    profile.update(
        resident_id=sensitive["resident_id"] if sensitive else view.resident_id_masked,
        phone=sensitive["phone"] if sensitive else view.phone_masked,
        bank_card=sensitive["bank_card"] if sensitive else view.bank_card_masked)
    with Session(ctx.db.engine) as session:
        consents = [_row(c, "id", "scopes", "granted_at", "staff_name", "form_printed",
                         "withdrawn_at")
                    for c in session.exec(select(Consent).where(
                        Consent.farmer_id == farmer_id, Consent.deleted == False)  # noqa: E712
                        .order_by(col(Consent.granted_at)))]
        documents = [dict(_row(d, "doc_id", "kind", "issued_on"), content=json.loads(d.content))
                     for d in session.exec(select(IssuedDocument).where(
                         IssuedDocument.farmer_id == farmer_id,
                         IssuedDocument.deleted == False)  # noqa: E712
                         .order_by(col(IssuedDocument.issued_on)))]
    shop_list = []
    for summary in shops.shop_summaries(ctx, farmer_id):
        shop = summary.shop
        shop_list.append(dict(
            _row(shop, "id", "platform", "shop_name", "platform_shop_id", "opened_on", "notes"),
            orders_imported=summary.orders, last_order=plain(summary.last_order),
            monthly_typed=[plain(m) for m in shops.monthly_totals(ctx, shop.id)]))
    overview = shops.sales_overview(ctx, farmer_id) if shop_list else None
    seasons = []
    for s in planting.list_seasons(ctx, farmer_id):
        item = _row(s, "id", "plot_id", "plot_name", "crop_code", "crop_name_zh", "variety",
                    "planting_date", "expected_harvest_date", "area_mu",
                    "expected_yield_kg_per_mu", "expected_price_yuan_per_kg", "notes",
                    "harvested_kg", "sold_online_kg", "quality_pass_percent", "input_cost_yuan")
        item["harvests"] = [plain(h) for h in planting.list_harvests(ctx, s.id)]
        item["costs"] = [plain(c) for c in planting.list_input_costs(ctx, s.id)]
        seasons.append(item)
    history = scoring.history(ctx, farmer_id)
    latest = None
    if history:
        result = scoring.stored_result(ctx, history[-1].id)
        latest = dict(plain(history[-1]), result=result)
    loans = []
    for v in loan_applications.list_applications(ctx, farmer_id=farmer_id):
        loans.append(dict(
            _row(v, "id", "application_no", "product_name", "purpose", "amount", "annual_rate",
                 "annualized_rate", "fees", "term_months", "method", "planned_disbursement",
                 "maturity", "guarantor", "insurance_policy_no", "grade", "credit_limit",
                 "filed_by_name", "filed_at", "state"),
            state_label=plain(v.state.label), schedule=plain(v.schedule),
            moves=[_row(t, "action", "from_state", "to_state", "actor_name", "actor_role",
                        "reason", "at", "superseded") for t in v.transitions],
            repayments=[_row(r, "paid_on", "amount", "source", "reference",
                             "recorded_by_name", "note") for r in v.repayments],
            status=(_row(v.status, "as_of", "disbursed_on", "paid", "principal_outstanding",
                         "payoff", "days_past_due", "overdue_amount", "paid_off",
                         "paid_off_on") if v.status else None)))
    policies = []
    for p in insurance_policies.list_policies(ctx, farmer_id=farmer_id):
        policies.append(dict(
            _row(p, "id", "application_no", "policy_no", "weather_station", "season_year",
                 "insured_mu", "sum_insured", "premium", "shares", "filed_by_name", "filed_at",
                 "state"),
            product={"id": p.product.id, "name_zh": p.product.name_zh,
                     "name_en": p.product.name_en},
            moves=[dict(zip(("action", "actor_name", "actor_role", "reason", "at",
                             "superseded"), plain(m))) for m in p.moves],
            claims=[plain(c) for c in p.claims]))
    record_ids = {farmer_id, *(c["id"] for c in consents), *(s["id"] for s in shop_list),
                  *(s["id"] for s in seasons), *(x["id"] for x in loans),
                  *(x["id"] for x in policies), *(h.id for h in history)}
    plots = planting.list_plots(ctx, farmer_id)
    record_ids.update(p.id for p in plots)
    return {
        "profile": profile,
        "consents": consents,
        "shops": shop_list,
        "monthly_sales": [plain(m) for m in overview[1]] if overview else [],
        "plots": [plain(p) for p in plots],
        "seasons": seasons,
        "training": [plain(t) for t in training.trainings_of_farmer(ctx, farmer_id)],
        "credit_scores": {"history": [plain(h) for h in history], "latest": latest},
        "loan_applications": loans,
        "insurance_policies": policies,
        "documents_issued": documents,
        "audit_trail": _audit_trail(ctx, farmer_id, record_ids),
    }


def _audit_trail(ctx: ServiceContext, farmer_id: str, record_ids: set[str]) -> list[dict]:
    """Audit entries about the farmer and the farmer's records, oldest first."""
    trail = [dict(plain(e), entity="farmer", entity_id=farmer_id)
             for e in farmers.audit_trail(ctx, farmer_id)]
    others = sorted(record_ids - {farmer_id})
    with Session(ctx.db.engine) as session:
        for start in range(0, len(others), 500):
            for r in session.exec(select(AuditEntry).where(
                    col(AuditEntry.entity_id).in_(others[start:start + 500]))):
                trail.append(dict(at=plain(r.at), user=r.username, action=r.action,
                                  changes=json.loads(r.changes), entity=r.entity,
                                  entity_id=r.entity_id))
    trail.sort(key=lambda e: e["at"])
    return trail


def _join(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "；".join(f"{k}: {_join(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "，".join(_join(v) for v in value)
    return str(value)


def _sections(data: dict[str, Any]) -> list[Section]:
    """The PDF's sections (Chinese), from the JSON data."""
    p = data["profile"]
    gender = {"male": "男", "female": "女"}.get(p["gender"], p["gender"])
    latest = data["credit_scores"]["latest"]
    score_note = ""
    if latest:
        result = latest.get("result") or {}
        reasons = [r.get("text", "") for r in result.get("reasons", [])]
        score_note = (f"最近一次：{latest['total']} 分，等级 {latest['grade']}，"
                      f"建议额度 {latest['credit_limit']} 元。"
                      + (f"拉低分数的原因：{'；'.join(reasons)}。" if reasons else ""))
    return [
        Section("基本信息", pairs=[
            ("姓名", p["name"]), ("性别", gender), ("出生日期", p["birth_date"]),
            ("身份证号", p["resident_id"]), ("手机号", p["phone"]),
            ("银行卡号", p["bank_card"] or "未登记"),
            ("地址", " ".join(x for x in (p["province"], p["county"], p["township"],
                                           p["village"], p["address_detail"]) if x)),
            ("家庭人口", p["household_size"] or ""), ("文化程度", p["education"]),
            ("合作社", p["coop_name"]), ("统一社会信用代码", p["coop_uscc"]),
            ("备注", p["notes"])]),
        Section("数据使用授权", headers=["授权时间", "授权范围", "经办人", "已打印授权书", "撤回时间"],
                rows=[[c["granted_at"], c["scopes"], c["staff_name"],
                       "是" if c["form_printed"] else "否", c["withdrawn_at"] or ""]
                      for c in data["consents"]]),
        Section("网店", headers=["平台", "店铺名称", "开店日期", "已导入订单数", "最近订单"],
                rows=[[s["platform"], s["shop_name"], s["opened_on"] or "",
                       s["orders_imported"], s["last_order"] or ""] for s in data["shops"]]),
        Section("月度销售", headers=["月份", "订单数", "销售额（元）", "退款（元）"],
                rows=[[m["month"][:7], m["orders"], m["gmv"], m["refunds"]]
                      for m in data["monthly_sales"]], align_right=(1, 2, 3)),
        Section("地块", headers=["名称", "面积（亩）", "村", "土地证号", "种植季数"],
                rows=[[x["name"], x["area_mu"], x["village"], x["land_certificate_no"],
                       x["seasons"]] for x in data["plots"]], align_right=(1, 4)),
        Section("种植、收成和投入", headers=["地块", "作物", "种植日期", "面积（亩）", "收成（公斤）",
                                     "投入（元）", "收获记录", "投入明细"],
                rows=[[s["plot_name"], s["crop_name_zh"], s["planting_date"], s["area_mu"],
                       s["harvested_kg"] or "", s["input_cost_yuan"],
                       _join([f"{h['harvested_on']} {h['yield_kg']} 公斤" for h in s["harvests"]]),
                       _join([f"{c['spent_on']} {c['category']} {c['amount_yuan']} 元"
                              for c in s["costs"]])] for s in data["seasons"]]),
        Section("参加培训", headers=["日期", "主题", "老师", "时长（分钟）", "地点"],
                rows=[[t["held_on"], t["topic"], t["tutor_name"], t["duration_minutes"],
                       t["location"]] for t in data["training"]]),
        Section("信用分记录", note=score_note,
                headers=["评分时间", "分数", "等级", "建议额度（元）", "模型"],
                rows=[[h["scored_at"], h["total"], h["grade"], h["credit_limit"],
                       f"{h['model_id']} v{h['model_version']}"]
                      for h in data["credit_scores"]["history"]]),
        Section("贷款申请", headers=["申请编号", "产品", "金额（元）", "期限（月）", "状态",
                                 "办理经过", "还款"],
                rows=[[x["application_no"], x["product_name"], x["amount"], x["term_months"],
                       x["state_label"]["zh"],
                       _join([f"{m['at'][:10]} {m['action']} {m['actor_name']}"
                              for m in x["moves"]]),
                       _join([f"{r['paid_on']} {r['amount']} 元" for r in x["repayments"]])]
                      for x in data["loan_applications"]]),
        Section("保险", headers=["投保单号", "保单号", "产品", "年度", "面积（亩）", "保费（元）",
                               "状态", "理赔"],
                rows=[[x["application_no"], x["policy_no"], x["product"]["name_zh"],
                       x["season_year"], x["insured_mu"], x["premium"], x["state"],
                       _join([f"{c['computed_on']} {c['payout']} 元" for c in x["claims"]])]
                      for x in data["insurance_policies"]]),
        Section("出具的文件", headers=["文件编号", "种类", "日期"],
                rows=[[d["doc_id"], d["kind"], d["issued_on"]] for d in data["documents_issued"]]),
        Section("操作记录（审计）", headers=["时间", "操作人", "操作", "记录", "内容"],
                rows=[[e["at"][:19], e["user"], e["action"], e["entity"],
                       _join(e["changes"])] for e in data["audit_trail"]]),
    ]


def farmer_data_export(ctx: ServiceContext, farmer_id: str, target_dir: str | os.PathLike[str],
                       *, today: date | None = None) -> tuple[Path, Path]:
    """个人信息副本: (PDF path, JSON path) of everything held about the farmer."""
    actor = ctx.require(Permission.FARMER_READ)
    today = today or date.today()
    view = farmers.get_farmer(ctx, farmer_id)  # NotFound for a deleted farmer
    full = farmers.may_reveal(ctx)
    sensitive = ({name: farmers.reveal(ctx, farmer_id, name, purpose="pipl_export")
                  for name in farmers.SENSITIVE_FIELDS} if full else None)
    doc_id = signing.new_document_id("PI", today)
    with Session(ctx.db.engine) as session:
        station = session.get(Station, actor.station_id)
    station_name = station.name if station is not None else ""
    note = ("身份证号、手机号和银行卡号为完整号码（已记录审计）。" if full else
            "身份证号、手机号和银行卡号按规定部分隐藏；如需完整号码，请由金融专员或支行客户经理导出。")
    data = {
        "schema": "station-app/personal-data-copy",
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc_id,
        "generated_at": datetime.now(timezone.utc).isoformat(),
        "issued_on": today.isoformat(),
        "station": {"id": actor.station_id, "name": station_name},
        "generated_by": {"name": actor.display_name, "role": actor.role.value},
        "sensitive_values": "full" if full else "masked",
        "sensitive_note": note,
        **_gather(ctx, farmer_id, sensitive),
    }
    folder = Path(target_dir)
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / f"{doc_id}.json"
    raw = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    json_path.write_bytes(raw)
    pdf_path = folder / f"{doc_id}.pdf"
    try:
        doc = FarmerExportData(
            doc_id=doc_id, issued_on=today, station_name=station_name,
            station_code=signing.station_code_for_qr(ctx.db, actor.station_id),
            staff_name=actor.display_name, farmer_name=view.name,
            resident_id_masked=view.resident_id_masked,
            json_sha256=hashlib.sha256(raw).hexdigest(), sensitive_note=note,
            sections=_sections(data))
        content = farmer_export_content(doc)
        qr_text = signing.sign(ctx, doc_id=doc_id, kind=COPY_KIND, content=content,
                               issued_on=today)
        build_farmer_export(pdf_path, doc, qr_text)
        signing.record_issued(ctx, doc_id=doc_id, kind=COPY_KIND, farmer_id=farmer_id,
                              issued_on=today, content=content, qr_text=qr_text)
    except BaseException:
        json_path.unlink(missing_ok=True)
        pdf_path.unlink(missing_ok=True)
        raise
    with ctx.db.session() as session:
        writes.audit(session, ctx.db, actor, "export", "farmer", farmer_id, {
            "kind": "personal_data_copy", "doc_id": doc_id, "sensitive_revealed": full,
            "files": [pdf_path.name, json_path.name]})
    return pdf_path, json_path

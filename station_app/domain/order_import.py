"""Turning rows of a platform's order export into :class:`OrderRecord` (订单导入).

A *mapping* (one JSON file per platform layout in ``resources/mappings/``) says which header
holds which field and how the platform words order and after-sale states.  This module is
pure: it matches headers, parses cell values and reports every problem as a
:class:`RowError` with the row number (as the clerk sees it in Excel: the header is row 1),
the column header and a plain-Chinese message.  Reading files lives in the services.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Callable, Sequence

from station_app.domain.messages import Message
from station_app.domain.sales import AfterSale, OrderRecord, OrderStatus

FIELDS = ("order_id", "product", "quantity", "amount", "status", "ordered_at", "shipped_at",
          "signed_at", "after_sale", "refund_amount", "buyer")
REQUIRED_FIELDS = ("order_id", "amount", "status", "ordered_at")  # every mapping must require these
FIELD_NAMES = {
    "order_id": ("订单号", "order number"), "product": ("商品名称", "product"),
    "quantity": ("商品数量", "quantity"), "amount": ("实付金额", "amount paid"),
    "status": ("订单状态", "order status"), "ordered_at": ("下单时间", "order time"),
    "shipped_at": ("发货时间", "shipping time"), "signed_at": ("签收时间", "receipt time"),
    "after_sale": ("售后状态", "after-sales status"), "refund_amount": ("退款金额", "refund"),
    "buyer": ("买家", "buyer"),
}
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M",
                    "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日 %H:%M:%S",
                    "%Y年%m月%d日")
MAX_AMOUNT = Decimal("10000000")  # one order above 1,000万 is a typo, not a sale
CENT = Decimal("0.01")
_EXCEL_EPOCH = datetime(1899, 12, 30)


class MappingError(ValueError):
    """A mapping file is malformed; ``messages`` say what to fix."""

    def __init__(self, messages: list[Message]) -> None:
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = messages


@dataclass(frozen=True)
class Mapping:
    id: str
    version: int
    platform: str
    name_zh: str
    name_en: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    status_map: dict[str, OrderStatus]
    after_sale_map: dict[str, AfterSale]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "version": self.version, "platform": self.platform,
            "name_zh": self.name_zh, "name_en": self.name_en,
            "columns": {k: list(v) for k, v in self.columns.items()},
            "required": list(self.required),
            "status_map": {k: v.value for k, v in self.status_map.items()},
            "after_sale_map": {k: v.value for k, v in self.after_sale_map.items()},
        }


def normalize_header(text: Any) -> str:
    """Headers differ in width of brackets, spaces and BOMs between exports."""
    value = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "")
    return re.sub(r"\s+", "", value).strip()


def load_mapping(data: dict[str, Any]) -> Mapping:
    problems: list[Message] = []
    for key in ("id", "platform", "name_zh", "columns", "required", "status_map"):
        if key not in data:
            problems.append(Message("mapping.missing_key", f"映射文件缺少“{key}”。",
                                    f"The mapping lacks '{key}'."))
    if problems:
        raise MappingError(problems)
    columns: dict[str, tuple[str, ...]] = {}
    for name, headers in dict(data["columns"]).items():
        if name not in FIELDS:
            problems.append(Message("mapping.unknown_field", f"映射里的字段“{name}”不认识。",
                                    f"Unknown field '{name}' in the mapping."))
            continue
        if isinstance(headers, str):
            headers = [headers]
        columns[name] = tuple(normalize_header(h) for h in headers if normalize_header(h))
    required = tuple(data["required"])
    for name in required:
        if not columns.get(name):
            zh, en = FIELD_NAMES.get(name, (name, name))
            problems.append(Message("mapping.required_unmapped", f"必填字段“{zh}”没有对应的列。",
                                    f"Required field '{en}' has no column."))
    for name in REQUIRED_FIELDS:
        if name not in required:
            zh, en = FIELD_NAMES[name]
            problems.append(Message("mapping.required_missing", f"“{zh}”必须是必填字段。",
                                    f"'{en}' must be required."))
    status_map: dict[str, OrderStatus] = {}
    after_sale_map: dict[str, AfterSale] = {}
    try:
        status_map = {normalize_header(k): OrderStatus(v) for k, v in data["status_map"].items()}
        after_sale_map = {normalize_header(k): AfterSale(v)
                          for k, v in data.get("after_sale_map", {"": "none"}).items()}
    except ValueError as exc:
        problems.append(Message("mapping.bad_state", f"状态对应关系有误：{exc}",
                                f"Bad state mapping: {exc}"))
    if problems:
        raise MappingError(problems)
    return Mapping(str(data["id"]), int(data.get("version", 1)), str(data["platform"]),
                   str(data["name_zh"]), str(data.get("name_en", data["name_zh"])),
                   columns, required, status_map, after_sale_map)


@dataclass(frozen=True)
class HeaderMatch:
    mapping: Mapping
    positions: dict[str, int]  # field -> column index
    headers: tuple[str, ...]
    missing: tuple[str, ...]  # required fields without a column

    @property
    def complete(self) -> bool:
        return not self.missing

    def missing_messages(self) -> list[Message]:
        out = []
        for name in self.missing:
            zh, en = FIELD_NAMES[name]
            wanted = "、".join(self.mapping.columns.get(name, ())) or zh
            out.append(Message(
                "import.column_missing",
                f"文件里找不到“{zh}”这一列（应为：{wanted}）。请确认导出的是订单明细，或用“对应列”自己指定。",
                f"The file has no '{en}' column (expected: {wanted}). Export the order "
                "details, or map the columns yourself.",
            ))
        return out


def match_headers(mapping: Mapping, headers: Sequence[Any]) -> HeaderMatch:
    normalized = tuple(normalize_header(h) for h in headers)
    positions: dict[str, int] = {}
    for name, aliases in mapping.columns.items():
        for alias in aliases:  # the first alias present wins: aliases are in preference order
            if alias in normalized:
                positions[name] = normalized.index(alias)
                break
    missing = tuple(n for n in mapping.required if n not in positions)
    return HeaderMatch(mapping, positions, normalized, missing)


def best_mapping(mappings: Sequence[Mapping], headers: Sequence[Any]) -> HeaderMatch | None:
    """The complete match with the most recognised columns, or None."""
    matches = [match_headers(m, headers) for m in mappings]
    complete = [m for m in matches if m.complete]
    if not complete:
        return None
    return max(complete, key=lambda m: len(m.positions))


# --------------------------------------------------------------------------- mapping by hand
# Helpers for the dialog where a clerk maps an unrecognised layout's columns herself.

def guess_columns(mappings: Sequence[Mapping], headers: Sequence[Any]) -> dict[str, int]:
    """A first guess (field -> column index) for mapping an unrecognised layout by hand.

    A header equal to an alias of any known mapping wins; then a header that contains an
    alias or is contained in one (two characters at least, e.g. 单号 in 订单号).  Fields are
    tried in :data:`FIELDS` order and each column is guessed for one field at most."""
    normalized = [normalize_header(h) for h in headers]
    aliases: dict[str, list[str]] = {name: [] for name in FIELDS}
    for mapping in mappings:
        for name, names in mapping.columns.items():
            aliases[name].extend(a for a in names if a not in aliases[name])
    guess: dict[str, int] = {}
    for exact in (True, False):
        for name in FIELDS:
            if name in guess:
                continue
            for index, header in enumerate(normalized):
                if not header or index in guess.values():
                    continue
                if exact:
                    hit = header in aliases[name]
                else:
                    hit = len(header) >= 2 and any(
                        len(a) >= 2 and (header in a or a in header) for a in aliases[name])
                if hit:
                    guess[name] = index
                    break
    return guess


def state_key(value: Any) -> str:
    """A status cell as :func:`parse_row` looks it up in ``status_map``/``after_sale_map``."""
    cleaned = _cell([value], 0)
    return "" if cleaned is None else normalize_header(cleaned)


def distinct_states(rows: Sequence[Sequence[Any]], index: int) -> list[tuple[str, int]]:
    """The distinct non-blank wordings in column ``index`` with how many rows hold each,
    most frequent first (ties in order of first appearance)."""
    counts: dict[str, int] = {}
    for values in rows:
        key = state_key(values[index]) if index < len(values) else ""
        if key:
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])


def guess_states(known: Sequence[dict[str, Any]], values: Sequence[str]) -> dict[str, Any]:
    """value -> state for each value that every map in ``known`` knowing it agrees on."""
    out: dict[str, Any] = {}
    for value in values:
        found = {m[value] for m in known if value in m}
        if len(found) == 1:
            out[value] = found.pop()
    return out


@dataclass(frozen=True)
class RowError:
    row: int  # as numbered in the spreadsheet (header = 1)
    column: str  # the header text, or "" for the whole row
    message: Message

    def text(self, language: str = "zh_CN") -> str:
        english = language.lower().startswith("en")
        where = (f"Row {self.row}" if english else f"第 {self.row} 行")
        if self.column:
            where += f", column {self.column}" if english else f"“{self.column}”列"
        return f"{where}: {self.message.text(language)}" if english else f"{where}：{self.message}"


@dataclass
class ParsedRow:
    record: OrderRecord | None
    errors: list[RowError] = field(default_factory=list)


_TEXT_GUARDS = ("=", "'")
# "2026-03-05 14:20:00" (or with slashes), ASCII digits only: the common case, read by the C
# ``fromisoformat`` instead of trying ``strptime`` formats (same result, ~20x faster).
_PLAIN_DATETIME = re.compile(r"\d{4}([-/])\d{2}\1\d{2} \d{2}:\d{2}:\d{2}\Z", re.ASCII)


def _cell(values: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(values):
        return None
    value = values[index]
    if isinstance(value, str):
        value = value.strip()  # str.strip() removes tabs too
        # Exports prefix long numbers with ' or wrap them as ="…" so Excel keeps them text.
        if value[:1] in _TEXT_GUARDS:
            if value.startswith('="') and value.endswith('"'):
                value = value[2:-1]
            value = value.lstrip("'")
        return value or None
    return value


def parse_amount(value: Any) -> Decimal:
    """Yuan as Decimal to the fen; accepts ¥, thousands separators and Excel numbers."""
    if isinstance(value, bool):
        raise ValueError("not an amount")
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif type(value) is str and value.isascii():  # NFKC leaves ASCII as it is; no ¥ or 元
        amount = Decimal(value.replace(",", "").strip())
    else:
        text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace("¥", "")
        text = text.replace("元", "").strip()
        amount = Decimal(text)
    if not amount.is_finite():
        raise ValueError("not finite")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial date (1954–2119)
            return (_EXCEL_EPOCH + timedelta(days=float(value))).replace(microsecond=0)
        raise ValueError("not a date")
    if type(value) is str and _PLAIN_DATETIME.match(value):
        try:
            return datetime.fromisoformat(value.replace("/", "-"))
        except ValueError:
            pass  # e.g. 2025-13-01: let the formats below refuse it the usual way
    text = unicodedata.normalize("NFKC", str(value)).strip()
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError("not a date")


BuyerPseudonym = Callable[[str], str]
"""Turns a buyer's name as exported into a stable pseudonym.  It must be keyed (the caller
passes an HMAC under the station's key): a plain hash of a Chinese name is reversed by a
dictionary of names."""


def _lookup(states: dict[str, Any], value: Any) -> Any:
    """``states[normalize_header(value)]`` or None.  The keys are normalised already, so a
    cell equal to a key normalises to that key: try it as it is first (no NFKC per row)."""
    if type(value) is str:
        found = states.get(value)
        if found is not None:
            return found
    return states.get(normalize_header(value))


def _field_error(row: int, header: str, code: str, zh: str, en: str) -> RowError:
    return RowError(row, header, Message(f"import.{code}", zh, en))


def parse_row(match: HeaderMatch, row_number: int, values: Sequence[Any],
              pseudonym: BuyerPseudonym | None = None) -> ParsedRow:
    """Parse one data row; a row with any error yields no record (never half a row).

    Buyers get a ``buyer_key`` only through ``pseudonym`` (repurchase and concentration
    need identity, not names); without it the buyer column is ignored."""
    pos = match.positions
    mapping = match.mapping
    errors: list[RowError] = []

    def header(name: str) -> str:
        index = pos.get(name)
        return match.headers[index] if index is not None and index < len(match.headers) else ""

    raw = {name: _cell(values, pos.get(name)) for name in FIELDS}
    if all(v is None for v in raw.values()):
        return ParsedRow(None)  # blank line: skipped silently
    for name in mapping.required:
        if raw[name] is None:
            zh, en = FIELD_NAMES[name]
            errors.append(_field_error(row_number, header(name), "empty",
                                       f"{zh}是空的。", f"The {en} is empty."))
    order_id = raw["order_id"]
    if isinstance(order_id, float):
        errors.append(_field_error(
            row_number, header("order_id"), "order_id_number",
            "订单号被 Excel 当成数字保存了，末尾几位可能已经丢失；请在平台重新导出 CSV，或把这一列设为“文本”。",
            "Excel stored the order number as a number and may have lost its last digits; "
            "export CSV again or format the column as text."))
    elif isinstance(order_id, int):
        order_id = str(order_id)
    amount = None
    if raw["amount"] is not None:
        try:
            amount = parse_amount(raw["amount"])
            if amount < 0 or amount > MAX_AMOUNT:
                raise ValueError("out of range")
        except (InvalidOperation, ValueError):
            amount = None
            errors.append(_field_error(
                row_number, header("amount"), "bad_amount",
                f"金额“{raw['amount']}”不是正确的数字（应像 128.50 这样，不能是负数）。",
                f"The amount '{raw['amount']}' is not a valid number (like 128.50, not negative)."))
    quantity = 1
    raw_quantity = raw["quantity"]
    if (type(raw_quantity) is str and raw_quantity.isascii() and raw_quantity.isdigit()
            and len(raw_quantity) <= 6 and int(raw_quantity) <= 100000):
        quantity = int(raw_quantity)  # the common case, as the Decimal path below reads it
    elif raw_quantity is not None:
        try:
            qty = Decimal(str(raw["quantity"]).strip())
            if qty != qty.to_integral_value() or qty < 0 or qty > 100000:
                raise ValueError
            quantity = int(qty)
        except (InvalidOperation, ValueError):
            errors.append(_field_error(
                row_number, header("quantity"), "bad_quantity",
                f"数量“{raw['quantity']}”应为整数。", f"The quantity '{raw['quantity']}' must be a whole number."))
    status = None
    if raw["status"] is not None:
        status = _lookup(mapping.status_map, raw["status"])
        if status is None:
            known = "、".join(list(mapping.status_map)[:6])
            errors.append(_field_error(
                row_number, header("status"), "bad_status",
                f"订单状态“{raw['status']}”不认识（认识的有：{known} 等）。",
                f"Unknown order status '{raw['status']}'."))
    after_sale = AfterSale.NONE
    if raw["after_sale"] is not None:
        found = _lookup(mapping.after_sale_map, raw["after_sale"])
        if found is None:
            errors.append(_field_error(
                row_number, header("after_sale"), "bad_after_sale",
                f"售后状态“{raw['after_sale']}”不认识。", f"Unknown after-sales status '{raw['after_sale']}'."))
        else:
            after_sale = found
    times: dict[str, datetime | None] = {}
    for name in ("ordered_at", "shipped_at", "signed_at"):
        if raw[name] is None:
            times[name] = None
            continue
        try:
            times[name] = parse_datetime(raw[name])
        except ValueError:
            times[name] = None
            errors.append(_field_error(
                row_number, header(name), "bad_date",
                f"时间“{raw[name]}”看不懂（应像 2026-03-05 14:20:00）。",
                f"Cannot read the time '{raw[name]}' (expected like 2026-03-05 14:20:00)."))
    refund = Decimal(0)
    if raw["refund_amount"] is not None:
        try:
            refund = parse_amount(raw["refund_amount"])
            if refund < 0:
                raise ValueError
        except (InvalidOperation, ValueError):
            errors.append(_field_error(
                row_number, header("refund_amount"), "bad_refund",
                f"退款金额“{raw['refund_amount']}”不是正确的数字。",
                f"The refund '{raw['refund_amount']}' is not a valid number."))
        if refund > 0 and after_sale is AfterSale.NONE:
            after_sale = AfterSale.REFUNDED
    ordered_at = times["ordered_at"]
    for name in ("shipped_at", "signed_at"):
        moment = times[name]
        if moment and ordered_at and moment < ordered_at:
            zh, en = FIELD_NAMES[name]
            errors.append(_field_error(
                row_number, header(name), "time_order",
                f"{zh}早于下单时间，请核对。", f"The {en} is earlier than the order time."))
    if errors or amount is None or status is None or ordered_at is None or not order_id:
        return ParsedRow(None, errors)
    if after_sale is AfterSale.REFUNDED and refund == 0:
        refund = amount  # exports without a refund column: a finished refund returns it all
    record = OrderRecord(
        order_id=str(order_id), ordered_at=ordered_at, amount=amount, quantity=quantity,
        product=str(raw["product"] or "")[:200], status=status,
        buyer_key=(pseudonym(f"{mapping.platform}\x00{normalize_header(raw['buyer'])}")
                   if raw["buyer"] and pseudonym else None),
        shipped_at=times["shipped_at"], signed_at=times["signed_at"], after_sale=after_sale,
        refund_amount=min(refund, amount),
    )
    return ParsedRow(record)


# --------------------------------------------------------------------------- bulk imports
# A million-row import spends most of its time here, so bulk imports use ``flat_parser``:
# rows in the usual shape take a fast path that yields a flat tuple (no OrderRecord, no
# Decimal); anything else goes through ``parse_row`` itself.  A change to the rules above
# must be made in ``flat_parser`` as well (a test compares the two on generated rows).

FlatOrder = tuple
"""``(order_id, ordered_at, product, quantity, amount_fen, status, buyer_key, shipped_at,
signed_at, after_sale, refund_fen)``: states as their values, money in integer fen, times as
ISO text ``YYYY-MM-DD HH:MM:SS.ffffff`` (what SQLite stores for a datetime; text in one
format sorts like the times)."""

_FEN = re.compile(r"(\d{1,9})(?:\.(\d{1,2}))?\Z", re.ASCII)
_ISO_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\Z", re.ASCII)
_MAX_FEN = int(MAX_AMOUNT * 100)
_NO_ERRORS: tuple[RowError, ...] = ()


def iso_text(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(" ", "microseconds")


def flat_order(record: OrderRecord) -> FlatOrder:
    """The flat form of a parsed record (see :data:`FlatOrder`)."""
    return (record.order_id, iso_text(record.ordered_at), record.product, record.quantity,
            int(record.amount * 100), record.status.value, record.buyer_key,
            iso_text(record.shipped_at), iso_text(record.signed_at), record.after_sale.value,
            int(record.refund_amount * 100))


def _plain_fen(value: Any) -> int | None:
    """Fen of a plain amount ("128.5", 128.5, 128), or None when parse_amount must decide."""
    kind = type(value)
    if kind is str:
        found = _FEN.match(value)
    elif kind is float:
        found = _FEN.match(repr(value))
    elif kind is int:
        return value * 100 if 0 <= value <= _MAX_FEN // 100 else None
    else:
        return None
    if found is None:
        return None
    whole, cents = found.groups()
    fen = int(whole) * 100 + (int(cents.ljust(2, "0")) if cents else 0)
    return fen if fen <= _MAX_FEN else None


def _plain_time(value: Any) -> str | None:
    """ISO text of a plain time ("2026-03-05 14:20:00" or a naive datetime), else None."""
    if type(value) is str:
        if _ISO_SECONDS.match(value) is None:
            return None
        try:
            datetime.fromisoformat(value)  # the calendar check (2025-02-30, 25:00:00)
        except ValueError:
            return None
        return value + ".000000"
    if type(value) is datetime and value.tzinfo is None:
        return value.isoformat(" ", "microseconds")
    return None


def flat_parser(match: HeaderMatch, pseudonym: BuyerPseudonym | None = None
                ) -> Callable[[int, Sequence[Any]], tuple[FlatOrder | None, Sequence[RowError]]]:
    """``parse_row`` for bulk imports: ``parse(row_number, values)`` gives ``(flat, errors)``
    with exactly ``parse_row``'s outcome (``flat`` None for a blank or a wrong row).

    Status and after-sales texts and buyers' pseudonyms are remembered per cell text for
    this parser's life (at most 1,000 and 20,000 texts), so a repeated text costs one
    dictionary lookup instead of normalising it again (or an HMAC)."""
    pos = match.positions
    mapping = match.mapping
    (i_order, i_product, i_quantity, i_amount, i_status, i_ordered, i_shipped, i_signed,
     i_after, i_refund, i_buyer) = (pos.get(name) for name in FIELDS)

    def slow(row_number: int, values: Sequence[Any]) -> tuple[FlatOrder | None, Sequence[RowError]]:
        parsed = parse_row(match, row_number, values, pseudonym)
        if parsed.record is None:
            return None, parsed.errors
        return flat_order(parsed.record), parsed.errors

    if None in (i_order, i_amount, i_status, i_ordered):
        return slow  # an incomplete match: every row is an error anyway
    width = max(pos.values()) + 1
    others_required = tuple(pos[n] for n in mapping.required
                            if n not in ("order_id", "amount", "status", "ordered_at") and n in pos)
    none, refunded = AfterSale.NONE.value, AfterSale.REFUNDED.value
    platform = mapping.platform
    # Cell text as read -> what parse_row makes of it (learnt on first sight).
    statuses: dict[str, str] = {}
    after_sales: dict[str, str] = {"": none}
    buyers: dict[str, str | None] = {}

    def learn_status(cell: str) -> str | None:
        cleaned = _cell((cell,), 0)
        found = _lookup(mapping.status_map, cleaned) if cleaned is not None else None
        if found is not None and len(statuses) < 1000:
            statuses[cell] = found.value
        return None if found is None else found.value

    def learn_after_sale(cell: str) -> str | None:
        cleaned = _cell((cell,), 0)
        found = (AfterSale.NONE if cleaned is None
                 else _lookup(mapping.after_sale_map, cleaned))
        if found is not None and len(after_sales) < 1000:
            after_sales[cell] = found.value
        return None if found is None else found.value

    def learn_buyer(cell: str) -> str | None:
        cleaned = _cell((cell,), 0)
        key = (pseudonym(f"{platform}\x00{normalize_header(cleaned)}").strip() or None
               if cleaned and pseudonym is not None else None)
        if len(buyers) >= 20000:
            buyers.clear()
        buyers[cell] = key
        return key

    def parse(row_number: int, values: Sequence[Any]) -> tuple[FlatOrder | None, Sequence[RowError]]:
        if len(values) < width:
            return slow(row_number, values)
        order_id = values[i_order]
        status = values[i_status]
        if type(order_id) is not str or type(status) is not str:
            return slow(row_number, values)
        order_id = order_id.strip()
        if order_id[:1] in _TEXT_GUARDS:
            order_id = _cell((order_id,), 0)
        status = statuses.get(status) or learn_status(status)
        fen = _plain_fen(values[i_amount])
        ordered = _plain_time(values[i_ordered])
        if not order_id or status is None or fen is None or ordered is None:
            return slow(row_number, values)
        for index in others_required:
            cell = values[index]
            if type(cell) is not str or not _cell((cell,), 0):
                return slow(row_number, values)
        quantity = 1
        if i_quantity is not None:
            cell = values[i_quantity]
            if type(cell) is str:
                cell = cell.strip()
                if cell:
                    if not (cell.isascii() and cell.isdigit() and len(cell) <= 6):
                        return slow(row_number, values)
                    quantity = int(cell)
            elif type(cell) is int:
                quantity = cell
            elif cell is not None:
                return slow(row_number, values)
            if not 0 <= quantity <= 100000:
                return slow(row_number, values)
        shipped = values[i_shipped] if i_shipped is not None else None
        if shipped is not None:
            if type(shipped) is str:
                shipped = shipped.strip() or None
            if shipped is not None:
                shipped = _plain_time(shipped)
                if shipped is None or shipped < ordered:
                    return slow(row_number, values)
        signed = values[i_signed] if i_signed is not None else None
        if signed is not None:
            if type(signed) is str:
                signed = signed.strip() or None
            if signed is not None:
                signed = _plain_time(signed)
                if signed is None or signed < ordered:
                    return slow(row_number, values)
        after_sale = none
        if i_after is not None:
            cell = values[i_after]
            if cell is not None:
                if type(cell) is not str:
                    return slow(row_number, values)
                after_sale = after_sales.get(cell) or learn_after_sale(cell)  # type: ignore[assignment]
                if after_sale is None:
                    return slow(row_number, values)
        refund = 0
        if i_refund is not None:
            cell = values[i_refund]
            if type(cell) is str:
                cell = cell.strip() or None
            if cell is not None:
                refund = _plain_fen(cell)  # type: ignore[assignment]
                if refund is None:
                    return slow(row_number, values)
                if refund > 0 and after_sale == none:
                    after_sale = refunded
        if after_sale == refunded and refund == 0:
            refund = fen
        product = values[i_product] if i_product is not None else None
        if type(product) is str:
            product = product.strip()
            if product[:1] in _TEXT_GUARDS:
                product = _cell((product,), 0)
        product = str(product or "")[:200]
        buyer_key = None
        if i_buyer is not None and pseudonym is not None:
            cell = values[i_buyer]
            if cell is not None:
                if type(cell) is not str:
                    return slow(row_number, values)
                buyer_key = buyers[cell] if cell in buyers else learn_buyer(cell)
        return ((order_id, ordered, product, quantity, fen, status, buyer_key, shipped, signed,
                 after_sale, min(refund, fen)), _NO_ERRORS)

    return parse

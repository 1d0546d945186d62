"""Reading real export files: each shipped mapping imports its shipped sample; malformed files
give a clear sentence (and, since nothing is stored yet, nothing can change)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from station_app import paths
from station_app.domain.order_import import best_mapping, load_mapping, match_headers, parse_row
from station_app.domain.sales import AfterSale, OrderStatus
from station_app.services.order_files import FileProblem, open_table
from station_app.store.crypto import FieldCipher

SAMPLES = paths.resources_dir() / "samples"
_CIPHER = FieldCipher(os.urandom(32))


def PSEUDONYM(text: str) -> str:  # noqa: N802 - keyed, as the import service does
    return _CIPHER.blind_index(text, kind="buyer")[:20]
MAPPINGS = {p.stem: load_mapping(json.loads(p.read_text(encoding="utf-8")))
            for p in (paths.resources_dir() / "mappings").glob("*.json")}


def _parse_all(path: Path):
    with open_table(path) as table:
        match = best_mapping(list(MAPPINGS.values()), table.headers)
        assert match is not None, table.headers
        records, errors = [], []
        for number, values in table.rows():
            parsed = parse_row(match, number, values, PSEUDONYM)
            errors += parsed.errors
            if parsed.record:
                records.append(parsed.record)
    return table, match, records, errors


@pytest.mark.parametrize("sample, mapping_id, encoding", [
    ("pinduoduo-orders.csv", "pinduoduo", "utf-8-sig"),
    ("taobao-orders-gbk.csv", "taobao", "gb18030"),
    ("douyin-orders.xlsx", "douyin", None),
])
def test_each_mapping_imports_its_sample(sample, mapping_id, encoding):
    table, match, records, errors = _parse_all(SAMPLES / sample)
    assert match.mapping.id == mapping_id
    assert table.encoding == encoding
    assert errors == []
    assert len(records) == 40
    assert len({r.order_id for r in records}) == 40
    assert all(r.amount > 0 and r.ordered_at.year == 2025 for r in records)
    statuses = {r.status for r in records}
    assert OrderStatus.COMPLETED in statuses or OrderStatus.SIGNED in statuses
    assert all(r.buyer_key and len(r.buyer_key) == 20 for r in records)  # pseudonyms, no names


def test_taobao_order_numbers_keep_every_digit():
    _table, _match, records, _errors = _parse_all(SAMPLES / "taobao-orders-gbk.csv")
    assert records[1].order_id == "3900000000000007919"


def test_refunds_are_recognised():
    _t, _m, records, _e = _parse_all(SAMPLES / "taobao-orders-gbk.csv")
    refunded = [r for r in records if r.after_sale is AfterSale.REFUNDED]
    assert all(r.refund_amount == r.amount for r in refunded)


def _write(tmp_path, name, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_file(tmp_path):
    with pytest.raises(FileProblem, match="空"):
        open_table(_write(tmp_path, "empty.csv", b""))


def test_ten_megabytes_of_garbage(tmp_path):
    path = _write(tmp_path, "garbage.csv", os.urandom(10 * 1024 * 1024))
    with pytest.raises(FileProblem) as caught:
        open_table(path)
    assert caught.value.message.code in {"import.file.binary", "import.file.encoding"}


def test_utf16_export_is_refused_with_advice(tmp_path):
    text = "订单号,实付金额\n1,2\n"
    path = _write(tmp_path, "u16.csv", text.encode("utf-16"))
    with pytest.raises(FileProblem, match="UTF-16"):
        open_table(path)


def test_wrong_encoding_shows_as_unrecognised_headers(tmp_path):
    """Big5 text decodes as GB18030 mojibake: no header matches, and the user is told which."""
    header = "訂單號,商品名稱,實付金額,訂單狀態,下單時間\n"
    path = _write(tmp_path, "big5.csv", header.encode("big5"))
    table = open_table(path)
    assert best_mapping(list(MAPPINGS.values()), table.headers) is None
    missing = match_headers(MAPPINGS["pinduoduo"], table.headers).missing_messages()
    assert any("订单号" in str(m) for m in missing)


def test_missing_column_is_named(tmp_path):
    source = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    header = source[0].split(",")
    drop = header.index("用户实付金额(元)")
    rows = [",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in source]
    path = _write(tmp_path, "no-amount.csv", "\n".join(rows).encode("utf-8"))
    table = open_table(path)
    match = match_headers(MAPPINGS["pinduoduo"], table.headers)
    assert match.missing == ("amount",)
    assert "实付金额" in str(match.missing_messages()[0])


def test_bad_number_and_bad_date_are_reported_by_row_and_column(tmp_path):
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[3].split(",")
    cells[4] = "12元8角"  # 用户实付金额(元)
    cells[6] = "昨天下午"  # 订单成交时间
    lines[3] = ",".join(cells)
    path = _write(tmp_path, "bad.csv", "\n".join(lines).encode("utf-8-sig"))
    _table, _match, records, errors = _parse_all(path)
    assert len(records) == 39
    assert [(e.row, e.column, e.message.code) for e in errors] == [
        (4, "用户实付金额(元)", "import.bad_amount"), (4, "订单成交时间", "import.bad_date")]
    assert errors[0].text() .startswith("第 4 行“用户实付金额(元)”列：金额“12元8角”")


def test_old_xls_is_refused(tmp_path):
    path = _write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(FileProblem, match="xlsx"):
        open_table(path)


def test_damaged_xlsx(tmp_path):
    good = (SAMPLES / "douyin-orders.xlsx").read_bytes()
    path = _write(tmp_path, "cut.xlsx", good[: len(good) // 2])
    with pytest.raises(FileProblem, match="Excel"):
        open_table(path)


def test_decimal_amounts_are_exact():
    _t, _m, records, _e = _parse_all(SAMPLES / "douyin-orders.xlsx")
    assert all(r.amount == r.amount.quantize(Decimal("0.01")) for r in records)

"""Parsing order-export rows: values, states, and the messages for what is wrong."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app import paths
from station_app.domain.order_import import (
    MappingError,
    load_mapping,
    match_headers,
    parse_amount,
    parse_datetime,
    parse_row,
)
from station_app.domain.sales import AfterSale, OrderStatus

PDD = load_mapping(json.loads((paths.resources_dir() / "mappings" / "pinduoduo.json")
                              .read_text(encoding="utf-8")))
HEADERS = ["订单号", "商品", "商品数量（件）", "用户实付金额（元）", "订单状态", "订单成交时间",
           "发货时间", "确认收货时间", "售后状态", "收货人"]


def _row(**overrides):
    values = {"订单号": "251101-000000000000001", "商品": "猕猴桃 5斤", "商品数量（件）": "2",
              "用户实付金额（元）": "59.80", "订单状态": "已签收", "订单成交时间": "2025-11-01 09:00:00",
              "发货时间": "2025-11-01 15:00:00", "确认收货时间": "2025-11-04 10:00:00",
              "售后状态": "无售后或售后取消", "收货人": "王**"}
    values.update(overrides)
    return [values[h] for h in HEADERS]


def test_full_width_brackets_in_headers_still_match():
    match = match_headers(PDD, HEADERS)
    assert match.complete
    assert match.positions["amount"] == 3


def test_a_good_row():
    parsed = parse_row(match_headers(PDD, HEADERS), 2, _row())
    assert parsed.errors == []
    record = parsed.record
    assert record.order_id == "251101-000000000000001"
    assert record.amount == Decimal("59.80") and record.quantity == 2
    assert record.status is OrderStatus.SIGNED and record.after_sale is AfterSale.NONE
    assert record.shipped_at == datetime(2025, 11, 1, 15)


def test_refund_without_amount_column_refunds_what_was_paid():
    parsed = parse_row(match_headers(PDD, HEADERS), 2, _row(售后状态="退款成功"))
    assert parsed.record.after_sale is AfterSale.REFUNDED
    assert parsed.record.refund_amount == Decimal("59.80")


@pytest.mark.parametrize("field, value, code", [
    ("用户实付金额（元）", "-3", "import.bad_amount"),
    ("用户实付金额（元）", "abc", "import.bad_amount"),
    ("商品数量（件）", "1.5", "import.bad_quantity"),
    ("订单状态", "飞走了", "import.bad_status"),
    ("售后状态", "不知道", "import.bad_after_sale"),
    ("订单成交时间", "2025-13-01", "import.bad_date"),
    ("发货时间", "2025-10-01 08:00:00", "import.time_order"),
    ("订单号", "", "import.empty"),
])
def test_each_problem_has_its_message_and_no_record(field, value, code):
    parsed = parse_row(match_headers(PDD, HEADERS), 7, _row(**{field: value}))
    assert parsed.record is None
    assert [e.message.code for e in parsed.errors] == [code]
    assert parsed.errors[0].row == 7
    text = parsed.errors[0].text()
    assert text.startswith("第 7 行") and any("\u4e00" <= c <= "\u9fff" for c in text[5:])
    assert parsed.errors[0].text("en").startswith("Row 7")


def test_excel_number_order_id_is_refused_because_digits_may_be_lost():
    values = _row()
    values[0] = 3.9e18
    parsed = parse_row(match_headers(PDD, HEADERS), 3, values)
    assert [e.message.code for e in parsed.errors] == ["import.order_id_number"]


def test_excel_cells_and_text_guards():
    values = _row()
    values[0] = '="251101-000000000000009"'
    values[3] = 59.8  # an Excel number
    values[5] = 45962.375  # an Excel serial date
    parsed = parse_row(match_headers(PDD, HEADERS), 2, values)
    assert parsed.errors == []
    assert parsed.record.order_id == "251101-000000000000009"
    assert parsed.record.amount == Decimal("59.80")
    assert parsed.record.ordered_at == datetime(2025, 11, 1, 9, 0)


def test_blank_rows_are_skipped_silently():
    parsed = parse_row(match_headers(PDD, HEADERS), 9, [""] * len(HEADERS))
    assert parsed.record is None and parsed.errors == []


def test_amount_formats():
    assert parse_amount("¥1,234.5") == Decimal("1234.50")
    assert parse_amount("１２.３") == Decimal("12.30")
    assert parse_amount(0.1 + 0.2) == Decimal("0.30")
    with pytest.raises(ValueError):
        parse_amount(True)


def test_datetime_formats():
    assert parse_datetime("2025/11/01 09:05") == datetime(2025, 11, 1, 9, 5)
    assert parse_datetime("2025年11月01日") == datetime(2025, 11, 1)


@given(st.text(max_size=30))
def test_parse_never_raises_on_any_text(text):
    parsed = parse_row(match_headers(PDD, HEADERS), 2, _row(**{"用户实付金额（元）": text,
                                                                "订单成交时间": text}))
    # Either a whole record or the reasons why not: never both, never neither.
    assert (parsed.record is None) == bool(parsed.errors)


def test_malformed_mapping_is_refused_with_reasons():
    with pytest.raises(MappingError) as caught:
        load_mapping({"id": "x", "platform": "x", "name_zh": "x",
                      "columns": {"order_id": ["订单号"], "colour": ["颜色"]},
                      "required": ["order_id"], "status_map": {"好": "paid"}})
    codes = {m.code for m in caught.value.messages}
    assert {"mapping.unknown_field", "mapping.required_missing"} <= codes


def test_mapping_round_trips():
    assert load_mapping(PDD.to_dict()) == PDD

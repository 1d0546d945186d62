"""Mapping the columns of an order export whose layout is not recognised: real widgets, a real
station database, real files; the saved mapping makes the next file of that layout known."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlmodel import Session, func, select

from station_app import paths
from station_app.services import farmers, sales_import, shops
from station_app.store.models import SalesOrder
from station_app.ui.runner import Runner
from station_app.ui.sales.import_dialog import ImportDialog
from station_app.ui.sales.mapping_dialog import MappingDialog

SAMPLES = paths.resources_dir() / "samples"
HEADER = "单号,货品,数量,金额,状态,成交时间,售后,备注"
ROWS = [
    "KT1001,眉县猕猴桃 5斤,1,39.90,已完成,2026-03-01 09:12:00,无,",
    "KT1002,眉县猕猴桃 10斤,2,79.80,待发货,2026-03-02 10:00:00,无,团长代收",
    "KT1003,秦岭苹果 5斤,1,25.00,已退款,2026-03-03 11:30:00,退款成功,",
    "KT1004,眉县猕猴桃 5斤,1,39.90,已完成,2026-03-04 08:05:00,无,",
]
HEADERS = HEADER.split(",")


def _write(path, rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8-sig")
    return path


def _orders(db) -> int:
    with Session(db.engine) as session:
        return session.exec(select(func.count()).select_from(SalesOrder)).one()


def _saved_files():
    folder = paths.data_dir() / "mappings"
    return sorted(p.name for p in folder.glob("*.json")) if folder.is_dir() else []


@pytest.fixture
def state(make_state, db, tutor_ctx):
    made = make_state(db)
    made.set_actor(tutor_ctx.actor)
    return made


@pytest.fixture
def shop_id(tutor_ctx, valid_farmer_input):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="何秀梅"))
    return shops.create_shop(tutor_ctx, farmer_id, platform="wechat", shop_name="秀梅果园",
                             opened_on=date(2024, 5, 1))


def _import_dialog(qtbot, state, shop_id) -> ImportDialog:
    dialog = ImportDialog(state, shop_id, "秀梅果园")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def _mapping_dialog(qtbot, dialog: ImportDialog, path) -> MappingDialog:
    dialog.start_preview(path)
    assert dialog.preview is None
    assert "认不出" in dialog.problem.text() or "not recognised" in dialog.problem.text()
    assert dialog.map_button.isVisible() and not dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.map_button, Qt.MouseButton.LeftButton)
    mapping = dialog.mapping_dialog
    assert isinstance(mapping, MappingDialog) and mapping.isVisible()
    assert mapping.property("keepOnLock") is True
    return mapping


def _fill(mapping: MappingDialog) -> None:
    _choose(mapping.columns["product"], HEADERS.index("货品"))
    _choose(mapping.columns["quantity"], HEADERS.index("数量"))
    _choose(mapping.status_combos["已完成"], "completed")
    _choose(mapping.status_combos["待发货"], "paid")
    _choose(mapping.status_combos["已退款"], "closed")
    _choose(mapping.after_combos["无"], "none")
    _choose(mapping.after_combos["退款成功"], "refunded")
    mapping.name.setText("快团团 订单表")


def test_map_an_unknown_layout_then_preview_and_import(qtbot, state, shop_id, db, tmp_path):
    dialog = _import_dialog(qtbot, state, shop_id)
    mapping = _mapping_dialog(qtbot, dialog, _write(tmp_path / "快团团导出.csv", ROWS))

    # The lists offer the file's columns with a value from the file, and a first guess.
    combo = mapping.columns["amount"]
    assert combo.currentData() == HEADERS.index("金额")
    assert "39.90" in combo.currentText() and "金额" in combo.currentText()
    assert combo.count() == 1 + len(HEADERS)
    assert mapping.columns["order_id"].currentData() == HEADERS.index("单号")
    assert mapping.columns["status"].currentData() == HEADERS.index("状态")
    assert mapping.columns["ordered_at"].currentData() == HEADERS.index("成交时间")
    assert mapping.columns["after_sale"].currentData() == HEADERS.index("售后")
    assert mapping.columns["product"].currentData() is None  # 货品 is no known header
    assert mapping.columns["buyer"].currentData() is None
    assert mapping.platform.currentData() == "wechat"  # the shop's platform
    assert mapping.sample.rowCount() == 4 and mapping.sample.item(0, 1).text() == "眉县猕猴桃 5斤"
    # One list per status wording seen in the file; known wordings are guessed already.
    assert sorted(mapping.status_combos) == ["已完成", "已退款", "待发货"]
    assert mapping.status_combos["已完成"].currentData() == "completed"
    assert mapping.status_combos["已退款"].currentData() is None
    assert mapping.after_box.isVisible() and sorted(mapping.after_combos) == ["无", "退款成功"]
    assert mapping.after_combos["退款成功"].currentData() == "refunded"
    # Tab goes from the last column list on to the status lists.
    assert mapping.columns["buyer"].nextInFocusChain() is mapping.status_combos["已完成"]

    _fill(mapping)
    qtbot.mouseClick(mapping.save_button, Qt.MouseButton.LeftButton)
    assert mapping.result() == QDialog.DialogCode.Accepted
    assert not mapping.problem.isVisible()
    saved = mapping.mapping
    assert saved is not None and saved.id.startswith("user_")
    assert _saved_files() == [f"{saved.id}.json"]
    assert saved.platform == "wechat" and saved.name_zh == "快团团 订单表"

    # The preview ran again with the new mapping.
    preview = dialog.preview
    assert preview is not None and preview.mapping.id == saved.id and dialog.mapping == saved
    assert (preview.rows_total, preview.rows_valid, preview.rows_error) == (4, 4, 0)
    assert preview.importable == 4 and preview.amount_total == Decimal("184.60")
    assert preview.by_status == {"completed": 2, "paid": 1, "closed": 1}
    assert "184.60" in dialog.summary.text() and "快团团 订单表" in dialog.summary.text()
    assert not dialog.map_button.isVisible() and not dialog.problem.isVisible()
    assert dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert _orders(db) == 4
    stored = {o.order_id: o for o in shops.orders_of_shop(state.ctx, shop_id)}
    assert stored["KT1002"].quantity == 2 and stored["KT1002"].product == "眉县猕猴桃 10斤"
    assert stored["KT1003"].after_sale.value == "refunded"
    assert stored["KT1003"].refund_amount == Decimal("25.00")

    # A second file of the same layout is recognised by itself: no mapping dialog.
    later = _write(tmp_path / "快团团导出-4月.csv", [
        "KT2001,眉县猕猴桃 5斤,1,42.00,已完成,2026-04-01 09:00:00,无,",
        "KT1001,眉县猕猴桃 5斤,1,39.90,已完成,2026-03-01 09:12:00,无,",
    ])
    second = _import_dialog(qtbot, state, shop_id)
    second.start_preview(later)
    assert second.preview is not None and second.preview.mapping.id == saved.id
    assert second.mapping is None and second.mapping_dialog is None
    assert not second.map_button.isVisible()
    assert second.preview.importable == 1 and second.preview.duplicates_existing == 1
    qtbot.mouseClick(second.confirm_button, Qt.MouseButton.LeftButton)
    assert _orders(db) == 5


def test_plain_messages_for_what_is_missing(qtbot, state, shop_id, db, tmp_path):
    dialog = _import_dialog(qtbot, state, shop_id)
    mapping = _mapping_dialog(qtbot, dialog, _write(tmp_path / "orders.csv", ROWS))
    _fill(mapping)

    # A required column not chosen.
    mapping.columns["amount"].setCurrentIndex(0)
    qtbot.mouseClick(mapping.save_button, Qt.MouseButton.LeftButton)
    assert mapping.isVisible() and mapping.problem.isVisible()
    assert mapping.labels["amount"] in mapping.problem.text()
    assert [w for _t, w in mapping.problems()] == [mapping.columns["amount"]]

    # A status wording left without meaning.
    _choose(mapping.columns["amount"], HEADERS.index("金额"))
    mapping.status_combos["已退款"].setCurrentIndex(0)
    qtbot.mouseClick(mapping.save_button, Qt.MouseButton.LeftButton)
    assert mapping.isVisible()
    assert "已退款" in mapping.problem.text()
    assert mapping.labels["amount"] not in mapping.problem.text()

    # The same column for two items, and no name.
    _choose(mapping.status_combos["已退款"], "closed")
    _choose(mapping.columns["buyer"], HEADERS.index("货品"))
    mapping.name.setText("  ")
    qtbot.mouseClick(mapping.save_button, Qt.MouseButton.LeftButton)
    problems = mapping.problems()
    assert len(problems) == 2 and problems[1][1] is mapping.name
    assert "货品" in mapping.problem.text()
    assert mapping.labels["product"] in problems[0][0] and mapping.labels["buyer"] in problems[0][0]
    assert _saved_files() == [] and dialog.preview is None  # nothing saved, nothing previewed

    # A status column that is not one (every value differs) is refused too.
    _choose(mapping.columns["buyer"], None)
    mapping.name.setText("快团团")
    _choose(mapping.columns["status"], HEADERS.index("成交时间"))
    assert len(mapping.status_combos) == 4  # four different times: a list for each
    _choose(mapping.columns["status"], HEADERS.index("状态"))
    assert mapping.status_combos["已退款"].currentData() == "closed"  # remembered
    qtbot.mouseClick(mapping.save_button, Qt.MouseButton.LeftButton)
    assert mapping.result() == QDialog.DialogCode.Accepted and dialog.preview is not None


def test_a_layout_named_after_a_platform_does_not_replace_the_shipped_one(
        qtbot, state, shop_id, tmp_path):
    dialog = _import_dialog(qtbot, state, shop_id)
    mapping = _mapping_dialog(qtbot, dialog, _write(tmp_path / "orders.csv", ROWS))
    _fill(mapping)
    mapping.name.setText("pinduoduo")
    _choose(mapping.platform, "pinduoduo")
    qtbot.mouseClick(mapping.save_button, Qt.MouseButton.LeftButton)
    saved = mapping.mapping
    assert saved is not None and saved.id not in {"pinduoduo", "taobao", "douyin"}
    assert saved.platform == "pinduoduo"
    ids = [m.id for m in sales_import.load_mappings()]
    assert {"pinduoduo", "taobao", "douyin", saved.id} == set(ids) and len(ids) == 4
    shipped = next(m for m in sales_import.load_mappings() if m.id == "pinduoduo")
    assert shipped.name_zh == "拼多多 商家后台 订单导出"
    # The platform's own export is still recognised by the shipped layout.
    dialog.start_preview(SAMPLES / "pinduoduo-orders.csv")
    assert dialog.preview is not None and dialog.preview.mapping.id == "pinduoduo"
    assert dialog.preview.importable == 40


def test_a_large_file_is_read_in_the_background(qtbot, state, tmp_path):
    rows = [f"K{n:05d},苹果,1,10.00,{'已完成' if n < 2500 else '很晚才出现'},2026-03-01 09:00:00,无,"
            for n in range(6000)]
    path = _write(tmp_path / "big.csv", rows)
    state.runner = Runner()  # real worker threads, as in the app
    mapping = MappingDialog(state, path)
    qtbot.addWidget(mapping)
    mapping.show()
    assert not mapping.form.isEnabled() and not mapping.save_button.isEnabled()
    qtbot.waitUntil(lambda: mapping.save_button.isEnabled(), timeout=30000)
    assert not mapping.progress.isVisible()
    assert len(mapping.rows) == sales_import.SAMPLE_ROWS
    assert list(mapping.status_combos) == ["已完成"]  # only what the first rows hold
    assert mapping.platform.currentData() == "other"
    mapping.reject()


def test_cancelling_the_mapping_keeps_the_refusal(qtbot, state, shop_id, tmp_path):
    dialog = _import_dialog(qtbot, state, shop_id)
    mapping = _mapping_dialog(qtbot, dialog, _write(tmp_path / "orders.csv", ROWS))
    qtbot.mouseClick(mapping.cancel_button, Qt.MouseButton.LeftButton)
    assert mapping.result() == QDialog.DialogCode.Rejected and not mapping.isVisible()
    assert dialog.preview is None and dialog.map_button.isVisible()
    assert _saved_files() == []

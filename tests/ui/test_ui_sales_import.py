"""Shops on the farmer page and the import preview → confirm dialog, with real files."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import Session, func, select

from station_app import paths
from station_app.services import farmers, shops
from station_app.store.models import SalesOrder, Shop
from station_app.ui.sales.import_dialog import ImportDialog
from station_app.ui.sales.shops_panel import NewShopDialog

SAMPLES = paths.resources_dir() / "samples"


def _orders(db) -> int:
    with Session(db.engine) as session:
        return session.exec(select(func.count()).select_from(SalesOrder)).one()


def _farmer_with_shop(tutor_ctx, valid_farmer_input):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="何秀梅"))
    shop_id = shops.create_shop(tutor_ctx, farmer_id, platform="pinduoduo", shop_name="秀梅果园",
                                opened_on=date(2024, 5, 1))
    return farmer_id, shop_id


def test_add_a_shop_from_the_farmer_page(qtbot, window, log_in, staff_passwords, tutor_ctx,
                                         valid_farmer_input, db, monkeypatch):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="何一"))
    log_in(window, "tutor", staff_passwords["tutor"])
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))  # Home comes first
    window.farmers.select_farmer(farmer_id)
    panel = window.farmers.detail.shops
    assert panel.isVisible() and panel.add_button.isVisible()
    assert panel.table.rowCount() == 0

    def fill_and_save(dialog: NewShopDialog) -> int:
        dialog.platform.setCurrentIndex(dialog.platform.findData("douyin"))
        dialog.name.setText("何家樱桃")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(NewShopDialog, "exec", fill_and_save)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text() == "抖音" or panel.table.item(0, 0).text() == "Douyin"
    assert panel.table.item(0, 1).text() == "何家樱桃"
    with Session(db.engine) as session:
        assert session.exec(select(Shop).where(Shop.farmer_id == farmer_id)).one().platform == "douyin"

    # A mistyped name is corrected; the platform stays (orders were read in its layout).
    def correct(dialog: NewShopDialog) -> int:
        assert dialog.name.text() == "何家樱桃" and not dialog.platform.isEnabled()
        dialog.name.setText("")
        dialog.save()
        assert dialog.errors["shop_name"].text()  # said in plain words, nothing saved
        dialog.name.setText("何家大樱桃")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(NewShopDialog, "exec", correct)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert panel.table.item(0, 1).text() == "何家大樱桃"
    with Session(db.engine) as session:
        shop = session.exec(select(Shop).where(Shop.farmer_id == farmer_id)).one()
        assert shop.shop_name == "何家大樱桃" and shop.platform == "douyin" and shop.version == 2


def test_preview_shows_row_errors_then_confirm_imports(qtbot, window, log_in, staff_passwords,
                                                       tutor_ctx, valid_farmer_input, db, tmp_path):
    farmer_id, _shop_id = _farmer_with_shop(tutor_ctx, valid_farmer_input)
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[2].split(",")
    cells[4] = "十二元"
    lines[2] = ",".join(cells)
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines), encoding="utf-8-sig")

    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.select_farmer(farmer_id)
    dialog = window.farmers.detail.shops.import_orders()
    assert isinstance(dialog, ImportDialog)
    dialog.start_preview(path)
    assert dialog.errors.isVisible() and dialog.errors.rowCount() == 1
    assert dialog.errors.item(0, 0).text() == "3"
    assert dialog.errors.item(0, 1).text() == "用户实付金额(元)"
    assert "十二元" in dialog.errors.item(0, 2).text()
    assert "39" in dialog.summary.text()
    assert not dialog.confirm_button.isEnabled()  # errors: refuse unless skipped
    assert _orders(db) == 0
    dialog.skip_invalid.setChecked(True)
    assert dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert _orders(db) == 39
    panel = window.farmers.detail.shops
    assert panel.table.item(0, 2).text() == "39"


def test_an_unreadable_file_is_explained_and_nothing_changes(qtbot, window, log_in, staff_passwords,
                                                              tutor_ctx, valid_farmer_input, db,
                                                              tmp_path):
    farmer_id, _ = _farmer_with_shop(tutor_ctx, valid_farmer_input)
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.select_farmer(farmer_id)
    dialog = window.farmers.detail.shops.import_orders()
    dialog.start_preview(path)
    assert "空" in dialog.problem.text()
    assert not dialog.confirm_button.isEnabled()
    assert _orders(db) == 0


def test_cancel_during_import_leaves_nothing(qtbot, window, log_in, staff_passwords, tutor_ctx,
                                             valid_farmer_input, db, tmp_path):
    from station_app.ui.runner import Runner

    farmer_id, _ = _farmer_with_shop(tutor_ctx, valid_farmer_input)
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = []
    for copy in range(1500):  # 60,000 distinct orders: the import takes a while
        for line in lines[1:]:
            cells = line.split(",")
            cells[1] = f"{cells[1]}-{copy}"
            rows.append(",".join(cells))
    big = tmp_path / "big.csv"
    big.write_text("\n".join([lines[0], *rows]), encoding="utf-8-sig")

    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.select_farmer(farmer_id)
    window.state.runner = Runner()  # real worker threads, as in the app
    dialog = window.farmers.detail.shops.import_orders()
    dialog.start_preview(big)
    assert dialog.progress.isVisible()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=60000)
    assert dialog.preview.importable == 60000
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isVisible() and not dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=60000)
    assert "取消" in dialog.problem.text() or "Cancelled" in dialog.problem.text()
    assert _orders(db) == 0
    assert dialog.isVisible()  # the clerk can try again


def _recent_copy(tmp_path):
    """The pinduoduo sample moved in time so that its last order is a week ago."""
    from datetime import datetime, timedelta

    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    fmt = "%Y-%m-%d %H:%M:%S"
    last = max(datetime.strptime(line.split(",")[6], fmt) for line in lines[1:])
    shift = datetime.now() - timedelta(days=7) - last
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        for column in (6, 7, 8):
            if cells[column]:
                cells[column] = (datetime.strptime(cells[column], fmt) + shift).strftime(fmt)
        out.append(",".join(cells))
    path = tmp_path / "recent.csv"
    path.write_text("\n".join(out), encoding="utf-8-sig")
    return path


def test_sales_chart_and_indicators_after_an_import(qtbot, window, log_in, staff_passwords,
                                                    tutor_ctx, valid_farmer_input, db, tmp_path):
    from station_app.services import sales_import

    farmer_id, shop_id = _farmer_with_shop(tutor_ctx, valid_farmer_input)
    log_in(window, "tutor", staff_passwords["tutor"])
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))  # Home comes first
    window.farmers.select_farmer(farmer_id)
    sales = window.farmers.detail.sales
    assert sales.isVisible()  # a shop, no orders yet: the panel shows dashes
    assert sales.values["refund_rate"].text() == "—"
    preview = sales_import.preview_import(tutor_ctx, shop_id, _recent_copy(tmp_path))
    sales_import.commit_import(tutor_ctx, preview)
    window.farmers.select_farmer(farmer_id)
    ind = sales.indicators
    assert ind is not None and ind.paid_orders > 0
    bars = sales.chart.series()[0].barSets()[0]
    assert bars.count() == len(sales.history[-12:]) >= 1
    assert sum(bars.at(i) for i in range(bars.count())) > 0
    assert sales.values["refund_rate"].text().endswith("%")
    assert sales.values["shop_age_days"].text() == str(ind.shop_age_days)


def test_old_exports_still_chart_but_indicators_are_missing(window, log_in, staff_passwords,
                                                            tutor_ctx, valid_farmer_input):
    from station_app.services import sales_import

    farmer_id, shop_id = _farmer_with_shop(tutor_ctx, valid_farmer_input)
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "taobao-orders-gbk.csv")
    sales_import.commit_import(tutor_ctx, preview)  # orders of mid-2025
    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.select_farmer(farmer_id)
    sales = window.farmers.detail.sales
    assert sales.chart.series()[0].barSets()[0].count() >= 1
    assert sales.values["refund_rate"].text() == "—"


def test_no_shops_no_sales_panel(window, log_in, staff_passwords, tutor_ctx, valid_farmer_input):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="何二"))
    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.select_farmer(farmer_id)
    assert not window.farmers.detail.sales.isVisible()

"""The farmer page's online shops: list, add a shop, import its orders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import Permission
from station_app.services import shops
from station_app.services.errors import ValidationFailed
from station_app.ui.forms import RecordDialog, decimal_edit, from_qdate, plain
from station_app.ui.sales.import_dialog import ImportDialog
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel, button_grid

if TYPE_CHECKING:
    from station_app.store.models import Shop


class NewShopDialog(QDialog):
    """Add a shop, or correct one (``shop``): its name and opening date; the platform stays,
    since the shop's orders were imported in that platform's layout."""

    def __init__(self, state: AppState, farmer_id: str, parent: QWidget | None = None,
                 *, shop: Shop | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.farmer_id = farmer_id
        self.shop = shop
        self.shop_id: str | None = shop.id if shop is not None else None
        self.setWindowTitle(self.tr("Correct the shop") if shop else self.tr("Add an online shop"))
        self.platform = QComboBox()
        self.platform.setObjectName("platform")
        for code, label in shops.PLATFORMS.items():
            self.platform.addItem(state.text(label), code)
        self.name = QLineEdit()
        self.name.setObjectName("shop_name")
        self.opened = QDateEdit()
        self.opened.setObjectName("opened_on")
        self.opened.setDisplayFormat("yyyy-MM-dd")
        self.opened.setCalendarPopup(True)
        self.opened.setDate(QDate.currentDate().addYears(-1))
        self.errors = {k: ErrorLabel() for k in ("platform", "shop_name", "opened_on")}
        form = QFormLayout(self)
        for key, label, widget in (("platform", self.tr("Platform"), self.platform),
                                   ("shop_name", self.tr("Shop name"), self.name),
                                   ("opened_on", self.tr("Opened on"), self.opened)):
            column = QVBoxLayout()
            column.addWidget(widget)
            column.addWidget(self.errors[key])
            form.addRow(label, column)
        save = BigButton(self.tr("Save"), primary=True)
        save.setObjectName("save_shop")
        save.clicked.connect(self.save)
        form.addRow(save)
        if shop is not None:
            self.platform.setCurrentIndex(max(0, self.platform.findData(shop.platform)))
            self.platform.setEnabled(False)
            self.platform.setToolTip(self.tr("The platform cannot change: its orders were "
                                             "imported in this platform's layout."))
            self.name.setText(shop.shop_name)
            if shop.opened_on is not None:
                self.opened.setDate(QDate(shop.opened_on.year, shop.opened_on.month,
                                          shop.opened_on.day))

    def save(self) -> None:
        d = self.opened.date()
        opened_on = date(d.year(), d.month(), d.day())
        try:
            if self.shop is not None:
                shops.update_shop(self.state.ctx, self.shop.id, shop_name=self.name.text(),
                                  opened_on=opened_on, base_version=self.shop.version)
            else:
                self.shop_id = shops.create_shop(
                    self.state.ctx, self.farmer_id, platform=self.platform.currentData(),
                    shop_name=self.name.text(), opened_on=opened_on)
        except ValidationFailed as exc:
            for key, label in self.errors.items():
                label.show_messages([self.state.text(m) for m in exc.fields.get(key, [])])
            return
        except Exception as exc:  # noqa: BLE001 - through the error channel
            self.state.errors.report(exc, self)
            return
        self.state.announce("shop")
        self.accept()


class MonthlyTotalDialog(RecordDialog):
    """Type one month's totals for a shop that has no export (or correct a month)."""

    announces = "monthly_sales"

    def __init__(self, state: AppState, shop_id: str, shop_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(state, self.tr("Monthly sales: %1").replace("%1", shop_name), parent)
        self.shop_id = shop_id
        self.typed = {t.month: t for t in shops.monthly_totals(state.ctx, shop_id)}
        self.month = QDateEdit(objectName="month")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setCalendarPopup(True)
        self.month.setMaximumDate(QDate.currentDate())
        self.month.setDate(QDate.currentDate().addMonths(-1))
        self.row("month", self.tr("Month *"), self.month,
                 self.tr("A month typed again replaces what was typed before."))
        self.orders = QSpinBox(objectName="orders")
        self.orders.setRange(0, 10_000_000)
        self.row("orders", self.tr("Orders *"), self.orders)
        self.gmv = self.row("gmv", self.tr("Sales (yuan) *"), decimal_edit("gmv", "12800.00"))
        self.refunds = self.row("refunds", self.tr("Refunds (yuan)"), decimal_edit("refunds", "0"))
        self.month.dateChanged.connect(self._month_chosen)
        self._month_chosen()

    def _month_chosen(self, *_args: object) -> None:
        """Show what is already stored for that month, so a correction starts from it."""
        known = self.typed.get(from_qdate(self.month.date()).replace(day=1))
        if known:
            self.orders.setValue(known.orders)
            self.gmv.setText(plain(known.gmv))
            self.refunds.setText(plain(known.refunds))

    def collect(self, problems: dict[str, list[str]]) -> dict:
        gmv = self.number("gmv", self.gmv, problems)
        if gmv is None and "gmv" not in problems:
            problems["gmv"] = [self.tr("Please enter the month's sales in yuan.")]
        refunds = self.number("refunds", self.refunds, problems)
        return {"month": from_qdate(self.month.date()), "orders": self.orders.value(),
                "gmv": gmv, "refunds": refunds}

    def commit(self, data: dict) -> None:  # type: ignore[override]
        shops.record_monthly_total(self.state.ctx, self.shop_id, month=data["month"],
                                   orders=data["orders"], gmv=data["gmv"],
                                   refunds=data["refunds"] or Decimal(0))


class ShopsPanel(QGroupBox):
    changed = Signal()  # a shop was added or orders imported

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.farmer_id: str | None = None
        self.summaries: list[shops.ShopSummary] = []
        self.setTitle(self.tr("Online shops"))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("shops_table")
        self.table.setHorizontalHeaderLabels([self.tr("Platform"), self.tr("Shop"),
                                              self.tr("Orders"), self.tr("Last order")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setMaximumHeight(160)
        self.add_button = BigButton(self.tr("Add shop"))
        self.add_button.setObjectName("add_shop")
        self.edit_button = BigButton(self.tr("Correct shop…"))
        self.edit_button.setObjectName("edit_shop")
        self.import_button = BigButton(self.tr("Import orders"))
        self.import_button.setObjectName("import_orders")
        self.monthly_button = BigButton(self.tr("Type monthly sales"))
        self.monthly_button.setObjectName("type_monthly")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(button_grid(self.edit_button, self.add_button, self.monthly_button,
                                     self.import_button, per_row=2))
        self.add_button.clicked.connect(self.add_shop)
        self.edit_button.clicked.connect(self.edit_shop)
        self.import_button.clicked.connect(self.import_orders)
        self.monthly_button.clicked.connect(self.type_monthly)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def show_farmer(self, farmer_id: str | None) -> None:
        self.farmer_id = farmer_id
        self.summaries = []
        if farmer_id and self.state.actor is not None:
            try:
                self.summaries = shops.shop_summaries(self.state.ctx, farmer_id)
            except Exception as exc:  # noqa: BLE001
                self.state.errors.report(exc, self)
        self.table.setRowCount(len(self.summaries))
        for row, summary in enumerate(self.summaries):
            platform = shops.PLATFORMS.get(summary.shop.platform)
            last = f"{summary.last_order:%Y-%m-%d}" if summary.last_order else "—"
            for column, text in enumerate((self.state.text(platform) if platform else "",
                                           summary.shop.shop_name, str(summary.orders), last)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.summaries:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        may_write = self.state.can(Permission.SALES_WRITE) and self.farmer_id is not None
        self.add_button.setVisible(may_write)
        self.edit_button.setVisible(may_write)
        self.edit_button.setEnabled(self.table.currentRow() >= 0)
        self.import_button.setVisible(may_write)
        self.monthly_button.setVisible(may_write)
        self.import_button.setEnabled(self.table.currentRow() >= 0)
        self.monthly_button.setEnabled(self.table.currentRow() >= 0)

    def add_shop(self) -> None:
        if self.farmer_id:
            dialog = NewShopDialog(self.state, self.farmer_id, self)
            if dialog.exec():
                self.show_farmer(self.farmer_id)
                self.changed.emit()

    def edit_shop(self) -> NewShopDialog | None:
        """Correct the selected shop's name or opening date (the dialog is returned for
        tests; it runs modal)."""
        row = self.table.currentRow()
        if not self.farmer_id or not 0 <= row < len(self.summaries):
            return None
        dialog = NewShopDialog(self.state, self.farmer_id, self, shop=self.summaries[row].shop)
        if dialog.exec():
            self.show_farmer(self.farmer_id)
            self.changed.emit()
        return dialog

    def import_orders(self) -> ImportDialog | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.summaries):
            return None
        shop = self.summaries[row].shop
        dialog = ImportDialog(self.state, shop.id, shop.shop_name, self)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def type_monthly(self) -> MonthlyTotalDialog | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.summaries):
            return None
        shop = self.summaries[row].shop
        dialog = MonthlyTotalDialog(self.state, shop.id, shop.shop_name, self)
        dialog.accepted.connect(self._typed)
        dialog.open()
        return dialog

    def _typed(self) -> None:
        self.changed.emit()

    def _imported(self, _result: object) -> None:
        self.show_farmer(self.farmer_id)
        self.changed.emit()

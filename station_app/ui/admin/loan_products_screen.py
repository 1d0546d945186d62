"""The loan product catalogue (贷款产品) for the admin: edit the products and save them.

Like the crop calendar screen, it edits a plain copy of the catalogue in the file layout
(``dump_products``), held in ``self.data``.  The table lists every product; the form below it
edits the selected one and writes straight into the copy.  Rates are typed in percent (4.35
for 4.35 % a year) and stored as fractions.  ``Save`` first checks each product in plain words
(lowest ≤ highest, a rate from 0 to 24 %, at least one repayment method, the usual method among
the ticked ones), then hands the whole copy, with the next version number, to
``loan_products.save_products`` in the background; every problem the domain finds comes back
as a list of sentences while the copy stays as typed.  Products are edited, not added or
removed, here.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.loans import KIND_LABELS, MAX_MONTHS, METHOD_LABELS, METHODS
from station_app.domain.loans import dump_products
from station_app.services import loan_products
from station_app.ui.admin.refdoc_editor import EditorTexts, RefDocEditor
from station_app.ui.state import AppState
from station_app.ui.widgets import ErrorLabel

FEN = Decimal("0.01")
MAX_RATE_PERCENT = Decimal(24)  # above this a loan is usurious (judicial protection line)
MAX_FEE_PERCENT = Decimal(50)  # the catalogue's own upper bound for the fee share
_MONEY_PATTERN = r"\d{1,9}(\.\d{0,2})?"
_PERCENT_PATTERN = r"\d{1,3}(\.\d{0,4})?"
_MONEY_RE = re.compile(rf"^{_MONEY_PATTERN}$")
_PERCENT_RE = re.compile(rf"^{_PERCENT_PATTERN}$")
COLUMNS = ("name", "kind", "amount", "term", "rate", "methods", "guarantee", "insurance",
           "fees")
FIELD_GROUPS = ("names", "amount", "term", "rate", "methods", "fees")


def _decimal(value: Any) -> Decimal | None:
    """A stored number ("3000.00", "0.0480"), or None when it is empty or not a number."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def money_text(value: Any) -> str:
    """What a money field shows: "3000.00" (the stored text as it is if it is no number)."""
    number = _decimal(value)
    return "" if value is None else str(value) if number is None else f"{number:.2f}"


def percent_text(fraction: Any) -> str:
    """A stored fraction as percent for the form: "0.0480" → "4.80", "0.00435" → "4.35"…"""
    number = _decimal(fraction)
    if number is None:
        return "" if fraction is None else str(fraction)
    percent = (number * 100).normalize()
    if percent.as_tuple().exponent > -2:  # type: ignore[operator]
        percent = percent.quantize(FEN)
    return format(percent, "f")


def money_value(text: str) -> str:
    """Typed yuan → the stored text ("3000" → "3000.00"); "" when not a number yet."""
    text = text.strip()
    if not _MONEY_RE.match(text):
        return ""
    return str(Decimal(text.rstrip(".")).quantize(FEN))


def fraction_value(text: str) -> str:
    """Typed percent → the stored fraction ("4.35" → "0.0435"); "" when not a number yet."""
    text = text.strip()
    if not _PERCENT_RE.match(text):
        return ""
    return format((Decimal(text.rstrip(".")) / 100).normalize(), "f")


def _validator(pattern: str, parent: QWidget) -> QRegularExpressionValidator:
    return QRegularExpressionValidator(QRegularExpression(pattern), parent)


class LoanProductsScreen(RefDocEditor):
    """The admin's loan product editor.  ``LoanProductsScreen(state, parent=None)``."""

    guard_permission = True  # Save and restore do nothing for a role that may not edit

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent, save=loan_products.save_products,
                         reset=loan_products.reset_products, status_name="products_status")
        self.data = {"version": 1, "currency": "CNY", "products": []}

        title = QLabel(self.tr("Loan products"), objectName="title")
        self.version_label = QLabel(objectName="save_version")
        self.problems_title.setWordWrap(True)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))

        # the products
        self.table = QTableWidget(0, len(COLUMNS), objectName="products")
        self.table.setHorizontalHeaderLabels([
            self.tr("Product"), self.tr("Kind"), self.tr("Amount (yuan)"),
            self.tr("Term (months)"), self.tr("Annual rate"), self.tr("Repayment methods"),
            self.tr("Guarantee needed"), self.tr("Insurance needed"), self.tr("Fees")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the form
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)

        # the form for the selected product
        self.form_box = QGroupBox(objectName="product_form")
        self.kind_label = QLabel(objectName="kind")
        self.name_zh = QLineEdit(objectName="name_zh")
        self.name_en = QLineEdit(objectName="name_en")
        self.amount_min = QLineEdit(objectName="amount_min")
        self.amount_max = QLineEdit(objectName="amount_max")
        for edit in (self.amount_min, self.amount_max):
            edit.setValidator(_validator(_MONEY_PATTERN, edit))
            edit.setPlaceholderText("3000.00")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.term_min = QSpinBox(objectName="term_min")
        self.term_max = QSpinBox(objectName="term_max")
        for spin in (self.term_min, self.term_max):
            spin.setRange(1, MAX_MONTHS)
            spin.setMinimumWidth(100)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.rate = QLineEdit(objectName="annual_rate")
        self.rate.setValidator(_validator(_PERCENT_PATTERN, self.rate))
        self.rate.setPlaceholderText("4.35")
        self.rate.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.method_boxes = {m: QCheckBox(self.state.text(METHOD_LABELS[m]),
                                          objectName=f"method_{m}") for m in METHODS}
        self.default_method = QComboBox(objectName="default_method")
        for method in METHODS:
            self.default_method.addItem(self.state.text(METHOD_LABELS[method]), method)
        self.guarantee = QCheckBox(self.tr("A cooperative guarantee is required"),
                                   objectName="requires_coop_guarantee")
        self.insurance = QCheckBox(self.tr("Weather-index insurance is required"),
                                   objectName="requires_weather_insurance")
        self.fee_fixed = QLineEdit(objectName="fee_fixed")
        self.fee_fixed.setValidator(_validator(_MONEY_PATTERN, self.fee_fixed))
        self.fee_fixed.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.fee_rate = QLineEdit(objectName="fee_rate")
        self.fee_rate.setValidator(_validator(_PERCENT_PATTERN, self.fee_rate))
        self.fee_rate.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.field_errors = {key: ErrorLabel() for key in FIELD_GROUPS}
        for key, label in self.field_errors.items():
            label.setObjectName(f"error_{key}")

        def pair(first: QWidget, between: str, second: QWidget, unit: str) -> QWidget:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(first)
            line.addWidget(QLabel(between))
            line.addWidget(second)
            line.addWidget(QLabel(unit))
            line.addStretch(1)
            return row

        def with_unit(widget: QWidget, unit: str) -> QWidget:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(widget)
            line.addWidget(QLabel(unit))
            line.addStretch(1)
            return row

        methods_row = QWidget()
        methods_layout = QVBoxLayout(methods_row)
        methods_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.method_boxes.values():
            methods_layout.addWidget(box)
        fees_row = QWidget()
        fees_line = QHBoxLayout(fees_row)
        fees_line.setContentsMargins(0, 0, 0, 0)
        fees_line.addWidget(self.fee_fixed)
        fees_line.addWidget(QLabel(self.tr("yuan, plus")))
        fees_line.addWidget(self.fee_rate)
        fees_line.addWidget(QLabel(self.tr("% of the amount")))
        fees_line.addStretch(1)

        for edit in (self.amount_min, self.amount_max, self.term_min, self.term_max, self.rate,
                     self.fee_fixed, self.fee_rate):
            edit.setMaximumWidth(180)
        columns = QHBoxLayout(self.form_box)
        form, form_right = QFormLayout(), QFormLayout()
        for half in (form, form_right):
            half.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            columns.addLayout(half, 1)
        columns.insertSpacing(1, 24)
        form.addRow(self.tr("Kind"), self.kind_label)
        form.addRow(self.tr("Chinese name"), self.name_zh)
        form.addRow(self.tr("English name"), self.name_en)
        form.addRow(self.field_errors["names"])
        form.addRow(self.tr("Amount"), pair(self.amount_min, self.tr("to"), self.amount_max,
                                            self.tr("yuan")))
        form.addRow(self.field_errors["amount"])
        form.addRow(self.tr("Term"), pair(self.term_min, self.tr("to"), self.term_max,
                                          self.tr("months")))
        form.addRow(self.field_errors["term"])
        form.addRow(self.tr("Annual rate"), with_unit(self.rate, self.tr("% a year")))
        form.addRow(self.field_errors["rate"])
        form_right.addRow(self.tr("Repayment methods"), methods_row)
        form_right.addRow(self.tr("Usual repayment method"), self.default_method)
        form_right.addRow(self.field_errors["methods"])
        form_right.addRow(self.tr("Conditions"), self.guarantee)
        form_right.addRow("", self.insurance)
        form_right.addRow(self.tr("Fees paid up front"), fees_row)
        form_right.addRow(self.field_errors["fees"])
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_box)

        self._lay_out(title, [self.version_label], [], self.table, scroll, lower_stretch=2)

        # Bound methods, not lambdas: PySide keeps lambda receivers alive past their widgets.
        self.table.currentCellChanged.connect(self._product_selected)
        for edit in (self.name_zh, self.name_en, self.amount_min, self.amount_max, self.rate,
                     self.fee_fixed, self.fee_rate):
            edit.textEdited.connect(self._form_edited)
        for spin in (self.term_min, self.term_max):
            spin.valueChanged.connect(self._form_edited)
        for box in (*self.method_boxes.values(), self.guarantee, self.insurance):
            box.toggled.connect(self._form_edited)
        self.default_method.currentIndexChanged.connect(self._form_edited)
        self._start()

    def _texts(self) -> EditorTexts:
        return EditorTexts(
            reset=self.tr("Restore the shipped catalogue"),
            reset_question=self.tr("Use the loan products shipped with the app again? The "
                                   "edited catalogue stops being used (it stays in the "
                                   "records), and changes not saved yet are lost."),
            saved=self.tr("Saved. The loan products in use are now version %1."),
            save_failed=self.tr("The loan products were not saved. Please correct these "
                                "problems (your changes are still here):"),
            reset_done=self.tr("The loan products shipped with the app (version %1) are in "
                               "use again."),
            reset_failed=self.tr("The shipped catalogue could not be restored:"),
            status_invalid=self.tr("The edited catalogue stored in the database has problems "
                                   "and is not used; the catalogue shipped with the app "
                                   "(version %1) is in use. Save a corrected catalogue to "
                                   "replace it."),
            status_edited_by=self.tr("In use: the catalogue edited at this station, version "
                                     "%1 (saved %2 by %3)."),
            status_edited=self.tr("In use: the catalogue edited at this station, version %1."),
            status_reset_by=self.tr("In use: the catalogue shipped with the app, version %1 "
                                    "(restored %2 by %3)."),
            status_shipped=self.tr("In use: the catalogue shipped with the app, version %1."))

    # -- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Show the catalogue in use (drops unsaved changes)."""
        self.info = loan_products.products_info(self.state.db)
        self._show(dump_products(loan_products.active_products(self.state.db)))
        self._loaded()

    def _show(self, data: dict[str, Any]) -> None:
        keep = self.current_id()
        self.data = data
        products = self.products()
        self.table.setRowCount(len(products))
        for row in range(len(products)):
            self._refresh_row(row)
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        header = self.table.horizontalHeader().sizeHint().height()
        bar = self.table.horizontalScrollBar().sizeHint().height()
        self.table.setMinimumHeight(min(len(products), 6) * 40 + header + bar + 6)
        ids = [p.get("id") for p in products]
        self.select_product(ids.index(keep) if keep in ids else 0)
        self._apply_permission()

    def _apply_permission(self) -> None:
        may = self.may_edit
        for widget in (self.save_button, self.discard_button, self.reset_button):
            widget.setEnabled(may and not self.saving)
        self.form_box.setEnabled(may and not self.saving and self.current_product() is not None)

    def _update_status(self) -> None:
        super()._update_status()
        if self.info is not None:
            self.version_label.setText(self.tr("Saving makes version %1")
                                       .replace("%1", str(self.info.next_version)))

    # -- the table -----------------------------------------------------------------------
    def products(self) -> list[dict[str, Any]]:
        products = self.data.get("products")
        return products if isinstance(products, list) else []

    def _name(self, product: dict[str, Any]) -> str:
        key = "name_en" if self.state.language.lower().startswith("en") else "name_zh"
        return str(product.get(key) or product.get("id") or "")

    def _yes_no(self, value: Any) -> str:
        return self.tr("Yes") if value is True else self.tr("No")

    def _cells(self, product: dict[str, Any]) -> list[str]:
        separator = ", " if self.state.language.lower().startswith("en") else "、"
        kind = KIND_LABELS.get(str(product.get("kind")))
        methods = [self.state.text(METHOD_LABELS[m]) for m in product.get("methods") or []
                   if m in METHOD_LABELS]
        fees = product.get("fees") if isinstance(product.get("fees"), dict) else {}
        fee_parts = []
        fixed = _decimal(fees.get("fixed_yuan", "0"))
        if fixed:
            fee_parts.append(self.tr("%1 yuan").replace("%1", f"{fixed:,.2f}"))
        if _decimal(fees.get("rate_of_amount", "0")):
            fee_parts.append(self.tr("%1 % of the amount").replace(
                "%1", percent_text(fees.get("rate_of_amount"))))
        low = _decimal(product.get("amount_min_yuan"))
        high = _decimal(product.get("amount_max_yuan"))
        rate = percent_text(product.get("annual_rate"))
        return [
            self._name(product),
            self.state.text(kind) if kind is not None else str(product.get("kind", "")),
            f"{low:,.2f} – {high:,.2f}" if low is not None and high is not None else "",
            f"{product.get('term_months_min', '')} – {product.get('term_months_max', '')}",
            f"{rate} %" if rate else "",
            separator.join(methods),
            self._yes_no(product.get("requires_coop_guarantee")),
            self._yes_no(product.get("requires_weather_insurance")),
            " + ".join(fee_parts) if fee_parts else self.tr("None"),
        ]

    def _refresh_row(self, row: int) -> None:
        product = self.products()[row]
        for column, text in enumerate(self._cells(product)):
            item = self.table.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if COLUMNS[column] in ("amount", "term", "rate"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            item.setText(text)
            item.setToolTip(text)

    # -- selection -----------------------------------------------------------------------
    def current_row(self) -> int:
        row = self.table.currentRow()
        return row if 0 <= row < len(self.products()) else -1

    def current_product(self) -> dict[str, Any] | None:
        row = self.current_row()
        return self.products()[row] if row >= 0 else None

    def current_id(self) -> str | None:
        product = self.current_product()
        return product.get("id") if product else None

    def row_of(self, product_id: str) -> int:
        return [p.get("id") for p in self.products()].index(product_id)

    def select_product(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            self.table.setCurrentCell(row, 0)
            self.table.selectRow(row)
        self._product_selected()

    def _product_selected(self, *_args: object) -> None:
        product = self.current_product()
        self._fill_form(product)
        self._show_field_errors(self.check_product(product) if product else {})
        self._apply_permission()

    def _fill_form(self, product: dict[str, Any] | None) -> None:
        self._filling = True
        try:
            product = product or {}
            self.form_box.setTitle(self._name(product) if product else "")
            kind = KIND_LABELS.get(str(product.get("kind")))
            self.kind_label.setText(self.state.text(kind) if kind is not None else "")
            self.name_zh.setText(str(product.get("name_zh", "")))
            self.name_en.setText(str(product.get("name_en", "")))
            self.amount_min.setText(money_text(product.get("amount_min_yuan", "")))
            self.amount_max.setText(money_text(product.get("amount_max_yuan", "")))
            for spin, key in ((self.term_min, "term_months_min"),
                              (self.term_max, "term_months_max")):
                value = product.get(key)
                spin.setValue(value if isinstance(value, int) and not isinstance(value, bool)
                              else 1)
            self.rate.setText(percent_text(product.get("annual_rate", "")))
            methods = product.get("methods") or []
            for method, box in self.method_boxes.items():
                box.setChecked(method in methods)
            self.default_method.setCurrentIndex(
                self.default_method.findData(product.get("default_method")))
            self.guarantee.setChecked(product.get("requires_coop_guarantee") is True)
            self.insurance.setChecked(product.get("requires_weather_insurance") is True)
            fees = product.get("fees") if isinstance(product.get("fees"), dict) else {}
            self.fee_fixed.setText(money_text(fees.get("fixed_yuan", "0.00")))
            self.fee_rate.setText(percent_text(fees.get("rate_of_amount", "0")))
        finally:
            self._filling = False

    # -- editing -------------------------------------------------------------------------
    def _form_edited(self, *_args: object) -> None:
        product = self.current_product()
        if self._filling or product is None or not self.may_edit:
            return
        before = copy.deepcopy(product)
        product["name_zh"] = self.name_zh.text().strip()
        product["name_en"] = self.name_en.text().strip()
        product["amount_min_yuan"] = money_value(self.amount_min.text())
        product["amount_max_yuan"] = money_value(self.amount_max.text())
        product["term_months_min"] = self.term_min.value()
        product["term_months_max"] = self.term_max.value()
        product["annual_rate"] = fraction_value(self.rate.text())
        ticked = [m for m, box in self.method_boxes.items() if box.isChecked()]
        kept = [m for m in before.get("methods") or [] if m in ticked]  # keep the file's order
        product["methods"] = kept + [m for m in ticked if m not in kept]
        product["default_method"] = self.default_method.currentData()
        product["requires_coop_guarantee"] = self.guarantee.isChecked()
        product["requires_weather_insurance"] = self.insurance.isChecked()
        product["fees"] = {"fixed_yuan": money_value(self.fee_fixed.text()),
                           "rate_of_amount": fraction_value(self.fee_rate.text())}
        # Keep the stored text of what the form shows unchanged (e.g. "0.0480", not "0.048").
        for key in ("annual_rate",):
            if _decimal(before.get(key)) == _decimal(product[key]) and product[key]:
                product[key] = before[key]
        for key in ("fixed_yuan", "rate_of_amount"):
            old = (before.get("fees") or {}).get(key)
            if product["fees"][key] and _decimal(old) == _decimal(product["fees"][key]):
                product["fees"][key] = old
        if product == before:
            return
        self._refresh_row(self.current_row())
        self.form_box.setTitle(self._name(product))
        self._show_field_errors(self.check_product(product))
        self._set_dirty(True)
        self._say("")

    # -- plain-word checks ---------------------------------------------------------------
    def check_product(self, product: dict[str, Any]) -> dict[str, list[str]]:
        """What is wrong with one product, by form group ({} when nothing is)."""
        found: dict[str, list[str]] = {}

        def add(key: str, text: str) -> None:
            found.setdefault(key, []).append(text)

        if not str(product.get("name_zh", "")).strip():
            add("names", self.tr("Enter the Chinese name."))
        if not str(product.get("name_en", "")).strip():
            add("names", self.tr("Enter the English name."))
        low = _decimal(product.get("amount_min_yuan"))
        high = _decimal(product.get("amount_max_yuan"))
        if low is None or high is None:
            add("amount", self.tr("Enter the lowest and the highest amount in yuan, "
                                  "for example 3000 and 300000."))
        elif low <= 0:
            add("amount", self.tr("The lowest amount must be above 0 yuan."))
        elif low > high:
            add("amount", self.tr("The lowest amount (%1 yuan) is above the highest amount "
                                  "(%2 yuan).").replace("%1", f"{low:,.2f}")
                .replace("%2", f"{high:,.2f}"))
        term_low, term_high = product.get("term_months_min"), product.get("term_months_max")
        if isinstance(term_low, int) and isinstance(term_high, int) and term_low > term_high:
            add("term", self.tr("The shortest term (%1 months) is longer than the longest "
                                "term (%2 months).").replace("%1", str(term_low))
                .replace("%2", str(term_high)))
        rate = _decimal(product.get("annual_rate"))
        if rate is None:
            add("rate", self.tr("Enter the annual rate in percent, for example 4.35."))
        elif not 0 <= rate * 100 <= MAX_RATE_PERCENT:
            add("rate", self.tr("The annual rate must be between 0 and 24 % (it is %1 %).")
                .replace("%1", percent_text(product.get("annual_rate"))))
        methods = product.get("methods") or []
        if not methods:
            add("methods", self.tr("Tick at least one repayment method."))
        elif product.get("default_method") not in methods:
            add("methods", self.tr("The usual repayment method must be one of the ticked "
                                   "methods."))
        fees = product.get("fees") if isinstance(product.get("fees"), dict) else {}
        if _decimal(fees.get("fixed_yuan", "0")) is None:
            add("fees", self.tr("Enter the fixed fee in yuan (0 if there is none)."))
        fee_rate = _decimal(fees.get("rate_of_amount", "0"))
        if fee_rate is None:
            add("fees", self.tr("Enter the fee as a percent of the amount (0 if there is "
                                "none)."))
        elif fee_rate * 100 > MAX_FEE_PERCENT:
            add("fees", self.tr("The fee may be at most 50 % of the amount."))
        return found

    def _show_field_errors(self, found: dict[str, list[str]]) -> None:
        for key, label in self.field_errors.items():
            label.show_messages(found.get(key, []))

    def check_all(self) -> list[str]:
        """Every plain-word problem of every product, each led by the product's name; the
        first product with problems is selected so its fields show them."""
        separator = ": " if self.state.language.lower().startswith("en") else "："
        texts: list[str] = []
        first = -1
        for row, product in enumerate(self.products()):
            found = self.check_product(product)
            if found and first < 0:
                first = row
            texts += [self._name(product) + separator + text
                      for key in FIELD_GROUPS for text in found.get(key, [])]
        if first >= 0 and first != self.current_row():
            self.select_product(first)
        return texts

    # -- saving --------------------------------------------------------------------------
    def data_to_save(self) -> dict[str, Any]:
        data = copy.deepcopy(self.data)
        data["version"] = self.info.next_version if self.info else data.get("version", 1)
        return data

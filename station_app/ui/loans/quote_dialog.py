"""贷款试算: quote a loan for the farmer in front of you — amount, term, schedule and the
annualized rate (PBoC 2021 No. 3), or every reason it cannot be offered.  Nothing is saved."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.loans import METHOD_LABELS, Quote
from station_app.domain.money import to_chinese_capital
from station_app.domain.roles import Permission
from station_app.domain.scoring import format_value
from station_app.services import loan_applications, loans, planting
from station_app.ui.loans.application_dialog import ApplicationDialog
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

SEASON_KINDS = ("planting", "farm_input")


class QuoteDialog(QDialog):
    def __init__(self, state: AppState, farmer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.farmer_id = farmer_id
        self.quote: Quote | None = None
        self.setWindowTitle(self.tr("Loan quote"))
        self.setObjectName("quote_dialog")
        self.setMinimumSize(820, 640)
        self.catalogue = loans.catalogue_for(state.db)  # the station's products, as opened
        self.product = QComboBox(objectName="quote_product")
        for product in self.catalogue.products.values():
            self.product.addItem(self.state.text(product.name), product.id)
        self.season = QComboBox(objectName="quote_season")
        for season in planting.list_seasons(state.ctx, farmer_id):
            self.season.addItem(
                f"{season.crop_name(state.language)} · {season.plot_name} · "
                f"{format_value('mu', season.area_mu, state.language)} · "
                f"{season.planting_date:%Y-%m-%d}", season.id)
        self.amount = QLineEdit(objectName="quote_amount")
        self.amount.setPlaceholderText(self.tr("blank: the most that can be lent"))
        self.method = QComboBox(objectName="quote_method")
        self.quote_button = BigButton(self.tr("Quote"), primary=True)
        self.quote_button.setObjectName("quote_run")
        form = QFormLayout()
        form.addRow(self.tr("Product"), self.product)
        form.addRow(self.tr("For the season"), self.season)
        form.addRow(self.tr("Amount (yuan)"), self.amount)
        form.addRow(self.tr("Repayment"), self.method)
        self.error = ErrorLabel()
        self.summary = QLabel(objectName="quote_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.schedule = QTableWidget(0, 5, objectName="quote_schedule")
        self.schedule.setHorizontalHeaderLabels([self.tr("Due"), self.tr("Principal"),
                                                  self.tr("Interest"), self.tr("Payment"),
                                                  self.tr("Balance after")])
        self.schedule.verticalHeader().hide()
        self.schedule.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.schedule.horizontalHeader().setStretchLastSection(True)
        close = BigButton(self.tr("Close"))
        self.file_button = BigButton(self.tr("File this application"))
        self.file_button.setObjectName("quote_file")
        self.file_button.setToolTip(self.tr("Saves the application with these terms and sends it to the branch for a decision."))  # noqa: E501
        self.file_button.hide()
        self.filed_id: str | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.quote_button)
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("A quote saves nothing: it shows what could be lent today and on which terms."))  # noqa: E501
        hint.setObjectName("hint")
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.schedule, 1)
        self.product.currentIndexChanged.connect(self._product_changed)
        self.quote_button.clicked.connect(self.run_quote)
        self.file_button.clicked.connect(self.file_application)
        self.amount.returnPressed.connect(self.run_quote)
        close.clicked.connect(self.accept)
        self._product_changed()

    def _product_changed(self, *_args: object) -> None:
        product = self.catalogue[self.product.currentData()]
        self.season.setEnabled(product.kind in SEASON_KINDS)
        self.method.clear()
        for method in product.methods:
            self.method.addItem(self.state.text(METHOD_LABELS[method]), method)
        self.method.setCurrentIndex(max(0, self.method.findData(product.default_method)))

    def run_quote(self) -> None:
        self.error.show_messages([])
        text = self.amount.text().strip().replace(",", "").replace("，", "")
        try:
            amount = Decimal(text) if text else None
            if amount is not None and (not amount.is_finite() or amount <= 0):
                raise InvalidOperation
        except InvalidOperation:
            self.error.show_messages([self.tr("Type the amount in yuan, e.g. 50000, or leave it blank.")])  # noqa: E501
            return
        product_id, method = self.product.currentData(), self.method.currentData()
        kind = self.catalogue[product_id].kind
        ctx, farmer_id, season_id = self.state.ctx, self.farmer_id, self.season.currentData()
        if kind in SEASON_KINDS and not season_id:
            self.error.show_messages([self.tr("Record a planting season first (Planting tab): the loan is for one season.")])  # noqa: E501
            return

        def work() -> Quote:
            if kind in SEASON_KINDS:
                return loans.planting_quote(ctx, farmer_id, product_id, season_id,
                                            requested_amount=amount, method=method)
            return loans.order_quote(ctx, farmer_id, product_id, requested_amount=amount,
                                     method=method)

        self.quote_button.setEnabled(False)
        self.file_button.hide()
        self.state.runner.run(work, self._show, self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.quote_button.setEnabled(True)
        self.state.errors.report(exc, self)

    def _show(self, quote: Quote) -> None:
        self.quote_button.setEnabled(True)
        self.quote = quote
        self.file_button.setVisible(quote.eligible and self.state.can(
            Permission.APPLICATION_PREPARE))
        self.file_button.setEnabled(True)
        language = self.state.language
        money = lambda v: format_value("yuan", v, language)  # noqa: E731
        lines = []
        if quote.eligible:
            rate = quote.annualized_rate if quote.annualized_rate is not None else Decimal(0)
            lines.append(self.tr("<b>Can be lent: %1</b> (%2)").replace(
                "%1", money(quote.amount)).replace("%2", to_chinese_capital(quote.amount)))
            lines.append(self.tr("<b>Annualized rate %1</b> (IRR method, all fees included) · "
                                 "contract rate %2 a year").replace(
                "%1", f"{rate * 100:.2f}%").replace("%2", f"{quote.annual_rate * 100:.2f}%"))
            lines.append(self.tr("%1 months, %2, due %3 · interest %4 · to repay %5").replace(
                "%1", str(quote.term_months)).replace(
                "%2", self.state.text(quote.method_label)).replace(
                "%3", f"{quote.maturity:%Y-%m-%d}").replace(
                "%4", money(quote.total_interest)).replace("%5", money(quote.total_repayment)))
        else:
            lines.append(self.tr("<b>This loan cannot be offered now:</b>"))
            lines += [f"• {self.state.text(r)}" for r in quote.reasons]
            if quote.max_amount > 0:
                lines.append(self.tr("The most that could be lent: %1").replace(
                    "%1", money(quote.max_amount)))
        lines += [f"<i>{self.state.text(n)}</i>" for n in quote.notes]
        self.summary.setText("<br>".join(lines))
        self.schedule.setRowCount(len(quote.schedule))
        for row, item in enumerate(quote.schedule):
            cells = (f"{item.due_date:%Y-%m-%d}", money(item.principal), money(item.interest),
                     money(item.total), money(item.balance))
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.schedule.setItem(row, col, cell)
        self.schedule.setVisible(bool(quote.schedule))

    def file_application(self) -> None:
        """File the quote shown as an application (submitted to the branch) and open it."""
        quote = self.quote
        if quote is None or not quote.eligible:
            return
        season_id = (self.season.currentData()
                     if self.catalogue[quote.product_id].kind in SEASON_KINDS else None)
        self.file_button.setEnabled(False)
        try:
            self.filed_id = loan_applications.file_application(
                self.state.ctx, self.farmer_id, quote, season_id=season_id)
        except Exception as exc:  # noqa: BLE001 - through the error channel, nothing lost
            self.file_button.setEnabled(True)
            self.state.errors.report(exc, self)
            return
        self.state.announce("loan_application")
        self.file_button.hide()
        dialog = ApplicationDialog(self.state, self.filed_id, self)
        dialog.open()

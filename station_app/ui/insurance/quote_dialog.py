"""保险试算: quote a weather-index insurance policy for the farmer in front of you — the
premium, who pays which part of it (中央/省/县 财政补贴 and 农户自缴), what the product
would have paid in each past year, and basis risk in plain words.  Nothing is saved."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.insurance import SHARE_KEYS, describe_product
from station_app.domain.roles import Permission
from station_app.domain.scoring import format_value
from station_app.services import insurance, planting
from station_app.services.errors import ValidationFailed
from station_app.services.insurance import InsuranceQuote
from station_app.ui.insurance.policy_dialog import ApplyPolicyDialog, PolicyDialog
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _plain(value: Decimal) -> str:
    """8 → "8", 12.50 → "12.5"."""
    text = format(value.normalize(), "f")
    return text if text not in ("-0", "") else "0"


def _payout_chart(title: str, years: list[str], values: list[float]) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    bars = QBarSet(title)
    bars.setColor(QColor("#1565c0"))
    for value in values:
        bars.append(value)
    series = QBarSeries()
    series.append(bars)
    series.setBarWidth(0.7)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(years)
    small = axis_x.labelsFont()
    small.setPointSize(8)
    axis_x.setLabelsFont(small)
    axis_x.setLabelsAngle(-90)
    axis_x.setTruncateLabels(False)  # 31 rotated years fit; truncated they read “…”
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    axis_y.setRange(0, max(values, default=0) * 1.1 or 1)
    axis_y.applyNiceNumbers()
    axis_y.setLabelFormat("%d")
    axis_y.setLabelsFont(small)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    return chart


class InsuranceQuoteDialog(QDialog):
    def __init__(self, state: AppState, farmer_id: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.farmer_id = farmer_id
        self.quote: InsuranceQuote | None = None
        self.setWindowTitle(self.tr("Weather-index insurance quote"))
        self.setObjectName("insurance_quote_dialog")
        self.setMinimumSize(860, 680)
        self.product = QComboBox(objectName="insurance_product")
        for product in insurance.catalogue():
            self.product.addItem(product.name(state.language), product.id)
        self.about = QLabel(objectName="insurance_about")
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.mu = QLineEdit(objectName="insurance_mu")
        self.mu.setPlaceholderText(self.tr("e.g. 8 or 12.5"))
        if farmer_id is not None:
            area = sum((p.area_mu for p in planting.list_plots(state.ctx, farmer_id)),
                       Decimal(0))
            if area > 0:
                self.mu.setText(_plain(area))
        self.quote_button = BigButton(self.tr("Quote"), primary=True)
        self.quote_button.setObjectName("insurance_run")
        form = QFormLayout()
        form.addRow(self.tr("Product"), self.product)
        form.addRow(self.tr("Insured area (mu)"), self.mu)
        self.error = ErrorLabel()

        self.summary = QLabel(objectName="insurance_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.split = QTableWidget(len(SHARE_KEYS), 3, objectName="insurance_split")
        self.split.setHorizontalHeaderLabels([self.tr("Who pays"), self.tr("Share"),
                                              self.tr("Amount")])
        self.split.verticalHeader().hide()
        self.split.setWordWrap(False)
        self.split.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.split.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.split.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.split.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self._share_names = {
            "central": self.tr("Central government subsidy"),
            "province": self.tr("Provincial subsidy"),
            "county": self.tr("County subsidy"),
            "farmer": self.tr("Paid by the farmer"),
        }
        self.chart_view = QChartView(objectName="insurance_chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(280)
        self.history = QLabel(objectName="insurance_history")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.basis_risk = QLabel(objectName="insurance_basis_risk")
        self.basis_risk.setWordWrap(True)
        self.basis_risk.setTextFormat(Qt.TextFormat.RichText)
        self.basis_risk.setFrameShape(QFrame.Shape.StyledPanel)
        self.basis_risk.setStyleSheet("QLabel { background: #fff8e1; padding: 8px; }")

        self.results = QWidget(objectName="insurance_results")
        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.summary)
        left.addWidget(self.split)
        left.addStretch(1)
        top.addLayout(left, 2)
        top.addWidget(self.chart_view, 3)
        results = QVBoxLayout(self.results)
        results.setContentsMargins(0, 0, 0, 0)
        results.addLayout(top)
        results.addWidget(self.history)
        results.addWidget(self.basis_risk)
        about_title = QLabel(self.tr("How this product pays"))
        bold = about_title.font()
        bold.setBold(True)
        about_title.setFont(bold)
        # Results first once there are any; before that, what the product is.
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.results)
        column.addWidget(about_title)
        column.addWidget(self.about)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.results.hide()

        close = BigButton(self.tr("Close"))
        self.apply_button = BigButton(self.tr("Apply for this insurance…"))
        self.apply_button.setObjectName("insurance_apply")
        self.apply_button.hide()
        self.applied_id: str | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.quote_button)
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("A quote saves nothing: it shows the premium, the subsidies and what the product would have paid in past years."))  # noqa: E501
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        self.product.currentIndexChanged.connect(self._product_changed)
        self.quote_button.clicked.connect(self.run_quote)
        self.apply_button.clicked.connect(self.apply)
        self.mu.returnPressed.connect(self.run_quote)
        close.clicked.connect(self.accept)
        self._product_changed()

    def _product_changed(self, *_args: object) -> None:
        product = insurance.product(self.product.currentData())
        language = self.state.language
        station = product.station_name_zh or product.station_id
        lines = [self.tr("Weather station: %1 (%2) · sum insured %3 per mu").replace(
            "%1", station).replace("%2", product.station_id).replace(
            "%3", format_value("yuan", product.sum_insured_per_mu, language))]
        lines += [f"• {self.state.text(m)}" for m in describe_product(product)]
        self.about.setText("<br>".join(lines))

    def run_quote(self) -> None:
        self.error.show_messages([])
        text = self.mu.text().strip().replace(",", "").replace("，", "")
        for unit in ("亩", "mu"):
            text = text.removesuffix(unit).strip()
        try:
            mu = Decimal(text)
            if not mu.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.error.show_messages([self.tr("Type the insured area in mu, e.g. 8 or 12.5.")])
            return
        ctx, product_id = self.state.ctx, self.product.currentData()
        self.quote_button.setEnabled(False)
        self.state.runner.run(lambda: insurance.quote(ctx, product_id, mu), self._show,
                              self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.quote_button.setEnabled(True)
        if isinstance(exc, ValidationFailed) and exc.fields:
            self.error.show_messages([self.state.text(m) for ms in exc.fields.values()
                                      for m in ms])
            return
        self.state.errors.report(exc, self)

    def _show(self, quote: InsuranceQuote) -> None:
        self.quote_button.setEnabled(True)
        self.quote = quote
        self.apply_button.setVisible(self.farmer_id is not None and self.state.can(
            Permission.APPLICATION_PREPARE))
        language = self.state.language
        money = lambda v: format_value("yuan", v, language)  # noqa: E731
        subsidy = quote.premium - quote.farmer_pays
        self.summary.setText("<br>".join([
            self.tr("<b>Premium %1</b> a year for %2 mu (sum insured %3)").replace(
                "%1", money(quote.premium)).replace("%2", _plain(quote.insured_mu)).replace(
                "%3", money(quote.sum_insured)),
            self.tr("<b>The farmer pays %1</b>; government subsidies pay %2").replace(
                "%1", money(quote.farmer_pays)).replace("%2", money(subsidy)),
        ]))
        percents = quote.product.subsidy.as_dict()
        for row, key in enumerate(SHARE_KEYS):
            cells = (self._share_names[key], f"{_plain(percents[key])}%",
                     money(quote.split[key]))
            for col, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                if col:
                    cell.setTextAlignment(_RIGHT)
                if key == "farmer":
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.split.setItem(row, col, cell)
        self.split.resizeRowsToContents()
        height = self.split.horizontalHeader().height() + 2 * self.split.frameWidth() + sum(
            self.split.rowHeight(r) for r in range(self.split.rowCount()))
        self.split.setFixedHeight(height)
        years = quote.burn.years
        old = self.chart_view.chart()
        self.chart_view.setChart(_payout_chart(
            self.tr("Payout per mu in past years (yuan)"), [str(y.year) for y in years],
            [float(y.payout_per_mu or 0) for y in years]))
        if old is not None:
            old.deleteLater()  # setChart releases the old chart without deleting it
        if quote.years:
            ratio = quote.average_loss_ratio
            self.history.setText(self.tr(
                "Replayed on the weather of %1–%2: <b>paid in %3 of %4 years</b>, on average "
                "%5 per mu a year, for a premium of %6 per mu; <b>average loss ratio %7</b> "
                "(payouts ÷ premium).").replace("%1", str(quote.first_year)).replace(
                "%2", str(quote.last_year)).replace("%3", str(quote.payout_years)).replace(
                "%4", str(quote.years)).replace(
                "%5", money(quote.average_payout_per_mu)).replace(
                "%6", money(quote.burn.premium_per_mu)).replace(
                "%7", "—" if ratio is None else f"{ratio * 100:.0f}%"))
        else:
            self.history.setText(self.state.text(quote.burn.summary()))
        title = self.tr("Basis risk")
        self.basis_risk.setText(f"<b>{title}</b><br>{self.state.text(quote.basis_risk)}")
        self.results.show()

    def apply(self) -> None:
        """投保: file the quoted product and area for the farmer, then show the application."""
        quote = self.quote
        if quote is None or self.farmer_id is None:
            return
        form = ApplyPolicyDialog(self.state, self.farmer_id, quote.product.id,
                                 quote.insured_mu, self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        self.applied_id = str(form.result)
        self.apply_button.hide()
        PolicyDialog(self.state, self.applied_id, self).open()

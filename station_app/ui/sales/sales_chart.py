"""A farmer's monthly online sales as a bar chart, with the sales indicators beside it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from station_app.domain.sales import MonthlyTotal, SalesIndicators
from station_app.services import shops
from station_app.ui.state import AppState

MONTHS_SHOWN = 12


class SalesPanel(QGroupBox):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.indicators: SalesIndicators | None = None
        self.history: list[MonthlyTotal] = []
        self.setTitle(self.tr("Online sales"))
        self.chart = QChart()
        self.view = QChartView(self.chart)
        self.view.setObjectName("sales_chart")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(220)
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in (
            ("net_sales_12m", self.tr("Sales, last 12 months (yuan)")),
            ("trading_frequency", self.tr("Orders per month")),
            ("refund_rate", self.tr("Refund rate")),
            ("repurchase_rate", self.tr("Repurchase rate")),
            ("on_time_shipping_rate", self.tr("Shipped within 48 h")),
            ("completion_rate", self.tr("Orders completed")),
            ("cash_flow_cv", self.tr("Monthly sales variation")),
            ("shop_age_days", self.tr("Shop age (days)")),
        ):
            value = QLabel("—")
            value.setObjectName(f"indicator_{key}")
            self.values[key] = value
            form.addRow(label, value)
        layout = QVBoxLayout(self)  # the chart gets the panel's full width
        layout.addWidget(self.view)
        layout.addLayout(form)

    def show_farmer(self, farmer_id: str | None) -> None:
        self.indicators, self.history = None, []
        if farmer_id and self.state.actor is not None:
            try:
                overview = shops.sales_overview(self.state.ctx, farmer_id)
            except Exception as exc:  # noqa: BLE001
                self.state.errors.report(exc, self)
                overview = None
            if overview is not None:
                self.indicators, self.history = overview
        self.setVisible(self.indicators is not None)
        if self.indicators is not None:
            self._fill(self.indicators)

    def _fill(self, ind: SalesIndicators) -> None:
        # The last 12 months that have data (old exports still show); the indicators
        # beside them are as of today, so data older than their windows shows as —.
        months = self.history[-MONTHS_SHOWN:]
        # A fresh chart each time: re-used charts kept stale axes drawn over the new ones.
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart.setTitle(self.tr("Monthly sales (yuan), %1 to %2").replace(
            "%1", f"{months[0].month:%Y-%m}" if months else "").replace(
            "%2", f"{months[-1].month:%Y-%m}" if months else ""))
        self.view.setChart(self.chart)
        bars = QBarSet(self.tr("Sales (yuan)"))
        for month in months:
            bars.append(float(month.gmv - month.refunds))  # drawing only; figures stay Decimal
        series = QBarSeries()
        series.append(bars)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([f"{m.month.month}" for m in months])  # month numbers fit the bars
        small = categories.labelsFont()
        small.setPointSize(9)
        categories.setLabelsFont(small)
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        top = max((m.gmv - m.refunds for m in months), default=Decimal(0))
        values = QValueAxis()
        values.setRange(0, float(top) * 1.1 if top > 0 else 1)
        values.setLabelFormat("%.0f")
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)

        def rate(value: Decimal | None) -> str:
            return "—" if value is None else f"{value * 100:.1f}%"

        shown = {
            "net_sales_12m": "—" if ind.net_sales_12m is None else f"{ind.net_sales_12m:,.2f}",
            "trading_frequency": "—" if ind.trading_frequency is None else str(ind.trading_frequency),
            "refund_rate": rate(ind.refund_rate),
            "repurchase_rate": rate(ind.repurchase_rate),
            "on_time_shipping_rate": rate(ind.on_time_shipping_rate),
            "completion_rate": rate(ind.completion_rate),
            "cash_flow_cv": rate(ind.cash_flow_cv),
            "shop_age_days": "—" if ind.shop_age_days is None else str(ind.shop_age_days),
        }
        for key, text in shown.items():
            self.values[key].setText(text)

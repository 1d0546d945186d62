"""信用分 tab of a farmer: total and grade, a bar per variable, reasons and advice, the
limit, a what-if trial, and the history of stored scores."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import Permission
from station_app.domain.scoring import ScoreModel, ScoreResult, format_value, what_if
from station_app.services import reports, scoring
from station_app.ui.insurance.quote_dialog import InsuranceQuoteDialog
from station_app.ui.loans.quote_dialog import QuoteDialog
from station_app.ui.pdf_printing import DocumentReadyDialog
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel, local_time


def yuan(amount: Decimal, language: str) -> str:
    return format_value("yuan", amount, language)


class ScorePanel(QWidget):
    """Loads lazily: only while visible, and again when the farmer or the data changed."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.farmer_id: str | None = None
        self.record: scoring.ScoreRecord | None = None
        self.model: ScoreModel | None = None
        self.stale = False
        self.total = QLabel(objectName="score_total")
        self.grade = QLabel(objectName="score_grade")
        self.limit = QLabel(objectName="score_limit")
        self.meta = QLabel(objectName="score_meta")
        self.meta.setObjectName("hint")
        self.meta.setWordWrap(True)
        # The style sheet sets fonts per widget type, so size these through it too.
        self.total.setStyleSheet("font-size: 28pt; font-weight: bold;")
        self.grade.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.limit.setStyleSheet("font-size: 14pt;")
        self.report_button = BigButton(self.tr("Print credit report"), primary=True)
        self.report_button.setObjectName("print_credit_report")
        self.report_button.clicked.connect(self._report_clicked)
        self.last_report: reports.PrintedReport | None = None
        self.report_message = QLabel(objectName="report_message")
        self.report_message.setWordWrap(True)
        self.report_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header = QHBoxLayout()
        header.addWidget(self.total)
        header.addSpacing(16)
        header.addWidget(self.grade, 1)
        # The actions get their own row: beside the score they pushed the narrow farmer
        # page wider than its column.
        actions = QHBoxLayout()
        actions.addWidget(self.report_button)
        self.quote_button = BigButton(self.tr("Loan quote…"))
        self.quote_button.setObjectName("open_loan_quote")
        self.quote_button.clicked.connect(self.open_quote)
        actions.addWidget(self.quote_button)
        self.insurance_button = BigButton(self.tr("Insurance quote…"))
        self.insurance_button.setObjectName("open_insurance_quote")
        self.insurance_button.clicked.connect(self.open_insurance_quote)
        actions.addWidget(self.insurance_button)
        actions.addStretch(1)
        self.limit.setWordWrap(True)

        self.parts_box = QGroupBox(self.tr("Each part of the score"))
        self.parts = QGridLayout(self.parts_box)
        self.bars: dict[str, QProgressBar] = {}
        self.part_values: dict[str, QLabel] = {}
        self.part_points: dict[str, QLabel] = {}
        self.reasons_box = QGroupBox(self.tr("What lowers the score, and how to improve"))
        self.reasons = QLabel(objectName="score_reasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        QVBoxLayout(self.reasons_box).addWidget(self.reasons)
        self.whatif_box = self._whatif_box()
        self.history_box = self._history_box()
        self.error = ErrorLabel()

        # One column, most useful first: the farmer page is narrow beside the list.
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(header)
        body_layout.addWidget(self.limit)
        body_layout.addLayout(actions)
        body_layout.addWidget(self.meta)
        body_layout.addWidget(self.report_message)
        body_layout.addWidget(self.error)
        body_layout.addWidget(self.reasons_box)
        body_layout.addWidget(self.whatif_box)
        body_layout.addWidget(self.parts_box)
        body_layout.addWidget(self.history_box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.state.changed.connect(self._data_changed)

    # ------------------------------------------------------------------ building

    def _whatif_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("What if…? Try a different value"))
        self.whatif_variable = QComboBox(objectName="whatif_variable")
        # Long variable names must not widen the narrow farmer page.
        self.whatif_variable.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.whatif_variable.setMinimumContentsLength(8)
        self.whatif_value = QLineEdit(objectName="whatif_value")
        self.whatif_unit = QLabel()
        self.whatif_button = BigButton(self.tr("Try"))
        self.whatif_button.setObjectName("whatif_try")
        self.whatif_result = QLabel(objectName="whatif_result")
        self.whatif_result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.whatif_variable, 2)
        row.addWidget(self.whatif_value, 1)
        row.addWidget(self.whatif_unit)
        row.addWidget(self.whatif_button)
        layout = QVBoxLayout(box)
        hint = QLabel(self.tr("Nothing is saved: this only shows what the score and the limit would be."))  # noqa: E501
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.whatif_result)
        self.whatif_button.clicked.connect(self.try_whatif)
        self.whatif_value.returnPressed.connect(self.try_whatif)
        self.whatif_variable.currentIndexChanged.connect(self._whatif_variable_changed)
        return box

    def _history_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("History"))
        self.history = QTableWidget(0, 4, objectName="score_history")
        self.history.setHorizontalHeaderLabels(
            [self.tr("Scored"), self.tr("Score"), self.tr("Grade"), self.tr("Limit")])
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history_view = QChartView(objectName="score_history_chart")
        self.history_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.history_view.setMinimumHeight(160)
        layout = QVBoxLayout(box)
        layout.addWidget(self.history_view)
        layout.addWidget(self.history)
        return box

    def _build_parts(self, model: ScoreModel) -> None:
        while self.parts.count():
            item = self.parts.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.bars.clear()
        self.part_values.clear()
        self.part_points.clear()
        row = 0
        for dimension in model.dimensions:
            variables = [v for v in model.variables if v.dimension_id == dimension.id]
            if not variables:
                continue
            heading = QLabel(f"<b>{self._label(dimension.label)}</b>")
            self.parts.addWidget(heading, row, 0, 1, 4)
            row += 1
            for variable in variables:
                bar = QProgressBar(objectName=f"bar_{variable.id}")
                bar.setRange(0, variable.max_points)
                bar.setTextVisible(False)
                bar.setMinimumWidth(120)
                bar.setMaximumHeight(18)
                points = QLabel(objectName=f"points_{variable.id}")
                value = QLabel(objectName=f"part_{variable.id}")
                label = QLabel(self._label(variable.label))
                label.setWordWrap(True)
                self.parts.addWidget(label, row, 0)
                self.parts.addWidget(value, row, 1)
                self.parts.addWidget(bar, row, 2)
                self.parts.addWidget(points, row, 3)
                self.bars[variable.id], self.part_values[variable.id] = bar, value
                self.part_points[variable.id] = points
                row += 1
        self.parts.setColumnStretch(2, 1)
        self.whatif_variable.blockSignals(True)
        self.whatif_variable.clear()
        for variable in model.variables:
            self.whatif_variable.addItem(self._label(variable.label), variable.id)
        self.whatif_variable.blockSignals(False)
        self._whatif_variable_changed()

    def _label(self, message: Any) -> str:
        return self.state.text(message) if hasattr(message, "en") else str(message)

    # ------------------------------------------------------------------ loading

    def show_farmer(self, farmer_id: str | None) -> None:
        self.farmer_id = farmer_id
        self.record = None
        self.whatif_result.clear()
        self.report_message.clear()
        self.stale = True
        if self.isVisible():
            self.load()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.stale:
            self.load()

    def _data_changed(self, _changes: object) -> None:
        self.stale = True
        if self.isVisible():
            self.load()

    def load(self) -> None:
        self.stale = False
        farmer_id = self.farmer_id
        if not farmer_id or self.state.actor is None:
            return
        ctx = self.state.ctx

        def work() -> tuple[ScoreModel, scoring.ScoreRecord, list[scoring.ScoreHistoryItem]]:
            model = scoring.active_model(ctx.db)
            record = scoring.score_farmer(ctx, farmer_id, model=model)
            return model, record, scoring.history(ctx, farmer_id)

        self.state.runner.run(work, lambda got: self._loaded(farmer_id, *got), self._failed,
                              owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.state.errors.report(exc, self)

    def _loaded(self, farmer_id: str, model: ScoreModel, record: scoring.ScoreRecord,
                items: list[scoring.ScoreHistoryItem]) -> None:
        if farmer_id != self.farmer_id:
            return  # another farmer was chosen meanwhile
        if self.model is None or self.model.digest != model.digest:
            self._build_parts(model)
        self.model, self.record = model, record
        result, language = record.result, self.state.language
        grade = model.grade(result.grade)
        self.total.setText(self.tr("%1 points").replace("%1", str(result.total)))
        self.grade.setText(f"{result.grade} · {self._label(grade.label)}")
        limit_text = (self.tr("Declined: no credit limit") if result.declined else
                      self.tr("Suggested credit limit: %1").replace(
                          "%1", yuan(result.credit_limit, language)))
        self.limit.setText(limit_text)
        saved = (self.tr("scored %1").replace("%1", local_time(record.scored_at))
                 if record.record_id else self.tr("not saved: a finance specialist saves scores"))
        self.meta.setText(self.tr("Model %1 version %2 · %3").replace("%1", model.id).replace(
            "%2", str(model.version)).replace("%3", saved))
        for variable in model.variables:
            bar = self.bars[variable.id]
            bar.setValue(result.points[variable.id])
            self.part_points[variable.id].setText(
                f"{result.points[variable.id]}/{variable.max_points}")
            self.part_values[variable.id].setText(variable.format_value(
                result.inputs.get(variable.id) if result.inputs.get(variable.id) is None
                else Decimal(str(result.inputs[variable.id]))
                if variable.unit != "boolean" else result.inputs[variable.id], language))
        self.reasons.setText(self._reasons_html(result))
        self._fill_history(items)
        self.report_button.setVisible(self.state.can(Permission.SCORE_COMPUTE))
        self.quote_button.setVisible(self.state.can(Permission.APPLICATION_PREPARE))
        self.insurance_button.setVisible(self.state.can(Permission.APPLICATION_PREPARE))

    def _reasons_html(self, result: ScoreResult) -> str:
        en = self.state.language.startswith("en")
        lines = []
        for reason in result.reasons:
            text, advice = (reason.text_en, reason.advice_en) if en else (reason.text, reason.advice)
            lines.append(f"<p><b>{text}</b> ({reason.points}/{reason.max_points})<br>→ {advice}</p>")
        for note in result.limit_reasons:
            text, advice = (note.text_en, note.advice_en) if en else (note.text, note.advice)
            lines.append(f"<p><i>{text}</i>" + (f"<br>→ {advice}" if advice else "") + "</p>")
        return "".join(lines) or self.tr("Every part of the score is at its best.")

    def _fill_history(self, items: list[scoring.ScoreHistoryItem]) -> None:
        language = self.state.language
        self.history.setRowCount(len(items))
        for row, item in enumerate(reversed(items)):  # newest first
            for col, text in enumerate((local_time(item.scored_at), str(item.total), item.grade,
                                        yuan(item.credit_limit, language))):
                self.history.setItem(row, col, QTableWidgetItem(text))
        chart = QChart()
        chart.legend().hide()
        series = QLineSeries()
        for item in items:
            series.append(QDateTime(item.scored_at).toMSecsSinceEpoch(), item.total)
        chart.addSeries(series)
        axis_x = QDateTimeAxis()
        axis_x.setFormat("yyyy-MM-dd")
        axis_x.setTickCount(min(max(len(items), 2), 5))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        if self.model is not None:
            axis_y.setRange(self.model.min_total, self.model.max_total)
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        self.history_view.setChart(chart)
        self.history_box.setVisible(bool(items))

    # ------------------------------------------------------------------ what-if

    def _whatif_variable_changed(self, *_args: object) -> None:
        variable = self._whatif_current()
        if variable is None:
            return
        units = {"fraction": "%", "percent": "%", "yuan": self.tr("yuan"), "mu": self.tr("mu"),
                 "days": self.tr("days"), "sessions": self.tr("sessions"),
                 "orders_per_month": self.tr("orders per month"),
                 "boolean": self.tr("yes / no")}
        self.whatif_unit.setText(units.get(variable.unit, ""))
        self.whatif_value.clear()
        self.whatif_value.setPlaceholderText(self._current_text(variable))

    def _whatif_current(self):
        if self.model is None or self.whatif_variable.currentIndex() < 0:
            return None
        return self.model.variable(self.whatif_variable.currentData())

    def _current_text(self, variable: Any) -> str:
        if self.record is None:
            return ""
        value = self.record.result.inputs.get(variable.id)
        if value is None:
            return ""
        if variable.unit == "boolean":
            return self.tr("yes") if value in (True, "true", "True") else self.tr("no")
        number = Decimal(str(value))
        return format(number * 100 if variable.unit == "fraction" else number, "f")

    def _parse(self, variable: Any, text: str) -> Any:
        text = text.strip().replace("%", "").replace(",", "")
        if variable.unit == "boolean":
            if text.lower() in ("是", "有", "yes", "y", "1", "true"):
                return True
            if text.lower() in ("否", "无", "没有", "no", "n", "0", "false"):
                return False
            raise ValueError
        number = Decimal(text)
        if not number.is_finite():
            raise ValueError
        return number / 100 if variable.unit == "fraction" else number

    def try_whatif(self) -> None:
        variable = self._whatif_current()
        if variable is None or self.record is None or self.model is None:
            return
        try:
            value = self._parse(variable, self.whatif_value.text())
        except (ValueError, InvalidOperation):
            self.whatif_result.setText(self.tr("Please type a number (for a share, in per cent: 95 means 95%)."))  # noqa: E501
            return
        before, after = what_if(self.model, self.record.result.inputs, {variable.id: value})
        language = self.state.language
        delta = after.total - before.total
        self.whatif_result.setText(self.tr(
            "With %1 = %2: score %3 → %4 (%5), grade %6 → %7, limit %8 → %9").replace(
            "%1", self._label(variable.label)).replace(
            "%2", variable.format_value(value, language)).replace(
            "%3", str(before.total)).replace("%4", str(after.total)).replace(
            "%5", f"{delta:+d}").replace("%6", before.grade).replace("%7", after.grade).replace(
            "%8", yuan(before.credit_limit, language)).replace(
            "%9", yuan(after.credit_limit, language)))

    def open_quote(self) -> QuoteDialog | None:
        """贷款试算 for this farmer (modeless, so the score stays in view)."""
        if not self.farmer_id:
            return None
        dialog = QuoteDialog(self.state, self.farmer_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_insurance_quote(self) -> InsuranceQuoteDialog | None:
        """气象指数保险试算: premium, subsidies and the burn analysis (modeless)."""
        if not self.farmer_id:
            return None
        dialog = InsuranceQuoteDialog(self.state, self.farmer_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _report_clicked(self) -> None:
        if self.farmer_id:
            self.print_report()

    def print_report(self) -> None:
        """Make the signed credit report PDF in the background, then offer to print it."""
        farmer_id, ctx = self.farmer_id, self.state.ctx
        if not farmer_id:
            return
        self.report_button.setEnabled(False)
        self.report_message.setText(self.tr("Making the credit report…"))
        self.state.runner.run(lambda: reports.print_credit_report(ctx, farmer_id),
                              self._printed, self._print_failed, owner=self)

    def _printed(self, printed: reports.PrintedReport) -> None:
        self.report_button.setEnabled(True)
        # Printing scored the farmer again if the data had changed: screens reload first
        # (that clears this panel's message), then the message goes up.
        self.state.announce("scores")
        self.last_report = printed
        self.report_message.setText(self.tr("Credit report %1 is ready: %2").replace(
            "%1", printed.doc_id).replace("%2", str(printed.path)))
        if self.state.settings.open_printed_documents:
            # 打印… / 打开 / 打开所在文件夹 / 关闭; modeless, so the score stays usable.
            dialog = DocumentReadyDialog(printed.path, self, errors=self.state.errors)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()

    def _print_failed(self, exc: BaseException) -> None:
        self.report_button.setEnabled(True)
        self.report_message.clear()
        self.state.errors.report(exc, self)

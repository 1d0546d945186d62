"""The farmer page's training box: the sessions the farmer attended, newest first, and the
last 12 months in one line (what the credit score will use)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.training import TrainingSummary
from station_app.services import training
from station_app.services.training import FarmerTraining
from station_app.ui.state import AppState
from station_app.ui.training.screen import ROW_HEIGHT, minutes_text


def hours_text(summary: TrainingSummary) -> str:
    """4.25 → "4.25", 1.50 → "1.5", 3.00 → "3"."""
    text = f"{summary.hours:.2f}".rstrip("0").rstrip(".")
    return text or "0"


class FarmerTrainingPanel(QGroupBox):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.farmer_id: str | None = None
        self.trainings: list[FarmerTraining] = []
        self.summary: TrainingSummary | None = None
        self._seq = 0
        self.setTitle(self.tr("Digital-skills training"))
        self.summary_label = QLabel()
        self.summary_label.setObjectName("training_summary")
        self.summary_label.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("farmer_trainings")
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Topic"),
                                              self.tr("Taught by"), self.tr("Minutes")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 120)
        self.table.setColumnWidth(2, 100)
        self.table.setColumnWidth(3, 80)
        self.table.setMaximumHeight(220)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table)
        # A bound method, not a lambda: PySide keeps lambda receivers alive past their widgets.
        self.state.changed.connect(self._on_changed)
        self._show([], None)

    def show_farmer(self, farmer_id: str | None, *, as_of: date | None = None) -> None:
        """Load and show the trainings of ``farmer_id`` (in the background); None clears."""
        if farmer_id != self.farmer_id:
            self.farmer_id = None
            self._show([], None)  # never the previous farmer's list under this one's name
        self.farmer_id = farmer_id
        self._seq += 1
        if not farmer_id or self.state.actor is None:
            self._show([], None)
            return
        seq, ctx = self._seq, self.state.ctx

        def load() -> tuple[int, list[FarmerTraining], TrainingSummary]:
            return (seq, training.trainings_of_farmer(ctx, farmer_id),
                    training.training_summary(ctx, farmer_id, as_of))

        self.state.runner.run(load, self._loaded, self._failed, owner=self)

    def _loaded(self, result: tuple[int, list[FarmerTraining], TrainingSummary]) -> None:
        seq, rows, summary = result
        if seq == self._seq:
            self._show(rows, summary)

    def _failed(self, exc: BaseException) -> None:
        self.state.errors.report(exc, self)

    def _on_changed(self, _changes: object) -> None:
        if self.farmer_id and self.state.actor is not None:
            self.show_farmer(self.farmer_id)

    def _show(self, rows: list[FarmerTraining], summary: TrainingSummary | None) -> None:
        self.trainings, self.summary = rows, summary
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (row.held_on.isoformat(), row.topic, row.tutor_name,
                     minutes_text(row.duration_minutes))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
        self.table.setVisible(bool(rows))
        if self.farmer_id is None or summary is None:
            self.summary_label.setText("")
        elif not rows:
            self.summary_label.setText(self.tr("No training attended yet."))
        else:
            self.summary_label.setText(
                self.tr("In the last 12 months: %1 session(s), %2 hour(s) in all.")
                .replace("%1", str(summary.sessions)).replace("%2", hours_text(summary)))

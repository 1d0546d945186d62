"""导出…: the small dialog every list opens to export itself (CSV or XLSX).

The list gives a ``job(path, fmt, reveal, progress) -> ExportResult`` (a service call,
:mod:`station_app.services.exports`); the dialog asks for the format, offers "include the full
resident ID and mobile (audited)" only to roles allowed to see them, asks where to save
(``QFileDialog.getSaveFileName``) and runs the job through ``state.runner`` with a progress
bar.  Progress is a signal emitted on the worker thread and delivered on the main thread.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QDir, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import Permission
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton

ExportJob = Callable[[str, str, bool, Callable[[int, int], None]], Any]


class _Progress(QObject):
    """Carries (done, total) from the worker thread to the dialog."""

    moved = Signal(int, int)


class ExportDialog(QDialog):
    finished_export = Signal(object)  # the ExportResult

    def __init__(self, state: AppState, title: str, job: ExportJob, *, file_stem: str,
                 allow_reveal: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.job = job
        self.file_stem = file_stem
        self.result: Any = None
        self.setObjectName("export_dialog")
        self.setWindowTitle(title)
        self.csv = QRadioButton(self.tr("CSV (opens in Excel and WPS)"), objectName="export_csv")
        self.xlsx = QRadioButton(self.tr("Excel workbook (XLSX)"), objectName="export_xlsx")
        self.csv.setChecked(True)
        self.reveal = QCheckBox(self.tr("Include the full resident ID and mobile numbers (recorded in the audit log)"),  # noqa: E501
                                objectName="export_reveal")
        self.reveal.setVisible(allow_reveal and state.can(Permission.FARMER_REVEAL_SENSITIVE))
        self.hint = QLabel(self.tr("Without this, ID, mobile and bank card numbers are exported masked."),  # noqa: E501
                           objectName="hint")
        self.hint.setWordWrap(True)
        self.progress = QProgressBar(objectName="export_progress")
        self.progress.hide()
        self.status = QLabel(objectName="export_status")
        self.status.setWordWrap(True)
        self.start_button = BigButton(self.tr("Choose the file and export…"), primary=True)
        self.start_button.setObjectName("export_start")
        self.close_button = BigButton(self.tr("Close"))
        self.close_button.setObjectName("export_close")
        formats = QHBoxLayout()
        formats.addWidget(self.csv)
        formats.addWidget(self.xlsx)
        formats.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(formats)
        layout.addWidget(self.reveal)
        layout.addWidget(self.hint)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._relay = _Progress(self)
        # Bound methods, not lambdas (docs/architecture.md, "UI habits").
        self._relay.moved.connect(self._on_progress)
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)

    @property
    def fmt(self) -> str:
        return "xlsx" if self.xlsx.isChecked() else "csv"

    def start(self) -> None:
        fmt = self.fmt
        suggested = str(Path(QDir.homePath()) / f"{self.file_stem}-{date.today():%Y%m%d}.{fmt}")
        filters = (self.tr("CSV files (*.csv)") if fmt == "csv"
                   else self.tr("Excel workbooks (*.xlsx)"))
        chosen, _filter = QFileDialog.getSaveFileName(self, self.windowTitle(), suggested, filters)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        reveal = not self.reveal.isHidden() and self.reveal.isChecked()
        job, emit = self.job, self._relay.moved.emit  # a signal: safe from the worker
        self.start_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first batch is written
        self.progress.show()
        self.status.setText(self.tr("Exporting…"))
        self.state.runner.run(lambda: job(str(path), fmt, reveal, emit),
                              self._done, self._failed, owner=self)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.status.setText(self.tr("Exporting… %1 rows written").replace("%1", str(done)))

    def _done(self, result: Any) -> None:
        self.result = result
        self.start_button.setEnabled(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        text = self.tr("Exported %1 rows to %2").replace("%1", str(result.rows)).replace(
            "%2", str(result.path))
        if result.revealed:
            text += "\n" + self.tr("Full numbers were included; this was recorded in the audit log.")  # noqa: E501
        self.status.setText(text)
        self.finished_export.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.start_button.setEnabled(True)
        self.progress.hide()
        self.status.clear()
        self.state.errors.report(exc, self)

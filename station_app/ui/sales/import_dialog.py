"""Import a platform order export: choose the file → preview (errors, duplicates, totals) →
confirm.  Both steps run in the background with a progress bar and a cancel button; a
cancelled or failed import leaves nothing behind.

A file whose layout no mapping recognises offers "Map the columns…" (:class:`MappingDialog`);
once that mapping is saved the preview runs again with it, and the import uses it."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.services import sales_import
from station_app.domain.order_import import Mapping
from station_app.services.sales_import import ImportCancelled, ImportPreview, LayoutUnknown
from station_app.ui.sales.mapping_dialog import MappingDialog
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel


class ImportDialog(QDialog):
    progressed = Signal(int, int)  # emitted from the worker: rows read, total (0 = unknown)
    imported = Signal(object)  # ImportResult

    def __init__(self, state: AppState, shop_id: str, shop_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.shop_id = shop_id
        self.preview: ImportPreview | None = None
        self.path: Path | None = None
        self.mapping: Mapping | None = None  # chosen by hand; None: recognised by itself
        self.mapping_dialog: MappingDialog | None = None
        self._cancel = threading.Event()
        self._busy = False
        self._close_when_stopped = False
        self.setWindowTitle(self.tr("Import orders: %1").replace("%1", shop_name))
        self.resize(900, 640)
        self.setProperty("keepOnLock", True)

        self.file_label = QLabel(self.tr("Choose the order export downloaded from the platform (CSV or Excel)."))
        self.file_label.setWordWrap(True)
        self.choose_button = BigButton(self.tr("Choose file…"), primary=True)
        self.choose_button.setObjectName("choose_file")
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_button = BigButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel_import")
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.problem = ErrorLabel()
        self.problem.setObjectName("problem")
        self.map_button = BigButton(self.tr("Map the columns…"))
        self.map_button.setObjectName("map_columns")
        self.map_button.hide()
        self.errors = QTableWidget(0, 3)
        self.errors.setObjectName("row_errors")
        self.errors.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("What is wrong")])
        self.errors.horizontalHeader().setStretchLastSection(True)
        self.errors.verticalHeader().hide()
        self.errors.setColumnWidth(0, 70)
        self.errors.setColumnWidth(1, 220)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.errors.hide()
        self.skip_invalid = QCheckBox(self.tr("Skip the rows with errors and import the rest"))
        self.skip_invalid.setObjectName("skip_invalid")
        self.skip_invalid.hide()
        self.confirm_button = BigButton(self.tr("Import"), primary=True)
        self.confirm_button.setObjectName("confirm_import")
        self.confirm_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_invalid, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        mapping_row = QHBoxLayout()
        mapping_row.addWidget(self.problem, 1)
        mapping_row.addWidget(self.map_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(mapping_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors, 1)
        layout.addLayout(bottom)

        self.choose_button.clicked.connect(self.choose_file)
        self.cancel_button.clicked.connect(self.cancel)
        self.confirm_button.clicked.connect(self.confirm)
        self.map_button.clicked.connect(self.open_mapping)
        self.skip_invalid.toggled.connect(self._update_confirm)
        self.progressed.connect(self._on_progress)

    # -- steps ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Order export"), str(Path.home()),
            self.tr("Order exports (*.csv *.xlsx);;All files (*)"))
        if path:
            self.start_preview(Path(path))

    def start_preview(self, path: Path, mapping: Mapping | None = None) -> None:
        self.preview = None
        self.path = path
        self.mapping = mapping
        self.map_button.hide()
        self.problem.show_messages([])
        self.summary.clear()
        self.errors.hide()
        self.skip_invalid.hide()
        self.file_label.setText(path.name)
        ctx = self.state.ctx
        self._start_work(self.tr("Reading the file…"))
        self.state.runner.run(
            lambda: sales_import.preview_import(ctx, self.shop_id, path, mapping=mapping,
                                                progress=self.progressed.emit,
                                                should_cancel=self._cancel.is_set),
            self._previewed, self._failed, owner=self)

    def confirm(self) -> None:
        if self.preview is None:
            return
        preview, ctx, skip = self.preview, self.state.ctx, self.skip_invalid.isChecked()
        self._start_work(self.tr("Importing…"))
        self.state.runner.run(
            lambda: sales_import.commit_import(ctx, preview, skip_invalid=skip,
                                               progress=self.progressed.emit,
                                               should_cancel=self._cancel.is_set),
            self._committed, self._failed, owner=self)

    def open_mapping(self) -> MappingDialog | None:
        """The column-mapping dialog for the current file; saving it previews again."""
        if self.path is None or self._busy:
            return None
        try:
            platform = sales_import.shop_platform(self.state.ctx, self.shop_id)
        except Exception:  # noqa: BLE001 - only the default of a list
            platform = None
        dialog = MappingDialog(self.state, self.path, platform=platform, parent=self)
        dialog.saved.connect(self._mapping_saved)
        self.mapping_dialog = dialog
        dialog.open()
        return dialog

    def _mapping_saved(self, mapping: Mapping) -> None:
        if self.path is not None:
            self.start_preview(self.path, mapping)

    def cancel(self) -> None:
        if self._busy:
            self._cancel.set()  # the worker stops at its next check and rolls back
        else:
            self.reject()

    def reject(self) -> None:
        if self._busy:
            self._cancel.set()
            self._close_when_stopped = True  # closes once the worker has rolled back
            return
        super().reject()

    # -- results -------------------------------------------------------------------------
    def _start_work(self, text: str) -> None:
        self._busy = True
        self._cancel.clear()
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.progress.setFormat(text)
        self.progress.show()
        self.choose_button.setEnabled(False)
        self.confirm_button.setEnabled(False)
        self.map_button.setEnabled(False)

    def _stop_work(self) -> None:
        self._busy = False
        self.progress.hide()
        self.choose_button.setEnabled(True)
        self.map_button.setEnabled(True)

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.progress.setFormat(self.tr("%1 rows").replace("%1", f"{done:,}"))

    def _previewed(self, preview: ImportPreview) -> None:
        self._stop_work()
        self.preview = preview
        p = preview
        lines = [
            self.tr("Layout: %1").replace("%1", p.mapping.name_en if self.state.language.startswith("en")
                                         else p.mapping.name_zh),
            self.tr("%1 rows read: %2 correct, %3 with errors.").replace("%1", str(p.rows_total))
            .replace("%2", str(p.rows_valid)).replace("%3", str(p.rows_error)),
            self.tr("Already imported before: %1; repeated inside the file: %2.")
            .replace("%1", str(p.duplicates_existing)).replace("%2", str(p.duplicates_in_file)),
            self.tr("New orders to import: %1, amount paid %2 yuan.")
            .replace("%1", str(p.importable)).replace("%2", f"{p.amount_total:,.2f}"),
        ]
        if p.first_order and p.last_order:
            lines.append(self.tr("Orders from %1 to %2.").replace("%1", f"{p.first_order:%Y-%m-%d}")
                         .replace("%2", f"{p.last_order:%Y-%m-%d}"))
        self.summary.setText("\n".join(lines))
        self.errors.setRowCount(len(p.errors))
        for row, error in enumerate(p.errors):
            for column, text in enumerate((str(error.row), error.column,
                                           self.state.text(error.message))):
                self.errors.setItem(row, column, QTableWidgetItem(text))
        self.errors.setVisible(bool(p.errors))
        self.skip_invalid.setVisible(bool(p.rows_error))
        self._update_confirm()

    def _update_confirm(self, *_args: object) -> None:
        p = self.preview
        ok = p is not None and p.importable > 0 and (not p.rows_error or self.skip_invalid.isChecked())
        self.confirm_button.setEnabled(bool(ok))

    def _committed(self, result) -> None:
        self._stop_work()
        self.state.announce("sales_order")
        self.imported.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._stop_work()
        if isinstance(exc, ImportCancelled):
            if self._close_when_stopped:
                super().reject()
                return
            self.problem.show_messages([self.tr("Cancelled; nothing was imported.")], warning=True)
            self._update_confirm()
            return
        text = getattr(exc, "message", None)
        if text is not None:
            self.problem.show_messages([self.state.text(text)])
            self._update_confirm()
            if isinstance(exc, LayoutUnknown):
                self.map_button.show()
                self.map_button.setFocus()
        else:
            self.state.errors.report(exc, self)

"""A small base for the lists of cases (loan applications, insurance policies): a filter, a
count, a table and an open button; all of them, or one farmer's (a tab of the farmer page).

The list reloads when it is shown after the data changed (``stale``), at once if it is
visible.  Enter, a double click or the open button opens the row's dialog; what that dialog
records is announced under :attr:`RecordList.announces`.  Subclasses give the filters, the
columns, :meth:`RecordList.load`, the cells of a row and the dialog; the texts they give are
translated in their own context.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import Permission
from station_app.domain.scoring import format_value
from station_app.services import exports
from station_app.ui.export_dialog import ExportDialog, ExportJob
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton


class RecordList(QWidget):
    """The table and its filter; ``farmer_id`` None lists every record here."""

    #: Object names: ``<name>_filter``, ``<name>_count``, ``<name>_table``, ``<name>_open``.
    name = "records"
    #: What ``state.announce`` says after an opened dialog recorded something.
    announces = ""
    #: The filter whoever decides starts from (their work queue); everyone else sees all.
    decide_filter = "all"
    #: Columns of numbers, aligned right.
    right_columns: frozenset[int] = frozenset()

    def __init__(self, state: AppState, *, per_farmer: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.per_farmer = per_farmer
        self.farmer_id: str | None = None
        self.views: list[Any] = []
        self.stale = True
        self._reloading = False
        self.filter = QComboBox(objectName=f"{self.name}_filter")
        for key, text in self.filters():
            self.filter.addItem(text, key)
        self.filter.addItem(self.tr("All"), "all")
        self.filter.setCurrentIndex(self.filter.findData(self._default_filter()))
        self.count = QLabel(objectName=f"{self.name}_count")
        headers = self.columns()
        self.table = QTableWidget(0, len(headers), objectName=f"{self.name}_table")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.open_button = BigButton(self.tr("Open"), primary=True)
        self.open_button.setObjectName(f"{self.name}_open")
        self.export_button = BigButton(self.tr("Export…"))
        self.export_button.setObjectName(f"{self.name}_export")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.filter)
        top.addWidget(self.count, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        for widget in self.above_table():
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        self.filter.currentIndexChanged.connect(self.reload)
        self.table.cellDoubleClicked.connect(self._cell_double_clicked)
        self.table.activated.connect(self._activated)
        self.open_button.clicked.connect(self.open_current)
        self.export_button.clicked.connect(self.open_export)
        state.changed.connect(self._data_changed)
        state.actor_changed.connect(self._actor_changed)

    # ------------------------------------------------------------------ for subclasses

    def filters(self) -> list[tuple[str, str]]:
        """(key, text) of the filters before 全部 (``all``, always last)."""
        raise NotImplementedError

    def columns(self) -> list[str]:
        raise NotImplementedError

    def above_table(self) -> list[QWidget]:
        """Widgets between the filter row and the table."""
        return []

    def load(self, key: str) -> list[Any]:
        """The records of the filter ``key`` (of ``self.farmer_id``, None: everyone's);
        a failure goes through the app's error channel."""
        raise NotImplementedError

    def cells(self, view: Any) -> list[str]:
        raise NotImplementedError

    def decorate(self, item: QTableWidgetItem, view: Any) -> None:
        """Anything more a cell of ``view`` shows (a colour)."""

    def make_dialog(self, view: Any) -> QDialog:
        """The dialog of ``view``; it has a ``changed`` signal."""
        raise NotImplementedError

    def export_job(self) -> tuple[ExportJob, bool]:
        """How the rows shown are exported, and whether full ID numbers may be included.

        The default: the service export of this list's kind (``exports.LIST_EXPORTS[name]``:
        exact amounts, masked ID unless revealed and audited) over the records shown; for
        other lists the columns and cells as shown (no sensitive columns).  Runs on a worker
        thread, so everything from the widgets is read here first.
        """
        ctx, views = self.state.ctx, list(self.views)
        service = exports.LIST_EXPORTS.get(self.name)
        if service is not None:
            def job(path: str, fmt: str, reveal: bool, progress) -> exports.ExportResult:
                return service(ctx, path, fmt, reveal=reveal, views=views, progress=progress)
            return job, True
        kind, headers = self.name, self.columns()
        rows = [self.cells(v) for v in views]

        def plain_job(path: str, fmt: str, reveal: bool, progress) -> exports.ExportResult:
            return exports.export_table(ctx, kind, headers, rows, path, fmt=fmt,
                                        progress=progress, total=len(rows))
        return plain_job, False

    # ------------------------------------------------------------------ plumbing

    def _default_filter(self) -> str:
        """A branch officer starts from what waits for them, everyone else from all."""
        return (self.decide_filter if not self.per_farmer
                and self.state.can(Permission.APPLICATION_DECIDE) else "all")

    def _actor_changed(self, _actor: object) -> None:
        self.filter.setCurrentIndex(self.filter.findData(self._default_filter()))
        self._data_changed(None)

    def set_farmer(self, farmer_id: str | None) -> None:
        self.farmer_id = farmer_id
        self._data_changed(None)

    def _data_changed(self, _changes: object) -> None:
        if self._reloading:
            return  # our own announcement
        self.stale = True
        if self.isVisible():
            self.reload()

    def announce_own(self, changes: object) -> None:
        """Tell the other screens of a change this list made, without reloading on it."""
        self._reloading = True
        try:
            self.state.announce(changes)
        finally:
            self._reloading = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.stale:
            self.reload()

    def _money(self, value: Decimal) -> str:
        return format_value("yuan", value, self.state.language)

    def reload(self, *_args: object) -> None:
        self.stale = False
        if self.state.actor is None:
            return
        if self.per_farmer and self.farmer_id is None:
            self.views = []
        else:
            try:
                self.views = self.load(self.filter.currentData() or "all")
            except Exception as exc:  # noqa: BLE001 - through the error channel
                self.state.errors.report(exc, self)
                return
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            for col, text in enumerate(self.cells(view)):
                item = QTableWidgetItem(text)
                if col in self.right_columns:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.decorate(item, view)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.count.setText(self.count_text(len(self.views)))
        self.open_button.setEnabled(bool(self.views))
        self.export_button.setEnabled(bool(self.views))
        if self.views:
            self.table.selectRow(0)

    def count_text(self, count: int) -> str:
        """"N records" under the table (subclasses name their records)."""
        return self.tr("%1 applications").replace("%1", str(count))

    # Bound methods, not lambdas, as receivers (docs/architecture.md, "UI habits").
    def _cell_double_clicked(self, row: int, _column: int) -> None:
        self.open_row(row)

    def _activated(self, index) -> None:
        self.open_row(index.row())

    def open_current(self) -> None:
        self.open_row(self.table.currentRow())

    def _dialog_changed(self) -> None:
        self.state.announce(self.announces)

    def open_export(self) -> ExportDialog:
        """导出…: the records shown (this filter) to CSV or XLSX."""
        job, allow_reveal = self.export_job()
        dialog = ExportDialog(self.state, self.tr("Export the list"), job,
                              file_stem=self.name, allow_reveal=allow_reveal, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_row(self, row: int) -> QDialog | None:
        if not 0 <= row < len(self.views):
            return None
        dialog = self.make_dialog(self.views[row])
        dialog.changed.connect(self._dialog_changed)
        dialog.open()
        return dialog


class RecordScreen(QWidget):
    """A page of the navigation: title, hint and a :class:`RecordList` as ``list``."""

    def __init__(self, title: str, hint: str, records: RecordList,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title_label = QLabel(title, objectName="title")
        hint_label = QLabel(hint, objectName="hint")
        hint_label.setWordWrap(True)
        self.list = records
        layout = QVBoxLayout(self)
        layout.addWidget(title_label)
        layout.addWidget(hint_label)
        layout.addWidget(self.list, 1)

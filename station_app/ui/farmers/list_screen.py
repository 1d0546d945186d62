"""Farmer list with search-as-you-type, and the detail of the chosen farmer beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import Permission
from station_app.services import exports
from station_app.services.farmer_search import SearchKind
from station_app.ui.export_dialog import ExportDialog
from station_app.ui.farmers.detail import FarmerDetail
from station_app.ui.farmers.form import FarmerForm
from station_app.ui.farmers.table_model import FarmerTableModel
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton

SEARCH_DELAY_MS = 120  # wait for a pause in typing before searching


class FarmersScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.search = QLineEdit()
        self.search.setObjectName("farmer_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search: name, pinyin initials (zs), mobile, last 4 digits of ID or mobile, village"))  # noqa: E501
        self.register_button = BigButton(self.tr("Register a farmer"), primary=True)
        self.register_button.setObjectName("register_farmer")
        self.register_button.setToolTip("Ctrl+N")
        self.export_button = BigButton(self.tr("Export…"))
        self.export_button.setObjectName("export_farmers")
        self.hint = QLabel(objectName="hint")
        self.model = FarmerTableModel(state.search, self)
        self.table = QTableView()
        self.table.setObjectName("farmer_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((110, 60, 120, 200, 140, 100, 110)):
            self.table.setColumnWidth(column, width)
        self.detail = FarmerDetail(state)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.register_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.hint)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        detail_scroll = QScrollArea()  # details, shops and the sales chart may exceed the height
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        detail_scroll.setWidget(self.detail)
        splitter.addWidget(detail_scroll)
        # Even halves: the farmer page (tabs with tables and charts) needs the room as much
        # as the list does; the clerk can drag the divider.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        # Bound methods, not lambdas: PySide keeps lambda receivers alive past their widgets.
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self.run_search)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(self._activated)
        self.register_button.clicked.connect(self.open_register_form)
        self.export_button.clicked.connect(self.open_export)
        self.detail.edit_requested.connect(self.open_form)
        self.state.changed.connect(self._on_changed)
        # Keyboard: Ctrl+F jumps to the search box, Ctrl+N registers, Down moves into the list.
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self._shortcut_register)
        self.search.installEventFilter(self)
        self._shown_for: str | None = None
        self.state.actor_changed.connect(self._actor_changed)
        if self.state.actor is not None:
            self.refresh()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _shortcut_register(self) -> None:
        if self.register_button.isVisible():
            self.open_form(None)

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.search and event.type() == event.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.model.rowCount()):
            self.table.setFocus()
            self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def _activated(self, index) -> None:
        self.table.selectRow(index.row())

    def _actor_changed(self, actor: object) -> None:
        # A new person must not see what the previous one typed (a full ID or phone) or
        # opened; with nobody logged in there is nothing to show.
        if actor is None or getattr(actor, "user_id", None) != self._shown_for:
            self.search.clear()
            self.detail.show_farmer(None)
        self._shown_for = getattr(actor, "user_id", None)
        if actor is None:
            self.model.clear()
            self.hint.clear()
            return
        self.refresh()

    def open_register_form(self) -> None:
        self.open_form(None)

    def open_export(self) -> ExportDialog:
        """导出…: the farmer list (the current search, or everyone), masked unless revealed."""
        ctx, query = self.state.ctx, self.search.text()  # the job runs on a worker thread

        def job(path: str, fmt: str, reveal: bool, progress) -> exports.ExportResult:
            return exports.export_farmers(ctx, path, fmt, reveal=reveal, query=query,
                                          progress=progress)

        dialog = ExportDialog(self.state, self.tr("Export the farmer list"), job,
                              file_stem=self.tr("farmers"), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def refresh(self) -> None:
        self.register_button.setVisible(self.state.can(Permission.FARMER_WRITE))
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        if self.state.actor is None:
            return
        current = self.detail.view.id if self.detail.view else None
        self.model.set_query(self.search.text())
        self._update_hint()
        row = self.model.find_row(current) if current else -1
        if row >= 0:
            self.table.selectRow(row)
        elif self.detail.view is not None:
            self.detail.show_farmer(None)

    def _update_hint(self) -> None:
        kind = self.model.kind
        if kind is SearchKind.ALL:
            total = str(self.state.search.count())
            self.hint.setText(self.tr("All farmers: %1 registered").replace("%1", total))
            return
        count = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        texts = {
            SearchKind.NAME: self.tr("Name starting with the text: %1 found").replace("%1", f"{count}{more}"),
            SearchKind.INITIALS: self.tr("Pinyin initials: %1 found").replace("%1", f"{count}{more}"),
            SearchKind.VILLAGE: self.tr("Village: %1 found").replace("%1", f"{count}{more}"),
            SearchKind.LAST_DIGITS: self.tr("Last 4 digits of ID or mobile: %1 found").replace("%1", f"{count}{more}"),
            SearchKind.PHONE: self.tr("Mobile number: %1 found").replace("%1", str(count)),
            SearchKind.RESIDENT_ID: self.tr("Resident ID: %1 found").replace("%1", str(count)),
            SearchKind.NONE: self.tr("Type a name, pinyin initials, 4 last digits, a full mobile or ID number."),
        }
        self.hint.setText(texts[kind])

    def _row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.detail.show_farmer(self.model.row_id(current.row()))

    def _on_changed(self, _changes) -> None:
        if self.state.actor is not None:
            self.run_search()

    def open_form(self, farmer_id: str | None) -> FarmerForm:
        form = FarmerForm(self.state, farmer_id, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self.select_farmer)
        form.open_existing.connect(self.select_farmer)
        form.open()
        return form

    def select_farmer(self, farmer_id: str) -> None:
        row = self.model.find_row(farmer_id)
        if row < 0:
            self.search.clear()
            self.run_search()
            row = self.model.find_row(farmer_id)
        already_current = row >= 0 and self.table.currentIndex().row() == row
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        # A newly selected row loads the detail through the selection signal; an already
        # selected row (or one not on the loaded pages) gets no signal, so reload it here.
        if row < 0 or already_current:
            self.detail.show_farmer(farmer_id)

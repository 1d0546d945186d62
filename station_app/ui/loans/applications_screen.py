"""Loan applications as a list: all of them (the 贷款 screen, a branch officer's work queue)
or one farmer's (the farmer page's loans tab).  Enter or a double click opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.loans import METHOD_LABELS
from station_app.domain.roles import Permission
from station_app.domain.scoring import format_value
from station_app.domain.workflow import State
from station_app.services import loan_applications as apps
from station_app.services.loan_applications import ApplicationView
from station_app.ui.loans.application_dialog import ApplicationDialog, state_text
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, local_time

#: Filters of the list: key → states shown (None: all).
FILTERS: dict[str, frozenset[State] | None] = {
    "to_decide": frozenset({State.SUBMITTED, State.UNDER_REVIEW}),
    "in_progress": apps.PENDING_STATES,
    "active": apps.ACTIVE_STATES,
    "overdue": frozenset({State.OVERDUE}),
    "all": None,
}


class ApplicationsList(QWidget):
    """The table and its filter; ``farmer_id`` None lists every application here."""

    def __init__(self, state: AppState, *, per_farmer: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.per_farmer = per_farmer
        self.farmer_id: str | None = None
        self.views: list[ApplicationView] = []
        self.stale = True
        self.filter = QComboBox(objectName="applications_filter")
        for key, text in (("to_decide", self.tr("Waiting for a decision")),
                          ("in_progress", self.tr("Not yet disbursed")),
                          ("active", self.tr("Loans being repaid")),
                          ("overdue", self.tr("Overdue")),
                          ("all", self.tr("All"))):
            self.filter.addItem(text, key)
        self.filter.setCurrentIndex(self.filter.findData(self._default_filter()))
        self.count = QLabel(objectName="applications_count")
        self.table = QTableWidget(0, 8, objectName="applications_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Filed"), self.tr("Farmer"), self.tr("Product"), self.tr("Amount"),
            self.tr("Term"), self.tr("Repayment"), self.tr("State"), self.tr("Application no.")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.open_button = BigButton(self.tr("Open"), primary=True)
        self.open_button.setObjectName("applications_open")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.filter)
        top.addWidget(self.count, 1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.filter.currentIndexChanged.connect(self.reload)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        state.changed.connect(self._data_changed)
        state.actor_changed.connect(self._actor_changed)

    def _default_filter(self) -> str:
        """A branch officer starts from what waits for them, everyone else from all."""
        return ("to_decide" if not self.per_farmer
                and self.state.can(Permission.APPLICATION_DECIDE) else "all")

    def _actor_changed(self, _actor: object) -> None:
        self.filter.setCurrentIndex(self.filter.findData(self._default_filter()))
        self._data_changed(None)

    def set_farmer(self, farmer_id: str | None) -> None:
        self.farmer_id = farmer_id
        self._data_changed(None)

    def _data_changed(self, _changes: object) -> None:
        self.stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.stale:
            self.reload()

    def reload(self, *_args: object) -> None:
        self.stale = False
        if self.state.actor is None:
            return
        states = FILTERS[self.filter.currentData() or "all"]
        if self.per_farmer and self.farmer_id is None:
            self.views = []
        else:
            try:
                self.views = apps.list_applications(self.state.ctx, farmer_id=self.farmer_id,
                                                    states=states)
            except Exception as exc:  # noqa: BLE001 - through the error channel
                self.state.errors.report(exc, self)
                return
        self.table.setRowCount(len(self.views))
        money = lambda v: format_value("yuan", v, self.state.language)  # noqa: E731
        for row, view in enumerate(self.views):
            cells = [local_time(view.filed_at), view.farmer_name, view.product_name,
                     money(view.amount), self.tr("%1 months").replace("%1", str(view.term_months)),
                     self.state.text(METHOD_LABELS[view.method]), state_text(self.state, view),
                     view.application_no]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if view.state is State.OVERDUE:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("%1 applications").replace("%1", str(len(self.views))))
        self.open_button.setEnabled(bool(self.views))
        if self.views:
            self.table.selectRow(0)

    def open_row(self, row: int) -> ApplicationDialog | None:
        if not 0 <= row < len(self.views):
            return None
        dialog = ApplicationDialog(self.state, self.views[row].id, self)
        dialog.changed.connect(lambda: self.state.announce("loan_application"))
        dialog.open()
        return dialog


class ApplicationsScreen(QWidget):
    """The 贷款 page of the navigation."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Loans"), objectName="title")
        hint = QLabel(self.tr("Applications filed at the station, the branch's decisions, disbursed loans and their repayments. A loan shows as overdue by itself the day after a payment is missed."), objectName="hint")  # noqa: E501
        hint.setWordWrap(True)
        self.list = ApplicationsList(state, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)

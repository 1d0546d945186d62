"""Loan applications as a list: all of them (the 贷款 screen, a branch officer's work queue)
or one farmer's (the farmer page's loans tab).  Enter or a double click opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem, QWidget

from station_app.domain.loans import METHOD_LABELS
from station_app.domain.workflow import State
from station_app.services import loan_applications as apps
from station_app.services.loan_applications import ApplicationView
from station_app.ui.loans.application_dialog import ApplicationDialog, state_text
from station_app.ui.record_list import RecordList, RecordScreen
from station_app.ui.state import AppState
from station_app.ui.widgets import local_time

#: Filters of the list: key → states shown (None: all).
FILTERS: dict[str, frozenset[State] | None] = {
    "to_decide": frozenset({State.SUBMITTED, State.UNDER_REVIEW}),
    "in_progress": apps.PENDING_STATES,
    "active": apps.ACTIVE_STATES,
    "overdue": frozenset({State.OVERDUE}),
    "all": None,
}


class ApplicationsList(RecordList):
    """The table and its filter; ``farmer_id`` None lists every application here."""

    name = "applications"
    announces = "loan_application"
    decide_filter = "to_decide"
    right_columns = frozenset({3})
    views: list[ApplicationView]

    def filters(self) -> list[tuple[str, str]]:
        return [("to_decide", self.tr("Waiting for a decision")),
                ("in_progress", self.tr("Not yet disbursed")),
                ("active", self.tr("Loans being repaid")),
                ("overdue", self.tr("Overdue"))]

    def columns(self) -> list[str]:
        return [self.tr("Filed"), self.tr("Farmer"), self.tr("Product"), self.tr("Amount"),
                self.tr("Term"), self.tr("Repayment"), self.tr("State"),
                self.tr("Application no.")]

    def load(self, key: str) -> list[ApplicationView]:
        return apps.list_applications(self.state.ctx, farmer_id=self.farmer_id,
                                      states=FILTERS[key])

    def cells(self, view: ApplicationView) -> list[str]:
        return [local_time(view.filed_at), view.farmer_name, view.product_name,
                self._money(view.amount),
                self.tr("%1 months").replace("%1", str(view.term_months)),
                self.state.text(METHOD_LABELS[view.method]), state_text(self.state, view),
                view.application_no]

    def decorate(self, item: QTableWidgetItem, view: ApplicationView) -> None:
        if view.state is State.OVERDUE:
            item.setForeground(Qt.GlobalColor.darkRed)

    def make_dialog(self, view: ApplicationView) -> ApplicationDialog:
        return ApplicationDialog(self.state, view.id, self)


class ApplicationsScreen(RecordScreen):
    """The 贷款 page of the navigation."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Loans"),
            self.tr("Applications filed at the station, the branch's decisions, disbursed loans and their repayments. A loan shows as overdue by itself the day after a payment is missed."),  # noqa: E501
            ApplicationsList(state), parent)

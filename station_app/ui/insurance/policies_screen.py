"""Insurance applications and policies as a list: all of them (the 保险 page, where the
branch issues policies) or one farmer's (the farmer page's insurance tab).  Opening the list
on a station computer first makes the claims that are due (``run_claims``)."""

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

from station_app.domain.insurance.policy import PolicyState
from station_app.domain.roles import Permission
from station_app.domain.scoring import format_value
from station_app.services import insurance_policies as policies
from station_app.services.insurance_policies import PolicyView
from station_app.ui.insurance.policy_dialog import PolicyDialog
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, local_time

FILTERS: dict[str, frozenset[PolicyState] | None] = {
    "waiting": frozenset({PolicyState.SUBMITTED}),
    "issued": frozenset({PolicyState.ISSUED}),
    "all": None,
}


class PoliciesList(QWidget):
    def __init__(self, state: AppState, *, per_farmer: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.per_farmer = per_farmer
        self.farmer_id: str | None = None
        self.views: list[PolicyView] = []
        self.stale = True
        self._reloading = False
        self.filter = QComboBox(objectName="policies_filter")
        for key, text in (("waiting", self.tr("Waiting for the policy")),
                          ("issued", self.tr("Policies in force")), ("all", self.tr("All"))):
            self.filter.addItem(text, key)
        self.filter.setCurrentIndex(self.filter.findData(self._default_filter()))
        self.count = QLabel(objectName="policies_count")
        self.claims_note = QLabel(objectName="policies_claims_note")
        self.claims_note.setWordWrap(True)
        self.table = QTableWidget(0, 8, objectName="policies_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Filed"), self.tr("Farmer"), self.tr("Product"), self.tr("Season"),
            self.tr("Area (mu)"), self.tr("Farmer pays"), self.tr("State"),
            self.tr("Paid out")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.open_button = BigButton(self.tr("Open"), primary=True)
        self.open_button.setObjectName("policies_open")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.filter)
        top.addWidget(self.count, 1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.claims_note)
        layout.addWidget(self.table, 1)
        self.filter.currentIndexChanged.connect(self.reload)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        state.changed.connect(self._data_changed)
        state.actor_changed.connect(self._actor_changed)

    def _default_filter(self) -> str:
        """A branch officer starts from what waits for them, everyone else from all."""
        return ("waiting" if not self.per_farmer
                and self.state.can(Permission.APPLICATION_DECIDE) else "all")

    def _actor_changed(self, _actor: object) -> None:
        self.filter.setCurrentIndex(self.filter.findData(self._default_filter()))
        self._data_changed(None)

    def set_farmer(self, farmer_id: str | None) -> None:
        self.farmer_id = farmer_id
        self._data_changed(None)

    def _data_changed(self, _changes: object) -> None:
        if self._reloading:
            return  # our own announcement of new claims
        self.stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.stale:
            self.reload()

    def make_claims(self) -> policies.ClaimRun | None:
        """Make the claims that are due (station computers; idempotent)."""
        try:
            run = policies.run_claims(self.state.ctx)
        except Exception as exc:  # noqa: BLE001 - through the error channel
            self.state.errors.report(exc, self)
            return None
        notes = []
        if run.created:
            notes.append(self.tr("%1 new claim(s) computed from the weather data.").replace(
                "%1", str(len(run.created))))
        for policy_no, section, missing in run.incomplete:
            notes.append(self.tr("Policy %1, %2: the weather data is incomplete (%3 day(s) missing); the claim waits for it.")  # noqa: E501
                         .replace("%1", policy_no).replace("%2", section)
                         .replace("%3", str(len(missing))))
        self.claims_note.setText("\n".join(notes))
        self.claims_note.setVisible(bool(notes))
        return run

    def reload(self, *_args: object) -> None:
        self.stale = False
        if self.state.actor is None:
            return
        if self.per_farmer and self.farmer_id is None:
            self.views = []
        else:
            run = self.make_claims()
            if run is not None and run.created:
                self._reloading = True
                try:
                    self.state.announce("insurance_claim")  # loans repaid by payouts etc.
                finally:
                    self._reloading = False
            wanted = FILTERS[self.filter.currentData() or "all"]
            try:
                views = policies.list_policies(self.state.ctx, farmer_id=self.farmer_id)
            except Exception as exc:  # noqa: BLE001 - through the error channel
                self.state.errors.report(exc, self)
                return
            self.views = [v for v in views if wanted is None or v.state in wanted]
        money = lambda v: format_value("yuan", v, self.state.language)  # noqa: E731
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            cells = [local_time(view.filed_at), view.farmer_name,
                     view.product.name(self.state.language), str(view.season_year),
                     str(view.insured_mu), money(view.farmer_pays),
                     self.state.text(view.state.label), money(view.paid_out)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (4, 5, 7):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("%1 applications").replace("%1", str(len(self.views))))
        self.open_button.setEnabled(bool(self.views))
        if self.views:
            self.table.selectRow(0)

    def open_row(self, row: int) -> PolicyDialog | None:
        if not 0 <= row < len(self.views):
            return None
        dialog = PolicyDialog(self.state, self.views[row].id, self)
        dialog.changed.connect(lambda: self.state.announce("insurance_application"))
        dialog.open()
        return dialog


class InsuranceScreen(QWidget):
    """The 保险 page of the navigation."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Insurance"), objectName="title")
        hint = QLabel(self.tr("Weather-index insurance applied for at the station and the policies issued. When a covered period is over and its weather data is complete, the claim is computed by itself."), objectName="hint")  # noqa: E501
        hint.setWordWrap(True)
        self.list = PoliciesList(state, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)

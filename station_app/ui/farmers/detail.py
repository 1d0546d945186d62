"""One farmer's page: masked details, reveal (for roles that need it, audited), consent,
edit and delete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.farmers import CONSENT_SHORT
from station_app.domain.roles import Permission
from station_app.services import exports, farmers, reports
from station_app.services.farmers import FarmerView
from station_app.ui.insurance.policies_screen import PoliciesList
from station_app.ui.insurance.policy_dialog import may_see_insurance
from station_app.ui.loans.applications_screen import ApplicationsList
from station_app.ui.pdf_printing import DocumentReadyDialog
from station_app.ui.planting.panel import PlantingPanel
from station_app.ui.sales.sales_chart import SalesPanel
from station_app.ui.sales.shops_panel import ShopsPanel
from station_app.ui.scoring.score_panel import ScorePanel
from station_app.ui.state import AppState
from station_app.ui.training import FarmerTrainingPanel
from station_app.ui.widgets import BigButton, local_time


class FarmerDetail(QWidget):
    edit_requested = Signal(str)
    deleted = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.view: FarmerView | None = None
        self.title = QLabel(objectName="title")
        self.empty = QLabel(self.tr("Choose a farmer in the list to see the details."))
        self.empty.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        self.reveal_buttons: dict[str, BigButton] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        labels = (
            ("gender", self.tr("Gender")), ("birth_date", self.tr("Birth date")),
            ("resident_id", self.tr("Resident ID")), ("phone", self.tr("Mobile")),
            ("bank_card", self.tr("Bank card")), ("address", self.tr("Address")),
            ("household_size", self.tr("Household size")), ("coop", self.tr("Cooperative")),
            ("consent", self.tr("Consent")), ("notes", self.tr("Notes")),
        )
        for key, text in labels:
            value = QLabel()
            value.setObjectName(f"value_{key}")
            value.setWordWrap(True)
            value.setMinimumWidth(220)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            if key in farmers.SENSITIVE_FIELDS:
                row = QHBoxLayout()
                row.addWidget(value, 1)
                button = BigButton(self.tr("Show"))
                button.setObjectName(f"reveal_{key}")
                button.setProperty("field", key)
                button.clicked.connect(self._reveal_clicked)
                self.reveal_buttons[key] = button
                row.addWidget(button)
                form.addRow(text, row)
            else:
                form.addRow(text, value)
        self.box = QGroupBox()
        self.box.setLayout(form)
        self.edit_button = BigButton(self.tr("Edit"), primary=True)
        self.edit_button.setObjectName("edit_farmer")
        self.delete_button = BigButton(self.tr("Delete"))
        self.delete_button.setObjectName("delete_farmer")
        self.pipl_button = BigButton(self.tr("Export personal data (PIPL)"))
        self.pipl_button.setObjectName("export_personal_data")
        self.pipl_button.setToolTip(self.tr("Everything held about this farmer: a signed PDF to print and a JSON file, in the documents folder"))  # noqa: E501
        self.last_export: tuple[object, object] | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.pipl_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.edit_button)
        # Tabs follow a tutor's onboarding: profile and shops, then planting, then training.
        profile = QWidget()
        profile_layout = QVBoxLayout(profile)
        profile_layout.setContentsMargins(0, 0, 0, 0)
        profile_layout.addWidget(self.box)
        profile_layout.addLayout(buttons)
        self.shops = ShopsPanel(state)
        profile_layout.addWidget(self.shops)
        self.sales = SalesPanel(state)
        profile_layout.addWidget(self.sales)
        profile_layout.addStretch(1)
        self.shops.changed.connect(self._shops_changed)
        self.planting = PlantingPanel(state)
        self.tabs = QTabWidget(objectName="farmer_tabs")
        self.tabs.addTab(profile, self.tr("Profile and sales"))
        self.tabs.addTab(self.planting, self.tr("Planting"))
        self.training = FarmerTrainingPanel(state)
        self.tabs.addTab(self.training, self.tr("Training"))
        self.score = ScorePanel(state)
        self.tabs.addTab(self.score, self.tr("Credit score"))
        self.loans = ApplicationsList(state, per_farmer=True)
        self.loans_index = self.tabs.addTab(self.loans, self.tr("Loans"))
        self.policies = PoliciesList(state, per_farmer=True)
        self.policies_index = self.tabs.addTab(self.policies, self.tr("Insurance"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.tabs, 1)
        self.edit_button.clicked.connect(self._edit_clicked)
        self.delete_button.clicked.connect(self.delete)
        self.pipl_button.clicked.connect(self.export_personal_data)
        self.show_farmer(None)

    def _shops_changed(self) -> None:
        if self.view:
            self.sales.show_farmer(self.view.id)

    def _reveal_clicked(self) -> None:
        self.reveal(self.sender().property("field"))

    def _edit_clicked(self) -> None:
        if self.view:
            self.edit_requested.emit(self.view.id)

    def show_farmer(self, farmer_id: str | None) -> None:
        self.view = None
        if farmer_id and self.state.actor is not None:
            try:
                self.view = farmers.get_farmer(self.state.ctx, farmer_id)
            except Exception as exc:  # noqa: BLE001 - deleted elsewhere, or no longer allowed
                self.state.errors.report(exc, self)
        has = self.view is not None
        self.empty.setVisible(not has)
        self.box.setVisible(has)
        self.title.setVisible(has)
        self.edit_button.setVisible(has and self.state.can(Permission.FARMER_WRITE))
        self.delete_button.setVisible(has and self.state.can(Permission.FARMER_DELETE))
        may_reveal = self.state.can(Permission.FARMER_REVEAL_SENSITIVE)
        for button in self.reveal_buttons.values():
            button.setVisible(has and may_reveal)
            button.setEnabled(True)
        self.tabs.setVisible(has)
        self.shops.setVisible(has)
        self.shops.show_farmer(self.view.id if self.view else None)
        self.sales.show_farmer(self.view.id if self.view else None)
        self.planting.show_farmer(self.view.id if self.view else None,
                                  village=self.view.village if self.view else "")
        self.training.show_farmer(self.view.id if self.view else None)
        self.score.show_farmer(self.view.id if self.view else None)
        self.loans.set_farmer(self.view.id if self.view else None)
        self.policies.set_farmer(self.view.id if self.view else None)
        self.tabs.setTabVisible(self.policies_index, may_see_insurance(self.state))
        self.tabs.setTabVisible(self.loans_index, any(
            self.state.can(p) for p in (Permission.APPLICATION_PREPARE,
                                        Permission.APPLICATION_DECIDE,
                                        Permission.REPAYMENT_RECORD)))
        if not self.view:
            return
        v = self.view
        self.title.setText(v.name)
        gender = {"male": self.tr("Male"), "female": self.tr("Female")}.get(v.gender, v.gender)
        self.values["gender"].setText(gender)
        self.values["birth_date"].setText(v.birth_date.isoformat())
        self.values["resident_id"].setText(v.resident_id_masked)
        self.values["phone"].setText(v.phone_masked)
        self.values["bank_card"].setText(v.bank_card_masked or "—")
        if not v.bank_card_masked:
            self.reveal_buttons["bank_card"].setVisible(False)
        self.values["address"].setText(" ".join(x for x in (v.province, v.county, v.township,
                                                           v.village, v.address_detail) if x))
        self.values["household_size"].setText(str(v.household_size or "—"))
        self.values["coop"].setText(f"{v.coop_name} {v.coop_uscc}".strip() or "—")
        separator = ", " if self.state.language.startswith("en") else "、"
        scopes = separator.join(self.state.text(CONSENT_SHORT[s])
                                for s in v.consents if s in CONSENT_SHORT)
        when = local_time(v.consent_at)
        self.values["consent"].setText(f"{scopes}\n{when} {v.consent_staff}".strip() or "—")
        self.values["notes"].setText(v.notes or "—")

    def reveal(self, key: str) -> None:
        if not self.view:
            return
        farmer_id = self.view.id
        ctx = self.state.ctx
        self.state.runner.run(lambda: farmers.reveal(ctx, farmer_id, key, purpose="farmer page"),
                              lambda value: self._revealed(key, value),
                              lambda exc: self.state.errors.report(exc, self), owner=self)

    def _revealed(self, key: str, value: str) -> None:
        self.values[key].setText(value)
        self.reveal_buttons[key].setEnabled(False)

    def delete(self) -> None:
        if not self.view:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Delete farmer"),
            self.tr("Why is %1 being deleted? (The record is kept in the history.)").replace("%1", self.view.name))
        if not ok:
            return
        view = self.view
        ctx = self.state.ctx
        self.state.runner.run(
            lambda: farmers.delete_farmer(ctx, view.id, base_version=view.version, reason=reason),
            lambda _: self._deleted(view.id), lambda exc: self.state.errors.report(exc, self),
            owner=self)

    def export_personal_data(self) -> None:
        """个人信息副本 (PIPL): signed PDF + JSON in the documents folder, made off the main
        thread; full numbers only for roles that may see them (the service audits that)."""
        if not self.view:
            return
        ctx, farmer_id = self.state.ctx, self.view.id
        self.pipl_button.setEnabled(False)
        self.state.runner.run(
            lambda: exports.farmer_data_export(ctx, farmer_id, reports.documents_dir()),
            self._personal_data_exported, self._personal_data_failed, owner=self)

    def _personal_data_exported(self, paths: tuple[object, object]) -> None:
        self.pipl_button.setEnabled(True)
        self.last_export = paths
        if self.state.settings.open_printed_documents:
            dialog = DocumentReadyDialog(paths[0], self, errors=self.state.errors)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()

    def _personal_data_failed(self, exc: BaseException) -> None:
        self.pipl_button.setEnabled(True)
        self.state.errors.report(exc, self)

    def _deleted(self, farmer_id: str) -> None:
        self.state.announce("farmer")
        self.show_farmer(None)
        self.deleted.emit(farmer_id)

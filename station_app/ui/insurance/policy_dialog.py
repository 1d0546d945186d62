"""One insurance application or policy: terms, premium split, the phases of its season, its
moves and claims; the buttons for what this person may do (issue, decline, withdraw, print).
Also the small form that files an application from a quote."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.insurance import describe_section
from station_app.domain.insurance.policy import RULES, PolicyAction, PolicyState
from station_app.domain.money import to_chinese_capital
from station_app.domain.roles import Permission
from station_app.domain.scoring import format_value
from station_app.services import insurance_documents, insurance_policies as policies
from station_app.services import loan_applications, planting
from station_app.services.insurance_policies import PolicyView
from station_app.ui.forms import RecordDialog
from station_app.ui.pdf_printing import DocumentReadyDialog
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel, local_time

STATE_COLOURS = {PolicyState.ISSUED: "#2e7d32", PolicyState.REJECTED: "#c62828",
                 PolicyState.WITHDRAWN: "#546e7a"}
SHARE_NAMES = {"central": ("中央财政", "Central government"),
               "province": ("省级财政", "Province"), "county": ("县级财政", "County"),
               "farmer": ("农户自缴", "Farmer")}


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ApplyPolicyDialog(RecordDialog):
    """投保: the quote's product and area, a planting loan the payouts should repay first, and
    the planting season it covers (both optional)."""

    announces = "insurance_application"

    def __init__(self, state: AppState, farmer_id: str, product_id: str, mu: Decimal,
                 parent: QWidget | None = None) -> None:
        super().__init__(state, self.tr("Apply for the insurance"), parent)
        self.farmer_id, self.product_id, self.mu = farmer_id, product_id, mu
        self.loan = QComboBox(objectName="policy_loan")
        self.loan.addItem(self.tr("No loan"), None)
        for view in loan_applications.list_applications(state.ctx, farmer_id=farmer_id):
            if view.product_kind in ("planting", "farm_input") and (
                    view.state in loan_applications.PENDING_STATES
                    or view.state in loan_applications.ACTIVE_STATES):
                self.loan.addItem(f"{view.product_name} {view.application_no} · "
                                  f"{format_value('yuan', view.amount, state.language)}",
                                  view.id)
        self.row("loan", self.tr("Payouts first repay"), self.loan,
                 self.tr("When a payout is due it repays this loan first; the rest goes to the farmer."))  # noqa: E501
        self.season = QComboBox(objectName="policy_season")
        self.season.addItem(self.tr("Not linked"), None)
        for season in planting.list_seasons(state.ctx, farmer_id):
            self.season.addItem(f"{season.crop_name(state.language)} · {season.plot_name} · "
                                f"{season.planting_date:%Y-%m-%d}", season.id)
        self.row("season", self.tr("For the planting season"), self.season)
        self.save_button.setText(self.tr("Apply"))
        self.save_button.setObjectName("policy_apply")

    def collect(self, problems: dict[str, list[str]]) -> object:
        return self.loan.currentData(), self.season.currentData()

    def commit(self, data: object) -> object:
        loan_id, season_id = data  # type: ignore[misc]
        return policies.file_policy(self.state.ctx, self.farmer_id, self.product_id, self.mu,
                                    loan_application_id=loan_id, season_id=season_id)


class PolicyDialog(QDialog):
    changed = Signal()

    def __init__(self, state: AppState, policy_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.policy_id = policy_id
        self.view: PolicyView | None = None
        self.setObjectName("policy_dialog")
        self.setProperty("keepOnLock", True)
        self.setMinimumSize(880, 640)
        self.title = QLabel(objectName="title")
        self.badge = QLabel(objectName="policy_state")
        self.facts = QLabel(objectName="policy_facts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel()
        self.message = QLabel(objectName="policy_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_printed: insurance_documents.PrintedInsuranceDocument | None = None
        self.phases = _table("policy_phases", [self.tr("Index"), self.tr("From"), self.tr("To"),
                                               self.tr("What pays")])
        self.claims = _table("policy_claims", [
            self.tr("Index"), self.tr("Phase"), self.tr("Measured"), self.tr("Per mu"),
            self.tr("Payout"), self.tr("To the loan"), self.tr("To the farmer")])
        self.history = _table("policy_history", [self.tr("When"), self.tr("Step"),
                                                 self.tr("By"), self.tr("Reason")])
        self.tabs = QTabWidget(objectName="policy_tabs")
        self.tabs.addTab(self.phases, self.tr("Cover"))
        self.tabs.addTab(self.claims, self.tr("Claims"))
        self.tabs.addTab(self.history, self.tr("Steps"))
        self.actions_row = QHBoxLayout()
        close = BigButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addLayout(self.actions_row)
        bottom.addStretch(1)
        bottom.addWidget(close)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.facts)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.reload()

    def _money(self, value: Decimal) -> str:
        return format_value("yuan", value, self.state.language)

    def reload(self) -> None:
        view = policies.get_policy(self.state.ctx, self.policy_id)
        self.view = view
        number = view.policy_no or view.application_no
        self.setWindowTitle(f"{view.product.name(self.state.language)} · {number}")
        self.title.setText(f"{view.farmer_name} · {view.product.name(self.state.language)}")
        colour = STATE_COLOURS.get(view.state, "#1565c0")
        self.badge.setText(self.state.text(view.state.label))
        self.badge.setStyleSheet(f"color: white; background: {colour}; padding: 6px 14px;"
                                 "border-radius: 4px; font-size: 15pt;")
        zh = not self.state.language.startswith("en")
        shares = "；".join(f"{SHARE_NAMES[k][0 if zh else 1]} {self._money(v)}"
                          for k, v in view.shares.items() if k in SHARE_NAMES)
        lines = [
            self.tr("%1 mu · season %2 · sum insured %3 (%4)").replace(
                "%1", str(view.insured_mu)).replace("%2", str(view.season_year)).replace(
                "%3", self._money(view.sum_insured)).replace(
                "%4", to_chinese_capital(view.sum_insured)),
            self.tr("Premium %1: %2").replace("%1", self._money(view.premium)).replace(
                "%2", shares),
            self.tr("Weather station %1 · application no. %2 · filed by %3 on %4").replace(
                "%1", view.product.station_name_zh or view.weather_station).replace(
                "%2", view.application_no).replace("%3", view.filed_by_name).replace(
                "%4", local_time(view.filed_at)),
        ]
        if view.policy_no:
            lines.append(self.tr("<b>Policy no. %1</b>").replace("%1", view.policy_no))
        if view.loan_application_id:
            lines.append(self.tr("Payouts first repay the assigned planting loan."))
        if view.claims:
            lines.append(self.tr("<b>Paid out so far: %1</b>").replace(
                "%1", self._money(view.paid_out)))
        self.facts.setText("<br>".join(lines))
        phases = view.phases
        self.phases.setRowCount(len(view.product.sections))
        for row, section in enumerate(view.product.sections):
            first, last = phases[section.code]
            cells = [section.name(self.state.language), f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}",
                     self.state.text(describe_section(view.product, section))]
            for col, text in enumerate(cells):
                self.phases.setItem(row, col, QTableWidgetItem(text))
        self.phases.resizeColumnsToContents()
        self.claims.setRowCount(len(view.claims))
        for row, claim in enumerate(view.claims):
            names = {sec.code: sec.name(self.state.language) for sec in view.product.sections}
            cells = [names.get(claim.section_code, claim.section_code),
                     f"{claim.phase_first:%m-%d}–{claim.phase_last:%m-%d}",
                     str(claim.index_value), self._money(claim.payout_per_mu),
                     self._money(claim.payout), self._money(claim.to_loan),
                     self._money(claim.to_farmer)]
            for col, text in enumerate(cells):
                self.claims.setItem(row, col, QTableWidgetItem(text))
        self.claims.resizeColumnsToContents()
        self.history.setRowCount(len(view.moves))
        for row, (action, who, _role, reason, at, gone) in enumerate(view.moves):
            step = self.state.text(PolicyAction(action).label)
            if gone:
                step += self.tr(" (not applied: someone else acted first)")
            for col, text in enumerate((local_time(at), step, who, reason)):
                self.history.setItem(row, col, QTableWidgetItem(text))
        self.history.resizeColumnsToContents()
        self._fill_actions(view)

    def _fill_actions(self, view: PolicyView) -> None:
        while self.actions_row.count():
            item = self.actions_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for action in policies.allowed_actions(self.state.ctx, view):
            button = BigButton(self.state.text(action.label),
                               primary=action is PolicyAction.ISSUE)
            button.setObjectName(f"policy_{action.value}")
            button.clicked.connect(lambda _=False, a=action: self.do(a))
            self.actions_row.addWidget(button)
        self._add_print_buttons(view)

    def _add_print_buttons(self, view: PolicyView) -> None:
        """打印投保单 / 保险凭证 / 理赔通知书 (the notice of the claim selected)."""
        if view.state in (PolicyState.REJECTED, PolicyState.WITHDRAWN):
            return
        wanted = [(insurance_documents.APPLICATION, self.tr("Print the application form"))]
        if view.state is PolicyState.ISSUED:
            wanted.append((insurance_documents.POLICY, self.tr("Print the policy certificate")))
        if view.claims:
            wanted.append((insurance_documents.CLAIM, self.tr("Print the claim notice")))
        for which, text in wanted:
            button = BigButton(text)
            button.setObjectName(f"print_{which}")
            button.clicked.connect(lambda _=False, w=which: self.print_document(w))
            self.actions_row.addWidget(button)

    def print_document(self, which: str) -> None:
        """Make the signed PDF in the background, then offer to print or open it."""
        assert self.view is not None
        claim_id = None
        if which == insurance_documents.CLAIM:
            row = max(self.claims.currentRow(), 0)
            claim_id = self.view.claims[row].id
        ctx, policy_id = self.state.ctx, self.view.id
        self.message.setText(self.tr("Making the document…"))
        self.state.runner.run(
            lambda: insurance_documents.print_insurance_document(ctx, policy_id, which,
                                                                 claim_id=claim_id),
            self._printed, self._print_failed, owner=self)

    def _printed(self, printed: insurance_documents.PrintedInsuranceDocument) -> None:
        self.last_printed = printed
        self.message.setText(self.tr("%1 is ready: %2").replace("%1", printed.doc_id).replace(
            "%2", str(printed.path)))
        if self.state.settings.open_printed_documents:
            dialog = DocumentReadyDialog(printed.path, self, errors=self.state.errors)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()

    def _print_failed(self, exc: BaseException) -> None:
        self.message.clear()
        if isinstance(exc, policies.PolicyRefused):
            self.error.show_messages([self.state.text(exc.message)])
            return
        self.state.errors.report(exc, self)

    def do(self, action: PolicyAction) -> None:
        assert self.view is not None
        self.error.show_messages([])
        reason = None
        if any(rule[3] for (_s, a), rule in RULES.items() if a is action):
            text, ok = QInputDialog.getMultiLineText(
                self, self.state.text(action.label),
                self.tr("Why? The farmer and your colleagues will read this."))
            if not ok:
                return
            reason = text
        try:
            policies.move(self.state.ctx, self.view.id, action, reason=reason)
        except policies.PolicyRefused as exc:
            self.error.show_messages([self.state.text(exc.message)])
            return
        except Exception as exc:  # noqa: BLE001 - through the error channel
            self.state.errors.report(exc, self)
            return
        self.reload()
        self.changed.emit()


def may_see_insurance(state: AppState) -> bool:
    return any(state.can(p) for p in (Permission.APPLICATION_PREPARE,
                                       Permission.APPLICATION_DECIDE))

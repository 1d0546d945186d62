"""One insurance application or policy: terms, premium split, the phases of its season, its
moves and claims; the buttons for what this person may do (issue, decline, withdraw, print).
Also the small form that files an application from a quote."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QTableWidgetItem, QWidget

from station_app.domain.insurance import describe_section
from station_app.domain.insurance.policy import RULES, PolicyAction, PolicyState
from station_app.domain.money import to_chinese_capital
from station_app.domain.roles import Permission
from station_app.domain.scoring import format_value
from station_app.services import insurance_documents, insurance_policies as policies
from station_app.services import loan_applications, planting
from station_app.services.insurance_policies import PolicyView
from station_app.ui.case_dialog import CaseDialog, make_table
from station_app.ui.forms import RecordDialog
from station_app.ui.state import AppState
from station_app.ui.widgets import local_time

STATE_COLOURS = {PolicyState.ISSUED: "#2e7d32", PolicyState.REJECTED: "#c62828",
                 PolicyState.WITHDRAWN: "#546e7a"}
SHARE_NAMES = {"central": ("中央财政", "Central government"),
               "province": ("省级财政", "Province"), "county": ("县级财政", "County"),
               "farmer": ("农户自缴", "Farmer")}


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


class PolicyDialog(CaseDialog):
    """The application or policy ``policy_id``; ``changed`` after anything was recorded."""

    refused = policies.PolicyRefused
    action_prefix = "policy_"
    primary_actions = frozenset({PolicyAction.ISSUE})

    def __init__(self, state: AppState, policy_id: str, parent: QWidget | None = None) -> None:
        super().__init__(state, "policy", (880, 640), parent)
        self.policy_id = policy_id
        self.view: PolicyView | None = None
        self.last_printed: insurance_documents.PrintedInsuranceDocument | None = None
        self.phases = make_table("policy_phases", [self.tr("Index"), self.tr("From"),
                                                   self.tr("To"), self.tr("What pays")])
        self.claims = make_table("policy_claims", [
            self.tr("Index"), self.tr("Phase"), self.tr("Measured"), self.tr("Per mu"),
            self.tr("Payout"), self.tr("To the loan"), self.tr("To the farmer")])
        self.tabs.addTab(self.phases, self.tr("Cover"))
        self.tabs.addTab(self.claims, self.tr("Claims"))
        self.history = self.add_history_tab("policy_history")
        self.reload()

    def reload(self) -> None:
        view = policies.get_policy(self.state.ctx, self.policy_id)
        product = view.product.name(self.state.language)
        self.show_case(view, f"{product} · {view.policy_no or view.application_no}",
                       f"{view.farmer_name} · {product}", self.state.text(view.state.label),
                       STATE_COLOURS)
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
        self.fill_history(self.history, (
            (at, self.state.text(PolicyAction(action).label), who, reason, gone)
            for action, who, _role, reason, at, gone in view.moves))
        self._fill_actions(view)

    def offered_actions(self, view: PolicyView) -> list[PolicyAction]:
        return policies.allowed_actions(self.state.ctx, view)

    def printable(self, view: PolicyView) -> list[tuple[str, str]]:
        """打印投保单 / 保险凭证 / 理赔通知书 (the notice of the claim selected)."""
        if view.state in (PolicyState.REJECTED, PolicyState.WITHDRAWN):
            return []
        wanted = [(insurance_documents.APPLICATION, self.tr("Print the application form"))]
        if view.state is PolicyState.ISSUED:
            wanted.append((insurance_documents.POLICY, self.tr("Print the policy certificate")))
        if view.claims:
            wanted.append((insurance_documents.CLAIM, self.tr("Print the claim notice")))
        return wanted

    def document_maker(self, which: str
                       ) -> Callable[[], insurance_documents.PrintedInsuranceDocument]:
        assert self.view is not None
        claim_id = None
        if which == insurance_documents.CLAIM:
            row = max(self.claims.currentRow(), 0)
            claim_id = self.view.claims[row].id
        ctx, policy_id = self.state.ctx, self.view.id
        return lambda: insurance_documents.print_insurance_document(ctx, policy_id, which,
                                                                    claim_id=claim_id)

    def needs_reason(self, action: PolicyAction) -> bool:
        return any(rule[3] for (_s, a), rule in RULES.items() if a is action)

    def move(self, action: PolicyAction, reason: str | None) -> None:
        assert self.view is not None
        policies.move(self.state.ctx, self.view.id, action, reason=reason)


def may_see_insurance(state: AppState) -> bool:
    return any(state.can(p) for p in (Permission.APPLICATION_PREPARE,
                                       Permission.APPLICATION_DECIDE))

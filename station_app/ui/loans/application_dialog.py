"""One loan application: its terms, where it stands, the schedule, who did what, the money
received, an order loan's event log; and the buttons for what this person may do next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.loans import METHOD_LABELS
from station_app.domain.money import to_chinese_capital
from station_app.domain.roles import Permission
from station_app.domain.workflow import TRANSITIONS, Action, State
from station_app.services import loan_applications as apps, loan_documents
from station_app.services.loan_applications import ApplicationView
from station_app.ui.case_dialog import CaseDialog, make_table
from station_app.ui.forms import RecordDialog, date_edit, decimal_edit, from_qdate
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, local_time

#: Colours of the state badge (good, waiting, attention, finished).
STATE_COLOURS = {
    State.APPROVED: "#2e7d32", State.DISBURSED: "#2e7d32", State.REPAYING: "#2e7d32",
    State.CLOSED: "#546e7a", State.SIGNED: "#2e7d32", State.CONTRACT_PRINTED: "#2e7d32",
    State.OVERDUE: "#c62828", State.REJECTED: "#c62828", State.WRITTEN_OFF: "#c62828",
    State.RETURNED: "#b26a00", State.WITHDRAWN: "#546e7a",
}


#: Before the branch's decision there is no contract to print.
UNDECIDED = frozenset({State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.RETURNED})


def state_text(state: AppState, view: ApplicationView) -> str:
    """The state as a clerk says it, with the days past due of an overdue loan."""
    text = state.text(view.state.label)
    if view.state is State.OVERDUE and view.status is not None:
        return f"{text}（{view.status.days_past_due} 天）" if state.language.startswith("zh") \
            else f"{text} ({view.status.days_past_due} days)"
    return text


def _right(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RepaymentDialog(RecordDialog):
    """登记还款: amount, day, how it was paid, receipt or transfer number."""

    announces = "loan"

    def __init__(self, state: AppState, view: ApplicationView, parent: QWidget | None = None
                 ) -> None:
        super().__init__(state, self.tr("Record a repayment"), parent)
        self.view = view
        status = view.status
        self.amount = self.row("amount", self.tr("Amount (yuan)"), decimal_edit("repay_amount"))
        if status is not None:
            due = status.next_due.total if status.next_due is not None else status.payoff
            self.amount.setText(format(due, "f"))
            self.amount.setPlaceholderText(
                self.tr("pays everything off today: %1").replace("%1", format(status.payoff, "f")))
        self.paid_on = self.row("paid_on", self.tr("Paid on"), date_edit("repay_date"))
        self.source = QComboBox(objectName="repay_source")
        for key in ("cash", "bank"):
            self.source.addItem(state.text(apps.REPAYMENT_SOURCES[key]), key)
        self.row("source", self.tr("Paid by"), self.source)
        self.reference = self.row("reference", self.tr("Receipt or transfer no."),
                                  QLineEdit(objectName="repay_reference"))
        self.save_button.setText(self.tr("Record"))

    def collect(self, problems: dict[str, list[str]]) -> object:
        amount = self.number("amount", self.amount, problems)
        if amount is None and "amount" not in problems:
            problems["amount"] = [self.tr("Type the amount received, e.g. 1520.50.")]
        return amount, from_qdate(self.paid_on.date())

    def commit(self, data: object) -> object:
        amount, paid_on = data  # type: ignore[misc]
        return apps.record_repayment(self.state.ctx, self.view.id, amount, paid_on,
                                     source=self.source.currentData(),
                                     reference=self.reference.text().strip())


class DisburseDialog(RecordDialog):
    """放款: the day the money reached the farmer's account (the schedule starts from it)."""

    announces = "loan"

    def __init__(self, state: AppState, view: ApplicationView, parent: QWidget | None = None
                 ) -> None:
        super().__init__(state, self.tr("Disburse"), parent)
        self.view = view
        self.day = self.row("disbursed_on", self.tr("Disbursed on"), date_edit("disburse_date"),
                            self.tr("The repayment schedule starts from this day."))
        self.save_button.setText(self.tr("Disburse"))

    def collect(self, problems: dict[str, list[str]]) -> object:
        return from_qdate(self.day.date())

    def commit(self, data: object) -> object:
        return apps.move(self.state.ctx, self.view.id, Action.DISBURSE,
                         disbursed_on=data)  # type: ignore[arg-type]


class ApplicationDialog(CaseDialog):
    """The application ``application_id``; ``changed`` after anything was recorded."""

    refused = apps.WorkflowRefused
    action_prefix = "action_"
    primary_actions = frozenset({Action.APPROVE, Action.SUBMIT, Action.DISBURSE})

    def __init__(self, state: AppState, application_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(state, "application", (900, 680), parent)
        self.application_id = application_id
        self.view: ApplicationView | None = None
        self.last_printed: loan_documents.PrintedLoanDocument | None = None
        self.schedule = make_table("application_schedule", [
            self.tr("No."), self.tr("Due"), self.tr("Principal"), self.tr("Interest"),
            self.tr("Payment"), self.tr("Balance after"), self.tr("Paid")])
        self.payments = make_table("application_payments", [
            self.tr("Paid on"), self.tr("Amount"), self.tr("Interest"), self.tr("Principal"),
            self.tr("Paid by"), self.tr("Recorded by")])
        self.events = make_table("application_events", [
            self.tr("No."), self.tr("When"), self.tr("Stage"), self.tr("Details")])
        self.chain = QLabel(objectName="application_chain")
        self.chain.setWordWrap(True)
        events_page = QWidget()
        events_layout = QVBoxLayout(events_page)
        events_layout.addWidget(self.chain)
        events_layout.addWidget(self.events, 1)
        self.add_event = BigButton(self.tr("Record order progress…"))
        self.add_event.setObjectName("application_add_event")
        self.add_event.clicked.connect(self._record_event)
        events_layout.addWidget(self.add_event, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(self.schedule, self.tr("Repayment schedule"))
        self.history = self.add_history_tab("application_history")
        self.tabs.addTab(self.payments, self.tr("Money received"))
        self.events_index = self.tabs.addTab(events_page, self.tr("Order events"))
        self.reload()

    # ------------------------------------------------------------------ showing

    def reload(self) -> None:
        view = apps.get_application(self.state.ctx, self.application_id)
        self.show_case(view, f"{view.product_name} · {view.application_no}",
                       f"{view.farmer_name} · {view.product_name}", state_text(self.state, view),
                       STATE_COLOURS)
        self.facts.setText(self._facts(view))
        self._fill_schedule(view)
        self.fill_history(self.history, (
            (t.at, self.state.text(t.action.label), t.actor_name, t.reason, t.superseded)
            for t in view.transitions))
        self._fill_payments(view)
        self._fill_events(view)
        self._fill_actions(view)

    def _facts(self, view: ApplicationView) -> str:
        money = self._money
        rate = view.annualized_rate if view.annualized_rate is not None else view.annual_rate
        lines = [
            self.tr("<b>%1</b> (%2) · %3 months · %4").replace("%1", money(view.amount)).replace(
                "%2", to_chinese_capital(view.amount)).replace(
                "%3", str(view.term_months)).replace(
                "%4", self.state.text(METHOD_LABELS[view.method])),
            self.tr("Annualized rate %1 (contract rate %2 a year) · fees %3").replace(
                "%1", f"{rate * 100:.2f}%").replace(
                "%2", f"{view.annual_rate * 100:.2f}%").replace("%3", money(view.fees)),
            self.tr("Farmer %1 (%2) · filed by %3 on %4 · application no. %5").replace(
                "%1", view.farmer_name).replace("%2", view.resident_id_masked).replace(
                "%3", view.filed_by_name).replace("%4", local_time(view.filed_at)).replace(
                "%5", view.application_no),
        ]
        if view.guarantor:
            lines.append(self.tr("Guaranteed by %1").replace("%1", view.guarantor))
        status = view.status
        if status is None:
            lines.append(self.tr("Planned disbursement %1 · due %2").replace(
                "%1", f"{view.planned_disbursement:%Y-%m-%d}").replace(
                "%2", f"{view.maturity:%Y-%m-%d}"))
        else:
            lines.append(self.tr("Disbursed %1 · received %2 · principal still owed %3").replace(
                "%1", f"{status.disbursed_on:%Y-%m-%d}").replace("%2", money(status.paid)).replace(
                "%3", money(status.principal_outstanding)))
            if status.paid_off:
                lines.append(self.tr("Paid off on %1.").replace(
                    "%1", f"{status.paid_off_on:%Y-%m-%d}"))
            else:
                if status.next_due is not None:
                    lines.append(self.tr("Next payment %1 on %2 · pays everything off today: %3")
                                 .replace("%1", money(status.next_due.total)).replace(
                                     "%2", f"{status.next_due.due_date:%Y-%m-%d}").replace(
                                     "%3", money(status.payoff)))
                if status.days_past_due:
                    lines.append("<span style='color:#c62828'><b>" + self.tr(
                        "%1 days overdue: %2 unpaid").replace(
                        "%1", str(status.days_past_due)).replace(
                        "%2", money(status.overdue_amount)) + "</b></span>")
        if view.last_reason and view.state in (State.REJECTED, State.RETURNED, State.WITHDRAWN,
                                               State.WRITTEN_OFF):
            lines.append(self.tr("Reason: %1").replace("%1", view.last_reason))
        return "<br>".join(lines)

    def _fill_schedule(self, view: ApplicationView) -> None:
        schedule = view.schedule
        covered = Decimal(0)
        if view.status is not None:
            allocations = [r.allocation for r in view.repayments if r.allocation is not None]
            covered = allocations[-1].paid_so_far if allocations else Decimal(0)
        self.schedule.setRowCount(len(schedule))
        running = Decimal(0)
        today = date.today()
        for row, inst in enumerate(schedule):
            running += inst.total
            if view.status is not None and (view.status.paid_off or covered >= running):
                paid, colour = self.tr("paid"), None
            elif view.status is not None and inst.due_date < today:
                paid, colour = self.tr("overdue"), QColor("#ffebee")
            else:
                paid, colour = "", None
            cells = [_right(str(row + 1)), QTableWidgetItem(f"{inst.due_date:%Y-%m-%d}"),
                     _right(self._money(inst.principal)), _right(self._money(inst.interest)),
                     _right(self._money(inst.total)), _right(self._money(inst.balance)),
                     QTableWidgetItem(paid)]
            for col, cell in enumerate(cells):
                if colour is not None:
                    cell.setBackground(colour)
                self.schedule.setItem(row, col, cell)
        self.schedule.resizeColumnsToContents()

    def _fill_payments(self, view: ApplicationView) -> None:
        self.payments.setRowCount(len(view.repayments))
        for row, r in enumerate(view.repayments):
            a = r.allocation
            cells = [QTableWidgetItem(f"{r.paid_on:%Y-%m-%d}"), _right(self._money(r.amount)),
                     _right(self._money(a.interest_paid) if a else "—"),
                     _right(self._money(a.principal_paid) if a else "—"),
                     QTableWidgetItem(self.state.text(apps.REPAYMENT_SOURCES[r.source])
                                      + (f" {r.reference}" if r.reference else "")),
                     QTableWidgetItem(r.recorded_by_name)]
            for col, cell in enumerate(cells):
                self.payments.setItem(row, col, cell)
        self.payments.resizeColumnsToContents()

    def _fill_events(self, view: ApplicationView) -> None:
        is_order_loan = bool(view.order_ids) or view.chain_length > 0
        self.tabs.setTabVisible(self.events_index, is_order_loan)
        if not is_order_loan:
            return
        events, check = apps.order_events(self.state.ctx, view.id)
        self.events.setRowCount(len(events))
        for row, event in enumerate(events):
            details = "，".join(f"{k}: {v}" for k, v in sorted(event.data.items()))
            for col, text in enumerate((str(event.seq), local_time(event.at),
                                        self.state.text(event.label), details)):
                self.events.setItem(row, col, QTableWidgetItem(text))
        self.events.resizeColumnsToContents()
        if check.ok:
            self.chain.setText(self.tr("✓ The event log is intact (%1 events, each sealed by the one before).").replace("%1", str(check.checked)))  # noqa: E501
            self.chain.setStyleSheet("color: #2e7d32;")
        else:
            problem = self.state.text(check.problem) if check.problem else ""
            self.chain.setText(self.tr("✗ The event log was altered: %1").replace("%1", problem))
            self.chain.setStyleSheet("color: #c62828; font-weight: bold;")
        self.add_event.setVisible(check.ok and self.state.can(Permission.APPLICATION_PREPARE)
                                  and view.state not in (State.CLOSED, State.REJECTED,
                                                         State.WITHDRAWN))

    def offered_actions(self, view: ApplicationView) -> list[Action]:
        # PRINT_CONTRACT: the print button does it (printing moves the state)
        return [action for action in apps.allowed_actions(self.state.ctx, view)
                if action is not Action.PRINT_CONTRACT]

    def add_more_buttons(self, view: ApplicationView) -> None:
        if view.state in apps.ACTIVE_STATES and self.state.can(Permission.REPAYMENT_RECORD):
            button = BigButton(self.tr("Record a repayment…"), primary=True)
            button.setObjectName("action_repay")
            button.clicked.connect(self.record_repayment)
            self.actions_row.addWidget(button)

    def printable(self, view: ApplicationView) -> list[tuple[str, str]]:
        """打印合同 / 还款计划 / 明白纸, for whoever may print them in this state."""
        if view.state in (State.REJECTED, State.WITHDRAWN):
            return []
        can_contract = self.state.can(Permission.CONTRACT_PRINT)
        wanted = []
        if can_contract and view.state not in UNDECIDED:
            wanted.append((loan_documents.CONTRACT, self.tr("Print the contract")))
        if can_contract or self.state.can(Permission.APPLICATION_PREPARE):
            wanted.append((loan_documents.SCHEDULE, self.tr("Print the schedule")))
            wanted.append((loan_documents.SUMMARY, self.tr("Print the summary for the farmer")))
        return wanted

    def document_maker(self, which: str) -> Callable[[], loan_documents.PrintedLoanDocument]:
        assert self.view is not None
        ctx, application_id = self.state.ctx, self.view.id
        return lambda: loan_documents.print_loan_document(ctx, application_id, which)

    def after_print(self) -> None:
        self._after()  # the first contract printed moves the application on

    # ------------------------------------------------------------------ doing

    def needs_reason(self, action: Action) -> bool:
        return any(rule.reason_required for (_s, a), rule in TRANSITIONS.items() if a is action)

    def move(self, action: Action, reason: str | None) -> None:
        assert self.view is not None
        apps.move(self.state.ctx, self.view.id, action, reason=reason)

    def do(self, action: Action) -> None:
        """Make one workflow move, asking for the reason or the date it needs."""
        if action is Action.DISBURSE:
            assert self.view is not None
            self.error.show_messages([])
            if DisburseDialog(self.state, self.view, self).exec() == QDialog.DialogCode.Accepted:
                self._after()
            return
        super().do(action)

    def record_repayment(self) -> None:
        assert self.view is not None
        if RepaymentDialog(self.state, self.view, self).exec() == QDialog.DialogCode.Accepted:
            self._after()

    def _record_event(self) -> None:
        assert self.view is not None
        kinds = ("shipped", "in_transit", "signed", "due", "settlement_received")
        from station_app.domain.event_chain import KIND_LABELS

        labels = [self.state.text(KIND_LABELS[k]) for k in kinds]
        label, ok = QInputDialog.getItem(self, self.tr("Record order progress"),
                                         self.tr("What happened?"), labels, 0, False)
        if not ok:
            return
        note, ok = QInputDialog.getText(self, self.tr("Record order progress"),
                                        self.tr("Waybill or note (may be blank)"))
        if not ok:
            return
        data = {"note": note.strip()} if note.strip() else {}
        view_id, kind = self.view.id, kinds[labels.index(label)]
        self.attempt(lambda: apps.record_order_event(self.state.ctx, view_id, kind, data=data))

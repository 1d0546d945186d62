"""The loan screens with real widgets: filing from the quote dialog, the branch's work queue,
deciding with a reason, disbursing, recording repayments, the order-event log."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from station_app.domain.loans import OrderForLoan, quote_order_loan, quote_planting_loan
from station_app.domain.roles import Role
from station_app.domain.workflow import State
from station_app.services import farmers, loan_applications as apps, loans
from station_app.ui.loans.application_dialog import ApplicationDialog, RepaymentDialog
from station_app.ui.loans.applications_screen import ApplicationsList
from station_app.ui.loans.quote_dialog import QuoteDialog
from station_app.ui.widgets import BigButton


def _quote(start: date):
    return quote_planting_loan(
        loans.catalogue()["farm_input_standard"], score_grade="B",
        credit_limit=Decimal("80000"), planted_area_mu=Decimal("30"),
        input_cost_per_mu=Decimal("1500"), disbursement=start,
        expected_harvest=start + timedelta(days=150), requested_amount=Decimal("12000"),
        method="equal_installment", requested_term_months=6)


@pytest.fixture
def farmer_id(tutor_ctx, valid_farmer_input) -> str:
    return farmers.register_farmer(tutor_ctx, valid_farmer_input(name="孟庆丰"))


def _state_for(make_state, db, make_actor, role):
    state = make_state(db)
    state.set_actor(make_actor(role))
    return state


def test_the_specialist_files_the_quote_shown_and_sees_it_submitted(
        qtbot, make_state, db, make_actor, farmer_id) -> None:
    state = _state_for(make_state, db, make_actor, Role.SPECIALIST)
    dialog = QuoteDialog(state, farmer_id)
    qtbot.addWidget(dialog)
    assert dialog.file_button.isHidden()  # nothing to file before a quote
    dialog._show(_quote(date.today()))
    assert dialog.file_button.isVisible() or not dialog.file_button.isHidden()
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    assert dialog.filed_id is not None
    view = apps.get_application(state.ctx, dialog.filed_id)
    assert view.state is State.SUBMITTED and view.amount == Decimal("12000.00")
    opened = dialog.findChild(ApplicationDialog)
    assert opened is not None and "已提交" in opened.badge.text()
    # The specialist may only withdraw now; no decision buttons.
    names = {b.objectName() for b in opened.findChildren(BigButton)}
    assert "action_withdraw" in names and "action_approve" not in names


def test_the_branch_queue_decides_disburses_and_records_a_repayment(
        qtbot, make_state, db, make_actor, specialist_ctx, farmer_id, monkeypatch) -> None:
    app_id = apps.file_application(specialist_ctx, farmer_id, _quote(date.today()))
    state = _state_for(make_state, db, make_actor, Role.BRANCH_OFFICER)
    queue = ApplicationsList(state)
    qtbot.addWidget(queue)
    queue.show()
    assert queue.filter.currentData() == "to_decide"  # the officer's work first
    assert queue.table.rowCount() == 1 and queue.table.item(0, 1).text() == "孟庆丰"
    dialog = queue.open_row(0)
    qtbot.addWidget(dialog)

    def click(name: str) -> None:
        button = dialog.findChild(BigButton, name)
        assert button is not None, name
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    click("action_start_review")
    # Returning without a reason is refused in plain words; with one it goes through.
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        staticmethod(lambda *a, **k: ("   ", True)))
    click("action_return")
    assert "原因" in dialog.error.text()
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        staticmethod(lambda *a, **k: ("请补充种植合同", True)))
    click("action_return")
    assert dialog.view.state is State.RETURNED and "请补充种植合同" in dialog.facts.text()
    apps.move(specialist_ctx, app_id, "resubmit")
    dialog.reload()
    click("action_start_review")
    assert dialog.findChild(BigButton, "print_contract") is None  # nothing decided yet
    click("action_approve")
    state.settings.open_printed_documents = False
    click("print_contract")  # the first print moves the application on
    assert dialog.view.state is State.CONTRACT_PRINTED
    assert dialog.last_printed is not None and dialog.last_printed.path.exists()
    assert dialog.last_printed.doc_id in dialog.message.text()
    click("action_sign")
    assert dialog.view.state is State.SIGNED
    monkeypatch.setattr("station_app.ui.loans.application_dialog.DisburseDialog.exec",
                        lambda self: (self.save(), QDialog.result(self))[1])
    click("action_disburse")
    assert dialog.view.state is State.DISBURSED
    assert dialog.schedule.rowCount() == 6

    repay = RepaymentDialog(state, dialog.view, dialog)
    qtbot.addWidget(repay)
    repay.amount.setText("abc")
    repay.save()
    assert repay.errors["amount"].isVisible() or repay.errors["amount"].text()
    repay.amount.setText("100.00")
    repay.save()
    assert QDialog.result(repay) == QDialog.DialogCode.Accepted
    dialog.reload()
    assert dialog.view.state is State.REPAYING
    assert dialog.payments.rowCount() == 1
    assert dialog.payments.item(0, 1).text().startswith("100")


def test_an_order_loan_shows_its_event_log_and_a_tampered_one_says_so(
        qtbot, make_state, db, make_actor, specialist_ctx, farmer_id) -> None:
    start = date.today()
    orders = [OrderForLoan(order_id=f"DY-{i}", amount=Decimal("2500.00"), status="paid",
                           expected_settlement=start + timedelta(days=15)) for i in range(4)]
    quote = quote_order_loan(loans.catalogue()["order_standard"], score_grade="B",
                             credit_limit=Decimal("50000"), orders=orders, disbursement=start,
                             requested_amount=Decimal("6000"))
    assert quote.eligible, quote.reasons
    app_id = apps.file_application(specialist_ctx, farmer_id, quote,
                                   now=datetime.now(timezone.utc))
    state = _state_for(make_state, db, make_actor, Role.SPECIALIST)
    dialog = ApplicationDialog(state, app_id)
    qtbot.addWidget(dialog)
    assert dialog.tabs.isTabVisible(dialog.events_index)
    assert dialog.events.rowCount() == 5  # four orders confirmed, one application matched
    assert "✓" in dialog.chain.text()
    from sqlmodel import select
    from station_app.store.models import LoanEvent
    with db.session() as session:
        first = session.exec(select(LoanEvent).where(LoanEvent.seq == 1)).one()
        first.data = first.data.replace("2500.00", "25000.00")
        session.add(first)
    dialog.reload()
    assert "✗" in dialog.chain.text() and dialog.add_event.isHidden()


def test_the_verify_screen_reads_a_printed_contract(qtbot, make_state, db, make_actor,
                                                    specialist_ctx, branch_ctx, farmer_id,
                                                    tmp_path) -> None:
    from sqlmodel import select
    from station_app.services import loan_documents
    from station_app.store.models import IssuedDocument
    from station_app.ui.verify_screen import VerifyScreen

    app_id = apps.file_application(specialist_ctx, farmer_id, _quote(date.today()))
    apps.move(branch_ctx, app_id, "start_review")
    apps.move(branch_ctx, app_id, "approve")
    printed = loan_documents.print_loan_document(branch_ctx, app_id, "contract",
                                                 target_dir=tmp_path)
    with db.session() as session:
        qr_text = session.exec(select(IssuedDocument.qr_text).where(
            IssuedDocument.doc_id == printed.doc_id)).one()
    state = _state_for(make_state, db, make_actor, Role.SPECIALIST)
    screen = VerifyScreen(state)
    qtbot.addWidget(screen)
    screen.text.setPlainText(qr_text)
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    assert screen.verdict.property("status") == "valid"
    details = screen.details.text()
    assert ("借款合同" in details or "Loan contract" in details) and "合同编号: HT-" in details
    assert "还款方式: 等额本息" in details
    assert "借款金额（元）: 12000.00" in details

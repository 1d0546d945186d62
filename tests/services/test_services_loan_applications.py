"""Loan applications on a real station database: filing, the workflow with maker-checker,
disbursement, repayments (partial, early payoff, overdue), the credit room and the order-loan
event log."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from station_app.domain.loans import OrderForLoan, quote_order_loan, quote_planting_loan
from station_app.domain.roles import Role
from station_app.domain.workflow import Action, State
from station_app.services import farmers, loan_applications as apps, loans
from station_app.services.errors import PermissionDenied, ValidationFailed
from station_app.services.loan_applications import WorkflowRefused
from station_app.store.models import AuditEntry, LoanEvent, LoanTransition, OutboxEntry

FILED = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
START = date(2026, 3, 5)


def _planting_quote(amount: str = "20000", method: str = "equal_installment",
                    months: int | None = 6, disbursement: date = START):
    product = loans.catalogue()["farm_input_standard"]
    return quote_planting_loan(
        product, score_grade="B", credit_limit=Decimal("80000"),
        planted_area_mu=Decimal("30"), input_cost_per_mu=Decimal("1500"),
        disbursement=disbursement, expected_harvest=disbursement + timedelta(days=150),
        requested_amount=Decimal(amount), method=method, requested_term_months=months)


@pytest.fixture
def farmer_id(tutor_ctx, valid_farmer_input) -> str:
    return farmers.register_farmer(tutor_ctx, valid_farmer_input(name="孟庆丰"))


def _filed(specialist_ctx, farmer_id, **kw) -> str:
    quote = _planting_quote(**kw)
    assert quote.eligible, quote.reasons
    return apps.file_application(specialist_ctx, farmer_id, quote, now=FILED)


def _approved(specialist_ctx, branch_ctx, farmer_id, **kw) -> str:
    app_id = _filed(specialist_ctx, farmer_id, **kw)
    for action in (Action.START_REVIEW, Action.APPROVE, Action.PRINT_CONTRACT, Action.SIGN):
        apps.move(branch_ctx, app_id, action, now=FILED + timedelta(hours=1))
    return app_id


def _disbursed(specialist_ctx, branch_ctx, farmer_id, **kw) -> str:
    app_id = _approved(specialist_ctx, branch_ctx, farmer_id, **kw)
    apps.move(branch_ctx, app_id, Action.DISBURSE, disbursed_on=START,
              now=datetime(2026, 3, 5, 10, tzinfo=timezone.utc))
    return app_id


def test_filing_stores_the_quoted_terms_and_submits(specialist_ctx, farmer_id, db) -> None:
    quote = _planting_quote()
    app_id = apps.file_application(specialist_ctx, farmer_id, quote, now=FILED)
    view = apps.get_application(specialist_ctx, app_id, as_of=FILED.date())
    assert view.state is State.SUBMITTED
    assert view.amount == Decimal("20000.00") == quote.amount
    assert view.annual_rate == quote.annual_rate and view.term_months == 6
    assert view.annualized_rate == quote.annualized_rate
    assert view.schedule == tuple(quote.schedule)  # the planned schedule is the quoted one
    assert view.farmer_name == "孟庆丰" and view.filed_by == specialist_ctx.actor.user_id
    assert [t.action for t in view.transitions] == [Action.SUBMIT]
    # Row, transition: both queued for sync and both audited.
    with Session(db.engine) as session:
        queued = {e.entity for e in session.exec(select(OutboxEntry))}
        audited = {(a.entity, a.action) for a in session.exec(select(AuditEntry))}
    assert {"loan_application", "loan_transition"} <= queued
    assert {("loan_application", "create"), ("loan_transition", "create")} <= audited


def test_an_ineligible_quote_cannot_be_filed_and_tutors_cannot_file(
        specialist_ctx, tutor_ctx, farmer_id) -> None:
    refused = _planting_quote(amount="900000")
    assert not refused.eligible
    with pytest.raises(ValidationFailed):
        apps.file_application(specialist_ctx, farmer_id, refused)
    with pytest.raises(PermissionDenied):
        apps.file_application(tutor_ctx, farmer_id, _planting_quote())


def test_the_branch_decides_and_the_filer_never_can(specialist_ctx, branch_ctx, farmer_id,
                                                    make_ctx) -> None:
    app_id = _filed(specialist_ctx, farmer_id)
    # The specialist may not review or approve (no permission), whatever the state.
    with pytest.raises(WorkflowRefused):
        apps.move(specialist_ctx, app_id, Action.START_REVIEW)
    view = apps.get_application(branch_ctx, app_id)
    assert Action.START_REVIEW in apps.allowed_actions(branch_ctx, view)
    assert apps.allowed_actions(specialist_ctx, view) == [Action.WITHDRAW]
    apps.move(branch_ctx, app_id, Action.START_REVIEW)
    # Reject and return need a reason.
    with pytest.raises(WorkflowRefused) as refused:
        apps.move(branch_ctx, app_id, Action.REJECT, reason="  ")
    assert "原因" in str(refused.value)
    view = apps.move(branch_ctx, app_id, Action.RETURN, reason="请补充合作社担保函")
    assert view.state is State.RETURNED and view.last_reason == "请补充合作社担保函"
    apps.move(specialist_ctx, app_id, Action.RESUBMIT)
    apps.move(branch_ctx, app_id, Action.START_REVIEW)
    view = apps.move(branch_ctx, app_id, Action.APPROVE)
    assert view.state is State.APPROVED
    # Disbursing before the contract is signed is an illegal move.
    with pytest.raises(WorkflowRefused):
        apps.move(branch_ctx, app_id, Action.DISBURSE)


def test_a_branch_officer_who_filed_may_not_decide(make_ctx, farmer_id, db) -> None:
    """Maker-checker holds even for someone holding both permissions' roles over time: the
    filer's user id is what counts."""
    specialist = make_ctx(Role.SPECIALIST, username="dual_role")
    app_id = _filed(specialist, farmer_id)
    # The same person, later given the branch role (same user id), is refused.
    from station_app.services.context import Actor, ServiceContext
    a = specialist.actor
    same_person = ServiceContext(db, Actor(a.user_id, a.username, a.display_name,
                                           Role.BRANCH_OFFICER, a.station_id))
    with pytest.raises(WorkflowRefused) as refused:
        apps.move(same_person, app_id, Action.START_REVIEW)
    assert refused.value.message.code.endswith("maker_checker")


def test_disbursement_fixes_the_schedule_and_repayments_run_it_down(
        specialist_ctx, branch_ctx, farmer_id) -> None:
    app_id = _approved(specialist_ctx, branch_ctx, farmer_id)
    later = date(2026, 3, 20)
    view = apps.move(branch_ctx, app_id, Action.DISBURSE, disbursed_on=later,
                     now=datetime(2026, 3, 20, 8, tzinfo=timezone.utc))
    assert view.state is State.DISBURSED
    schedule = view.status.schedule
    assert schedule[0].due_date == date(2026, 4, 20)  # from the real disbursement day
    assert sum(i.principal for i in schedule) == Decimal("20000.00")
    first = schedule[0]
    now = datetime(2026, 4, 20, 9, tzinfo=timezone.utc)
    allocation = apps.record_repayment(branch_ctx, app_id, first.total, date(2026, 4, 20),
                                       now=now)
    assert allocation.interest_paid == first.interest
    assert allocation.principal_paid == first.principal
    view = apps.get_application(branch_ctx, app_id, as_of=date(2026, 4, 20))
    assert view.state is State.REPAYING
    assert view.status.principal_outstanding == Decimal("20000.00") - first.principal
    assert view.status.next_due == schedule[1]


def test_overdue_follows_the_calendar_and_is_cured_by_paying(specialist_ctx, branch_ctx,
                                                             farmer_id) -> None:
    app_id = _disbursed(specialist_ctx, branch_ctx, farmer_id)
    schedule = apps.get_application(branch_ctx, app_id, as_of=START).status.schedule
    due = schedule[0].due_date
    on_due = apps.get_application(branch_ctx, app_id, as_of=due)
    assert on_due.state is State.DISBURSED and on_due.status.days_past_due == 0
    late = apps.get_application(branch_ctx, app_id, as_of=due + timedelta(days=9))
    assert late.state is State.OVERDUE
    assert late.status.days_past_due == 9
    assert late.status.overdue_amount == schedule[0].total
    # Write-off needs a reason and is refused to the filer; the branch may write off.
    assert Action.WRITE_OFF in apps.allowed_actions(branch_ctx, late)
    paid_day = due + timedelta(days=9)
    apps.record_repayment(branch_ctx, app_id, schedule[0].total, paid_day,
                          now=datetime.combine(paid_day, datetime.min.time(), timezone.utc))
    cured = apps.get_application(branch_ctx, app_id, as_of=paid_day)
    assert cured.state is State.REPAYING and cured.status.days_past_due == 0


def test_partial_then_early_payoff_closes_the_loan_and_more_is_refused(
        specialist_ctx, branch_ctx, farmer_id) -> None:
    app_id = _disbursed(specialist_ctx, branch_ctx, farmer_id, method="monthly_interest")
    status = apps.get_application(branch_ctx, app_id, as_of=START).status
    day1 = status.schedule[0].due_date
    apps.record_repayment(branch_ctx, app_id, Decimal("50.00"), day1,
                          now=datetime.combine(day1, datetime.min.time(), timezone.utc))
    view = apps.get_application(branch_ctx, app_id, as_of=day1)
    assert view.state is State.REPAYING
    assert view.status.principal_outstanding == Decimal("20000.00")  # interest first
    payday = day1 + timedelta(days=10)
    when = datetime.combine(payday, datetime.min.time(), timezone.utc)
    payoff = apps.get_application(branch_ctx, app_id, as_of=payday).status.payoff
    with pytest.raises(ValidationFailed) as too_much:
        apps.record_repayment(branch_ctx, app_id, payoff + Decimal("0.01"), payday, now=when)
    assert str(payoff) in str(too_much.value.fields["amount"][0])
    allocation = apps.record_repayment(branch_ctx, app_id, payoff, payday, now=when,
                                       source="bank", reference="流水 2026-0315")
    assert allocation.paid_off and allocation.early_payoff and allocation.waived_interest > 0
    closed = apps.get_application(branch_ctx, app_id, as_of=payday + timedelta(days=400))
    assert closed.state is State.CLOSED and closed.status.days_past_due == 0
    assert closed.status.paid == Decimal("50.00") + payoff
    with pytest.raises(WorkflowRefused):
        apps.record_repayment(branch_ctx, app_id, Decimal("1.00"), payday, now=when)


def test_repayment_input_is_checked_in_plain_words(specialist_ctx, branch_ctx,
                                                   farmer_id) -> None:
    app_id = _disbursed(specialist_ctx, branch_ctx, farmer_id)
    now = datetime(2026, 4, 1, tzinfo=timezone.utc)
    for amount, day, field in ((Decimal("0"), date(2026, 3, 20), "amount"),
                               (Decimal("10.001"), date(2026, 3, 20), "amount"),
                               (Decimal("10"), date(2026, 3, 1), "paid_on"),
                               (Decimal("10"), date(2026, 5, 1), "paid_on")):
        with pytest.raises(ValidationFailed) as bad:
            apps.record_repayment(branch_ctx, app_id, amount, day, now=now)
        assert field in bad.value.fields
    with pytest.raises(PermissionDenied):
        apps.record_repayment(specialist_ctx, app_id, Decimal("10"), date(2026, 3, 20), now=now)
    # Filed but not disbursed: no repayment.
    other = _filed(specialist_ctx, farmer_id)
    with pytest.raises(WorkflowRefused):
        apps.record_repayment(branch_ctx, other, Decimal("10"), date(2026, 3, 20), now=now)


def test_the_credit_room_counts_pending_and_outstanding_loans(specialist_ctx, branch_ctx,
                                                             farmer_id) -> None:
    assert apps.existing_debt(specialist_ctx, farmer_id) == 0
    first = _disbursed(specialist_ctx, branch_ctx, farmer_id, amount="20000")
    _filed(specialist_ctx, farmer_id, amount="5000")
    status = apps.get_application(branch_ctx, first, as_of=START).status
    assert apps.existing_debt(specialist_ctx, farmer_id, as_of=START) == Decimal("25000.00")
    inst = status.schedule[0]
    apps.record_repayment(branch_ctx, first, inst.total, inst.due_date,
                          now=datetime.combine(inst.due_date, datetime.min.time(),
                                               timezone.utc))
    assert apps.existing_debt(specialist_ctx, farmer_id, as_of=inst.due_date) == (
        Decimal("25000.00") - inst.principal)
    # A withdrawn application frees its amount.
    third = _filed(specialist_ctx, farmer_id, amount="3000")
    apps.move(specialist_ctx, third, Action.WITHDRAW, reason="农户不需要了")
    assert apps.existing_debt(specialist_ctx, farmer_id, as_of=inst.due_date) == (
        Decimal("25000.00") - inst.principal)


def test_concurrent_moves_keep_the_first_and_mark_the_other_superseded(
        specialist_ctx, branch_ctx, farmer_id, db) -> None:
    """Offline, the station withdraws while the branch starts the review of the same
    submitted application; after sync both rows exist, and the replay in clock order keeps the
    earlier move and marks the later one superseded."""
    app_id = _filed(specialist_ctx, farmer_id)
    apps.move(specialist_ctx, app_id, Action.WITHDRAW, reason="农户改主意了")
    with db.session() as session:  # the branch's row, as sync would bring it in
        row = session.exec(select(LoanTransition).where(
            LoanTransition.action == "withdraw")).one()
        session.add(LoanTransition(
            station_id=row.station_id, application_id=app_id, action="start_review",
            from_state="submitted", to_state="under_review", actor_id="branch-user",
            actor_name="陈静", actor_role="branch_officer", at=row.at,
            created_hlc=row.created_hlc[:-1] + "~", updated_hlc=row.created_hlc[:-1] + "~",
            version=1))
    view = apps.get_application(specialist_ctx, app_id)
    assert view.state is State.WITHDRAWN
    assert [(t.action, t.superseded) for t in view.transitions] == [
        (Action.SUBMIT, False), (Action.WITHDRAW, False), (Action.START_REVIEW, True)]


def _order_quote(specialist_ctx, farmer_id):
    product = loans.catalogue()["order_standard"]
    orders = [OrderForLoan(order_id=f"PDD-{i}", amount=Decimal("3000.00"), status="shipped",
                           expected_settlement=START + timedelta(days=20 + i))
              for i in range(1, 6)]
    quote = quote_order_loan(product, score_grade="B", credit_limit=Decimal("80000"),
                             orders=orders, disbursement=START,
                             requested_amount=Decimal("10000"))
    assert quote.eligible, quote.reasons
    return quote


def test_an_order_loan_keeps_a_verified_event_chain(specialist_ctx, farmer_id, db) -> None:
    quote = _order_quote(specialist_ctx, farmer_id)
    app_id = apps.file_application(specialist_ctx, farmer_id, quote, now=FILED)
    events, check = apps.order_events(specialist_ctx, app_id)
    assert [e.kind for e in events] == ["order_confirmed"] * 5 + ["application_matched"]
    assert check.ok
    apps.record_order_event(specialist_ctx, app_id, "shipped", at=FILED + timedelta(days=1),
                            data={"waybill": "SF1234567890"})
    events, check = apps.order_events(specialist_ctx, app_id)
    assert check.ok and len(events) == 7
    # The same orders may not back a second loan.
    with pytest.raises(WorkflowRefused):
        apps.file_application(specialist_ctx, farmer_id, quote, now=FILED)
    assert apps.pledged_order_ids(specialist_ctx, farmer_id) == {f"PDD-{i}" for i in range(1, 6)}

    # Someone edits an event in the database: detected, and the log is not extended.
    with db.session() as session:
        row = session.exec(select(LoanEvent).where(LoanEvent.seq == 3)).one()
        data = json.loads(row.data)
        data["amount"] = "30000.00"
        row.data = json.dumps(data)
        session.add(row)
    _, check = apps.order_events(specialist_ctx, app_id)
    assert not check.ok and check.first_bad_seq == 3
    with pytest.raises(WorkflowRefused):
        apps.record_order_event(specialist_ctx, app_id, "signed")


def test_removing_the_last_event_is_detected_by_the_stored_head(specialist_ctx, farmer_id,
                                                                db) -> None:
    app_id = apps.file_application(specialist_ctx, farmer_id,
                                   _order_quote(specialist_ctx, farmer_id), now=FILED)
    apps.record_order_event(specialist_ctx, app_id, "shipped")
    with db.session() as session:
        last = session.exec(select(LoanEvent).where(LoanEvent.kind == "shipped")).one()
        session.delete(last)
    _, check = apps.order_events(specialist_ctx, app_id)
    assert not check.ok

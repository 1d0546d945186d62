"""Loan application workflow and repayment rules (station_app.domain.workflow)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.loans import EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, build_schedule
from station_app.domain.roles import Permission, Role, can
from station_app.domain.workflow import (
    SYSTEM,
    TERMINAL_STATES,
    TRANSITIONS,
    Action,
    Repayment,
    State,
    TransitionRefused,
    allocate_repayment,
    allowed_actions,
    apply_transition,
    days_past_due,
    overdue_amount,
    payoff_amount,
)

D = Decimal
SPECIALIST, BRANCH, OTHER_BRANCH = "u-spec", "u-branch", "u-branch-2"

# The table written out by hand from DOMAIN.md §6 and docs/loans.md, independent of the code.
EXPECTED = {
    ("draft", "submit"): "submitted",
    ("returned", "resubmit"): "submitted",
    ("submitted", "start_review"): "under_review",
    ("under_review", "approve"): "approved",
    ("under_review", "reject"): "rejected",
    ("under_review", "return"): "returned",
    ("approved", "print_contract"): "contract_printed",
    ("contract_printed", "sign"): "signed",
    ("signed", "disburse"): "disbursed",
    ("disbursed", "record_repayment"): "repaying",
    ("repaying", "record_repayment"): "repaying",
    ("overdue", "record_repayment"): "overdue",
    ("disbursed", "mark_overdue"): "overdue",
    ("repaying", "mark_overdue"): "overdue",
    ("overdue", "cure"): "repaying",
    ("overdue", "write_off"): "written_off",
    ("disbursed", "close"): "closed",
    ("repaying", "close"): "closed",
    ("overdue", "close"): "closed",
    **{(s, "withdraw"): "withdrawn" for s in ("draft", "submitted", "under_review", "returned",
                                              "approved", "contract_printed", "signed")},
}
REASON_REQUIRED = {"reject", "return", "withdraw", "write_off"}
MAKER_CHECKER = {"start_review", "approve", "reject", "return", "disburse", "write_off"}


def actor_for(action: str) -> tuple[str, str]:
    """Someone who may do ``action`` (not the filer)."""
    if action in ("submit", "resubmit"):
        return SPECIALIST, Role.SPECIALIST.value
    return BRANCH, Role.BRANCH_OFFICER.value


def go(state, action, **kw):
    actor_id, role = actor_for(action)
    args = dict(actor_id=actor_id, actor_role=role, filed_by=SPECIALIST, reason="资料不全")
    args.update(kw)
    return apply_transition(state, action, **args)


def test_the_table_is_exactly_the_documented_one():
    assert {(s.value, a.value): r.to_state.value for (s, a), r in TRANSITIONS.items()} \
        == EXPECTED
    assert {a.value for (_s, a), r in TRANSITIONS.items() if r.reason_required} \
        == REASON_REQUIRED
    assert {a.value for (_s, a), r in TRANSITIONS.items() if r.maker_checker} == MAKER_CHECKER
    assert not any(s in TERMINAL_STATES for s, _a in TRANSITIONS)


@pytest.mark.parametrize("state, action", sorted(EXPECTED))
def test_every_legal_move(state, action):
    t = go(state, action)
    assert (t.from_state.value, t.action.value, t.to_state.value) == (state, action,
                                                                      EXPECTED[state, action])
    assert t.to_dict()["to_state"] == EXPECTED[state, action]


ILLEGAL = sorted((s.value, a.value) for s, a in itertools.product(State, Action)
                 if (s.value, a.value) not in EXPECTED)


def test_the_illegal_pairs_are_the_rest_of_the_product():
    assert len(ILLEGAL) == len(State) * len(Action) - len(EXPECTED) == 14 * 15 - 26


@pytest.mark.parametrize("state, action", ILLEGAL)
def test_every_illegal_move_is_refused(state, action):
    for actor_id, role in [(SPECIALIST, "specialist"), (BRANCH, "branch_officer"),
                           ("u-admin", "admin"), ("u-tutor", "tutor"), ("robot", SYSTEM)]:
        with pytest.raises(TransitionRefused) as info:
            apply_transition(state, action, actor_id=actor_id, actor_role=role,
                             filed_by=SPECIALIST, reason="原因")
        assert info.value.code == "workflow.not_allowed"
        assert info.value.message.en


def test_the_whole_happy_path_and_the_roles_it_takes():
    state = State.DRAFT
    for action in ["submit", "start_review", "return", "resubmit", "start_review", "approve",
                   "print_contract", "sign", "disburse", "record_repayment", "mark_overdue",
                   "record_repayment", "cure", "record_repayment", "close"]:
        state = go(state, action).to_state
    assert state == State.CLOSED


@pytest.mark.parametrize("state, action", sorted(EXPECTED))
def test_only_roles_with_the_permission_may_move(state, action):
    rule = TRANSITIONS[State(state), Action(action)]
    for role in Role:
        allowed = any(can(role, p) for p in rule.permissions)
        try:
            apply_transition(state, action, actor_id="someone", actor_role=role,
                             filed_by=SPECIALIST, reason="原因")
        except TransitionRefused as refused:
            assert not allowed, (role, refused.code)
            assert refused.code == "workflow.permission_denied"
        else:
            assert allowed, role
    # the software itself only for overdue detection, cure and closing
    try:
        apply_transition(state, action, actor_id="scheduler", actor_role=SYSTEM,
                         filed_by=SPECIALIST)
    except TransitionRefused as refused:
        assert action not in ("mark_overdue", "cure", "close")
        assert refused.code in ("workflow.system_not_allowed",)
    else:
        assert action in ("mark_overdue", "cure", "close")


def test_specialist_files_branch_decides():
    assert can(Role.SPECIALIST, Permission.APPLICATION_PREPARE)
    with pytest.raises(TransitionRefused) as info:
        apply_transition("under_review", "approve", actor_id=SPECIALIST,
                         actor_role="specialist", filed_by="someone-else")
    assert info.value.code == "workflow.permission_denied"
    assert "金融专员" in str(info.value)
    with pytest.raises(TransitionRefused):
        apply_transition("draft", "submit", actor_id=BRANCH, actor_role="branch_officer",
                         filed_by=BRANCH)


@pytest.mark.parametrize("state, action", sorted(k for k in EXPECTED if k[1] in MAKER_CHECKER))
def test_maker_checker_the_filer_can_never_decide(state, action):
    # the filer now holds the branch role (e.g. after a role change): still refused
    with pytest.raises(TransitionRefused) as info:
        apply_transition(state, action, actor_id=BRANCH, actor_role="branch_officer",
                         filed_by=BRANCH, reason="原因")
    assert info.value.code == "workflow.maker_checker"
    with pytest.raises(TransitionRefused) as info:
        apply_transition(state, action, actor_id=BRANCH, actor_role="branch_officer",
                         filed_by=None, reason="原因")
    assert info.value.code == "workflow.filer_unknown"
    # another officer may
    assert apply_transition(state, action, actor_id=OTHER_BRANCH, actor_role="branch_officer",
                            filed_by=BRANCH, reason="原因").to_state.value \
        == EXPECTED[state, action]


@pytest.mark.parametrize("state, action", sorted(k for k in EXPECTED if k[1] in REASON_REQUIRED))
@pytest.mark.parametrize("reason", [None, "", "   ", "\n\t"])
def test_reason_required(state, action, reason):
    with pytest.raises(TransitionRefused) as info:
        go(state, action, reason=reason)
    assert info.value.code == "workflow.reason_required"


def test_reason_is_kept_stripped_and_optional_elsewhere():
    assert go("under_review", "reject", reason="  收入证明不足 ").reason == "收入证明不足"
    assert go("under_review", "approve", reason=None).reason is None
    assert go("under_review", "approve", reason=" ").reason is None


def test_unknown_values_are_refused_plainly():
    for state, action, kw, code in [
        ("lost", "submit", {}, "workflow.unknown_state"),
        ("draft", "fly", {}, "workflow.unknown_action"),
        ("draft", "submit", {"actor_role": "farmer"}, "workflow.unknown_role"),
        ("draft", "submit", {"actor_id": " "}, "workflow.actor_unknown"),
    ]:
        with pytest.raises(TransitionRefused) as info:
            go(state, action, **kw)
        assert info.value.code == code


def test_allowed_actions_for_the_buttons():
    assert allowed_actions("draft", actor_id=SPECIALIST, actor_role="specialist",
                           filed_by=SPECIALIST) == [Action.SUBMIT, Action.WITHDRAW]
    assert allowed_actions("under_review", actor_id=BRANCH, actor_role="branch_officer",
                           filed_by=SPECIALIST) == [Action.APPROVE, Action.REJECT,
                                                    Action.RETURN, Action.WITHDRAW]
    assert allowed_actions("under_review", actor_id=BRANCH, actor_role="branch_officer",
                           filed_by=BRANCH) == [Action.WITHDRAW]
    assert allowed_actions("repaying", actor_id="s", actor_role=SYSTEM, filed_by=SPECIALIST) \
        == [Action.MARK_OVERDUE, Action.CLOSE]
    for state in TERMINAL_STATES:
        for role in Role:
            assert allowed_actions(state, actor_id="x", actor_role=role, filed_by="y") == []
    assert State.UNDER_REVIEW.label == "审查中" and Action.RETURN.label.en


# =========================================================================== repayments

def schedule_12k():
    # 12,000 at 6 %, equal principal, 12 months from 2025-01-10:
    # installment k = 1,000 principal + (12,000 − 1,000(k−1)) × 0.005 interest
    # = 1,060, 1,055, 1,050, …, 1,005
    return build_schedule(D("12000"), D("0.06"), 12, EQUAL_PRINCIPAL, date(2025, 1, 10))


def test_on_time_payment_pays_interest_then_principal():
    s = schedule_12k()
    a = allocate_repayment(s, D(0), D("1060"), date(2025, 2, 10))
    assert [(p.period, p.interest, p.principal) for p in a.parts] == [(1, D("60.00"),
                                                                       D("1000.00"))]
    assert a.paid_so_far == D("1060.00") and not a.paid_off and a.unapplied == 0
    assert a.principal_outstanding == D("11000.00")


def test_partial_payment_goes_to_interest_first():
    s = schedule_12k()
    a = allocate_repayment(s, D(0), D("40"), date(2025, 2, 10))
    assert [(p.interest, p.principal) for p in a.parts] == [(D("40.00"), D("0.00"))]
    b = allocate_repayment(s, a.paid_so_far, D("520"), date(2025, 2, 12))
    assert [(p.period, p.interest, p.principal) for p in b.parts] == [(1, D("20.00"),
                                                                       D("500.00"))]
    assert b.paid_so_far == D("560.00") and b.principal_outstanding == D("11500.00")


def test_oldest_due_first_across_installments():
    s = schedule_12k()
    # nothing paid until 04-20: three installments due (1,060 + 1,055 + 1,050 = 3,165)
    a = allocate_repayment(s, D(0), D("2200"), date(2025, 4, 20))
    assert [(p.period, p.interest, p.principal) for p in a.parts] == [
        (1, D("60.00"), D("1000.00")), (2, D("55.00"), D("1000.00")), (3, D("50.00"),
                                                                         D("35.00"))]


def test_paying_ahead_pays_the_next_installments_as_scheduled():
    s = schedule_12k()
    a = allocate_repayment(s, D(0), D("2115"), date(2025, 2, 10))  # installments 1 and 2
    assert [p.period for p in a.parts] == [1, 2] and not a.paid_off
    assert days_past_due(s, [Repayment(date(2025, 2, 10), D("2115"))], date(2025, 3, 20)) == 0


def test_early_full_payoff_accrues_current_interest_by_days():
    s = schedule_12k()
    first = allocate_repayment(s, D(0), D("1060"), date(2025, 2, 10))
    # period 02-10 → 03-10 (28 days) with 55.00 interest; on 02-25, 15 days:
    # 55 × 15 / 28 = 29.4642… → 29.46; payoff = 11,000 + 29.46
    assert payoff_amount(s, first.paid_so_far, date(2025, 2, 25)) == D("11029.46")
    a = allocate_repayment(s, first.paid_so_far, D("11100"), date(2025, 2, 25))
    assert a.paid_off and a.early_payoff
    assert a.interest_paid == D("29.46") and a.principal_paid == D("11000.00")
    assert a.unapplied == D("70.54")
    # waived: 55 − 29.46 + (50 + 45 + … + 5) = 25.54 + 275 = 300.54
    assert a.waived_interest == D("300.54")
    assert a.principal_outstanding == 0


def test_payoff_with_arrears_and_on_the_last_day():
    s = schedule_12k()
    # nothing paid; on 04-10 three installments are due in full (3,165) and the 4th period
    # has just begun (0 days: 0 interest); principal of 4..12 = 9,000
    assert payoff_amount(s, D(0), date(2025, 4, 10)) == D("12165.00")
    # after the last due date everything scheduled is owed
    assert payoff_amount(s, D(0), date(2026, 3, 1)) == sum(r.total for r in s)
    a = allocate_repayment(s, D(0), sum(r.total for r in s), date(2026, 3, 1))
    assert a.paid_off and not a.early_payoff and a.waived_interest == 0
    # a 0 % loan paid off early waives nothing but is still an early payoff
    free = build_schedule(D("1200"), D("0"), 12, EQUAL_PRINCIPAL, date(2025, 1, 10))
    a = allocate_repayment(free, D(0), D("1200"), date(2025, 3, 1))
    assert a.paid_off and a.early_payoff and a.waived_interest == 0 and a.unapplied == 0


def test_allocation_refusals():
    s = schedule_12k()
    total = sum(r.total for r in s)
    with pytest.raises(ValueError):
        allocate_repayment(s, total, D("1"), date(2026, 3, 1))
    with pytest.raises(ValueError):
        allocate_repayment(s, total + 1, D("1"), date(2026, 3, 1))
    with pytest.raises(ValueError):
        allocate_repayment(s, D(0), D("0"), date(2025, 3, 1))
    with pytest.raises(ValueError):
        allocate_repayment(s, D(0), D("1.001"), date(2025, 3, 1))
    with pytest.raises(ValueError):
        allocate_repayment([], D(0), D("1"), date(2025, 3, 1))


@given(st.lists(st.integers(min_value=1, max_value=400000).map(lambda f: D(f) / 100),
                min_size=1, max_size=30),
       st.integers(min_value=0, max_value=400))
@settings(deadline=None, database=None, max_examples=200)
def test_allocations_add_up(payments, day_offset):
    s = build_schedule(D("30000"), D("0.0435"), 12, EQUAL_INSTALLMENT, date(2025, 1, 31))
    total = sum(r.total for r in s)
    paid = D(0)
    principal = D(0)
    on = date.fromordinal(date(2025, 1, 31).toordinal() + day_offset)
    for amount in payments:
        if paid == total:
            break
        a = allocate_repayment(s, paid, amount, on)
        assert sum(p.interest + p.principal for p in a.parts) + a.unapplied == amount
        assert a.interest_paid + a.principal_paid + a.unapplied == amount
        principal += a.principal_paid
        assert principal + a.principal_outstanding == D("30000.00")
        if a.paid_off:
            assert a.principal_outstanding == 0
            break
        assert a.unapplied == 0 and a.paid_so_far == paid + amount
        paid = a.paid_so_far


def test_days_past_due_and_overdue_amount():
    s = schedule_12k()
    paid = [Repayment(date(2025, 2, 10), D("1060"))]
    assert days_past_due(s, paid, date(2025, 3, 10)) == 0  # due today: not overdue yet
    assert days_past_due(s, paid, date(2025, 3, 11)) == 1
    assert days_past_due(s, paid, date(2025, 4, 20)) == 41  # installment 2, due 03-10
    assert overdue_amount(s, paid, date(2025, 4, 20)) == D("2105.00")  # 1,055 + 1,050
    # payments after today do not count yet; tuples are accepted
    assert days_past_due(s, [(date(2025, 5, 1), D("5000"))], date(2025, 2, 15)) == 5
    # partial payment of installment 2 still leaves it overdue
    more = paid + [Repayment(date(2025, 3, 12), D("1000"))]
    assert days_past_due(s, more, date(2025, 3, 15)) == 5
    assert overdue_amount(s, more, date(2025, 3, 15)) == D("55.00")
    # all paid: never overdue
    everything = [Repayment(date(2025, 1, 20), sum(r.total for r in s))]
    assert days_past_due(s, everything, date(2027, 1, 1)) == 0
    assert overdue_amount(s, everything, date(2027, 1, 1)) == 0
    assert days_past_due(s, [], date(2025, 1, 1)) == 0


# --------------------------------------------------------------------------- on-time share

def test_installments_on_time_counts_due_installments_and_when_they_were_covered() -> None:
    from station_app.domain.loans import build_schedule
    from station_app.domain.workflow import installments_on_time

    schedule = build_schedule(Decimal("6000"), Decimal("0.06"), 6, "equal_principal",
                              date(2025, 1, 10))
    first, second, third = schedule[0], schedule[1], schedule[2]
    # Nothing due yet: nothing counts.
    assert installments_on_time(schedule, [], date(2025, 2, 10)) == (0, 0)
    # The day after the first due date, unpaid: one counted, none on time.
    assert installments_on_time(schedule, [], date(2025, 2, 11)) == (0, 1)
    # Paid on its due date: on time; the second paid five days late.
    payments = [(first.due_date, first.total), (second.due_date + timedelta(days=5),
                                                second.total)]
    assert installments_on_time(schedule, payments, second.due_date + timedelta(days=6)) == (1, 2)
    # A payment after as_of is not seen yet.
    assert installments_on_time(schedule, payments, second.due_date + timedelta(days=1)) == (1, 2)
    # A payment in advance covers the next one early (on time), counted before its due date.
    ahead = [(first.due_date, first.total + second.total)]
    assert installments_on_time(schedule, ahead, first.due_date + timedelta(days=1)) == (2, 2)
    # Early payoff after the third due date passed unpaid: the third counts late, the rest
    # never fell due.
    payoff_day = third.due_date + timedelta(days=3)
    done = installments_on_time(schedule, payments, date(2026, 1, 1), paid_off_on=payoff_day)
    assert done == (1, 3)

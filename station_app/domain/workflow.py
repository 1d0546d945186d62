"""Loan application workflow (贷款申请流程) and repayment rules.

Pure: no Qt, no SQL, no clock.  The service layer stores each :class:`Transition` with its
time, audits it and syncs it; branch officers decide on their own machine and the decision
reaches the station by sync (DOMAIN.md §6).

States and who moves them (docs/loans.md has the diagram)::

    draft ─submit→ submitted ─start_review→ under_review ─approve→ approved
                                              ├─reject→ rejected            (reason)
                                              └─return→ returned ─resubmit→ submitted
    approved ─print_contract→ contract_printed ─sign→ signed ─disburse→ disbursed
    disbursed ─record_repayment→ repaying ─record_repayment→ repaying
    disbursed | repaying ─mark_overdue→ overdue ─cure→ repaying
    overdue ─record_repayment→ overdue ;  overdue ─write_off→ written_off  (reason)
    disbursed | repaying | overdue ─close→ closed
    draft | submitted | under_review | returned | approved | contract_printed | signed
          ─withdraw→ withdrawn                                              (reason)

* ``submit``, ``resubmit``: :attr:`Permission.APPLICATION_PREPARE` (specialist).
* ``withdraw``: APPLICATION_PREPARE or APPLICATION_DECIDE (the farmer changed their mind and
  told either side); a reason is required.
* ``start_review``, ``approve``, ``reject``, ``return``, ``write_off``: APPLICATION_DECIDE
  (branch officer); reject, return and write-off need a reason.
* ``print_contract``, ``sign``: CONTRACT_PRINT (branch officer prints and signs).
* ``disburse``, ``record_repayment``, ``close``, ``mark_overdue``, ``cure``:
  REPAYMENT_RECORD (branch officer); ``mark_overdue``, ``cure`` and ``close`` may also be
  done by the software itself (``actor_role="system"``) when it finds the loan overdue,
  back in order, or fully repaid.
* Maker-checker: whoever filed the application (``filed_by``) may never review, approve,
  reject, return, disburse or write it off, whatever permissions they hold.

Repayments (``allocate_repayment``, ``payoff_amount``, ``days_past_due``)
=========================================================================

A payment runs down the schedule in order: installment 1 interest, installment 1 principal,
installment 2 interest, … (oldest due interest first, then its principal).  ``paid_so_far``
is how far earlier payments got along that line (their sum).  A payment larger than what is
due pays the next installments ahead of time *as scheduled* (their interest included), unless
it reaches the **payoff amount**: then the loan is paid off early and

    payoff = unpaid amounts of installments due on or before the payment day
           + principal still owed on the later installments
           + interest of the current period accrued by actual days:
             round(interest of that installment × days elapsed ÷ days in its period)

interest of later periods is waived (interest already paid ahead is not returned), and the
part of the payment above the payoff amount comes back as ``unapplied`` (change).  No
penalty interest (罚息) or prepayment fee in version 1.  ``days_past_due`` counts from the
due date of the oldest installment the payments up to ``today`` have not fully covered; the
due date itself is not overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Iterable, Sequence

from station_app.domain.loans.schedule import FEN, Installment, _amount, _day
from station_app.domain.messages import Message
from station_app.domain.roles import Permission, Role, can

__all__ = [
    "SYSTEM",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "Action",
    "Allocation",
    "AllocatedPart",
    "Repayment",
    "Rule",
    "State",
    "Transition",
    "TransitionRefused",
    "allocate_repayment",
    "allowed_actions",
    "apply_transition",
    "days_past_due",
    "installments_on_time",
    "overdue_amount",
    "payoff_amount",
]

#: ``actor_role`` for what the software does by itself (overdue detection, closing).
SYSTEM = "system"


class State(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"
    CONTRACT_PRINTED = "contract_printed"
    SIGNED = "signed"
    DISBURSED = "disbursed"
    REPAYING = "repaying"
    OVERDUE = "overdue"
    CLOSED = "closed"
    WRITTEN_OFF = "written_off"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> Message:
        zh, en = _STATE_TEXT[self]
        return Message(f"workflow.state.{self.value}", zh, en)


class Action(str, Enum):
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    WITHDRAW = "withdraw"
    START_REVIEW = "start_review"
    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"
    PRINT_CONTRACT = "print_contract"
    SIGN = "sign"
    DISBURSE = "disburse"
    RECORD_REPAYMENT = "record_repayment"
    MARK_OVERDUE = "mark_overdue"
    CURE = "cure"
    CLOSE = "close"
    WRITE_OFF = "write_off"

    @property
    def label(self) -> Message:
        zh, en = _ACTION_TEXT[self]
        return Message(f"workflow.action.{self.value}", zh, en)


_STATE_TEXT = {
    State.DRAFT: ("草稿", "Draft"),
    State.SUBMITTED: ("已提交", "Submitted"),
    State.UNDER_REVIEW: ("审查中", "Under review"),
    State.APPROVED: ("已批准", "Approved"),
    State.REJECTED: ("已拒绝", "Rejected"),
    State.RETURNED: ("退回补充材料", "Returned for information"),
    State.CONTRACT_PRINTED: ("合同已打印", "Contract printed"),
    State.SIGNED: ("合同已签订", "Signed"),
    State.DISBURSED: ("已放款", "Disbursed"),
    State.REPAYING: ("还款中", "Repaying"),
    State.OVERDUE: ("已逾期", "Overdue"),
    State.CLOSED: ("已结清", "Closed"),
    State.WRITTEN_OFF: ("已核销", "Written off"),
    State.WITHDRAWN: ("已撤回", "Withdrawn"),
}
_ACTION_TEXT = {
    Action.SUBMIT: ("提交", "submit"),
    Action.RESUBMIT: ("补充后重新提交", "resubmit"),
    Action.WITHDRAW: ("撤回", "withdraw"),
    Action.START_REVIEW: ("开始审查", "start the review"),
    Action.APPROVE: ("批准", "approve"),
    Action.REJECT: ("拒绝", "reject"),
    Action.RETURN: ("退回补充材料", "return for information"),
    Action.PRINT_CONTRACT: ("打印合同", "print the contract"),
    Action.SIGN: ("签订合同", "sign the contract"),
    Action.DISBURSE: ("放款", "disburse"),
    Action.RECORD_REPAYMENT: ("登记还款", "record a repayment"),
    Action.MARK_OVERDUE: ("标记逾期", "mark overdue"),
    Action.CURE: ("逾期已还上", "mark back in order"),
    Action.CLOSE: ("结清", "close"),
    Action.WRITE_OFF: ("核销", "write off"),
}

TERMINAL_STATES = frozenset({State.REJECTED, State.CLOSED, State.WRITTEN_OFF, State.WITHDRAWN})


@dataclass(frozen=True)
class Rule:
    """One allowed move: any of ``permissions`` may do it (``system``: the software too)."""

    from_state: State
    action: Action
    to_state: State
    permissions: frozenset[Permission]
    maker_checker: bool = False
    reason_required: bool = False
    system: bool = False


def _rules() -> dict[tuple[State, Action], Rule]:
    S, A, P = State, Action, Permission
    prepare, decide = frozenset({P.APPLICATION_PREPARE}), frozenset({P.APPLICATION_DECIDE})
    contract, money = frozenset({P.CONTRACT_PRINT}), frozenset({P.REPAYMENT_RECORD})
    rules = [
        Rule(S.DRAFT, A.SUBMIT, S.SUBMITTED, prepare),
        Rule(S.RETURNED, A.RESUBMIT, S.SUBMITTED, prepare),
        Rule(S.SUBMITTED, A.START_REVIEW, S.UNDER_REVIEW, decide, maker_checker=True),
        Rule(S.UNDER_REVIEW, A.APPROVE, S.APPROVED, decide, maker_checker=True),
        Rule(S.UNDER_REVIEW, A.REJECT, S.REJECTED, decide, maker_checker=True,
             reason_required=True),
        Rule(S.UNDER_REVIEW, A.RETURN, S.RETURNED, decide, maker_checker=True,
             reason_required=True),
        Rule(S.APPROVED, A.PRINT_CONTRACT, S.CONTRACT_PRINTED, contract),
        Rule(S.CONTRACT_PRINTED, A.SIGN, S.SIGNED, contract),
        Rule(S.SIGNED, A.DISBURSE, S.DISBURSED, money, maker_checker=True),
        Rule(S.DISBURSED, A.RECORD_REPAYMENT, S.REPAYING, money),
        Rule(S.REPAYING, A.RECORD_REPAYMENT, S.REPAYING, money),
        Rule(S.OVERDUE, A.RECORD_REPAYMENT, S.OVERDUE, money),
        Rule(S.DISBURSED, A.MARK_OVERDUE, S.OVERDUE, money, system=True),
        Rule(S.REPAYING, A.MARK_OVERDUE, S.OVERDUE, money, system=True),
        Rule(S.OVERDUE, A.CURE, S.REPAYING, money, system=True),
        Rule(S.OVERDUE, A.WRITE_OFF, S.WRITTEN_OFF, decide, maker_checker=True,
             reason_required=True),
    ]
    rules += [Rule(s, A.CLOSE, S.CLOSED, money, system=True)
              for s in (S.DISBURSED, S.REPAYING, S.OVERDUE)]
    rules += [Rule(s, A.WITHDRAW, S.WITHDRAWN, prepare | decide, reason_required=True)
              for s in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.APPROVED,
                        S.CONTRACT_PRINTED, S.SIGNED)]
    return {(r.from_state, r.action): r for r in rules}


#: (from state, action) → :class:`Rule`; every pair not in it is refused.
TRANSITIONS: dict[tuple[State, Action], Rule] = _rules()


@dataclass(frozen=True)
class Transition:
    """An accepted move; the service adds the time and stores it in the audit trail."""

    from_state: State
    action: Action
    to_state: State
    actor_id: str
    actor_role: str
    reason: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"from_state": self.from_state.value, "action": self.action.value,
                "to_state": self.to_state.value, "actor_id": self.actor_id,
                "actor_role": self.actor_role, "reason": self.reason}


class TransitionRefused(Exception):
    """The move is not allowed; ``message`` says why in plain words (``.code`` for programs)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))

    @property
    def code(self) -> str:
        return self.message.code


def _refused(code: str, zh: str, en: str) -> TransitionRefused:
    return TransitionRefused(Message(f"workflow.{code}", zh, en))


def _parse(state: State | str, action: Action | str) -> tuple[State, Action]:
    try:
        state = State(state)
    except ValueError:
        raise _refused("unknown_state", f"不认识的申请状态“{state}”",
                       f"Unknown application state {state!r}") from None
    try:
        action = Action(action)
    except ValueError:
        raise _refused("unknown_action", f"不认识的操作“{action}”",
                       f"Unknown action {action!r}") from None
    return state, action


def _check(rule: Rule, *, actor_id: str, actor_role: str, filed_by: str | None) -> None:
    """Raise unless this actor may make this move (the reason is checked separately)."""
    if actor_role == SYSTEM:
        if not rule.system:
            raise _refused("system_not_allowed", f"“{rule.action.label}”必须由工作人员操作",
                           f"“{rule.action.label.en}” must be done by a member of staff")
    else:
        try:
            role = Role(actor_role)
        except ValueError:
            raise _refused("unknown_role", f"不认识的角色“{actor_role}”",
                           f"Unknown role {actor_role!r}") from None
        if not any(can(role, p) for p in rule.permissions):
            raise _refused("permission_denied",
                           f"{role.label}不能“{rule.action.label}”",
                           f"A {role.label.en.lower()} may not {rule.action.label.en}")
    if not isinstance(actor_id, str) or not actor_id.strip():
        raise _refused("actor_unknown", "不知道是谁在操作", "The acting user is unknown")
    if rule.maker_checker:
        if not filed_by:
            raise _refused("filer_unknown", "不知道申请是谁经办的，不能审批",
                           "The filer of the application is unknown; it cannot be decided")
        if actor_id == filed_by:
            raise _refused("maker_checker",
                           f"经办人不能“{rule.action.label}”自己经办的申请（审贷分离）",
                           f"The person who filed an application may not "
                           f"{rule.action.label.en} it (maker-checker)")


def apply_transition(state: State | str, action: Action | str, *, actor_id: str,
                     actor_role: Role | str, filed_by: str | None,
                     reason: str | None = None) -> Transition:
    """The :class:`Transition` for ``action`` on an application in ``state``, or
    :class:`TransitionRefused` with the plain reason (illegal move, role without the
    permission, the filer deciding their own application, missing reason)."""
    state, action = _parse(state, action)
    rule = TRANSITIONS.get((state, action))
    if rule is None:
        raise _refused("not_allowed", f"申请现在是“{state.label}”，不能“{action.label}”",
                       f"The application is {state.label.en.lower()}; it cannot "
                       f"{action.label.en}")
    role = actor_role.value if isinstance(actor_role, Role) else str(actor_role)
    _check(rule, actor_id=actor_id, actor_role=role, filed_by=filed_by)
    text = reason.strip() if isinstance(reason, str) else ""
    if rule.reason_required and not text:
        raise _refused("reason_required", f"“{action.label}”必须写明原因",
                       f"A reason is required to {action.label.en}")
    return Transition(state, action, rule.to_state, actor_id, role, text or None)


def allowed_actions(state: State | str, *, actor_id: str, actor_role: Role | str,
                    filed_by: str | None) -> list[Action]:
    """What this actor may do now (for the buttons); reasons are asked for afterwards."""
    state = State(state)
    role = actor_role.value if isinstance(actor_role, Role) else str(actor_role)
    out = []
    for (from_state, action), rule in TRANSITIONS.items():
        if from_state != state:
            continue
        try:
            _check(rule, actor_id=actor_id, actor_role=role, filed_by=filed_by)
        except TransitionRefused:
            continue
        out.append(action)
    return out


# =========================================================================== repayments

_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Repayment:
    """Money received on ``on``."""

    on: date
    amount: Decimal


@dataclass(frozen=True)
class AllocatedPart:
    """What a payment paid of installment ``period`` (1-based)."""

    period: int
    due_date: date
    interest: Decimal
    principal: Decimal


@dataclass(frozen=True)
class Allocation:
    """How one payment was applied.

    ``paid_so_far`` is the new position along the schedule (pass it to the next call; the
    schedule's total once paid off); ``unapplied`` is money above what was owed (to give
    back); ``early_payoff`` means paid off before the last due date; ``waived_interest`` is
    the scheduled interest not charged because of that.
    """

    on: date
    payment: Decimal
    parts: tuple[AllocatedPart, ...]
    interest_paid: Decimal
    principal_paid: Decimal
    unapplied: Decimal
    paid_off: bool
    early_payoff: bool
    waived_interest: Decimal
    payoff_before: Decimal
    paid_so_far: Decimal
    principal_outstanding: Decimal


def _schedule(schedule: Sequence[Installment]) -> list[Installment]:
    rows = list(schedule)
    if not rows:
        raise ValueError("the schedule is empty")
    return rows


def _covered(rows: list[Installment], paid_so_far: Decimal) -> list[tuple[Decimal, Decimal]]:
    """(interest paid, principal paid) per installment for a position along the schedule."""
    left = paid_so_far
    out = []
    for row in rows:
        interest = min(left, row.interest)
        left -= interest
        principal = min(left, row.principal)
        left -= principal
        out.append((interest, principal))
    return out


def _position(rows: list[Installment], value: object, what: str) -> Decimal:
    paid = _amount(value, name_zh="已还金额", name_en=what, allow_zero=True)
    total = sum((row.total for row in rows), _ZERO)
    if paid > total:
        raise ValueError(f"{what} ({paid}) is more than the whole schedule ({total})")
    return paid


def _owed_at_payoff(rows: list[Installment], on: date) -> list[tuple[Decimal, Decimal]]:
    """(interest, principal) each installment owes if the loan is paid off on ``on``."""
    out = []
    current_found = False
    for i, row in enumerate(rows):
        if row.due_date <= on:
            out.append((row.interest, row.principal))
        elif not current_found:
            current_found = True
            begin = row.period_start or (rows[i - 1].due_date if i else None)
            if begin is None or begin >= row.due_date:
                accrued = row.interest
            else:
                elapsed = min(max((on - begin).days, 0), (row.due_date - begin).days)
                accrued = (row.interest * elapsed / (row.due_date - begin).days).quantize(
                    FEN, rounding=ROUND_HALF_UP)
            out.append((accrued, row.principal))
        else:
            out.append((_ZERO, row.principal))
    return out


def payoff_amount(schedule: Sequence[Installment], paid_so_far: Decimal, on: date) -> Decimal:
    """What clears the loan on ``on`` (see the module docstring)."""
    rows = _schedule(schedule)
    paid = _position(rows, paid_so_far, "paid_so_far")
    on = _day(on, "on")
    owed = _owed_at_payoff(rows, on)
    covered = _covered(rows, paid)
    return sum((max(oi - ci, _ZERO) + max(op - cp, _ZERO)
                for (oi, op), (ci, cp) in zip(owed, covered)), _ZERO)


def allocate_repayment(schedule: Sequence[Installment], paid_so_far: Decimal,
                       payment: Decimal, on: date) -> Allocation:
    """Apply ``payment`` received on ``on`` after ``paid_so_far`` (see the module doc)."""
    rows = _schedule(schedule)
    paid = _position(rows, paid_so_far, "paid_so_far")
    payment = _amount(payment, name_zh="还款金额", name_en="payment", allow_zero=False)
    on = _day(on, "on")
    total = sum((row.total for row in rows), _ZERO)
    if paid == total:
        raise ValueError("the loan is already fully repaid")
    covered = _covered(rows, paid)
    payoff = payoff_amount(rows, paid, on)
    parts: list[AllocatedPart] = []
    if payment >= payoff:
        owed = _owed_at_payoff(rows, on)
        waived = _ZERO
        for k, (row, (oi, op), (ci, cp)) in enumerate(zip(rows, owed, covered), 1):
            interest, principal = max(oi - ci, _ZERO), max(op - cp, _ZERO)
            waived += max(row.interest - max(oi, ci), _ZERO)
            if interest or principal:
                parts.append(AllocatedPart(k, row.due_date, interest, principal))
        unapplied = payment - payoff
        position = total
        paid_off = True
    else:
        left = payment
        for k, (row, (ci, cp)) in enumerate(zip(rows, covered), 1):
            interest = min(left, row.interest - ci)
            left -= interest
            principal = min(left, row.principal - cp)
            left -= principal
            if interest or principal:
                parts.append(AllocatedPart(k, row.due_date, interest, principal))
            if not left:
                break
        waived, unapplied, position, paid_off = _ZERO, _ZERO, paid + payment, False
    principal_paid = sum((p.principal for p in parts), _ZERO)
    principal_before = sum((row.principal - cp for row, (_ci, cp) in zip(rows, covered)), _ZERO)
    return Allocation(
        on=on, payment=payment, parts=tuple(parts),
        interest_paid=sum((p.interest for p in parts), _ZERO), principal_paid=principal_paid,
        unapplied=unapplied, paid_off=paid_off, early_payoff=paid_off and on < rows[-1].due_date,
        waived_interest=waived, payoff_before=payoff, paid_so_far=position,
        principal_outstanding=principal_before - principal_paid)


def _payments_until(payments: Iterable[Repayment | tuple[date, Decimal]], today: date) -> Decimal:
    paid = _ZERO
    for item in payments:
        on, amount = (item.on, item.amount) if isinstance(item, Repayment) else item
        if _day(on, "payment date") <= today:
            paid += _amount(amount, name_zh="还款金额", name_en="payment", allow_zero=True)
    return paid


def days_past_due(schedule: Sequence[Installment],
                  payments: Iterable[Repayment | tuple[date, Decimal]], today: date) -> int:
    """Days since the due date of the oldest installment not fully paid by ``today``
    (0 when nothing is overdue; an installment is overdue from the day after its due date)."""
    rows = _schedule(schedule)
    today = _day(today, "today")
    paid = _payments_until(payments, today)
    cumulative = _ZERO
    for row in rows:
        cumulative += row.total
        if cumulative > paid:
            return max((today - row.due_date).days, 0)
    return 0


def overdue_amount(schedule: Sequence[Installment],
                   payments: Iterable[Repayment | tuple[date, Decimal]], today: date) -> Decimal:
    """Unpaid money of installments whose due date is before ``today`` (逾期金额)."""
    rows = _schedule(schedule)
    today = _day(today, "today")
    paid = _payments_until(payments, today)
    due = sum((row.total for row in rows if row.due_date < today), _ZERO)
    return max(due - paid, _ZERO)


def installments_on_time(schedule: Sequence[Installment],
                         payments: Iterable[Repayment | tuple[date, Decimal]], as_of: date, *,
                         paid_off_on: date | None = None) -> tuple[int, int]:
    """(installments paid by their due date, installments that count) on ``as_of``.

    An installment counts once its due date has passed or it is fully paid; it is paid when
    the payments, in day order, add up to every installment up to and including it.  After an
    early payoff (``paid_off_on``) the installments not yet due then do not count (nothing
    was owed on them any more).  The scorecard's 以往按期还款比例 is on-time ÷ counted.
    """
    rows = _schedule(schedule)
    as_of = _day(as_of, "as_of")
    ordered = sorted(((p.on, p.amount) if isinstance(p, Repayment) else tuple(p)
                      for p in payments), key=lambda item: item[0])
    cumulative_paid: list[tuple[date, Decimal]] = []
    running = _ZERO
    for on, amount in ordered:
        if _day(on, "payment date") > as_of:
            break
        running += _amount(amount, name_zh="还款金额", name_en="payment", allow_zero=True)
        cumulative_paid.append((on, running))
    on_time = counted = 0
    owed = _ZERO
    for row in rows:
        owed += row.total
        if paid_off_on is not None and row.due_date > paid_off_on:
            break
        covered_on = next((on for on, total in cumulative_paid if total >= owed), None)
        if covered_on is None and paid_off_on is not None and paid_off_on <= as_of:
            covered_on = paid_off_on  # the payoff settled it (interest waived)
        if covered_on is None and row.due_date >= as_of:
            continue  # not due yet and not paid: does not count
        counted += 1
        if covered_on is not None and covered_on <= row.due_date:
            on_time += 1
    return on_time, counted

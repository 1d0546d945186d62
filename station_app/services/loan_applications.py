"""Loan applications (贷款申请) from filing to closing: workflow, disbursement, repayments,
overdue detection and the order-loan event log (DOMAIN.md §6, docs/loans.md).

Who writes what, so that offline computers never overwrite each other's decisions:

* the specialist files an application from a quote (:func:`file_application`): one
  ``loan_application`` row with the terms as quoted.  Nothing in it changes after submitting;
* every workflow move is a new, never-changed ``loan_transition`` row (:func:`move`), made
  on whichever computer the person deciding works at (the station files and withdraws, the
  branch reviews, decides, prints, signs and disburses).  The central server refuses moves
  from the wrong kind of computer;
* every payment is a new ``loan_repayment`` row (:func:`record_repayment`);
* an order loan's stages are a hash-chained ``loan_event`` log (:func:`record_order_event`).

The state shown is computed, never stored: :func:`replay` runs the transitions in clock
(HLC) order through the rules of :mod:`station_app.domain.workflow`, and a move that no longer
fits (two people acted on the same state while offline) is kept but marked *superseded*.  Once
disbursed, the loan's state follows its money: repaying when anything was paid, overdue when
an installment is unpaid after its due date (with the days past due), closed when paid off.
Overdue and closed are therefore never out of date, and no computer has to "run" anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

from sqlmodel import Session, col, select

from station_app.domain import event_chain
from station_app.domain.event_chain import ChainCheck, Event
from station_app.domain.loans import Installment, Quote, build_schedule
from station_app.domain.messages import Message
from station_app.domain.money import fen, yuan
from station_app.domain.roles import Permission
from station_app.domain.workflow import (
    TRANSITIONS,
    Action,
    Allocation,
    State,
    TransitionRefused,
    allocate_repayment,
    allowed_actions as domain_allowed_actions,
    apply_transition,
    days_past_due,
    installments_on_time,
    overdue_amount,
    payoff_amount,
)
from station_app.services import farmers, signing, writes
from station_app.services.context import Actor, ServiceContext
from station_app.services.errors import NotFound, ServiceError, ValidationFailed
from station_app.store.models import (
    Farmer,
    LoanApplication,
    LoanEvent,
    LoanRepayment,
    LoanTransition,
)

__all__ = [
    "ACTIVE_STATES",
    "PENDING_STATES",
    "REPAYMENT_SOURCES",
    "ApplicationView",
    "LoanStatus",
    "RepaymentView",
    "TransitionView",
    "WorkflowRefused",
    "allowed_actions",
    "existing_debt",
    "file_application",
    "get_application",
    "list_applications",
    "move",
    "on_time_rate",
    "order_events",
    "pledged_order_ids",
    "record_order_event",
    "record_repayment",
    "replay",
    "repayment_on_time_rate",
]

#: A disbursed loan's states; the stored workflow only knows "disbursed", the rest follows
#: from the money.
ACTIVE_STATES = frozenset({State.DISBURSED, State.REPAYING, State.OVERDUE})
#: Filed but not yet disbursed: counts against the farmer's credit room.
PENDING_STATES = frozenset({State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.RETURNED,
                            State.APPROVED, State.CONTRACT_PRINTED, State.SIGNED})
REPAYMENT_SOURCES = {
    "cash": Message("loan.source.cash", "现金", "Cash"),
    "bank": Message("loan.source.bank", "银行转账", "Bank transfer"),
    "insurance": Message("loan.source.insurance", "保险赔款", "Insurance payout"),
}
# Actions with a button of their own elsewhere (repayments have a form; the software does the
# system moves by computing the state).
_NOT_BUTTONS = frozenset({Action.RECORD_REPAYMENT, Action.MARK_OVERDUE, Action.CURE,
                          Action.CLOSE})


class WorkflowRefused(ServiceError):
    """A move or a payment that the rules do not allow now; the message says why."""


# --------------------------------------------------------------------------- views

@dataclass(frozen=True)
class TransitionView:
    action: Action
    from_state: State
    to_state: State
    actor_name: str
    actor_role: str
    reason: str
    at: datetime
    data: dict[str, Any]
    superseded: bool
    hlc: str


@dataclass(frozen=True)
class RepaymentView:
    id: str
    paid_on: date
    amount: Decimal
    source: str
    reference: str
    recorded_by_name: str
    note: str
    allocation: Allocation | None  # None: not applied (the loan was already paid off)


@dataclass(frozen=True)
class LoanStatus:
    """Where a disbursed loan stands on ``as_of``."""

    as_of: date
    disbursed_on: date
    schedule: tuple[Installment, ...]
    paid: Decimal  # money applied to the loan
    principal_outstanding: Decimal
    payoff: Decimal  # what clears it on ``as_of`` (0 when paid off)
    days_past_due: int
    overdue_amount: Decimal
    next_due: Installment | None
    paid_off: bool
    paid_off_on: date | None
    unapplied: Decimal  # received but above what was owed (to give back)


@dataclass(frozen=True)
class ApplicationView:
    id: str
    version: int
    station_id: str
    application_no: str
    farmer_id: str
    farmer_name: str
    resident_id_masked: str
    product_id: str
    product_kind: str
    product_name: str
    purpose: str
    amount: Decimal
    annual_rate: Decimal
    annualized_rate: Decimal | None
    fees: Decimal
    term_months: int
    method: str
    planned_disbursement: date
    maturity: date
    season_id: str | None
    guarantor: str
    insurance_policy_no: str
    grade: str
    credit_limit: Decimal
    filed_by: str
    filed_by_name: str
    filed_at: datetime
    order_ids: tuple[str, ...]
    quote: dict[str, Any]
    state: State
    transitions: tuple[TransitionView, ...]
    repayments: tuple[RepaymentView, ...]
    status: LoanStatus | None
    chain_head: str
    chain_length: int
    notes: tuple[Message, ...] = field(default=())

    @property
    def schedule(self) -> tuple[Installment, ...]:
        """The real schedule once disbursed, the planned one before."""
        if self.status is not None:
            return self.status.schedule
        return tuple(build_schedule(self.amount, self.annual_rate, self.term_months,
                                    self.method, self.planned_disbursement))

    @property
    def last_reason(self) -> str:
        """The reason of the latest reject/return/withdraw/write-off (for the farmer's page)."""
        for t in reversed(self.transitions):
            if t.reason and not t.superseded:
                return t.reason
        return ""


# --------------------------------------------------------------------------- replay

def replay(transitions: Sequence[LoanTransition]) -> tuple[State, list[bool]]:
    """The stored workflow state after ``transitions`` (any order; sorted by HLC here) and,
    for each of them in HLC order, whether it was superseded by an earlier one."""
    state = State.DRAFT
    superseded = []
    for t in sorted(transitions, key=lambda r: (r.created_hlc, r.id)):
        try:
            frm, action = State(t.from_state), Action(t.action)
        except ValueError:
            superseded.append(True)
            continue
        fits = frm == state or (frm in ACTIVE_STATES and state in ACTIVE_STATES)
        rule = TRANSITIONS.get((frm, action))
        if fits and rule is not None:
            state = State.DISBURSED if rule.to_state in ACTIVE_STATES else rule.to_state
            superseded.append(False)
        else:
            superseded.append(True)
    return state, superseded


def _json(text: str, default: Any) -> Any:
    try:
        return json.loads(text or "")
    except ValueError:
        return default


def _disbursed_on(transitions: Sequence[TransitionView]) -> date | None:
    for t in transitions:
        if t.action is Action.DISBURSE and not t.superseded:
            value = t.data.get("disbursed_on")
            return date.fromisoformat(value) if value else t.at.date()
    return None


def _loan_status(row: LoanApplication, disbursed_on: date, repayments: Sequence[LoanRepayment],
                 as_of: date) -> tuple[LoanStatus, tuple[RepaymentView, ...]]:
    amount, rate = yuan(row.amount_fen), Decimal(row.annual_rate)
    schedule = tuple(build_schedule(amount, rate, row.term_months, row.method, disbursed_on))
    position, paid, unapplied = Decimal(0), Decimal(0), Decimal(0)
    paid_off_on: date | None = None
    views = []
    payments: list[tuple[date, Decimal]] = []
    for r in sorted(repayments, key=lambda x: (x.paid_on, x.created_hlc, x.id)):
        money = yuan(r.amount_fen)
        allocation: Allocation | None = None
        if paid_off_on is None:
            allocation = allocate_repayment(schedule, position, money, r.paid_on)
            position = allocation.paid_so_far
            applied = money - allocation.unapplied
            paid += applied
            unapplied += allocation.unapplied
            payments.append((r.paid_on, applied))
            if allocation.paid_off:
                paid_off_on = r.paid_on
        else:
            unapplied += money
        views.append(RepaymentView(r.id, r.paid_on, money, r.source, r.reference,
                                   r.recorded_by_name, r.note, allocation))
    paid_off = paid_off_on is not None
    if paid_off:
        outstanding, payoff, dpd, overdue, next_due = Decimal(0), Decimal(0), 0, Decimal(0), None
    else:
        covered = position
        outstanding = amount - _principal_covered(schedule, covered)
        payoff = payoff_amount(schedule, covered, max(as_of, disbursed_on))
        # Interest paid ahead by the schedule's order counts as paid for the due-date check.
        dpd = days_past_due(schedule, payments, as_of)
        overdue = overdue_amount(schedule, payments, as_of)
        running, next_due = Decimal(0), None
        for inst in schedule:
            running += inst.total
            if running > covered:
                next_due = inst
                break
    status = LoanStatus(as_of=as_of, disbursed_on=disbursed_on, schedule=schedule, paid=paid,
                        principal_outstanding=outstanding, payoff=payoff, days_past_due=dpd,
                        overdue_amount=overdue, next_due=next_due, paid_off=paid_off,
                        paid_off_on=paid_off_on, unapplied=unapplied)
    return status, tuple(views)


def _principal_covered(schedule: Sequence[Installment], position: Decimal) -> Decimal:
    left, principal = position, Decimal(0)
    for inst in schedule:
        interest = min(left, inst.interest)
        left -= interest
        part = min(left, inst.principal)
        left -= part
        principal += part
    return principal


def _effective(stored: State, status: LoanStatus | None, repaid: bool) -> State:
    if stored is not State.DISBURSED or status is None:
        return stored
    if status.paid_off:
        return State.CLOSED
    if status.days_past_due > 0:
        return State.OVERDUE
    return State.REPAYING if repaid else State.DISBURSED


def _view(row: LoanApplication, farmer: Farmer | None, transitions: Sequence[LoanTransition],
          repayments: Sequence[LoanRepayment], as_of: date) -> ApplicationView:
    ordered = sorted(transitions, key=lambda r: (r.created_hlc, r.id))
    stored, superseded = replay(ordered)
    t_views = []
    for t, gone in zip(ordered, superseded):
        try:
            action, frm, to = Action(t.action), State(t.from_state), State(t.to_state)
        except ValueError:
            continue
        t_views.append(TransitionView(action, frm, to, t.actor_name, t.actor_role, t.reason,
                                      t.at, _json(t.data, {}), gone, t.created_hlc))
    status, r_views = None, ()
    if stored is State.DISBURSED or (stored is State.WRITTEN_OFF):
        disbursed_on = _disbursed_on(t_views)
        if disbursed_on is not None:
            status, r_views = _loan_status(row, disbursed_on, repayments, as_of)
    state = _effective(stored, status, bool(r_views))
    return ApplicationView(
        id=row.id, version=row.version, station_id=row.station_id,
        application_no=row.application_no, farmer_id=row.farmer_id,
        farmer_name=farmer.name if farmer is not None else "",
        resident_id_masked=farmer.resident_id_masked if farmer is not None else "",
        product_id=row.product_id, product_kind=row.product_kind,
        product_name=row.product_name, purpose=row.purpose, amount=yuan(row.amount_fen),
        annual_rate=Decimal(row.annual_rate),
        annualized_rate=Decimal(row.annualized_rate) if row.annualized_rate else None,
        fees=yuan(row.fees_fen), term_months=row.term_months, method=row.method,
        planned_disbursement=row.planned_disbursement, maturity=row.maturity,
        season_id=row.season_id, guarantor=row.guarantor,
        insurance_policy_no=row.insurance_policy_no, grade=row.grade,
        credit_limit=yuan(row.credit_limit_fen), filed_by=row.filed_by,
        filed_by_name=row.filed_by_name, filed_at=row.filed_at,
        order_ids=tuple(_json(row.order_ids, [])), quote=_json(row.quote, {}), state=state,
        transitions=tuple(t_views), repayments=r_views, status=status,
        chain_head=row.chain_head, chain_length=row.chain_length)


def _children(session: Session, model: Any, ids: Iterable[str]) -> dict[str, list[Any]]:
    ids = list(ids)
    out: dict[str, list[Any]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        for r in session.exec(select(model).where(col(model.application_id).in_(part),
                                                  model.deleted == False)):  # noqa: E712
            out[r.application_id].append(r)
    return out


def _views(session: Session, rows: Sequence[LoanApplication], as_of: date
           ) -> list[ApplicationView]:
    ids = [r.id for r in rows]
    transitions = _children(session, LoanTransition, ids)
    repayments = _children(session, LoanRepayment, ids)
    farmer_ids = {r.farmer_id for r in rows}
    farmers_by_id = {f.id: f for f in session.exec(
        select(Farmer).where(col(Farmer.id).in_(list(farmer_ids))))} if farmer_ids else {}
    return [_view(r, farmers_by_id.get(r.farmer_id), transitions[r.id], repayments[r.id], as_of)
            for r in rows]


def list_applications(ctx: ServiceContext, *, farmer_id: str | None = None,
                      states: Iterable[State] | None = None,
                      as_of: date | None = None) -> list[ApplicationView]:
    """Applications on this computer, newest first (a farmer's, or all), with their state."""
    ctx.require(Permission.FARMER_READ)
    query = select(LoanApplication).where(LoanApplication.deleted == False)  # noqa: E712
    if farmer_id is not None:
        query = query.where(LoanApplication.farmer_id == farmer_id)
    with Session(ctx.db.engine) as session:
        rows = session.exec(query.order_by(col(LoanApplication.filed_at).desc())).all()
        views = _views(session, rows, as_of or date.today())
    wanted = set(states) if states is not None else None
    return [v for v in views if wanted is None or v.state in wanted]


def get_application(ctx: ServiceContext, application_id: str, *,
                    as_of: date | None = None) -> ApplicationView:
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        row = session.get(LoanApplication, application_id)
        if row is None or row.deleted:
            raise NotFound(Message("loan.application_missing", "找不到这笔贷款申请。",
                                   "There is no such loan application."))
        return _views(session, [row], as_of or date.today())[0]


# --------------------------------------------------------------------------- credit room

def existing_debt(ctx: ServiceContext, farmer_id: str, *, as_of: date | None = None,
                  exclude: str | None = None) -> Decimal:
    """What the farmer owes or has asked for: outstanding principal of disbursed loans plus
    the amounts of applications filed but not yet disbursed (it lowers the credit room)."""
    total = Decimal(0)
    for view in list_applications(ctx, farmer_id=farmer_id, as_of=as_of):
        if view.id == exclude:
            continue
        if view.state in PENDING_STATES:
            total += view.amount
        elif view.state in ACTIVE_STATES and view.status is not None:
            total += view.status.principal_outstanding
    return total


def pledged_order_ids(ctx: ServiceContext, farmer_id: str) -> set[str]:
    """Platform order numbers already backing a live order loan (they may not back another)."""
    used: set[str] = set()
    for view in list_applications(ctx, farmer_id=farmer_id):
        if view.state in PENDING_STATES or view.state in ACTIVE_STATES:
            used.update(view.order_ids)
    return used


def on_time_rate(views: Iterable[ApplicationView], as_of: date) -> Decimal | None:
    """以往按期还款比例 of these loans on ``as_of``: installments paid by their due date ÷
    installments due (``domain.workflow.installments_on_time``); None with no installment due
    yet (the scorecard's neutral "no history")."""
    on_time = counted = 0
    for view in views:
        status = view.status
        if status is None:
            continue
        payments = [(r.paid_on, r.amount - r.allocation.unapplied)
                    for r in view.repayments if r.allocation is not None]
        good, due = installments_on_time(status.schedule, payments, as_of,
                                         paid_off_on=status.paid_off_on)
        on_time, counted = on_time + good, counted + due
    if not counted:
        return None
    return (Decimal(on_time) / Decimal(counted)).quantize(Decimal("0.0001"))


def repayment_on_time_rate(ctx: ServiceContext, farmer_id: str, *,
                           as_of: date | None = None) -> Decimal | None:
    """The farmer's on-time share over every disbursed loan recorded here (for the score)."""
    as_of = as_of or date.today()
    return on_time_rate(list_applications(ctx, farmer_id=farmer_id, as_of=as_of), as_of)


# --------------------------------------------------------------------------- filing

def _refused(code: str, zh: str, en: str) -> WorkflowRefused:
    return WorkflowRefused(Message(f"loan.{code}", zh, en))


def file_application(ctx: ServiceContext, farmer_id: str, quote: Quote, *,
                     season_id: str | None = None, purpose: str | None = None,
                     submit: bool = True, now: datetime | None = None) -> str:
    """File the application a quote describes (and submit it to the branch unless
    ``submit=False``); returns its id.  An order loan's orders start its event log."""
    actor = ctx.require(Permission.APPLICATION_PREPARE)
    if not quote.eligible:
        raise ValidationFailed({"quote": list(quote.reasons) or [Message(
            "loan.not_eligible", "这个试算结果不能申请。", "This quote cannot be filed.")]})
    view = farmers.get_farmer(ctx, farmer_id)
    from station_app.services import loans  # a sibling service; imported here to avoid a cycle

    product = loans.product_for(ctx, quote.product_id)
    now = now or datetime.now(timezone.utc)
    order_ids = [o["order_id"] for o in quote.inputs.get("orders", [])]
    if order_ids:
        taken = pledged_order_ids(ctx, farmer_id) & set(order_ids)
        if taken:
            raise _refused("orders_pledged",
                           f"订单 {'、'.join(sorted(taken)[:5])} 已经用于另一笔订单贷。",
                           f"Orders {', '.join(sorted(taken)[:5])} already back another loan.")
    row = LoanApplication(
        station_id=actor.station_id, application_no=signing.new_document_id("SQ", now.date()),
        farmer_id=farmer_id, product_id=product.id, product_kind=product.kind,
        product_name=product.name_zh,
        purpose=(purpose if purpose is not None else product.purpose_zh)[:200],
        amount_fen=fen(quote.amount), annual_rate=str(quote.annual_rate),
        fees_fen=fen(quote.fees),
        annualized_rate=str(quote.annualized_rate) if quote.annualized_rate is not None else "",
        term_months=quote.term_months, method=quote.method,
        planned_disbursement=quote.disbursement, maturity=quote.maturity,
        season_id=season_id, guarantor=view.coop_name if view.coop_uscc else "",
        grade=str(quote.inputs.get("score_grade") or ""),
        credit_limit_fen=fen(Decimal(str(quote.inputs.get("credit_limit") or "0"))),
        quote=json.dumps({"caps": {k: str(v) for k, v in quote.caps.items()},
                          "inputs": quote.inputs, "notes": [n.code for n in quote.notes]},
                         ensure_ascii=False, sort_keys=True, default=str),
        order_ids=json.dumps(order_ids, ensure_ascii=False), filed_by=actor.user_id,
        filed_by_name=actor.display_name, filed_at=now, created_hlc="", updated_hlc="")
    with ctx.db.session() as session:
        writes.insert(session, ctx.db, actor, row)
        if order_ids:
            _start_chain(session, ctx, actor, row, quote, now)
        if submit:
            _store_move(session, ctx, actor, row, apply_transition(
                State.DRAFT, Action.SUBMIT, actor_id=actor.user_id, actor_role=actor.role,
                filed_by=row.filed_by), now, {})
    return row.id


def _start_chain(session: Session, ctx: ServiceContext, actor: Actor, row: LoanApplication,
                 quote: Quote, now: datetime) -> None:
    chain: list[Event] = []
    for order in quote.inputs.get("orders", []):
        chain.append(event_chain.append_event(chain, "order_confirmed", now, {
            "order_id": order["order_id"], "amount": order["amount"],
            "expected_settlement": order["expected_settlement"]}))
    chain.append(event_chain.append_event(chain, "application_matched", now, {
        "application_no": row.application_no, "amount": str(quote.amount),
        "orders": [o["order_id"] for o in quote.inputs.get("orders", [])]}))
    _store_events(session, ctx, actor, row, chain, [])


def _store_events(session: Session, ctx: ServiceContext, actor: Actor, row: LoanApplication,
                  new: Sequence[Event], old: Sequence[Event]) -> None:
    for event in new:
        writes.insert(session, ctx.db, actor, LoanEvent(
            station_id=row.station_id, application_id=row.id, seq=event.seq, kind=event.kind,
            at=event.at.isoformat(), data=json.dumps(event.data, ensure_ascii=False,
                                                     sort_keys=True),
            prev_hash=event.prev_hash, hash=event.hash, recorded_by=actor.user_id,
            created_hlc="", updated_hlc=""))
    chain = [*old, *new]
    writes.update(session, ctx.db, actor, row,
                  {"chain_head": chain[-1].hash, "chain_length": len(chain)},
                  base_version=row.version, action="chain")


# --------------------------------------------------------------------------- moves

def _store_move(session: Session, ctx: ServiceContext, actor: Actor, row: LoanApplication,
                transition: Any, now: datetime, data: Mapping[str, Any]) -> None:
    writes.insert(session, ctx.db, actor, LoanTransition(
        station_id=row.station_id, application_id=row.id, action=transition.action.value,
        from_state=transition.from_state.value, to_state=transition.to_state.value,
        actor_id=actor.user_id, actor_name=actor.display_name, actor_role=actor.role.value,
        reason=(transition.reason or "")[:500], at=now,
        data=json.dumps(dict(data), ensure_ascii=False, sort_keys=True, default=str),
        created_hlc="", updated_hlc=""))


def allowed_actions(ctx: ServiceContext, view: ApplicationView) -> list[Action]:
    """The workflow buttons this person may press now (repayments have their own form)."""
    if ctx.actor is None:
        return []
    return [a for a in domain_allowed_actions(view.state, actor_id=ctx.actor.user_id,
                                              actor_role=ctx.actor.role,
                                              filed_by=view.filed_by)
            if a not in _NOT_BUTTONS]


def move(ctx: ServiceContext, application_id: str, action: Action | str, *,
         reason: str | None = None, disbursed_on: date | None = None,
         now: datetime | None = None) -> ApplicationView:
    """Make one workflow move (submit, approve, reject with reason, disburse on a date …).

    Refused with the plain reason when the state, the role or maker-checker does not allow
    it.  Disbursement fixes the real schedule from ``disbursed_on`` (default today).
    """
    actor = ctx.require_login()
    action = Action(action)
    if action in _NOT_BUTTONS:
        raise _refused("move_not_manual", "这一步由系统按还款情况自动处理。",
                       "The software does this step from the repayments.")
    now = now or datetime.now(timezone.utc)
    view = get_application(ctx, application_id, as_of=now.date())
    try:
        transition = apply_transition(view.state, action, actor_id=actor.user_id,
                                      actor_role=actor.role, filed_by=view.filed_by,
                                      reason=reason)
    except TransitionRefused as exc:
        raise WorkflowRefused(exc.message) from None
    data: dict[str, Any] = {}
    if action is Action.DISBURSE:
        day = disbursed_on or now.date()
        if day < view.filed_at.date():
            raise ValidationFailed({"disbursed_on": [Message(
                "loan.disburse_before_filing", "放款日期不能早于申请日期。",
                "The disbursement date cannot be before the application date.")]})
        data = {"disbursed_on": day.isoformat(), "amount": str(view.amount)}
    with ctx.db.session() as session:
        row = session.get(LoanApplication, application_id)
        assert row is not None
        _store_move(session, ctx, actor, row, transition, now, data)
    return get_application(ctx, application_id, as_of=now.date())


# --------------------------------------------------------------------------- repayments

def record_repayment(ctx: ServiceContext, application_id: str, amount: Decimal, paid_on: date,
                     *, source: str = "cash", reference: str = "", note: str = "",
                     now: datetime | None = None) -> Allocation:
    """Record money received for a disbursed loan; returns how it was applied.

    More than the payoff amount of that day is refused with the exact figure that clears the
    loan (the change is given back there and then, not kept in the books).  A payment on or
    after the payoff amount closes the loan; an early payoff pays interest only for the days
    used (docs/loans.md).
    """
    actor = (ctx.require_login() if source == "insurance"
             else ctx.require(Permission.REPAYMENT_RECORD))
    if source not in REPAYMENT_SOURCES:
        raise ValueError(f"unknown repayment source {source!r}")
    now = now or datetime.now(timezone.utc)
    problems: dict[str, list[Message]] = {}
    if not isinstance(amount, Decimal) or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        problems["amount"] = [Message("loan.repay_amount", "还款金额要大于 0，最多到分。",
                                      "The amount must be above 0, to the fen at most.")]
    view = get_application(ctx, application_id, as_of=max(paid_on, now.date()))
    status = view.status
    if view.state not in ACTIVE_STATES or status is None:
        raise _refused("repay_state", f"这笔贷款现在是“{view.state.label}”，不能登记还款。",
                       f"The loan is {view.state.label.en.lower()}; no repayment can be "
                       "recorded.")
    if paid_on < status.disbursed_on:
        problems["paid_on"] = [Message("loan.repay_before_disbursement",
                                       "还款日期不能早于放款日期。",
                                       "The payment date cannot be before the disbursement.")]
    if paid_on > now.date():
        problems["paid_on"] = [Message("loan.repay_future", "还款日期不能晚于今天。",
                                       "The payment date cannot be in the future.")]
    later = [r for r in view.repayments if r.paid_on > paid_on]
    if later:
        problems.setdefault("paid_on", []).append(Message(
            "loan.repay_out_of_order",
            f"{later[-1].paid_on.isoformat()} 已经登记过还款，补登更早的还款请先找管理员。",
            f"A payment of {later[-1].paid_on.isoformat()} is already recorded; a back-dated "
            "payment needs the administrator."))
    if problems:
        raise ValidationFailed(problems)
    applied = [r.allocation for r in view.repayments if r.allocation is not None]
    position = applied[-1].paid_so_far if applied else Decimal(0)
    payoff = payoff_amount(status.schedule, position, paid_on)
    if amount > payoff:
        raise ValidationFailed({"amount": [Message(
            "loan.repay_above_payoff",
            f"{paid_on.isoformat()} 还 {payoff} 元就全部结清了，不能收更多。",
            f"{payoff} yuan clears the loan on {paid_on.isoformat()}; no more can be taken.")]})
    allocation = allocate_repayment(status.schedule, position, amount, paid_on)
    with ctx.db.session() as session:
        writes.insert(session, ctx.db, actor, LoanRepayment(
            station_id=view.station_id, application_id=application_id, paid_on=paid_on,
            amount_fen=fen(amount), source=source, reference=reference[:60], note=note[:200],
            recorded_by=actor.user_id, recorded_by_name=actor.display_name, recorded_at=now,
            created_hlc="", updated_hlc=""))
    return allocation


# --------------------------------------------------------------------------- order events

def _events(session: Session, application_id: str) -> list[Event]:
    rows = session.exec(select(LoanEvent).where(
        LoanEvent.application_id == application_id, LoanEvent.deleted == False)  # noqa: E712
        .order_by(LoanEvent.seq, LoanEvent.created_hlc)).all()
    return [Event(seq=r.seq, kind=r.kind, at=datetime.fromisoformat(r.at),
                  data=_json(r.data, {}), prev_hash=r.prev_hash, hash=r.hash) for r in rows]


def order_events(ctx: ServiceContext, application_id: str) -> tuple[list[Event], ChainCheck]:
    """An order loan's event log and the check of its chain against the stored head."""
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        row = session.get(LoanApplication, application_id)
        if row is None:
            raise NotFound(Message("loan.application_missing", "找不到这笔贷款申请。",
                                   "There is no such loan application."))
        events = _events(session, application_id)
    return events, event_chain.verify_chain(events, expected_head=row.chain_head or None,
                                            expected_length=row.chain_length)


def record_order_event(ctx: ServiceContext, application_id: str, kind: str, *,
                       at: datetime | None = None, data: Mapping[str, Any] | None = None
                       ) -> Event:
    """Append a stage (shipped, in transit, signed, due, settlement received) to an order
    loan's log.  Refused when the stored log does not verify: a broken chain is reported,
    never extended."""
    actor = ctx.require(Permission.APPLICATION_PREPARE)
    if kind not in event_chain.KINDS or kind in ("order_confirmed", "application_matched"):
        raise ValueError(f"unknown or automatic event kind {kind!r}")
    events, check = order_events(ctx, application_id)
    if not events:
        raise _refused("no_chain", "这笔贷款不是订单贷，没有订单事件记录。",
                       "This is not an order loan; it has no order event log.")
    if not check.ok:
        raise WorkflowRefused(check.problem or Message(
            "loan.chain_broken", "订单事件记录被改动过，不能继续记录。",
            "The order event log was altered; nothing more can be recorded."))
    event = event_chain.append_event(events, kind, at or datetime.now(timezone.utc), data)
    with ctx.db.session() as session:
        row = session.get(LoanApplication, application_id)
        assert row is not None
        _store_events(session, ctx, actor, row, [event], events)
    return event

"""Weather-index insurance from application to payout (投保、出单、自动理赔), DOMAIN.md §7.

* :func:`file_policy` – the specialist files an application for a farmer's coming season,
  from a product and an area: premium and subsidy split fixed to the fen, the product's terms
  kept with it, optionally assigned to a planting loan (赔款优先还贷).
* :func:`move` – the branch (the insurer's agent) issues the policy (a policy number) or
  declines it with a reason; either side may withdraw before that.  Stored like loan moves:
  append-only rows, state replayed in clock order (``domain.insurance.policy``).
* :func:`run_claims` – for every issued policy, each index section whose phase has ended and
  whose weather is complete is assessed; the claim row's id is derived from (policy, section,
  season), so running again, or on another computer, never makes a second claim.  A phase
  with a missing day is *incomplete* and waits for the data.  When the policy is assigned to
  a disbursed loan the payout first repays it (a ``loan_repayment`` of source ``insurance``,
  also with a derived id), the rest is the farmer's.
"""

from __future__ import annotations

import threading

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Sequence

from sqlmodel import Session, col, select

from station_app.domain.insurance import (
    IncompleteWeather,
    InsuranceProduct,
    assess_section,
    dump_products,
    load_products,
    phase_dates,
    premium,
    premium_split,
    to_fen,
)
from station_app.domain.insurance.policy import (
    PolicyAction,
    PolicyMoveRefused,
    PolicyState,
    allowed_policy_actions,
    apply_policy_move,
    capped_payout_per_mu,
    claimable_sections,
    first_open_season,
    replay_policy,
)
from station_app.domain.messages import Message
from station_app.domain.money import fen, yuan
from station_app.domain.roles import Permission, Role
from station_app.domain.workflow import allocate_repayment, payoff_amount
from station_app.services import (
    farmers,
    insurance,
    loan_applications,
    signing,
    weather,
    writes,
)
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound, ServiceError, ValidationFailed
from station_app.store.models import (
    Farmer,
    InsuranceApplication,
    InsuranceClaim,
    InsuranceTransition,
    LoanRepayment,
)

__all__ = ["ClaimRun", "ClaimView", "PolicyRefused", "PolicyView", "allowed_actions",
           "claim_id", "file_policy", "get_policy", "list_policies", "live_policy_for_season",
           "move", "run_claims"]

#: Namespace of derived claim and payout ids (uuid5).
CLAIM_NAMESPACE = uuid.UUID("6c1f4d0e-9a43-4c55-8f1e-2b7a3c5d9e01")
_FEN = Decimal("0.01")


class PolicyRefused(ServiceError):
    """A move or filing the rules do not allow; the message says why."""


@dataclass(frozen=True)
class ClaimView:
    id: str
    application_id: str  # the policy
    section_code: str
    season_year: int
    phase_first: date
    phase_last: date
    index_value: Decimal
    payout_per_mu: Decimal
    payout: Decimal
    to_loan: Decimal
    computed_on: date

    @property
    def to_farmer(self) -> Decimal:
        return self.payout - self.to_loan


@dataclass(frozen=True)
class PolicyView:
    id: str
    station_id: str
    application_no: str
    policy_no: str
    farmer_id: str
    farmer_name: str
    resident_id_masked: str
    product: InsuranceProduct
    weather_station: str
    season_year: int
    insured_mu: Decimal
    sum_insured: Decimal
    premium: Decimal
    shares: dict[str, Decimal]
    season_id: str | None
    loan_application_id: str | None
    filed_by: str
    filed_by_name: str
    filed_at: datetime
    state: PolicyState
    moves: tuple[tuple[str, str, str, str, datetime, bool], ...]  # action, who, role, reason, at, superseded
    claims: tuple[ClaimView, ...]

    @property
    def phases(self) -> dict[str, tuple[date, date]]:
        return phase_dates(self.product, self.season_year)

    @property
    def paid_out(self) -> Decimal:
        return sum((c.payout for c in self.claims), Decimal(0))

    @property
    def farmer_pays(self) -> Decimal:
        return self.shares.get("farmer", Decimal(0))


def _product_of(row: InsuranceApplication) -> InsuranceProduct:
    return load_products(json.loads(row.product))[0]


def _view(row: InsuranceApplication, farmer: Farmer | None,
          moves: Sequence[InsuranceTransition], claims: Sequence[InsuranceClaim]) -> PolicyView:
    ordered = sorted(moves, key=lambda m: (m.created_hlc, m.id))
    state, superseded = replay_policy((m.from_state, m.action) for m in ordered)
    policy_no = ""
    for move_row, gone in zip(ordered, superseded):
        if move_row.action == PolicyAction.ISSUE.value and not gone:
            policy_no = json.loads(move_row.data or "{}").get("policy_no", "")
    return PolicyView(
        id=row.id, station_id=row.station_id, application_no=row.application_no,
        policy_no=policy_no, farmer_id=row.farmer_id,
        farmer_name=farmer.name if farmer is not None else "",
        resident_id_masked=farmer.resident_id_masked if farmer is not None else "",
        product=_product_of(row), weather_station=row.weather_station,
        season_year=row.season_year, insured_mu=yuan(row.insured_mu_x100),
        sum_insured=yuan(row.sum_insured_fen), premium=yuan(row.premium_fen),
        shares={k: yuan(v) for k, v in json.loads(row.shares or "{}").items()},
        season_id=row.season_id, loan_application_id=row.loan_application_id,
        filed_by=row.filed_by, filed_by_name=row.filed_by_name, filed_at=row.filed_at,
        state=state,
        moves=tuple((m.action, m.actor_name, m.actor_role, m.reason, m.at, gone)
                    for m, gone in zip(ordered, superseded)),
        claims=tuple(sorted((_claim_view(c) for c in claims),
                            key=lambda c: (c.phase_last, c.section_code))))


def _claim_view(row: InsuranceClaim) -> ClaimView:
    return ClaimView(row.id, row.application_id, row.section_code, row.season_year,
                     row.phase_first, row.phase_last, Decimal(row.index_value),
                     Decimal(row.payout_per_mu), yuan(row.payout_fen), yuan(row.to_loan_fen),
                     row.computed_on)


def _children(session: Session, model: Any, ids: list[str]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        for r in session.exec(select(model).where(
                col(model.application_id).in_(ids[start:start + 500]),
                model.deleted == False)):  # noqa: E712
            out[r.application_id].append(r)
    return out


def _views(session: Session, rows: Sequence[InsuranceApplication]) -> list[PolicyView]:
    ids = [r.id for r in rows]
    moves = _children(session, InsuranceTransition, ids)
    claims = _children(session, InsuranceClaim, ids)
    farmer_ids = list({r.farmer_id for r in rows})
    found = {f.id: f for f in session.exec(select(Farmer).where(
        col(Farmer.id).in_(farmer_ids)))} if farmer_ids else {}
    return [_view(r, found.get(r.farmer_id), moves[r.id], claims[r.id]) for r in rows]


def list_policies(ctx: ServiceContext, *, farmer_id: str | None = None) -> list[PolicyView]:
    """Insurance applications and policies on this computer, newest first."""
    ctx.require(Permission.FARMER_READ)
    query = select(InsuranceApplication).where(InsuranceApplication.deleted == False)  # noqa: E712
    if farmer_id is not None:
        query = query.where(InsuranceApplication.farmer_id == farmer_id)
    with Session(ctx.db.engine) as session:
        rows = session.exec(query.order_by(col(InsuranceApplication.filed_at).desc())).all()
        return _views(session, rows)


def get_policy(ctx: ServiceContext, application_id: str) -> PolicyView:
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        row = session.get(InsuranceApplication, application_id)
        if row is None or row.deleted:
            raise NotFound(Message("policy.missing", "找不到这份投保。",
                                   "There is no such insurance application."))
        return _views(session, [row])[0]


def live_policy_for_season(ctx: ServiceContext, farmer_id: str, season_id: str) -> bool:
    """Whether a submitted or issued policy covers the planting season (a loan for that season
    gets the product's insurance rate discount)."""
    return any(p.season_id == season_id and p.state in (PolicyState.SUBMITTED,
                                                         PolicyState.ISSUED)
               for p in list_policies(ctx, farmer_id=farmer_id))


# --------------------------------------------------------------------------- filing and moves

def file_policy(ctx: ServiceContext, farmer_id: str, product_id: str, insured_mu: Decimal, *,
                season_year: int | None = None, season_id: str | None = None,
                loan_application_id: str | None = None, now: datetime | None = None) -> str:
    """File an insurance application (submitted for the policy to be issued); its id."""
    actor = ctx.require(Permission.APPLICATION_PREPARE)
    now = now or datetime.now(timezone.utc)
    item = insurance.product(product_id)
    mu = insurance.check_area(insured_mu)
    opening = first_open_season(item, now.date())
    season = opening if season_year is None else season_year
    if season < opening:
        raise ValidationFailed({"season_year": [Message(
            "policy.season_started", f"{season} 年这一季的保险期已经开始，不能再投保；"
            f"最早可以投保 {opening} 年。",
            f"The {season} season's cover has already begun; the earliest season open is "
            f"{opening}.")]})
    if loan_application_id:
        loan = loan_applications.get_application(ctx, loan_application_id)
        if loan.farmer_id != farmer_id:
            raise ValidationFailed({"loan": [Message(
                "policy.loan_other_farmer", "只能指定这位农户自己的贷款。",
                "Only a loan of this farmer can be assigned.")]})
    farmers.get_farmer(ctx, farmer_id)  # exists and is readable
    split = premium_split(item, mu)
    row = InsuranceApplication(
        station_id=actor.station_id, application_no=signing.new_document_id("TB", now.date()),
        farmer_id=farmer_id, product_id=item.id, product_name=item.name_zh,
        product=json.dumps(dump_products([item])["products"][0], ensure_ascii=False,
                           sort_keys=True),
        weather_station=item.station_id, season_year=season, insured_mu_x100=fen(mu),
        sum_insured_fen=fen(to_fen(item.sum_insured_per_mu * mu)),
        premium_fen=fen(premium(item, mu)),
        shares=json.dumps({k: fen(v) for k, v in split.items()}, sort_keys=True),
        season_id=season_id, loan_application_id=loan_application_id or None,
        filed_by=actor.user_id, filed_by_name=actor.display_name, filed_at=now,
        created_hlc="", updated_hlc="")
    with ctx.db.session() as session:
        writes.insert(session, ctx.db, actor, row)
        _store_move(session, ctx, row, apply_policy_move(
            PolicyState.DRAFT, PolicyAction.SUBMIT, actor_id=actor.user_id,
            actor_role=actor.role, filed_by=actor.user_id), now, {})
    return row.id


def _store_move(session: Session, ctx: ServiceContext, row: InsuranceApplication, move_: Any,
                now: datetime, data: dict[str, Any]) -> None:
    actor = ctx.actor
    assert actor is not None
    writes.insert(session, ctx.db, actor, InsuranceTransition(
        station_id=row.station_id, application_id=row.id, action=move_.action.value,
        from_state=move_.from_state.value, to_state=move_.to_state.value,
        actor_id=actor.user_id, actor_name=actor.display_name, actor_role=actor.role.value,
        reason=(move_.reason or "")[:500], at=now,
        data=json.dumps(data, ensure_ascii=False, sort_keys=True),
        created_hlc="", updated_hlc=""))


def allowed_actions(ctx: ServiceContext, view: PolicyView) -> list[PolicyAction]:
    if ctx.actor is None:
        return []
    return allowed_policy_actions(view.state, actor_id=ctx.actor.user_id,
                                  actor_role=ctx.actor.role, filed_by=view.filed_by)


def move(ctx: ServiceContext, application_id: str, action: PolicyAction | str, *,
         reason: str | None = None, now: datetime | None = None) -> PolicyView:
    """Issue (a policy number is given), decline (with a reason) or withdraw."""
    actor = ctx.require_login()
    now = now or datetime.now(timezone.utc)
    view = get_policy(ctx, application_id)
    try:
        transition = apply_policy_move(view.state, action, actor_id=actor.user_id,
                                       actor_role=actor.role, filed_by=view.filed_by,
                                       reason=reason)
    except PolicyMoveRefused as exc:
        raise PolicyRefused(exc.message) from None
    data = ({"policy_no": signing.new_document_id("BD", now.date())}
            if transition.action is PolicyAction.ISSUE else {})
    with ctx.db.session() as session:
        row = session.get(InsuranceApplication, application_id)
        assert row is not None
        _store_move(session, ctx, row, transition, now, data)
    return get_policy(ctx, application_id)


# --------------------------------------------------------------------------- claims

def claim_id(application_id: str, section_code: str, season_year: int) -> str:
    """The one id a claim of this policy, section and season can have."""
    return str(uuid.uuid5(CLAIM_NAMESPACE, f"{application_id}|{section_code}|{season_year}"))


@dataclass(frozen=True)
class ClaimRun:
    created: tuple[ClaimView, ...]
    incomplete: tuple[tuple[str, str, tuple[date, ...]], ...]  # (policy no, section, missing)
    checked: int  # policies looked at


def _all_days(ctx: ServiceContext, weather_station: str) -> list[Any]:
    """The weather station's days as this computer holds them (``services.weather``)."""
    return list(weather.days(ctx.db, weather_station))


_claims_lock = threading.Lock()


def run_claims(ctx: ServiceContext, *, today: date | None = None) -> ClaimRun:
    """Assess every issued policy's ended phases once (see the module doc).

    Station computers compute claims; a branch computer receives them by sync (it returns an
    empty run), so two sides never race to make the same claim differently.
    """
    actor = ctx.require_login()
    today = today or date.today()
    if actor.role is Role.BRANCH_OFFICER:
        return ClaimRun((), (), 0)
    with _claims_lock:  # the automatic run and an open list never make one claim twice
        return _run_claims(ctx, today)


def _run_claims(ctx: ServiceContext, today: date) -> ClaimRun:
    created: list[ClaimView] = []
    incomplete: list[tuple[str, str, tuple[date, ...]]] = []
    policies = [p for p in list_policies(ctx) if p.state is PolicyState.ISSUED]
    weather: dict[str, list[Any]] = {}
    for policy in policies:
        done = [c.section_code for c in policy.claims]
        todo = claimable_sections(policy.product, policy.season_year, today, done)
        if not todo:
            continue
        days = weather.setdefault(policy.weather_station,
                                  _all_days(ctx, policy.weather_station))
        earlier = [c.payout_per_mu for c in policy.claims]
        for code in todo:
            try:
                result = assess_section(policy.product, code, days, season=policy.season_year)
            except IncompleteWeather as exc:
                incomplete.append((policy.policy_no, code, tuple(exc.missing_dates)))
                break  # later sections wait: claims are made in phase order
            per_mu = capped_payout_per_mu(policy.product, result.payout_per_mu, earlier)
            earlier.append(per_mu)
            made = _store_claim(ctx, policy, code, result, per_mu)
            if made is not None:
                created.append(made)
    return ClaimRun(tuple(created), tuple(incomplete), len(policies))


def _store_claim(ctx: ServiceContext, policy: PolicyView, code: str, result: Any,
                 per_mu: Decimal) -> ClaimView | None:
    """Store the claim; None when it already exists (made meanwhile by sync or a peer)."""
    actor = ctx.actor
    assert actor is not None
    payout = to_fen(per_mu * policy.insured_mu)
    settled_on = result.last + timedelta(days=1)  # the same on every computer
    the_id = claim_id(policy.id, code, policy.season_year)
    to_loan, repayment_id = Decimal(0), None
    if payout > 0 and policy.loan_application_id:
        to_loan, repayment_id = _loan_share(ctx, policy, the_id, payout, settled_on)
    claim = InsuranceClaim(
        id=the_id, station_id=policy.station_id, application_id=policy.id,
        section_code=code, season_year=policy.season_year, phase_first=result.first,
        phase_last=result.last, index_value=str(result.index), payout_per_mu=str(per_mu),
        payout_fen=fen(payout), to_loan_fen=fen(to_loan), loan_repayment_id=repayment_id,
        computed_on=settled_on, created_hlc="", updated_hlc="")
    with ctx.db.session() as session:
        if session.get(InsuranceClaim, the_id) is not None:  # made meanwhile (sync, a peer)
            return None
        view = _claim_view(claim)
        writes.insert(session, ctx.db, actor, claim)
        if repayment_id is not None:
            writes.insert(session, ctx.db, actor, LoanRepayment(
                id=repayment_id, station_id=policy.station_id,
                application_id=policy.loan_application_id, paid_on=settled_on,
                amount_fen=fen(to_loan), source="insurance", reference=policy.policy_no[:60],
                recorded_by=actor.user_id, recorded_by_name="保险赔款（系统）",
                recorded_at=datetime.combine(settled_on, datetime.min.time(), timezone.utc),
                note=f"{policy.product.name_zh} {code} {policy.season_year}"[:200],
                created_hlc="", updated_hlc=""))
    return view


def _loan_share(ctx: ServiceContext, policy: PolicyView, the_id: str, payout: Decimal,
                on: date) -> tuple[Decimal, str | None]:
    """What of ``payout`` repays the assigned loan on ``on`` (at most what clears it)."""
    try:
        loan = loan_applications.get_application(ctx, policy.loan_application_id or "",
                                                 as_of=on)
    except NotFound:
        return Decimal(0), None
    status = loan.status
    if loan.state not in loan_applications.ACTIVE_STATES or status is None \
            or on < status.disbursed_on:
        return Decimal(0), None
    applied = [r.allocation for r in loan.repayments if r.allocation is not None
               and r.paid_on <= on]
    position = applied[-1].paid_so_far if applied else Decimal(0)
    owed = payoff_amount(status.schedule, position, on)
    share = min(payout, owed)
    if share <= 0:
        return Decimal(0), None
    allocate_repayment(status.schedule, position, share, on)  # raises if it cannot apply
    return share, str(uuid.uuid5(CLAIM_NAMESPACE, f"{the_id}|loan"))


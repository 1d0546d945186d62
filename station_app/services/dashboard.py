"""首页 (the station's home screen): the figures of the station at a glance.

Everything a station counts in the tens of thousands (farmers, shops, scores, trainings) is
counted by SQLite (``COUNT`` / ``GROUP BY`` over live rows), never by a Python loop over
farmers, so a county of 100,000 farmers still opens its home screen at once.  Loans and
insurance policies are few (hundreds), and their state is computed, not stored (a loan is
overdue the day after a missed payment): those figures come from the loan and insurance
services themselves, so the home screen and the lists behind it always agree.

Money is exact: ``Decimal`` yuan summed from integer fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import text
from sqlmodel import Session

from station_app.domain.insurance.policy import PolicyState
from station_app.domain.roles import Permission
from station_app.domain.workflow import State
from station_app.services import insurance_policies, loan_applications, scoring, shops
from station_app.services.context import ServiceContext

__all__ = ["OVERDUE_BUCKETS", "DashboardFigures", "InsuranceFigures", "LoanStateFigure",
           "OverdueBucket", "OverdueFigures", "station_figures"]

#: Days-past-due buckets of the overdue tile: (key, first day, last day or None = no end).
OVERDUE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("1-30", 1, 30), ("31-90", 31, 90), ("90+", 91, None))

_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LoanStateFigure:
    state: State
    count: int
    amount: Decimal  # the applied-for amounts of the loans in this state


@dataclass(frozen=True)
class OverdueBucket:
    key: str
    first_day: int
    last_day: int | None
    count: int
    amount: Decimal  # overdue money (unpaid installments past their due date)


@dataclass(frozen=True)
class OverdueFigures:
    count: int
    amount: Decimal
    principal_outstanding: Decimal  # of the overdue loans
    buckets: tuple[OverdueBucket, ...]


@dataclass(frozen=True)
class InsuranceFigures:
    year: int
    policies: int  # issued policies of this year's season
    insured_mu: Decimal
    premium: Decimal
    sum_insured: Decimal
    claims_paid: int  # claims of this year's season with a payout above 0
    claims_amount: Decimal
    claims_to_loans: Decimal  # of which repaid loans first


@dataclass(frozen=True)
class DashboardFigures:
    as_of: date
    farmers: int  # live farmers
    farmers_this_month: int  # of which registered in the month of ``as_of``
    shops: int  # live shops of live farmers
    shops_by_platform: tuple[tuple[str, int], ...]  # platform key → shops (known order)
    scored: int  # live farmers with a stored score
    by_grade: tuple[tuple[str, int], ...]  # grade → farmers whose latest score has it
    loans: int  # applications on this computer
    loans_by_state: tuple[LoanStateFigure, ...]  # workflow order, states with loans only
    active_loans: int  # disbursed and not paid off (disbursed, repaying, overdue)
    outstanding_principal: Decimal  # of the active loans
    overdue: OverdueFigures
    insurance: InsuranceFigures
    trainings_this_month: int  # live sessions held in the month of ``as_of``
    attendances_this_month: int  # live attendances of live farmers at those sessions

    def grade_count(self, grade: str) -> int:
        return dict(self.by_grade).get(grade, 0)

    def state_figure(self, state: State) -> LoanStateFigure:
        for figure in self.loans_by_state:
            if figure.state is state:
                return figure
        return LoanStateFigure(state, 0, _ZERO)


# --------------------------------------------------------------------------- helpers

def _month(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first.replace(year=first.year + 1, month=1) if first.month == 12
                 else first.replace(month=first.month + 1))
    return first, following


def _hlc_bound(day: date) -> str:
    """The smallest HLC text of local midnight starting ``day`` (HLCs start with 13 digits
    of wall-clock milliseconds, so they compare as text)."""
    millis = int(datetime(day.year, day.month, day.day).timestamp() * 1000)
    return f"{max(millis, 0):013d}"


def _count(session: Session, sql: str, **params: object) -> int:
    return int(session.connection().execute(text(sql), params).scalar() or 0)


def _pairs(session: Session, sql: str, **params: object) -> dict[str, int]:
    return {str(key): int(n) for key, n in session.connection().execute(text(sql), params)}


# Latest score of each live farmer: the newest ``scored_at`` (ties: the newest HLC), one row
# per farmer even if two scorings share a moment.
_GRADES_SQL = """
SELECT grade, COUNT(*) FROM (
    SELECT c.grade AS grade,
           ROW_NUMBER() OVER (PARTITION BY c.farmer_id
                              ORDER BY c.scored_at DESC, c.created_hlc DESC) AS rn
    FROM credit_score AS c JOIN farmer AS f ON f.id = c.farmer_id AND f.deleted = 0
    WHERE c.deleted = 0)
WHERE rn = 1 GROUP BY grade
"""


# --------------------------------------------------------------------------- the figures

def station_figures(ctx: ServiceContext, *, today: date | None = None) -> DashboardFigures:
    """The home screen's figures on ``today`` (default: today)."""
    ctx.require(Permission.FARMER_READ)
    today = today or date.today()
    month_start, month_end = _month(today)
    with Session(ctx.db.engine) as session:
        farmers = _count(session, "SELECT COUNT(*) FROM farmer WHERE deleted = 0")
        farmers_month = _count(
            session, "SELECT COUNT(*) FROM farmer WHERE deleted = 0 "
            "AND created_hlc >= :start AND created_hlc < :end",
            start=_hlc_bound(month_start), end=_hlc_bound(month_end))
        platforms = _pairs(
            session, "SELECT s.platform, COUNT(*) FROM shop AS s JOIN farmer AS f "
            "ON f.id = s.farmer_id AND f.deleted = 0 WHERE s.deleted = 0 GROUP BY s.platform")
        grades = _pairs(session, _GRADES_SQL)
        trainings = _count(
            session, "SELECT COUNT(*) FROM training_session WHERE deleted = 0 "
            "AND held_on >= :start AND held_on < :end",
            start=month_start.isoformat(), end=month_end.isoformat())
        attendances = _count(
            session, "SELECT COUNT(*) FROM training_attendance AS a "
            "JOIN training_session AS t ON t.id = a.session_id AND t.deleted = 0 "
            "JOIN farmer AS f ON f.id = a.farmer_id AND f.deleted = 0 "
            "WHERE a.deleted = 0 AND t.held_on >= :start AND t.held_on < :end",
            start=month_start.isoformat(), end=month_end.isoformat())
        model = scoring.active_model(ctx.db, session)
    by_platform = [(key, platforms.pop(key)) for key in shops.PLATFORMS if key in platforms]
    by_platform += sorted(platforms.items())  # a platform this version does not know yet
    by_grade = [(g.id, grades.pop(g.id, 0)) for g in model.grades]
    by_grade += sorted(grades.items())
    loans = loan_applications.list_applications(ctx, as_of=today)
    return DashboardFigures(
        as_of=today, farmers=farmers, farmers_this_month=farmers_month,
        shops=sum(n for _k, n in by_platform), shops_by_platform=tuple(by_platform),
        scored=sum(n for _g, n in by_grade), by_grade=tuple(by_grade),
        loans=len(loans), loans_by_state=_by_state(loans),
        active_loans=sum(1 for v in loans if v.state in loan_applications.ACTIVE_STATES),
        outstanding_principal=sum(
            (v.status.principal_outstanding for v in loans
             if v.state in loan_applications.ACTIVE_STATES and v.status is not None), _ZERO),
        overdue=_overdue(loans), insurance=_insurance(ctx, today.year),
        trainings_this_month=trainings, attendances_this_month=attendances)


def _by_state(loans: list[loan_applications.ApplicationView]) -> tuple[LoanStateFigure, ...]:
    counts: dict[State, int] = {}
    amounts: dict[State, Decimal] = {}
    for view in loans:
        counts[view.state] = counts.get(view.state, 0) + 1
        amounts[view.state] = amounts.get(view.state, _ZERO) + view.amount
    return tuple(LoanStateFigure(s, counts[s], amounts[s]) for s in State if s in counts)


def _overdue(loans: list[loan_applications.ApplicationView]) -> OverdueFigures:
    late = [v for v in loans if v.state is State.OVERDUE and v.status is not None]
    buckets = []
    for key, first, last in OVERDUE_BUCKETS:
        inside = [v for v in late if v.status.days_past_due >= first
                  and (last is None or v.status.days_past_due <= last)]
        buckets.append(OverdueBucket(key, first, last, len(inside),
                                     sum((v.status.overdue_amount for v in inside), _ZERO)))
    return OverdueFigures(
        count=len(late), amount=sum((v.status.overdue_amount for v in late), _ZERO),
        principal_outstanding=sum((v.status.principal_outstanding for v in late), _ZERO),
        buckets=tuple(buckets))


def _insurance(ctx: ServiceContext, year: int) -> InsuranceFigures:
    policies = insurance_policies.list_policies(ctx)
    issued = [p for p in policies if p.state is PolicyState.ISSUED and p.season_year == year]
    claims = [c for p in policies for c in p.claims if c.season_year == year and c.payout > 0]
    return InsuranceFigures(
        year=year, policies=len(issued),
        insured_mu=sum((p.insured_mu for p in issued), _ZERO),
        premium=sum((p.premium for p in issued), _ZERO),
        sum_insured=sum((p.sum_insured for p in issued), _ZERO),
        claims_paid=len(claims), claims_amount=sum((c.payout for c in claims), _ZERO),
        claims_to_loans=sum((c.to_loan for c in claims), _ZERO))

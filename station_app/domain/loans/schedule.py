"""Repayment schedules (还款计划) and the annualized rate (年化利率, IRR method).

Pure: no Qt, no SQL, no clock.  Money is :class:`~decimal.Decimal` yuan; every amount of a
schedule is quantized to the fen (0.01), ``ROUND_HALF_UP``.  Rates are fractions
(``Decimal("0.06")`` is 6 % a year).  docs/loans.md has the formulas with worked examples.

Methods (DOMAIN.md §6)
======================

``equal_installment`` 等额本息
    r = annual/12.  The payment M = P·r(1+r)^n / ((1+r)^n − 1) is computed in a 60-digit
    Decimal context and rounded half-up to the fen (0 % rate: M = P/n rounded).  Each month
    interest = round(balance × annual / 12), principal = M − interest; the **last** installment
    repays the whole remaining balance, so its total may differ from M by a few fen.
``equal_principal`` 等额本金
    principal = round(P/n) each month, the last one takes the remainder;
    interest = round(balance before the payment × annual / 12).
``monthly_interest`` 按月付息、到期还本
    interest = round(P × annual / 12) every month (interest **by month**, like the two methods
    above, not by days); the whole principal with the last installment.
``bullet`` 利随本清
    one installment on start + ``months``; interest **by actual days** with the Chinese bank
    day count: round(P × annual × days / 360), days = maturity − start.

Monthly interest ignores the length of the month: a month clamped to Feb 28 still pays
annual/12.  Due dates are start + k months on the start's day of month, clamped to the end of
shorter months, always counted from ``start`` (Jan 31 → Feb 28/29, Mar 31, Apr 30, …; never
drifting to the 28th).

Rounding safety: principal always sums exactly to the loan amount and the last balance is 0.
When a loan is so small that rounded monthly principal would overshoot (e.g. 0.30 元 over 12
months), an installment's principal is limited to what is still owed; the rows after that
carry 0 principal.

Annualized rate (PBoC Announcement [2021] No. 3)
================================================

:func:`annualized_rate` solves the internal rate of return of the borrower's cash flows:
``principal − fees`` received at t0 (fees are paid up front), ``−total`` of each installment
at the end of its period.  Monthly schedules: periodic IRR × 12 (every period counts as one
month, exactly as the schedule charges interest).  A day-based schedule (``bullet``) has one
period of ``days`` days; its rate is (total ÷ (principal − fees) − 1) × 360 / days, using the
same 360-day year as its interest, so a bullet loan without fees shows exactly its contract
rate.  The result is a fraction rounded half-up to 4 places (``Decimal("0.0612")`` = 6.12 %);
:func:`annualized_rate_percent` gives the same number in percent with 2 places.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

from station_app.domain.messages import Message
from station_app.domain.money import MAX_AMOUNT_EXCLUSIVE

__all__ = [
    "BULLET",
    "EQUAL_INSTALLMENT",
    "EQUAL_PRINCIPAL",
    "FEN",
    "MAX_MONTHS",
    "METHODS",
    "METHOD_LABELS",
    "MONTHLY_INTEREST",
    "Installment",
    "LoanInputError",
    "add_months",
    "annualized_rate",
    "annualized_rate_percent",
    "build_schedule",
    "months_to_cover",
    "total_interest",
]

EQUAL_INSTALLMENT = "equal_installment"
EQUAL_PRINCIPAL = "equal_principal"
MONTHLY_INTEREST = "monthly_interest"
BULLET = "bullet"
METHODS = (EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, MONTHLY_INTEREST, BULLET)
METHOD_LABELS: dict[str, Message] = {
    EQUAL_INSTALLMENT: Message("loan.method.equal_installment", "等额本息", "Equal installments"),
    EQUAL_PRINCIPAL: Message("loan.method.equal_principal", "等额本金", "Equal principal"),
    MONTHLY_INTEREST: Message("loan.method.monthly_interest", "按月付息、到期还本",
                              "Monthly interest, principal at maturity"),
    BULLET: Message("loan.method.bullet", "利随本清", "Principal and interest at maturity"),
}

MAX_MONTHS = 360
FEN = Decimal("0.01")
RATE_PLACES = Decimal("0.0001")
PERCENT_PLACES = Decimal("0.01")
DAYS_PER_YEAR = 360  # 日利率 = 年利率 / 360 (Chinese bank convention)
MONTHS_PER_YEAR = 12
_PREC = 60
_ZERO = Decimal("0.00")


class LoanInputError(ValueError):
    """A loan input is not acceptable; ``message`` is the plain sentence (zh, ``.en``)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))

    @property
    def code(self) -> str:
        return self.message.code


def _refuse(code: str, zh: str, en: str) -> LoanInputError:
    return LoanInputError(Message(f"loan.{code}", zh, en))


@dataclass(frozen=True)
class Installment:
    """One row of a schedule (one 期).

    ``balance`` is the principal still owed *after* this installment.  ``period_start`` is the
    day the installment's interest period begins (the loan start for the first one, else the
    previous due date); ``interest_by_days`` is True when its interest was computed by actual
    days (``bullet``), False when by month.  The last two have defaults so a schedule can be
    rebuilt from the five stored money/date columns; :func:`annualized_rate` needs them only
    for a day-based schedule.
    """

    due_date: date
    principal: Decimal
    interest: Decimal
    total: Decimal
    balance: Decimal
    period_start: date | None = None
    interest_by_days: bool = False

    @property
    def days(self) -> int | None:
        """Actual days of the interest period (None when ``period_start`` is unknown)."""
        if self.period_start is None:
            return None
        return (self.due_date - self.period_start).days

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (money as strings with two decimals, dates ISO)."""
        return {
            "due_date": self.due_date.isoformat(), "principal": str(self.principal),
            "interest": str(self.interest), "total": str(self.total),
            "balance": str(self.balance),
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "interest_by_days": self.interest_by_days,
        }


# --------------------------------------------------------------------------- input checks

def _amount(value: object, *, name_zh: str, name_en: str, allow_zero: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{name_en} must be a Decimal (or int), not {type(value).__name__}: "
                        f"{value!r}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise _refuse("amount_not_finite", f"{name_zh}不是有效数字：{value}",
                      f"The {name_en} is not a valid number: {value}")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise _refuse("amount_not_positive",
                      f"{name_zh}必须{'不小于' if allow_zero else '大于'} 0 元（现在是 {value}）",
                      f"The {name_en} must be {'at least' if allow_zero else 'more than'} "
                      f"0 yuan (it is {value})")
    if amount != amount.quantize(FEN, rounding=ROUND_DOWN):
        raise _refuse("amount_sub_fen", f"{name_zh}最多精确到分（两位小数）：{value}",
                      f"The {name_en} may have at most two decimals (fen): {value}")
    if amount >= MAX_AMOUNT_EXCLUSIVE:
        raise _refuse("amount_too_large", f"{name_zh}过大（须小于 1 万亿元）：{value}",
                      f"The {name_en} is too large (must be under 10^12 yuan): {value}")
    return amount.quantize(FEN)


def _principal(value: object) -> Decimal:
    return _amount(value, name_zh="贷款本金", name_en="loan principal", allow_zero=False)


def _rate(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"annual_rate must be a Decimal (or int), not {type(value).__name__}: "
                        f"{value!r}")
    rate = Decimal(value)
    if not rate.is_finite() or rate < 0:
        raise _refuse("rate_negative", f"年利率不能为负数或无效数字（现在是 {value}）",
                      f"The annual rate must not be negative or invalid (it is {value})")
    if rate > 1:
        raise _refuse("rate_not_fraction",
                      f"年利率要写成小数，例如 6% 写 0.06（现在是 {value}，即 {rate * 100}%）",
                      f"Write the annual rate as a fraction, e.g. 6 % as 0.06 "
                      f"(it is {value}, i.e. {rate * 100} %)")
    return rate


def _months(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"months must be an int, not {type(value).__name__}: {value!r}")
    if not 1 <= value <= MAX_MONTHS:
        raise _refuse("months_out_of_range", f"期限必须是 1 到 {MAX_MONTHS} 个月（现在是 {value}）",
                      f"The term must be 1 to {MAX_MONTHS} months (it is {value})")
    return value


def _day(value: object, what: str = "start") -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"{what} must be a date, not {type(value).__name__}: {value!r}")


def _method(value: object) -> str:
    if value not in METHODS:
        names = "、".join(f"{m}（{METHOD_LABELS[m]}）" for m in METHODS)
        raise _refuse("method_unknown", f"不认识的还款方式“{value}”，可选：{names}",
                      f"Unknown repayment method {value!r}; use one of {', '.join(METHODS)}")
    return value  # type: ignore[return-value]


# --------------------------------------------------------------------------- dates

def add_months(start: date, months: int) -> date:
    """``start`` + ``months`` calendar months, the day clamped to the end of the month."""
    start = _day(start)
    years, month0 = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month0 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def months_to_cover(start: date, end: date) -> int:
    """The fewest whole months m ≥ 1 with ``add_months(start, m) >= end`` (a term that
    reaches ``end``): Mar 10 → Sep 20 is 7 months, Mar 10 → Sep 10 is 6."""
    start, end = _day(start), _day(end, "end")
    m = max(1, (end.year - start.year) * 12 + end.month - start.month)
    while add_months(start, m) < end:
        m += 1
    while m > 1 and add_months(start, m - 1) >= end:
        m -= 1
    return m


# --------------------------------------------------------------------------- schedule

def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _equal_payment(principal: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """等额本息 monthly payment, exact to 60 digits, then rounded half-up to the fen."""
    with localcontext() as ctx:
        ctx.prec = _PREC
        if annual_rate == 0:
            return _fen(principal / months)
        r = annual_rate / MONTHS_PER_YEAR
        growth = (1 + r) ** months
        return _fen(principal * r * growth / (growth - 1))


def build_schedule(principal: Decimal, annual_rate: Decimal, months: int, method: str,
                   start: date) -> list[Installment]:
    """The repayment schedule of a loan of ``principal`` yuan disbursed on ``start``.

    ``method`` is one of :data:`METHODS`.  Raises :class:`LoanInputError` (a ``ValueError``)
    for a principal that is not positive or has sub-fen digits, a negative rate (or one above
    1, i.e. written in percent), a term outside 1–360 months or an unknown method;
    ``TypeError`` for a ``float`` or other wrong type.
    """
    principal = _principal(principal)
    annual_rate = _rate(annual_rate)
    months = _months(months)
    method = _method(method)
    start = _day(start)

    with localcontext() as ctx:
        ctx.prec = _PREC
        if method == BULLET:
            due = add_months(start, months)
            days = (due - start).days
            interest = _fen(principal * annual_rate * days / DAYS_PER_YEAR)
            return [Installment(due, principal, interest, principal + interest, _ZERO,
                                start, True)]

        payment = _equal_payment(principal, annual_rate, months)
        base_principal = _fen(principal / months)
        rows: list[Installment] = []
        balance = principal
        period_start = start
        for k in range(1, months + 1):
            due = add_months(start, k)
            # 按月付息 charges interest on the whole principal, which is owed until the end.
            owed = principal if method == MONTHLY_INTEREST else balance
            interest = _fen(owed * annual_rate / MONTHS_PER_YEAR)
            if k == months:
                part = balance
            elif method == EQUAL_INSTALLMENT:
                part = payment - interest
            elif method == EQUAL_PRINCIPAL:
                part = base_principal
            else:  # MONTHLY_INTEREST
                part = _ZERO
            part = min(max(part, _ZERO), balance)
            balance -= part
            rows.append(Installment(due, part, interest, part + interest, balance, period_start))
            period_start = due
        return rows


def total_interest(schedule: list[Installment]) -> Decimal:
    return sum((row.interest for row in schedule), _ZERO)


# --------------------------------------------------------------------------- annualized rate

def _npv_and_slope(totals: list[Decimal], v: Decimal) -> tuple[Decimal, Decimal]:
    """Σ T_k v^k and its derivative in v (Horner), k = 1..n."""
    value = Decimal(0)
    slope = Decimal(0)
    for t in reversed(totals):
        slope = slope * v + value
        value = value * v + t
    # value now is Σ T_k v^(k-1); multiply by v for Σ T_k v^k, slope adjusts by product rule.
    return value * v, value + slope * v


def _periodic_irr(received: Decimal, totals: list[Decimal]) -> Decimal:
    """i with Σ T_k / (1+i)^k = received.

    In v = 1/(1+i) the left side is increasing and convex for v > 0, so Newton's method
    started where it is above ``received`` converges monotonically to the one root.
    """
    if not any(totals):
        raise _refuse("irr_no_repayment", "还款计划里没有任何还款，无法计算年化利率",
                      "The schedule has no repayment; the annualized rate is undefined")
    with localcontext() as ctx:
        ctx.prec = _PREC
        v = Decimal(1)
        while _npv_and_slope(totals, v)[0] < received:  # rate below 0: move right
            v *= 2
        tolerance = Decimal("1e-40")
        for _ in range(500):
            value, slope = _npv_and_slope(totals, v)
            step = (value - received) / slope
            v -= step
            if abs(step) <= tolerance:
                break
        return 1 / v - 1


def _exact_rate(principal: Decimal, schedule: list[Installment], fees: Decimal) -> Decimal:
    principal = _principal(principal)
    fees = _amount(fees, name_zh="费用", name_en="fees", allow_zero=True)
    if fees >= principal:
        raise _refuse("fees_exceed_principal",
                      f"费用 {fees} 元不少于本金 {principal} 元，借款人实际拿不到钱",
                      f"The fees ({fees} yuan) are not less than the principal ({principal} "
                      "yuan): the borrower would receive nothing")
    rows = list(schedule)
    if not rows:
        raise _refuse("schedule_empty", "还款计划是空的", "The schedule is empty")
    if any(row.total < 0 for row in rows):
        raise _refuse("schedule_negative", "还款计划里有负数的还款额",
                      "The schedule has a negative installment")
    received = principal - fees
    with localcontext() as ctx:
        ctx.prec = _PREC
        if any(row.interest_by_days for row in rows):
            if len(rows) != 1 or not rows[0].days or rows[0].days <= 0:
                raise _refuse("irr_day_schedule",
                              "按天计息的还款计划只能有一期，并且要有起息日",
                              "A day-based schedule must have one installment with its start day")
            days = rows[0].days
            return (rows[0].total / received - 1) * DAYS_PER_YEAR / days
        return _periodic_irr(received, [row.total for row in rows]) * MONTHS_PER_YEAR


def annualized_rate(principal: Decimal, schedule: list[Installment],
                    fees: Decimal = Decimal(0)) -> Decimal:
    """Annualized rate by the IRR method (fraction, 4 places, half-up); see the module doc."""
    return _exact_rate(principal, schedule, fees).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def annualized_rate_percent(principal: Decimal, schedule: list[Installment],
                            fees: Decimal = Decimal(0)) -> Decimal:
    """The same rate in percent with 2 places: ``Decimal("6.12")`` for 6.12 %."""
    with localcontext() as ctx:
        ctx.prec = _PREC
        percent = _exact_rate(principal, schedule, fees) * 100
    return percent.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)

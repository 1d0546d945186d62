"""Derived sales indicators of an online shop (网店销售指标).

These are the order-based variables of the supply-chain-finance scorecard of seed 000,
Table 3 (表 3 供应链金融大数据信用评分卡关键变量), see docs/DOMAIN.md §3 and
docs/indicators.md:

* transaction behaviour (交易行为): :func:`refund_rate` 退货退款率,
  :func:`refund_amount_rate` 退款金额占比, :func:`repurchase_rate` 复购率,
  :func:`buyer_concentration` 交易集中度, :func:`order_value_cv` 客单价稳定性;
* fulfilment (履约能力): :func:`on_time_shipping_rate` 物流准时率,
  :func:`completion_rate` 订单完成率, :func:`after_sales_response_hours` 售后响应时长;
* cooperation stability (合作稳定性): :func:`shop_age_days` 店铺经营时长,
  :func:`trading_frequency` 交易频次;
* operating health (运营健康度): :func:`cash_flow_cv` 现金流稳定性,
  :func:`settlement_days` 回款周期.

The input is one :class:`OrderRecord` per order of an imported platform export and/or
:class:`MonthlyTotal` rows typed in by staff.  :func:`compute_indicators` is the single entry
point of the credit score: it applies the windows and returns a :class:`SalesIndicators`.

Conventions shared by every function:

* pure functions on plain values: no Qt, no SQL, no clock (the scoring date is ``as_of``);
* **None means “not enough data”** (the scorecard's explicit missing bin); no function
  raises on an empty list;
* money is :class:`~decimal.Decimal` yuan throughout, never ``float``;
* rates and shares are ``Decimal`` in ``[0, 1]`` quantised to 4 places, ``ROUND_HALF_UP``;
* a *paid order* (已付款订单) is any order whose status is neither ``PENDING_PAYMENT`` nor
  ``CANCELLED``; ``CLOSED`` counts as paid, because 交易关闭 after payment means it was
  refunded in full (importers map 未付款关闭 to ``CANCELLED``);
* a *refunded order* (退货退款订单) is one whose after-sale state is ``REFUNDING`` or
  ``REFUNDED``;
* windows are whole days: an order belongs to the day of its ``ordered_at``; ``as_of`` may be
  a date or a datetime (then only its date counts).  Durations (shipping, after-sales,
  settlement) subtract two datetimes of the same order, so importers must store all times
  of a shop either naive in station local time (Asia/Shanghai) or all time-zone aware.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import Enum
from typing import Callable, Iterable, Sequence, TypeVar

__all__ = [
    "OrderStatus",
    "AfterSale",
    "OrderRecord",
    "MonthlyTotal",
    "Concentration",
    "SalesIndicators",
    "REPURCHASE_WINDOW_DAYS",
    "RATE_WINDOW_DAYS",
    "FREQUENCY_MONTHS",
    "SHIP_WITHIN_HOURS",
    "refund_rate",
    "refund_amount_rate",
    "repurchase_rate",
    "buyer_concentration",
    "order_value_cv",
    "on_time_shipping_rate",
    "completion_rate",
    "after_sales_response_hours",
    "shop_age_days",
    "trading_frequency",
    "monthly_sales",
    "merge_monthly",
    "cash_flow_cv",
    "settlement_days",
    "compute_indicators",
]

REPURCHASE_WINDOW_DAYS = 180
"""Window of :func:`repurchase_rate` (DOMAIN.md §3: ≥ 2 orders in 180 days)."""
RATE_WINDOW_DAYS = 365
"""Window :func:`compute_indicators` applies to the order-level rates."""
FREQUENCY_MONTHS = 12
"""Complete calendar months used for trading frequency and cash-flow stability."""
SHIP_WITHIN_HOURS = 48
"""Default shipping limit (平台常见的 48 小时发货承诺)."""


# --------------------------------------------------------------------------- records

class OrderStatus(str, Enum):
    """Order status as mapped from the platform export (订单状态)."""

    PENDING_PAYMENT = "pending_payment"  # 待付款
    PAID = "paid"                        # 已付款 / 待发货
    SHIPPED = "shipped"                  # 已发货 / 待收货
    SIGNED = "signed"                    # 已签收
    COMPLETED = "completed"              # 交易成功 / 已完成
    CANCELLED = "cancelled"              # 已取消 (never paid)
    CLOSED = "closed"                    # 交易关闭 (after payment: refunded in full)


class AfterSale(str, Enum):
    """After-sale (售后) state of an order."""

    NONE = "none"              # 无售后
    REQUESTED = "requested"    # 售后申请中
    REFUNDING = "refunding"    # 退款中
    REFUNDED = "refunded"      # 退款成功
    REJECTED = "rejected"      # 售后被拒绝 / 已撤销


_UNPAID = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED})
_REFUND_STATES = frozenset({AfterSale.REFUNDING, AfterSale.REFUNDED})
_DONE = frozenset({OrderStatus.SIGNED, OrderStatus.COMPLETED})
_IN_TRANSIT = frozenset({OrderStatus.PAID, OrderStatus.SHIPPED})


def _money(value: object, name: str) -> Decimal:
    """A finite Decimal from Decimal/int/str; floats are refused (no float in money paths)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{name} must be a Decimal, int or str, not {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (int, str)):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{name} is not a number: {value!r}") from None
    else:
        raise TypeError(f"{name} must be a Decimal, int or str, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{name} must be finite, got {value!r}")
    return result


@dataclass(frozen=True)
class OrderRecord:
    """One order of a platform export (one row after column mapping).

    ``amount`` is 实付金额 in yuan (what the buyer paid for the order); ``refund_amount`` is
    the amount refunded (退款金额).  ``buyer_key`` is a stable pseudonymous buyer id when the
    export has one (e.g. a hash of the buyer nickname); blank counts as absent.  Money given
    as ``int`` or ``str`` is turned into ``Decimal``; ``float`` is refused.  Statuses may be
    given as their string values.
    """

    order_id: str
    ordered_at: datetime
    amount: Decimal
    quantity: int = 1
    product: str = ""
    status: OrderStatus = OrderStatus.PAID
    buyer_key: str | None = None
    shipped_at: datetime | None = None
    signed_at: datetime | None = None
    settled_at: datetime | None = None
    after_sale: AfterSale = AfterSale.NONE
    after_sale_requested_at: datetime | None = None
    after_sale_responded_at: datetime | None = None
    refund_amount: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _money(self.amount, "amount"))
        object.__setattr__(self, "refund_amount", _money(self.refund_amount, "refund_amount"))
        object.__setattr__(self, "status", OrderStatus(self.status))
        object.__setattr__(self, "after_sale", AfterSale(self.after_sale))
        key = self.buyer_key.strip() if isinstance(self.buyer_key, str) else self.buyer_key
        object.__setattr__(self, "buyer_key", key or None)

    @property
    def paid(self) -> bool:
        """已付款: status is neither PENDING_PAYMENT nor CANCELLED."""
        return self.status not in _UNPAID

    @property
    def refunded(self) -> bool:
        """退货退款: after-sale state is REFUNDING or REFUNDED."""
        return self.after_sale in _REFUND_STATES

    @property
    def effective_refund(self) -> Decimal:
        """``refund_amount`` limited to ``[0, amount]`` (a refund cannot exceed the payment)."""
        return min(max(self.refund_amount, Decimal(0)), max(self.amount, Decimal(0)))


@dataclass(frozen=True)
class MonthlyTotal:
    """Sales of one calendar month (月度销售汇总), typed by staff or derived from orders.

    ``month`` is the first day of the month (any day, or a datetime, is moved to the first
    day of its month).  ``orders`` is the number of paid orders, ``gmv`` their amount and
    ``refunds`` the money refunded on them, in yuan.
    """

    month: date
    orders: int
    gmv: Decimal
    refunds: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "month", _month_start(self.month))
        object.__setattr__(self, "gmv", _money(self.gmv, "gmv"))
        object.__setattr__(self, "refunds", _money(self.refunds, "refunds"))

    @property
    def net(self) -> Decimal:
        """Net sales of the month: ``gmv − refunds`` (销售净额)."""
        return self.gmv - self.refunds


@dataclass(frozen=True)
class Concentration:
    """交易集中度: ``top_share`` = biggest buyer's share of GMV, ``hhi`` = Σ share²."""

    top_share: Decimal
    hhi: Decimal


# --------------------------------------------------------------------------- arithmetic

_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN,
                   traps=[InvalidOperation, DivisionByZero, Overflow])
_RATE = Decimal("0.0001")
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
_ZERO = Decimal(0)
_ONE = Decimal(1)
_US_PER_HOUR = Decimal(3_600_000_000)
_US_PER_DAY = Decimal(86_400_000_000)

_F = TypeVar("_F", bound=Callable[..., object])


def _exact(func: _F) -> _F:
    """Run ``func`` in a private 40-digit Decimal context (independent of the caller's)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with localcontext(_CONTEXT):
            return func(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


def _q(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _rate(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """numerator ÷ denominator clamped to [0, 1], 4 places; None when denominator ≤ 0."""
    if denominator <= 0:
        return None
    value = Decimal(numerator) / Decimal(denominator)
    return _q(min(max(value, _ZERO), _ONE), _RATE)


def _cv(values: Sequence[Decimal], minimum: int) -> Decimal | None:
    """Population coefficient of variation σ/μ, 4 places; None if too few values or μ ≤ 0."""
    n = len(values)
    if n < minimum:
        return None
    mean = sum(values, _ZERO) / n
    if mean <= 0:
        return None
    variance = sum(((x - mean) ** 2 for x in values), _ZERO) / n
    return _q(variance.sqrt() / mean, _RATE)


def _median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def _span_us(start: datetime, end: datetime) -> int:
    """Whole microseconds from ``start`` to ``end`` (exact integer arithmetic)."""
    return (end - start) // timedelta(microseconds=1)


# --------------------------------------------------------------------------- dates

def _day(value: date) -> date:
    """The calendar day of a date or datetime."""
    return value.date() if isinstance(value, datetime) else value


def _month_start(value: date) -> date:
    day = _day(value)
    return date(day.year, day.month, 1)


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def _frequency_window(as_of: date, months: int) -> tuple[date, date]:
    """First and last month of the ``months`` complete calendar months before ``as_of``'s."""
    last = _add_months(_month_start(as_of), -1)
    return _add_months(last, -(months - 1)), last


def _paid(orders: Iterable[OrderRecord]) -> list[OrderRecord]:
    return [o for o in orders if o.paid]


# --------------------------------------------------------------------------- transaction behaviour

@_exact
def refund_rate(orders: Iterable[OrderRecord]) -> Decimal | None:
    """退货退款率 (return/refund rate), a share in [0, 1].

    ``paid orders with after-sale REFUNDING or REFUNDED ÷ paid orders``, over all orders
    passed in (the caller chooses the window).  Partial refunds count as refunded orders.
    None when there is no paid order.
    """
    paid = _paid(orders)
    return _rate(sum(1 for o in paid if o.refunded), len(paid))


@_exact
def refund_amount_rate(orders: Iterable[OrderRecord]) -> Decimal | None:
    """退款金额占比 (refunded money ÷ GMV), a share in [0, 1].

    ``Σ refund_amount ÷ Σ amount`` over paid orders, whatever their after-sale state; each
    order's refund is limited to ``[0, amount]``.  None when there is no paid order or the
    paid GMV is not positive.
    """
    paid = _paid(orders)
    gmv = sum((o.amount for o in paid), _ZERO)
    return _rate(sum((o.effective_refund for o in paid), _ZERO), gmv)


@_exact
def repurchase_rate(orders: Iterable[OrderRecord], *, as_of: date,
                    window_days: int = REPURCHASE_WINDOW_DAYS) -> Decimal | None:
    """复购率 (repurchase rate), a share in [0, 1].

    Among buyers (``buyer_key`` present) with at least one paid order placed in the window
    ``(as_of − window_days, as_of]`` (days; an order exactly ``window_days`` days before
    ``as_of`` is outside), the share with two or more such orders.  None when no paid order
    in the window has a buyer key (exports without buyer ids) or ``window_days < 1``.
    """
    if window_days < 1:
        return None
    end = _day(as_of)
    start = end - timedelta(days=window_days)
    counts: dict[str, int] = {}
    for o in orders:
        if o.paid and o.buyer_key is not None and start < _day(o.ordered_at) <= end:
            counts[o.buyer_key] = counts.get(o.buyer_key, 0) + 1
    return _rate(sum(1 for c in counts.values() if c >= 2), len(counts))


@_exact
def buyer_concentration(orders: Iterable[OrderRecord]) -> Concentration | None:
    """交易集中度 (transaction concentration) over buyers.

    For paid orders with a ``buyer_key``, each buyer's share s = buyer's Σ amount ÷ total
    Σ amount.  ``top_share`` = max s; ``hhi`` = Σ s² (Herfindahl–Hirschman index on a 0–1
    scale: 1/n for n equal buyers, 1 for a single buyer).  Both in [0, 1], 4 places.  Orders
    without a buyer key are left out; a negative amount (bad data) counts as 0.  None when no paid order has a buyer key or their
    total amount is not positive.
    """
    gmv: dict[str, Decimal] = {}
    for o in orders:
        if o.paid and o.buyer_key is not None:
            gmv[o.buyer_key] = gmv.get(o.buyer_key, _ZERO) + max(o.amount, _ZERO)
    total = sum(gmv.values(), _ZERO)
    if not gmv or total <= 0:
        return None
    top = _rate(max(gmv.values()), total)
    hhi = _rate(sum((g * g for g in gmv.values()), _ZERO), total * total)
    assert top is not None and hhi is not None
    return Concentration(top_share=top, hhi=hhi)


@_exact
def order_value_cv(orders: Iterable[OrderRecord]) -> Decimal | None:
    """客单价稳定性 (stability of the order value): coefficient of variation, 4 places.

    ``σ / μ`` of the amounts of paid orders, with σ the population standard deviation
    (divide by n).  0 means every order has the same value; lower is steadier.  None when
    there are fewer than 2 paid orders or their mean amount is not positive.
    """
    return _cv([o.amount for o in _paid(orders)], 2)


# --------------------------------------------------------------------------- fulfilment

@_exact
def on_time_shipping_rate(orders: Iterable[OrderRecord], *,
                          ship_within_hours: int = SHIP_WITHIN_HOURS) -> Decimal | None:
    """物流准时率 (on-time shipping rate, 物流时效达标率), a share in [0, 1].

    Among paid orders that were shipped (``shipped_at`` set), the share with
    ``shipped_at − ordered_at ≤ ship_within_hours`` (exactly 48 h is on time).  Orders not
    shipped yet are not counted.  None when no paid order has been shipped.
    """
    limit = timedelta(hours=ship_within_hours)
    shipped = [o for o in _paid(orders) if o.shipped_at is not None]
    on_time = sum(1 for o in shipped if o.shipped_at - o.ordered_at <= limit)  # type: ignore[operator]
    return _rate(on_time, len(shipped))


@_exact
def completion_rate(orders: Iterable[OrderRecord]) -> Decimal | None:
    """订单完成率 (order completion rate), a share in [0, 1].

    ``SIGNED or COMPLETED paid orders that are not refunded ÷ paid orders whose outcome is
    known``.  The outcome is unknown for PAID/SHIPPED orders still on their way unless they
    were already refunded (a refund is a known, failed outcome); CLOSED orders are known
    failures.  None when no paid order has a known outcome.
    """
    known = [o for o in _paid(orders) if o.status not in _IN_TRANSIT or o.refunded]
    done = sum(1 for o in known if o.status in _DONE and not o.refunded)
    return _rate(done, len(known))


@_exact
def after_sales_response_hours(orders: Iterable[OrderRecord]) -> Decimal | None:
    """售后响应时长 (after-sales response time) in hours, 1 place.

    The median of ``after_sale_responded_at − after_sale_requested_at`` over the orders
    (any status) having both times; a response recorded before the request is a data error
    and left out.  None when no order has both times.
    """
    spans = [Decimal(_span_us(o.after_sale_requested_at, o.after_sale_responded_at))
             for o in orders
             if o.after_sale_requested_at is not None and o.after_sale_responded_at is not None]
    spans = [s for s in spans if s >= 0]
    if not spans:
        return None
    return _q(_median(spans) / _US_PER_HOUR, _TENTH)


# --------------------------------------------------------------------------- cooperation stability

def shop_age_days(opened_on: date | None, *, as_of: date) -> int | None:
    """店铺经营时长 (shop age, 与平台合作存续期) in whole days.

    ``as_of − opened_on`` in days (dates of datetimes).  None when the opening date is
    unknown or lies after ``as_of``.
    """
    if opened_on is None:
        return None
    days = (_day(as_of) - _day(opened_on)).days
    return days if days >= 0 else None


def _frequency(monthly: Sequence[MonthlyTotal], as_of: date, months: int) -> Decimal | None:
    if months < 1:
        return None
    first, last = _frequency_window(as_of, months)
    if not any(m.month <= last for m in monthly):
        return None
    total = sum(max(m.orders, 0) for m in monthly if first <= m.month <= last)
    return _q(Decimal(total) / months, _CENT)


@_exact
def trading_frequency(orders: Iterable[OrderRecord], *, as_of: date,
                      months: int = FREQUENCY_MONTHS) -> Decimal | None:
    """交易频次 (trading frequency): paid orders per month, 2 places.

    ``paid orders placed in the window ÷ months``, where the window is the ``months``
    complete calendar months before the month of ``as_of`` (as_of 2024-07-10, 12 months:
    2023-07-01 … 2024-06-30; the running month is left out because it is not over).  Months
    before the shop's first order count as zero.  None when there is no paid order before
    the end of the window, or ``months < 1``.
    """
    return _frequency(monthly_sales(orders), as_of, months)


# --------------------------------------------------------------------------- operating health

@_exact
def monthly_sales(orders: Iterable[OrderRecord]) -> list[MonthlyTotal]:
    """Paid orders summed per calendar month of ``ordered_at`` (月度销售汇总).

    For each month: ``orders`` = number of paid orders, ``gmv`` = Σ amount, ``refunds`` =
    Σ refund (each limited to ``[0, amount]``, counted in the month the order was placed).
    Sorted by month; months without orders between the first and the last one are included
    with zeros (an export covers its whole period).  Empty list when there is no paid order.
    """
    by_month: dict[date, list[OrderRecord]] = {}
    for o in _paid(orders):
        by_month.setdefault(_month_start(o.ordered_at), []).append(o)
    if not by_month:
        return []
    result: list[MonthlyTotal] = []
    month, last = min(by_month), max(by_month)
    while month <= last:
        rows = by_month.get(month, [])
        result.append(MonthlyTotal(
            month=month, orders=len(rows),
            gmv=sum((o.amount for o in rows), _ZERO),
            refunds=sum((o.effective_refund for o in rows), _ZERO)))
        month = _add_months(month, 1)
    return result


def merge_monthly(imported: Iterable[MonthlyTotal],
                  typed: Iterable[MonthlyTotal]) -> list[MonthlyTotal]:
    """Combine order-derived months with months typed in by staff (手工录入).

    Rule: orders win.  A typed month is used only when the imported series has no orders
    for that month (the month is absent, or present with ``orders == 0``, e.g. a zero-filled
    gap); otherwise the typed row is ignored.  When the same month is typed twice, the later
    row wins.  The result is sorted by month and holds only months found in either input:
    a month in neither is unknown and stays out (it is *not* filled with zeros).
    """
    merged: dict[date, MonthlyTotal] = {}
    for m in imported:
        merged[m.month] = m
    has_orders = {month for month, m in merged.items() if m.orders > 0}
    for m in typed:
        if m.month not in has_orders:
            merged[m.month] = m
    return [merged[month] for month in sorted(merged)]


def combine_shops(shops: Iterable[tuple[Iterable[OrderRecord], Iterable[MonthlyTotal]]]
                  ) -> list[MonthlyTotal]:
    """A farmer's monthly sales over all their shops: each shop's own months first
    (:func:`merge_monthly` of its orders and its typed months), then added up per month.

    Merging the shops' typed months in one list instead would let one shop's typed month
    replace another's, or a month of imported orders in one shop hide a month typed for
    another shop.
    """
    per_month: dict[date, list[MonthlyTotal]] = {}
    for orders, typed in shops:
        for m in merge_monthly(monthly_sales(orders), typed):
            per_month.setdefault(m.month, []).append(m)
    return [MonthlyTotal(month=month, orders=sum(m.orders for m in rows),
                         gmv=sum((m.gmv for m in rows), _ZERO),
                         refunds=sum((m.refunds for m in rows), _ZERO))
            for month, rows in sorted(per_month.items())]


@_exact
def cash_flow_cv(monthly: Iterable[MonthlyTotal]) -> Decimal | None:
    """现金流稳定性 (cash-flow stability): coefficient of variation of monthly net sales.

    ``σ / μ`` (population σ) of ``gmv − refunds`` over the months given (the caller picks the
    window; :func:`compute_indicators` uses the last 12 complete months), 4 places; lower is
    steadier.  None when fewer than 3 months are given or the mean is not positive.
    """
    return _cv([m.net for m in monthly], 3)


@_exact
def settlement_days(orders: Iterable[OrderRecord]) -> Decimal | None:
    """回款周期 (settlement days, 应收账款周转天数), 1 place.

    The mean of ``settled_at − signed_at`` in days over the orders having both times (the
    platform pays the shop out after the buyer signs); a settlement recorded before the
    signature is a data error and left out.  None when no order has both times.
    """
    spans = [Decimal(_span_us(o.signed_at, o.settled_at)) for o in orders
             if o.signed_at is not None and o.settled_at is not None]
    spans = [s for s in spans if s >= 0]
    if not spans:
        return None
    return _q(sum(spans, _ZERO) / len(spans) / _US_PER_DAY, _TENTH)


# --------------------------------------------------------------------------- entry point

@dataclass(frozen=True)
class SalesIndicators:
    """All sales indicators of one shop (or a farmer's shops together) on ``as_of``.

    Every indicator is None when there is not enough data (the scorecard's missing bin).
    ``paid_orders`` counts the paid orders in the rate window, ``net_sales_12m`` is
    Σ (gmv − refunds) over the frequency window (verifiable online income), and ``monthly``
    the monthly totals the frequency, cash-flow and net-sales figures come from.
    """

    as_of: date
    paid_orders: int
    refund_rate: Decimal | None
    refund_amount_rate: Decimal | None
    repurchase_rate: Decimal | None
    buyer_concentration: Concentration | None
    order_value_cv: Decimal | None
    on_time_shipping_rate: Decimal | None
    completion_rate: Decimal | None
    after_sales_response_hours: Decimal | None
    shop_age_days: int | None
    trading_frequency: Decimal | None
    cash_flow_cv: Decimal | None
    settlement_days: Decimal | None
    net_sales_12m: Decimal | None
    monthly: tuple[MonthlyTotal, ...] = ()

    def values(self) -> dict[str, Decimal | int | None]:
        """Flat ``{variable: value}`` for the scorecard (concentration split in two)."""
        c = self.buyer_concentration
        return {
            "paid_orders": self.paid_orders,
            "refund_rate": self.refund_rate,
            "refund_amount_rate": self.refund_amount_rate,
            "repurchase_rate": self.repurchase_rate,
            "buyer_top_share": c.top_share if c else None,
            "buyer_hhi": c.hhi if c else None,
            "order_value_cv": self.order_value_cv,
            "on_time_shipping_rate": self.on_time_shipping_rate,
            "completion_rate": self.completion_rate,
            "after_sales_response_hours": self.after_sales_response_hours,
            "shop_age_days": self.shop_age_days,
            "trading_frequency": self.trading_frequency,
            "cash_flow_cv": self.cash_flow_cv,
            "settlement_days": self.settlement_days,
            "net_sales_12m": self.net_sales_12m,
        }


@_exact
def compute_indicators(orders: Iterable[OrderRecord], monthly_typed: Iterable[MonthlyTotal],
                       *, opened_on: date | None, as_of: date,
                       monthly: Iterable[MonthlyTotal] | None = None) -> SalesIndicators:
    """Every sales indicator of a shop as of ``as_of`` — the scorecard's entry point.

    Windows (orders placed after ``as_of`` are ignored everywhere):

    * order rates (refund, refund amount, concentration, order-value CV, shipping,
      completion, after-sales, settlement): orders placed in ``(as_of − 365 days, as_of]``;
    * repurchase rate: ``(as_of − 180 days, as_of]``;
    * trading frequency, cash-flow CV and 12-month net sales: the 12 complete calendar months
      before the month of ``as_of``, from ``merge_monthly(monthly_sales(orders),
      monthly_typed)``, so staff-typed months count where no orders were imported.  Trading
      frequency is Σ orders of those months ÷ 12 (None when no month of data ends before the
      window does); the cash-flow CV uses the months of the window that have data.

    A farmer with several shops passes ``monthly`` = :func:`combine_shops` (the shops' months
    merged shop by shop, then added up); ``monthly_typed`` is then not used.
    """
    end = _day(as_of)
    orders = [o for o in orders if _day(o.ordered_at) <= end]
    start = end - timedelta(days=RATE_WINDOW_DAYS)
    recent = [o for o in orders if _day(o.ordered_at) > start]

    first, last = _frequency_window(end, FREQUENCY_MONTHS)
    merged = (merge_monthly(monthly_sales(orders), monthly_typed) if monthly is None
              else list(monthly))
    window = tuple(m for m in merged if first <= m.month <= last)
    frequency = _frequency(merged, end, FREQUENCY_MONTHS)
    net = sum((m.net for m in window), _ZERO) if frequency is not None else None

    return SalesIndicators(
        as_of=end,
        paid_orders=len(_paid(recent)),
        refund_rate=refund_rate(recent),
        refund_amount_rate=refund_amount_rate(recent),
        repurchase_rate=repurchase_rate(orders, as_of=end),
        buyer_concentration=buyer_concentration(recent),
        order_value_cv=order_value_cv(recent),
        on_time_shipping_rate=on_time_shipping_rate(recent),
        completion_rate=completion_rate(recent),
        after_sales_response_hours=after_sales_response_hours(recent),
        shop_age_days=shop_age_days(opened_on, as_of=end),
        trading_frequency=frequency,
        cash_flow_cv=cash_flow_cv(window),
        settlement_days=settlement_days(recent),
        net_sales_12m=net,
        monthly=window,
    )

"""Loan quotes (贷款试算): eligibility with every reason, amount, term, schedule, annualized rate.

Pure functions the service layer feeds with the farmer's score, debts, plots and orders.
Nothing here reads the clock: the disbursement date is an input.

Amount (both kinds)::

    credit room = max(0, credit_limit − existing_debt)
    max_amount  = min(kind cap, credit room, product max) rounded DOWN to the product's
                  amount step (100 元)
    amount      = min(requested or max_amount, max_amount) rounded DOWN to the step

where the kind cap is planted area × input cost per mu (种植贷, 农资贷) or
``max_share_of_orders`` (80 %) × the value of the eligible orders (订单贷, 预收款融资).

A quote is *eligible* when it has no ``reasons``.  Every reason found is listed (grade,
exhausted limit, requested amount above each cap or below the product minimum, the possible
amount below the minimum, requested term outside the product bounds, missing cooperative
guarantee or weather insurance, method not offered, dates that make no sense).  A refused
quote still carries ``max_amount``/``amount`` (what could be granted) but no schedule.
``notes`` explain what the quote did without refusing (amount lowered to a cap, term
raised or capped, insurance discount, orders left out).

Term: 种植贷 from disbursement to expected harvest + sales window, in whole months rounded
up, then raised to the product minimum or capped at the product maximum (with a note: the
loan then falls due before the sales window ends).  订单贷 to the latest expected settlement
of the eligible orders + the product's grace days, rounded up; raised to the minimum, but a
term above the product maximum is refused (the orders would settle after the loan is due).
``requested_term_months`` overrides the computed term and must lie within the bounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Iterable

from station_app.domain.loans.products import (
    FARM_INPUT,
    ORDER,
    PLANTING,
    PREPAYMENT,
    LoanProduct,
)
from station_app.domain.loans.schedule import (
    FEN,
    METHOD_LABELS,
    Installment,
    LoanInputError,
    _amount,
    _day,
    add_months,
    annualized_rate,
    build_schedule,
    months_to_cover,
    total_interest,
)
from station_app.domain.messages import Message
from station_app.domain.sales import AfterSale, OrderStatus

__all__ = [
    "ELIGIBLE_ORDER_STATUSES",
    "OrderForLoan",
    "Quote",
    "quote_order_loan",
    "quote_planting_loan",
]

#: Confirmed (paid on the platform) and not yet settled to the seller: 已付款/待发货, 已发货,
#: 已签收.  ``completed`` (交易成功) means the platform has paid the seller: already settled.
ELIGIBLE_ORDER_STATUSES = frozenset({OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.SIGNED})
_REFUNDING = frozenset({AfterSale.REQUESTED, AfterSale.REFUNDING, AfterSale.REFUNDED})
_ZERO = Decimal("0.00")


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


@dataclass(frozen=True)
class OrderForLoan:
    """A platform order offered as the basis of an order loan.

    ``status`` is an :class:`~station_app.domain.sales.OrderStatus` (or its value);
    ``expected_settlement`` is when the platform should pay the seller (回款日).  An order
    with an after-sale request or refund (``after_sale``) does not count.
    """

    order_id: str
    amount: Decimal
    status: OrderStatus | str
    expected_settlement: date
    after_sale: AfterSale | str = AfterSale.NONE

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _amount(self.amount, name_zh="订单金额",
                                                   name_en="order amount", allow_zero=True))
        object.__setattr__(self, "status", OrderStatus(self.status))
        object.__setattr__(self, "after_sale", AfterSale(self.after_sale))
        object.__setattr__(self, "expected_settlement",
                           _day(self.expected_settlement, "expected_settlement"))


@dataclass(frozen=True)
class Quote:
    """The result of a quote; money in yuan (Decimal, fen), rates as fractions."""

    product_id: str
    kind: str
    eligible: bool
    reasons: tuple[Message, ...]
    notes: tuple[Message, ...]
    amount: Decimal
    max_amount: Decimal
    caps: dict[str, Decimal]
    term_months: int
    method: str
    annual_rate: Decimal
    fees: Decimal
    disbursement: date
    maturity: date
    schedule: tuple[Installment, ...] = ()
    annualized_rate: Decimal | None = None
    total_interest: Decimal = _ZERO
    total_repayment: Decimal = _ZERO
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    @property
    def note_codes(self) -> tuple[str, ...]:
        return tuple(n.code for n in self.notes)

    @property
    def method_label(self) -> Message:
        return METHOD_LABELS[self.method]


# --------------------------------------------------------------------------- helpers

class _Reasons:
    def __init__(self) -> None:
        self.reasons: list[Message] = []
        self.notes: list[Message] = []

    def refuse(self, code: str, zh: str, en: str) -> None:
        self.reasons.append(Message(f"quote.{code}", zh, en))

    def note(self, code: str, zh: str, en: str) -> None:
        self.notes.append(Message(f"quote.{code}", zh, en))


def _money_in(value: object, zh: str, en: str) -> Decimal:
    return _amount(value, name_zh=zh, name_en=en, allow_zero=True)


def _quantity(value: object, zh: str, en: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{en} must be a Decimal (or int), not {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite() or number < 0:
        raise LoanInputError(Message("loan.quantity_negative", f"{zh}不能为负数（现在是 {value}）",
                                     f"The {en} must not be negative (it is {value})"))
    return number


def _floor_step(amount: Decimal, step: Decimal) -> Decimal:
    return ((amount / step).to_integral_value(rounding=ROUND_DOWN) * step).quantize(FEN)


def _cap_text(name: str, product: LoanProduct) -> tuple[str, str]:
    """How a cap is named in a reason: (zh, en)."""
    if name == "orders":
        share = f"{(product.max_share_of_orders * 100).normalize():f}%"
        return f"可用订单金额的 {share}", f"{share} of the eligible orders"
    return {
        "area": ("种植面积×每亩投入", "planted area × input cost per mu"),
        "credit_room": ("剩余授信额度（信用额度减现有贷款余额）",
                        "the credit still available (limit minus existing debt)"),
        "product_max": ("产品最高金额", "the product maximum"),
    }[name]


def _common_checks(r: _Reasons, product: LoanProduct, *, score_grade: str | None,
                   credit_limit: Decimal, existing_debt: Decimal, method: str,
                   has_coop_guarantee: bool, has_weather_insurance: bool) -> None:
    if score_grade is None:
        r.refuse("no_score", "还没有信用评分，请先为农户评分",
                 "There is no credit score yet; score the farmer first")
    elif score_grade not in product.eligible_grades:
        allowed = "、".join(product.eligible_grades)
        r.refuse("grade_not_eligible",
                 f"信用等级 {score_grade} 不能申请{product.name_zh}（可申请的等级：{allowed}）",
                 f"Credit grade {score_grade} may not apply for {product.name_en} "
                 f"(eligible grades: {', '.join(product.eligible_grades)})")
    if credit_limit - existing_debt <= 0:
        r.refuse("limit_exhausted",
                 f"信用额度 {_yuan(credit_limit)} 元已被现有贷款余额 {_yuan(existing_debt)} 元用完",
                 f"The credit limit of {_yuan(credit_limit)} yuan is used up by existing debt "
                 f"of {_yuan(existing_debt)} yuan")
    if method not in product.methods:
        offered = "、".join(str(METHOD_LABELS[m]) for m in product.methods)
        label = METHOD_LABELS.get(method, method)
        r.refuse("method_not_offered", f"{product.name_zh}不提供“{label}”还款方式（可选：{offered}）",
                 f"{product.name_en} does not offer the repayment method {method!r} "
                 f"(offered: {', '.join(product.methods)})")
    if product.requires_coop_guarantee and not has_coop_guarantee:
        r.refuse("guarantee_missing", f"{product.name_zh}需要合作社担保，目前没有",
                 f"{product.name_en} requires a cooperative guarantee, which is missing")
    if product.requires_weather_insurance and not has_weather_insurance:
        r.refuse("insurance_missing", f"{product.name_zh}需要先投保气象指数保险",
                 f"{product.name_en} requires weather-index insurance first")


def _amounts(r: _Reasons, product: LoanProduct, caps: dict[str, Decimal],
             requested: Decimal | None) -> tuple[Decimal, Decimal]:
    """(max_amount, amount) and the amount reasons/notes."""
    binding = min(caps, key=lambda k: caps[k])
    max_amount = _floor_step(min(caps.values()), product.amount_step)
    if requested is not None:
        for name, cap in caps.items():
            if requested > cap and not (name == "credit_room" and cap <= 0):
                zh, en = _cap_text(name, product)
                r.refuse(f"above_{name}",
                         f"申请金额 {_yuan(requested)} 元超过{zh} {_yuan(cap)} 元",
                         f"The requested {_yuan(requested)} yuan exceeds {en} "
                         f"({_yuan(cap)} yuan)")
        if requested < product.amount_min:
            r.refuse("below_min", f"申请金额 {_yuan(requested)} 元低于产品最低金额 "
                     f"{_yuan(product.amount_min)} 元",
                     f"The requested {_yuan(requested)} yuan is below the product minimum "
                     f"of {_yuan(product.amount_min)} yuan")
    amount = _floor_step(min(requested if requested is not None else max_amount, max_amount),
                         product.amount_step)
    nothing_to_lend_against = any(m.code == "quote.no_eligible_orders" for m in r.reasons)
    if max_amount < product.amount_min and caps["credit_room"] > 0 and not (
            nothing_to_lend_against or (requested is not None
                                        and requested < product.amount_min)):
        zh, en = _cap_text(binding, product)
        r.refuse("possible_below_min",
                 f"最多只能贷 {_yuan(max_amount)} 元（受{zh}限制），低于产品最低金额 "
                 f"{_yuan(product.amount_min)} 元",
                 f"At most {_yuan(max_amount)} yuan can be lent (limited by {en}), below the "
                 f"product minimum of {_yuan(product.amount_min)} yuan")
    if requested is not None and amount < requested and not r.reasons:
        r.note("amount_rounded", f"金额按 {_yuan(product.amount_step)} 元取整为 {_yuan(amount)} 元",
               f"The amount is rounded down to whole {_yuan(product.amount_step)} yuan: "
               f"{_yuan(amount)} yuan")
    return max_amount, amount


def _term(r: _Reasons, product: LoanProduct, natural: int, requested: int | None, *,
          cap_long: bool) -> int:
    lo, hi = product.term_months_min, product.term_months_max
    if requested is not None:
        if isinstance(requested, bool) or not isinstance(requested, int):
            raise TypeError(f"requested_term_months must be an int, not {requested!r}")
        if not lo <= requested <= hi:
            r.refuse("term_out_of_bounds",
                     f"期限 {requested} 个月不在产品允许的 {lo}–{hi} 个月之内",
                     f"A term of {requested} months is outside the product's {lo}–{hi} months")
        elif requested < natural:
            r.note("term_before_repayment_source",
                   f"所选期限 {requested} 个月早于还款来源到位（需要 {natural} 个月）",
                   f"The chosen term of {requested} months ends before the repayment source "
                   f"arrives ({natural} months needed)")
        return requested
    if natural < lo:
        r.note("term_raised", f"期限按产品最短期限定为 {lo} 个月（按收成或回款只需 {natural} 个月）",
               f"The term is set to the product minimum of {lo} months (only {natural} needed)")
        return lo
    if natural > hi:
        if cap_long:
            r.note("term_capped",
                   f"期限按产品最长期限定为 {hi} 个月，早于收成卖完（需要 {natural} 个月），"
                   "到期时可能要用其他收入还款",
                   f"The term is capped at the product maximum of {hi} months, before the "
                   f"harvest is sold ({natural} months needed); repayment may need other income")
            return hi
        r.refuse("term_out_of_bounds",
                 f"订单最晚回款加宽限期需要 {natural} 个月，超过产品最长期限 {hi} 个月，"
                 "请去掉回款太晚的订单",
                 f"The latest settlement plus grace needs {natural} months, beyond the product "
                 f"maximum of {hi} months; leave out the orders that settle too late")
        return hi
    return natural


def _finish(r: _Reasons, product: LoanProduct, *, caps: dict[str, Decimal],
            requested: Decimal | None, natural_term: int, requested_term: int | None,
            cap_long: bool, method: str, has_weather_insurance: bool, disbursement: date,
            inputs: dict[str, Any]) -> Quote:
    max_amount, amount = _amounts(r, product, caps, requested)
    term = _term(r, product, natural_term, requested_term, cap_long=cap_long)
    rate = product.annual_rate
    if has_weather_insurance and product.insurance_rate_discount > 0:
        rate = product.annual_rate - product.insurance_rate_discount
        r.note("insurance_discount",
               f"已投保气象指数保险，年利率优惠 {product.insurance_rate_discount * 100:.2f} 个百分点",
               f"Weather-index insurance: the annual rate is "
               f"{product.insurance_rate_discount * 100:.2f} points lower")
    fees = (product.fee_fixed + amount * product.fee_rate).quantize(FEN, rounding=ROUND_HALF_UP)
    if amount > 0 and fees >= amount:
        r.refuse("fees_exceed_amount", f"费用 {_yuan(fees)} 元不少于贷款金额 {_yuan(amount)} 元",
                 f"The fees ({_yuan(fees)} yuan) are not less than the amount "
                 f"({_yuan(amount)} yuan)")
    maturity = add_months(disbursement, term)
    quote = dict(product_id=product.id, kind=product.kind, reasons=tuple(r.reasons),
                 notes=tuple(r.notes), amount=amount, max_amount=max_amount, caps=dict(caps),
                 term_months=term, method=method, annual_rate=rate, fees=fees,
                 disbursement=disbursement, maturity=maturity, inputs=inputs)
    if r.reasons or amount <= 0:
        return Quote(eligible=False, **quote)  # type: ignore[arg-type]
    schedule = build_schedule(amount, rate, term, method, disbursement)
    interest = total_interest(schedule)
    return Quote(eligible=True, schedule=tuple(schedule),
                 annualized_rate=annualized_rate(amount, schedule, fees),
                 total_interest=interest, total_repayment=amount + interest,
                 **quote)  # type: ignore[arg-type]


def _base_inputs(product: LoanProduct, score_grade: str | None, credit_limit: Decimal,
                 existing_debt: Decimal, requested: Decimal | None, method: str,
                 has_coop_guarantee: bool, has_weather_insurance: bool, disbursement: date,
                 requested_term: int | None) -> dict[str, Any]:
    return {
        "product_id": product.id, "score_grade": score_grade,
        "credit_limit": str(credit_limit), "existing_debt": str(existing_debt),
        "requested_amount": None if requested is None else str(requested),
        "method": method, "has_coop_guarantee": has_coop_guarantee,
        "has_weather_insurance": has_weather_insurance,
        "disbursement": disbursement.isoformat(), "requested_term_months": requested_term,
    }


def _check_kind(product: LoanProduct, kinds: Iterable[str], function: str) -> None:
    kinds = tuple(kinds)
    if product.kind not in kinds:
        raise ValueError(f"{function} quotes products of kind {', '.join(kinds)}, "
                         f"not {product.kind!r} ({product.id})")


# --------------------------------------------------------------------------- quotes

def quote_planting_loan(product: LoanProduct, *, score_grade: str | None,
                        credit_limit: Decimal, planted_area_mu: Decimal,
                        input_cost_per_mu: Decimal, disbursement: date, expected_harvest: date,
                        existing_debt: Decimal = Decimal(0),
                        requested_amount: Decimal | None = None, method: str | None = None,
                        has_coop_guarantee: bool = False, has_weather_insurance: bool = False,
                        sales_window_days: int | None = None,
                        requested_term_months: int | None = None) -> Quote:
    """Quote a 种植贷 (or 农资贷): amount ≤ area × cost per mu, term to harvest + sales window.

    ``sales_window_days`` defaults to the product's (the crop calendar's own window may be
    passed instead).  ``method`` defaults to the product's default method.
    """
    _check_kind(product, (PLANTING, FARM_INPUT), "quote_planting_loan")
    credit_limit = _money_in(credit_limit, "信用额度", "credit limit")
    existing_debt = _money_in(existing_debt, "现有贷款余额", "existing debt")
    requested = None if requested_amount is None else _money_in(
        requested_amount, "申请金额", "requested amount")
    area = _quantity(planted_area_mu, "种植面积", "planted area")
    cost = _quantity(input_cost_per_mu, "每亩投入", "input cost per mu")
    disbursement = _day(disbursement, "disbursement")
    harvest = _day(expected_harvest, "expected_harvest")
    window = product.sales_window_days if sales_window_days is None else sales_window_days
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise TypeError(f"sales_window_days must be an int >= 0, not {window!r}")
    method = product.default_method if method is None else method

    r = _Reasons()
    _common_checks(r, product, score_grade=score_grade, credit_limit=credit_limit,
                   existing_debt=existing_debt, method=method,
                   has_coop_guarantee=has_coop_guarantee,
                   has_weather_insurance=has_weather_insurance)
    if harvest <= disbursement:
        r.refuse("harvest_not_after_disbursement",
                 f"预计收获日 {harvest.isoformat()} 不晚于放款日 {disbursement.isoformat()}",
                 f"The expected harvest ({harvest.isoformat()}) is not after the disbursement "
                 f"({disbursement.isoformat()})")
    sales_end = harvest + timedelta(days=window)
    natural = months_to_cover(disbursement, max(sales_end, disbursement))
    caps = {
        "area": (area * cost).quantize(FEN, rounding=ROUND_HALF_UP),
        "credit_room": max(credit_limit - existing_debt, _ZERO),
        "product_max": product.amount_max,
    }
    inputs = _base_inputs(product, score_grade, credit_limit, existing_debt, requested, method,
                          has_coop_guarantee, has_weather_insurance, disbursement,
                          requested_term_months)
    inputs.update({"planted_area_mu": str(area), "input_cost_per_mu": str(cost),
                   "expected_harvest": harvest.isoformat(), "sales_window_days": window,
                   "sales_window_end": sales_end.isoformat()})
    return _finish(r, product, caps=caps, requested=requested, natural_term=natural,
                   requested_term=requested_term_months, cap_long=True, method=method,
                   has_weather_insurance=has_weather_insurance, disbursement=disbursement,
                   inputs=inputs)



def quote_order_loan(product: LoanProduct, *, score_grade: str | None, credit_limit: Decimal,
                     orders: Iterable[OrderForLoan], disbursement: date,
                     existing_debt: Decimal = Decimal(0),
                     requested_amount: Decimal | None = None, method: str | None = None,
                     has_coop_guarantee: bool = False, has_weather_insurance: bool = False,
                     requested_term_months: int | None = None) -> Quote:
    """Quote a 订单贷 (or 预收款融资) against confirmed, unsettled orders.

    Orders count when their status is in :data:`ELIGIBLE_ORDER_STATUSES`, they have no
    after-sale request or refund, a positive amount, and an expected settlement on or after
    the disbursement; each order left out gets a note.  An order id given twice counts once.
    ``method`` defaults to the product's default (利随本清 ``bullet`` in the shipped catalogue).
    """
    _check_kind(product, (ORDER, PREPAYMENT), "quote_order_loan")
    credit_limit = _money_in(credit_limit, "信用额度", "credit limit")
    existing_debt = _money_in(existing_debt, "现有贷款余额", "existing debt")
    requested = None if requested_amount is None else _money_in(
        requested_amount, "申请金额", "requested amount")
    disbursement = _day(disbursement, "disbursement")
    method = product.default_method if method is None else method

    r = _Reasons()
    _common_checks(r, product, score_grade=score_grade, credit_limit=credit_limit,
                   existing_debt=existing_debt, method=method,
                   has_coop_guarantee=has_coop_guarantee,
                   has_weather_insurance=has_weather_insurance)
    eligible: dict[str, OrderForLoan] = {}
    seen: set[str] = set()
    for order in orders:
        if not isinstance(order, OrderForLoan):
            raise TypeError(f"orders must be OrderForLoan, not {type(order).__name__}")
        oid = order.order_id
        if oid in seen:
            r.note("order_duplicate", f"订单 {oid} 重复，只算一次",
                   f"Order {oid} is listed twice and counts once")
            continue
        seen.add(oid)
        if order.status not in ELIGIBLE_ORDER_STATUSES:
            r.note("order_not_eligible", f"订单 {oid} 的状态是“{order.status.value}”，"
                   "只有已付款、未回款的订单（paid、shipped、signed）才算",
                   f"Order {oid} has status {order.status.value!r}; only confirmed, unsettled "
                   "orders (paid, shipped, signed) count")
        elif order.after_sale in _REFUNDING:
            r.note("order_refunding", f"订单 {oid} 有售后或退款，不算",
                   f"Order {oid} has an after-sale request or refund and does not count")
        elif order.amount <= 0:
            r.note("order_zero", f"订单 {oid} 金额为 0，不算", f"Order {oid} has no amount")
        elif order.expected_settlement < disbursement:
            r.note("order_settlement_past",
                   f"订单 {oid} 预计回款日 {order.expected_settlement.isoformat()} 早于放款日，不算",
                   f"Order {oid} should have settled on {order.expected_settlement.isoformat()}, "
                   "before the disbursement; it does not count")
        else:
            eligible[oid] = order
    value = sum((o.amount for o in eligible.values()), _ZERO)
    if not eligible:
        r.refuse("no_eligible_orders", "没有可用的订单：需要已付款、还没回款的订单",
                 "No eligible orders: confirmed orders that have not settled are needed")
        natural = product.term_months_min
        latest = None
    else:
        latest = max(o.expected_settlement for o in eligible.values())
        natural = months_to_cover(disbursement, latest + timedelta(days=product.grace_days))
    caps = {
        "orders": (value * product.max_share_of_orders).quantize(FEN, rounding=ROUND_DOWN),
        "credit_room": max(credit_limit - existing_debt, _ZERO),
        "product_max": product.amount_max,
    }
    inputs = _base_inputs(product, score_grade, credit_limit, existing_debt, requested, method,
                          has_coop_guarantee, has_weather_insurance, disbursement,
                          requested_term_months)
    inputs.update({
        "orders": [{"order_id": o.order_id, "amount": str(o.amount), "status": o.status.value,
                    "expected_settlement": o.expected_settlement.isoformat()}
                   for o in eligible.values()],
        "eligible_order_value": str(value),
        "latest_settlement": latest.isoformat() if latest else None,
        "grace_days": product.grace_days,
        "max_share_of_orders": str(product.max_share_of_orders),
    })
    return _finish(r, product, caps=caps, requested=requested, natural_term=natural,
                   requested_term=requested_term_months, cap_long=False, method=method,
                   has_weather_insurance=has_weather_insurance, disbursement=disbursement,
                   inputs=inputs)

"""Tests for station_app.domain.sales (the order-based scorecard variables of seed 000, 表 3).

Every expected number is worked out by hand in a comment next to it; the ``EXAMPLE`` order
list is the worked example of docs/indicators.md.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.sales import (
    AfterSale,
    Concentration,
    MonthlyTotal,
    OrderRecord,
    OrderStatus,
    SalesIndicators,
    after_sales_response_hours,
    buyer_concentration,
    cash_flow_cv,
    completion_rate,
    compute_indicators,
    merge_monthly,
    monthly_sales,
    on_time_shipping_rate,
    order_value_cv,
    refund_amount_rate,
    refund_rate,
    repurchase_rate,
    settlement_days,
    shop_age_days,
    trading_frequency,
)

S = OrderStatus
A = AfterSale
T0 = datetime(2024, 3, 1, 10, 0)


def order(n: int | str = 1, amount: str | int = "10.00", *, at: datetime = T0,
          **kw: object) -> OrderRecord:
    return OrderRecord(order_id=f"O{n}", ordered_at=at, amount=D(str(amount)), **kw)  # type: ignore[arg-type]


def dt(*args: int) -> datetime:
    return datetime(*args)


# --------------------------------------------------------------------------- the worked example

AS_OF = date(2024, 7, 10)
OPENED = date(2022, 3, 15)
EXAMPLE = [
    OrderRecord("O1", dt(2024, 3, 5, 10), D("50.00"), status=S.COMPLETED, buyer_key="A",
                shipped_at=dt(2024, 3, 6, 9), signed_at=dt(2024, 3, 8, 10),
                settled_at=dt(2024, 3, 18, 10)),
    OrderRecord("O2", dt(2024, 3, 20, 8), D("30.00"), status=S.COMPLETED, buyer_key="B",
                shipped_at=dt(2024, 3, 23, 8), signed_at=dt(2024, 3, 25, 8),
                settled_at=dt(2024, 4, 1, 8)),
    OrderRecord("O3", dt(2024, 4, 2, 12), D("80.00"), status=S.SIGNED, buyer_key="A",
                shipped_at=dt(2024, 4, 4, 12), signed_at=dt(2024, 4, 6, 12)),
    OrderRecord("O4", dt(2024, 4, 15, 9), D("40.00"), status=S.CLOSED, buyer_key="C",
                shipped_at=dt(2024, 4, 16, 9), signed_at=dt(2024, 4, 18, 9),
                after_sale=A.REFUNDED, after_sale_requested_at=dt(2024, 4, 19, 9),
                after_sale_responded_at=dt(2024, 4, 19, 15), refund_amount=D("40.00")),
    OrderRecord("O5", dt(2024, 5, 1, 10), D("60.00"), status=S.COMPLETED, buyer_key="B",
                shipped_at=dt(2024, 5, 2, 10), signed_at=dt(2024, 5, 4, 10),
                settled_at=dt(2024, 5, 9, 10), after_sale=A.REFUNDED,
                after_sale_requested_at=dt(2024, 5, 5, 10),
                after_sale_responded_at=dt(2024, 5, 6, 12), refund_amount=D("20.00")),
    OrderRecord("O6", dt(2024, 7, 6, 14), D("100.00"), status=S.SHIPPED, buyer_key="D",
                shipped_at=dt(2024, 7, 8, 15)),
    OrderRecord("O7", dt(2024, 7, 9, 10), D("40.00"), status=S.PAID, buyer_key="A",
                after_sale=A.REQUESTED, after_sale_requested_at=dt(2024, 7, 9, 20)),
    OrderRecord("O8", dt(2024, 6, 10, 10), D("100.00"), status=S.COMPLETED,
                shipped_at=dt(2024, 6, 11, 8), signed_at=dt(2024, 6, 13, 10),
                settled_at=dt(2024, 6, 20, 10)),
    OrderRecord("O9", dt(2024, 6, 26, 9), D("70.00"), status=S.CANCELLED, buyer_key="C"),
    OrderRecord("O10", dt(2024, 6, 28, 9), D("25.00"), status=S.PENDING_PAYMENT, buyer_key="D"),
]
TYPED = [
    MonthlyTotal(date(2024, 1, 1), orders=3, gmv=D("90.00"), refunds=D("0")),
    MonthlyTotal(date(2024, 4, 1), orders=5, gmv=D("300.00"), refunds=D("10.00")),
]
# Paid: O1–O8 (O9 cancelled, O10 unpaid); paid GMV = 50+30+80+40+60+100+40+100 = 500.


def test_example_refund_rate() -> None:
    # O4 and O5 refunded, of 8 paid orders: 2/8 = 0.2500
    assert refund_rate(EXAMPLE) == D("0.2500")


def test_example_refund_amount_rate() -> None:
    # refunds 40 + 20 = 60 of paid GMV 500: 60/500 = 0.1200
    assert refund_amount_rate(EXAMPLE) == D("0.1200")


def test_example_repurchase_rate() -> None:
    # window (2024-01-12, 2024-07-10]: A has O1,O3,O7 (3); B O2,O5 (2); C O4 (O9 cancelled);
    # D O6 (O10 unpaid) → buyers with ≥2 orders: A, B → 2/4 = 0.5000
    assert repurchase_rate(EXAMPLE, as_of=AS_OF) == D("0.5000")


def test_example_buyer_concentration() -> None:
    # keyed paid GMV: A 50+80+40 = 170, B 30+60 = 90, C 40, D 100; total 400 (O8 has no key)
    # top = 170/400 = 0.4250; HHI = (170²+90²+40²+100²)/400² = 48600/160000 = 0.30375 → 0.3038
    assert buyer_concentration(EXAMPLE) == Concentration(D("0.4250"), D("0.3038"))


def test_example_order_value_cv() -> None:
    # amounts 50,30,80,40,60,100,40,100: mean 500/8 = 62.5
    # squared deviations 156.25+1056.25+306.25+506.25+6.25+1406.25+506.25+1406.25 = 5350
    # σ = √(5350/8) = √668.75 = 25.8602…; CV = 25.8602/62.5 = 0.41376… → 0.4138
    assert order_value_cv(EXAMPLE) == D("0.4138")


def test_example_on_time_shipping_rate() -> None:
    # shipped: O1 23h ✓, O2 72h ✗, O3 48h ✓ (limit inclusive), O4 24h ✓, O5 24h ✓, O6 49h ✗,
    # O8 22h ✓ (O7 not shipped) → 5/7 = 0.714285… → 0.7143
    assert on_time_shipping_rate(EXAMPLE) == D("0.7143")


def test_example_completion_rate() -> None:
    # known outcome: O1 O2 O5 O8 (completed), O3 (signed), O4 (closed) = 6; O6/O7 in transit
    # done and not refunded: O1 O2 O3 O8 = 4 (O5 refunded) → 4/6 = 0.6667
    assert completion_rate(EXAMPLE) == D("0.6667")


def test_example_after_sales_response_hours() -> None:
    # O4 09:00→15:00 = 6 h, O5 05-05 10:00→05-06 12:00 = 26 h (O7 has no response yet)
    # median of (6, 26) = 16.0
    assert after_sales_response_hours(EXAMPLE) == D("16.0")


def test_example_shop_age_days() -> None:
    # 2022-03-15 → 2024-03-15 = 731 days (incl. 2024-02-29), + 16 (rest of March) + 30 + 31
    # + 30 + 10 (April–July 10) = 848
    assert shop_age_days(OPENED, as_of=AS_OF) == 848


def test_example_trading_frequency() -> None:
    # window 2023-07 … 2024-06 (July 2024 is running): Mar 2 + Apr 2 + May 1 + Jun 1 = 6
    # paid orders (O6/O7 are July) → 6/12 = 0.50
    assert trading_frequency(EXAMPLE, as_of=AS_OF) == D("0.50")


def test_example_monthly_sales() -> None:
    # Mar O1+O2: 2, 80; Apr O3+O4: 2, 120, refund 40; May O5: 1, 60, refund 20;
    # Jun O8: 1, 100 (O9/O10 unpaid); Jul O6+O7: 2, 140
    assert monthly_sales(EXAMPLE) == [
        MonthlyTotal(date(2024, 3, 1), 2, D("80.00"), D("0")),
        MonthlyTotal(date(2024, 4, 1), 2, D("120.00"), D("40.00")),
        MonthlyTotal(date(2024, 5, 1), 1, D("60.00"), D("20.00")),
        MonthlyTotal(date(2024, 6, 1), 1, D("100.00"), D("0")),
        MonthlyTotal(date(2024, 7, 1), 2, D("140.00"), D("0")),
    ]


def test_example_merge_monthly() -> None:
    merged = merge_monthly(monthly_sales(EXAMPLE), TYPED)
    # January typed (no orders) is used; April typed is ignored (orders exist); February is
    # in neither list and stays out
    assert [m.month.month for m in merged] == [1, 3, 4, 5, 6, 7]
    assert merged[0] == TYPED[0]
    assert merged[2] == MonthlyTotal(date(2024, 4, 1), 2, D("120.00"), D("40.00"))


def test_example_cash_flow_cv() -> None:
    window = [m for m in merge_monthly(monthly_sales(EXAMPLE), TYPED)
              if m.month < date(2024, 7, 1)]
    # net per month: Jan 90, Mar 80, Apr 120−40 = 80, May 60−20 = 40, Jun 100; mean 390/5 = 78
    # squared deviations 144+4+4+1444+484 = 2080; σ = √(2080/5) = √416 = 20.3961…
    # CV = 20.3961/78 = 0.26149… → 0.2615
    assert cash_flow_cv(window) == D("0.2615")


def test_example_settlement_days() -> None:
    # O1 10 d, O2 7 d, O5 5 d, O8 7 d (O3 not settled yet) → 29/4 = 7.25 → 7.3 (half up)
    assert settlement_days(EXAMPLE) == D("7.3")


def test_example_compute_indicators() -> None:
    result = compute_indicators(EXAMPLE, TYPED, opened_on=OPENED, as_of=AS_OF)
    assert isinstance(result, SalesIndicators)
    assert result.as_of == AS_OF
    assert result.values() == {
        "paid_orders": 8,
        "refund_rate": D("0.2500"),
        "refund_amount_rate": D("0.1200"),
        "repurchase_rate": D("0.5000"),
        "buyer_top_share": D("0.4250"),
        "buyer_hhi": D("0.3038"),
        "order_value_cv": D("0.4138"),
        "on_time_shipping_rate": D("0.7143"),
        "completion_rate": D("0.6667"),
        "after_sales_response_hours": D("16.0"),
        "shop_age_days": 848,
        # merged months of 2023-07 … 2024-06: typed Jan 3 + orders 6 = 9 → 9/12 = 0.75
        "trading_frequency": D("0.75"),
        "cash_flow_cv": D("0.2615"),
        "settlement_days": D("7.3"),
        # 90 + 80 + 80 + 40 + 100 = 390
        "net_sales_12m": D("390.00"),
    }
    assert [m.month.month for m in result.monthly] == [1, 3, 4, 5, 6]


# --------------------------------------------------------------------------- empty / missing

def test_everything_is_none_on_empty_input() -> None:
    assert refund_rate([]) is None
    assert refund_amount_rate([]) is None
    assert repurchase_rate([], as_of=AS_OF) is None
    assert buyer_concentration([]) is None
    assert order_value_cv([]) is None
    assert on_time_shipping_rate([]) is None
    assert completion_rate([]) is None
    assert after_sales_response_hours([]) is None
    assert shop_age_days(None, as_of=AS_OF) is None
    assert trading_frequency([], as_of=AS_OF) is None
    assert monthly_sales([]) == []
    assert merge_monthly([], []) == []
    assert cash_flow_cv([]) is None
    assert settlement_days([]) is None
    result = compute_indicators([], [], opened_on=None, as_of=AS_OF)
    assert result.paid_orders == 0
    assert set(result.values().values()) == {0, None}
    assert result.monthly == ()


def test_all_cancelled_or_unpaid_is_missing() -> None:
    orders = [order(1, status=S.CANCELLED, buyer_key="a", shipped_at=T0),
              order(2, status=S.PENDING_PAYMENT, buyer_key="a")]
    assert refund_rate(orders) is None
    assert refund_amount_rate(orders) is None
    assert repurchase_rate(orders, as_of=T0) is None
    assert buyer_concentration(orders) is None
    assert order_value_cv(orders) is None
    assert on_time_shipping_rate(orders) is None
    assert completion_rate(orders) is None
    assert trading_frequency(orders, as_of=date(2024, 5, 1)) is None
    assert monthly_sales(orders) == []


def test_no_buyer_keys_is_missing() -> None:
    orders = [order(1), order(2, buyer_key=""), order(3, buyer_key="   ")]
    assert orders[1].buyer_key is None and orders[2].buyer_key is None
    assert repurchase_rate(orders, as_of=T0) is None
    assert buyer_concentration(orders) is None
    # other indicators still work: 0 refunded of 3 paid → 0.0000
    assert refund_rate(orders) == D("0.0000")


def test_single_order() -> None:
    one = [order(1, "25.00", status=S.COMPLETED, buyer_key="a",
                 shipped_at=T0 + timedelta(hours=5), signed_at=T0 + timedelta(days=2),
                 settled_at=T0 + timedelta(days=3))]
    assert refund_rate(one) == D("0.0000")            # 0/1
    assert refund_amount_rate(one) == D("0.0000")     # 0/25
    assert repurchase_rate(one, as_of=T0) == D("0.0000")  # 1 buyer, 0 with ≥2 orders
    assert buyer_concentration(one) == Concentration(D("1.0000"), D("1.0000"))  # 25/25; 1²
    assert order_value_cv(one) is None                # needs ≥ 2 orders
    assert on_time_shipping_rate(one) == D("1.0000")  # 5 h ≤ 48 h: 1/1
    assert completion_rate(one) == D("1.0000")        # 1/1
    assert settlement_days(one) == D("1.0")           # 3 d − 2 d
    assert cash_flow_cv(monthly_sales(one)) is None   # 1 month < 3


# --------------------------------------------------------------------------- per indicator

def test_refund_rate_three_of_eight() -> None:
    orders = [order(i) for i in range(5)]
    orders += [order(5, after_sale=A.REFUNDED), order(6, after_sale=A.REFUNDING),
               order(7, status=S.CLOSED, after_sale=A.REFUNDED)]
    # not counted: requested / rejected after-sales and a refunded but cancelled order
    orders += [order(8, after_sale=A.REQUESTED, status=S.CANCELLED),
               order(9, status=S.CANCELLED, after_sale=A.REFUNDED)]
    # paid: 0–7 = 8; refunded: 5, 6, 7 → 3/8 = 0.3750
    assert refund_rate(orders) == D("0.3750")
    # requested/rejected are not refunds: 0/2
    assert refund_rate([order(1, after_sale=A.REQUESTED),
                        order(2, after_sale=A.REJECTED)]) == D("0.0000")


def test_refund_rate_rounds_half_up() -> None:
    # 1 refunded of 16 = 0.0625 exactly; 1 of 3 = 0.33333… → 0.3333; 2 of 3 → 0.6667
    assert refund_rate([order(0, after_sale=A.REFUNDED)] + [order(i) for i in range(1, 16)]) \
        == D("0.0625")
    assert refund_rate([order(0, after_sale=A.REFUNDED), order(1), order(2)]) == D("0.3333")
    assert refund_rate([order(0, after_sale=A.REFUNDED), order(1, after_sale=A.REFUNDED),
                        order(2)]) == D("0.6667")
    # 1 of 32 = 0.03125 → half up to 0.0313 (half even would give 0.0312)
    assert refund_rate([order(0, after_sale=A.REFUNDED)] + [order(i) for i in range(1, 32)]) \
        == D("0.0313")


def test_refund_amount_rate() -> None:
    orders = [order(1, "100.00", refund_amount=D("30.00")), order(2, "50.00"),
              order(3, "50.00", refund_amount=D("80.00")),      # capped at the 50 paid
              order(4, "99.00", status=S.CANCELLED, refund_amount=D("99.00"))]
    # (30 + 50) / (100 + 50 + 50) = 80/200 = 0.4000
    assert refund_amount_rate(orders) == D("0.4000")
    # zero GMV: nothing to divide by
    assert refund_amount_rate([order(1, "0")]) is None


def test_repurchase_window_boundary_180_days() -> None:
    as_of = date(2024, 6, 30)
    edge = datetime(2024, 1, 2, 12)      # 2024-06-30 − 180 days = 2024-01-02: outside
    inside = datetime(2024, 1, 3, 0, 0)  # 179 days before: inside
    recent = datetime(2024, 6, 30, 23, 59)  # on as_of itself: inside
    later = datetime(2024, 7, 1, 0, 0)   # after as_of: outside
    orders = [order(1, at=edge, buyer_key="x"), order(2, at=recent, buyer_key="x"),
              order(3, at=inside, buyer_key="y"), order(4, at=recent, buyer_key="y"),
              order(5, at=recent, buyer_key="z"), order(6, at=later, buyer_key="z")]
    # x: 1 order in window, y: 2, z: 1 → 1/3 = 0.3333
    assert repurchase_rate(orders, as_of=as_of) == D("0.3333")
    # a datetime as_of counts by its day
    assert repurchase_rate(orders, as_of=datetime(2024, 6, 30, 0, 1)) == D("0.3333")
    # window of 181 days takes in x's edge order too: x, y repurchase → 2/3 = 0.6667
    assert repurchase_rate(orders, as_of=as_of, window_days=181) == D("0.6667")
    # nothing in a window that ends before every order
    assert repurchase_rate(orders, as_of=date(2023, 1, 1)) is None
    assert repurchase_rate(orders, as_of=as_of, window_days=0) is None


def test_repurchase_ignores_orders_without_key_and_unpaid() -> None:
    orders = [order(1, buyer_key="x"), order(2, buyer_key="x", status=S.CANCELLED),
              order(3, buyer_key="y"), order(4, buyer_key="y"), order(5), order(6)]
    # x has 1 paid order, y 2; keyless orders are ignored → 1/2 = 0.5000
    assert repurchase_rate(orders, as_of=T0) == D("0.5000")


def test_buyer_concentration_equal_and_skewed() -> None:
    equal = [order(i, "20.00", buyer_key=f"b{i}") for i in range(4)]
    # 4 equal buyers: top 1/4 = 0.2500; HHI 4 × 0.25² = 0.2500
    assert buyer_concentration(equal) == Concentration(D("0.2500"), D("0.2500"))
    skewed = [order(1, "90.00", buyer_key="a"), order(2, "5.00", buyer_key="b"),
              order(3, "5.00", buyer_key="c"), order(4, "500.00")]  # keyless: ignored
    # top 90/100 = 0.9000; HHI 0.81 + 0.0025 + 0.0025 = 0.8150
    assert buyer_concentration(skewed) == Concentration(D("0.9000"), D("0.8150"))
    assert buyer_concentration([order(1, "0", buyer_key="a")]) is None  # GMV 0


def test_order_value_cv() -> None:
    # amounts 10, 30: mean 20, σ = √((100+100)/2) = 10 → CV 10/20 = 0.5000
    assert order_value_cv([order(1, "10"), order(2, "30")]) == D("0.5000")
    # equal amounts: σ 0 → 0.0000; the cancelled 500 is not counted
    assert order_value_cv([order(1, "8.80"), order(2, "8.80"),
                           order(3, "500", status=S.CANCELLED)]) == D("0.0000")
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 5, σ = √(32/8) = 2 → 2/5 = 0.4000
    amounts = [2, 4, 4, 4, 5, 5, 7, 9]
    assert order_value_cv([order(i, a) for i, a in enumerate(amounts)]) == D("0.4000")
    assert order_value_cv([order(1, "0"), order(2, "0")]) is None  # mean 0


def test_on_time_shipping_limit_is_inclusive() -> None:
    orders = [order(1, shipped_at=T0 + timedelta(hours=48)),
              order(2, shipped_at=T0 + timedelta(hours=48, seconds=1)),
              order(3, shipped_at=T0 + timedelta(hours=2)),
              order(4),  # not shipped yet: not counted
              order(5, status=S.CANCELLED, shipped_at=T0 + timedelta(days=9))]
    # shipped paid orders 1, 2, 3; on time 1 and 3 → 2/3 = 0.6667
    assert on_time_shipping_rate(orders) == D("0.6667")
    # with a 24-hour promise only order 3 → 1/3 = 0.3333
    assert on_time_shipping_rate(orders, ship_within_hours=24) == D("0.3333")
    assert on_time_shipping_rate([order(1)]) is None


def test_completion_rate() -> None:
    orders = [order(1, status=S.COMPLETED), order(2, status=S.SIGNED),
              order(3, status=S.COMPLETED, after_sale=A.REFUNDED),
              order(4, status=S.CLOSED),
              order(5, status=S.PAID), order(6, status=S.SHIPPED),         # in transit
              order(7, status=S.PAID, after_sale=A.REFUNDED),             # refunded: known
              order(8, status=S.COMPLETED, after_sale=A.REJECTED),        # rejected: fine
              order(9, status=S.CANCELLED)]
    # known: 1 2 3 4 7 8 = 6; done without refund: 1 2 8 = 3 → 3/6 = 0.5000
    assert completion_rate(orders) == D("0.5000")
    assert completion_rate([order(1, status=S.PAID), order(2, status=S.SHIPPED)]) is None


def test_after_sales_response_hours_odd_count_and_bad_data() -> None:
    req = T0

    def handled(n: int, minutes: int) -> OrderRecord:
        return order(n, after_sale=A.REJECTED, after_sale_requested_at=req,
                     after_sale_responded_at=req + timedelta(minutes=minutes))

    # 30 min, 2 h, 50 h → median 2.0 h; a response before the request is ignored
    orders = [handled(1, 30), handled(2, 120), handled(3, 3000), handled(4, -60),
              order(5, after_sale_requested_at=req)]
    assert after_sales_response_hours(orders) == D("2.0")
    # 10 min, 20 min → median 15 min = 0.25 h → 0.3 (half up)
    assert after_sales_response_hours([handled(1, 10), handled(2, 20)]) == D("0.3")
    assert after_sales_response_hours([handled(1, -5)]) is None


def test_shop_age_days() -> None:
    assert shop_age_days(date(2024, 1, 1), as_of=date(2024, 1, 1)) == 0
    # 2023-03-01 → 2024-03-01 crosses 2024-02-29: 366
    assert shop_age_days(date(2023, 3, 1), as_of=date(2024, 3, 1)) == 366
    assert shop_age_days(datetime(2024, 1, 1, 23), as_of=datetime(2024, 1, 2, 1)) == 1
    assert shop_age_days(date(2024, 5, 1), as_of=date(2024, 4, 30)) is None  # future opening


def test_trading_frequency_window_is_complete_months() -> None:
    as_of = date(2024, 7, 1)  # window 2023-07-01 … 2024-06-30
    orders = [order(1, at=datetime(2023, 6, 30, 23)),   # before the window
              order(2, at=datetime(2023, 7, 1, 0)),      # first day of the window
              order(3, at=datetime(2024, 6, 30, 23)),    # last day of the window
              order(4, at=datetime(2024, 6, 15)),
              order(5, at=datetime(2024, 7, 1, 9)),      # running month: not counted
              order(6, at=datetime(2024, 6, 1), status=S.CANCELLED)]
    # orders 2, 3, 4 → 3/12 = 0.25
    assert trading_frequency(orders, as_of=as_of) == D("0.25")
    # over 3 months (2024-04 … 2024-06): orders 3, 4 → 2/3 = 0.666… → 0.67
    assert trading_frequency(orders, as_of=as_of, months=3) == D("0.67")
    # a dormant shop (orders only long ago) trades 0.00 a month
    assert trading_frequency(orders, as_of=date(2030, 1, 1)) == D("0.00")
    # no paid order before the window ends: missing
    assert trading_frequency([order(5, at=datetime(2024, 7, 1, 9))], as_of=as_of) is None
    assert trading_frequency(orders, as_of=as_of, months=0) is None


def test_monthly_sales_fills_gaps_and_ignores_unpaid() -> None:
    orders = [order(1, "10.00", at=datetime(2023, 11, 30, 23, 59)),
              order(2, "5.50", at=datetime(2024, 2, 1), refund_amount=D("9.00")),
              order(3, "4.50", at=datetime(2024, 2, 29)),
              order(4, "99.00", at=datetime(2024, 1, 5), status=S.CANCELLED)]
    assert monthly_sales(orders) == [
        MonthlyTotal(date(2023, 11, 1), 1, D("10.00"), D("0")),
        MonthlyTotal(date(2023, 12, 1), 0, D("0"), D("0")),
        MonthlyTotal(date(2024, 1, 1), 0, D("0"), D("0")),    # only a cancelled order
        # 5.50 + 4.50 = 10.00; the 9.00 refund is capped at the 5.50 paid
        MonthlyTotal(date(2024, 2, 1), 2, D("10.00"), D("5.50")),
    ]


def test_merge_monthly_rule() -> None:
    imported = [MonthlyTotal(date(2024, 1, 1), 2, D("20"), D("0")),
                MonthlyTotal(date(2024, 2, 1), 0, D("0"), D("0")),   # gap, zero-filled
                MonthlyTotal(date(2024, 3, 1), 1, D("5"), D("0"))]
    typed = [MonthlyTotal(date(2024, 1, 1), 9, D("900"), D("0")),     # orders exist: ignored
             MonthlyTotal(date(2024, 2, 1), 4, D("40"), D("0")),      # fills the gap
             MonthlyTotal(date(2023, 12, 15), 1, D("7"), D("0")),     # before the import
             MonthlyTotal(date(2023, 12, 1), 3, D("30"), D("1"))]     # same month: later wins
    merged = merge_monthly(imported, typed)
    assert merged == [
        MonthlyTotal(date(2023, 12, 1), 3, D("30"), D("1")),
        MonthlyTotal(date(2024, 1, 1), 2, D("20"), D("0")),
        MonthlyTotal(date(2024, 2, 1), 4, D("40"), D("0")),
        MonthlyTotal(date(2024, 3, 1), 1, D("5"), D("0")),
    ]


def test_cash_flow_cv() -> None:
    months = [MonthlyTotal(date(2024, m, 1), 1, D(g), D(r))
              for m, g, r in ((1, "120", "20"), (2, "100", "0"), (3, "300", "0"))]
    # net 100, 100, 300: mean 500/3 = 166.67; squared deviations 4444.4+4444.4+17777.8
    # = 26666.67; σ = √(26666.67/3) = √8888.89 = 94.281; CV = 94.281/166.667 = 0.56569 → 0.5657
    assert cash_flow_cv(months) == D("0.5657")
    assert cash_flow_cv(months[:2]) is None                 # < 3 months
    flat = [MonthlyTotal(date(2024, m, 1), 0, D("0"), D("0")) for m in (1, 2, 3)]
    assert cash_flow_cv(flat) is None                       # mean 0


def test_settlement_days() -> None:
    signed = T0
    orders = [order(1, signed_at=signed, settled_at=signed + timedelta(days=3)),
              order(2, signed_at=signed, settled_at=signed + timedelta(days=4, hours=12)),
              order(3, signed_at=signed),                     # not settled yet
              order(4, settled_at=signed),                    # never signed
              order(5, signed_at=signed, settled_at=signed - timedelta(days=1))]  # bad data
    # (3 + 4.5) / 2 = 3.75 → 3.8
    assert settlement_days(orders) == D("3.8")


def test_compute_indicators_windows() -> None:
    as_of = date(2024, 12, 31)
    old = datetime(2023, 12, 31, 12)   # as_of − 366 days: outside the 365-day rate window
    edge = datetime(2024, 1, 1, 0)     # as_of − 365 days: outside ((as_of − 365, as_of])
    inside = datetime(2024, 1, 2, 0)
    future = datetime(2025, 1, 1, 0)   # after as_of: ignored everywhere
    orders = [order(1, at=old, after_sale=A.REFUNDED), order(2, at=edge, after_sale=A.REFUNDED),
              order(3, at=inside), order(4, at=inside, after_sale=A.REFUNDED),
              order(5, at=future, after_sale=A.REFUNDED)]
    result = compute_indicators(orders, [], opened_on=None, as_of=as_of)
    # rate window holds orders 3 and 4: 1 refunded of 2 → 0.5000
    assert result.paid_orders == 2
    assert result.refund_rate == D("0.5000")
    assert result.shop_age_days is None
    # frequency window 2023-12 … 2024-11: orders 1 (Dec), 2, 3, 4 (Jan) = 4 → 4/12 = 0.33
    assert result.trading_frequency == D("0.33")
    # net sales of the window: orders 1–4 at 10.00 each, no refund_amount → 40.00
    assert result.net_sales_12m == D("40.00")


def test_compute_indicators_from_typed_months_only() -> None:
    typed = [MonthlyTotal(date(2024, m, 1), 10 * m, D(100 * m), D(0)) for m in (1, 2, 3)]
    result = compute_indicators([], typed, opened_on=date(2023, 1, 1), as_of=date(2024, 4, 2))
    # window 2023-04 … 2024-03: 10 + 20 + 30 = 60 orders → 60/12 = 5.00
    assert result.trading_frequency == D("5.00")
    # net 100, 200, 300: mean 200, σ = √((10000+0+10000)/3) = 81.6497 → 0.408248… → 0.4082
    assert result.cash_flow_cv == D("0.4082")
    assert result.net_sales_12m == D("600")
    assert result.refund_rate is None and result.repurchase_rate is None
    # 2023-01-01 → 2024-01-01 = 365, + 31 (Jan) + 29 (Feb) + 31 (Mar) + 1 (Apr 1 → 2) = 457
    assert result.shop_age_days == 457


# --------------------------------------------------------------------------- records

def test_records_coerce_and_refuse_float() -> None:
    o = OrderRecord("X", T0, "12.50", status="completed", after_sale="refunded",  # type: ignore[arg-type]
                    refund_amount=3)  # type: ignore[arg-type]
    assert o.amount == D("12.50") and o.refund_amount == D(3)
    assert o.status is S.COMPLETED and o.after_sale is A.REFUNDED
    assert o.paid and o.refunded
    with pytest.raises(TypeError):
        OrderRecord("X", T0, 12.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        OrderRecord("X", T0, D("NaN"))
    with pytest.raises(ValueError):
        OrderRecord("X", T0, "abc")  # type: ignore[arg-type]
    m = MonthlyTotal(datetime(2024, 5, 17, 8), 1, "3", 0)  # type: ignore[arg-type]
    assert m.month == date(2024, 5, 1) and m.gmv == D(3) and m.net == D(3)


# --------------------------------------------------------------------------- properties

_amounts = st.integers(min_value=0, max_value=1_000_000).map(lambda c: D(c) / 100)
_times = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2024, 12, 31))


@st.composite
def _orders(draw: st.DrawFn, buyers: int = 5) -> OrderRecord:
    at = draw(_times)
    amount = draw(_amounts)
    maybe_time = st.one_of(st.none(), st.timedeltas(min_value=timedelta(0),
                                                    max_value=timedelta(days=20)))
    shipped, signed, settled = draw(maybe_time), draw(maybe_time), draw(maybe_time)
    return OrderRecord(
        order_id=draw(st.text(min_size=1, max_size=5)),
        ordered_at=at,
        amount=amount,
        status=draw(st.sampled_from(OrderStatus)),
        buyer_key=draw(st.one_of(st.none(), st.integers(0, buyers).map(str))),
        shipped_at=at + shipped if shipped is not None else None,
        signed_at=at + signed if signed is not None else None,
        settled_at=at + signed + settled if signed is not None and settled is not None else None,
        after_sale=draw(st.sampled_from(AfterSale)),
        refund_amount=draw(st.one_of(st.just(D(0)), _amounts)),
    )


order_lists = st.lists(_orders(), max_size=30)


@settings(deadline=None, database=None)
@given(order_lists, st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 6, 30)))
def test_rates_are_within_zero_and_one(orders: list[OrderRecord], as_of: date) -> None:
    rates = [refund_rate(orders), refund_amount_rate(orders),
             repurchase_rate(orders, as_of=as_of), on_time_shipping_rate(orders),
             completion_rate(orders)]
    c = buyer_concentration(orders)
    if c is not None:
        rates += [c.top_share, c.hhi]
    result = compute_indicators(orders, [], opened_on=None, as_of=as_of)
    rates += [result.refund_rate, result.refund_amount_rate, result.repurchase_rate,
              result.on_time_shipping_rate, result.completion_rate]
    for r in rates:
        if r is not None:
            assert D(0) <= r <= D(1)
            assert r.as_tuple().exponent == -4


@settings(deadline=None, database=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 100_000)), min_size=1, max_size=40))
def test_concentration_bounds(rows: list[tuple[int, int]]) -> None:
    orders = [order(i, D(cents) / 100, buyer_key=f"b{buyer}")
              for i, (buyer, cents) in enumerate(rows)]
    n = len({buyer for buyer, _ in rows})
    c = buyer_concentration(orders)
    assert c is not None
    # exactly: 1/n ≤ HHI ≤ top share ≤ 1 (HHI = Σs² ≤ max s · Σs); rounding half up to 4
    # places keeps the order, so compare with 1/n rounded the same way
    floor = (D(1) / n).quantize(D("0.0001"), rounding=ROUND_HALF_UP)
    assert floor <= c.hhi <= c.top_share <= D(1)
    if n == 1:
        assert c == Concentration(D("1.0000"), D("1.0000"))


@settings(deadline=None, database=None)
@given(order_lists, _amounts)
def test_a_refunded_order_never_lowers_refund_rate(orders: list[OrderRecord],
                                                   amount: D) -> None:
    before = refund_rate(orders)
    after = refund_rate(orders + [order("new", amount, after_sale=A.REFUNDED)])
    assert after is not None
    assert before is None or after >= before


@settings(deadline=None, database=None)
@given(order_lists)
def test_monthly_sales_totals_match_orders(orders: list[OrderRecord]) -> None:
    months = monthly_sales(orders)
    paid = [o for o in orders if o.paid]
    assert sum((m.gmv for m in months), D(0)) == sum((o.amount for o in paid), D(0))
    assert sum(m.orders for m in months) == len(paid)
    assert [m.month for m in months] == sorted({m.month for m in months})
    for a, b in zip(months, months[1:]):  # consecutive months, no gaps
        assert (b.month.year * 12 + b.month.month) - (a.month.year * 12 + a.month.month) == 1
    for m in months:
        assert D(0) <= m.refunds <= m.gmv


@settings(deadline=None, database=None)
@given(order_lists)
def test_cvs_are_non_negative(orders: list[OrderRecord]) -> None:
    for cv in (order_value_cv(orders), cash_flow_cv(monthly_sales(orders))):
        assert cv is None or cv >= 0


def test_several_shops_are_merged_shop_by_shop_then_added_up() -> None:
    """Two shops typing the same month both count; imported orders in one shop do not hide a
    month typed for another (hand-computed: March = 10 typed + 2 orders, April = 7 + 5)."""
    from station_app.domain.sales import combine_shops

    march, april = date(2026, 3, 1), date(2026, 4, 1)
    shop_a_orders = [OrderRecord(order_id=f"a{i}", ordered_at=datetime(2026, 3, 5 + i),
                                 amount=D("50.00")) for i in range(2)]
    shop_a_typed = [MonthlyTotal(month=april, orders=7, gmv=D("700.00"),
                                 refunds=D(0))]
    shop_b_typed = [MonthlyTotal(month=march, orders=10, gmv=D("1000.00"),
                                 refunds=D("20.00")),
                    MonthlyTotal(month=april, orders=5, gmv=D("500.00"),
                                 refunds=D(0))]
    combined = combine_shops([(shop_a_orders, shop_a_typed), ([], shop_b_typed)])
    assert [(m.month, m.orders, m.gmv, m.refunds) for m in combined] == [
        (march, 12, D("1100.00"), D("20.00")),
        (april, 12, D("1200.00"), D("0"))]
    # One shop alone gives exactly what merge_monthly gives.
    assert combine_shops([(shop_a_orders, shop_a_typed)]) == merge_monthly(
        monthly_sales(shop_a_orders), shop_a_typed)

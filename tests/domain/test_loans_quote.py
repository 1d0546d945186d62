"""Loan products and quotes (station_app.domain.loans: products.py, quotes.py).

The catalogue used here is the JSON example of docs/loans.md, read from the document itself,
so the example the admin copies is known to load.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.loans import (
    BULLET,
    EQUAL_INSTALLMENT,
    MONTHLY_INTEREST,
    LoanProduct,
    OrderForLoan,
    ProductError,
    annualized_rate,
    build_schedule,
    dump_products,
    load_products,
    quote_order_loan,
    quote_planting_loan,
)

D = Decimal
DOC = Path(__file__).resolve().parents[2] / "docs" / "loans.md"


def doc_catalogue_dict() -> dict:
    blocks = re.findall(r"```json\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


CATALOGUE = load_products(doc_catalogue_dict())
PLANTING = CATALOGUE["planting_standard"]
ORDER = CATALOGUE["order_standard"]
PREPAY = CATALOGUE["prepayment_standard"]
FARM_INPUT = CATALOGUE["farm_input_standard"]


def planting(**overrides):
    args = dict(score_grade="B", credit_limit=D("60000"), planted_area_mu=D("30"),
                input_cost_per_mu=D("850"), disbursement=date(2025, 4, 20),
                expected_harvest=date(2025, 9, 12), existing_debt=D("5000"),
                has_coop_guarantee=True, has_weather_insurance=False)
    product = overrides.pop("product", PLANTING)
    args.update(overrides)
    return quote_planting_loan(product, **args)


def order(order_id, amount, status="paid", settles=date(2025, 6, 10), **kw):
    return OrderForLoan(order_id, D(amount), status, settles, **kw)


def order_quote(orders, **overrides):
    args = dict(score_grade="A", credit_limit=D("300000"), orders=orders,
                disbursement=date(2025, 5, 15), existing_debt=D("0"))
    product = overrides.pop("product", ORDER)
    args.update(overrides)
    return quote_order_loan(product, **args)


# =========================================================================== catalogue

def test_doc_example_loads_with_the_four_kinds():
    assert sorted(p.kind for p in CATALOGUE) == ["farm_input", "order", "planting",
                                                  "prepayment"]
    assert ORDER.amount_max == D("500000.00") and ORDER.max_share_of_orders == D("0.80")
    assert ORDER.default_method == BULLET
    assert PLANTING.requires_coop_guarantee and PLANTING.sales_window_days == 60
    assert PREPAY.fee_rate == D("0.0030")
    assert CATALOGUE.of_kind("order") == [ORDER]
    assert "order_standard" in CATALOGUE and CATALOGUE.get("nope") is None
    assert PLANTING.name.en == "Planting loan" and PLANTING.kind_label == "种植贷"


def test_dump_reads_back_to_an_equal_catalogue(tmp_path):
    dumped = dump_products(CATALOGUE)
    assert load_products(dumped) == CATALOGUE
    path = tmp_path / "loans.json"
    path.write_text(json.dumps(dumped, ensure_ascii=False), encoding="utf-8")
    assert load_products(path) == CATALOGUE
    assert load_products(str(path)) == CATALOGUE


def test_unreadable_file_is_a_product_error(tmp_path):
    bad = tmp_path / "loans.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ProductError) as info:
        load_products(bad)
    assert info.value.codes == ["products.json_invalid"]
    with pytest.raises(ProductError) as info:
        load_products(tmp_path / "missing.json")
    assert info.value.codes == ["products.file_missing"]
    bad.write_text('{"version": 1, "version": 2}', encoding="utf-8")
    with pytest.raises(ProductError) as info:
        load_products(bad)
    assert info.value.codes == ["products.duplicate_key"]


def test_every_problem_is_reported_at_once():
    raw = doc_catalogue_dict()
    p0, p1, p2, p3 = raw["products"]
    p0["kind"] = "mortgage"
    p0["annual_rate"] = "4.8"  # percent typed where a fraction belongs
    p0["colour"] = "green"
    p1["amount_min_yuan"] = "600000.00"  # above the max
    p1["methods"] = ["bullet", "balloon"]
    p2["default_method"] = "equal_principal"  # not among its methods
    p2["amount_max_yuan"] = "100000.001"
    p2["insurance_rate_discount"] = "0.0600"  # above its rate 0.052
    p3["id"] = "planting_standard"  # duplicate
    p3["eligible_grades"] = []
    p3["term_months_min"] = 0
    p3["requires_coop_guarantee"] = "yes"
    p3["fees"] = {"fixed_yuan": "-1", "percent": "1"}
    with pytest.raises(ProductError) as info:
        load_products(raw)
    codes = set(info.value.codes)
    assert codes >= {"products.kind_invalid", "products.number_too_large",
                     "products.unknown_field", "products.amount_bounds",
                     "products.methods_invalid", "products.default_method_invalid",
                     "products.money_precision", "products.discount_too_large",
                     "products.grades_invalid", "products.integer_invalid",
                     "products.flag_invalid", "products.number_invalid"}
    assert len(info.value.problems) >= 13
    text = str(info.value)
    assert "贷款产品目录有" in text and "0.0435" in text  # the hint for percent-typed rates
    assert "loan product catalogue" in info.value.en


def test_duplicate_ids_and_top_level_problems():
    raw = doc_catalogue_dict()
    raw["products"].append(copy.deepcopy(raw["products"][0]))
    with pytest.raises(ProductError) as info:
        load_products(raw)
    assert info.value.codes == ["products.duplicate_id"]
    for bad, code in [([], "products.not_object"),
                      ({"version": 1, "currency": "CNY", "products": []},
                       "products.products_empty"),
                      ({"version": 1, "currency": "USD", "products": [raw["products"][0]]},
                       "products.currency_invalid"),
                      ({"currency": "CNY", "products": [raw["products"][0]]},
                       "products.missing_field")]:
        with pytest.raises(ProductError) as info:
            load_products(bad)
        assert code in info.value.codes


# =========================================================================== planting

def test_planting_example_of_the_docs():
    q = planting(has_weather_insurance=True)
    assert q.eligible and q.reasons == ()
    # caps: area 30 × 850 = 25,500; room 60,000 − 5,000 = 55,000; product 300,000
    assert q.caps == {"area": D("25500.00"), "credit_room": D("55000.00"),
                      "product_max": D("300000.00")}
    assert q.amount == q.max_amount == D("25500.00")
    # harvest 09-12 + 60 days = 11-11; 04-20 + 7 months = 11-20 ≥ 11-11 > 10-20
    assert q.term_months == 7 and q.maturity == date(2025, 11, 20)
    assert q.method == MONTHLY_INTEREST and q.annual_rate == D("0.0450")  # 4.80 − 0.30
    # 25500 × 0.045 / 12 = 95.625 → 95.63 a month
    assert [r.interest for r in q.schedule] == [D("95.63")] * 7
    assert q.total_interest == D("669.41") and q.total_repayment == D("26169.41")
    assert q.annualized_rate == D("0.0450") and q.fees == 0
    assert q.note_codes == ("quote.insurance_discount",)
    assert list(q.schedule) == build_schedule(D("25500"), D("0.045"), 7, MONTHLY_INTEREST,
                                              date(2025, 4, 20))
    json.dumps(q.inputs)  # JSON-ready record of the inputs
    assert q.inputs["sales_window_end"] == "2025-11-11"


@pytest.mark.parametrize("overrides, binding, amount", [
    # area 12.345 mu × 850 = 10,493.25 → rounded down to 10,400
    ({"planted_area_mu": D("12.345")}, "area", D("10400.00")),
    # room 60,000 − 48,750.50 = 11,249.50 → 11,200
    ({"existing_debt": D("48750.50")}, "credit_room", D("11200.00")),
    # 1,000 mu × 850 = 850,000 and limit 900,000: the product's 300,000 binds
    ({"planted_area_mu": D("1000"), "credit_limit": D("900000")}, "product_max",
     D("300000.00")),
])
def test_amount_is_the_smallest_cap_rounded_down_to_100(overrides, binding, amount):
    q = planting(**overrides)
    assert q.eligible
    assert min(q.caps, key=q.caps.get) == binding
    assert q.amount == amount and q.amount % 100 == 0
    assert sum(r.principal for r in q.schedule) == amount


def test_requested_amount_within_caps_is_rounded_down():
    q = planting(requested_amount=D("12345.67"))
    assert q.eligible and q.amount == D("12300.00")
    assert q.note_codes == ("quote.amount_rounded",)
    q = planting(requested_amount=D("12000"))
    assert q.eligible and q.amount == D("12000.00") and q.notes == ()


def test_requested_amount_above_caps_is_refused_with_each_cap():
    q = planting(requested_amount=D("400000"), credit_limit=D("350000"))
    assert not q.eligible
    assert set(q.reason_codes) == {"quote.above_area", "quote.above_credit_room",
                                   "quote.above_product_max"}
    assert q.amount == q.max_amount == D("25500.00")  # what could be lent
    assert q.schedule == () and q.annualized_rate is None
    assert "25,500.00" in str(q.reasons[0]) and "400,000.00" in str(q.reasons[0])


def test_all_reasons_are_listed_together():
    strict = replace(PLANTING, requires_weather_insurance=True)
    q = planting(product=strict, score_grade="E", credit_limit=D("0"),
                 existing_debt=D("5000"), requested_amount=D("1000"),
                 has_coop_guarantee=False, method="equal_principal_typo",
                 requested_term_months=24, expected_harvest=date(2025, 4, 1))
    assert not q.eligible
    assert set(q.reason_codes) == {
        "quote.grade_not_eligible", "quote.limit_exhausted", "quote.below_min",
        "quote.guarantee_missing", "quote.insurance_missing", "quote.method_not_offered",
        "quote.term_out_of_bounds", "quote.harvest_not_after_disbursement"}
    for reason in q.reasons:
        assert reason.en and reason.code.startswith("quote.")
    q = planting(score_grade=None)
    assert q.reason_codes == ("quote.no_score",)


def test_possible_amount_below_the_minimum():
    # 3 mu × 850 = 2,550 < the product minimum of 3,000
    q = planting(planted_area_mu=D("3"))
    assert q.reason_codes == ("quote.possible_below_min",)
    assert q.max_amount == D("2500.00")
    assert "种植面积" in str(q.reasons[0])


def test_term_is_raised_to_the_minimum_or_capped_at_the_maximum():
    # cherry: harvest 20 days after disbursement + 30-day window = 06-09; 04-20 + 2 months
    # = 06-20 covers it, so 2 months, raised to the product minimum of 3
    q = planting(expected_harvest=date(2025, 5, 10), sales_window_days=30)
    assert q.eligible and q.term_months == 3 and q.note_codes == ("quote.term_raised",)
    q = planting(expected_harvest=date(2025, 5, 10), sales_window_days=30,
                 product=replace(PLANTING, term_months_min=2))
    assert q.term_months == 2 and q.notes == ()
    # winter wheat sown 10-10, harvested 235 days later, + 60 days: 10 months
    q = planting(disbursement=date(2024, 10, 10), expected_harvest=date(2025, 6, 2))
    assert q.term_months == 10
    q = planting(product=replace(PLANTING, term_months_max=8),
                 disbursement=date(2024, 10, 10), expected_harvest=date(2025, 6, 2))
    assert q.eligible and q.term_months == 8 and "quote.term_capped" in q.note_codes


def test_requested_term():
    q = planting(requested_term_months=12)
    assert q.eligible and q.term_months == 12 and q.maturity == date(2026, 4, 20)
    q = planting(requested_term_months=5)
    assert q.eligible and q.note_codes == ("quote.term_before_repayment_source",)
    q = planting(requested_term_months=2)
    assert q.reason_codes == ("quote.term_out_of_bounds",)


def test_method_and_insurance_discount():
    q = planting(method=EQUAL_INSTALLMENT)
    assert q.eligible and q.method == EQUAL_INSTALLMENT and q.annual_rate == D("0.0480")
    assert q.annualized_rate == annualized_rate(q.amount, list(q.schedule))
    assert planting(has_weather_insurance=True, method=EQUAL_INSTALLMENT).annual_rate \
        == D("0.0450")
    q = planting(product=FARM_INPUT, method="equal_principal", has_coop_guarantee=False)
    assert q.reason_codes == ("quote.method_not_offered",)


def test_fees_enter_the_annualized_rate():
    priced = replace(PLANTING, fee_fixed=D("50.00"), fee_rate=D("0.01"))
    q = planting(product=priced, method=EQUAL_INSTALLMENT)
    # 50 + 25,500 × 1 % = 305.00
    assert q.fees == D("305.00")
    assert q.annualized_rate == annualized_rate(q.amount, list(q.schedule), D("305.00"))
    assert q.annualized_rate > q.annual_rate + D("0.01")
    tiny = replace(PLANTING, amount_min=D("100"), fee_fixed=D("3000"))
    q = planting(product=tiny, planted_area_mu=D("3"))
    assert "quote.fees_exceed_amount" in q.reason_codes


def test_wrong_product_kind_or_input_type():
    with pytest.raises(ValueError):
        planting(product=ORDER)
    with pytest.raises(ValueError):
        order_quote([order("a", "1000")], product=PLANTING)
    with pytest.raises(TypeError):
        planting(planted_area_mu=30.0)
    with pytest.raises(ValueError):
        planting(existing_debt=D("-1"))
    with pytest.raises(ValueError):
        planting(planted_area_mu=D("-1"))


products = st.sampled_from([PLANTING, FARM_INPUT])
money = st.integers(min_value=0, max_value=10**8).map(lambda f: D(f) / 100)


@given(products, st.sampled_from("ABCDE"), money, money,
       st.integers(min_value=0, max_value=100000).map(lambda c: D(c) / 100),
       st.integers(min_value=0, max_value=500000).map(lambda c: D(c) / 100),
       st.one_of(st.none(), money), st.integers(min_value=1, max_value=500))
@settings(deadline=None, database=None, max_examples=200)
def test_quote_properties(product, grade, limit, debt, area, cost, requested, days):
    q = quote_planting_loan(product, score_grade=grade, credit_limit=limit,
                            planted_area_mu=area, input_cost_per_mu=cost,
                            disbursement=date(2025, 3, 1),
                            expected_harvest=date(2025, 3, 1) + timedelta(days=days),
                            existing_debt=debt, requested_amount=requested,
                            has_coop_guarantee=True, has_weather_insurance=True)
    assert q.amount % product.amount_step == 0 and q.amount >= 0
    assert q.amount <= q.max_amount <= min(q.caps.values())
    assert product.term_months_min <= q.term_months <= product.term_months_max
    assert q.eligible == (not q.reasons)
    if q.eligible:
        assert product.amount_min <= q.amount <= product.amount_max
        assert q.amount <= limit - debt
        assert sum(r.principal for r in q.schedule) == q.amount
        assert q.total_repayment == q.amount + q.total_interest
        assert grade in product.eligible_grades
        if requested is not None:
            assert q.amount <= requested
    else:
        assert q.schedule == () and q.annualized_rate is None


# =========================================================================== order loans

def test_order_loan_counts_only_confirmed_unsettled_orders():
    orders = [
        order("paid", "100000", "paid"),
        order("shipped", "50000", "shipped", date(2025, 6, 20)),
        order("signed", "30000", "signed"),
        order("completed", "90000", "completed"),        # already settled
        order("pending", "90000", "pending_payment"),   # never paid
        order("cancelled", "90000", "cancelled"),
        order("closed", "90000", "closed"),              # refunded in full
        order("refund", "90000", "shipped", after_sale="refunding"),
        order("asked", "90000", "paid", after_sale="requested"),
        order("late", "90000", "paid", date(2025, 5, 1)),  # should have settled already
        order("zero", "0", "paid"),
        order("paid", "100000", "paid"),                  # listed twice
    ]
    q = order_quote(orders)
    assert q.eligible
    assert [o["order_id"] for o in q.inputs["orders"]] == ["paid", "shipped", "signed"]
    assert q.inputs["eligible_order_value"] == "180000.00"
    # 80 % of 180,000 = 144,000
    assert q.caps["orders"] == D("144000.00") and q.amount == D("144000.00")
    assert sorted(set(q.note_codes)) == ["quote.order_duplicate", "quote.order_not_eligible",
                                         "quote.order_refunding",
                                         "quote.order_settlement_past", "quote.order_zero"]
    # latest settlement 06-20 + 15 grace days = 07-05; 05-15 + 2 months = 07-15 ≥ 07-05
    assert q.term_months == 2 and q.method == BULLET and len(q.schedule) == 1
    # 144,000 × 4.5 % × 61 days / 360 = 1,098.00
    assert q.schedule[0].interest == D("1098.00") and q.annualized_rate == D("0.0450")


def test_order_loan_caps_at_500k_and_credit_room():
    big = [order(f"o{i}", "250000") for i in range(4)]  # 1,000,000 → 80 % = 800,000
    q = order_quote(big, credit_limit=D("2000000"))
    assert q.eligible and q.amount == D("500000.00")
    assert min(q.caps, key=q.caps.get) == "product_max"
    q = order_quote(big, credit_limit=D("300000"), existing_debt=D("123456.78"))
    assert q.amount == D("176500.00")  # room 176,543.22 → 176,500
    # 80 % of 12,345.67 = 9,876.536 → 9,876.53 (down to the fen) → 9,800
    q = order_quote([order("x", "12345.67")])
    assert q.caps["orders"] == D("9876.53") and q.amount == D("9800.00")
    q = order_quote([order("x", "100000")], requested_amount=D("90000"))
    assert q.reason_codes == ("quote.above_orders",) and q.amount == D("80000.00")
    assert "可用订单金额的 80%" in str(q.reasons[0]) and "80% of the eligible" in q.reasons[0].en


def test_order_loan_refusals():
    q = order_quote([order("c", "90000", "completed")])
    assert q.reason_codes == ("quote.no_eligible_orders",)
    q = order_quote([order("x", "100000", settles=date(2025, 12, 1))])
    # 12-01 + 15 days = 12-16: 8 months > the product's 6
    assert q.reason_codes == ("quote.term_out_of_bounds",)
    q = order_quote([order("x", "100000")], score_grade="D")
    assert q.reason_codes == ("quote.grade_not_eligible",)
    q = order_quote([order("x", "3000")])  # 80 % = 2,400 < the 5,000 minimum
    assert q.reason_codes == ("quote.possible_below_min",)
    assert order_quote([order("x", "100000")], method=EQUAL_INSTALLMENT).reason_codes \
        == ("quote.method_not_offered",)


def test_order_loan_term_raised_and_requested():
    q = order_quote([order("x", "100000", settles=date(2025, 5, 20))], product=PREPAY)
    # 05-20 + 7 days = 05-27: one month, the product minimum
    assert q.term_months == 1
    q = order_quote([order("x", "100000", settles=date(2025, 5, 20))],
                    product=replace(PREPAY, term_months_min=2))
    assert q.term_months == 2 and "quote.term_raised" in q.note_codes
    q = order_quote([order("x", "100000")], requested_term_months=6)
    assert q.eligible and q.term_months == 6


def test_prepayment_example_of_the_docs():
    orders = [order("PDD-1", "120000", "paid", date(2025, 6, 10)),
              order("PDD-2", "80000", "shipped", date(2025, 6, 25)),
              order("TB-9", "30000", "completed", date(2025, 5, 20))]
    q = order_quote(orders, product=PREPAY, existing_debt=D("20000"))
    assert q.eligible and q.amount == D("160000.00") and q.term_months == 2
    assert q.maturity == date(2025, 7, 15)
    # 160000 × 0.05 × 61 / 360 = 1,355.555… → 1,355.56; fee 0.3 % = 480
    assert q.schedule[0].interest == D("1355.56") and q.fees == D("480.00")
    # (161355.56 / 159520 − 1) × 360 / 61 = 0.06790… → 0.0679
    assert q.annualized_rate == D("0.0679")
    assert q.total_repayment == D("161355.56")


def test_order_for_loan_validates():
    with pytest.raises(ValueError):
        OrderForLoan("x", D("1"), "shipping", date(2025, 1, 1))
    with pytest.raises(ValueError):
        OrderForLoan("x", D("-1"), "paid", date(2025, 1, 1))
    with pytest.raises(TypeError):
        OrderForLoan("x", 1.5, "paid", date(2025, 1, 1))
    with pytest.raises(TypeError):
        order_quote([("x", D("1"))])


def test_product_dataclass_is_frozen():
    with pytest.raises(Exception):
        PLANTING.annual_rate = D("0.01")  # type: ignore[misc]
    assert isinstance(PLANTING, LoanProduct)

"""Tests for station_app.domain.scoring (农村电商信用分, DOMAIN.md §5, docs/scorecard.md).

The hand-computed farmers use the shipped model ``resources/scorecard/credit_v1.json``; the
points of every bin are listed in docs/scorecard.md.  Malformed models are made by copying
the shipped data and breaking one thing.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import asdict
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.messages import Message
from station_app.domain.planting import FarmIndicators
from station_app.domain.sales import Concentration, SalesIndicators
from station_app.domain.scoring import (
    ModelError,
    Reason,
    ScoreModel,
    ScoreResult,
    Variable,
    format_value,
    load_model,
    score,
    what_if,
)

MODEL_JSON = Path(__file__).resolve().parents[2] / "resources" / "scorecard" / "credit_v1.json"
RAW: dict[str, Any] = json.loads(MODEL_JSON.read_text(encoding="utf-8"))
MODEL = load_model(MODEL_JSON)
VARIABLES = {v.id: v for v in MODEL.variables}
INDEX = {v.id: i for i, v in enumerate(MODEL.variables)}


def raw() -> dict[str, Any]:
    return copy.deepcopy(RAW)


def var(data: dict[str, Any], vid: str) -> dict[str, Any]:
    return next(v for v in data["variables"] if v["id"] == vid)


def problems_of(data: Any) -> ModelError:
    with pytest.raises(ModelError) as info:
        load_model(data)
    return info.value


# =========================================================================== the shipped model

def test_shipped_model_loads_with_its_documented_scaling():
    m = MODEL
    assert isinstance(m, ScoreModel)
    assert (m.id, m.version) == ("rural_ecommerce_credit", 1)
    assert m.version_name and m.effective_date == date(2025, 7, 1)
    assert (m.scaling.base_score, m.scaling.base_odds, m.scaling.pdo) == (600, 50, 20)
    # factor = 20 / ln 2 = 28.8539; offset = 600 − 28.8539 · ln 50 (3.91202) = 487.12
    assert m.scaling.factor == pytest.approx(28.8539, abs=1e-4)
    assert m.scaling.offset == pytest.approx(487.1229, abs=1e-4)
    assert m.scaling.odds(600) == pytest.approx(50)
    assert m.scaling.odds(620) == pytest.approx(100)  # PDO: +20 points doubles the odds
    assert m.scaling.score_for_odds(50) == pytest.approx(600)
    assert [g.grade for g in m.grades] == ["A", "B", "C", "D", "E"]
    assert [g.min_score for g in m.grades] == [680, 640, 600, 560, None]
    assert [g.limit_factor for g in m.grades] == [D("0.50"), D("0.40"), D("0.30"), D("0.15"), 0]
    assert m.grades[-1].declined
    # bounds of the total (sums of the per-variable minima / maxima / missing points)
    assert (m.min_total, m.neutral_total, m.max_total) == (437, 567, 752)


def test_shipped_model_covers_the_seed_dimensions_and_required_inputs():
    labels = {d.id: d.label_zh for d in MODEL.dimensions}
    # seed 000 表 3, plus the farm side of seed 001 §4.4.2
    assert {"交易行为维度", "履约能力维度", "合作稳定性维度", "运营健康度维度"} <= set(labels.values())
    used = {v.dimension_id for v in MODEL.variables}
    assert used == set(labels)
    # a variable's dimension reads as the seed's Chinese name, with its id and English
    shipping = VARIABLES["on_time_shipping_rate"]
    assert shipping.dimension == "履约能力维度"
    assert (shipping.dimension.code, shipping.dimension.en) == ("fulfilment", "Fulfilment")
    assert shipping.label == "按时发货率" and shipping.label.en == "On-time shipping rate"
    ids = set(VARIABLES)
    sales_keys = set(SalesIndicators(date(2024, 1, 1), 0, *([None] * 13)).values())
    shop_vars = ids & sales_keys
    assert len(shop_vars) >= 8  # ids are the keys of SalesIndicators.values()
    assert {"annual_online_sales_yuan", "planted_area_mu", "harvest_stability",
            "insurance_coverage_percent", "cooperative_guarantee", "training_sessions_12m",
            "repayment_on_time_rate"} <= ids
    assert {f.id for f in MODEL.input_fields} >= {"expected_harvest_value_yuan",
                                                  "quality_change_percent"}


def test_shipped_units_match_the_indicator_functions():
    # sales rates are shares 0–1 (sales.py), insurance coverage and quality change are
    # percentages (planting.py), harvest stability is 1 − CV (0–1)
    for vid in ("refund_rate", "repurchase_rate", "buyer_top_share", "on_time_shipping_rate",
                "completion_rate", "harvest_stability", "repayment_on_time_rate"):
        assert VARIABLES[vid].unit == "fraction"
        assert VARIABLES[vid].range == (0, 1)
    assert VARIABLES["insurance_coverage_percent"].unit == "percent"
    assert VARIABLES["annual_online_sales_yuan"].unit == "yuan"
    assert VARIABLES["shop_age_days"].unit == "days"
    assert VARIABLES["planted_area_mu"].unit == "mu"
    assert MODEL.input_fields[1].unit == "percent"


def test_every_missing_bin_is_neither_best_nor_worst():
    for v in MODEL.variables:
        assert v.min_points < v.missing_points < v.max_points, v.id


def test_every_variable_is_described_for_a_ui():
    for v in MODEL.variables:
        assert v.label_zh and v.label_en and v.unit and v.direction in ("higher_better",
                                                                       "lower_better")
        assert v.reason_code.startswith("R_")
        assert v.min_points <= v.max_points
        assert v.bins and v.missing_bin.missing


def test_digest_is_sha256_of_canonical_json_and_survives_a_round_trip():
    canonical = json.dumps(RAW, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    import hashlib

    assert MODEL.digest == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert load_model(RAW).digest == MODEL.digest
    assert load_model(MODEL.to_dict()).digest == MODEL.digest
    assert load_model(str(MODEL_JSON)).digest == MODEL.digest
    changed = raw()
    var(changed, "refund_rate")["bins"][0]["points"] = 51
    assert load_model(changed).digest != MODEL.digest
    # to_dict is a copy
    MODEL.to_dict()["id"] = "x"
    assert MODEL.to_dict()["id"] == "rural_ecommerce_credit"


# =========================================================================== hand-computed farmers

WANG = {  # 王芳: a good online seller, full data, quality improved
    "refund_rate": D("0.0400"),          # [0.03, 0.05)      46 (max 50)
    "repurchase_rate": D("0.2000"),      # [0.15, 0.30)      45 (max 50)
    "buyer_top_share": D("0.0500"),      # (-∞, 0.10)        45 (max 45)
    "on_time_shipping_rate": D("0.9600"),  # [0.95, +∞)      50 (max 50)
    "completion_rate": D("0.9500"),      # [0.92, 0.97)      44 (max 50)
    "repayment_on_time_rate": D("1"),    # [1, +∞)           60 (max 60)
    "shop_age_days": 800,                # [730, +∞)         50 (max 50)
    "trading_frequency": D("25.00"),     # [20, 60)          40 (max 45)
    "cooperative_guarantee": True,       # true              50 (max 50)
    "annual_online_sales_yuan": D("85000.00"),  # [60000, 120000) 60 (max 65)
    "cash_flow_cv": D("1.2000"),         # [1.0, 1.5)        37 (max 50)
    "planted_area_mu": D("12.00"),       # [10, 30)          47 (max 50)
    "harvest_stability": D("0.8500"),    # [0.8, 0.9)        43 (max 48)
    # insurance_coverage_percent absent  # missing           38 (max 47)
    "training_sessions_12m": 2,          # [1, 3)            37 (max 42)
    "expected_harvest_value_yuan": D("60000"),
    "quality_change_percent": D("25.00"),
}


def test_farmer_wang_grade_a_with_quality_uplift():
    r = score(MODEL, WANG)
    assert r.points == {
        "refund_rate": 46, "repurchase_rate": 45, "buyer_top_share": 45,
        "on_time_shipping_rate": 50, "completion_rate": 44, "repayment_on_time_rate": 60,
        "shop_age_days": 50, "trading_frequency": 40, "cooperative_guarantee": 50,
        "annual_online_sales_yuan": 60, "cash_flow_cv": 37, "planted_area_mu": 47,
        "harvest_stability": 43, "insurance_coverage_percent": 38, "training_sessions_12m": 37,
    }
    # 46+45+45+50+44+60+50+40+50+60+37+47+43+38+37 = 692 ≥ 680 → A (factor 0.50)
    assert r.total == 692 and r.grade == "A"
    # odds = 50 · 2^((692 − 600)/20) = 50 · 2^4.6 = 1212.6
    assert r.odds == pytest.approx(50 * 2 ** 4.6)
    assert r.bad_rate == pytest.approx(1 / (1 + 50 * 2 ** 4.6))
    # income 85,000 + 60,000 = 145,000; × 0.50 = 72,500; quality +25 % ≥ 20 % → × 1.3 =
    # 94,250; cap 300,000 not reached; rounded down to 100 → 94,200
    assert r.limit.income == D("145000")
    assert r.limit.base == D("72500")
    assert r.limit.uplift_rules == ("quality_improvement",)
    assert r.credit_limit == D("94200")
    assert str(r.credit_limit) == "94200"
    assert not r.limit.capped
    assert [n.code for n in r.limit_reasons] == ["R_QUALITY_UPLIFT"]
    assert r.limit_reasons[0].text == "质检合格率比上一季提高 25%（不低于 20%），额度上浮 30%"
    # shortfalls: cash flow 50−37 = 13, insurance 47−38 = 9, completion 50−44 = 6, then
    # five ties at 5 (repurchase, frequency, sales, harvest, training) and smaller ones
    assert [x.variable for x in r.reasons] == ["cash_flow_cv", "insurance_coverage_percent",
                                               "completion_rate"]
    assert [x.code for x in r.reasons] == ["R_CASH_FLOW", "R_INSURANCE_COVERAGE_MISSING",
                                           "R_COMPLETION_RATE"]
    assert r.reasons[0].text == "月销售波动系数 1.2，高于 1（越低越稳）"
    assert r.reasons[1].text == "没有保险记录（按中性分计）"
    assert r.reasons[2].text == "订单完成率 95%，低于 97%"
    assert r.reasons[2].text_en == "Order completion rate 95%, below 97%"
    assert "97%" in r.reasons[2].advice
    assert (r.reasons[0].points, r.reasons[0].max_points, r.reasons[0].shortfall) == (37, 50, 13)


LI = {  # 李强: no online shop yet, planting only, cooperative guarantee
    "cooperative_guarantee": True,       # 50
    "planted_area_mu": D("6"),           # [3, 10)    42
    "harvest_stability": D("0.7"),       # [0.6, 0.8) 36
    "training_sessions_12m": 1,          # [1, 3)     37
    "insurance_coverage_percent": D("60"),  # [50, 80) 43
    # every shop variable and the repayment history are missing:
    # refund 40, repurchase 40, buyer 40, on-time 35, completion 38, repayment 45,
    # shop age 34, frequency 34, sales 38, cash flow 40 (= 384)
    "expected_harvest_value_yuan": "40,000",
    "quality_change_percent": D("10"),   # below 20 %: no uplift
}


def test_farmer_li_no_shop_grade_d():
    r = score(MODEL, LI)
    # 384 + 50 + 42 + 36 + 37 + 43 = 592 → D (560–599, factor 0.15)
    assert r.total == 592 and r.grade == "D"
    assert r.points["annual_online_sales_yuan"] == 38
    assert r.points["repayment_on_time_rate"] == 45
    # income 0 (no sales) + 40,000 = 40,000; × 0.15 = 6,000; no uplift, no cap
    assert r.credit_limit == D("6000")
    assert r.limit_reasons == []
    # shortfalls: sales 65−38 = 27, shop age 50−34 = 16, then on-time 15 and repayment 15:
    # the tie goes to the variable declared first (on-time)
    assert [x.variable for x in r.reasons] == ["annual_online_sales_yuan", "shop_age_days",
                                               "on_time_shipping_rate"]
    assert r.reasons[0].code == "R_ONLINE_SALES_MISSING"
    assert r.reasons[0].text == "没有店铺订单数据"
    assert r.reasons[0].advice == "在店铺页导入订单或填写月度销售"
    assert r.inputs["expected_harvest_value_yuan"] == "40000"
    assert r.inputs["refund_rate"] is None


ZHAO = {  # 赵军: late repayments and a struggling shop
    "refund_rate": D("0.25"),            # [0.20, +∞)   25
    "on_time_shipping_rate": D("0.70"),  # (-∞, 0.80)   25
    "completion_rate": D("0.80"),        # (-∞, 0.85)   30
    "shop_age_days": 90,                 # (-∞, 180)    30
    "annual_online_sales_yuan": 500,     # (-∞, 1000)   30
    "repayment_on_time_rate": 0.7,       # (-∞, 0.80)   10
    # missing: repurchase 40, buyer 40, frequency 34, coop 40, cash flow 40, area 32,
    # harvest 38, insurance 38, training 35 (= 337)
    "expected_harvest_value_yuan": D("30000"),
}


def test_farmer_zhao_declined():
    r = score(MODEL, ZHAO)
    # 25+25+30+30+30+10 = 150; + 337 = 487 < 560 → E (factor 0)
    assert r.total == 487 and r.grade == "E"
    assert r.odds == pytest.approx(50 * 2 ** ((487 - 600) / 20))  # ≈ 1:1
    assert r.credit_limit == 0
    assert r.declined
    assert [n.code for n in r.limit_reasons] == ["R_DECLINED"]
    assert r.limit_reasons[0].text == "信用等级 E（487 分），本次不予授信，额度为 0"
    # shortfalls: repayment 60−10 = 50, sales 65−30 = 35, refund 25 and on-time 25 (tie →
    # refund, declared first)
    assert [x.code for x in r.reasons] == ["R_REPAYMENT_HISTORY", "R_ONLINE_SALES",
                                           "R_REFUND_RATE"]
    assert [x.text for x in r.reasons] == [
        "以往按期还款比例 70%，低于 80%",
        "近 12 个月网店销售净额 500 元，不到 1,000 元",
        "退货退款率 25%，高于 20%",
    ]
    assert r.reasons[2].advice.endswith("把退货率降到 3% 以下")
    assert r.inputs["repayment_on_time_rate"] == "0.7"


def test_farmer_with_no_data_at_all():
    r = score(MODEL, {})
    # Σ missing points = 567 → D, but no verifiable income → limit 0
    assert r.total == MODEL.neutral_total == 567 and r.grade == "D"
    assert r.credit_limit == 0
    assert [n.code for n in r.limit_reasons] == ["R_NO_INCOME"]
    assert len(r.reasons) == 3


def test_big_seller_is_capped_after_the_uplift():
    inputs = {**WANG, "annual_online_sales_yuan": D("900000")}  # sales bin 65 → total 697, A
    r = score(MODEL, inputs)
    assert r.total == 697 and r.grade == "A"
    # (900,000 + 60,000) × 0.5 × 1.3 = 624,000 > cap 300,000
    assert r.limit.uncapped == D("624000")
    assert r.credit_limit == D("300000") and r.limit.capped
    assert [n.code for n in r.limit_reasons] == ["R_QUALITY_UPLIFT", "R_LIMIT_CAPPED"]
    assert r.limit_reasons[1].text == "按收入可贷 624,000 元，超过产品上限，额度按上限 300,000 元 计"
    # the loan product's own cap replaces the default
    assert score(MODEL, {**inputs, "product_cap_yuan": 50000}).credit_limit == D("50000")


# =========================================================================== quality rule

def _limit(quality: Any, sales: str = "100000", harvest: str = "0") -> D:
    inputs = {**WANG, "annual_online_sales_yuan": D(sales),
              "expected_harvest_value_yuan": D(harvest), "quality_change_percent": quality}
    return score(MODEL, inputs).credit_limit


def test_quality_rule_threshold_is_inclusive_and_read_from_the_model():
    # grade A (sales 100,000 is still in the 60–120k bin): 100,000 × 0.5 = 50,000
    assert _limit(None) == D("50000")
    assert _limit(D("19.99")) == D("50000")
    assert _limit(D("20")) == D("65000")       # × 1.3
    assert _limit(D("80")) == D("65000")       # one uplift, however big the improvement
    assert _limit(D("-30")) == D("50000")      # quality falling never lowers the limit
    # FarmIndicators calls it quality_change: accepted as an alias
    inputs = {k: v for k, v in WANG.items() if k != "quality_change_percent"}
    assert score(MODEL, {**inputs, "quality_change": 25}).limit.uplift_rules == (
        "quality_improvement",)
    # the rule is data: a model asking for 50 % and giving 10 %
    data = raw()
    rule = data["credit_limit"]["uplift_rules"][0]
    rule["min_value"], rule["uplift_percent"] = 50, 10
    other = load_model(data)
    base = {**WANG, "annual_online_sales_yuan": D("100000"), "expected_harvest_value_yuan": 0}
    assert score(other, {**base, "quality_change_percent": 25}).credit_limit == D("50000")
    assert score(other, {**base, "quality_change_percent": 50}).credit_limit == D("55000")


def test_cap_applies_after_the_uplift():
    # base 0.5 × 500,000 = 250,000 < cap; uplifted 325,000 > cap → 300,000
    assert _limit(None, sales="500000") == D("250000")
    assert _limit(25, sales="500000") == D("300000")
    # a model that caps first: min(250,000, 300,000) × 1.3 = 325,000
    data = raw()
    data["credit_limit"]["cap_after_uplift"] = False
    first = load_model(data)
    inputs = {**WANG, "annual_online_sales_yuan": D("500000"), "expected_harvest_value_yuan": 0}
    assert score(first, inputs).credit_limit == D("325000")


def test_limit_rounds_down_to_whole_hundreds():
    # grade D farmer (LI): (12,345.67 + 0) × 0.15 = 1,851.85 → 1,800
    r = score(MODEL, {**LI, "expected_harvest_value_yuan": D("12345.67")})
    assert r.grade == "D"
    assert r.limit.base == D("1851.8505")
    assert r.credit_limit == D("1800")
    # negative online sales (refunds above sales) count as no income, not as a debt
    r = score(MODEL, {**LI, "annual_online_sales_yuan": D("-5000")})
    assert r.limit.income == D("40000")


# =========================================================================== repayment history

def test_no_repayment_history_is_neutral():
    repay = VARIABLES["repayment_on_time_rate"]
    base = {k: v for k, v in WANG.items() if k != "repayment_on_time_rate"}
    none = score(MODEL, base)
    assert none.points["repayment_on_time_rate"] == repay.missing_points == 45
    assert repay.min_points < 45 < repay.max_points
    clean = score(MODEL, {**base, "repayment_on_time_rate": 1})
    late = score(MODEL, {**base, "repayment_on_time_rate": D("0.9")})
    assert late.total < none.total < clean.total
    reason = [x for x in none.reasons if x.variable == "repayment_on_time_rate"]
    assert reason == [] or reason[0].text == "还没有借款还款记录（按中性分计）"
    assert none.bins["repayment_on_time_rate"] == "缺失"


# =========================================================================== inputs

def test_numbers_of_every_accepted_type_give_the_same_points():
    for value in (D("0.96"), 0.96, "0.96", " 0.96 ", "０.９６"):
        r = score(MODEL, {"on_time_shipping_rate": value})
        assert r.points["on_time_shipping_rate"] == 50
        assert r.inputs["on_time_shipping_rate"] == "0.96"
    assert score(MODEL, {"annual_online_sales_yuan": "1,200"}).inputs[
        "annual_online_sales_yuan"] == "1200"
    assert score(MODEL, {"shop_age_days": 1}).points["shop_age_days"] == 30


def test_booleans_and_missing_values():
    assert score(MODEL, {"cooperative_guarantee": True}).points["cooperative_guarantee"] == 50
    assert score(MODEL, {"cooperative_guarantee": False}).points["cooperative_guarantee"] == 35
    assert score(MODEL, {"cooperative_guarantee": "是"}).points["cooperative_guarantee"] == 50
    assert score(MODEL, {"cooperative_guarantee": 0}).points["cooperative_guarantee"] == 35
    for missing in (None, "", "  "):
        r = score(MODEL, {"cooperative_guarantee": missing, "refund_rate": missing})
        assert r.points["cooperative_guarantee"] == 40 and r.points["refund_rate"] == 40


def test_unknown_keys_are_ignored():
    assert score(MODEL, {"colour": "blue", "paid_orders": 3}).total == MODEL.neutral_total


@pytest.mark.parametrize("key, value", [
    ("refund_rate", "abc"),
    ("refund_rate", "1.2.3"),
    ("refund_rate", "85%"),
    ("refund_rate", True),
    ("refund_rate", [0.1]),
    ("refund_rate", {"v": 1}),
    ("refund_rate", date(2024, 1, 1)),
    ("refund_rate", float("nan")),
    ("refund_rate", D("Infinity")),
    ("cooperative_guarantee", 2),
    ("cooperative_guarantee", "maybe"),
    ("cooperative_guarantee", D("0.5")),
    ("expected_harvest_value_yuan", "lots"),
    ("quality_change_percent", object()),
])
def test_bad_input_types_raise_value_error_naming_the_input(key, value):
    with pytest.raises(ValueError, match=key):
        score(MODEL, {key: value})


def test_negative_product_cap_is_refused():
    with pytest.raises(ValueError, match="product_cap_yuan"):
        score(MODEL, {**WANG, "product_cap_yuan": -1})


def test_a_percentage_given_for_a_share_is_flagged():
    r = score(MODEL, {"on_time_shipping_rate": 85})
    assert [w.code for w in r.warnings] == ["scorecard.out_of_range"]
    assert "百分数" in r.warnings[0]
    assert r.points["on_time_shipping_rate"] == 50  # scored in the nearest (top) bin
    assert score(MODEL, {"on_time_shipping_rate": D("0.85")}).warnings == []
    low = score(MODEL, {"planted_area_mu": -1})
    assert low.points["planted_area_mu"] == 30 and low.warnings


def test_sales_and_farm_indicators_feed_the_score_directly():
    ind = SalesIndicators(
        as_of=date(2024, 7, 10), paid_orders=8, refund_rate=D("0.2500"),
        refund_amount_rate=D("0.1200"), repurchase_rate=D("0.5000"),
        buyer_concentration=Concentration(D("0.4250"), D("0.3038")),
        order_value_cv=D("0.4138"), on_time_shipping_rate=D("0.7143"),
        completion_rate=D("0.6667"), after_sales_response_hours=D("16.0"), shop_age_days=848,
        trading_frequency=D("0.75"), cash_flow_cv=D("0.2615"), settlement_days=D("7.3"),
        net_sales_12m=D("390.00"))
    farm = FarmIndicators(planted_area_mu=D("3.50"), seasons_recent=1, harvests_recorded=2,
                          yield_ratios=(D("0.8"), D("1.2")), harvest_stability=D("0.8000"),
                          online_share=D("50.00"), quality_pass_rate=D("95.00"),
                          quality_previous=D("80.00"), quality_change=D("18.75"))
    r = score(MODEL, {**ind.values(), **asdict(farm)})
    # the worked examples of docs/indicators.md
    assert r.points["refund_rate"] == 25            # 25 % ≥ 20 %
    assert r.points["repurchase_rate"] == 50        # 50 % ≥ 30 %
    assert r.points["buyer_top_share"] == 38        # 42.5 % in [30 %, 50 %)
    assert r.points["on_time_shipping_rate"] == 25  # 71.43 % < 80 %
    assert r.points["completion_rate"] == 30        # 66.67 % < 85 %
    assert r.points["shop_age_days"] == 50          # 848 ≥ 730
    assert r.points["trading_frequency"] == 30      # 0.75 < 5 a month
    assert r.points["cash_flow_cv"] == 50           # 0.2615 < 0.5
    assert r.points["annual_online_sales_yuan"] == 30  # net_sales_12m alias: 390 < 1,000
    assert r.points["planted_area_mu"] == 42        # 3.5 mu in [3, 10)
    assert r.points["harvest_stability"] == 43      # 0.8 in [0.8, 0.9)
    assert r.inputs["quality_change_percent"] == "18.75"
    assert r.limit.uplift_rules == ()               # +18.75 % < 20 %
    assert r.warnings == []


def test_the_id_wins_over_its_alias():
    r = score(MODEL, {"annual_online_sales_yuan": 200000, "net_sales_12m": 10})
    assert r.points["annual_online_sales_yuan"] == 65
    r = score(MODEL, {"annual_online_sales_yuan": None, "net_sales_12m": 200000})
    assert r.points["annual_online_sales_yuan"] == 38  # explicit None = missing


def test_what_if_returns_before_and_after():
    before, after = what_if(MODEL, ZHAO, {"repayment_on_time_rate": 1, "refund_rate": "0.02"})
    assert before == score(MODEL, ZHAO)
    # repayment 10 → 60 (+50), refund 25 → 50 (+25): 487 + 75 = 562 → D
    assert after.total == 562 and after.grade == "D"
    assert after.credit_limit == D("4500")  # (500 + 30,000) × 0.15 = 4,575 → 4,500
    _, gone = what_if(MODEL, WANG, {"annual_online_sales_yuan": None})
    assert gone.points["annual_online_sales_yuan"] == 38
    assert ZHAO["refund_rate"] == D("0.25")  # inputs untouched


def test_result_is_frozen_and_json_ready():
    r = score(MODEL, WANG)
    assert isinstance(r, ScoreResult)
    with pytest.raises(AttributeError):
        r.total = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        r.reasons[0].code = "X"  # type: ignore[misc]
    stored = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))
    assert stored["model_id"] == "rural_ecommerce_credit" and stored["model_version"] == 1
    assert stored["model_digest"] == MODEL.digest
    assert stored["credit_limit"] == "94200"
    assert stored["points"] == r.points
    assert [x["code"] for x in stored["reasons"]] == list(r.reason_codes)
    json.dumps(r.inputs)
    assert set(r.inputs) == set(VARIABLES) | {f.id for f in MODEL.input_fields}
    assert r.max_points == {v.id: v.max_points for v in MODEL.variables}


def test_format_value():
    assert format_value("fraction", D("0.8500")) == "85%"
    assert format_value("fraction", D("0.71428")) == "71.43%"
    assert format_value("percent", D("18.750")) == "18.75%"
    assert format_value("yuan", D("1234567")) == "1,234,567 元"
    assert format_value("yuan", D("1234.5")) == "1,234.50 元"
    assert format_value("yuan", D("1234.5"), "en") == "1,234.50 yuan"
    assert format_value("mu", D("3.50")) == "3.5 亩"
    assert format_value("days", D(848)) == "848 天"
    assert format_value("ratio", D("1.0000")) == "1"
    assert format_value("boolean", True) == "是" and format_value("boolean", False, "en") == "no"
    assert format_value("fraction", None) == "—"


# =========================================================================== properties

def _value_strategy(v: Variable) -> st.SearchStrategy[Any]:
    if v.kind == "boolean":
        return st.booleans()
    if v.kind == "categorical":
        return st.sampled_from(v.order)
    lo, hi = v.range
    lo = D(-200000) if lo is None else lo
    hi = D(2000000) if hi is None else hi
    if v.unit in ("fraction", "ratio"):
        return st.decimals(min_value=lo, max_value=min(hi, D(3)), places=4)
    return st.decimals(min_value=lo, max_value=hi, places=2)


def _inputs(model: ScoreModel) -> st.SearchStrategy[dict[str, Any]]:
    fields = {v.id: st.none() | _value_strategy(v) for v in model.variables}
    money = st.none() | st.decimals(min_value=-1000, max_value=2_000_000, places=2)
    fields["expected_harvest_value_yuan"] = money
    fields["quality_change_percent"] = st.none() | st.decimals(min_value=-100, max_value=200,
                                                                places=2)
    fields["product_cap_yuan"] = st.none() | st.decimals(min_value=0, max_value=1_000_000,
                                                          places=0)
    return st.fixed_dictionaries(fields)


def _as_other_type(value: Any) -> st.SearchStrategy[Any]:
    if isinstance(value, D):
        return st.sampled_from([value, str(value), float(value)])
    return st.just(value)


@settings(max_examples=300, deadline=None)
@given(inputs=_inputs(MODEL), data=st.data())
def test_total_is_the_sum_of_points(inputs, data):
    mixed = {k: data.draw(_as_other_type(v)) for k, v in inputs.items()}
    r = score(MODEL, mixed)
    assert r.total == sum(r.points.values())
    assert set(r.points) == set(VARIABLES)
    assert MODEL.min_total <= r.total <= MODEL.max_total
    for vid, pts in r.points.items():
        assert r.min_points[vid] <= pts <= r.max_points[vid]
    assert r.grade == MODEL.grade_for(r.total).grade
    assert r.odds == pytest.approx(50 * 2 ** ((r.total - 600) / 20))
    assert r.credit_limit >= 0 and r.credit_limit % 100 == 0
    assert r.credit_limit <= r.limit.cap
    json.dumps(r.to_dict())


@settings(max_examples=400, deadline=None)
@given(inputs=_inputs(MODEL), data=st.data())
def test_improving_a_variable_never_lowers_the_total_or_the_limit(inputs, data):
    v = data.draw(st.sampled_from(MODEL.variables), label="variable")
    a = data.draw(_value_strategy(v), label="value")
    b = data.draw(_value_strategy(v), label="other")
    if v.kind == "numeric":
        worse, better = (min(a, b), max(a, b)) if v.higher_better else (max(a, b), min(a, b))
    else:
        ia, ib = v.order.index(a), v.order.index(b)
        lo, hi = (a, b) if ia <= ib else (b, a)
        worse, better = (lo, hi) if v.higher_better else (hi, lo)
    r_worse = score(MODEL, {**inputs, v.id: worse})
    r_better = score(MODEL, {**inputs, v.id: better})
    assert r_better.points[v.id] >= r_worse.points[v.id]
    assert r_better.total >= r_worse.total
    assert r_better.credit_limit >= r_worse.credit_limit


@settings(max_examples=200, deadline=None)
@given(inputs=_inputs(MODEL), more=st.decimals(min_value=0, max_value=500_000, places=2))
def test_more_income_or_quality_never_lowers_the_limit(inputs, more):
    base = score(MODEL, inputs)
    harvest = inputs["expected_harvest_value_yuan"] or D(0)
    richer = score(MODEL, {**inputs, "expected_harvest_value_yuan": harvest + more})
    assert richer.credit_limit >= base.credit_limit
    quality = inputs["quality_change_percent"] or D(-100)
    better = score(MODEL, {**inputs, "quality_change_percent": quality + more})
    assert better.credit_limit >= base.credit_limit


@settings(max_examples=300, deadline=None)
@given(inputs=_inputs(MODEL))
def test_reasons_are_the_largest_shortfalls(inputs):
    r = score(MODEL, inputs)
    short = {vid: r.max_points[vid] - r.points[vid] for vid in r.points}
    expected = sorted((vid for vid, s in short.items() if s > 0),
                      key=lambda vid: (-short[vid], INDEX[vid]))[:3]
    assert [x.variable for x in r.reasons] == expected
    assert len(r.reasons) <= 3
    for reason in r.reasons:
        assert isinstance(reason, Reason)
        assert reason.shortfall == short[reason.variable] > 0
        assert reason.text and reason.advice and reason.text_en and reason.advice_en
        assert "{" not in reason.text + reason.advice + reason.text_en + reason.advice_en
        assert reason.code.startswith(VARIABLES[reason.variable].reason_code)
    if r.reasons:
        smallest = min(x.shortfall for x in r.reasons)
        others = [s for vid, s in short.items() if vid not in {x.variable for x in r.reasons}]
        assert all(s <= smallest for s in others)


def test_fewer_than_three_reasons_when_few_fall_short():
    best = {v.id: _best_value(v) for v in MODEL.variables}
    r = score(MODEL, best)
    assert r.total == MODEL.max_total and r.reasons == [] and r.warnings == []
    r = score(MODEL, {**best, "training_sessions_12m": 0})
    assert [x.code for x in r.reasons] == ["R_TRAINING"]
    assert r.reasons[0].text == "近 12 个月参加数字技能培训 0 次，少于 1 次"


def test_reason_texts_for_each_variable_show_the_value():
    best = {u.id: _best_value(u) for u in MODEL.variables}
    for v in MODEL.variables:
        worst = min(v.bins, key=lambda b: b.points)
        value = worst.value if v.kind != "numeric" else (
            worst.lo if worst.lo is not None else worst.hi - D("0.01"))
        r = score(MODEL, {**best, v.id: value})
        assert [x.variable for x in r.reasons] == [v.id]  # the only shortfall
        reason = r.reasons[0]
        assert reason.code == v.reason_code and reason.shortfall == v.max_points - v.min_points
        if v.kind == "numeric":
            assert v.format_value(value) in reason.text, (v.id, reason.text)
            assert v.format_value(value, "en") in reason.text_en
        missing = score(MODEL, {**best, v.id: None}).reasons[0]
        assert missing.code == f"{v.reason_code}_MISSING" and missing.text and missing.advice


def _best_value(v: Variable) -> Any:
    """A value in the variable's best bin (inside the declared range)."""
    top = next(b for b in (v.bins if v.higher_better else v.bins[::-1])[::-1]
               if b.points == v.max_points)
    if v.kind != "numeric":
        return top.value
    if top.lo is not None:
        return top.lo
    return v.range[0] if v.range[0] is not None else top.hi - 1


# =========================================================================== malformed models

def _assert_refused(data: Any, code: str, *words: str) -> ModelError:
    error = problems_of(data)
    assert isinstance(error, ValueError)
    assert code in error.codes, str(error)
    text = str(error)
    for word in words:
        assert word in text, text
    assert all(isinstance(p, Message) and p.en for p in error.problems)
    return error


def test_overlapping_bins_are_refused():
    data = raw()
    var(data, "on_time_shipping_rate")["bins"][1]["hi"] = 0.93  # [0.8, 0.93) vs [0.9, 0.95)
    _assert_refused(data, "scorecard.bins_overlap", "variables[3].bins",
                    "变量 on_time_shipping_rate 的分箱 [0.8, 0.93) 与 [0.9, 0.95) 重叠")


def test_two_open_ended_bins_overlap():
    data = raw()
    var(data, "refund_rate")["bins"][1]["lo"] = None
    _assert_refused(data, "scorecard.bins_overlap", "refund_rate")


def test_a_gap_between_bins_is_refused():
    data = raw()
    var(data, "refund_rate")["bins"][1]["lo"] = 0.035
    _assert_refused(data, "scorecard.bins_gap", "refund_rate", "空隙", "[0.03, 0.035)")


def test_bins_must_cover_the_declared_range():
    data = raw()
    var(data, "shop_age_days")["bins"][-2]["hi"] = 5000  # last value bin ends at 5000 days
    _assert_refused(data, "scorecard.bins_uncovered", "shop_age_days", "+∞")
    data = raw()
    var(data, "refund_rate")["bins"][0]["lo"] = 0.01  # 0–1 % is not covered
    _assert_refused(data, "scorecard.bins_uncovered", "refund_rate")


def test_an_empty_bin_is_refused():
    data = raw()
    var(data, "refund_rate")["bins"][1]["hi"] = 0.03  # [0.03, 0.03)
    _assert_refused(data, "scorecard.bin_empty", "refund_rate")


def test_a_variable_without_missing_bin_is_refused():
    data = raw()
    var(data, "repurchase_rate")["bins"].pop()
    _assert_refused(data, "scorecard.missing_bin_absent", "repurchase_rate", "缺失值分箱")


def test_two_missing_bins_are_refused():
    data = raw()
    var(data, "buyer_top_share")["bins"].append({"missing": True, "points": 40})
    _assert_refused(data, "scorecard.missing_bin_duplicate", "buyer_top_share", "2 个缺失值分箱")


def test_missing_points_outside_the_value_bins_are_refused():
    data = raw()
    var(data, "buyer_top_share")["bins"][-1]["points"] = 99
    _assert_refused(data, "scorecard.missing_points_outside", "buyer_top_share")


def test_non_monotone_points_are_refused():
    data = raw()
    var(data, "completion_rate")["bins"][0]["points"] = 45  # worst bin above the next one
    _assert_refused(data, "scorecard.not_monotone", "completion_rate", "不单调")
    data = raw()
    var(data, "refund_rate")["bins"][3]["points"] = 47  # lower_better: 10–20 % > 5–10 %
    _assert_refused(data, "scorecard.not_monotone", "refund_rate", "越低越好")
    data = raw()
    cg = var(data, "cooperative_guarantee")
    cg["bins"][0]["points"], cg["bins"][1]["points"] = 50, 35  # false better than true
    _assert_refused(data, "scorecard.not_monotone", "cooperative_guarantee")


def test_points_must_be_integers():
    data = raw()
    var(data, "refund_rate")["bins"][0]["points"] = 49.5
    _assert_refused(data, "scorecard.not_integer", "variables[0].bins[0].points", "整数")
    data = raw()
    var(data, "refund_rate")["bins"][0]["points"] = True
    _assert_refused(data, "scorecard.not_integer")


def test_unordered_grades_are_refused():
    data = raw()
    data["grades"][1]["min_score"] = 700  # B above A
    _assert_refused(data, "scorecard.grades_unordered", "grades[1].min_score", "从高到低")
    data = raw()
    data["grades"][2]["min_score"] = 640  # equal cut-offs are not strictly ordered
    _assert_refused(data, "scorecard.grades_unordered")


def test_grade_problems():
    data = raw()
    del data["grades"][2]["limit_factor"]
    _assert_refused(data, "scorecard.grade_no_factor", "等级 C 没有额度系数")
    data = raw()
    data["grades"][3]["limit_factor"] = "0.45"  # D would lend more than C
    _assert_refused(data, "scorecard.grade_factors_unordered")
    data = raw()
    data["grades"][-1]["min_score"] = 300
    _assert_refused(data, "scorecard.grades_not_covering", "null")
    data = raw()
    data["grades"][1]["grade"] = "A"
    _assert_refused(data, "scorecard.duplicate_grade")
    data = raw()
    data["grades"][0]["limit_factor"] = "-1"
    _assert_refused(data, "scorecard.negative")


def test_unknown_field_in_the_limit_rule_is_refused():
    data = raw()
    data["credit_limit"]["income_fields"].append("annual_salary_yuan")
    _assert_refused(data, "scorecard.limit_unknown_field", "annual_salary_yuan",
                    "credit_limit.income_fields[2]")
    data = raw()
    data["credit_limit"]["uplift_rules"][0]["field"] = "quality_pass_change"
    _assert_refused(data, "scorecard.limit_unknown_field", "quality_pass_change")
    data = raw()
    data["credit_limit"]["income_fields"] = ["planted_area_mu"]  # not money
    _assert_refused(data, "scorecard.limit_field_unit", "planted_area_mu")


def test_scaling_must_be_positive():
    for key in ("base_score", "base_odds", "pdo"):
        data = raw()
        data["scaling"][key] = 0
        _assert_refused(data, "scorecard.not_positive", f"scaling.{key}")
    data = raw()
    data["scaling"]["pdo"] = "twenty"
    _assert_refused(data, "scorecard.not_number", "scaling.pdo")


def test_duplicate_variable_ids_are_refused():
    data = raw()
    data["variables"][5]["id"] = "refund_rate"
    _assert_refused(data, "scorecard.duplicate_variable", "variables[5].id", "refund_rate 重复")
    data = raw()
    var(data, "refund_rate")["aliases"] = ["net_sales_12m"]  # alias of another variable
    _assert_refused(data, "scorecard.duplicate_variable", "net_sales_12m")


def test_reason_texts_are_required_in_both_languages():
    data = raw()
    del var(data, "shop_age_days")["reason"]["en"]
    _assert_refused(data, "scorecard.missing_field", "variables[6].reason", "“en”")
    data = raw()
    var(data, "shop_age_days")["missing_reason"]["advice_zh"] = ""
    _assert_refused(data, "scorecard.empty_text", "missing_reason.advice_zh")
    data = raw()
    del var(data, "shop_age_days")["reason"]["code"]
    _assert_refused(data, "scorecard.missing_field")
    data = raw()
    var(data, "shop_age_days")["reason"]["zh"] = "店铺开得太短"  # no {value}
    _assert_refused(data, "scorecard.template_no_value", "{value}")
    data = raw()
    var(data, "shop_age_days")["reason"]["zh"] = "店铺开了 {vaule}"
    _assert_refused(data, "scorecard.template_placeholder", "{vaule}")
    data = raw()
    var(data, "shop_age_days")["reason"]["zh"] = "店铺开了 {value"
    _assert_refused(data, "scorecard.template_syntax")
    data = raw()
    var(data, "planted_area_mu")["reason"]["code"] = var(data, "refund_rate")["reason"]["code"]
    _assert_refused(data, "scorecard.duplicate_reason_code", "R_REFUND_RATE")
    data = raw()
    del data["credit_limit"]["texts"]["declined"]
    _assert_refused(data, "scorecard.missing_field", "credit_limit.texts")


@pytest.mark.parametrize("mutate, code", [
    (lambda d: d.pop("id"), "scorecard.missing_field"),
    (lambda d: d.update(version="1"), "scorecard.not_integer"),
    (lambda d: d.update(version=0), "scorecard.bad_version"),
    (lambda d: d.update(effective_date="2025-13-01"), "scorecard.bad_date"),
    (lambda d: d.update(variables={}), "scorecard.wrong_type"),
    (lambda d: d.update(variables=[]), "scorecard.empty_list"),
    (lambda d: d.update(grades=[]), "scorecard.empty_list"),
    (lambda d: d.update(colour="blue"), "scorecard.unknown_field"),
    (lambda d: d["variables"][0].update(poins=3), "scorecard.unknown_field"),
    (lambda d: d["variables"][0].update(direction="up"), "scorecard.bad_direction"),
    (lambda d: d["variables"][0].update(kind="number"), "scorecard.bad_kind"),
    (lambda d: d["variables"][0].update(unit="percent_share"), "scorecard.bad_unit"),
    (lambda d: d["variables"][0].update(dimension="luck"), "scorecard.unknown_dimension"),
    (lambda d: d["variables"][0].update(range=[1, 0]), "scorecard.bad_range"),
    (lambda d: d["variables"][0].pop("range"), "scorecard.missing_field"),
    (lambda d: d["variables"][0].update(id="Refund Rate"), "scorecard.bad_id"),
    (lambda d: d["variables"][0]["bins"][0].update(lo="low"), "scorecard.not_number"),
    (lambda d: d["variables"][0]["bins"].__setitem__(0, 5), "scorecard.wrong_type"),
    (lambda d: d["credit_limit"].update(default_cap_yuan="0"), "scorecard.not_positive"),
    (lambda d: d["credit_limit"].update(round_down_to_yuan=-100), "scorecard.not_positive"),
    (lambda d: d["credit_limit"].update(cap_after_uplift="yes"), "scorecard.wrong_type"),
    (lambda d: d["credit_limit"]["uplift_rules"][0].update(uplift_percent=0),
     "scorecard.not_positive"),
    (lambda d: d["credit_limit"].update(cap_field="nothing"), "scorecard.limit_unknown_field"),
    (lambda d: d["inputs"][0].update(id="refund_rate"), "scorecard.duplicate_variable"),
    (lambda d: d["dimensions"].append(dict(d["dimensions"][0])),
     "scorecard.duplicate_dimension"),
])
def test_other_malformed_models(mutate: Callable[[dict[str, Any]], Any], code: str):
    data = raw()
    mutate(data)
    _assert_refused(data, code)


def test_all_problems_are_collected():
    data = raw()
    var(data, "on_time_shipping_rate")["bins"][1]["hi"] = 0.93
    var(data, "refund_rate")["bins"][1]["lo"] = 0.035
    var(data, "repurchase_rate")["bins"].pop()
    data["grades"][1]["min_score"] = 700
    data["scaling"]["pdo"] = -20
    error = problems_of(data)
    assert {"scorecard.bins_overlap", "scorecard.bins_gap", "scorecard.missing_bin_absent",
            "scorecard.grades_unordered", "scorecard.not_positive"} <= set(error.codes)
    assert str(error).startswith(f"评分模型有 {len(error.problems)} 个问题")
    assert "problem" in error.en


def test_bad_json_file_is_refused(tmp_path):
    bad = tmp_path / "model.json"
    bad.write_text('{"id": "x",\n "version": }', encoding="utf-8")
    error = _assert_refused(bad, "scorecard.json_invalid", "第 2 行")
    assert len(error.problems) == 1
    bad.write_text('{"id": "x", "version": NaN}', encoding="utf-8")
    _assert_refused(bad, "scorecard.json_invalid", "NaN")
    bad.write_text('{"id": "x", "id": "y"}', encoding="utf-8")
    _assert_refused(bad, "scorecard.duplicate_key", "“id”")
    bad.write_bytes(b"\xff\xfe\x00garbage")
    _assert_refused(bad, "scorecard.file_unreadable")
    bad.write_text("[1, 2]", encoding="utf-8")
    _assert_refused(bad, "scorecard.wrong_type")


def test_missing_file_is_refused(tmp_path):
    missing = tmp_path / "nowhere" / "credit_v9.json"
    _assert_refused(missing, "scorecard.file_missing", "找不到评分模型文件", "credit_v9.json")
    _assert_refused(str(missing), "scorecard.file_missing")


def test_shipped_file_round_trips_through_a_file(tmp_path):
    copy_path = tmp_path / "copy.json"
    copy_path.write_text(json.dumps(MODEL.to_dict(), ensure_ascii=False, indent=4),
                         encoding="utf-8-sig")
    assert load_model(copy_path).digest == MODEL.digest


# =========================================================================== categorical variables

def _with_categorical() -> dict[str, Any]:
    data = raw()
    data["variables"].append({
        "id": "cooperative_role", "label_zh": "合作社关系", "label_en": "Cooperative role",
        "dimension": "cooperation_stability", "kind": "categorical", "unit": "category",
        "direction": "higher_better", "order": ["none", "member", "board"],
        "bins": [{"value": "member", "points": 40}, {"value": "none", "points": 30},
                 {"value": "board", "points": 45}, {"missing": True, "points": 35}],
        "reason": {"code": "R_COOP_ROLE", "zh": "合作社关系：{value}，不如 {next}",
                   "en": "Cooperative role: {value}, below {next}",
                   "advice_zh": "加入合作社", "advice_en": "Join a cooperative"},
        "missing_reason": {"zh": "没有登记合作社关系", "en": "No cooperative role recorded",
                           "advice_zh": "登记合作社关系", "advice_en": "Record it"},
    })
    return data


def test_categorical_variables_follow_their_declared_order():
    model = load_model(_with_categorical())
    v = model.variable("cooperative_role")
    assert [b.value for b in v.bins] == ["none", "member", "board"]
    assert score(model, {"cooperative_role": "member"}).points["cooperative_role"] == 40
    r = score(model, {**{u.id: _best_value(u) for u in MODEL.variables},
                      "cooperative_role": "none"})
    assert r.reasons[0].text == "合作社关系：none，不如 member"
    with pytest.raises(ValueError, match="cooperative_role"):
        score(model, {"cooperative_role": "chairman"})
    with pytest.raises(ValueError, match="cooperative_role"):
        score(model, {"cooperative_role": 3})


def test_categorical_models_are_checked():
    data = _with_categorical()
    data["variables"][-1]["bins"][2]["points"] = 35  # board below member
    _assert_refused(data, "scorecard.not_monotone", "cooperative_role")
    data = _with_categorical()
    data["variables"][-1]["bins"].pop(0)  # no bin for "member"
    _assert_refused(data, "scorecard.bins_gap", "member")
    data = _with_categorical()
    data["variables"][-1]["bins"][0]["value"] = "chair"
    _assert_refused(data, "scorecard.bin_unknown_value", "chair")
    data = _with_categorical()
    data["variables"][-1]["order"] = ["none", "none"]
    _assert_refused(data, "scorecard.bad_order")
    data = _with_categorical()
    del data["variables"][-1]["order"]
    _assert_refused(data, "scorecard.missing_field", "order")


def test_score_needs_a_model():
    with pytest.raises(TypeError):
        score(RAW, {})  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        score(MODEL, [("refund_rate", 1)])  # type: ignore[arg-type]
    assert not math.isnan(score(MODEL, {}).odds)

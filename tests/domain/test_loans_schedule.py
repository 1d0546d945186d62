"""Repayment schedules and the annualized rate (station_app.domain.loans, DOMAIN.md §6).

Hand-computed cases (the arithmetic is in the comments), properties over generated loans,
and a comparison with numpy-financial (npf.pmt / npf.ipmt / npf.irr) for a few hundred
seeded-random loans.
"""

from __future__ import annotations

import contextlib
import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy_financial as npf  # dev dependency: numpy-financial
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.loans import (
    BULLET,
    EQUAL_INSTALLMENT,
    EQUAL_PRINCIPAL,
    METHODS,
    MONTHLY_INTEREST,
    Installment,
    LoanInputError,
    add_months,
    annualized_rate,
    annualized_rate_percent,
    build_schedule,
    months_to_cover,
)

D = Decimal
FEN = D("0.01")
PROPERTY = settings(deadline=None, database=None, max_examples=300)


def fen(x: Decimal) -> Decimal:
    return x.quantize(FEN, rounding=ROUND_HALF_UP)


def rows(schedule):
    return [(r.due_date, r.principal, r.interest, r.total, r.balance) for r in schedule]


# =========================================================================== hand computed

def test_equal_installment_100k_6pct_12_months():
    # r = 0.06 / 12 = 0.005; (1.005)^12 = 1.0616778118644996
    # M = 100000 × 0.005 × 1.0616778118644996 / 0.0616778118644996 = 8606.6429707 → 8606.64
    s = build_schedule(D("100000"), D("0.06"), 12, EQUAL_INSTALLMENT, date(2024, 1, 15))
    assert len(s) == 12
    assert all(r.total == D("8606.64") for r in s[:-1])
    # month 1: interest 100000 × 0.005 = 500.00, principal 8606.64 − 500.00 = 8106.64
    assert rows(s)[0] == (date(2024, 2, 15), D("8106.64"), D("500.00"), D("8606.64"),
                          D("91893.36"))
    # month 2: interest 91893.36 × 0.005 = 459.4668 → 459.47, principal 8147.17
    assert rows(s)[1] == (date(2024, 3, 15), D("8147.17"), D("459.47"), D("8606.64"),
                          D("83746.19"))
    # month 12: balance after month 11 is 8563.87; interest 8563.87 × 0.005 = 42.81935 → 42.82;
    # the last installment repays the whole balance: 8563.87 + 42.82 = 8606.69 (5 fen above M,
    # the accumulated rounding of M)
    assert rows(s)[-1] == (date(2025, 1, 15), D("8563.87"), D("42.82"), D("8606.69"),
                           D("0.00"))
    assert sum(r.principal for r in s) == D("100000.00")
    # total interest = 11 × 8606.64 + 8606.69 − 100000 = 3279.73
    assert sum(r.interest for r in s) == D("3279.73")


def test_equal_principal_120k_6pct_12_months():
    # principal 120000 / 12 = 10000 a month; interest month k = (120000 − 10000(k−1)) × 0.005
    # = 600, 550, …, 50; total interest 50 × (12 + 11 + … + 1) = 50 × 78 = 3900
    s = build_schedule(D("120000"), D("0.06"), 12, EQUAL_PRINCIPAL, date(2024, 3, 1))
    assert [r.principal for r in s] == [D("10000.00")] * 12
    assert [r.interest for r in s] == [D(600 - 50 * k) for k in range(12)]
    assert s[0].total == D("10600.00") and s[-1].total == D("10050.00")
    assert [r.balance for r in s] == [D(120000 - 10000 * k) for k in range(1, 13)]
    assert sum(r.interest for r in s) == D("3900.00")


def test_monthly_interest_50k_435_6_months():
    # 50000 × 0.0435 / 12 = 181.25 a month, principal with the last installment
    s = build_schedule(D("50000"), D("0.0435"), 6, MONTHLY_INTEREST, date(2024, 4, 10))
    assert [r.interest for r in s] == [D("181.25")] * 6
    assert [r.principal for r in s] == [D("0.00")] * 5 + [D("50000.00")]
    assert [r.balance for r in s] == [D("50000.00")] * 5 + [D("0.00")]
    assert s[-1].total == D("50181.25")
    assert s[-1].due_date == date(2024, 10, 10)


def test_bullet_interest_by_actual_days_over_360():
    # 2024-03-15 → 2024-09-15 = 31+30+31+30+31+31 = 184 days
    # 100000 × 0.0435 × 184 / 360 = 800400 / 360 = 2223.333… → 2223.33
    s = build_schedule(D("100000"), D("0.0435"), 6, BULLET, date(2024, 3, 15))
    assert rows(s) == [(date(2024, 9, 15), D("100000.00"), D("2223.33"), D("102223.33"),
                        D("0.00"))]
    assert s[0].days == 184 and s[0].interest_by_days


def test_bullet_rounding_is_half_up_on_the_exact_value():
    # 1000 × 0.0657 × 31 / 360 = 2036.7 / 360 = 5.6575 → 5.66
    assert build_schedule(D("1000"), D("0.0657"), 1, BULLET, date(2025, 1, 1))[0].interest \
        == D("5.66")
    # an exact half fen: 2025-04-01 → 05-01 is 30 days; 1.20 × 0.05 × 30 / 360 = 0.005 → 0.01
    # (0.05 / 360 = 0.000138… does not terminate, so it must not be rounded first)
    assert build_schedule(D("1.20"), D("0.05"), 1, BULLET, date(2025, 4, 1))[0].interest \
        == D("0.01")
    # 300 × 0.06 × 31 / 360 = 1.55 exactly
    assert build_schedule(D("300"), D("0.06"), 1, BULLET, date(2025, 1, 1))[0].interest \
        == D("1.55")


def test_interest_half_fen_is_rounded_up_exactly():
    # 1.20 × 0.05 / 12 = 0.005 exactly: half-up gives 0.01 (a rounded r = 0.0041666… could
    # land on 0.00499…); monthly_interest charges it every month.
    s = build_schedule(D("1.20"), D("0.05"), 2, MONTHLY_INTEREST, date(2025, 1, 1))
    assert [r.interest for r in s] == [D("0.01"), D("0.01")]


def test_one_month_is_one_installment():
    # equal installments over 1 month: M = P·r(1+r)/((1+r) − 1) = P(1+r) = 10000 × 1.01
    for method in (EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, MONTHLY_INTEREST):
        s = build_schedule(D("10000"), D("0.12"), 1, method, date(2025, 5, 20))
        assert rows(s) == [(date(2025, 6, 20), D("10000.00"), D("100.00"), D("10100.00"),
                            D("0.00"))], method


def test_zero_rate_equal_installments_split_evenly_last_absorbs():
    # 100 / 3 = 33.333… → 33.33, 33.33, last 100 − 66.66 = 33.34
    s = build_schedule(D("100"), D("0"), 3, EQUAL_INSTALLMENT, date(2025, 1, 1))
    assert [r.total for r in s] == [D("33.33"), D("33.33"), D("33.34")]
    # 200 / 3 = 66.666… → 66.67, 66.67, last 200 − 133.34 = 66.66
    s = build_schedule(D("200"), D("0"), 3, EQUAL_INSTALLMENT, date(2025, 1, 1))
    assert [r.total for r in s] == [D("66.67"), D("66.67"), D("66.66")]
    for method in METHODS:
        s = build_schedule(D("1234.56"), D(0), 7, method, date(2025, 1, 1))
        assert all(r.interest == 0 for r in s)
        assert sum(r.principal for r in s) == D("1234.56")


def test_odd_amount_over_seven_months():
    # equal principal: 10000.01 / 7 = 1428.5728… → 1428.57; last = 10000.01 − 6 × 1428.57
    # = 10000.01 − 8571.42 = 1428.59
    s = build_schedule(D("10000.01"), D("0.0435"), 7, EQUAL_PRINCIPAL, date(2025, 1, 1))
    assert [r.principal for r in s] == [D("1428.57")] * 6 + [D("1428.59")]
    # interest month 1: 10000.01 × 0.0435 / 12 = 36.250036… → 36.25
    assert s[0].interest == D("36.25")
    s = build_schedule(D("10000.01"), D("0.0435"), 7, EQUAL_INSTALLMENT, date(2025, 1, 1))
    assert sum(r.principal for r in s) == D("10000.01")
    # M = 10000.01 × r(1+r)^7/((1+r)^7 − 1), r = 0.003625 → 1446.69…
    assert s[0].total == fen(D(str(npf.pmt(0.0435 / 12, 7, -10000.01))))


def test_tiny_loan_never_overshoots():
    # 0.30 over 12 months at 0 %: P/n = 0.025 → 0.03; 11 × 0.03 = 0.33 would overshoot, so
    # the principal stops at what is owed and later rows carry 0.
    for method in (EQUAL_INSTALLMENT, EQUAL_PRINCIPAL):
        s = build_schedule(D("0.30"), D("0"), 12, method, date(2025, 1, 1))
        assert sum(r.principal for r in s) == D("0.30")
        assert all(r.principal >= 0 and r.balance >= 0 for r in s)
        assert s[-1].balance == 0
    s = build_schedule(D("0.01"), D("0.24"), 360, EQUAL_INSTALLMENT, date(2025, 1, 1))
    assert sum(r.principal for r in s) == D("0.01") and all(r.principal >= 0 for r in s)


def test_large_amount_one_billion():
    for method in METHODS:
        s = build_schedule(D("1000000000.00"), D("0.0435"), 360, method, date(2024, 2, 29))
        assert sum(r.principal for r in s) == D("1000000000.00")
        assert s[-1].balance == 0
    s = build_schedule(D("1000000000"), D("0.06"), 12, EQUAL_INSTALLMENT, date(2024, 1, 15))
    # 10^4 × the 100,000 case: M = 86066429.707… → 86066429.71
    assert s[0].total == D("86066429.71")


# =========================================================================== dates

def test_month_end_start_clamps_without_drifting():
    s = build_schedule(D("1300"), D("0.06"), 13, EQUAL_PRINCIPAL, date(2024, 1, 31))
    assert [r.due_date for r in s] == [
        date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31),
        date(2024, 6, 30), date(2024, 7, 31), date(2024, 8, 31), date(2024, 9, 30),
        date(2024, 10, 31), date(2024, 11, 30), date(2024, 12, 31), date(2025, 1, 31),
        date(2025, 2, 28)]
    assert s[0].period_start == date(2024, 1, 31) and s[1].period_start == date(2024, 2, 29)


def test_leap_day_start():
    s = build_schedule(D("4800"), D("0.06"), 48, EQUAL_PRINCIPAL, date(2024, 2, 29))
    assert s[0].due_date == date(2024, 3, 29)
    assert s[11].due_date == date(2025, 2, 28)  # 2025 has no Feb 29
    assert s[47].due_date == date(2028, 2, 29)  # 2028 has
    assert build_schedule(D("100"), D("0.06"), 12, BULLET, date(2024, 2, 29))[0].due_date \
        == date(2025, 2, 28)
    # bullet over a leap February: 2024-01-31 → 2024-02-29 is 29 days
    b = build_schedule(D("36000"), D("0.10"), 1, BULLET, date(2024, 1, 31))[0]
    assert b.due_date == date(2024, 2, 29) and b.interest == D("290.00")  # 36000×0.1×29/360


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
       st.integers(min_value=0, max_value=400))
@PROPERTY
def test_add_months_is_counted_from_the_start(start, k):
    due = add_months(start, k)
    assert (due.year - start.year) * 12 + due.month - start.month == k
    assert due.day == start.day or (due.day < start.day and
                                    (due + timedelta(days=1)).day == 1)


def test_months_to_cover():
    assert months_to_cover(date(2025, 3, 10), date(2025, 9, 10)) == 6
    assert months_to_cover(date(2025, 3, 10), date(2025, 9, 11)) == 7
    assert months_to_cover(date(2025, 1, 31), date(2025, 2, 28)) == 1
    assert months_to_cover(date(2025, 1, 31), date(2025, 3, 1)) == 2
    assert months_to_cover(date(2025, 3, 10), date(2025, 3, 10)) == 1
    assert months_to_cover(date(2025, 3, 10), date(2025, 3, 1)) == 1


# =========================================================================== bad input

@pytest.mark.parametrize("principal, rate, months, method, code", [
    (D("0"), D("0.05"), 12, EQUAL_INSTALLMENT, "loan.amount_not_positive"),
    (D("-100"), D("0.05"), 12, EQUAL_INSTALLMENT, "loan.amount_not_positive"),
    (D("100.001"), D("0.05"), 12, EQUAL_INSTALLMENT, "loan.amount_sub_fen"),
    (D("NaN"), D("0.05"), 12, EQUAL_INSTALLMENT, "loan.amount_not_finite"),
    (D("1E12"), D("0.05"), 12, EQUAL_INSTALLMENT, "loan.amount_too_large"),
    (D("100"), D("-0.01"), 12, EQUAL_INSTALLMENT, "loan.rate_negative"),
    (D("100"), D("6"), 12, EQUAL_INSTALLMENT, "loan.rate_not_fraction"),
    (D("100"), D("0.05"), 0, EQUAL_INSTALLMENT, "loan.months_out_of_range"),
    (D("100"), D("0.05"), 361, EQUAL_INSTALLMENT, "loan.months_out_of_range"),
    (D("100"), D("0.05"), 12, "balloon", "loan.method_unknown"),
])
def test_bad_input_is_refused_with_a_plain_message(principal, rate, months, method, code):
    with pytest.raises(ValueError) as info:
        build_schedule(principal, rate, months, method, date(2025, 1, 1))
    assert isinstance(info.value, LoanInputError) and info.value.code == code
    assert info.value.message.en and str(info.value) == str(info.value.message)


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError):
        build_schedule(100.0, D("0.05"), 12, EQUAL_INSTALLMENT, date(2025, 1, 1))
    with pytest.raises(TypeError):
        build_schedule(D(100), 0.05, 12, EQUAL_INSTALLMENT, date(2025, 1, 1))
    with pytest.raises(TypeError):
        build_schedule(D(100), D("0.05"), 12.0, EQUAL_INSTALLMENT, date(2025, 1, 1))
    with pytest.raises(TypeError):
        build_schedule(D(100), D("0.05"), 12, EQUAL_INSTALLMENT, "2025-01-01")


def test_int_principal_and_trailing_zeros_are_fine():
    a = build_schedule(100000, D("0.06"), 12, EQUAL_INSTALLMENT, date(2025, 1, 1))
    b = build_schedule(D("100000.000"), D("0.060"), 12, EQUAL_INSTALLMENT, date(2025, 1, 1))
    assert rows(a) == rows(b)
    assert all(x.as_tuple().exponent == -2 for r in a for x in (r.principal, r.interest,
                                                                  r.total, r.balance))


# =========================================================================== properties

amounts = st.integers(min_value=1, max_value=10**11).map(lambda f: D(f) / 100)
rates = st.integers(min_value=0, max_value=3600).map(lambda bp: D(bp) / 10000)


@given(amounts, rates, st.integers(min_value=1, max_value=360), st.sampled_from(METHODS),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
@PROPERTY
def test_schedule_invariants(principal, rate, months, method, start):
    s = build_schedule(principal, rate, months, method, start)
    assert len(s) == (1 if method == BULLET else months)
    assert sum(r.principal for r in s) == principal  # exactly
    assert s[-1].balance == 0
    owed = principal
    for k, r in enumerate(s, 1):
        assert r.total == r.principal + r.interest
        assert min(r.principal, r.interest, r.balance) >= 0
        owed -= r.principal
        assert r.balance == owed
        assert r.due_date == add_months(start, months if method == BULLET else k)
        for x in (r.principal, r.interest, r.total, r.balance):
            assert x == x.quantize(FEN)
    if method == EQUAL_PRINCIPAL and fen(principal / months) * (months - 1) <= principal:
        assert len({r.principal for r in s[:-1]}) <= 1  # equal until the last (no overshoot)


# =========================================================================== numpy-financial

def zero_rate_ok(rate: float):
    """npf.pmt/ipmt evaluate both branches of ``np.where(rate == 0, …, …/rate)``, so a 0 %
    loan warns "invalid value encountered in divide" before picking the right branch.
    Silence exactly that, and only for a zero rate."""
    if rate == 0:
        return np.errstate(divide="ignore", invalid="ignore")
    return contextlib.nullcontext()


def _generated_loans(count: int, seed: int, max_months: int):
    rng = random.Random(seed)
    for _ in range(count):
        scale = rng.choice([10**6, 10**8, 10**10])  # in fen: up to 1 万, 100 万, 1 亿元
        principal = D(rng.randint(10**4, scale)) / 100  # 100 元 up
        rate = rng.choice([D(0), D("0.0435"), D("0.06"), D(rng.randint(1, 2400)) / 10000])
        months = rng.choice([1, 2, 3, 6, 12, 18, 24, 36, rng.randint(1, max_months)])
        start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 3650))
        fees = D(0) if rng.random() < 0.4 else fen(principal * D(rng.randint(0, 300)) / 10000)
        yield principal, rate, months, start, fees


def test_equal_installment_matches_npf_pmt_and_ipmt():
    """Payment = npf.pmt rounded to the fen; interest within the rounding bound of npf.ipmt.

    npf.ipmt runs on the *exact* payment and balances, we on the rounded payment and
    rounded interest.  Per period our balance drifts from the exact one by at most
    0.005 (payment rounding) + 0.005 (interest rounding), compounded at r, so interest k
    differs by at most 0.005 + 0.01·((1+r)^(k−1) − 1) (+1e-6 for float).  For the short,
    cheap loans of a station (≤ 36 months, ≤ 12 %) that is under a fen; 30 years at 24 %
    allow a few yuan by the same rule, and the test checks exactly that bound.
    """
    checked = 0
    for principal, rate, months, start, _fees in _generated_loans(400, 20250101, 360):
        s = build_schedule(principal, rate, months, EQUAL_INSTALLMENT, start)
        r = float(rate) / 12
        with zero_rate_ok(r):
            pmt = npf.pmt(r, months, -float(principal))
        if months > 1 and s[0].principal > 0:
            assert abs(float(s[0].total) - pmt) <= 0.005 + 1e-6, (principal, rate, months)
        for k, row in enumerate(s[:-1], 1):
            assert row.total == s[0].total
            with zero_rate_ok(r):
                expected = float(npf.ipmt(r, k, months, -float(principal)))
            bound = 0.005 + 0.01 * ((1 + r) ** (k - 1) - 1) + 1e-6
            assert abs(float(row.interest) - expected) <= bound, (principal, rate, months, k)
            if months <= 36 and rate <= D("0.12"):
                assert abs(float(row.interest) - expected) <= 0.01 + 1e-6
        checked += 1
    assert checked == 400


@pytest.mark.parametrize("method", [EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, MONTHLY_INTEREST])
def test_annualized_rate_matches_npf_irr(method):
    """Our rate (4 places) is within 1e-4 of npf.irr × 12 on the same cash flows, fees
    included; npf.irr factors a polynomial, so the terms stay ≤ 120 months to keep it fast."""
    for principal, rate, months, start, fees in _generated_loans(120, 7 + len(method), 120):
        s = build_schedule(principal, rate, months, method, start)
        ours = annualized_rate(principal, s, fees)
        flows = [float(principal - fees)] + [-float(row.total) for row in s]
        reference = npf.irr(flows) * 12
        assert abs(float(ours) - reference) <= 1e-4, (principal, rate, months, fees, ours)
        assert ours == ours.quantize(D("0.0001"))


def test_annualized_rate_hand_cases():
    s = build_schedule(D("100000"), D("0.06"), 12, EQUAL_INSTALLMENT, date(2024, 1, 15))
    assert annualized_rate(D("100000"), s) == D("0.0600")
    assert annualized_rate_percent(D("100000"), s) == D("6.00")
    # a 1 % fee paid up front: the borrower gets 99,000 for the same 12 payments; the monthly
    # IRR is 0.6572 %, × 12 = 7.89 % (docs/loans.md §3)
    assert annualized_rate(D("100000"), s, D("1000")) == D("0.0789")
    assert annualized_rate_percent(D("100000"), s, D("1000")) == D("7.89")
    # monthly interest, no fees: the IRR is the monthly rate exactly → 4.35 % a year
    s = build_schedule(D("50000"), D("0.0435"), 6, MONTHLY_INTEREST, date(2024, 4, 10))
    assert annualized_rate(D("50000"), s) == D("0.0435")
    # zero rate, no fee: 0
    s = build_schedule(D("1000"), D("0"), 10, EQUAL_INSTALLMENT, date(2024, 4, 10))
    assert annualized_rate(D("1000"), s) == D("0.0000")
    # one month, 12 % with a 50 元 fee on 10000: (10100 / 9950 − 1) × 12 = 0.180904… → 0.1809
    s = build_schedule(D("10000"), D("0.12"), 1, EQUAL_INSTALLMENT, date(2025, 5, 20))
    assert annualized_rate(D("10000"), s, D("50")) == D("0.1809")


def test_annualized_rate_of_a_bullet_uses_its_360_day_year():
    # no fee: the contract rate exactly, whatever the number of days
    for months in (1, 3, 6, 12):
        s = build_schedule(D("100000"), D("0.0435"), months, BULLET, date(2024, 3, 15))
        assert annualized_rate(D("100000"), s) == D("0.0435")
    # fee 300 on 100000 over 184 days: (102223.33 / 99700 − 1) × 360 / 184 = 0.049528… → 0.0495
    s = build_schedule(D("100000"), D("0.0435"), 6, BULLET, date(2024, 3, 15))
    assert annualized_rate(D("100000"), s, D("300")) == D("0.0495")


def test_annualized_rate_refuses_nonsense():
    s = build_schedule(D("1000"), D("0.05"), 12, EQUAL_INSTALLMENT, date(2024, 4, 10))
    with pytest.raises(LoanInputError):
        annualized_rate(D("1000"), s, D("1000"))
    with pytest.raises(LoanInputError):
        annualized_rate(D("1000"), [])
    with pytest.raises(LoanInputError):
        annualized_rate(D("1000"), s, D("-1"))
    zero = [Installment(date(2024, 5, 10), D("0.00"), D("0.00"), D("0.00"), D("0.00"))]
    with pytest.raises(LoanInputError):
        annualized_rate(D("1000"), zero)


def test_annualized_rate_accepts_a_rebuilt_schedule():
    """A schedule rebuilt from the five stored columns (monthly) gives the same rate."""
    s = build_schedule(D("20000"), D("0.05"), 12, EQUAL_PRINCIPAL, date(2024, 4, 10))
    rebuilt = [Installment(r.due_date, r.principal, r.interest, r.total, r.balance) for r in s]
    assert annualized_rate(D("20000"), rebuilt, D("100")) == annualized_rate(D("20000"), s,
                                                                            D("100"))


def test_negative_irr_when_repaying_less_than_received():
    # A loan repaid below its amount (e.g. a subsidy) has a negative rate, solved all the same.
    flows = [Installment(date(2024, m, 1), D("90.00"), D("0.00"), D("90.00"), D("0.00"))
             for m in (2, 3)]
    rate = annualized_rate(D("200"), flows)
    assert rate < 0
    assert abs(float(rate) - npf.irr([200, -90, -90]) * 12) <= 1e-4

"""Loan quotes from a farmer's data: the shipped products, the score, the season."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from station_app.domain.planting import PlotInput, SeasonInput
from station_app.services import farmers, loans, planting, reference, scoring
from station_app.services.errors import PermissionDenied, ValidationFailed


def _grower(tutor_ctx, valid_farmer_input, **extra):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="孟庆丰", **extra))
    plot = planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="南沟", area_mu=Decimal("20")))
    season = planting.add_season(tutor_ctx, plot, SeasonInput(
        crop_code="kiwifruit", planting_date=date.today() - timedelta(days=30),
        area_mu=Decimal("20")))
    return farmer_id, season


def test_the_shipped_catalogue_offers_the_four_products() -> None:
    kinds = {p.kind for p in loans.catalogue().products.values()}
    assert kinds == {"planting", "order", "farm_input", "prepayment"}


def test_a_planting_quote_uses_the_season_the_calendar_and_the_score(
        specialist_ctx, tutor_ctx, valid_farmer_input, db) -> None:
    farmer_id, season_id = _grower(tutor_ctx, valid_farmer_input)
    quote = loans.planting_quote(specialist_ctx, farmer_id, "farm_input_standard", season_id)
    kiwi = reference.active_calendar(db)["kiwifruit"]
    assert quote.caps["area"] == Decimal(20) * kiwi.input_cost_per_mu_yuan  # 20 mu × cost
    score = scoring.history(specialist_ctx, farmer_id)[-1]
    assert quote.caps["credit_room"] == score.credit_limit  # no loans recorded yet
    if quote.eligible:
        assert quote.amount <= score.credit_limit
        assert sum(i.principal for i in quote.schedule) == quote.amount
        assert quote.annualized_rate is not None
    else:
        assert quote.reasons  # every refusal says why
    # The product that needs a cooperative guarantee says so for a farmer without one.
    planting_quote = loans.planting_quote(specialist_ctx, farmer_id, "planting_standard",
                                          season_id)
    assert not planting_quote.eligible
    assert any("担保" in str(r) for r in planting_quote.reasons)


def test_quotes_need_the_specialist_and_a_season(specialist_ctx, tutor_ctx,
                                                 valid_farmer_input) -> None:
    farmer_id, season_id = _grower(tutor_ctx, valid_farmer_input)
    with pytest.raises(PermissionDenied):
        loans.planting_quote(tutor_ctx, farmer_id, "planting_standard", season_id)
    with pytest.raises(ValidationFailed):
        loans.planting_quote(specialist_ctx, farmer_id, "planting_standard", "no-such-season")


def test_an_order_quote_without_orders_is_refused_with_a_reason(
        specialist_ctx, tutor_ctx, valid_farmer_input) -> None:
    farmer_id, _ = _grower(tutor_ctx, valid_farmer_input)
    quote = loans.order_quote(specialist_ctx, farmer_id, "order_standard")
    assert not quote.eligible and quote.reasons

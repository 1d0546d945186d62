"""Credit scores from the database: inputs, storage only when something changed, history,
the installed model, the station's distribution."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from typing import Callable

import pytest
from sqlmodel import Session, func, select

from station_app.domain.farmers import FarmerInput
from station_app.domain.planting import PlotInput
from station_app.domain.scoring import ModelError, load_model, score
from station_app.services import farmers, planting, scoring, shops
from station_app.services.context import ServiceContext
from station_app.store.models import CreditScore, OutboxEntry

AS_OF = date(2026, 11, 1)


@pytest.fixture
def farmer_id(tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput]) -> str:
    return farmers.register_farmer(tutor_ctx, valid_farmer_input(name="郑秀英"))


def _rows(ctx: ServiceContext) -> int:
    with Session(ctx.db.engine) as session:
        return session.exec(select(func.count()).select_from(CreditScore)).one()


def test_a_farmer_without_data_scores_at_the_models_neutral_total_and_is_stored_once(
        specialist_ctx: ServiceContext, farmer_id: str) -> None:
    model = scoring.shipped_model()
    first = scoring.score_farmer(specialist_ctx, farmer_id, as_of=AS_OF)
    assert first.stored_now and first.record_id
    inputs = first.result.inputs
    # No shop, no plot, no training, not in a cooperative.
    assert inputs["planted_area_mu"] is None and inputs["training_sessions_12m"] == "0"
    assert first.result.points["cooperative_guarantee"] == model.variable(
        "cooperative_guarantee").bin_for(False).points
    assert first.result.total == sum(first.result.points.values())
    again = scoring.score_farmer(specialist_ctx, farmer_id, as_of=AS_OF)
    assert not again.stored_now and again.record_id == first.record_id
    assert _rows(specialist_ctx) == 1
    with Session(specialist_ctx.db.engine) as session:  # stored rows sync like every record
        assert session.exec(select(OutboxEntry).where(
            OutboxEntry.entity == "credit_score")).one().entity_id == first.record_id


def test_new_data_gives_a_new_score_in_the_history(
        specialist_ctx: ServiceContext, tutor_ctx: ServiceContext, farmer_id: str) -> None:
    before = scoring.score_farmer(specialist_ctx, farmer_id, as_of=AS_OF)
    planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="东坡地", area_mu=Decimal("12.5")))
    shop_id = shops.create_shop(tutor_ctx, farmer_id, platform="pinduoduo", shop_name="郑家果园",
                                opened_on=date(2024, 3, 1))
    for month in range(1, 11):
        shops.record_monthly_total(tutor_ctx, shop_id, month=date(2026, month, 1), orders=40,
                                   gmv=Decimal("6000.00"))
    after = scoring.score_farmer(specialist_ctx, farmer_id, as_of=AS_OF)
    assert after.stored_now
    assert Decimal(after.result.inputs["planted_area_mu"]) == Decimal("12.5")
    assert Decimal(after.result.inputs["annual_online_sales_yuan"]) == Decimal("60000.00")
    assert after.result.points["planted_area_mu"] > before.result.points["planted_area_mu"]
    items = scoring.history(specialist_ctx, farmer_id)
    assert [i.total for i in items] == [before.result.total, after.result.total]
    stored = scoring.stored_result(specialist_ctx, items[-1].id)
    assert stored["total"] == after.result.total and stored["points"] == after.result.points
    # The same inputs give the same score again (the engine is pure).
    assert score(scoring.shipped_model(), after.result.inputs).total == after.result.total


def test_a_tutor_sees_a_fresh_score_but_only_a_specialist_stores_one(
        tutor_ctx: ServiceContext, farmer_id: str) -> None:
    shown = scoring.score_farmer(tutor_ctx, farmer_id, as_of=AS_OF)
    assert not shown.stored_now and shown.record_id is None
    assert _rows(tutor_ctx) == 0


def _model_dict(version: int) -> dict:
    data = copy.deepcopy(scoring.shipped_model().to_dict())
    data["version"] = version
    return data


def test_a_malformed_model_is_refused_and_the_previous_one_stays(
        admin_ctx: ServiceContext, tmp_path) -> None:
    broken = _model_dict(2)
    broken["variables"][0]["bins"][1]["lo"] = broken["variables"][0]["bins"][1]["lo"] - 0.01
    with pytest.raises(ModelError) as refused:
        scoring.install_model(admin_ctx, broken)
    assert refused.value.problems
    bad_file = tmp_path / "model.json"
    bad_file.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ModelError):
        scoring.install_model(admin_ctx, bad_file)
    assert scoring.active_model(admin_ctx.db).digest == scoring.shipped_model().digest
    with pytest.raises(ModelError, match="版本号"):
        scoring.install_model(admin_ctx, _model_dict(1) | {"version_name": "other"})


def test_a_newer_model_is_used_and_a_rescore_stores_everyone_again(
        admin_ctx: ServiceContext, specialist_ctx: ServiceContext, farmer_id: str,
        tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput]) -> None:
    other = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="冯德"))
    assert scoring.rescore_all(specialist_ctx) == (2, 2)
    assert scoring.rescore_all(specialist_ctx) == (2, 0)  # nothing changed
    newer = _model_dict(2)
    newer["variables"][0]["bins"][0]["points"] += 1  # still monotone: the best bin rises
    installed = scoring.install_model(admin_ctx, newer)
    assert scoring.active_model(specialist_ctx.db).version == 2 == installed.version
    seen = []
    assert scoring.rescore_all(specialist_ctx, progress=lambda d, t: seen.append((d, t))) == (2, 2)
    assert seen[-1] == (2, 2)
    latest = scoring.history(specialist_ctx, other)[-1]
    assert (latest.model_version, latest.trigger) == (2, "batch")
    dist = scoring.distribution(specialist_ctx)
    assert dist.scored == 2 == sum(dist.by_grade.values()) == sum(dist.by_band.values())
    assert dist.farmers == 2
    load_model(json.loads(json.dumps(installed.to_dict())))  # what is stored loads again


def test_two_shops_typing_the_same_months_both_count(
        tutor_ctx: ServiceContext, specialist_ctx: ServiceContext, farmer_id: str) -> None:
    for name, gmv in (("郑家果园", "6000.00"), ("郑家土货", "1500.00")):
        shop_id = shops.create_shop(tutor_ctx, farmer_id, platform="douyin", shop_name=name,
                                    opened_on=date(2024, 3, 1))
        for month in range(1, 11):
            shops.record_monthly_total(tutor_ctx, shop_id, month=date(2026, month, 1),
                                       orders=10, gmv=Decimal(gmv))
    inputs = scoring.farmer_inputs(specialist_ctx, farmer_id, as_of=AS_OF)
    # 10 months × (6,000 + 1,500): both shops' typed months are added, not one replacing
    # the other.
    assert inputs["net_sales_12m"] == Decimal("75000.00")
    # 200 orders over the 12-month window (Nov 2025 – Oct 2026), 2 places: 16.67 a month.
    assert inputs["trading_frequency"] == Decimal("16.67")

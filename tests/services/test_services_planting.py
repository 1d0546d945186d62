"""Plots, seasons, harvests and costs in a real station database."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlmodel import Session, select

from station_app.domain.crops import expected_harvest_date
from station_app.domain.planting import CostInput, HarvestInput, PlotInput, SeasonInput
from station_app.services import farmers, planting, reference
from station_app.services.errors import PermissionDenied, ServiceError, StaleVersion, ValidationFailed
from station_app.store.models import AuditEntry, Harvest, InputCost, OutboxEntry, PlantingSeason, Plot


@pytest.fixture
def farmer_id(tutor_ctx, valid_farmer_input):
    return farmers.register_farmer(tutor_ctx, valid_farmer_input(name="王桂兰"))


@pytest.fixture
def plot_id(tutor_ctx, farmer_id):
    return planting.add_plot(tutor_ctx, farmer_id, PlotInput(
        name="河边猕猴桃园", area_mu=D("4.5"), village="槐芽村", latitude=34.16, longitude=107.75,
        land_certificate_no="J610326-2018-0042"))


def _codes(exc):
    return {k: [m.code for m in v] for k, v in exc.fields.items()}


def test_plot_is_stored_exactly_with_outbox_and_audit(db, tutor_ctx, farmer_id, plot_id):
    with Session(db.engine) as session:
        plot = session.get(Plot, plot_id)
        assert plot.area_mu_x100 == 450 and plot.farmer_id == farmer_id and plot.version == 1
        outbox = session.exec(select(OutboxEntry).where(OutboxEntry.entity_id == plot_id)).one()
        assert outbox.entity == "plot" and outbox.op == "insert"
        assert json.loads(outbox.payload)["area_mu_x100"] == 450
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity_id == plot_id)).one()
        assert audit.action == "create" and audit.username == tutor_ctx.actor.username
    [row] = planting.list_plots(tutor_ctx, farmer_id)
    assert row.area_mu == D("4.50") and row.land_certificate_no == "J610326-2018-0042"


def test_plot_validation_and_permissions(tutor_ctx, branch_ctx, admin_ctx, farmer_id):
    with pytest.raises(ValidationFailed) as caught:
        planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="", area_mu=D("0")))
    assert _codes(caught.value) == {"name": ["plot.name_empty"], "area_mu": ["plot.area.range"]}
    for ctx in (branch_ctx, admin_ctx):
        with pytest.raises(PermissionDenied):
            planting.add_plot(ctx, farmer_id, PlotInput(name="a", area_mu=D("1")))
    assert planting.list_plots(branch_ctx, farmer_id) == []  # reading is allowed


def test_season_defaults_from_the_crop_calendar(db, tutor_ctx, farmer_id, plot_id):
    planted = date.today() - timedelta(days=30)
    season_id = planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="kiwifruit", planting_date=planted, area_mu=D("4"), variety="徐香"))
    kiwi = reference.active_calendar(db)["kiwifruit"]
    [row] = planting.list_seasons(tutor_ctx, farmer_id)
    assert row.id == season_id and row.crop_name_zh == "猕猴桃" and row.variety == "徐香"
    assert row.expected_harvest_date == expected_harvest_date(kiwi, planted)
    assert row.expected_yield_kg_per_mu == kiwi.typical_yield_per_mu
    assert row.expected_price_yuan_per_kg == kiwi.typical_price_yuan_per_kg
    assert row.expected_total_kg == (kiwi.typical_yield_per_mu * 4).quantize(D("0.01"))
    assert row.harvested_kg is None
    with Session(db.engine) as session:
        stored = session.get(PlantingSeason, season_id)
        assert stored.calendar_version == reference.active_calendar(db).version
        assert stored.farmer_id == farmer_id


def test_typed_expectations_win_over_the_calendar(tutor_ctx, farmer_id, plot_id):
    planted = date.today() - timedelta(days=10)
    planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="rice", planting_date=planted, area_mu=D("4.5"),
        expected_harvest_date=planted + timedelta(days=150),
        expected_yield_kg_per_mu=D("520"), expected_price_yuan_per_kg=D("2.86")))
    [row] = planting.list_seasons(tutor_ctx, farmer_id)
    assert row.expected_harvest_date == planted + timedelta(days=150)
    assert (row.expected_yield_kg_per_mu, row.expected_price_yuan_per_kg) == (D("520.00"), D("2.86"))


def test_season_refusals(tutor_ctx, farmer_id, plot_id):
    with pytest.raises(ValidationFailed) as caught:
        planting.add_season(tutor_ctx, plot_id, SeasonInput(
            crop_code="durian", planting_date=date.today(), area_mu=D("5")))
    assert _codes(caught.value) == {"crop_code": ["season.crop"], "area_mu": ["season.area_over_plot"]}
    assert "4.50 亩" in str(caught.value.fields["area_mu"][0])


def test_harvests_costs_and_overview(db, tutor_ctx, farmer_id, plot_id):
    planted = date.today() - timedelta(days=200)
    season_id = planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="kiwifruit", planting_date=planted, area_mu=D("4"),
        expected_yield_kg_per_mu=D("2000")))
    planting.record_harvest(tutor_ctx, season_id, HarvestInput(
        planted + timedelta(days=180), D("3000"), D("50"), D("90")))
    planting.record_harvest(tutor_ctx, season_id, HarvestInput(
        planted + timedelta(days=190), D("1000"), D("100"), D("100")))
    planting.add_input_cost(tutor_ctx, season_id, CostInput("fertilizer", planted, D("1200.50")))
    planting.add_input_cost(tutor_ctx, season_id, CostInput("seed", planted, D("799.50")))
    [row] = planting.list_seasons(tutor_ctx, farmer_id)
    assert row.harvested_kg == D("4000.00")
    assert row.sold_online_kg == D("2500.00")  # 1500 + 1000
    assert row.quality_pass_percent == D("92.50")  # (90×3000 + 100×1000) / 4000
    assert row.input_cost_yuan == D("2000.00")
    overview = planting.farm_overview(tutor_ctx, farmer_id)
    assert overview.planted_area_mu == D("4.50")
    assert overview.yield_ratios == (D("0.5000"),)  # 4000 of 8000 kg expected
    assert overview.online_share == D("62.50")
    assert overview.quality_pass_rate == D("92.50")
    assert overview.input_cost_per_mu == D("500.00")
    assert [h.yield_kg for h in planting.list_harvests(tutor_ctx, season_id)] == [D("3000.00"), D("1000.00")]
    assert [c.category for c in planting.list_input_costs(tutor_ctx, season_id)] == ["fertilizer", "seed"]


def test_harvest_before_planting_is_refused(tutor_ctx, plot_id):
    planted = date.today() - timedelta(days=20)
    season_id = planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="cherry", planting_date=planted, area_mu=D("1")))
    with pytest.raises(ValidationFailed) as caught:
        planting.record_harvest(tutor_ctx, season_id, HarvestInput(planted - timedelta(days=1),
                                                                   D("10"), D("0")))
    assert _codes(caught.value) == {"harvested_on": ["harvest.before_planting"]}


def test_plot_with_seasons_cannot_shrink_or_go(tutor_ctx, farmer_id, plot_id):
    season_id = planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="tea", planting_date=date.today() - timedelta(days=5), area_mu=D("4")))
    [plot] = planting.list_plots(tutor_ctx, farmer_id)
    assert plot.seasons == 1
    with pytest.raises(ValidationFailed) as caught:
        planting.update_plot(tutor_ctx, plot_id, PlotInput(name=plot.name, area_mu=D("3")),
                             base_version=plot.version)
    assert _codes(caught.value) == {"area_mu": ["plot.area_below_season"]}
    with pytest.raises(ServiceError) as refused:
        planting.delete_plot(tutor_ctx, plot_id, base_version=plot.version)
    assert refused.value.message.code == "plot.has_seasons"
    [season] = planting.list_seasons(tutor_ctx, farmer_id)
    planting.delete_season(tutor_ctx, season_id, base_version=season.version)
    planting.delete_plot(tutor_ctx, plot_id, base_version=plot.version)
    assert planting.list_plots(tutor_ctx, farmer_id) == []


def test_deleting_a_season_takes_its_harvests_and_costs(db, tutor_ctx, farmer_id, plot_id):
    planted = date.today() - timedelta(days=100)
    season_id = planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="maize", planting_date=planted, area_mu=D("2")))
    planting.record_harvest(tutor_ctx, season_id, HarvestInput(date.today(), D("900"), D("10")))
    planting.add_input_cost(tutor_ctx, season_id, CostInput("seed", planted, D("100")))
    [season] = planting.list_seasons(tutor_ctx, farmer_id)
    planting.delete_season(tutor_ctx, season_id, base_version=season.version)
    assert planting.list_seasons(tutor_ctx, farmer_id) == []
    with Session(db.engine) as session:
        for model in (Harvest, InputCost, PlantingSeason):
            rows = session.exec(select(model)).all()
            assert rows and all(r.deleted for r in rows)
        deletes = session.exec(select(OutboxEntry).where(OutboxEntry.op == "delete")).all()
        assert {d.entity for d in deletes} == {"harvest", "input_cost", "planting_season"}


def test_stale_edit_is_refused(tutor_ctx, farmer_id, plot_id):
    [plot] = planting.list_plots(tutor_ctx, farmer_id)
    planting.update_plot(tutor_ctx, plot_id, PlotInput(name="新名字", area_mu=D("4.5")),
                         base_version=plot.version)
    with pytest.raises(StaleVersion):
        planting.update_plot(tutor_ctx, plot_id, PlotInput(name="旧窗口", area_mu=D("4.5")),
                             base_version=plot.version)
    assert planting.list_plots(tutor_ctx, farmer_id)[0].name == "新名字"

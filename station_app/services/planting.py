"""Plots, planting seasons, harvests and input costs of a farmer (种植数据).

Rules and indicators live in :mod:`station_app.domain.planting`; this module checks
permissions, converts the decimals to the exact integers the store keeps and writes through
:mod:`station_app.services.writes` (outbox + audit in the same transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, func, select

from station_app.domain.crops import Crop
from station_app.domain.messages import Message
from station_app.domain.planting import (
    CostInput,
    FarmIndicators,
    HarvestInput,
    PlotInput,
    SeasonFacts,
    SeasonInput,
    check_cost,
    check_harvest,
    check_plot,
    check_season,
    default_season_values,
    farm_indicators,
    from_bp,
    from_x100,
    to_bp,
    to_x100,
)
from station_app.domain.roles import Permission
from station_app.services import reference, writes
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound, ServiceError, ValidationFailed
from station_app.store.models import Farmer, Harvest, InputCost, PlantingSeason, Plot

FEN = Decimal("0.01")


def _live(model: Any) -> Any:
    return model.deleted == False  # noqa: E712


def _get(session: Session, model: Any, row_id: str, message: Message) -> Any:
    row = session.get(model, row_id)
    if row is None or row.deleted:
        raise NotFound(message)
    return row


_NO_FARMER = Message("farmer.not_found", "找不到这位农户。", "Farmer not found.")
_NO_PLOT = Message("plot.not_found", "找不到这个地块。", "Plot not found.")
NO_PLOT_CHOSEN = Message("season.plot", "请先选择地块（没有地块就先添加一个）。",
                         "Choose the plot first (add one if there is none).")
_NO_SEASON = Message("season.not_found", "找不到这个种植季。", "Planting season not found.")
_NO_HARVEST = Message("harvest.not_found", "找不到这条收获记录。", "Harvest record not found.")
_NO_COST = Message("cost.not_found", "找不到这笔投入。", "Cost record not found.")


# --- plots ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlotRow:
    id: str
    version: int
    name: str
    area_mu: Decimal
    village: str
    latitude: float | None
    longitude: float | None
    land_certificate_no: str
    notes: str
    seasons: int


def _plot_values(data: PlotInput) -> dict[str, Any]:
    return dict(name=data.name.strip(), area_mu_x100=to_x100(data.area_mu),  # type: ignore[arg-type]
                village=data.village.strip(), latitude=data.latitude, longitude=data.longitude,
                land_certificate_no=data.land_certificate_no.strip(), notes=data.notes.strip())


def add_plot(ctx: ServiceContext, farmer_id: str, data: PlotInput) -> str:
    actor = ctx.require(Permission.SALES_WRITE)
    errors = check_plot(data)
    if errors:
        raise ValidationFailed(errors)
    with ctx.db.session() as session:
        _get(session, Farmer, farmer_id, _NO_FARMER)
        plot = Plot(station_id=actor.station_id, farmer_id=farmer_id, created_hlc="",
                    updated_hlc="", **_plot_values(data))
        writes.insert(session, ctx.db, actor, plot)
    return plot.id


def update_plot(ctx: ServiceContext, plot_id: str, data: PlotInput, *, base_version: int) -> None:
    actor = ctx.require(Permission.SALES_WRITE)
    errors = check_plot(data)
    if errors:
        raise ValidationFailed(errors)
    with ctx.db.session() as session:
        plot = _get(session, Plot, plot_id, _NO_PLOT)
        new_area = to_x100(data.area_mu)  # type: ignore[arg-type]
        largest = session.exec(select(func.max(PlantingSeason.area_mu_x100)).where(
            PlantingSeason.plot_id == plot_id, _live(PlantingSeason))).one()
        if largest and new_area < largest:
            raise ValidationFailed({"area_mu": [Message(
                "plot.area_below_season",
                f"这个地块上有一季种了 {from_x100(largest)} 亩，地块面积不能比它小。",
                f"A season on this plot covers {from_x100(largest)} mu; the plot cannot be smaller.")]})
        writes.update(session, ctx.db, actor, plot, _plot_values(data), base_version=base_version)


def delete_plot(ctx: ServiceContext, plot_id: str, *, base_version: int) -> None:
    actor = ctx.require(Permission.SALES_WRITE)
    with ctx.db.session() as session:
        plot = _get(session, Plot, plot_id, _NO_PLOT)
        seasons = session.exec(select(func.count()).select_from(PlantingSeason).where(
            PlantingSeason.plot_id == plot_id, _live(PlantingSeason))).one()
        if seasons:
            raise ServiceError(Message(
                "plot.has_seasons", f"这个地块还有 {seasons} 个种植季，请先删掉它们。",
                f"This plot still has {seasons} planting season(s); delete them first."))
        writes.soft_delete(session, ctx.db, actor, plot, base_version=base_version)


def list_plots(ctx: ServiceContext, farmer_id: str) -> list[PlotRow]:
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        counts = dict(session.exec(
            select(PlantingSeason.plot_id, func.count()).where(
                PlantingSeason.farmer_id == farmer_id, _live(PlantingSeason))
            .group_by(PlantingSeason.plot_id)).all())
        plots = session.exec(select(Plot).where(Plot.farmer_id == farmer_id, _live(Plot))
                             .order_by(Plot.created_hlc)).all()
        return [PlotRow(id=p.id, version=p.version, name=p.name, area_mu=from_x100(p.area_mu_x100),
                        village=p.village, latitude=p.latitude, longitude=p.longitude,
                        land_certificate_no=p.land_certificate_no, notes=p.notes,
                        seasons=counts.get(p.id, 0)) for p in plots]


# --- seasons ----------------------------------------------------------------------------


def crop_defaults(ctx: ServiceContext, crop_code: str, planting_date: date) -> dict[str, object]:
    """Expected harvest date, yield and price the form proposes (from the crop calendar)."""
    crop = reference.active_calendar(ctx.db).get(crop_code)
    if crop is None:
        return {}
    return default_season_values(crop, planting_date)


def _season_values(data: SeasonInput, crop: Crop, calendar_version: int) -> dict[str, Any]:
    defaults = default_season_values(crop, data.planting_date)  # type: ignore[arg-type]
    harvest = data.expected_harvest_date or defaults["expected_harvest_date"]
    yield_per_mu = data.expected_yield_kg_per_mu
    if yield_per_mu is None:
        yield_per_mu = defaults["expected_yield_kg_per_mu"]  # type: ignore[assignment]
    price = data.expected_price_yuan_per_kg
    if price is None:
        price = defaults["expected_price_yuan_per_kg"]  # type: ignore[assignment]
    return dict(crop_code=crop.code, variety=data.variety.strip(),
                planting_date=data.planting_date, expected_harvest_date=harvest,
                area_mu_x100=to_x100(data.area_mu),  # type: ignore[arg-type]
                expected_yield_kg_per_mu_x100=to_x100(yield_per_mu),  # type: ignore[arg-type]
                expected_price_fen_per_kg=to_x100(price),  # type: ignore[arg-type]
                calendar_version=calendar_version, notes=data.notes.strip())


def _checked_season(ctx: ServiceContext, plot: Plot, data: SeasonInput) -> dict[str, Any]:
    calendar = reference.active_calendar(ctx.db)
    crop = calendar.get(data.crop_code)
    errors = check_season(data, crop, plot_area_mu=from_x100(plot.area_mu_x100),
                          today=date.today())
    if errors:
        raise ValidationFailed(errors)
    return _season_values(data, crop, calendar.version)  # type: ignore[arg-type]


def add_season(ctx: ServiceContext, plot_id: str, data: SeasonInput) -> str:
    """Blank expected harvest date, yield or price take the crop calendar's values."""
    actor = ctx.require(Permission.SALES_WRITE)
    with ctx.db.session() as session:
        plot = _get(session, Plot, plot_id, _NO_PLOT)
        values = _checked_season(ctx, plot, data)
        season = PlantingSeason(station_id=actor.station_id, plot_id=plot.id,
                                farmer_id=plot.farmer_id, created_hlc="", updated_hlc="", **values)
        writes.insert(session, ctx.db, actor, season)
    return season.id


def update_season(ctx: ServiceContext, season_id: str, data: SeasonInput, *,
                  base_version: int) -> None:
    actor = ctx.require(Permission.SALES_WRITE)
    with ctx.db.session() as session:
        season = _get(session, PlantingSeason, season_id, _NO_SEASON)
        plot = _get(session, Plot, season.plot_id, _NO_PLOT)
        values = _checked_season(ctx, plot, data)
        first = session.exec(select(func.min(Harvest.harvested_on)).where(
            Harvest.season_id == season_id, _live(Harvest))).one()
        if first and data.planting_date and first < data.planting_date:
            raise ValidationFailed({"planting_date": [Message(
                "season.after_harvest", f"已有 {first.isoformat()} 的收获记录，种植日期不能比它晚。",
                f"A harvest on {first.isoformat()} is recorded; planting cannot be later.")]})
        writes.update(session, ctx.db, actor, season, values, base_version=base_version)


def delete_season(ctx: ServiceContext, season_id: str, *, base_version: int) -> None:
    """Soft-deletes the season with its harvests and costs (they mean nothing without it)."""
    actor = ctx.require(Permission.SALES_WRITE)
    with ctx.db.session() as session:
        season = _get(session, PlantingSeason, season_id, _NO_SEASON)
        for model in (Harvest, InputCost):
            for row in session.exec(select(model).where(model.season_id == season_id, _live(model))):
                writes.soft_delete(session, ctx.db, actor, row, base_version=row.version)
        writes.soft_delete(session, ctx.db, actor, season, base_version=base_version)


@dataclass(frozen=True)
class SeasonRow:
    id: str
    version: int
    plot_id: str
    plot_name: str
    crop_code: str
    crop_name_zh: str
    crop_name_en: str
    variety: str
    planting_date: date
    expected_harvest_date: date
    area_mu: Decimal
    expected_yield_kg_per_mu: Decimal
    expected_price_yuan_per_kg: Decimal
    notes: str
    harvested_kg: Decimal | None
    sold_online_kg: Decimal
    quality_pass_percent: Decimal | None
    input_cost_yuan: Decimal
    quality: tuple[tuple[Decimal, Decimal], ...]

    @property
    def expected_total_kg(self) -> Decimal:
        return (self.expected_yield_kg_per_mu * self.area_mu).quantize(FEN)

    def crop_name(self, language: str) -> str:
        return self.crop_name_en if language.lower().startswith("en") else self.crop_name_zh


def list_seasons(ctx: ServiceContext, farmer_id: str) -> list[SeasonRow]:
    """The farmer's seasons, newest planting first, with harvest and cost totals."""
    ctx.require(Permission.FARMER_READ)
    calendar = reference.active_calendar(ctx.db)
    with Session(ctx.db.engine) as session:
        seasons = session.exec(select(PlantingSeason).where(
            PlantingSeason.farmer_id == farmer_id, _live(PlantingSeason))
            .order_by(PlantingSeason.planting_date.desc())).all()  # type: ignore[attr-defined]
        ids = [s.id for s in seasons]
        plots = {p.id: p.name for p in session.exec(select(Plot).where(Plot.farmer_id == farmer_id))}
        harvests: dict[str, list[Harvest]] = {}
        costs: dict[str, int] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for h in session.exec(select(Harvest).where(Harvest.season_id.in_(chunk),  # type: ignore[attr-defined]
                                                         _live(Harvest))):
                harvests.setdefault(h.season_id, []).append(h)
            costs.update(session.exec(select(InputCost.season_id, func.sum(InputCost.amount_fen))
                                      .where(InputCost.season_id.in_(chunk), _live(InputCost))  # type: ignore[attr-defined]
                                      .group_by(InputCost.season_id)).all())
    rows = []
    for s in seasons:
        crop = calendar.get(s.crop_code)
        picked = harvests.get(s.id, [])
        harvested = sum((from_x100(h.yield_kg_x100) for h in picked), Decimal(0)) if picked else None
        online = sum((from_x100(h.yield_kg_x100) * from_bp(h.sold_online_bp) / 100 for h in picked),
                     Decimal(0)).quantize(FEN)
        quality = tuple((from_bp(h.quality_pass_bp), from_x100(h.yield_kg_x100))
                        for h in picked if h.quality_pass_bp is not None)
        quality_rate = None
        if quality:
            weight = sum((kg for _, kg in quality), Decimal(0))
            quality_rate = (sum((r * kg for r, kg in quality), Decimal(0)) / weight).quantize(FEN) \
                if weight else quality[-1][0]
        rows.append(SeasonRow(
            id=s.id, version=s.version, plot_id=s.plot_id, plot_name=plots.get(s.plot_id, ""),
            crop_code=s.crop_code, crop_name_zh=crop.name_zh if crop else s.crop_code,
            crop_name_en=crop.name_en if crop else s.crop_code, variety=s.variety,
            planting_date=s.planting_date, expected_harvest_date=s.expected_harvest_date,
            area_mu=from_x100(s.area_mu_x100),
            expected_yield_kg_per_mu=from_x100(s.expected_yield_kg_per_mu_x100),
            expected_price_yuan_per_kg=from_x100(s.expected_price_fen_per_kg), notes=s.notes,
            harvested_kg=harvested, sold_online_kg=online, quality_pass_percent=quality_rate,
            input_cost_yuan=from_x100(costs.get(s.id, 0) or 0), quality=quality))
    return rows


# --- harvests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HarvestRow:
    id: str
    version: int
    harvested_on: date
    yield_kg: Decimal
    sold_online_percent: Decimal
    quality_pass_percent: Decimal | None
    notes: str


def _harvest_values(data: HarvestInput) -> dict[str, Any]:
    return dict(harvested_on=data.harvested_on, yield_kg_x100=to_x100(data.yield_kg),  # type: ignore[arg-type]
                sold_online_bp=to_bp(data.sold_online_percent),  # type: ignore[arg-type]
                quality_pass_bp=(None if data.quality_pass_percent is None
                                 else to_bp(data.quality_pass_percent)),
                notes=data.notes.strip())


def record_harvest(ctx: ServiceContext, season_id: str, data: HarvestInput) -> str:
    actor = ctx.require(Permission.SALES_WRITE)
    with ctx.db.session() as session:
        season = _get(session, PlantingSeason, season_id, _NO_SEASON)
        errors = check_harvest(data, planting_date=season.planting_date, today=date.today())
        if errors:
            raise ValidationFailed(errors)
        harvest = Harvest(station_id=actor.station_id, season_id=season_id, created_hlc="",
                          updated_hlc="", **_harvest_values(data))
        writes.insert(session, ctx.db, actor, harvest)
    return harvest.id


def update_harvest(ctx: ServiceContext, harvest_id: str, data: HarvestInput, *,
                   base_version: int) -> None:
    actor = ctx.require(Permission.SALES_WRITE)
    with ctx.db.session() as session:
        harvest = _get(session, Harvest, harvest_id, _NO_HARVEST)
        season = _get(session, PlantingSeason, harvest.season_id, _NO_SEASON)
        errors = check_harvest(data, planting_date=season.planting_date, today=date.today())
        if errors:
            raise ValidationFailed(errors)
        writes.update(session, ctx.db, actor, harvest, _harvest_values(data),
                      base_version=base_version)


def _delete(ctx: ServiceContext, model: Any, row_id: str, missing: Message, base_version: int) -> None:
    actor = ctx.require(Permission.SALES_WRITE)
    with ctx.db.session() as session:
        row = _get(session, model, row_id, missing)
        writes.soft_delete(session, ctx.db, actor, row, base_version=base_version)


def delete_harvest(ctx: ServiceContext, harvest_id: str, *, base_version: int) -> None:
    _delete(ctx, Harvest, harvest_id, _NO_HARVEST, base_version)


def list_harvests(ctx: ServiceContext, season_id: str) -> list[HarvestRow]:
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        rows = session.exec(select(Harvest).where(Harvest.season_id == season_id, _live(Harvest))
                            .order_by(Harvest.harvested_on)).all()
    return [HarvestRow(id=h.id, version=h.version, harvested_on=h.harvested_on,
                       yield_kg=from_x100(h.yield_kg_x100), sold_online_percent=from_bp(h.sold_online_bp),
                       quality_pass_percent=None if h.quality_pass_bp is None else from_bp(h.quality_pass_bp),
                       notes=h.notes) for h in rows]


# --- input costs ------------------------------------------------------------------------


@dataclass(frozen=True)
class CostRow:
    id: str
    version: int
    category: str
    spent_on: date
    amount_yuan: Decimal
    notes: str


def add_input_cost(ctx: ServiceContext, season_id: str, data: CostInput) -> str:
    actor = ctx.require(Permission.SALES_WRITE)
    errors = check_cost(data, today=date.today())
    if errors:
        raise ValidationFailed(errors)
    with ctx.db.session() as session:
        _get(session, PlantingSeason, season_id, _NO_SEASON)
        cost = InputCost(station_id=actor.station_id, season_id=season_id, category=data.category,
                         spent_on=data.spent_on, amount_fen=to_x100(data.amount_yuan),  # type: ignore[arg-type]
                         notes=data.notes.strip(), created_hlc="", updated_hlc="")
        writes.insert(session, ctx.db, actor, cost)
    return cost.id


def delete_input_cost(ctx: ServiceContext, cost_id: str, *, base_version: int) -> None:
    _delete(ctx, InputCost, cost_id, _NO_COST, base_version)


def list_input_costs(ctx: ServiceContext, season_id: str) -> list[CostRow]:
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        rows = session.exec(select(InputCost).where(InputCost.season_id == season_id, _live(InputCost))
                            .order_by(InputCost.spent_on)).all()
    return [CostRow(id=c.id, version=c.version, category=c.category, spent_on=c.spent_on,
                    amount_yuan=from_x100(c.amount_fen), notes=c.notes) for c in rows]


# --- indicators -------------------------------------------------------------------------


def farm_overview(ctx: ServiceContext, farmer_id: str, *, as_of: date | None = None) -> FarmIndicators:
    """Planted area, harvest stability, online share and quality trend of one farmer."""
    return overview_of(list_plots(ctx, farmer_id), list_seasons(ctx, farmer_id), as_of=as_of)


def overview_of(plots: list[PlotRow], seasons: list[SeasonRow], *,
                as_of: date | None = None) -> FarmIndicators:
    """The indicators from rows a caller already loaded (the planting tab has them)."""
    facts = [SeasonFacts(crop_code=s.crop_code, planting_date=s.planting_date,
                         expected_harvest_date=s.expected_harvest_date, area_mu=s.area_mu,
                         expected_yield_kg_per_mu=s.expected_yield_kg_per_mu,
                         harvested_kg=s.harvested_kg, sold_online_kg=s.sold_online_kg,
                         quality=s.quality, input_cost_yuan=s.input_cost_yuan) for s in seasons]
    return farm_indicators([p.area_mu for p in plots], facts, as_of=as_of or date.today())

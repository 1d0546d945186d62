"""Planting data rules (种植数据): plots, seasons, harvests, input costs and the farm
indicators the credit score and the planting loan use.

Pure: no Qt, no SQL.  Quantities are ``Decimal`` here; the store keeps them as exact integers
(hundredths of a mu or kg, basis points, fen) and the services convert with :func:`to_x100`,
:func:`to_bp` and their inverses.

Each ``check_*`` function returns ``{field: [Message]}``, empty when the input is fine, so a
form can put every problem beside its field at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from statistics import mean, pstdev

from station_app.domain.crops import Crop, expected_harvest_date
from station_app.domain.messages import Message

__all__ = [
    "COST_CATEGORIES",
    "CostInput",
    "FarmIndicators",
    "HarvestInput",
    "PlotInput",
    "SeasonFacts",
    "SeasonInput",
    "check_cost",
    "check_harvest",
    "check_plot",
    "check_season",
    "default_season_values",
    "farm_indicators",
    "from_bp",
    "from_x100",
    "parse_decimal",
    "to_bp",
    "to_x100",
]

HUNDREDTH = Decimal("0.01")
MAX_PLOT_MU = Decimal("100000")  # a county-scale co-operative farm still fits
MAX_YIELD_KG_PER_MU = Decimal("100000")
MAX_PRICE_YUAN_PER_KG = Decimal("100000")
MAX_COST_YUAN = Decimal("10000000")
# Mainland China, generously (Zengmu Ansha to Mohe, Pamirs to Fuyuan).
LAT_RANGE = (3.5, 54.0)
LON_RANGE = (73.0, 136.0)

COST_CATEGORIES: dict[str, Message] = {
    "seed": Message("cost.seed", "种子种苗", "Seed and seedlings"),
    "fertilizer": Message("cost.fertilizer", "化肥有机肥", "Fertiliser"),
    "pesticide": Message("cost.pesticide", "农药", "Pesticide"),
    "film": Message("cost.film", "地膜大棚", "Film and greenhouse"),
    "machinery": Message("cost.machinery", "机耕机收", "Machinery"),
    "irrigation": Message("cost.irrigation", "灌溉水电", "Irrigation"),
    "labour": Message("cost.labour", "雇工", "Hired labour"),
    "packaging": Message("cost.packaging", "包装物流", "Packaging and shipping"),
    "other": Message("cost.other", "其他", "Other"),
}


def parse_decimal(text: str | Decimal | int | None) -> Decimal | None:
    """A plain decimal typed by a clerk (``"3.5"``, ``"1,200"``, full-width digits), or
    ``None`` if it is blank or not a number."""
    if text is None:
        return None
    if isinstance(text, (Decimal, int)):
        return Decimal(text)
    cleaned = text.strip().translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))
    cleaned = cleaned.replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def to_x100(value: Decimal) -> int:
    return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_x100(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(HUNDREDTH)


def to_bp(percent: Decimal) -> int:
    """A percentage such as ``Decimal("87.5")`` → basis points (8750)."""
    return int((percent * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_bp(bp: int) -> Decimal:
    """Basis points → percentage with two decimals."""
    return (Decimal(bp) / 100).quantize(HUNDREDTH)


def _too_fine(value: Decimal) -> bool:
    return value != value.quantize(HUNDREDTH)


def _amount_problems(value: Decimal | None, *, what_zh: str, what_en: str, code: str,
                     required: bool, maximum: Decimal, positive: bool = True) -> list[Message]:
    if value is None:
        if not required:
            return []
        return [Message(f"{code}.missing", f"请填写{what_zh}（数字）。",
                        f"Please enter the {what_en} (a number).")]
    if value < 0 or (positive and value == 0):
        zh = "要大于 0" if positive else "不能是负数"
        en = "must be more than 0" if positive else "cannot be negative"
        return [Message(f"{code}.range", f"{what_zh}{zh}。", f"The {what_en} {en}.")]
    if value > maximum:
        return [Message(f"{code}.too_large", f"{what_zh}太大了（最多 {maximum}），请核对。",
                        f"The {what_en} is too large (at most {maximum}); please check it.")]
    if _too_fine(value):
        return [Message(f"{code}.precision", f"{what_zh}最多保留两位小数。",
                        f"The {what_en} may have at most two decimals.")]
    return []


def _percent_problems(value: Decimal | None, *, what_zh: str, what_en: str, code: str,
                      required: bool) -> list[Message]:
    if value is None:
        if not required:
            return []
        return [Message(f"{code}.missing", f"请填写{what_zh}（0 到 100 的百分数）。",
                        f"Please enter the {what_en} (a percentage from 0 to 100).")]
    if value < 0 or value > 100:
        return [Message(f"{code}.range", f"{what_zh}应在 0 到 100 之间（百分数）。",
                        f"The {what_en} must be between 0 and 100 (per cent).")]
    if _too_fine(value):
        return [Message(f"{code}.precision", f"{what_zh}最多保留两位小数。",
                        f"The {what_en} may have at most two decimals.")]
    return []


def _add(errors: dict[str, list[Message]], key: str, problems: list[Message]) -> None:
    if problems:
        errors.setdefault(key, []).extend(problems)


@dataclass(frozen=True)
class PlotInput:
    name: str
    area_mu: Decimal | None
    village: str = ""
    latitude: float | None = None
    longitude: float | None = None
    land_certificate_no: str = ""
    notes: str = ""


def check_plot(plot: PlotInput) -> dict[str, list[Message]]:
    errors: dict[str, list[Message]] = {}
    if not plot.name.strip():
        _add(errors, "name", [Message("plot.name_empty", "请给地块起个名字，例如“村东头水田”。",
                                      "Please name the plot, e.g. “paddy east of the village”.")])
    elif len(plot.name.strip()) > 50:
        _add(errors, "name", [Message("plot.name_long", "地块名称最多 50 个字。",
                                      "The plot name may have at most 50 characters.")])
    _add(errors, "area_mu", _amount_problems(plot.area_mu, what_zh="面积（亩）", what_en="area (mu)",
                                             code="plot.area", required=True, maximum=MAX_PLOT_MU))
    if (plot.latitude is None) != (plot.longitude is None):
        _add(errors, "location", [Message("plot.location_half", "经度和纬度要一起填，或者都不填。",
                                          "Enter both latitude and longitude, or neither.")])
    elif plot.latitude is not None and plot.longitude is not None:
        if not (LAT_RANGE[0] <= plot.latitude <= LAT_RANGE[1]
                and LON_RANGE[0] <= plot.longitude <= LON_RANGE[1]):
            _add(errors, "location", [Message(
                "plot.location_range",
                "这个位置不在中国境内：纬度一般在 18 到 53 之间，经度在 73 到 135 之间。是不是把经纬度填反了？",
                "This position is not in China (latitude about 18–53, longitude 73–135). "
                "Were latitude and longitude swapped?")])
    cert = plot.land_certificate_no.strip()
    if cert and (len(cert) > 40 or not all(c.isalnum() or c in "-()（）" for c in cert)):
        _add(errors, "land_certificate_no", [Message(
            "plot.certificate", "土地承包经营权证编号只能有字母、数字和横线，最多 40 位。",
            "The land contract certificate number may only have letters, digits and dashes "
            "(at most 40).")])
    return errors


@dataclass(frozen=True)
class SeasonInput:
    crop_code: str
    planting_date: date | None
    area_mu: Decimal | None
    expected_harvest_date: date | None = None
    expected_yield_kg_per_mu: Decimal | None = None
    expected_price_yuan_per_kg: Decimal | None = None
    variety: str = ""
    notes: str = ""


def default_season_values(crop: Crop, planting_date: date) -> dict[str, object]:
    """What the season form fills in once crop and planting date are known."""
    return {
        "expected_harvest_date": expected_harvest_date(crop, planting_date),
        "expected_yield_kg_per_mu": crop.typical_yield_per_mu,
        "expected_price_yuan_per_kg": crop.typical_price_yuan_per_kg,
    }


def check_season(season: SeasonInput, crop: Crop | None, *, plot_area_mu: Decimal,
                 today: date) -> dict[str, list[Message]]:
    """``crop`` is the calendar entry for ``season.crop_code`` (``None``: not in the calendar)."""
    errors: dict[str, list[Message]] = {}
    if crop is None:
        _add(errors, "crop_code", [Message("season.crop", "请从列表里选择作物。",
                                           "Please choose the crop from the list.")])
    if season.planting_date is None:
        _add(errors, "planting_date", [Message("season.planting_missing", "请填写种植日期。",
                                               "Please enter the planting date.")])
    elif season.planting_date > today + timedelta(days=366):
        _add(errors, "planting_date", [Message(
            "season.planting_far", "种植日期不能是一年以后，请核对。",
            "The planting date cannot be more than a year ahead; please check it.")])
    elif season.planting_date < date(1990, 1, 1):
        _add(errors, "planting_date", [Message("season.planting_old", "种植日期太早了，请核对。",
                                               "The planting date is too early; please check it.")])
    if (season.expected_harvest_date and season.planting_date
            and season.expected_harvest_date <= season.planting_date):
        _add(errors, "expected_harvest_date", [Message(
            "season.harvest_before_planting", "预计收获日期要晚于种植日期。",
            "The expected harvest date must be after the planting date.")])
    _add(errors, "area_mu", _amount_problems(season.area_mu, what_zh="种植面积（亩）",
                                             what_en="planted area (mu)", code="season.area",
                                             required=True, maximum=MAX_PLOT_MU))
    if season.area_mu is not None and "area_mu" not in errors and season.area_mu > plot_area_mu:
        _add(errors, "area_mu", [Message(
            "season.area_over_plot", f"种植面积不能大于地块面积（{plot_area_mu} 亩）。",
            f"The planted area cannot exceed the plot's area ({plot_area_mu} mu).")])
    _add(errors, "expected_yield_kg_per_mu", _amount_problems(
        season.expected_yield_kg_per_mu, what_zh="预计亩产（公斤）", what_en="expected yield (kg per mu)",
        code="season.yield", required=False, maximum=MAX_YIELD_KG_PER_MU))
    _add(errors, "expected_price_yuan_per_kg", _amount_problems(
        season.expected_price_yuan_per_kg, what_zh="预计单价（元/公斤）",
        what_en="expected price (yuan per kg)", code="season.price", required=False,
        maximum=MAX_PRICE_YUAN_PER_KG))
    if len(season.variety.strip()) > 50:
        _add(errors, "variety", [Message("season.variety_long", "品种名称最多 50 个字。",
                                         "The variety may have at most 50 characters.")])
    return errors


@dataclass(frozen=True)
class HarvestInput:
    harvested_on: date | None
    yield_kg: Decimal | None
    sold_online_percent: Decimal | None
    quality_pass_percent: Decimal | None = None
    notes: str = ""


def check_harvest(harvest: HarvestInput, *, planting_date: date,
                  today: date) -> dict[str, list[Message]]:
    errors: dict[str, list[Message]] = {}
    if harvest.harvested_on is None:
        _add(errors, "harvested_on", [Message("harvest.date_missing", "请填写收获日期。",
                                              "Please enter the harvest date.")])
    elif harvest.harvested_on > today:
        _add(errors, "harvested_on", [Message("harvest.date_future", "收获日期不能晚于今天。",
                                              "The harvest date cannot be in the future.")])
    elif harvest.harvested_on < planting_date:
        _add(errors, "harvested_on", [Message(
            "harvest.before_planting", f"收获日期不能早于种植日期（{planting_date.isoformat()}）。",
            f"The harvest date cannot be before the planting date ({planting_date.isoformat()}).")])
    _add(errors, "yield_kg", _amount_problems(harvest.yield_kg, what_zh="实际产量（公斤）",
                                              what_en="actual yield (kg)", code="harvest.yield",
                                              required=True, maximum=MAX_YIELD_KG_PER_MU * MAX_PLOT_MU,
                                              positive=False))
    _add(errors, "sold_online_percent", _percent_problems(
        harvest.sold_online_percent, what_zh="网上销售占比", what_en="share sold online",
        code="harvest.online", required=True))
    _add(errors, "quality_pass_percent", _percent_problems(
        harvest.quality_pass_percent, what_zh="质检合格率", what_en="quality pass rate",
        code="harvest.quality", required=False))
    return errors


@dataclass(frozen=True)
class CostInput:
    category: str
    spent_on: date | None
    amount_yuan: Decimal | None
    notes: str = ""


def check_cost(cost: CostInput, *, today: date) -> dict[str, list[Message]]:
    errors: dict[str, list[Message]] = {}
    if cost.category not in COST_CATEGORIES:
        _add(errors, "category", [Message("cost.category", "请选择花在哪一类上。",
                                          "Please choose what the money was spent on.")])
    if cost.spent_on is None:
        _add(errors, "spent_on", [Message("cost.date_missing", "请填写日期。", "Please enter the date.")])
    elif cost.spent_on > today:
        _add(errors, "spent_on", [Message("cost.date_future", "日期不能晚于今天。",
                                          "The date cannot be in the future.")])
    _add(errors, "amount_yuan", _amount_problems(cost.amount_yuan, what_zh="金额（元）",
                                                 what_en="amount (yuan)", code="cost.amount",
                                                 required=True, maximum=MAX_COST_YUAN))
    return errors


# --- farm indicators --------------------------------------------------------------------


@dataclass(frozen=True)
class SeasonFacts:
    """One season as the indicators see it."""

    crop_code: str
    planting_date: date
    expected_harvest_date: date
    area_mu: Decimal
    expected_yield_kg_per_mu: Decimal
    harvested_kg: Decimal | None = None  # None: nothing recorded yet
    sold_online_kg: Decimal = Decimal(0)
    # Quality pass rates (percent) of this season's tested harvests, each with its kg.
    quality: tuple[tuple[Decimal, Decimal], ...] = ()
    input_cost_yuan: Decimal = Decimal(0)


@dataclass(frozen=True)
class FarmIndicators:
    """Definitions in docs/indicators.md (“Planting indicators”)."""

    planted_area_mu: Decimal  # live plots, total area
    seasons_recent: int  # seasons planted in the last 12 months
    harvests_recorded: int  # seasons with at least one harvest
    yield_ratios: tuple[Decimal, ...] = field(default=())  # actual ÷ expected, oldest first
    harvest_stability: Decimal | None = None  # 1 − CV of yield ratios; needs ≥ 2 seasons
    online_share: Decimal | None = None  # percent of harvested kg sold online
    quality_pass_rate: Decimal | None = None  # latest tested season, percent
    quality_previous: Decimal | None = None  # the tested season before it, percent
    quality_change: Decimal | None = None  # relative change latest vs previous, percent
    input_cost_per_mu: Decimal | None = None  # last 12 months, yuan per planted mu


def _q(value: Decimal, places: str = "0.0001") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _weighted_quality(season: SeasonFacts) -> Decimal | None:
    weight = sum((kg for _, kg in season.quality), Decimal(0))
    if not season.quality:
        return None
    if weight == 0:
        return _q(Decimal(mean(rate for rate, _ in season.quality)), "0.01")
    return _q(sum((rate * kg for rate, kg in season.quality), Decimal(0)) / weight, "0.01")


def farm_indicators(plot_areas: list[Decimal], seasons: list[SeasonFacts], *,
                    as_of: date) -> FarmIndicators:
    """The planting side of a farmer's profile (pure; all inputs from the services)."""
    window_start = as_of - timedelta(days=365)
    recent = [s for s in seasons if window_start < s.planting_date <= as_of]
    harvested = sorted((s for s in seasons if s.harvested_kg is not None),
                       key=lambda s: s.planting_date)
    ratios = tuple(
        _q(s.harvested_kg / (s.expected_yield_kg_per_mu * s.area_mu))  # type: ignore[operator]
        for s in harvested if s.expected_yield_kg_per_mu > 0 and s.area_mu > 0)
    stability = None
    if len(ratios) >= 2:
        average = mean(ratios)
        if average > 0:
            cv = Decimal(pstdev(ratios)) / Decimal(average)
            stability = _q(max(Decimal(0), Decimal(1) - cv))
    total_kg = sum((s.harvested_kg for s in harvested), Decimal(0))  # type: ignore[misc]
    online = None
    if total_kg > 0:
        online = _q(sum((s.sold_online_kg for s in harvested), Decimal(0)) * 100 / total_kg, "0.01")
    tested = [(s, q) for s in sorted(seasons, key=lambda s: s.planting_date)
              if (q := _weighted_quality(s)) is not None]
    latest = tested[-1][1] if tested else None
    previous = tested[-2][1] if len(tested) >= 2 else None
    change = None
    if latest is not None and previous is not None and previous > 0:
        change = _q((latest - previous) * 100 / previous, "0.01")
    recent_area = sum((s.area_mu for s in recent), Decimal(0))
    cost_per_mu = None
    if recent_area > 0:
        cost_per_mu = _q(sum((s.input_cost_yuan for s in recent), Decimal(0)) / recent_area, "0.01")
    return FarmIndicators(
        planted_area_mu=sum(plot_areas, Decimal(0)).quantize(HUNDREDTH),
        seasons_recent=len(recent), harvests_recorded=len(harvested), yield_ratios=ratios,
        harvest_stability=stability, online_share=online, quality_pass_rate=latest,
        quality_previous=previous, quality_change=change, input_cost_per_mu=cost_per_mu)

"""Farmers' online shops and their sales (网店与销售)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, func, select

from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.domain.sales import (
    AfterSale,
    MonthlyTotal,
    OrderRecord,
    OrderStatus,
    SalesIndicators,
    combine_shops,
    compute_indicators,
)
from station_app.services import writes
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound, ValidationFailed
from station_app.store.models import Farmer, MonthlySales, SalesOrder, Shop

PLATFORMS = {
    "pinduoduo": Message("platform.pinduoduo", "拼多多", "Pinduoduo"),
    "taobao": Message("platform.taobao", "淘宝/天猫", "Taobao/Tmall"),
    "douyin": Message("platform.douyin", "抖音", "Douyin"),
    "kuaishou": Message("platform.kuaishou", "快手", "Kuaishou"),
    "jd": Message("platform.jd", "京东", "JD.com"),
    "wechat": Message("platform.wechat", "微信小店", "WeChat shop"),
    "other": Message("platform.other", "其他", "Other"),
}
FEN = Decimal("0.01")


def create_shop(ctx: ServiceContext, farmer_id: str, *, platform: str, shop_name: str,
                opened_on: date | None = None, platform_shop_id: str = "") -> str:
    actor = ctx.require(Permission.SALES_WRITE)
    errors = _check_shop(shop_name, opened_on)
    if platform not in PLATFORMS:
        errors["platform"] = [Message("shop.platform", "请选择平台。", "Please choose the platform.")]
    if errors:
        raise ValidationFailed(errors)
    with ctx.db.session() as session:
        farmer = session.get(Farmer, farmer_id)
        if farmer is None or farmer.deleted:
            raise NotFound(Message("farmer.not_found", "找不到这位农户。", "Farmer not found."))
        shop = Shop(station_id=actor.station_id, farmer_id=farmer_id, platform=platform,
                    shop_name=shop_name.strip(), opened_on=opened_on,
                    platform_shop_id=platform_shop_id.strip(), created_hlc="", updated_hlc="")
        writes.insert(session, ctx.db, actor, shop)
    return shop.id


def _check_shop(shop_name: str, opened_on: date | None) -> dict[str, list[Message]]:
    errors: dict[str, list[Message]] = {}
    if not shop_name.strip():
        errors["shop_name"] = [Message("shop.name_empty", "请填写店铺名称。", "Please enter the shop name.")]
    if opened_on and opened_on > date.today():
        errors["opened_on"] = [Message("shop.opened_future", "开店日期不能晚于今天。",
                                       "The opening date cannot be in the future.")]
    return errors


def update_shop(ctx: ServiceContext, shop_id: str, *, shop_name: str, opened_on: date | None,
                base_version: int) -> None:
    """Correct a shop's name or opening date.  The platform stays: the shop's imported orders
    were read in that platform's layout (a shop on another platform is another shop)."""
    actor = ctx.require(Permission.SALES_WRITE)
    errors = _check_shop(shop_name, opened_on)
    if errors:
        raise ValidationFailed(errors)
    with ctx.db.session() as session:
        shop = session.get(Shop, shop_id)
        if shop is None or shop.deleted:
            raise NotFound(Message("shop.not_found", "找不到这家网店。", "Shop not found."))
        writes.update(session, ctx.db, actor, shop,
                      {"shop_name": shop_name.strip(), "opened_on": opened_on},
                      base_version=base_version)


def _live_shops(session: Session, farmer_id: str) -> list[Shop]:
    return list(session.exec(select(Shop).where(Shop.farmer_id == farmer_id,
                                                Shop.deleted == False)  # noqa: E712
                             .order_by(Shop.created_hlc)))


def list_shops(ctx: ServiceContext, farmer_id: str) -> list[Shop]:
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        return _live_shops(session, farmer_id)


@dataclass(frozen=True)
class ShopSummary:
    shop: Shop
    orders: int
    last_order: datetime | None


def shop_summaries(ctx: ServiceContext, farmer_id: str) -> list[ShopSummary]:
    """A farmer's shops with their imported order counts (the farmer page's shop list)."""
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        out = []
        for shop in _live_shops(session, farmer_id):
            count, last = session.exec(
                select(func.count(), func.max(SalesOrder.ordered_at))
                .where(SalesOrder.shop_id == shop.id, SalesOrder.deleted == False)  # noqa: E712
            ).one()
            out.append(ShopSummary(shop, count, last))
    return out


def orders_of_shop(ctx: ServiceContext, shop_id: str) -> list[OrderRecord]:
    """The shop's orders as domain records (for the indicators)."""
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        rows = session.exec(select(SalesOrder).where(SalesOrder.shop_id == shop_id,
                                                     SalesOrder.deleted == False)  # noqa: E712
                            .order_by(SalesOrder.ordered_at)).all()
    return [OrderRecord(
        order_id=r.order_no, ordered_at=r.ordered_at, amount=(Decimal(r.amount_fen) * FEN),
        quantity=r.quantity, product=r.product, status=OrderStatus(r.status),
        buyer_key=r.buyer_key, shipped_at=r.shipped_at, signed_at=r.signed_at,
        settled_at=r.settled_at, after_sale=AfterSale(r.after_sale),
        after_sale_requested_at=r.after_sale_requested_at,
        after_sale_responded_at=r.after_sale_responded_at,
        refund_amount=Decimal(r.refund_fen) * FEN) for r in rows]


def sales_overview(ctx: ServiceContext, farmer_id: str, *, as_of: date | None = None
                   ) -> tuple[SalesIndicators, list[MonthlyTotal]] | None:
    """The farmer's shops together: the Table 3 indicators as of ``as_of`` (today) and the
    whole monthly sales history (orders, or typed totals where a month has no orders).
    None when the farmer has no shop."""
    ctx.require(Permission.FARMER_READ)
    farmer_shops = list_shops(ctx, farmer_id)  # no order counts needed here
    if not farmer_shops:
        return None
    per_shop = [(orders_of_shop(ctx, shop.id), monthly_totals(ctx, shop.id))
                for shop in farmer_shops]
    orders = [order for shop_orders, _typed in per_shop for order in shop_orders]
    combined = combine_shops(per_shop)
    opened = [shop.opened_on for shop in farmer_shops if shop.opened_on]
    indicators = compute_indicators(orders, [], opened_on=min(opened) if opened else None,
                                    as_of=as_of or date.today(), monthly=combined)
    return indicators, combined


def record_monthly_total(ctx: ServiceContext, shop_id: str, *, month: date, orders: int,
                         gmv: Decimal, refunds: Decimal = Decimal(0)) -> None:
    """Type in (or correct) one month's totals for a shop without an export."""
    actor = ctx.require(Permission.SALES_WRITE)
    errors: dict[str, list[Message]] = {}
    if orders < 0:
        errors["orders"] = [Message("monthly.orders", "订单数不能是负数。", "Orders cannot be negative.")]
    if gmv < 0 or gmv != gmv.quantize(FEN):
        errors["gmv"] = [Message("monthly.gmv", "销售额应为不小于 0 的金额，最多到分。",
                                 "Sales must be a non-negative amount in yuan and fen.")]
    if refunds < 0 or refunds > gmv or refunds != refunds.quantize(FEN):
        errors["refunds"] = [Message("monthly.refunds", "退款额应在 0 和销售额之间，最多到分。",
                                     "Refunds must be between 0 and the sales, in yuan and fen.")]
    if month.replace(day=1) > date.today().replace(day=1):
        errors["month"] = [Message("monthly.future", "还没到这个月，不能填它的销售。",
                                   "That month has not come yet.")]
    if errors:
        raise ValidationFailed(errors)
    first = month.replace(day=1)
    with ctx.db.session() as session:
        shop = session.get(Shop, shop_id)
        if shop is None or shop.deleted:
            raise NotFound(Message("shop.not_found", "找不到这个网店。", "Shop not found."))
        existing = session.exec(select(MonthlySales).where(MonthlySales.shop_id == shop_id,
                                                           MonthlySales.month == first)).first()
        values = dict(orders=orders, gmv_fen=int(gmv * 100), refunds_fen=int(refunds * 100),
                      deleted=False)
        if existing is None:
            writes.insert(session, ctx.db, actor, MonthlySales(
                station_id=actor.station_id, shop_id=shop_id, month=first, created_hlc="",
                updated_hlc="", **values))
        else:
            writes.update(session, ctx.db, actor, existing, values, base_version=existing.version)


def monthly_totals(ctx: ServiceContext, shop_id: str) -> list[MonthlyTotal]:
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        rows = session.exec(select(MonthlySales).where(MonthlySales.shop_id == shop_id,
                                                       MonthlySales.deleted == False)  # noqa: E712
                            .order_by(MonthlySales.month)).all()
    return [MonthlyTotal(month=r.month, orders=r.orders, gmv=Decimal(r.gmv_fen) * FEN,
                         refunds=Decimal(r.refunds_fen) * FEN) for r in rows]

"""Loan quotes for a farmer (贷款试算), from the database: products, score, planting data.

Issue 6 builds the whole loan lifecycle; this module is its first part: the product catalogue
(shipped ``resources/products/loans.json``) and a quote that reads everything the pure rules
of :mod:`station_app.domain.loans` need — the credit grade and limit (the farmer's score as of
now), planted area and input cost per mu of a season (crop calendar), its expected harvest,
cooperative membership, and the farmer's confirmed, unsettled orders for an order loan.
Nothing is stored: a quote is for talking it through with the farmer.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from station_app import paths
from station_app.domain.loans import (
    OrderForLoan,
    ProductCatalogue,
    Quote,
    load_products,
    quote_order_loan,
    quote_planting_loan,
)
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.services import farmers, planting, reference, scoring, shops
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound, ValidationFailed

# Days from placing an order to the platform settling it, when the order says nothing else:
# a conservative reading of the platforms' usual 7–15 days after receipt.
SETTLEMENT_DAYS = 20


def products_path() -> Path:
    return paths.resources_dir() / "products" / "loans.json"


def catalogue() -> ProductCatalogue:
    """The loan products on offer (checked once per process; a broken file is a packaging
    fault and propagates)."""
    return _load_catalogue(products_path())


@functools.lru_cache(maxsize=None)
def _load_catalogue(path: Path) -> ProductCatalogue:
    return load_products(path)


def _product(product_id: str):
    try:
        return catalogue()[product_id]
    except KeyError:
        raise NotFound(Message("loan.product_unknown", "没有这个贷款产品。",
                               "There is no such loan product.")) from None


def planting_quote(ctx: ServiceContext, farmer_id: str, product_id: str, season_id: str, *,
                   requested_amount: Decimal | None = None, method: str | None = None,
                   disbursement: date | None = None) -> Quote:
    """种植贷 / 农资贷 for one planting season of the farmer."""
    ctx.require(Permission.APPLICATION_PREPARE)
    product = _product(product_id)
    season = next((s for s in planting.list_seasons(ctx, farmer_id) if s.id == season_id), None)
    if season is None:
        raise ValidationFailed({"season": [Message(
            "loan.season_missing", "请选择这笔贷款用于哪一季种植。",
            "Choose the planting season the loan is for.")]})
    calendar = reference.active_calendar(ctx.db)
    crop = calendar[season.crop_code] if season.crop_code in calendar else None
    record = scoring.score_farmer(ctx, farmer_id, trigger="quote")
    view = farmers.get_farmer(ctx, farmer_id)
    return quote_planting_loan(
        product, score_grade=record.result.grade, credit_limit=record.result.credit_limit,
        planted_area_mu=season.area_mu,
        input_cost_per_mu=crop.input_cost_per_mu_yuan if crop is not None else Decimal(0),
        disbursement=disbursement or date.today(), expected_harvest=season.expected_harvest_date,
        existing_debt=Decimal(0),  # no loans are recorded yet (issue 6)
        requested_amount=requested_amount, method=method,
        has_coop_guarantee=bool(view.coop_uscc), has_weather_insurance=False,
        sales_window_days=crop.sales_window_days if crop is not None else None)


def order_quote(ctx: ServiceContext, farmer_id: str, product_id: str, *,
                requested_amount: Decimal | None = None, method: str | None = None,
                disbursement: date | None = None) -> Quote:
    """订单贷 / 预收款融资 against the farmer's confirmed, unsettled platform orders."""
    ctx.require(Permission.APPLICATION_PREPARE)
    product = _product(product_id)
    day = disbursement or date.today()
    orders: list[OrderForLoan] = []
    for shop in shops.list_shops(ctx, farmer_id):
        for order in shops.orders_of_shop(ctx, shop.id):
            if order.settled_at is not None:
                continue
            expected = order.ordered_at.date() + timedelta(days=SETTLEMENT_DAYS)
            orders.append(OrderForLoan(order_id=order.order_id, amount=order.amount,
                                       status=order.status, expected_settlement=expected,
                                       after_sale=order.after_sale))
    record = scoring.score_farmer(ctx, farmer_id, trigger="quote")
    view = farmers.get_farmer(ctx, farmer_id)
    return quote_order_loan(
        product, score_grade=record.result.grade, credit_limit=record.result.credit_limit,
        orders=orders, disbursement=day, existing_debt=Decimal(0),
        requested_amount=requested_amount, method=method,
        has_coop_guarantee=bool(view.coop_uscc), has_weather_insurance=False)

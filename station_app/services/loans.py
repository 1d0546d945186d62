"""Loan quotes for a farmer (贷款试算), from the database: products, score, planting data.

Issue 6 builds the whole loan lifecycle; this module is its first part: the product catalogue
(shipped ``resources/products/loans.json``, or the admin's edit, see :mod:`.loan_products`)
and a quote that reads everything the pure rules of :mod:`station_app.domain.loans` need — the
credit grade and limit (the farmer's score as of now), planted area and input cost per mu of
a season (crop calendar), its expected harvest, cooperative membership, and the farmer's
confirmed, unsettled orders for an order loan.
Nothing is stored: a quote is for talking it through with the farmer.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from station_app.domain.loans import (
    LoanProduct,
    OrderForLoan,
    ProductCatalogue,
    Quote,
    quote_order_loan,
    quote_planting_loan,
)
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.services import (
    farmers,
    insurance_policies,
    loan_applications,
    loan_products,
    planting,
    reference,
    scoring,
    shops,
)
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound, ValidationFailed
from station_app.store.db import Database

# Days from placing an order to the platform settling it, when the order says nothing else:
# a conservative reading of the platforms' usual 7–15 days after receipt.
SETTLEMENT_DAYS = 20


def products_path() -> Path:
    return loan_products.shipped_products_path()


def catalogue() -> ProductCatalogue:
    """The loan products shipped with the app (checked once per process; a broken file is a
    packaging fault and propagates).  What is on offer at a station: :func:`catalogue_for`."""
    return loan_products.shipped_products()


def catalogue_for(db: Database) -> ProductCatalogue:
    """The loan products on offer at this station: the admin's edited catalogue if stored,
    else the shipped one."""
    return loan_products.active_products(db)


def _product(ctx: ServiceContext, product_id: str) -> LoanProduct:
    try:
        return catalogue_for(ctx.db)[product_id]
    except KeyError:
        raise NotFound(Message("loan.product_unknown", "没有这个贷款产品。",
                               "There is no such loan product.")) from None


def planting_quote(ctx: ServiceContext, farmer_id: str, product_id: str, season_id: str, *,
                   requested_amount: Decimal | None = None, method: str | None = None,
                   disbursement: date | None = None) -> Quote:
    """种植贷 / 农资贷 for one planting season of the farmer."""
    ctx.require(Permission.APPLICATION_PREPARE)
    product = _product(ctx, product_id)
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
        existing_debt=loan_applications.existing_debt(ctx, farmer_id),
        requested_amount=requested_amount, method=method,
        has_coop_guarantee=bool(view.coop_uscc),
        has_weather_insurance=insurance_policies.live_policy_for_season(ctx, farmer_id,
                                                                        season_id),
        sales_window_days=crop.sales_window_days if crop is not None else None)


def order_quote(ctx: ServiceContext, farmer_id: str, product_id: str, *,
                requested_amount: Decimal | None = None, method: str | None = None,
                disbursement: date | None = None) -> Quote:
    """订单贷 / 预收款融资 against the farmer's confirmed, unsettled platform orders."""
    ctx.require(Permission.APPLICATION_PREPARE)
    product = _product(ctx, product_id)
    day = disbursement or date.today()
    orders: list[OrderForLoan] = []
    pledged = loan_applications.pledged_order_ids(ctx, farmer_id)  # backing another loan
    for shop in shops.list_shops(ctx, farmer_id):
        for order in shops.orders_of_shop(ctx, shop.id):
            if order.settled_at is not None or order.order_id in pledged:
                continue
            expected = order.ordered_at.date() + timedelta(days=SETTLEMENT_DAYS)
            orders.append(OrderForLoan(order_id=order.order_id, amount=order.amount,
                                       status=order.status, expected_settlement=expected,
                                       after_sale=order.after_sale))
    record = scoring.score_farmer(ctx, farmer_id, trigger="quote")
    view = farmers.get_farmer(ctx, farmer_id)
    return quote_order_loan(
        product, score_grade=record.result.grade, credit_limit=record.result.credit_limit,
        orders=orders, disbursement=day,
        existing_debt=loan_applications.existing_debt(ctx, farmer_id),
        requested_amount=requested_amount, method=method,
        has_coop_guarantee=bool(view.coop_uscc), has_weather_insurance=False)


def product_for(ctx: ServiceContext, product_id: str) -> LoanProduct:
    """The product ``product_id`` of the catalogue in use here (NotFound if there is none)."""
    return _product(ctx, product_id)


def lender_name(ctx: ServiceContext) -> str:
    """The lending bank as the catalogue in use names it ("" when it does not)."""
    return catalogue_for(ctx.db).lender_name

"""Loans (DOMAIN.md §6): schedules, annualized rate, product catalogue and quotes.

Pure: no Qt, no SQL, no network, no clock (dates are inputs).  docs/loans.md explains the
formulas, the conventions and the product JSON.

* :mod:`.schedule` – :func:`build_schedule` (等额本息 ``equal_installment``, 等额本金
  ``equal_principal``, 按月付息到期还本 ``monthly_interest``, 利随本清 ``bullet``),
  :class:`Installment`, :func:`annualized_rate` (IRR method, PBoC [2021] No. 3),
  :func:`annualized_rate_percent`, :func:`add_months`, :func:`months_to_cover`.
* :mod:`.products` – :class:`LoanProduct`, :func:`load_products`, :class:`ProductError`.
* :mod:`.quotes` – :func:`quote_planting_loan`, :func:`quote_order_loan`, :class:`Quote`,
  :class:`OrderForLoan`.

Everything public is importable from ``station_app.domain.loans`` directly.
"""

from station_app.domain.loans.products import (
    KIND_LABELS,
    KINDS,
    LoanProduct,
    ProductCatalogue,
    ProductError,
    dump_products,
    load_products,
)
from station_app.domain.loans.quotes import (
    ELIGIBLE_ORDER_STATUSES,
    OrderForLoan,
    Quote,
    quote_order_loan,
    quote_planting_loan,
)
from station_app.domain.loans.schedule import (
    BULLET,
    EQUAL_INSTALLMENT,
    EQUAL_PRINCIPAL,
    MAX_MONTHS,
    METHOD_LABELS,
    METHODS,
    MONTHLY_INTEREST,
    Installment,
    LoanInputError,
    add_months,
    annualized_rate,
    annualized_rate_percent,
    build_schedule,
    months_to_cover,
    total_interest,
)

__all__ = [
    "BULLET",
    "ELIGIBLE_ORDER_STATUSES",
    "EQUAL_INSTALLMENT",
    "EQUAL_PRINCIPAL",
    "KINDS",
    "KIND_LABELS",
    "MAX_MONTHS",
    "METHODS",
    "METHOD_LABELS",
    "MONTHLY_INTEREST",
    "Installment",
    "LoanInputError",
    "LoanProduct",
    "OrderForLoan",
    "ProductCatalogue",
    "ProductError",
    "Quote",
    "add_months",
    "annualized_rate",
    "annualized_rate_percent",
    "build_schedule",
    "dump_products",
    "load_products",
    "months_to_cover",
    "quote_order_loan",
    "quote_planting_loan",
    "total_interest",
]

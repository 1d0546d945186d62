"""Weather-index insurance (气象指数保险, DOMAIN.md §7): pure rules, no Qt/SQL/clock.

Public API (documented in docs/insurance.md):

* products – :func:`load_products` (validates and lists every problem in a
  :class:`ProductError`), :func:`dump_products`, :class:`InsuranceProduct`,
  :class:`IndexSection`, :class:`PhaseWindow`, :class:`SubsidyShares`, :class:`IndexType`;
* indexes and payouts – :func:`index_value`, :func:`index_values`, :func:`payout_per_mu`,
  :func:`policy_payout`, :func:`assess`, :func:`assess_section`,
  :class:`IncompleteWeather`;
* premium – :func:`premium`, :func:`premium_per_mu`, :func:`premium_split`;
* burn analysis – :func:`burn_analysis` → :class:`BurnResult`;
* texts – :func:`basis_risk_text`, :func:`describe_section`, :func:`describe_product`.

:class:`DailyWeather` (the day record) lives in :mod:`station_app.domain.weather` and is
re-exported here.
"""

from __future__ import annotations

from station_app.domain.insurance.burn import BurnResult, BurnYear, burn_analysis
from station_app.domain.insurance.explain import (
    basis_risk_text,
    describe_product,
    describe_section,
)
from station_app.domain.insurance.index import (
    Assessment,
    IncompleteWeather,
    SectionResult,
    assess,
    assess_section,
    index_value,
    index_values,
    infer_season,
    payout_per_mu,
    phase_dates,
    policy_payout,
    section_payout,
    to_fen,
)
from station_app.domain.insurance.premium import (
    farmer_premium,
    premium,
    premium_per_mu,
    premium_split,
)
from station_app.domain.insurance.products import (
    INDEX_TYPES,
    SHARE_KEYS,
    IndexSection,
    IndexType,
    InsuranceProduct,
    PhaseWindow,
    ProductError,
    SubsidyShares,
    dump_products,
)
from station_app.domain.insurance.loading import load_products
from station_app.domain.insurance.solar_terms import SOLAR_TERMS, term_date
from station_app.domain.weather import DailyWeather

__all__ = [
    "INDEX_TYPES",
    "SHARE_KEYS",
    "SOLAR_TERMS",
    "Assessment",
    "BurnResult",
    "BurnYear",
    "DailyWeather",
    "IncompleteWeather",
    "IndexSection",
    "IndexType",
    "InsuranceProduct",
    "PhaseWindow",
    "ProductError",
    "SectionResult",
    "SubsidyShares",
    "assess",
    "assess_section",
    "basis_risk_text",
    "burn_analysis",
    "describe_product",
    "describe_section",
    "dump_products",
    "farmer_premium",
    "index_value",
    "index_values",
    "infer_season",
    "load_products",
    "payout_per_mu",
    "phase_dates",
    "policy_payout",
    "premium",
    "premium_per_mu",
    "premium_split",
    "section_payout",
    "term_date",
]

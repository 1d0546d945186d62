"""Premium and its subsidy split (DOMAIN.md §7).

* Premium of a policy = SI per mu × mu × rate, rounded to the fen (half-up) once, on the
  total.  A product with a fixed premium per mu (tea frost: 200 元/mu) charges
  premium per mu × mu, to the fen.
* :func:`premium_split` divides it into the ``central``, ``province``, ``county`` and
  ``farmer`` shares: each government share is premium × percent, to the fen (half-up); the
  farmer's share is what is left, so the four add up **exactly** to the premium.  Should the
  government roundings leave the farmer a negative fen or two (only possible when the
  farmer's percentage is about zero), those fen come back from the county, then the
  province, then the central share.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from station_app.domain.insurance.index import _area, to_fen
from station_app.domain.insurance.products import SHARE_KEYS, InsuranceProduct

__all__ = ["farmer_premium", "premium", "premium_per_mu", "premium_split"]

_HUNDRED = Decimal(100)
_FEN = Decimal("0.01")


def premium_per_mu(product: InsuranceProduct) -> Decimal:
    """Premium for one mu, to the fen."""
    if product.premium_per_mu is not None:
        return to_fen(product.premium_per_mu)
    assert product.premium_rate_percent is not None
    return to_fen(product.sum_insured_per_mu * product.premium_rate_percent / _HUNDRED)


def premium(product: InsuranceProduct, mu: Any) -> Decimal:
    """Premium of a policy on ``mu`` mu, to the fen (half-up, rounded once on the total)."""
    area = _area(mu)
    if product.premium_per_mu is not None:
        return to_fen(product.premium_per_mu * area)
    assert product.premium_rate_percent is not None
    return to_fen(product.sum_insured_per_mu * area * product.premium_rate_percent / _HUNDRED)


def premium_split(product: InsuranceProduct, mu: Any) -> dict[str, Decimal]:
    """``{"central", "province", "county", "farmer"}`` → 元, summing exactly to the premium."""
    total = premium(product, mu)
    percents = product.subsidy.as_dict()
    shares: dict[str, Decimal] = {}
    for key in SHARE_KEYS[:-1]:
        shares[key] = to_fen(total * percents[key] / _HUNDRED)
    farmer = total - sum(shares.values(), Decimal(0))
    for key in ("county", "province", "central"):
        while farmer < 0 and shares[key] > 0:
            shares[key] -= _FEN
            farmer += _FEN
    shares["farmer"] = farmer
    return {key: shares[key] for key in SHARE_KEYS}


def farmer_premium(product: InsuranceProduct, mu: Any) -> Decimal:
    """What the farmer pays for ``mu`` mu."""
    return premium_split(product, mu)["farmer"]

"""How the documents write money, dates and numbers (one way for every document)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

CENT = Decimal("0.01")


def money(amount: Decimal) -> str:
    """``50,000.00``: thousands separators, always two decimals."""
    return f"{amount.quantize(CENT):,.2f}"


def figure(amount: Decimal) -> str:
    """``¥50,000.00``."""
    return "¥" + money(amount)


def plain_money(amount: Decimal) -> str:
    """``50000.00``: as money goes into the signed content."""
    return format(amount.quantize(CENT), "f")


def chinese_date(day: dt.date) -> str:
    """``2026年3月5日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def id_tail(masked: str) -> str:
    """The last four characters of a masked resident id (what a document may show)."""
    return masked[-4:] if masked else ""

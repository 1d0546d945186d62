"""The 24 solar terms (二十四节气) as fixed approximate calendar dates.

Real solar terms move by a day between years (they follow the sun's longitude, not the civil
calendar).  Insurance phase windows need dates a farmer can read on the policy, so a product
that names a term uses the **fixed date below** (the most common date in 2000–2030, ±1 day of
the astronomical term).  The product file stores both the term and the date it stands for.
"""

from __future__ import annotations

__all__ = ["SOLAR_TERMS", "SOLAR_TERM_EN", "term_date"]

#: term → "MM-DD" (fixed approximate date, both ends of a window inclusive)
SOLAR_TERMS: dict[str, str] = {
    "小寒": "01-05", "大寒": "01-20", "立春": "02-04", "雨水": "02-19",
    "惊蛰": "03-05", "春分": "03-20", "清明": "04-04", "谷雨": "04-20",
    "立夏": "05-05", "小满": "05-21", "芒种": "06-05", "夏至": "06-21",
    "小暑": "07-07", "大暑": "07-22", "立秋": "08-07", "处暑": "08-23",
    "白露": "09-07", "秋分": "09-23", "寒露": "10-08", "霜降": "10-23",
    "立冬": "11-07", "小雪": "11-22", "大雪": "12-07", "冬至": "12-21",
}

SOLAR_TERM_EN: dict[str, str] = {
    "小寒": "Minor Cold", "大寒": "Major Cold", "立春": "Start of Spring",
    "雨水": "Rain Water", "惊蛰": "Awakening of Insects", "春分": "Spring Equinox",
    "清明": "Pure Brightness", "谷雨": "Grain Rain", "立夏": "Start of Summer",
    "小满": "Grain Buds", "芒种": "Grain in Ear", "夏至": "Summer Solstice",
    "小暑": "Minor Heat", "大暑": "Major Heat", "立秋": "Start of Autumn",
    "处暑": "End of Heat", "白露": "White Dew", "秋分": "Autumn Equinox",
    "寒露": "Cold Dew", "霜降": "Frost's Descent", "立冬": "Start of Winter",
    "小雪": "Minor Snow", "大雪": "Major Snow", "冬至": "Winter Solstice",
}


def term_date(term: str) -> str | None:
    """The fixed "MM-DD" of a solar term, or None if ``term`` is not one."""
    return SOLAR_TERMS.get(term.strip()) if isinstance(term, str) else None

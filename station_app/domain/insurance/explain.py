"""Plain-Chinese explanations for the quote and the application form.

* :func:`describe_section` – what a section measures and how it pays, in one sentence;
* :func:`basis_risk_text` – basis risk (基差风险) in plain words (DOMAIN.md §7: it must be
  explained on the application form).
"""

from __future__ import annotations

from decimal import Decimal

from station_app.domain.insurance.index import to_fen
from station_app.domain.insurance.products import IndexSection, IndexType, InsuranceProduct
from station_app.domain.messages import Message

__all__ = ["basis_risk_text", "describe_product", "describe_section"]


def _n(value: Decimal | None) -> str:
    """A number without trailing zeros (35, 0.5, -4.5)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _subject(section: IndexSection) -> tuple[str, str]:
    x = _n(section.threshold)
    return {
        IndexType.RAINFALL_DEFICIT: ("阶段累计降水量", "the total precipitation of the phase"),
        IndexType.EXCESS_RAIN_MAX_DAILY: ("阶段内最大的一天降水量",
                                          "the largest daily precipitation of the phase"),
        IndexType.EXCESS_RAIN_CONSECUTIVE: (f"日降水量≥{x}毫米的最长连续天数",
                                            f"the longest run of days with ≥ {x} mm of rain"),
        IndexType.DRY_SPELL: (f"日降水量不足{x}毫米的最长连续天数",
                              f"the longest run of days with less than {x} mm of rain"),
        IndexType.HEAT_DAYS: (f"日最高气温≥{x}°C的天数", f"the number of days with Tmax ≥ {x} °C"),
        IndexType.HEAT_CONSECUTIVE: (f"日最高气温≥{x}°C的最长连续天数",
                                     f"the longest run of days with Tmax ≥ {x} °C"),
        IndexType.FROST: ("阶段内最低的一天最低气温", "the lowest minimum temperature of the phase"),
        IndexType.COLD_DEW_WIND: (f"日平均气温≤{x}°C的最长连续天数",
                                  f"the longest run of days with a mean temperature ≤ {x} °C"),
    }[section.index_type]


def describe_section(product: InsuranceProduct, section: IndexSection) -> Message:
    """E.g. “6月25日至8月31日，日最高气温≥35°C的最长连续天数达到3天起赔，…”."""
    info = section.info
    limit = section.max_payout_per_mu or product.sum_insured_per_mu
    subject_zh, subject_en = _subject(section)
    unit_zh, unit_en = info.unit_zh, info.unit_en
    window_zh, window_en = section.window.label("zh"), section.window.label("en")
    if section.payout_method == "per_day":
        start = (section.deductible_days or 0) + 1
        amount = section.amount_per_day
        zh = (f"{window_zh}期间，{subject_zh}达到 {start} 天起赔：从第 {start} 天起每天每亩赔 "
              f"{amount} 元，最多 {limit} 元")
        en = (f"{window_en}: {subject_en} pays from {start} days on, {amount} 元 per mu for "
              f"day {start} and each further day, at most {limit} 元 per mu")
    else:
        trigger, exit_ = section.trigger, section.exit
        assert trigger is not None and exit_ is not None
        tick = to_fen(limit / abs(trigger - exit_))
        if info.lower_is_worse:
            zh = (f"{window_zh}期间，{subject_zh}低于 {_n(trigger)}{unit_zh} 起赔：每低 1{unit_zh}"
                  f"每亩赔 {tick} 元，到 {_n(exit_)}{unit_zh} 及以下赔满 {limit} 元")
            en = (f"{window_en}: pays when {subject_en} falls below {_n(trigger)} {unit_en}, "
                  f"{tick} 元 per mu for each {unit_en} below, the full {limit} 元 at "
                  f"{_n(exit_)} {unit_en} or lower")
        else:
            zh = (f"{window_zh}期间，{subject_zh}超过 {_n(trigger)}{unit_zh} 起赔：每多 1{unit_zh}"
                  f"每亩赔 {tick} 元，到 {_n(exit_)}{unit_zh} 及以上赔满 {limit} 元")
            en = (f"{window_en}: pays when {subject_en} exceeds {_n(trigger)} {unit_en}, "
                  f"{tick} 元 per mu for each {unit_en} above, the full {limit} 元 at "
                  f"{_n(exit_)} {unit_en} or more")
    return Message(f"insurance.describe.{section.index_type.value}", zh, en)


def describe_product(product: InsuranceProduct) -> list[Message]:
    """One sentence per section, plus the overall cap when there are several sections."""
    out = [describe_section(product, s) for s in product.sections]
    if len(product.sections) > 1:
        out.append(Message(
            "insurance.describe.cap",
            f"几项加起来每亩最多赔 {product.sum_insured_per_mu} 元（保险金额）",
            f"All sections together pay at most {product.sum_insured_per_mu} 元 per mu "
            "(the sum insured)"))
    return out


def basis_risk_text(product: InsuranceProduct) -> Message:
    """Basis risk in plain words, naming the product's weather station and indexes."""
    station_zh = (f"{product.station_name_zh}气象站（{product.station_id}）"
                  if product.station_name_zh else f"气象站 {product.station_id}")
    station_en = f"the weather station {product.station_id}" + (
        f" ({product.station_name_zh})" if product.station_name_zh else "")
    what_zh = "、".join(_subject(s)[0] for s in product.sections)
    what_en = "; ".join(_subject(s)[1] for s in product.sections)
    zh = (f"请注意：这是“天气指数”保险。赔不赔、赔多少，只看{station_zh}记录的天气"
          f"（{what_zh}），不看您家地里的实际损失，也不派人查勘。气象站离您的地有一段距离，"
          "两边的天气可能不一样：站上的数据达到了赔付标准，即使您家没有受灾也照样赔；反过来，"
          "您家受了灾，但站上的数据没有达到标准，就拿不到赔款。这种差别叫“基差风险”。"
          "它的好处是不用定损、数据一出就自动算出赔款，赔得快、标准公开。"
          "投保前请看看历年回算的赔付情况，再决定是否购买。")
    en = (f"Please note: this is weather-index insurance. Whether and how much it pays depends "
          f"only on the weather recorded at {station_en} ({what_en}), not on the actual loss "
          "in your field, and nobody comes to inspect. The station is some distance from your "
          "field and the weather there can differ: when the station's data reaches the payout "
          "level you are paid even if your crop was not harmed; when your crop is harmed but "
          "the station's data does not reach it, you get nothing. This difference is called "
          "basis risk. In return there is no loss assessment: the payout is computed "
          "automatically as soon as the data is in, quickly and by public rules. Look at the "
          "historic payouts before deciding to buy.")
    return Message("insurance.basis_risk", zh, en)

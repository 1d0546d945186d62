"""Loading and checking the product file (house style of ``domain/crops.py``).

:func:`load_products` accepts a JSON file path, the parsed file (``{"version", "source_note",
"products": [...]}``), a bare list of products or a single product.  Every problem found is
collected as a plain-Chinese :class:`~station_app.domain.messages.Message` (code
``insurance.*``) and all are raised together in one :class:`ProductError`.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Mapping

from station_app.domain.insurance.products import (
    INDEX_TYPES,
    SHARE_KEYS,
    SHARE_ZH,
    IndexSection,
    IndexType,
    InsuranceProduct,
    PhaseWindow,
    ProductError,
    SubsidyShares,
    _month_day,
)
from station_app.domain.insurance.solar_terms import SOLAR_TERMS, term_date
from station_app.domain.jsonfile import FileKind, read_json_file
from station_app.domain.messages import Message
from station_app.domain.refcheck import RefChecker, Where

__all__ = ["load_products"]

_HUNDRED = Decimal(100)

_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")
_TOP_FIELDS = {"version": False, "source_note": False, "products": True}
_SECTION_FIELDS = {"code": True, "name_zh": True, "name_en": True, "index_type": True,
                   "window": True, "daily_threshold": False, "trigger": False, "exit": False,
                   "deductible_days": False, "amount_per_day": False,
                   "max_payout_per_mu": False}
_FLAT_SECTION_FIELDS = {k for k in _SECTION_FIELDS if k not in ("code", "name_zh", "name_en")}
_PRODUCT_FIELDS = {"id": True, "name_zh": True, "name_en": True, "crop": True,
                   "station_id": True, "station_name_zh": False, "region_zh": False,
                   "sum_insured_per_mu": True, "premium_rate_percent": False,
                   "premium_per_mu": False, "subsidy_shares_percent": True, "sections": False,
                   "note_zh": False}
_WINDOW_FIELDS = {"from": True, "to": True, "from_term": False, "to_term": False}
_KINDS = {
    "text": ("文字", "text"),
    "int": ("整数", "a whole number"),
    "list": ("列表（用 [ ] 括起来）", "a list (in [ ])"),
    "object": ("一组项目（用 { } 括起来）", "an object (in { })"),
    "number": ("数字，例如 \"35\" 或 \"200.00\"", "a number, e.g. \"35\" or \"200.00\""),
}


_TOP = Where("保险产品表", "The product file")


class _Checker(RefChecker):
    """Collects every problem while turning raw JSON data into products."""

    prefix = "insurance"
    kinds = _KINDS

    def __init__(self, crop_codes: Iterable[str] | None) -> None:
        super().__init__()
        self.crop_codes = None if crop_codes is None else set(crop_codes)

    def text(self, raw: Mapping[str, Any], name: str, where: Where) -> str | None:
        if name not in raw:
            return None
        value = raw[name]
        if not isinstance(value, str):
            self.wrong_type(where, name, "text")
            return None
        if not value.strip():
            self.add("text_empty", f"{where.zh}的“{name}”不能为空",
                     f"In {where.en}, “{name}” must not be empty")
            return None
        return value.strip()

    def integer(self, raw: Mapping[str, Any], name: str, where: Where, *,
                minimum: int = 0) -> int | None:
        if name not in raw:
            return None
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(where, name, "int")
            return None
        if value < minimum:
            self.add("number_too_small", f"{where.zh}的“{name}”不能小于 {minimum}（现在是 {value}）",
                     f"In {where.en}, “{name}” must be at least {minimum} (it is {value})")
            return None
        return value

    def number(self, raw: Mapping[str, Any], name: str, where: Where, *,
               money: bool = False, low: Decimal | None = Decimal(0),
               high: Decimal | None = None, positive: bool = False) -> Decimal | None:
        """A number written as a string (house style) or a JSON number."""
        if name not in raw:
            return None
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.wrong_type(where, name, "number")
            return None
        text = value.strip() if isinstance(value, str) else repr(value)
        if not _NUMBER_RE.match(text):
            self.add("number_invalid",
                     f"{where.zh}的“{name}”写的是“{value}”，不是一个数字，请写成例如 \"35\" 的样子",
                     f"In {where.en}, “{name}” is “{value}”, which is not a number; write it "
                     "like \"35\"")
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern guarantees a decimal
            return None
        if positive and amount <= 0:
            self.add("number_not_positive", f"{where.zh}的“{name}”应该大于 0（现在是 {text}）",
                     f"In {where.en}, “{name}” must be above 0 (it is {text})")
            return None
        if (low is not None and amount < low) or (high is not None and amount > high):
            range_zh = (f"{low} 到 {high} 之间" if low is not None and high is not None
                        else f"不小于 {low}" if low is not None else f"不大于 {high}")
            range_en = (f"between {low} and {high}" if low is not None and high is not None
                        else f"at least {low}" if low is not None else f"at most {high}")
            self.add("number_out_of_range", f"{where.zh}的“{name}”应该{range_zh}（现在是 {text}）",
                     f"In {where.en}, “{name}” must be {range_en} (it is {text})")
            return None
        if money and amount.as_tuple().exponent < -2:  # type: ignore[operator]
            self.add("money_precision",
                     f"{where.zh}的“{name}”是钱数，最多只能有两位小数（到分），现在是 {text}",
                     f"In {where.en}, “{name}” is money and may have at most two decimals "
                     f"(fen); it is {text}")
            return None
        return amount

    # ---- the file

    def catalogue(self, raw: Any) -> list[InsuranceProduct] | None:
        if isinstance(raw, list):
            raw = {"products": raw}
        if not isinstance(raw, Mapping):
            self.add("wrong_type", "保险产品表应该是一组项目（用 { } 括起来）或产品列表",
                     "The product file must be an object (in { }) or a list of products")
            return None
        if "products" not in raw and "id" in raw:  # a single product
            raw = {"products": [raw]}
        self.fields(raw, _TOP_FIELDS, _TOP)
        self.integer(raw, "version", _TOP, minimum=1)  # optional; checked when present
        self.text(raw, "source_note", _TOP)
        items = raw.get("products")
        if "products" in raw and not isinstance(items, list):
            self.wrong_type(_TOP, "products", "list")
            return None
        if not isinstance(items, list):
            return None
        if not items:
            self.add("no_products", "保险产品表里一个产品都没有，至少要有一个",
                     "The product file lists no products; it needs at least one")
        products: list[InsuranceProduct] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items, start=1):
            product = self.product(item, index)
            pid = item.get("id") if isinstance(item, Mapping) else None
            if isinstance(pid, str) and pid in seen:
                self.add("duplicate_id",
                         f"产品编号“{pid}”出现了两次（第 {seen[pid]} 个和第 {index} 个产品），"
                         "每个产品的编号必须不同",
                         f"The product id “{pid}” appears twice (products {seen[pid]} and "
                         f"{index}); every product needs its own id")
            elif isinstance(pid, str):
                seen[pid] = index
            if product is not None:
                products.append(product)
        return None if self.messages else products

    def product(self, raw: Any, index: int) -> InsuranceProduct | None:
        label_zh, label_en = f"第 {index} 个产品", f"product {index}"
        if isinstance(raw, Mapping):
            if isinstance(raw.get("name_zh"), str) and raw["name_zh"].strip():
                label_zh += f"“{raw['name_zh'].strip()}”"
            if isinstance(raw.get("id"), str) and raw["id"].strip():
                label_en += f" ({raw['id'].strip()})"
        where = Where(label_zh, label_en)
        if not isinstance(raw, Mapping):
            self.add("wrong_type", f"{where.zh}应该是一组项目（用 {{ }} 括起来）",
                     f"{where.en} must be an object (in {{ }})")
            return None
        before = len(self.messages)
        flat = [k for k in raw if k in _FLAT_SECTION_FIELDS]
        self.fields(raw, _PRODUCT_FIELDS, where, extra=_FLAT_SECTION_FIELDS)

        pid = self.text(raw, "id", where)
        if pid is not None and not _ID_RE.match(pid):
            self.add("id_invalid",
                     f"{where.zh}的编号“{pid}”不对：只能用小写英文字母、数字、下划线和短横线，"
                     "并以字母开头，例如 rice_heat_hz",
                     f"In {where.en}, the id “{pid}” is invalid: use lower-case letters, digits, "
                     "_ and -, starting with a letter (e.g. rice_heat_hz)")
        names = {n: self.text(raw, n, where) for n in ("name_zh", "name_en")}
        crop = self.text(raw, "crop", where)
        if crop is not None and not _CODE_RE.match(crop):
            self.add("crop_invalid", f"{where.zh}的作物代码“{crop}”不对，应与作物参考表一致，例如 rice",
                     f"In {where.en}, the crop code “{crop}” is invalid; use the crop "
                     "calendar's code, e.g. rice")
        elif crop is not None and self.crop_codes is not None and crop not in self.crop_codes:
            self.add("crop_unknown", f"{where.zh}的作物“{crop}”不在作物参考表里",
                     f"In {where.en}, the crop “{crop}” is not in the crop calendar")
        station = self.text(raw, "station_id", where)
        station_name = self.text(raw, "station_name_zh", where) or ""
        region = self.text(raw, "region_zh", where) or ""
        note = self.text(raw, "note_zh", where) or ""

        si = self.number(raw, "sum_insured_per_mu", where, money=True, positive=True)
        rate = fixed = None
        has_rate, has_fixed = "premium_rate_percent" in raw, "premium_per_mu" in raw
        if has_rate and has_fixed:
            self.add("premium_both",
                     f"{where.zh}同时写了费率“premium_rate_percent”和每亩固定保费“premium_per_mu”，"
                     "只能写其中一个",
                     f"{where.en} gives both “premium_rate_percent” and “premium_per_mu”; give "
                     "only one")
        elif not has_rate and not has_fixed:
            self.add("premium_missing",
                     f"{where.zh}没有保费：请写费率“premium_rate_percent”（例如 \"3.5\" 表示 3.5%）"
                     "或每亩固定保费“premium_per_mu”",
                     f"{where.en} has no premium: give “premium_rate_percent” (e.g. \"3.5\" for "
                     "3.5 %) or a fixed “premium_per_mu”")
        elif has_rate:
            rate = self.number(raw, "premium_rate_percent", where, high=_HUNDRED, positive=True)
        else:
            fixed = self.number(raw, "premium_per_mu", where, money=True, positive=True)
            if fixed is not None and si is not None and fixed > si:
                self.add("premium_above_sum_insured",
                         f"{where.zh}的每亩保费 {fixed} 元高于每亩保险金额 {si} 元",
                         f"{where.en}: the premium of {fixed} 元/mu is above the sum insured "
                         f"of {si} 元/mu")
        subsidy = self.subsidy(raw, where)
        sections = self.sections(raw, where, flat, names, si)

        if len(self.messages) > before:
            return None
        return InsuranceProduct(
            id=pid, name_zh=names["name_zh"], name_en=names["name_en"],  # type: ignore[arg-type]
            crop=crop, station_id=station, sum_insured_per_mu=si,  # type: ignore[arg-type]
            subsidy=subsidy, sections=sections,  # type: ignore[arg-type]
            premium_rate_percent=rate, premium_per_mu=fixed, station_name_zh=station_name,
            region_zh=region, note_zh=note)

    def subsidy(self, raw: Mapping[str, Any], where: Where) -> SubsidyShares | None:
        name = "subsidy_shares_percent"
        if name not in raw:
            return None
        value = raw[name]
        if not isinstance(value, Mapping):
            self.wrong_type(where, name, "object")
            return None
        here = where.sub(f"的保费分担“{name}”", f", “{name}”")
        self.fields(value, {k: True for k in SHARE_KEYS}, here)
        shares = {k: self.number(value, k, here, high=_HUNDRED) for k in SHARE_KEYS}
        if any(v is None for v in shares.values()):
            return None
        total = sum(shares.values(), Decimal(0))  # type: ignore[arg-type]
        if total != _HUNDRED:
            listed = "、".join(f"{SHARE_ZH[k]} {shares[k]}%" for k in SHARE_KEYS)
            self.add("subsidy_sum",
                     f"{here.zh}加起来是 {total}%（{listed}），必须正好是 100%",
                     f"In {here.en}, the shares add up to {total} %, not exactly 100 %")
            return None
        return SubsidyShares(**shares)  # type: ignore[arg-type]

    def sections(self, raw: Mapping[str, Any], where: Where, flat: list[str],
                 names: Mapping[str, str | None], si: Decimal | None
                 ) -> tuple[IndexSection, ...] | None:
        if "sections" in raw and flat:
            self.add("sections_and_flat",
                     f"{where.zh}既写了“sections”又在产品这一层写了指数项（{', '.join(flat)}），"
                     "只能用其中一种写法",
                     f"{where.en} has both “sections” and index fields at the product level "
                     f"({', '.join(flat)}); use one layout only")
            return None
        if "sections" not in raw:
            if not flat:
                self.add("sections_missing",
                         f"{where.zh}没有指数：请写“sections”列表（或在产品这一层写 index_type 等）",
                         f"{where.en} has no index: give a “sections” list (or index_type etc. "
                         "at the product level)")
                return None
            item = {k: raw[k] for k in flat}
            item.update(code="main", name_zh=names.get("name_zh") or "指数",
                        name_en=names.get("name_en") or "index")
            section = self.section(item, where, si)
            return None if section is None else (section,)
        items = raw["sections"]
        if not isinstance(items, list):
            self.wrong_type(where, "sections", "list")
            return None
        if not items:
            self.add("sections_empty", f"{where.zh}的“sections”是空的，至少要有一个指数",
                     f"{where.en} lists no index sections; it needs at least one")
            return None
        out: list[IndexSection] = []
        codes: dict[str, int] = {}
        for index, item in enumerate(items, start=1):
            label_zh, label_en = f"的第 {index} 个指数", f", section {index}"
            if isinstance(item, Mapping):
                if isinstance(item.get("name_zh"), str) and item["name_zh"].strip():
                    label_zh += f"“{item['name_zh'].strip()}”"
                code = item.get("code")
                if isinstance(code, str) and code.strip():
                    label_en += f" ({code.strip()})"
                    if code.strip() in codes:
                        self.add("section_code_duplicate",
                                 f"{where.zh}{label_zh}的代码“{code}”和第 {codes[code.strip()]} "
                                 "个指数重复了",
                                 f"{where.en}{label_en} repeats the code of section "
                                 f"{codes[code.strip()]}")
                    codes.setdefault(code.strip(), index)
            section = self.section(item, where.sub(label_zh, label_en), si)
            if section is not None:
                out.append(section)
        return tuple(out) if len(out) == len(items) else None

    def window(self, raw: Mapping[str, Any], where: Where) -> PhaseWindow | None:
        if "window" not in raw:
            return None
        value = raw["window"]
        if not isinstance(value, Mapping):
            self.wrong_type(where, "window", "object")
            return None
        here = where.sub("的阶段“window”", ", “window”")
        self.fields(value, _WINDOW_FIELDS, here)
        ends: list[tuple[str, str | None]] = []
        for key in ("from", "to"):
            if key not in value:
                continue
            text = value[key]
            term = value.get(f"{key}_term")
            if not isinstance(text, str):
                self.wrong_type(here, key, "text")
                continue
            text = text.strip()
            if text in SOLAR_TERMS:  # "立夏" stands for its fixed date
                term, text = text, SOLAR_TERMS[text]
            if _month_day(text) is None:
                self.add("date_invalid",
                         f"{here.zh}的“{key}”写的是“{text}”，不是日期：请写成“月-日”（例如 06-25，"
                         "不能用 02-29）或节气名（例如 立夏）",
                         f"In {here.en}, “{key}” is “{text}”, not a date: write month-day such "
                         "as 06-25 (not 02-29) or a solar term such as 立夏")
                continue
            if term is not None:
                if not isinstance(term, str) or term_date(term) is None:
                    self.add("term_invalid", f"{here.zh}的“{key}_term”“{term}”不是节气名",
                             f"In {here.en}, “{key}_term” “{term}” is not a solar term")
                    continue
                if term_date(term) != text:
                    self.add("term_date_mismatch",
                             f"{here.zh}的“{key}”是 {text}，但节气{term}按本系统约定是 "
                             f"{term_date(term)}，两者不一致",
                             f"In {here.en}, “{key}” is {text} but {term} stands for "
                             f"{term_date(term)} here; they disagree")
                    continue
            ends.append((text, term))
        if len(ends) != 2:
            return None
        return PhaseWindow(ends[0][0], ends[1][0], ends[0][1], ends[1][1])

    def section(self, raw: Any, where: Where, si: Decimal | None) -> IndexSection | None:
        if not isinstance(raw, Mapping):
            self.add("wrong_type", f"{where.zh}应该是一组项目（用 {{ }} 括起来）",
                     f"{where.en} must be an object (in {{ }})")
            return None
        before = len(self.messages)
        self.fields(raw, _SECTION_FIELDS, where)
        code = self.text(raw, "code", where)
        if code is not None and not _CODE_RE.match(code):
            self.add("code_invalid", f"{where.zh}的代码“{code}”不对：只能用小写英文字母、数字和下划线",
                     f"In {where.en}, the code “{code}” is invalid: use lower-case letters, "
                     "digits and underscores")
        name_zh, name_en = self.text(raw, "name_zh", where), self.text(raw, "name_en", where)
        window = self.window(raw, where)

        kind: IndexType | None = None
        text = self.text(raw, "index_type", where)
        if text is not None:
            try:
                kind = IndexType(text)
            except ValueError:
                self.add("index_type_invalid",
                         f"{where.zh}的指数类型“{text}”不认识，只能是 "
                         + "、".join(t.value for t in IndexType),
                         f"In {where.en}, the index type “{text}” is unknown; use one of "
                         + ", ".join(t.value for t in IndexType))
        info = INDEX_TYPES[kind] if kind is not None else None
        is_temp = info is not None and info.variable != "precip_mm"
        limits = (Decimal(-60), Decimal(60)) if is_temp else (Decimal(0), Decimal(1000))

        threshold = None
        if "daily_threshold" in raw and info is not None and not info.threshold_allowed:
            self.add("threshold_not_allowed",
                     f"{where.zh}是“{kind}”指数，不用每日阈值“daily_threshold”，请删掉它",
                     f"{where.en} is a “{kind}” index, which takes no “daily_threshold”; "
                     "remove it")
        elif "daily_threshold" in raw:
            threshold = self.number(raw, "daily_threshold", where, low=limits[0], high=limits[1])
        elif kind is IndexType.EXCESS_RAIN_CONSECUTIVE:
            self.add("threshold_missing",
                     f"{where.zh}是连续强降水指数，必须写每日降水阈值“daily_threshold”（毫米，"
                     "例如 \"50\"）",
                     f"{where.en} is an excess_rain_consecutive index and needs a "
                     "“daily_threshold” in mm (e.g. \"50\")")

        linear = [k for k in ("trigger", "exit") if k in raw]
        per_day = [k for k in ("deductible_days", "amount_per_day") if k in raw]
        trigger = exit_ = amount = None
        deductible = None
        if linear and per_day:
            self.add("payout_mixed",
                     f"{where.zh}同时写了线性赔付（trigger/exit）和按天赔付（deductible_days/"
                     "amount_per_day），只能选一种",
                     f"{where.en} mixes a linear payout (trigger/exit) with a per-day payout "
                     "(deductible_days/amount_per_day); choose one")
        elif not linear and not per_day:
            self.add("payout_missing",
                     f"{where.zh}没有赔付规则：写 trigger 和 exit（线性赔付），或 deductible_days "
                     "和 amount_per_day（按天赔付）",
                     f"{where.en} has no payout rule: give trigger and exit (linear) or "
                     "deductible_days and amount_per_day (per day)")
        elif linear:
            for k in ("trigger", "exit"):
                if k not in raw:
                    self.add("missing_field", f"{where.zh}缺少“{k}”一项（线性赔付要同时写 trigger 和 exit）",
                             f"{where.en} is missing “{k}” (a linear payout needs both "
                             "trigger and exit)")
            if info is not None and (info.counts_days or not is_temp):
                low, high = Decimal(0), None  # days, or mm (a phase total may pass 1000)
            else:
                low, high = limits
            trigger = self.number(raw, "trigger", where, low=low, high=high)
            exit_ = self.number(raw, "exit", where, low=low, high=high)
            if trigger is not None and exit_ is not None and info is not None:
                if trigger == exit_:
                    self.add("trigger_equals_exit",
                             f"{where.zh}的起赔点 trigger 和最高赔付点 exit 都是 {trigger}，必须不同",
                             f"In {where.en}, trigger and exit are both {trigger}; they must "
                             "differ")
                elif info.lower_is_worse and exit_ > trigger:
                    self.add("exit_direction",
                             f"{where.zh}是“越低越糟”的指数，exit（{exit_}）必须低于 trigger（{trigger}）",
                             f"{where.en} is a lower-is-worse index: exit ({exit_}) must be "
                             f"below trigger ({trigger})")
                elif not info.lower_is_worse and exit_ < trigger:
                    self.add("exit_direction",
                             f"{where.zh}是“越高越糟”的指数，exit（{exit_}）必须高于 trigger（{trigger}）",
                             f"{where.en} is a higher-is-worse index: exit ({exit_}) must be "
                             f"above trigger ({trigger})")
        else:
            if info is not None and not info.counts_days:
                self.add("per_day_not_allowed",
                         f"{where.zh}的“{kind}”指数不是天数，只能用线性赔付（trigger 和 exit）",
                         f"In {where.en}, a “{kind}” index is not a number of days; use a "
                         "linear payout (trigger and exit)")
            for k in ("deductible_days", "amount_per_day"):
                if k not in raw:
                    self.add("missing_field", f"{where.zh}缺少“{k}”一项（按天赔付要同时写两项）",
                             f"{where.en} is missing “{k}” (a per-day payout needs both)")
            deductible = self.integer(raw, "deductible_days", where)
            amount = self.number(raw, "amount_per_day", where, money=True, positive=True)

        cap = self.number(raw, "max_payout_per_mu", where, money=True, positive=True)
        if cap is not None and si is not None and cap > si:
            self.add("cap_above_sum_insured",
                     f"{where.zh}的最高赔付 {cap} 元/亩高于产品的每亩保险金额 {si} 元",
                     f"In {where.en}, max_payout_per_mu {cap} is above the sum insured {si}")

        if len(self.messages) > before or kind is None or window is None:
            return None
        return IndexSection(code=code, name_zh=name_zh, name_en=name_en,  # type: ignore[arg-type]
                            index_type=kind, window=window, daily_threshold=threshold,
                            trigger=trigger, exit=exit_, deductible_days=deductible,
                            amount_per_day=amount, max_payout_per_mu=cap)


def _read_json(path: Path) -> tuple[Any, list[Message]]:
    return read_json_file(path, FileKind("insurance", "保险产品", "insurance product"))


def load_products(data: Any, *, crop_codes: Iterable[str] | None = None
                  ) -> list[InsuranceProduct]:
    """Read and check products: a JSON file path, the parsed file, a list, or one product.

    ``crop_codes`` (e.g. the crop calendar's codes) makes an unknown crop a problem too.
    Raises :class:`ProductError` listing every problem; returns nothing partial.
    """
    if isinstance(data, (str, os.PathLike)):
        data, messages = _read_json(Path(data))
        if messages:
            raise ProductError(messages)
    checker = _Checker(crop_codes)
    products = checker.catalogue(data)
    if checker.messages or products is None:
        raise ProductError(checker.messages)
    return products

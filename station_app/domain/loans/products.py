"""Loan product catalogue (贷款产品目录): products as data, checked strictly.

The catalogue is JSON (``resources/products/loans.json``, example and field reference in
docs/loans.md) that the station admin may edit.  :func:`load_products` turns a parsed dict (or
a path) into a :class:`ProductCatalogue` of frozen :class:`LoanProduct`; every problem becomes
a plain-Chinese :class:`~station_app.domain.messages.Message` and all of them are raised
together in one :class:`ProductError` (nothing partial is returned); :func:`parse_products`
does the same for data only (it never takes a path).  :func:`dump_products`
writes a catalogue back to a dict that loads to an equal catalogue.

Units: money in yuan as strings with at most two decimals (``"500000.00"``); rates as
fractions in strings (``"0.0435"`` is 4.35 % a year; ``"0.003"`` of the amount is 0.3 %).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from station_app.domain.jsonfile import FileKind, read_json_file
from station_app.domain.loans.schedule import MAX_MONTHS, METHODS
from station_app.domain.messages import Message

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "LoanProduct",
    "ProductCatalogue",
    "ProductError",
    "dump_products",
    "load_products",
    "parse_products",
]

PLANTING = "planting"
ORDER = "order"
FARM_INPUT = "farm_input"
PREPAYMENT = "prepayment"
KINDS = (PLANTING, ORDER, FARM_INPUT, PREPAYMENT)
KIND_LABELS: dict[str, Message] = {
    PLANTING: Message("loan.kind.planting", "种植贷", "Planting loan"),
    ORDER: Message("loan.kind.order", "订单贷", "Order loan"),
    FARM_INPUT: Message("loan.kind.farm_input", "农资贷", "Farm-input loan"),
    PREPAYMENT: Message("loan.kind.prepayment", "预收款融资", "Prepayment financing"),
}
DEFAULT_SALES_WINDOW_DAYS = 60
DEFAULT_GRACE_DAYS = 15
DEFAULT_MAX_SHARE_OF_ORDERS = Decimal("0.80")
DEFAULT_AMOUNT_STEP = Decimal("100")
MAX_DAYS = 366

_FILE_KIND = FileKind("products", "贷款产品目录", "loan product catalogue")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_DECIMAL_RE = re.compile(r"^\d+(\.\d+)?$")


@dataclass(frozen=True)
class LoanProduct:
    """One loan product.  Money in yuan, rates as fractions, terms in whole months."""

    id: str
    kind: str
    name_zh: str
    name_en: str
    purpose_zh: str
    purpose_en: str
    amount_min: Decimal
    amount_max: Decimal
    term_months_min: int
    term_months_max: int
    annual_rate: Decimal
    methods: tuple[str, ...]
    default_method: str
    fee_fixed: Decimal = Decimal("0.00")
    fee_rate: Decimal = Decimal("0")
    requires_coop_guarantee: bool = False
    requires_weather_insurance: bool = False
    insurance_rate_discount: Decimal = Decimal("0")
    eligible_grades: tuple[str, ...] = ()
    amount_step: Decimal = DEFAULT_AMOUNT_STEP
    sales_window_days: int = DEFAULT_SALES_WINDOW_DAYS
    grace_days: int = DEFAULT_GRACE_DAYS
    max_share_of_orders: Decimal = DEFAULT_MAX_SHARE_OF_ORDERS
    note: str = ""

    @property
    def name(self) -> Message:
        return Message(f"loan.product.{self.id}", self.name_zh, self.name_en)

    @property
    def kind_label(self) -> Message:
        return KIND_LABELS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "name_zh": self.name_zh, "name_en": self.name_en,
            "purpose_zh": self.purpose_zh, "purpose_en": self.purpose_en,
            "amount_min_yuan": str(self.amount_min), "amount_max_yuan": str(self.amount_max),
            "amount_step_yuan": str(self.amount_step),
            "term_months_min": self.term_months_min, "term_months_max": self.term_months_max,
            "annual_rate": str(self.annual_rate),
            "methods": list(self.methods), "default_method": self.default_method,
            "fees": {"fixed_yuan": str(self.fee_fixed), "rate_of_amount": str(self.fee_rate)},
            "requires_coop_guarantee": self.requires_coop_guarantee,
            "requires_weather_insurance": self.requires_weather_insurance,
            "insurance_rate_discount": str(self.insurance_rate_discount),
            "eligible_grades": list(self.eligible_grades),
            "sales_window_days": self.sales_window_days, "grace_days": self.grace_days,
            "max_share_of_orders": str(self.max_share_of_orders),
        }
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class ProductCatalogue:
    """A versioned set of products keyed by id, in file order."""

    version: int
    products: Mapping[str, LoanProduct] = field(default_factory=dict)
    note: str = ""
    lender_name: str = ""  # the lending bank as contracts name it ("lender_zh")

    def __post_init__(self) -> None:
        object.__setattr__(self, "products", MappingProxyType(dict(self.products)))

    def __getitem__(self, product_id: str) -> LoanProduct:
        return self.products[product_id]

    def __contains__(self, product_id: object) -> bool:
        return product_id in self.products

    def __len__(self) -> int:
        return len(self.products)

    def __iter__(self):
        return iter(self.products.values())

    def get(self, product_id: str) -> LoanProduct | None:
        return self.products.get(product_id)

    def of_kind(self, kind: str) -> list[LoanProduct]:
        return [p for p in self.products.values() if p.kind == kind]


class ProductError(ValueError):
    """The product catalogue is not valid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Message]) -> None:
        self.problems: list[Message] = list(problems)
        lines = [f"{i}. {p}" for i, p in enumerate(self.problems, 1)]
        super().__init__(f"贷款产品目录有 {len(self.problems)} 个问题：\n" + "\n".join(lines))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    @property
    def en(self) -> str:
        lines = [f"{i}. {p.en}" for i, p in enumerate(self.problems, 1)]
        return (f"The loan product catalogue has {len(self.problems)} problem(s):\n"
                + "\n".join(lines))


# --------------------------------------------------------------------------- checking

_TOP_FIELDS = {"version": True, "currency": True, "note": False, "lender_zh": False,
               "products": True}
_PRODUCT_FIELDS = {
    "id": True, "kind": True, "name_zh": True, "name_en": True, "purpose_zh": True,
    "purpose_en": True, "amount_min_yuan": True, "amount_max_yuan": True,
    "amount_step_yuan": False, "term_months_min": True, "term_months_max": True,
    "annual_rate": True, "methods": True, "default_method": False, "fees": False,
    "requires_coop_guarantee": False, "requires_weather_insurance": False,
    "insurance_rate_discount": False, "eligible_grades": True, "sales_window_days": False,
    "grace_days": False, "max_share_of_orders": False, "note": False,
}
_FEE_FIELDS = {"fixed_yuan": False, "rate_of_amount": False}


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Message] = []

    def add(self, code: str, where: str, zh: str, en: str) -> None:
        self.problems.append(Message(f"products.{code}", f"{where}：{zh}", f"{where}: {en}"))

    def fields(self, raw: Mapping[str, Any], spec: Mapping[str, bool], where: str) -> None:
        for name in raw:
            if name not in spec:
                self.add("unknown_field", where, f"有不认识的一项“{name}”，请检查拼写或删掉它",
                         f"unknown field “{name}”; check the spelling or remove it")
        for name, required in spec.items():
            if required and name not in raw:
                self.add("missing_field", where, f"缺少“{name}”一项",
                         f"the field “{name}” is missing")

    def text(self, raw: Mapping[str, Any], name: str, where: str, default: str = "") -> str | None:
        if name not in raw:
            return default
        value = raw[name]
        if not isinstance(value, str) or not value.strip():
            self.add("text_invalid", where, f"“{name}”要写一段不为空的文字",
                     f"“{name}” must be non-empty text")
            return None
        return value.strip()

    def integer(self, raw: Mapping[str, Any], name: str, where: str, low: int, high: int,
                default: int | None = None) -> int | None:
        if name not in raw:
            return default
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add("integer_invalid", where, f"“{name}”要写 {low} 到 {high} 之间的整数"
                     f"（现在是 {value!r}）",
                     f"“{name}” must be a whole number from {low} to {high} (it is {value!r})")
            return None
        return value

    def flag(self, raw: Mapping[str, Any], name: str, where: str) -> bool | None:
        value = raw.get(name, False)
        if not isinstance(value, bool):
            self.add("flag_invalid", where, f"“{name}”只能写 true 或 false",
                     f"“{name}” must be true or false")
            return None
        return value

    def number(self, raw: Mapping[str, Any], name: str, where: str, *, money: bool = False,
               high: Decimal | None = None, default: Decimal | None = None,
               positive: bool = False) -> Decimal | None:
        if name not in raw:
            return default
        value = raw[name]
        text = value.strip() if isinstance(value, str) else None
        if text is None or not _DECIMAL_RE.match(text):
            example = "\"3000.00\"" if money else "\"0.0435\""
            self.add("number_invalid", where,
                     f"“{name}”要写成引号里的非负数字，例如 {example}（现在是 {value!r}）",
                     f"“{name}” must be a non-negative number in quotes, e.g. {example} "
                     f"(it is {value!r})")
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the regex already rules this out
            return None
        if money and number != number.quantize(Decimal("0.01")):
            self.add("money_precision", where, f"“{name}”是钱数，最多两位小数（到分），现在是 {text}",
                     f"“{name}” is money and may have at most two decimals; it is {text}")
            return None
        if positive and number == 0:
            self.add("number_zero", where, f"“{name}”必须大于 0", f"“{name}” must be above 0")
            return None
        if high is not None and number > high:
            hint_zh = "；利率和比例写成小数，例如 4.35% 写 \"0.0435\"" if not money else ""
            hint_en = "; write rates and shares as fractions, e.g. 4.35 % as \"0.0435\"" \
                if not money else ""
            self.add("number_too_large", where, f"“{name}”不能大于 {high}（现在是 {text}）{hint_zh}",
                     f"“{name}” must not exceed {high} (it is {text}){hint_en}")
            return None
        return number

    def product(self, raw: Any, index: int) -> LoanProduct | None:
        where = f"第 {index + 1} 个产品"
        if not isinstance(raw, Mapping):
            self.add("product_not_object", where, "应该是一个 {…} 对象", "must be an object {…}")
            return None
        pid = raw.get("id")
        if isinstance(pid, str) and pid:
            where = f"产品“{pid}”"
        before = len(self.problems)
        self.fields(raw, _PRODUCT_FIELDS, where)
        product_id = self.text(raw, "id", where)
        if product_id is not None and not _ID_RE.match(product_id):
            self.add("id_invalid", where, "代码只能用小写英文字母、数字和下划线，并以字母开头，"
                     "例如 planting_standard", "the id must use lower-case letters, digits and "
                     "underscores and start with a letter, e.g. planting_standard")
        kind = raw.get("kind")
        if kind not in KINDS:
            self.add("kind_invalid", where, f"种类“{kind}”不对，只能是 "
                     + "、".join(f"{k}（{KIND_LABELS[k]}）" for k in KINDS),
                     f"kind {kind!r} is invalid; use one of {', '.join(KINDS)}")
        names = {k: self.text(raw, k, where) for k in ("name_zh", "name_en", "purpose_zh",
                                                      "purpose_en")}
        amount_min = self.number(raw, "amount_min_yuan", where, money=True, positive=True)
        amount_max = self.number(raw, "amount_max_yuan", where, money=True, positive=True)
        step = self.number(raw, "amount_step_yuan", where, money=True, positive=True,
                           default=DEFAULT_AMOUNT_STEP)
        if amount_min is not None and amount_max is not None and amount_min > amount_max:
            self.add("amount_bounds", where, f"最低金额 {amount_min} 大于最高金额 {amount_max}",
                     f"the minimum amount {amount_min} exceeds the maximum {amount_max}")
        term_min = self.integer(raw, "term_months_min", where, 1, MAX_MONTHS)
        term_max = self.integer(raw, "term_months_max", where, 1, MAX_MONTHS)
        if term_min is not None and term_max is not None and term_min > term_max:
            self.add("term_bounds", where, f"最短期限 {term_min} 个月长于最长期限 {term_max} 个月",
                     f"the shortest term ({term_min} months) exceeds the longest ({term_max})")
        rate = self.number(raw, "annual_rate", where, high=Decimal(1))
        methods = raw.get("methods")
        method_tuple: tuple[str, ...] | None = None
        if (not isinstance(methods, list) or not methods
                or any(m not in METHODS for m in methods) or len(set(methods)) != len(methods)):
            self.add("methods_invalid", where, "还款方式“methods”要列出一个或多个不重复的："
                     + "、".join(METHODS), "“methods” must list one or more distinct of: "
                     + ", ".join(METHODS))
        else:
            method_tuple = tuple(methods)
        default_method = raw.get("default_method", method_tuple[0] if method_tuple else None)
        if method_tuple is not None and default_method not in method_tuple:
            self.add("default_method_invalid", where,
                     f"默认还款方式“{default_method}”不在“methods”里",
                     f"the default method {default_method!r} is not among “methods”")
        fees = raw.get("fees", {})
        fee_fixed = fee_rate = None
        if not isinstance(fees, Mapping):
            self.add("fees_invalid", where, "“fees”应该是 {\"fixed_yuan\": …, \"rate_of_amount\": …}",
                     "“fees” must be {\"fixed_yuan\": …, \"rate_of_amount\": …}")
        else:
            self.fields(fees, _FEE_FIELDS, f"{where}的 fees")
            fee_fixed = self.number(fees, "fixed_yuan", where, money=True,
                                    default=Decimal("0.00"))
            fee_rate = self.number(fees, "rate_of_amount", where, high=Decimal("0.5"),
                                   default=Decimal("0"))
        guarantee = self.flag(raw, "requires_coop_guarantee", where)
        insurance = self.flag(raw, "requires_weather_insurance", where)
        discount = self.number(raw, "insurance_rate_discount", where, high=Decimal(1),
                               default=Decimal("0"))
        if discount is not None and rate is not None and discount > rate:
            self.add("discount_too_large", where,
                     f"投保气象险的利率优惠 {discount} 大于年利率 {rate}",
                     f"the insurance rate discount {discount} exceeds the annual rate {rate}")
        grades = raw.get("eligible_grades")
        if (not isinstance(grades, list) or not grades
                or any(not isinstance(g, str) or not g.strip() for g in grades)
                or len(set(grades)) != len(grades)):
            self.add("grades_invalid", where, "“eligible_grades”要列出可以申请的信用等级，"
                     "例如 [\"A\", \"B\", \"C\"]", "“eligible_grades” must list the credit "
                     "grades that may apply, e.g. [\"A\", \"B\", \"C\"]")
            grades = None
        window = self.integer(raw, "sales_window_days", where, 0, MAX_DAYS,
                              DEFAULT_SALES_WINDOW_DAYS)
        grace = self.integer(raw, "grace_days", where, 0, MAX_DAYS, DEFAULT_GRACE_DAYS)
        share = self.number(raw, "max_share_of_orders", where, high=Decimal(1), positive=True,
                            default=DEFAULT_MAX_SHARE_OF_ORDERS)
        note = self.text(raw, "note", where)
        if len(self.problems) > before:
            return None
        return LoanProduct(
            id=product_id, kind=kind, name_zh=names["name_zh"], name_en=names["name_en"],
            purpose_zh=names["purpose_zh"], purpose_en=names["purpose_en"],
            amount_min=amount_min, amount_max=amount_max, term_months_min=term_min,
            term_months_max=term_max, annual_rate=rate, methods=method_tuple,
            default_method=default_method, fee_fixed=fee_fixed, fee_rate=fee_rate,
            requires_coop_guarantee=guarantee, requires_weather_insurance=insurance,
            insurance_rate_discount=discount, eligible_grades=tuple(grades),
            amount_step=step, sales_window_days=window, grace_days=grace,
            max_share_of_orders=share, note=note or "",
        )  # type: ignore[arg-type]

    def catalogue(self, raw: Any) -> ProductCatalogue | None:
        where = "贷款产品目录"
        if not isinstance(raw, Mapping):
            self.add("not_object", where, "应该是一个 {…} 对象", "must be a JSON object {…}")
            return None
        self.fields(raw, _TOP_FIELDS, where)
        version = self.integer(raw, "version", where, 1, 10**9)
        if "currency" in raw and raw["currency"] != "CNY":
            self.add("currency_invalid", where, "币种“currency”只能是 \"CNY\"（人民币）",
                     "“currency” must be \"CNY\" (renminbi)")
        note = self.text(raw, "note", where)
        lender = self.text(raw, "lender_zh", where)
        items = raw.get("products")
        if not isinstance(items, list) or not items:
            self.add("products_empty", where, "“products”要列出至少一个产品",
                     "“products” must list at least one product")
            return None
        products: dict[str, LoanProduct] = {}
        for i, item in enumerate(items):
            product = self.product(item, i)
            if product is None:
                continue
            if product.id in products:
                self.add("duplicate_id", f"产品“{product.id}”", "代码重复出现",
                         "the id appears twice")
                continue
            products[product.id] = product
        if self.problems or version is None:
            return None
        return ProductCatalogue(version=version, products=products, note=note or "",
                                lender_name=lender or "")


def load_products(path_or_dict: str | os.PathLike[str] | Mapping[str, Any]) -> ProductCatalogue:
    """A catalogue dict (or a JSON file's path) → :class:`ProductCatalogue`.

    Raises :class:`ProductError` listing every problem; returns nothing partial.
    """
    if isinstance(path_or_dict, (str, os.PathLike)):
        raw, problems = read_json_file(Path(path_or_dict), _FILE_KIND)
        if raw is None or problems:
            raise ProductError(problems)
        return parse_products(raw)
    return parse_products(path_or_dict)


def parse_products(data: Mapping[str, Any]) -> ProductCatalogue:
    """Already-parsed catalogue data → :class:`ProductCatalogue` (never reads a file: a
    string here is just bad data).  Raises :class:`ProductError` listing every problem."""
    checker = _Checker()
    catalogue = checker.catalogue(data)
    if checker.problems or catalogue is None:
        raise ProductError(checker.problems)
    return catalogue


def dump_products(catalogue: ProductCatalogue) -> dict[str, Any]:
    """The dict that :func:`load_products` reads back to an equal catalogue."""
    out: dict[str, Any] = {"version": catalogue.version, "currency": "CNY"}
    if catalogue.note:
        out["note"] = catalogue.note
    if catalogue.lender_name:
        out["lender_zh"] = catalogue.lender_name
    out["products"] = [p.to_dict() for p in catalogue]
    return out

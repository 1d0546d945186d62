"""Rural e-commerce credit score (农村电商信用分): an expert scorecard kept as data.

DOMAIN.md §5.  There is no default history yet, so version 1 is an *expert* scorecard whose
bins and points live in a versioned JSON model (``resources/scorecard/credit_v1.json``, see
docs/scorecard.md), not in code.  This module reads and checks such a model and scores a
farmer with it.  Pure: no Qt, no SQL, no clock, no files except the model file named by the
caller.

Public API
==========

``load_model(path_or_dict) -> ScoreModel``
    ``path_or_dict`` is a ``str`` / :class:`pathlib.Path` of a JSON file, or the already
    parsed ``dict``.  Every problem of a malformed or inconsistent model is collected and
    raised together as :class:`ModelError` (a ``ValueError``): ``.problems`` is a list of
    :class:`~station_app.domain.messages.Message` (Chinese text that starts with the JSON
    path, English in ``.en``, a stable ``.code`` such as ``"scorecard.bins_overlap"``), and
    ``str(error)`` lists them one per line.  Nothing partial is returned.

``score(model, inputs) -> ScoreResult``
    ``inputs`` maps variable ids (and the extra inputs of the credit limit, e.g.
    ``expected_harvest_value_yuan``) to values: ``Decimal``, ``int``, ``float``, a numeric
    ``str`` (``"1,200"`` and full-width digits are fine), ``bool`` (boolean variables only),
    or ``None`` / absent / blank string = missing (the variable's missing bin).  A value of
    the wrong type or that cannot be parsed raises ``ValueError`` naming the variable.  Keys
    the model does not know are ignored.  A variable may declare ``aliases`` (the shipped
    model reads ``net_sales_12m`` of :meth:`SalesIndicators.values` as
    ``annual_online_sales_yuan`` and ``quality_change`` of ``FarmIndicators`` as
    ``quality_change_percent``); the id itself wins when both are given.  A number outside
    the variable's declared range is scored in the nearest end bin and reported in
    :attr:`ScoreResult.warnings` (e.g. a percentage typed where a 0–1 share is expected).

``what_if(model, inputs, changes) -> (before, after)``
    Two :class:`ScoreResult`: ``inputs`` as given and ``{**inputs, **changes}`` (a change to
    ``None`` makes that variable missing).

:class:`ScoreModel` – ``.id``, ``.version``, ``.version_name``, ``.effective_date``,
``.scaling`` (:class:`Scaling`: ``base_score``, ``base_odds``, ``pdo``, ``factor``,
``offset``, ``odds(score)``), ``.dimensions``, ``.variables`` (ordered :class:`Variable`:
``id``, ``label_zh``/``label_en`` (and ``label``, a :class:`Message`: the Chinese text
with ``.en``), ``dimension`` (a :class:`Message`: the seed's Chinese dimension name such as
``"履约能力维度"``, ``.code`` its id, ``.en`` its English name; ``dimension_id``), ``kind``
(numeric / boolean / categorical), ``unit``, ``direction`` (``"higher_better"`` /
``"lower_better"``), ``range``, ``bins`` (value bins, ascending / in ``order``),
``missing_bin``, ``min_points``/``max_points``/``missing_points``), ``.input_fields`` (the
extra inputs), ``.grades`` (:class:`Grade`: ``grade``, ``min_score``, ``limit_factor``, best
first), ``.limit_rule``, ``.digest`` (sha256 of the canonical JSON, to store with every
score), ``.to_dict()``, ``.variable(id)``, ``.grade_for(total)``,
``.min_total``/``.max_total``/``.neutral_total``.

:class:`ScoreResult` (frozen) – ``.total`` (int, **exactly** ``sum(points.values())``: there
is no separate base-points term, the scaling offset is spread over the variables' points),
``.grade``, ``.points`` / ``.max_points`` / ``.min_points`` (variable id → int, every
variable), ``.bins`` (variable id → label of the bin used), ``.reasons`` (a list of at most three
:class:`Reason`: the variables whose points fall furthest below their maximum; ties go to the
variable declared first in the model; variables without shortfall never appear),
``.limit_reasons`` (:class:`LimitReason`: declined, no income, uplift applied, capped),
``.credit_limit`` (``Decimal`` yuan), ``.limit`` (:class:`LimitDetails`, the arithmetic),
``.odds`` (implied good:bad odds ``base_odds · 2^((total − base_score)/PDO)``, a float),
``.bad_rate`` (``1 / (1 + odds)``), ``.inputs`` (normalized inputs actually used:
JSON-ready, Decimals as strings, missing as ``None``), ``.warnings``, ``.model_id``,
``.model_version``, ``.model_digest``, ``.to_dict()``.

Credit limit (DOMAIN.md §5, seed 001 §3.1.3)::

    income = Σ max(0, income field)            (missing = 0)
    base   = grade limit factor × income
    uplift = Π (1 + uplift%) of the rules met   (quality pass rate up ≥ 20 % → +30 %)
    capped = min(cap, base × uplift)            (cap_after_uplift: true, the shipped rule;
                                                 false: min(cap, base) × uplift)
    credit_limit = capped rounded DOWN to a whole multiple of round_down_to_yuan (100 元)

``cap`` is the ``product_cap_yuan`` input when given (the loan product's cap), otherwise the
model's ``default_cap_yuan``.  A grade with factor 0 is declined: its limit is 0.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import re
import string
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any, Iterable, Mapping

from station_app.domain.jsonfile import FileKind, read_json_file
from station_app.domain.messages import Message

__all__ = [
    "DIRECTIONS",
    "KINDS",
    "SHIPPED_MODEL",
    "UNITS",
    "Bin",
    "Dimension",
    "Grade",
    "InputField",
    "LimitDetails",
    "LimitReason",
    "LimitRule",
    "ModelError",
    "Reason",
    "ReasonText",
    "Scaling",
    "ScoreModel",
    "ScoreResult",
    "UpliftRule",
    "Variable",
    "format_value",
    "load_model",
    "score",
    "what_if",
]

SHIPPED_MODEL = "scorecard/credit_v1.json"
"""The shipped model, relative to the resources folder (``paths.resources_dir()``)."""

DIRECTIONS = ("higher_better", "lower_better")
KINDS = ("numeric", "boolean", "categorical")
UNITS: dict[str, tuple[str, str]] = {
    "fraction": ("比例（0–1 的小数，显示为百分数）", "share 0–1 (shown as a percentage)"),
    "percent": ("百分数（0–100）", "per cent (0–100)"),
    "yuan": ("元", "yuan"),
    "mu": ("亩", "mu"),
    "days": ("天", "days"),
    "hours": ("小时", "hours"),
    "orders_per_month": ("单/月", "orders per month"),
    "sessions": ("次", "sessions"),
    "ratio": ("比值", "ratio"),
    "boolean": ("是/否", "yes/no"),
    "category": ("类别", "category"),
}
"""Unit id → (zh, en) description.  Numeric variables use the first nine."""

_NUMERIC_UNITS = frozenset(UNITS) - {"boolean", "category"}
_CONTEXT = Context(prec=40)
_HUNDREDTH = Decimal("0.01")
_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE_RE = re.compile(r"^R_[A-Z0-9_]+$")
_DOC_KEYS = frozenset({"rationale", "note", "notes", "comment", "source", "description"})

_VARIABLE_PLACEHOLDERS = frozenset({"value", "next", "best", "label"})
_MISSING_PLACEHOLDERS = frozenset({"label"})
_UPLIFT_PLACEHOLDERS = frozenset({"value", "threshold", "uplift"})
_LIMIT_PLACEHOLDERS = {
    "declined": frozenset({"grade", "score"}),
    "no_income": frozenset(),
    "capped": frozenset({"cap", "uncapped"}),
}


# =========================================================================== errors

class ModelError(ValueError):
    """The scorecard model is malformed or inconsistent; ``problems`` lists every problem."""

    def __init__(self, problems: Iterable[Message]) -> None:
        self.problems: list[Message] = list(problems)
        lines = [f"{i}. {p}" for i, p in enumerate(self.problems, 1)]
        super().__init__(f"评分模型有 {len(self.problems)} 个问题：\n" + "\n".join(lines))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    @property
    def en(self) -> str:
        lines = [f"{i}. {p.en}" for i, p in enumerate(self.problems, 1)]
        return f"The scorecard model has {len(self.problems)} problem(s):\n" + "\n".join(lines)


# =========================================================================== model classes

def _plain(value: Decimal, places: Decimal = _HUNDREDTH) -> str:
    """``value`` rounded half-up to ``places`` without trailing zeros or exponent."""
    q = value.quantize(places, rounding=ROUND_HALF_UP).normalize()
    if q == 0:
        q = _ZERO
    return format(q, "f")


def format_value(unit: str, value: Decimal | bool | str | None, language: str = "zh_CN") -> str:
    """A value as a person reads it: shares as percentages without trailing zeros
    (``Decimal("0.8500")`` → ``"85%"``), yuan with thousands separators (``"12,345 元"``),
    areas in 亩, booleans as 是/否.  ``None`` → ``"—"``."""
    en = language.lower().startswith("en")
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("yes" if value else "no") if en else ("是" if value else "否")
    if isinstance(value, str):
        return value
    with localcontext(_CONTEXT):
        if unit == "fraction":
            return f"{_plain(value * _HUNDRED)}%"
        if unit == "percent":
            return f"{_plain(value)}%"
        if unit == "yuan":
            q = value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
            text = f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.2f}"
            return f"{text} yuan" if en else f"{text} 元"
        number = _plain(value)
        suffix = {
            "mu": ("mu", "亩"), "days": ("days", "天"), "hours": ("hours", "小时"),
            "orders_per_month": ("orders/month", "单/月"), "sessions": ("sessions", "次"),
        }.get(unit)
        if suffix is None:
            return number
        return f"{number} {suffix[0] if en else suffix[1]}"


def _edge(value: Decimal | None, low: bool) -> str:
    if value is None:
        return "-∞" if low else "+∞"
    return format(value.normalize(), "f") if value != 0 else "0"


@dataclass(frozen=True)
class Bin:
    """One bin of a variable.

    Numeric bins are half-open ``[lo, hi)``; ``lo`` None is −∞, ``hi`` None is +∞.  Boolean
    and categorical bins have ``value``.  The missing bin has ``missing=True``.
    """

    points: int
    lo: Decimal | None = None
    hi: Decimal | None = None
    value: bool | str | None = None
    missing: bool = False
    rationale: str = ""

    def contains(self, x: Decimal) -> bool:
        return (self.lo is None or x >= self.lo) and (self.hi is None or x < self.hi)

    @property
    def label(self) -> str:
        """``"[0.8, 0.9)"``, ``"[0.95, +∞)"``, ``"是"``, ``"缺失"``."""
        if self.missing:
            return "缺失"
        if self.value is not None:
            return format_value("boolean" if isinstance(self.value, bool) else "category",
                                self.value)
        lo = "(-∞" if self.lo is None else f"[{_edge(self.lo, True)}"
        return f"{lo}, {_edge(self.hi, False)})"


@dataclass(frozen=True)
class ReasonText:
    """Reason templates in both languages; placeholders like ``{value}`` are filled in."""

    zh: str
    en: str
    advice_zh: str
    advice_en: str
    code: str = ""


@dataclass(frozen=True)
class Dimension:
    id: str
    label_zh: str
    label_en: str
    source: str = ""

    @property
    def label(self) -> Message:
        """The label as a :class:`Message`: Chinese ``str`` with ``.en`` and ``.code``."""
        return Message(self.id, self.label_zh, self.label_en)


@dataclass(frozen=True)
class Variable:
    """A scorecard variable with its bins (see the module docstring)."""

    id: str
    label_zh: str
    label_en: str
    dimension: Message  # Chinese label of the dimension; .code is its id, .en its English
    kind: str
    unit: str
    direction: str
    bins: tuple[Bin, ...]
    missing_bin: Bin
    reason_code: str
    reason: ReasonText
    missing_reason: ReasonText
    range: tuple[Decimal | None, Decimal | None] = (None, None)
    order: tuple[bool | str, ...] = ()
    aliases: tuple[str, ...] = ()
    source: str = ""
    rationale: str = ""

    @property
    def label(self) -> Message:
        """The label as a :class:`Message`: Chinese ``str`` with ``.en`` and ``.code``."""
        return Message(self.id, self.label_zh, self.label_en)

    @property
    def dimension_id(self) -> str:
        return self.dimension.code

    @property
    def min_points(self) -> int:
        return min(b.points for b in (*self.bins, self.missing_bin))

    @property
    def max_points(self) -> int:
        return max(b.points for b in (*self.bins, self.missing_bin))

    @property
    def missing_points(self) -> int:
        return self.missing_bin.points

    @property
    def higher_better(self) -> bool:
        return self.direction == "higher_better"

    def format_value(self, value: Decimal | bool | str | None, language: str = "zh_CN") -> str:
        return format_value(self.unit, value, language)

    def bin_for(self, value: Decimal | bool | str | None) -> Bin:
        """The bin ``value`` (already normalized) falls in; out-of-range numbers go to the
        nearest end bin."""
        if value is None:
            return self.missing_bin
        if self.kind != "numeric":
            for b in self.bins:
                if b.value == value:
                    return b
            raise ValueError(f"{self.id}: no bin for {value!r}")
        assert isinstance(value, Decimal)
        for b in self.bins:
            if b.contains(value):
                return b
        first = self.bins[0]
        return first if first.lo is not None and value < first.lo else self.bins[-1]


@dataclass(frozen=True)
class InputField:
    """An input that is not a scored variable (e.g. expected harvest value for the limit)."""

    id: str
    label_zh: str
    label_en: str
    unit: str
    aliases: tuple[str, ...] = ()
    source: str = ""

    @property
    def label(self) -> Message:
        """The label as a :class:`Message`: Chinese ``str`` with ``.en`` and ``.code``."""
        return Message(self.id, self.label_zh, self.label_en)


@dataclass(frozen=True)
class Grade:
    """A grade: scores ≥ ``min_score`` (None: any lower score) get ``limit_factor``."""

    grade: str
    label_zh: str
    label_en: str
    min_score: int | None
    limit_factor: Decimal

    @property
    def id(self) -> str:
        return self.grade

    @property
    def cutoff(self) -> int | None:
        return self.min_score

    @property
    def factor(self) -> Decimal:
        return self.limit_factor

    @property
    def declined(self) -> bool:
        return self.limit_factor == 0

    @property
    def label(self) -> Message:
        """The label as a :class:`Message`: Chinese ``str`` with ``.en`` and ``.code``."""
        return Message(self.grade, self.label_zh, self.label_en)


@dataclass(frozen=True)
class Scaling:
    """score = offset + factor · ln(odds); factor = PDO / ln 2,
    offset = base_score − factor · ln(base_odds)."""

    base_score: Decimal
    base_odds: Decimal
    pdo: Decimal

    @property
    def factor(self) -> float:
        return float(self.pdo) / math.log(2)

    @property
    def offset(self) -> float:
        return float(self.base_score) - self.factor * math.log(float(self.base_odds))

    def odds(self, total: float) -> float:
        """Implied good:bad odds of a score (``base_odds · 2^((score − base)/PDO)``)."""
        return float(self.base_odds) * 2.0 ** ((float(total) - float(self.base_score))
                                               / float(self.pdo))

    def score_for_odds(self, odds: float) -> float:
        return self.offset + self.factor * math.log(odds)


@dataclass(frozen=True)
class UpliftRule:
    """Raise the limit by ``uplift_percent`` when input ``field`` ≥ ``min_value``."""

    id: str
    code: str
    field: str
    min_value: Decimal
    uplift_percent: Decimal
    text: ReasonText
    source: str = ""


@dataclass(frozen=True)
class LimitRule:
    income_fields: tuple[str, ...]
    default_cap: Decimal
    cap_field: str | None
    round_down_to: Decimal
    cap_after_uplift: bool
    uplift_rules: tuple[UpliftRule, ...]
    declined: ReasonText
    no_income: ReasonText
    capped: ReasonText


# =========================================================================== the model

@dataclass(frozen=True)
class ScoreModel:
    """A checked scorecard model.  Build it with :func:`load_model`."""

    id: str
    version: int
    version_name: str
    effective_date: date
    title_zh: str
    title_en: str
    scaling: Scaling
    dimensions: tuple[Dimension, ...]
    variables: tuple[Variable, ...]
    input_fields: tuple[InputField, ...]
    grades: tuple[Grade, ...]
    limit_rule: LimitRule
    digest: str
    _raw: Mapping[str, Any] = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The model data as loaded (a deep copy, ready for ``json.dump``)."""
        return copy.deepcopy(dict(self._raw))

    def variable(self, variable_id: str) -> Variable:
        for v in self.variables:
            if v.id == variable_id:
                return v
        raise KeyError(variable_id)

    def dimension(self, dimension_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(dimension_id)

    def grade(self, grade_id: str) -> Grade:
        for g in self.grades:
            if g.grade == grade_id:
                return g
        raise KeyError(grade_id)

    def grade_for(self, total: int) -> Grade:
        for g in self.grades:
            if g.min_score is None or total >= g.min_score:
                return g
        return self.grades[-1]  # not reached: the last grade has no lower bound

    @property
    def variable_ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.variables)

    @property
    def input_keys(self) -> tuple[str, ...]:
        """Every input key the model reads (ids and aliases)."""
        keys: list[str] = []
        for item in (*self.variables, *self.input_fields):
            keys += [item.id, *item.aliases]
        return tuple(keys)

    @property
    def min_total(self) -> int:
        return sum(v.min_points for v in self.variables)

    @property
    def max_total(self) -> int:
        return sum(v.max_points for v in self.variables)

    @property
    def neutral_total(self) -> int:
        """The total when every input is missing."""
        return sum(v.missing_points for v in self.variables)


# =========================================================================== results

@dataclass(frozen=True)
class Reason:
    """Why points were lost on one variable, and how to gain them back."""

    code: str
    variable: str
    text: str
    advice: str
    text_en: str
    advice_en: str
    points: int
    max_points: int

    @property
    def shortfall(self) -> int:
        return self.max_points - self.points

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "variable": self.variable, "text": self.text,
                "advice": self.advice, "text_en": self.text_en, "advice_en": self.advice_en,
                "points": self.points, "max_points": self.max_points}


@dataclass(frozen=True)
class LimitReason:
    """A note about the credit limit (declined, no income, uplift applied, capped)."""

    code: str
    text: str
    advice: str
    text_en: str
    advice_en: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "advice": self.advice,
                "text_en": self.text_en, "advice_en": self.advice_en}


@dataclass(frozen=True)
class LimitDetails:
    """The credit-limit arithmetic (all ``Decimal`` yuan; ``base`` and ``uncapped`` exact)."""

    income: Decimal
    limit_factor: Decimal
    base: Decimal
    uplift_rules: tuple[str, ...]
    uplift_multiplier: Decimal
    uncapped: Decimal
    cap: Decimal
    capped: bool
    credit_limit: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {"income": str(self.income), "limit_factor": str(self.limit_factor),
                "base": str(self.base), "uplift_rules": list(self.uplift_rules),
                "uplift_multiplier": str(self.uplift_multiplier),
                "uncapped": str(self.uncapped), "cap": str(self.cap), "capped": self.capped,
                "credit_limit": str(self.credit_limit)}


@dataclass(frozen=True)
class ScoreResult:
    """One farmer's score (see the module docstring); ``to_dict()`` is what gets stored."""

    model_id: str
    model_version: int
    model_digest: str
    total: int
    grade: str
    points: dict[str, int]
    max_points: dict[str, int]
    min_points: dict[str, int]
    bins: dict[str, str]
    reasons: list[Reason]
    limit_reasons: list[LimitReason]
    credit_limit: Decimal
    limit: LimitDetails
    odds: float
    bad_rate: float
    inputs: dict[str, Any]
    warnings: list[Message] = field(default_factory=list)

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    @property
    def declined(self) -> bool:
        return self.limit.limit_factor == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "model_id": self.model_id, "model_version": self.model_version,
            "model_digest": self.model_digest, "total": self.total, "grade": self.grade,
            "points": dict(self.points), "max_points": dict(self.max_points),
            "bins": dict(self.bins),
            "reasons": [r.to_dict() for r in self.reasons],
            "limit_reasons": [r.to_dict() for r in self.limit_reasons],
            "credit_limit": str(self.credit_limit), "limit": self.limit.to_dict(),
            "odds": self.odds, "bad_rate": self.bad_rate, "inputs": dict(self.inputs),
            "warnings": [{"code": w.code, "zh": str(w), "en": w.en} for w in self.warnings],
        }


# =========================================================================== checking

_BAD = object()


def _placeholders(template: str) -> set[str] | None:
    """Field names used by a ``str.format`` template, or None if its syntax is broken."""
    try:
        return {name.split(".")[0].split("[")[0]
                for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _bin_text(lo: Decimal | None, hi: Decimal | None) -> str:
    return Bin(0, lo, hi).label


class _Checker:
    """Turns raw JSON data into a :class:`ScoreModel`, collecting every problem."""

    def __init__(self) -> None:
        self.problems: list[Message] = []

    def add(self, code: str, path: str, zh: str, en: str) -> None:
        self.problems.append(Message(f"scorecard.{code}", f"{path or '模型'}：{zh}",
                                     f"{path or 'model'}: {en}"))

    # ------------------------------------------------------------------ generic

    def keys(self, raw: Mapping[str, Any], path: str, required: Iterable[str],
             optional: Iterable[str] = ()) -> None:
        required = tuple(required)
        allowed = set(required) | set(optional) | _DOC_KEYS
        for key in required:
            if key not in raw:
                self.add("missing_field", path, f"缺少“{key}”一项", f"the field “{key}” is missing")
        for key in raw:
            if key not in allowed and not str(key).startswith("_"):
                self.add("unknown_field", path, f"有不认识的一项“{key}”（拼写错误？）",
                         f"unknown field “{key}” (a typo?)")

    def obj(self, raw: Any, path: str) -> Mapping[str, Any] | None:
        if isinstance(raw, Mapping):
            return raw
        self.add("wrong_type", path, "应该是一组项目（用 { } 括起来）", "must be an object (in { })")
        return None

    def lst(self, raw: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = raw.get(key, _BAD)
        if value is _BAD:
            return []
        if not isinstance(value, list):
            self.add("wrong_type", _join(path, key), "应该是列表（用 [ ] 括起来）",
                     "must be a list (in [ ])")
            return []
        return value

    def text(self, raw: Mapping[str, Any], key: str, path: str, *,
             required: bool = True) -> str | None:
        if key not in raw:
            return None if required else ""
        value = raw[key]
        if not isinstance(value, str) or not value.strip():
            self.add("wrong_type" if not isinstance(value, str) else "empty_text",
                     _join(path, key), "应该是一段文字，不能为空", "must be a non-empty text")
            return None
        return value

    def integer(self, raw: Mapping[str, Any], key: str, path: str, *,
                nullable: bool = False) -> Any:
        if key not in raw:
            return _BAD
        value = raw[key]
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add("not_integer", _join(path, key), f"应该是整数，现在是 {value!r}",
                     f"must be a whole number, got {value!r}")
            return _BAD
        return value

    def number(self, value: Any, path: str, *, nullable: bool = False) -> Any:
        """A finite Decimal from an int, float or numeric string (or None if allowed)."""
        if value is None and nullable:
            return None
        result: Decimal | None = None
        if isinstance(value, bool):
            result = None
        elif isinstance(value, int):
            result = Decimal(value)
        elif isinstance(value, float):
            result = Decimal(repr(value)) if math.isfinite(value) else None
        elif isinstance(value, str):
            try:
                result = Decimal(value.strip())
            except InvalidOperation:
                result = None
            if result is not None and not result.is_finite():
                result = None
        if result is None:
            what = "数字或 null" if nullable else "数字"
            self.add("not_number", path, f"应该是{what}，现在是 {value!r}",
                     f"must be a number{' or null' if nullable else ''}, got {value!r}")
            return _BAD
        return result

    def field_number(self, raw: Mapping[str, Any], key: str, path: str, *,
                     positive: bool = False, non_negative: bool = False) -> Any:
        if key not in raw:
            return _BAD
        value = self.number(raw[key], _join(path, key))
        if value is _BAD:
            return _BAD
        if positive and value <= 0:
            self.add("not_positive", _join(path, key), f"必须大于 0，现在是 {value}",
                     f"must be greater than 0, got {value}")
            return _BAD
        if non_negative and value < 0:
            self.add("negative", _join(path, key), f"不能是负数，现在是 {value}",
                     f"cannot be negative, got {value}")
            return _BAD
        return value

    def reason_text(self, raw: Any, path: str, allowed: frozenset[str], *,
                    code: bool = False, need_value: bool = False) -> ReasonText | None:
        obj = self.obj(raw, path)
        if obj is None:
            return None
        names = ("zh", "en", "advice_zh", "advice_en")
        self.keys(obj, path, (*names, "code") if code else names)
        texts: dict[str, str] = {}
        for name in names:
            value = self.text(obj, name, path)
            if value is None:
                continue
            used = _placeholders(value)
            if used is None:
                self.add("template_syntax", f"{path}.{name}", "花括号 { } 没有成对，无法填入数值",
                         "the braces { } do not match, so values cannot be filled in")
                continue
            unknown = used - allowed
            if unknown:
                ok = "、".join(f"{{{n}}}" for n in sorted(allowed)) or "（无）"
                self.add("template_placeholder", f"{path}.{name}",
                         f"不认识的占位符 {', '.join('{' + n + '}' for n in sorted(unknown))}；"
                         f"这里可用：{ok}",
                         f"unknown placeholder(s) {', '.join(sorted(unknown))}; allowed: "
                         f"{', '.join(sorted(allowed)) or '(none)'}")
                continue
            if need_value and name in ("zh", "en") and "value" not in used:
                self.add("template_no_value", f"{path}.{name}",
                         "理由要写出实际数值，请加上 {value}",
                         "the reason must show the actual value; add {value}")
            texts[name] = value
        reason_code = ""
        if code:
            reason_code = self.text(obj, "code", path) or ""
            if reason_code and not _CODE_RE.match(reason_code):
                self.add("bad_reason_code", f"{path}.code",
                         f"理由代码“{reason_code}”应该像 R_ON_TIME_SHIPPING（R_ 加大写字母）",
                         f"the reason code “{reason_code}” must look like R_ON_TIME_SHIPPING")
                reason_code = ""
        if len(texts) < 4 or (code and not reason_code):
            return None
        return ReasonText(texts["zh"], texts["en"], texts["advice_zh"], texts["advice_en"],
                          reason_code)

    # ------------------------------------------------------------------ parts

    def scaling(self, raw: Any) -> Scaling | None:
        path = "scaling"
        obj = self.obj(raw, path)
        if obj is None:
            return None
        self.keys(obj, path, ("base_score", "base_odds", "pdo"))
        values = [self.field_number(obj, k, path, positive=True)
                  for k in ("base_score", "base_odds", "pdo")]
        if any(v is _BAD for v in values):
            return None
        return Scaling(*values)

    def dimensions(self, items: list[Any]) -> tuple[Dimension, ...]:
        result: list[Dimension] = []
        seen: set[str] = set()
        for i, raw in enumerate(items):
            path = f"dimensions[{i}]"
            obj = self.obj(raw, path)
            if obj is None:
                continue
            self.keys(obj, path, ("id", "label_zh", "label_en"))
            did, zh, en = (self.text(obj, k, path) for k in ("id", "label_zh", "label_en"))
            if did is not None and did in seen:
                self.add("duplicate_dimension", f"{path}.id", f"维度 {did} 重复出现",
                         f"dimension {did} appears twice")
                continue
            if did and zh and en:
                seen.add(did)
                result.append(Dimension(did, zh, en, str(obj.get("source", ""))))
        if not items:
            self.add("empty_list", "dimensions", "至少要有一个维度", "at least one dimension is needed")
        return tuple(result)

    def numeric_bins(self, vid: str, path: str, bins: list[tuple[int, Mapping[str, Any]]],
                     direction: str | None, range_: tuple[Any, Any]) -> list[Bin]:
        parsed: list[Bin] = []
        ok = True
        for i, obj in bins:
            bpath = f"{path}.bins[{i}]"
            self.keys(obj, bpath, ("lo", "hi", "points"))
            lo = self.number(obj.get("lo"), f"{bpath}.lo", nullable=True) if "lo" in obj else _BAD
            hi = self.number(obj.get("hi"), f"{bpath}.hi", nullable=True) if "hi" in obj else _BAD
            points = self.integer(obj, "points", bpath)
            if lo is _BAD or hi is _BAD or points is _BAD:
                ok = False
                continue
            if lo is not None and hi is not None and lo >= hi:
                self.add("bin_empty", bpath,
                         f"变量 {vid} 的分箱 {_bin_text(lo, hi)} 下限不小于上限，是空的",
                         f"bin {_bin_text(lo, hi)} of variable {vid} is empty (lo ≥ hi)")
                ok = False
                continue
            parsed.append(Bin(points, lo, hi, rationale=str(obj.get("rationale", ""))))
        if not ok or not parsed:
            if ok:
                self.add("no_bins", path, f"变量 {vid} 没有数值分箱",
                         f"variable {vid} has no value bins")
            return []
        ordered = sorted(parsed, key=lambda b: (b.lo is not None, b.lo or _ZERO, b.hi is None,
                                                b.hi or _ZERO))
        good = True
        for a, b in zip(ordered, ordered[1:]):
            if a.hi is None or b.lo is None or a.hi > b.lo:
                self.add("bins_overlap", f"{path}.bins",
                         f"变量 {vid} 的分箱 {a.label} 与 {b.label} 重叠",
                         f"bins {a.label} and {b.label} of variable {vid} overlap")
                good = False
            elif a.hi < b.lo:
                self.add("bins_gap", f"{path}.bins",
                         f"变量 {vid} 的分箱 {a.label} 与 {b.label} 之间有空隙 "
                         f"{_bin_text(a.hi, b.lo)}，落在这里的值无法计分",
                         f"bins {a.label} and {b.label} of variable {vid} leave the gap "
                         f"{_bin_text(a.hi, b.lo)} uncovered")
                good = False
        lo_r, hi_r = range_
        first, last = ordered[0], ordered[-1]
        if lo_r is not _BAD and first.lo is not None and (lo_r is None or first.lo > lo_r):
            where = "-∞" if lo_r is None else _edge(lo_r, True)
            self.add("bins_uncovered", f"{path}.bins",
                     f"变量 {vid} 的分箱从 {_edge(first.lo, True)} 开始，没有覆盖声明范围的下端 "
                     f"{where}（第一个分箱的 lo 可以写 null）",
                     f"the bins of variable {vid} start at {_edge(first.lo, True)} and miss "
                     f"the declared range from {where} (the first lo may be null)")
            good = False
        if hi_r is not _BAD and last.hi is not None and (hi_r is None or last.hi <= hi_r):
            where = "+∞" if hi_r is None else _edge(hi_r, False)
            self.add("bins_uncovered", f"{path}.bins",
                     f"变量 {vid} 的分箱到 {_edge(last.hi, False)} 为止（不含），没有覆盖声明范围的"
                     f"上端 {where}（最后一个分箱的 hi 可以写 null）",
                     f"the bins of variable {vid} end before {_edge(last.hi, False)} and miss "
                     f"the declared range up to {where} (the last hi may be null)")
            good = False
        if good and direction in DIRECTIONS:
            self.monotone(vid, path, ordered, direction)
        return ordered if good else []

    def monotone(self, vid: str, path: str, ordered: list[Bin], direction: str) -> None:
        """Points must not fall as the value moves in the favourable direction."""
        for a, b in zip(ordered, ordered[1:]):
            worse, better = (a, b) if direction == "higher_better" else (b, a)
            if better.points < worse.points:
                dir_zh = "越高越好" if direction == "higher_better" else "越低越好"
                self.add("not_monotone", f"{path}.bins",
                         f"变量 {vid}（{dir_zh}）的分箱 {better.label} 得 {better.points} 分，"
                         f"比更差的分箱 {worse.label} 的 {worse.points} 分还少，分数不单调",
                         f"variable {vid} ({direction}): bin {better.label} gets "
                         f"{better.points} points, fewer than the worse bin {worse.label} "
                         f"({worse.points}); points must be monotone")

    def value_bins(self, vid: str, path: str, kind: str, bins: list[tuple[int, Mapping[str, Any]]],
                   direction: str | None, order: list[Any]) -> list[Bin]:
        by_value: dict[Any, Bin] = {}
        ok = True
        for i, obj in bins:
            bpath = f"{path}.bins[{i}]"
            self.keys(obj, bpath, ("value", "points"))
            points = self.integer(obj, "points", bpath)
            value = obj.get("value", _BAD)
            if value is _BAD or points is _BAD:
                ok = False
                continue
            if value not in order or (kind == "boolean") != isinstance(value, bool):
                self.add("bin_unknown_value", f"{bpath}.value",
                         f"变量 {vid} 的分箱取值 {value!r} 不在顺序 order 里",
                         f"bin value {value!r} of variable {vid} is not in its order")
                ok = False
                continue
            if value in by_value:
                self.add("bins_overlap", f"{bpath}.value",
                         f"变量 {vid} 的取值 {value!r} 有两个分箱", f"variable {vid} has two bins "
                         f"for {value!r}")
                ok = False
                continue
            by_value[value] = Bin(points, value=value, rationale=str(obj.get("rationale", "")))
        for value in order:
            if value not in by_value and ok:
                self.add("bins_gap", f"{path}.bins", f"变量 {vid} 的取值 {value!r} 没有分箱",
                         f"variable {vid} has no bin for {value!r}")
                ok = False
        if not ok:
            return []
        ordered = [by_value[v] for v in order]
        if direction in DIRECTIONS:
            self.monotone(vid, path, ordered, direction)
        return ordered

    def variable(self, i: int, raw: Any, dimensions: Mapping[str, Dimension]) -> Variable | None:
        path = f"variables[{i}]"
        obj = self.obj(raw, path)
        if obj is None:
            return None
        self.keys(obj, path, ("id", "label_zh", "label_en", "dimension", "kind", "unit",
                              "direction", "bins", "reason", "missing_reason"),
                  ("range", "order", "aliases"))
        vid = self.text(obj, "id", path)
        if vid is not None and not _ID_RE.match(vid):
            self.add("bad_id", f"{path}.id", f"变量名“{vid}”只能用小写字母、数字和下划线",
                     f"variable id “{vid}” may only use lower-case letters, digits and _")
            vid = None
        name = vid or path
        label_zh = self.text(obj, "label_zh", path)
        label_en = self.text(obj, "label_en", path)
        dimension = self.text(obj, "dimension", path)
        if dimension is not None and dimensions and dimension not in dimensions:
            self.add("unknown_dimension", f"{path}.dimension",
                     f"变量 {name} 的维度“{dimension}”没有在 dimensions 里声明",
                     f"dimension “{dimension}” of variable {name} is not declared")
            dimension = None
        kind = self.text(obj, "kind", path)
        if kind is not None and kind not in KINDS:
            self.add("bad_kind", f"{path}.kind", f"类型“{kind}”应是 {' / '.join(KINDS)} 之一",
                     f"kind “{kind}” must be one of {', '.join(KINDS)}")
            kind = None
        unit = self.text(obj, "unit", path)
        if unit is not None and kind is not None:
            allowed = {"numeric": _NUMERIC_UNITS, "boolean": {"boolean"},
                       "categorical": {"category"}}[kind]
            if unit not in allowed:
                self.add("bad_unit", f"{path}.unit",
                         f"变量 {name} 的单位“{unit}”不可用，应是 {', '.join(sorted(allowed))} 之一",
                         f"unit “{unit}” of variable {name} must be one of "
                         f"{', '.join(sorted(allowed))}")
                unit = None
        direction = self.text(obj, "direction", path)
        if direction is not None and direction not in DIRECTIONS:
            self.add("bad_direction", f"{path}.direction",
                     f"变量 {name} 的方向“{direction}”应是 higher_better 或 lower_better",
                     f"direction “{direction}” of variable {name} must be higher_better or "
                     "lower_better")
            direction = None

        range_: tuple[Any, Any] = (_BAD, _BAD)
        order: list[Any] = []
        if kind == "numeric":
            raw_range = obj.get("range", _BAD)
            if raw_range is _BAD:
                self.add("missing_field", path, "数值变量缺少“range”一项（[下限, 上限]，可写 null）",
                         "a numeric variable needs “range” ([min, max], null allowed)")
            elif not isinstance(raw_range, list) or len(raw_range) != 2:
                self.add("wrong_type", f"{path}.range", "应该是 [下限, 上限] 两个数（可写 null）",
                         "must be [min, max] (null allowed)")
            else:
                lo = self.number(raw_range[0], f"{path}.range[0]", nullable=True)
                hi = self.number(raw_range[1], f"{path}.range[1]", nullable=True)
                if lo is not _BAD and hi is not _BAD and lo is not None and hi is not None \
                        and lo >= hi:
                    self.add("bad_range", f"{path}.range", f"下限 {lo} 应小于上限 {hi}",
                             f"the minimum {lo} must be below the maximum {hi}")
                else:
                    range_ = (lo, hi)
        elif kind in ("boolean", "categorical"):
            raw_order = obj.get("order", [False, True] if kind == "boolean" else _BAD)
            if raw_order is _BAD:
                self.add("missing_field", path,
                         "分类变量缺少“order”一项（按 direction 的方向从小到大排列的取值）",
                         "a categorical variable needs “order” (its values, ascending)")
            elif (not isinstance(raw_order, list) or len(raw_order) < 2
                  or len({json.dumps(v) for v in raw_order}) != len(raw_order)
                  or not all(isinstance(v, bool) if kind == "boolean"
                             else isinstance(v, str) and v for v in raw_order)):
                self.add("bad_order", f"{path}.order",
                         "order 应该是至少两个不重复的取值"
                         + ("（true / false）" if kind == "boolean" else "（文字）"),
                         "order must list at least two distinct values"
                         + (" (true/false)" if kind == "boolean" else " (texts)"))
            else:
                order = list(raw_order)

        aliases: list[str] = []
        for j, alias in enumerate(self.lst(obj, "aliases", path)):
            if not isinstance(alias, str) or not _ID_RE.match(alias):
                self.add("bad_id", f"{path}.aliases[{j}]", f"别名 {alias!r} 不是合法的变量名",
                         f"alias {alias!r} is not a valid id")
            else:
                aliases.append(alias)

        bins: list[Bin] = []
        missing: list[Bin] = []
        missing_ok = True
        raw_bins = self.lst(obj, "bins", path)
        value_items: list[tuple[int, Mapping[str, Any]]] = []
        for j, item in enumerate(raw_bins):
            bobj = self.obj(item, f"{path}.bins[{j}]")
            if bobj is None:
                continue
            if bobj.get("missing") is True:
                self.keys(bobj, f"{path}.bins[{j}]", ("missing", "points"))
                pts = self.integer(bobj, "points", f"{path}.bins[{j}]")
                if pts is _BAD:
                    missing_ok = False
                    pts = 0
                missing.append(Bin(pts, missing=True, rationale=str(bobj.get("rationale", ""))))
            elif "missing" in bobj and bobj["missing"] is not False:
                self.add("wrong_type", f"{path}.bins[{j}].missing", "missing 只能是 true",
                         "missing must be true")
            else:
                value_items.append((j, {k: v for k, v in bobj.items() if k != "missing"}))
        if "bins" in obj:
            if not missing:
                self.add("missing_bin_absent", f"{path}.bins",
                         f"变量 {name} 没有缺失值分箱（{{\"missing\": true, \"points\": …}}），"
                         "没有数据时无法计分",
                         f"variable {name} has no missing bin ({{\"missing\": true, …}})")
            elif len(missing) > 1:
                self.add("missing_bin_duplicate", f"{path}.bins",
                         f"变量 {name} 有 {len(missing)} 个缺失值分箱，只能有一个",
                         f"variable {name} has {len(missing)} missing bins; exactly one is allowed")
        if kind == "numeric":
            bins = self.numeric_bins(name, path, value_items, direction, range_)
        elif kind in ("boolean", "categorical") and order:
            bins = self.value_bins(name, path, kind, value_items, direction, order)
        if bins and len(missing) == 1 and missing_ok:
            low = min(b.points for b in bins)
            high = max(b.points for b in bins)
            if not low <= missing[0].points <= high:
                self.add("missing_points_outside", f"{path}.bins",
                         f"变量 {name} 缺失值分箱得 {missing[0].points} 分，超出数值分箱的 "
                         f"{low}–{high} 分；缺失应当在最好和最差之间",
                         f"the missing bin of variable {name} gets {missing[0].points} points, "
                         f"outside the {low}–{high} of its value bins")

        reason = missing_reason = None
        if "reason" in obj:
            reason = self.reason_text(obj["reason"], f"{path}.reason", _VARIABLE_PLACEHOLDERS,
                                      code=True, need_value=kind == "numeric")
        if "missing_reason" in obj:
            missing_reason = self.reason_text(obj["missing_reason"], f"{path}.missing_reason",
                                              _MISSING_PLACEHOLDERS)

        if None in (vid, label_zh, label_en, dimension, kind, unit, direction, reason,
                    missing_reason) or not bins or len(missing) != 1 or not missing_ok:
            return None
        if kind == "numeric" and _BAD in range_:
            return None
        assert reason is not None and missing_reason is not None
        return Variable(
            id=vid, label_zh=label_zh, label_en=label_en,  # type: ignore[arg-type]
            dimension=dimensions[dimension].label if dimension in dimensions else Message(
                dimension, dimension, dimension),  # type: ignore[arg-type]
            kind=kind, unit=unit, direction=direction, bins=tuple(bins),  # type: ignore[arg-type]
            missing_bin=missing[0], reason_code=reason.code, reason=reason,
            missing_reason=missing_reason,
            range=range_ if kind == "numeric" else (None, None),
            order=tuple(order), aliases=tuple(aliases), source=str(obj.get("source", "")),
            rationale=str(obj.get("rationale", "")))

    def input_field(self, i: int, raw: Any) -> InputField | None:
        path = f"inputs[{i}]"
        obj = self.obj(raw, path)
        if obj is None:
            return None
        self.keys(obj, path, ("id", "label_zh", "label_en", "unit"), ("aliases",))
        fid, zh, en, unit = (self.text(obj, k, path) for k in ("id", "label_zh", "label_en",
                                                                "unit"))
        if fid is not None and not _ID_RE.match(fid):
            self.add("bad_id", f"{path}.id", f"输入名“{fid}”只能用小写字母、数字和下划线",
                     f"input id “{fid}” may only use lower-case letters, digits and _")
            fid = None
        if unit is not None and unit not in _NUMERIC_UNITS:
            self.add("bad_unit", f"{path}.unit", f"单位“{unit}”不可用",
                     f"unit “{unit}” is not available")
            unit = None
        aliases = [a for a in self.lst(obj, "aliases", path) if isinstance(a, str)
                   and _ID_RE.match(a)]
        if len(aliases) != len(self.lst(obj, "aliases", path)):
            self.add("bad_id", f"{path}.aliases", "别名只能用小写字母、数字和下划线",
                     "aliases may only use lower-case letters, digits and _")
        if None in (fid, zh, en, unit):
            return None
        return InputField(fid, zh, en, unit, tuple(aliases),  # type: ignore[arg-type]
                          str(obj.get("source", "")))

    def grades(self, items: list[Any]) -> tuple[Grade, ...]:
        """Grades best first: ``min_score`` strictly falling, the last one null (no lower
        bound), limit factors ≥ 0 and never larger for a lower grade."""
        if not items:
            self.add("empty_list", "grades", "至少要有一个等级", "at least one grade is needed")
            return ()
        # (index, grade id, min_score, factor) of each grade; _BAD where a part is broken
        parsed: list[tuple[int, Any, Any, Any]] = []
        complete: list[Grade] = []
        seen: set[str] = set()
        for i, raw in enumerate(items):
            path = f"grades[{i}]"
            obj = self.obj(raw, path)
            if obj is None:
                parsed.append((i, _BAD, _BAD, _BAD))
                continue
            self.keys(obj, path, ("grade", "label_zh", "label_en", "min_score"), ("limit_factor",))
            gid, zh, en = (self.text(obj, k, path) for k in ("grade", "label_zh", "label_en"))
            if gid is not None and gid in seen:
                self.add("duplicate_grade", f"{path}.grade", f"等级 {gid} 重复出现",
                         f"grade {gid} appears twice")
                gid = None
            if gid:
                seen.add(gid)
            min_score = self.integer(obj, "min_score", path, nullable=True)
            if "limit_factor" not in obj:
                factor = _BAD
                self.add("grade_no_factor", path, f"等级 {gid or i} 没有额度系数 limit_factor",
                         f"grade {gid or i} has no limit factor")
            else:
                factor = self.field_number(obj, "limit_factor", path, non_negative=True)
            name = gid if gid is not None else f"#{i}"
            parsed.append((i, name, min_score, factor))
            if _BAD not in (min_score, factor) and None not in (gid, zh, en):
                complete.append(Grade(gid, zh, en, min_score, factor))  # type: ignore[arg-type]
        ok = len(complete) == len(items)
        scored = [(i, g, m) for i, g, m, _ in parsed if m is not _BAD]
        for (_, ga, ma), (ib, gb, mb) in zip(scored, scored[1:]):
            if ma is None or (mb is not None and mb >= ma):
                self.add("grades_unordered", f"grades[{ib}].min_score",
                         f"等级分数线要从高到低严格排列：{ga} 的 {ma} 分之后是 {gb} 的 {mb} 分",
                         f"grade cut-offs must fall strictly from best to worst: {ga} ({ma}) is "
                         f"followed by {gb} ({mb})")
                ok = False
        factored = [(i, g, f) for i, g, _, f in parsed if f is not _BAD]
        for (_, ga, fa), (ib, gb, fb) in zip(factored, factored[1:]):
            if fb > fa:
                self.add("grade_factors_unordered", f"grades[{ib}].limit_factor",
                         f"更低的等级 {gb} 的额度系数 {fb} 大于 {ga} 的 {fa}，额度就不会随分数单调",
                         f"the lower grade {gb} has a larger limit factor ({fb}) than {ga} ({fa})")
                ok = False
        last = parsed[-1]
        if last[2] is not _BAD and last[2] is not None:
            self.add("grades_not_covering", f"grades[{last[0]}].min_score",
                     f"最低的等级 {last[1]} 的 min_score 要写 null，否则低于 {last[2]} 分的分数没有等级",
                     f"the lowest grade {last[1]} needs min_score null so that every score gets "
                     "a grade")
            ok = False
        return tuple(complete) if ok else ()

    def limit_rule(self, raw: Any, fields: Mapping[str, str]) -> LimitRule | None:
        path = "credit_limit"
        obj = self.obj(raw, path)
        if obj is None:
            return None
        self.keys(obj, path, ("income_fields", "default_cap_yuan", "round_down_to_yuan",
                              "cap_after_uplift", "uplift_rules", "texts"), ("cap_field",))
        ok = True

        def known(name: Any, where: str, units: Iterable[str] = _NUMERIC_UNITS) -> bool:
            units = frozenset(units)
            if not isinstance(name, str):
                self.add("wrong_type", where, "应该是一个输入名（文字）", "must be an input id (text)")
                return False
            if name not in fields:
                self.add("limit_unknown_field", where,
                         f"额度规则用到的“{name}”既不是变量也不是 inputs 里声明的输入",
                         f"the limit rule uses “{name}”, which is neither a variable nor a "
                         "declared input")
                return False
            if fields[name] not in units:
                need = " / ".join(sorted(units)) if len(units) < 3 else ""
                self.add("limit_field_unit", where,
                         f"额度规则用到的“{name}”单位是 {fields[name]}，这里需要"
                         f"{' ' + need if need else '数值'}",
                         f"“{name}” is in {fields[name]}, but {need or 'a number'} is needed here")
                return False
            return True

        income = self.lst(obj, "income_fields", path)
        if "income_fields" in obj and not income:
            self.add("empty_list", f"{path}.income_fields", "至少要有一项收入",
                     "at least one income field is needed")
            ok = False
        for j, name in enumerate(income):
            ok &= known(name, f"{path}.income_fields[{j}]", ("yuan",))
        cap_field = obj.get("cap_field")
        if cap_field is not None:
            ok &= known(cap_field, f"{path}.cap_field", ("yuan",))
        cap = self.field_number(obj, "default_cap_yuan", path, positive=True)
        step = self.field_number(obj, "round_down_to_yuan", path, positive=True)
        after = obj.get("cap_after_uplift", _BAD)
        if after is not _BAD and not isinstance(after, bool):
            self.add("wrong_type", f"{path}.cap_after_uplift", "应该是 true 或 false",
                     "must be true or false")
            ok = False
        rules: list[UpliftRule] = []
        seen: set[str] = set()
        for j, item in enumerate(self.lst(obj, "uplift_rules", path)):
            rpath = f"{path}.uplift_rules[{j}]"
            robj = self.obj(item, rpath)
            if robj is None:
                ok = False
                continue
            self.keys(robj, rpath, ("id", "field", "min_value", "uplift_percent", "text"))
            rid = self.text(robj, "id", rpath)
            if rid is not None and rid in seen:
                self.add("duplicate_rule", f"{rpath}.id", f"规则 {rid} 重复", f"rule {rid} repeats")
                rid = None
            if rid:
                seen.add(rid)
            fok = "field" in robj and known(robj["field"], f"{rpath}.field")
            threshold = self.field_number(robj, "min_value", rpath)
            uplift = self.field_number(robj, "uplift_percent", rpath, positive=True)
            text = (self.reason_text(robj["text"], f"{rpath}.text", _UPLIFT_PLACEHOLDERS,
                                     code=True) if "text" in robj else None)
            if not fok or rid is None or _BAD in (threshold, uplift) or text is None:
                ok = False
                continue
            rules.append(UpliftRule(rid, text.code, robj["field"], threshold, uplift, text,
                                    str(robj.get("source", ""))))
        texts: dict[str, ReasonText] = {}
        tobj = self.obj(obj["texts"], f"{path}.texts") if "texts" in obj else None
        if tobj is not None:
            self.keys(tobj, f"{path}.texts", tuple(_LIMIT_PLACEHOLDERS))
            for name, allowed in _LIMIT_PLACEHOLDERS.items():
                if name in tobj:
                    t = self.reason_text(tobj[name], f"{path}.texts.{name}", allowed, code=True)
                    if t is not None:
                        texts[name] = t
        if not ok or _BAD in (cap, step, after) or len(texts) != 3 or not income:
            return None
        return LimitRule(tuple(income), cap, cap_field, step, after, tuple(rules),
                         texts["declined"], texts["no_income"], texts["capped"])

    # ------------------------------------------------------------------ whole model

    def model(self, raw: Any) -> ScoreModel | None:
        top = self.obj(raw, "模型")
        if top is None:
            return None
        self.keys(top, "", ("id", "version", "version_name", "effective_date", "title_zh",
                            "title_en", "scaling", "dimensions", "variables", "inputs",
                            "grades", "credit_limit"), ("schema",))
        mid = self.text(top, "id", "")
        version = self.integer(top, "version", "")
        if version is not _BAD and version < 1:
            self.add("bad_version", "version", "版本号应是正整数", "version must be a positive integer")
            version = _BAD
        version_name = self.text(top, "version_name", "")
        effective: date | None = None
        raw_date = self.text(top, "effective_date", "")
        if raw_date is not None:
            try:
                effective = date.fromisoformat(raw_date)
            except ValueError:
                self.add("bad_date", "effective_date", f"生效日期“{raw_date}”应写成 2025-07-01 这样",
                         f"effective date “{raw_date}” must look like 2025-07-01")
        title_zh = self.text(top, "title_zh", "")
        title_en = self.text(top, "title_en", "")
        scaling = self.scaling(top["scaling"]) if "scaling" in top else None
        dimensions = self.dimensions(self.lst(top, "dimensions", ""))
        dim_ids = {d.id: d for d in dimensions}

        raw_vars = self.lst(top, "variables", "")
        if "variables" in top and not raw_vars:
            self.add("empty_list", "variables", "至少要有一个变量", "at least one variable is needed")
        variables: list[Variable | None] = []
        names: dict[str, str] = {}  # key → where it was declared
        units: dict[str, str] = {}
        codes: dict[str, str] = {}
        for i, item in enumerate(raw_vars):
            variable = self.variable(i, item, dim_ids)
            variables.append(variable)
            vid = item.get("id") if isinstance(item, Mapping) else None
            if isinstance(vid, str):
                raw_aliases = item.get("aliases")
                keys = [vid] + ([a for a in raw_aliases if isinstance(a, str)]
                                if isinstance(raw_aliases, list) else [])
                for key in keys:
                    if key in names:
                        what_zh, what_en = ("变量", "variable") if key == vid else ("别名", "alias")
                        self.add("duplicate_variable", f"variables[{i}].id",
                                 f"{what_zh} {key} 重复：{names[key]} 已经用过",
                                 f"{what_en} {key} is already used by {names[key]}")
                    else:
                        names[key] = f"variables[{i}]"
                if variable is not None:
                    units[vid] = variable.unit
            if variable is not None:
                if variable.reason_code in codes:
                    self.add("duplicate_reason_code", f"variables[{i}].reason.code",
                             f"理由代码 {variable.reason_code} 与 {codes[variable.reason_code]} 重复",
                             f"reason code {variable.reason_code} is already used by "
                             f"{codes[variable.reason_code]}")
                codes[variable.reason_code] = variable.id

        inputs: list[InputField] = []
        for i, item in enumerate(self.lst(top, "inputs", "")):
            inp = self.input_field(i, item)
            if inp is None:
                continue
            for key in (inp.id, *inp.aliases):
                if key in names:
                    self.add("duplicate_variable", f"inputs[{i}].id",
                             f"输入 {key} 重复：{names[key]} 已经用过",
                             f"input {key} is already used by {names[key]}")
                else:
                    names[key] = f"inputs[{i}]"
            units.setdefault(inp.id, inp.unit)
            inputs.append(inp)

        grades = self.grades(self.lst(top, "grades", ""))
        limit = self.limit_rule(top["credit_limit"], units) if "credit_limit" in top else None

        if self.problems:
            return None
        assert scaling is not None and limit is not None and effective is not None
        digest = hashlib.sha256(_canonical(top)).hexdigest()
        return ScoreModel(
            id=mid, version=version, version_name=version_name,  # type: ignore[arg-type]
            effective_date=effective,
            title_zh=title_zh, title_en=title_en,  # type: ignore[arg-type]
            scaling=scaling, dimensions=dimensions,
            variables=tuple(v for v in variables if v is not None),
            input_fields=tuple(inputs), grades=grades, limit_rule=limit, digest=digest,
            _raw=copy.deepcopy(dict(top)))


def _canonical(data: Any) -> bytes:
    """Canonical JSON: keys sorted, no whitespace, UTF-8 (hashed for :attr:`ScoreModel.digest`)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False, default=str).encode("utf-8")


def _read_json(path: Path) -> tuple[Any, list[Message]]:
    return read_json_file(path, FileKind("scorecard", "评分模型", "scorecard model"))


def load_model(path_or_dict: str | os.PathLike[str] | Mapping[str, Any]) -> ScoreModel:
    """Read and check a scorecard model: a JSON file path, or its already-parsed data.

    Raises :class:`ModelError` listing every problem found.
    """
    if isinstance(path_or_dict, (str, os.PathLike)):
        data, problems = _read_json(Path(path_or_dict))
        if problems:
            raise ModelError(problems)
    elif isinstance(path_or_dict, Mapping):
        data = path_or_dict
        try:
            _canonical(data)
        except (TypeError, ValueError) as exc:
            problem = Message("scorecard.not_json", f"模型数据不能写成 JSON：{exc}",
                              f"The model data cannot be written as JSON: {exc}")
            raise ModelError([problem]) from None
    else:
        raise ModelError([Message("scorecard.wrong_type",
                                  f"load_model 需要文件路径或字典，不是 {type(path_or_dict).__name__}",
                                  "load_model needs a file path or a dict, not "
                                  f"{type(path_or_dict).__name__}")])
    checker = _Checker()
    model = checker.model(data)
    if checker.problems or model is None:
        raise ModelError(checker.problems)
    return model


# =========================================================================== scoring

_TRUE = {"true", "yes", "y", "1", "是", "有", "t"}
_FALSE = {"false", "no", "n", "0", "否", "无", "没有", "f"}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def _lookup(inputs: Mapping[str, Any], key: str, aliases: tuple[str, ...]) -> Any:
    """The raw value of ``key`` (or the first alias present); the id wins when given."""
    if key in inputs:
        return inputs[key]
    for alias in aliases:
        if alias in inputs:
            return inputs[alias]
    return None


def _to_decimal(value: Any, name: str) -> Decimal | None:
    """Decimal/int/float/numeric str → finite Decimal; None and blank → None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name}: expected a number, got a boolean ({value!r})")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name}: expected a finite number, got {value!r}")
        result = Decimal(repr(value))
    elif isinstance(value, str):
        cleaned = value.strip().translate(_FULL_WIDTH).replace(",", "").replace(" ", "")
        if not cleaned:
            return None
        try:
            result = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"{name}: {value!r} is not a number") from None
    else:
        raise ValueError(f"{name}: expected a number (Decimal, int, float or str), "
                         f"got {type(value).__name__} {value!r}")
    if not result.is_finite():
        raise ValueError(f"{name}: expected a finite number, got {value!r}")
    return result


def _to_bool(value: Any, name: str) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if not text:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError(f"{name}: expected true/false, got {type(value).__name__} {value!r}")


def _normalize(variable: Variable, value: Any) -> Decimal | bool | str | None:
    if variable.kind == "numeric":
        return _to_decimal(value, variable.id)
    if variable.kind == "boolean":
        return _to_bool(value, variable.id)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{variable.id}: expected one of {list(variable.order)}, "
                         f"got {type(value).__name__} {value!r}")
    text = value.strip()
    if not text:
        return None
    if text not in variable.order:
        raise ValueError(f"{variable.id}: {value!r} is not one of {list(variable.order)}")
    return text


def _range_warning(variable: Variable, value: Decimal) -> Message | None:
    lo, hi = variable.range
    if (lo is None or value >= lo) and (hi is None or value <= hi):
        return None
    shown = format(value, "f")
    span = f"{'-∞' if lo is None else _edge(lo, True)}–{'+∞' if hi is None else _edge(hi, False)}"
    hint_zh = hint_en = ""
    if variable.unit == "fraction" and value > 1 and value <= 100:
        hint_zh = "；这一项要填 0–1 的小数，是不是填成了百分数？"
        hint_en = "; this input is a share from 0 to 1 – was a percentage entered?"
    return Message("scorecard.out_of_range",
                   f"{variable.label_zh} 的值 {shown} 超出 {span} 的范围，按最近的分箱计分{hint_zh}",
                   f"{variable.label_en}: {shown} is outside {span}; scored in the nearest bin"
                   f"{hint_en}")


def _neighbours(variable: Variable, current: Bin) -> tuple[Any, Any]:
    """(``next``, ``best``): the value to reach for more points, and for the most points.

    Numeric: the edge of the nearest better bin with more points (its ``lo`` when higher is
    better, its ``hi`` when lower is better) and the edge where the maximum starts.
    Boolean/categorical: the nearest better value with more points, and the best value.
    """
    bins = list(variable.bins)
    best_points = max(b.points for b in bins)
    index = bins.index(current)
    numeric = variable.kind == "numeric"
    if variable.higher_better:
        better = bins[index + 1:]
        best_bin = next(b for b in bins if b.points == best_points)
    else:
        better = bins[:index][::-1]
        best_bin = next(b for b in reversed(bins) if b.points == best_points)
    next_bin = next((b for b in better if b.points > current.points), None)

    def edge(b: Bin | None) -> Any:
        if b is None:
            return None
        if not numeric:
            return b.value
        return b.lo if variable.higher_better else b.hi

    return edge(next_bin), edge(best_bin)


def _fill(template: str, **values: str) -> str:
    return template.format(**values)


def _reason(variable: Variable, value: Decimal | bool | str | None, current: Bin) -> Reason:
    label = {"zh": variable.label_zh, "en": variable.label_en}
    if value is None:
        t = variable.missing_reason
        code = f"{variable.reason_code}_MISSING"
        zh = _fill(t.zh, label=label["zh"])
        en = _fill(t.en, label=label["en"])
        adv_zh = _fill(t.advice_zh, label=label["zh"])
        adv_en = _fill(t.advice_en, label=label["en"])
    else:
        t = variable.reason
        code = variable.reason_code
        nxt, best = _neighbours(variable, current)

        def fmt(lang: str) -> dict[str, str]:
            return {"value": variable.format_value(value, lang),
                    "next": variable.format_value(nxt, lang),
                    "best": variable.format_value(best, lang),
                    "label": label["en" if lang == "en" else "zh"]}

        zh_vals, en_vals = fmt("zh_CN"), fmt("en")
        zh = _fill(t.zh, **zh_vals)
        en = _fill(t.en, **en_vals)
        adv_zh = _fill(t.advice_zh, **zh_vals)
        adv_en = _fill(t.advice_en, **en_vals)
    return Reason(code=code, variable=variable.id, text=zh, advice=adv_zh, text_en=en,
                  advice_en=adv_en, points=current.points, max_points=variable.max_points)


def _limit_text(t: ReasonText, **values: tuple[str, str]) -> LimitReason:
    zh = {k: v[0] for k, v in values.items()}
    en = {k: v[1] for k, v in values.items()}
    return LimitReason(t.code, t.zh.format(**zh), t.advice_zh.format(**zh), t.en.format(**en),
                       t.advice_en.format(**en))


def _yuan(value: Decimal) -> tuple[str, str]:
    return format_value("yuan", value), format_value("yuan", value, "en")


def _credit_limit(model: ScoreModel, grade: Grade, total: int,
                  values: Mapping[str, Any]) -> tuple[LimitDetails, list[LimitReason]]:
    rule = model.limit_rule
    income = sum((max(values[f], _ZERO) for f in rule.income_fields if values[f] is not None),
                 _ZERO)
    cap = rule.default_cap
    if rule.cap_field is not None and values.get(rule.cap_field) is not None:
        cap = values[rule.cap_field]
        if cap < 0:
            raise ValueError(f"{rule.cap_field}: a product cap cannot be negative, got {cap}")
    base = grade.limit_factor * income
    multiplier = _ONE
    applied: list[UpliftRule] = []
    for u in rule.uplift_rules:
        v = values.get(u.field)
        if v is not None and v >= u.min_value:
            multiplier *= _ONE + u.uplift_percent / _HUNDRED
            applied.append(u)
    uncapped = base * multiplier
    if rule.cap_after_uplift:
        amount = min(uncapped, cap)
        capped = uncapped > cap
    else:
        amount = min(base, cap) * multiplier
        capped = base > cap
    step = rule.round_down_to
    limit = ((amount / step).to_integral_value(rounding=ROUND_FLOOR) * step)
    limit = limit.quantize(_ONE) if limit == limit.to_integral_value() else limit
    details = LimitDetails(income=income, limit_factor=grade.limit_factor, base=base,
                           uplift_rules=tuple(u.id for u in applied),
                           uplift_multiplier=multiplier, uncapped=uncapped, cap=cap,
                           capped=capped, credit_limit=limit)
    notes: list[LimitReason] = []
    if grade.declined:
        notes.append(_limit_text(rule.declined, grade=(grade.grade, grade.grade),
                                 score=(str(total), str(total))))
    elif income == 0:
        notes.append(_limit_text(rule.no_income))
    else:
        for u in applied:
            unit = _unit(model, u.field)
            v = values[u.field]
            notes.append(_limit_text(
                u.text,
                value=(format_value(unit, v), format_value(unit, v, "en")),
                threshold=(format_value(unit, u.min_value), format_value(unit, u.min_value, "en")),
                uplift=(f"{_plain(u.uplift_percent)}%",) * 2))
        if capped:
            notes.append(_limit_text(rule.capped, cap=_yuan(cap),
                                     uncapped=_yuan(uncapped.quantize(_HUNDREDTH,
                                                                      rounding=ROUND_HALF_UP))))
    return details, notes


def _unit(model: ScoreModel, key: str) -> str:
    for item in (*model.variables, *model.input_fields):
        if item.id == key:
            return item.unit
    raise KeyError(key)


def _json_value(value: Decimal | bool | str | None) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def score(model: ScoreModel, inputs: Mapping[str, Any]) -> ScoreResult:
    """Score one farmer with ``model`` (see the module docstring for the rules)."""
    if not isinstance(model, ScoreModel):
        raise TypeError(f"score() needs a ScoreModel from load_model(), not {type(model).__name__}")
    if not isinstance(inputs, Mapping):
        raise ValueError(f"inputs must be a dict of variable id → value, not "
                         f"{type(inputs).__name__}")
    with localcontext(_CONTEXT):
        values: dict[str, Decimal | bool | str | None] = {}
        for v in model.variables:
            values[v.id] = _normalize(v, _lookup(inputs, v.id, v.aliases))
        for f in model.input_fields:
            values[f.id] = _to_decimal(_lookup(inputs, f.id, f.aliases), f.id)

        points: dict[str, int] = {}
        used_bins: dict[str, str] = {}
        shortfalls: list[tuple[int, int, Variable, Bin]] = []
        warnings: list[Message] = []
        for index, v in enumerate(model.variables):
            value = values[v.id]
            if isinstance(value, Decimal):
                warning = _range_warning(v, value)
                if warning is not None:
                    warnings.append(warning)
            b = v.bin_for(value)
            points[v.id] = b.points
            used_bins[v.id] = b.label
            if v.max_points - b.points > 0:
                shortfalls.append((v.max_points - b.points, index, v, b))
        total = sum(points.values())
        grade = model.grade_for(total)
        shortfalls.sort(key=lambda item: (-item[0], item[1]))
        reasons = [_reason(v, values[v.id], b) for _, _, v, b in shortfalls[:3]]
        details, notes = _credit_limit(model, grade, total, values)
        try:
            odds = model.scaling.odds(total)
        except OverflowError:
            odds = math.inf
    return ScoreResult(
        model_id=model.id, model_version=model.version, model_digest=model.digest,
        total=total, grade=grade.grade, points=points,
        max_points={v.id: v.max_points for v in model.variables},
        min_points={v.id: v.min_points for v in model.variables},
        bins=used_bins, reasons=reasons, limit_reasons=notes,
        credit_limit=details.credit_limit, limit=details, odds=odds,
        bad_rate=1.0 / (1.0 + odds) if math.isfinite(odds) else 0.0,
        inputs={k: _json_value(val) for k, val in values.items()},
        warnings=warnings)


def what_if(model: ScoreModel, inputs: Mapping[str, Any],
            changes: Mapping[str, Any]) -> tuple[ScoreResult, ScoreResult]:
    """(before, after): ``inputs`` as they are, and with ``changes`` applied on top (a change
    to ``None`` makes that input missing).  For the what-if panel."""
    before = score(model, inputs)
    after = score(model, {**dict(inputs), **dict(changes)})
    return before, after

"""Weather-index insurance documents (气象指数保险): 投保单, 保险凭证 and 理赔通知书.

Three signed PDFs, in the house style of :mod:`station_app.documents.loan_contract`:

1. **投保单** (:func:`build_application_form`, kind :data:`KIND_APPLICATION`, one or two A4
   pages): the applicant (name, masked resident ID, village), the product, crop, weather
   station, season, insured area, sum insured per mu and in all, the premium and its subsidy
   split (中央财政 / 省级财政 / 县级财政 / 农户自缴, exact to the fen, adding up to the
   premium), every index section in plain words
   (:func:`~station_app.domain.insurance.describe_product`) with its dates in the season,
   the **basis-risk explanation** (:func:`~station_app.domain.insurance.basis_risk_text`;
   DOMAIN.md §7 requires it on the application form), where a payout goes ("赔款优先偿还贷款
   <申请编号>" when a planting loan is linked), the applicant's declaration and the signature
   and date lines.
2. **保险凭证** (:func:`build_policy_certificate`, kind :data:`KIND_POLICY`, one page): the
   policy number, insured, product, station, season, area, sum insured, premium and the
   farmer's share, each index section with its phase dates in that season
   (:func:`~station_app.domain.insurance.phase_dates`) and its trigger/exit/payout rule in
   words, how a payout is worked out and paid (the loan first, if assigned), the issue date.
3. **理赔通知书** (:func:`build_claim_notice`, kind :data:`KIND_CLAIM`, one page): one index
   section of a policy in one season: its phase, the index measured at the weather station
   beside the trigger, the payout per mu, the insured mu, the payout in figures and in
   Chinese capitals, how much goes to the linked loan and how much to the farmer, and one
   plain sentence that says it all.

The application form and the certificate are made from :class:`InsuranceDocData` and sign
:func:`application_content` / :func:`policy_content`; the claim notice is made from
:class:`ClaimNoticeData` and signs :func:`claim_content`::

    content = policy_content(data)
    qr_text = sign_document(key, doc_id=data.doc_id, kind=KIND_POLICY,
                            station_id=data.station_code, issued_on=data.issued_on,
                            content=content)
    pages = build_policy_certificate(path, data, qr_text)

A builder refuses (``ValueError``) a QR text made for another document (another id,
station, date, kind or content).  Money is exact throughout (``Decimal`` yuan with at most two
decimals; ``float`` is refused); user text is escaped, so names with ``<`` or ``&`` print as
typed.  The font lacks the ℃ sign, so temperatures are written ``°C``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Callable

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from station_app.documents import page
from station_app.documents.fonts import pdf_font_name
from station_app.documents.page import markup as _m
from station_app.documents.page import para as _p
from station_app.documents.signing import canonical_json, check_qr_matches
from station_app.documents.wording import CENT as _CENT
from station_app.documents.wording import chinese_date as _date
from station_app.documents.wording import figure as _figure
from station_app.documents.wording import id_tail as _id_tail
from station_app.documents.wording import money as _money
from station_app.documents.wording import plain_money as _plain
from station_app.domain.insurance import (
    IndexSection,
    IndexType,
    InsuranceProduct,
    basis_risk_text,
    describe_product,
    describe_section,
    dump_products,
    phase_dates,
    section_payout,
    to_fen,
)
from station_app.domain.insurance.products import SHARE_KEYS, SHARE_ZH
from station_app.domain.money import to_chinese_capital

__all__ = [
    "KIND_APPLICATION",
    "KIND_CLAIM",
    "KIND_POLICY",
    "TITLE_APPLICATION",
    "TITLE_CLAIM",
    "TITLE_POLICY",
    "ClaimNoticeData",
    "InsuranceDocData",
    "application_content",
    "build_application_form",
    "build_claim_notice",
    "build_policy_certificate",
    "claim_content",
    "policy_content",
    "terms_digest",
]

KIND_APPLICATION = "INSURANCE-APPLICATION"
KIND_POLICY = "INSURANCE-POLICY"
KIND_CLAIM = "INSURANCE-CLAIM"
TITLE_APPLICATION = "气象指数保险投保单"
TITLE_POLICY = "气象指数保险凭证"
TITLE_CLAIM = "气象指数保险理赔通知书"

_QR_ID = re.compile(r"[A-Za-z0-9-]{1,40}")
_UNMASKED_ID = re.compile(r"[0-9]{15,}")
_ZERO = Decimal("0.00")
_FRAME_PADDING = 6  # platypus frames keep 6 pt inside the page margins
_CONTENT_WIDTH = page.PageLayout().content_width - 2 * _FRAME_PADDING
_DATE_BLANK = "____年___月___日"


# --------------------------------------------------------------------------- checks

def _exact_money(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal (yuan), not {type(value).__name__}")
    if not value.is_finite() or value < 0:
        raise ValueError(f"{name} must be at least 0: {value}")
    if value != value.quantize(_CENT):
        raise ValueError(f"{name} may have at most two decimals (fen): {value}")
    return value.quantize(_CENT)


def _check_area(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise TypeError(f"insured_mu must be a Decimal (mu), not {type(value).__name__}")
    if not value.is_finite() or value <= 0:
        raise ValueError(f"insured_mu must be more than 0: {value}")
    if value != value.quantize(_CENT):
        raise ValueError(f"insured_mu may have at most two decimals: {value}")
    return value


def _check_common(obj: Any, texts: tuple[str, ...], optional: tuple[str, ...]) -> None:
    for name in ("doc_id", "station_code"):
        value = getattr(obj, name)
        if not isinstance(value, str) or not _QR_ID.fullmatch(value):
            raise ValueError(f"{name} must be 1–40 characters A–Z, 0–9 or '-': {value!r}")
    for name in texts:
        value = getattr(obj, name)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be non-empty text")
    for name in optional:
        if not isinstance(getattr(obj, name), str):
            raise TypeError(f"{name} must be a str ('' when there is none)")
    masked = obj.resident_id_masked
    if masked and ("*" not in masked or _UNMASKED_ID.search(masked)):
        raise ValueError("resident_id_masked must be masked (e.g. 610326********0036), "
                         "never the full number")
    if not isinstance(obj.issued_on, dt.date) or isinstance(obj.issued_on, dt.datetime):
        raise TypeError("issued_on must be a date")
    if not isinstance(obj.product, InsuranceProduct):
        raise TypeError("product must be an InsuranceProduct")
    season = obj.season_year
    if isinstance(season, bool) or not isinstance(season, int) or not 1900 <= season <= 2999:
        raise ValueError(f"season_year must be a year: {season!r}")


@dataclass(frozen=True)
class InsuranceDocData:
    """What the application form (投保单) and the policy certificate (保险凭证) print.

    ``product`` is the product as insured (the definition stored with the application, not
    necessarily today's catalogue).  ``premium`` is the policy's premium
    (:func:`~station_app.domain.insurance.premium`) and ``shares`` its split
    (:func:`~station_app.domain.insurance.premium_split`): the four keys ``central``,
    ``province``, ``county`` and ``farmer``, ``Decimal`` yuan with at most two decimals,
    adding up exactly to ``premium`` (``ValueError`` otherwise).  ``insured_mu`` is a
    ``Decimal`` with at most two decimals.

    ``doc_id`` and ``station_code`` (the service station) go into the QR: 1–40 characters
    ``A–Z 0–9 -``.  ``resident_id_masked`` must be masked (empty when none is recorded).
    ``policy_no`` is ``""`` before the policy is issued (the certificate needs one);
    ``loan_application_no`` names the planting loan the payouts repay first (``""`` = none).
    ``crop_name`` is the crop's Chinese name from the crop calendar (``""``: the product's
    crop code is printed), ``insurer_name`` the insurance company (``""``: not printed).
    """

    doc_id: str
    issued_on: dt.date
    station_name: str
    station_code: str
    farmer_name: str
    resident_id_masked: str
    village: str
    application_no: str
    policy_no: str
    product: InsuranceProduct
    season_year: int
    insured_mu: Decimal
    premium: Decimal
    shares: dict[str, Decimal] = field(hash=False)
    loan_application_no: str = ""
    staff_name: str = ""
    crop_name: str = ""
    insurer_name: str = ""

    def __post_init__(self) -> None:
        _check_common(self, ("station_name", "farmer_name", "application_no"),
                      ("resident_id_masked", "village", "policy_no", "loan_application_no",
                       "staff_name", "crop_name", "insurer_name"))
        object.__setattr__(self, "insured_mu", _check_area(self.insured_mu))
        premium = _exact_money(self.premium, "premium")
        object.__setattr__(self, "premium", premium)
        if not isinstance(self.shares, dict) or set(self.shares) != set(SHARE_KEYS):
            raise ValueError(f"shares must have exactly the keys {', '.join(SHARE_KEYS)}")
        shares = {key: _exact_money(self.shares[key], f"shares[{key!r}]") for key in SHARE_KEYS}
        if sum(shares.values(), _ZERO) != premium:
            raise ValueError(f"the shares add up to {sum(shares.values(), _ZERO)}, "
                             f"not to the premium {premium}")
        object.__setattr__(self, "shares", shares)

    @property
    def sum_insured(self) -> Decimal:
        """Sum insured per mu × insured mu, to the fen (half-up)."""
        return to_fen(self.product.sum_insured_per_mu * self.insured_mu)

    @property
    def subsidy(self) -> Decimal:
        """What the central, provincial and county governments pay together."""
        return self.premium - self.shares["farmer"]


@dataclass(frozen=True)
class ClaimNoticeData:
    """What the claim notice (理赔通知书) prints: one section of a policy in one season.

    ``phase_first``/``phase_last`` must be the section's window in ``season_year``
    (:func:`~station_app.domain.insurance.phase_dates`) and ``index_value`` the index the
    claim was computed from (:func:`~station_app.domain.insurance.assess_section`).
    ``payout_per_mu`` is what this claim pays per mu: the section's payout for that index,
    or less when the season's claims reach the sum insured (never more: ``ValueError``).
    ``payout`` must be ``payout_per_mu × insured_mu`` to the fen (half-up) and
    ``to_loan + to_farmer`` must be ``payout``; ``to_loan`` needs a ``loan_application_no``.
    ``claim_no`` is optional.  The other fields are as in :class:`InsuranceDocData`.
    """

    doc_id: str
    issued_on: dt.date
    station_name: str
    station_code: str
    farmer_name: str
    resident_id_masked: str
    village: str
    policy_no: str
    product: InsuranceProduct
    season_year: int
    insured_mu: Decimal
    section_code: str
    phase_first: dt.date
    phase_last: dt.date
    index_value: Decimal
    payout_per_mu: Decimal
    payout: Decimal
    to_loan: Decimal
    to_farmer: Decimal
    loan_application_no: str = ""
    staff_name: str = ""
    claim_no: str = ""
    crop_name: str = ""
    insurer_name: str = ""

    def __post_init__(self) -> None:
        _check_common(self, ("station_name", "farmer_name", "policy_no", "section_code"),
                      ("resident_id_masked", "village", "loan_application_no", "staff_name",
                       "claim_no", "crop_name", "insurer_name"))
        area = _check_area(self.insured_mu)
        try:
            section = self.product.section(self.section_code)
        except KeyError:
            raise ValueError(f"product {self.product.id} has no section "
                             f"{self.section_code!r}") from None
        for name in ("phase_first", "phase_last"):
            value = getattr(self, name)
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise TypeError(f"{name} must be a date")
        window = section.window.dates(self.season_year)
        if (self.phase_first, self.phase_last) != window:
            raise ValueError(f"the phase {self.phase_first} – {self.phase_last} is not the "
                             f"window of section {section.code} in {self.season_year} "
                             f"({window[0]} – {window[1]})")
        index = self.index_value
        if isinstance(index, bool) or not isinstance(index, Decimal) or not index.is_finite():
            raise TypeError("index_value must be a finite Decimal")
        per_mu = _exact_money(self.payout_per_mu, "payout_per_mu")
        due = section_payout(self.product, section, index)
        if per_mu > due:
            raise ValueError(f"payout_per_mu {per_mu} is more than the index {index} gives "
                             f"({due})")
        payout = _exact_money(self.payout, "payout")
        if payout != to_fen(per_mu * area):
            raise ValueError(f"payout {payout} is not payout_per_mu × insured_mu "
                             f"({to_fen(per_mu * area)})")
        to_loan = _exact_money(self.to_loan, "to_loan")
        to_farmer = _exact_money(self.to_farmer, "to_farmer")
        if to_loan + to_farmer != payout:
            raise ValueError(f"to_loan + to_farmer ({to_loan + to_farmer}) is not the payout "
                             f"({payout})")
        if to_loan and not self.loan_application_no:
            raise ValueError("to_loan needs the loan_application_no it repays")
        for name, value in (("insured_mu", area), ("payout_per_mu", per_mu), ("payout", payout),
                            ("to_loan", to_loan), ("to_farmer", to_farmer)):
            object.__setattr__(self, name, value)

    @property
    def section(self) -> IndexSection:
        return self.product.section(self.section_code)

    @property
    def due_per_mu(self) -> Decimal:
        """What the index alone gives per mu (before the season's sum-insured cap)."""
        return section_payout(self.product, self.section, self.index_value)


# --------------------------------------------------------------------------- formatting

def _yuan(amount: Decimal) -> str:
    return f"{_money(amount)} 元"


def _num(value: Decimal | int | None) -> str:
    """A number without trailing zeros: 35, 0.5, -1.2, 12.5."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _mu(area: Decimal) -> str:
    return f"{_num(area)} 亩"


def _unit(section: IndexSection) -> str:
    return section.info.unit_zh


def _amount(section: IndexSection, value: Decimal | int | None) -> str:
    """``35°C``, ``10 毫米``, ``3 天``."""
    unit = _unit(section)
    return f"{_num(value)}{unit}" if unit == "°C" else f"{_num(value)} {unit}"


def _station(product: InsuranceProduct) -> str:
    name = product.station_name_zh
    return f"{name}气象站（{product.station_id}）" if name else f"气象站 {product.station_id}"


def _station_short(product: InsuranceProduct) -> str:
    return f"{product.station_name_zh}气象站" if product.station_name_zh else (
        f"气象站 {product.station_id}")


def _crop(data: InsuranceDocData | ClaimNoticeData) -> str:
    return data.crop_name or data.product.crop


def _rate(product: InsuranceProduct) -> tuple[str, str]:
    if product.premium_rate_percent is not None:
        return "保险费率", f"{_num(product.premium_rate_percent)}%"
    return "每亩保费", f"{_yuan(product.premium_per_mu)}（固定）"  # type: ignore[arg-type]


def _phase(section: IndexSection, first: dt.date, last: dt.date) -> str:
    """``2025-05-05（立夏）至 2025-06-21（夏至）``."""
    a = first.isoformat() + (f"（{section.window.start_term}）" if section.window.start_term
                             else "")
    b = last.isoformat() + (f"（{section.window.end_term}）" if section.window.end_term else "")
    return f"{a} 至 {b}"


def _season_span(product: InsuranceProduct, season: int) -> tuple[dt.date, dt.date]:
    dates = phase_dates(product, season).values()
    return min(a for a, _ in dates), max(b for _, b in dates)


def _measure(section: IndexSection) -> str:
    """What the index measures, in a few words."""
    x = _num(section.threshold)
    return {
        IndexType.RAINFALL_DEFICIT: "阶段累计降水量",
        IndexType.EXCESS_RAIN_MAX_DAILY: "最大的一天降水量",
        IndexType.EXCESS_RAIN_CONSECUTIVE: f"日降水量≥{x}毫米的最长连续天数",
        IndexType.DRY_SPELL: f"日降水量不足{x}毫米的最长连续天数",
        IndexType.HEAT_DAYS: f"日最高气温≥{x}°C的天数",
        IndexType.HEAT_CONSECUTIVE: f"日最高气温≥{x}°C的最长连续天数",
        IndexType.FROST: "最低的一天最低气温",
        IndexType.COLD_DEW_WIND: f"日平均气温≤{x}°C的最长连续天数",
    }[section.index_type]


def _trigger_words(section: IndexSection) -> str:
    """``连续 3 天及以上起赔`` / ``超过 10 毫米起赔，160 毫米及以上赔满``."""
    if section.payout_method == "per_day":
        start = (section.deductible_days or 0) + 1
        return f"达到 {start} 天起赔，每天每亩 {_yuan(section.amount_per_day)}"  # type: ignore[arg-type]
    trigger, exit_ = section.trigger, section.exit
    if section.info.lower_is_worse:
        return f"低于 {_amount(section, trigger)} 起赔，{_amount(section, exit_)} 及以下赔满"
    return f"超过 {_amount(section, trigger)} 起赔，{_amount(section, exit_)} 及以上赔满"


def terms_digest(product: InsuranceProduct) -> str:
    """128-bit hex fingerprint of the product's terms (every field of its definition)."""
    terms = dump_products([product])["products"][0]
    return hashlib.sha256(canonical_json({"product": terms})).hexdigest()[:32]


# --------------------------------------------------------------------------- content

def _policy_facts(data: InsuranceDocData) -> dict[str, Any]:
    p = data.product
    return {
        "doc_id": data.doc_id.upper(),
        "application_no": data.application_no,
        "farmer_name": data.farmer_name,
        "resident_id_tail": _id_tail(data.resident_id_masked),
        "product_id": p.id,
        "product_name": p.name_zh,
        "terms_digest": terms_digest(p),
        "weather_station": p.station_id,
        "season_year": data.season_year,
        "insured_mu": _plain(data.insured_mu),
        "sum_insured": _plain(data.sum_insured),
        "premium": _plain(data.premium),
        "premium_central": _plain(data.shares["central"]),
        "premium_province": _plain(data.shares["province"]),
        "premium_county": _plain(data.shares["county"]),
        "premium_farmer": _plain(data.shares["farmer"]),
        "loan_application_no": data.loan_application_no,
    }


def application_content(data: InsuranceDocData) -> dict[str, Any]:
    """The key facts the application form's QR covers.

    ``doc_id`` (upper case), ``application_no``, ``farmer_name``, ``resident_id_tail`` (last
    four characters of the masked ID), ``product_id``, ``product_name``, ``terms_digest``
    (:func:`terms_digest`: 128-bit hex of the product's full definition, so changed terms
    show), ``weather_station``, ``season_year``, ``insured_mu``, ``sum_insured``,
    ``premium`` and its four shares ``premium_central`` / ``premium_province`` /
    ``premium_county`` / ``premium_farmer`` (two decimals, ``"120.00"``) and
    ``loan_application_no``.  Every item can be read off the paper or rebuilt from the
    stored application.
    """
    return _policy_facts(data)


def policy_content(data: InsuranceDocData) -> dict[str, Any]:
    """The key facts the certificate's QR covers: :func:`application_content` plus
    ``policy_no`` (``ValueError`` before the policy is issued)."""
    if not data.policy_no.strip():
        raise ValueError("the policy is not issued yet: policy_no is empty")
    return {**_policy_facts(data), "policy_no": data.policy_no}


def claim_content(data: ClaimNoticeData) -> dict[str, Any]:
    """The key facts the claim notice's QR covers.

    ``doc_id``, ``claim_no``, ``policy_no``, ``farmer_name``, ``resident_id_tail``,
    ``product_id``, ``section_code``, ``season_year``, ``phase_first``/``phase_last`` (ISO),
    ``weather_station``, ``index_value`` (as printed, ``"-1.2"``), ``payout_per_mu``,
    ``insured_mu``, ``payout``, ``to_loan``, ``to_farmer`` (two decimals) and
    ``loan_application_no``.
    """
    return {
        "doc_id": data.doc_id.upper(),
        "claim_no": data.claim_no,
        "policy_no": data.policy_no,
        "farmer_name": data.farmer_name,
        "resident_id_tail": _id_tail(data.resident_id_masked),
        "product_id": data.product.id,
        "section_code": data.section_code,
        "season_year": data.season_year,
        "phase_first": data.phase_first.isoformat(),
        "phase_last": data.phase_last.isoformat(),
        "weather_station": data.product.station_id,
        "index_value": _num(data.index_value),
        "payout_per_mu": _plain(data.payout_per_mu),
        "insured_mu": _plain(data.insured_mu),
        "payout": _plain(data.payout),
        "to_loan": _plain(data.to_loan),
        "to_farmer": _plain(data.to_farmer),
        "loan_application_no": data.loan_application_no,
    }


# --------------------------------------------------------------------------- styles

@dataclass(frozen=True)
class _Styles:
    font: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    risk: ParagraphStyle
    item: ParagraphStyle
    sign: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_right: ParagraphStyle
    lead: ParagraphStyle
    plain: ParagraphStyle
    figure_label: ParagraphStyle
    figure: ParagraphStyle
    capital: ParagraphStyle


@lru_cache(maxsize=4)
def _make_styles(font: str) -> _Styles:
    def style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
        return page.cjk_style(f"Ins{name}", font, size, leading, **extra)

    return _Styles(
        font=font,
        title=style("Title", 19, 25, alignment=TA_CENTER, spaceAfter=0.5 * mm),
        subtitle=style("Subtitle", 10, 14, alignment=TA_CENTER, spaceAfter=2.5 * mm),
        heading=style("Heading", 11.5, 16, spaceBefore=2.4 * mm, spaceAfter=1 * mm,
                      keepWithNext=1),
        body=style("Body", 10.5, 16, spaceAfter=0.6 * mm),
        note=style("Note", 9.5, 14, spaceBefore=0.6 * mm),
        risk=style("Risk", 10.5, 16.5),
        item=style("Item", 10.5, 15.5, leftIndent=15, bulletIndent=0, spaceAfter=0.6 * mm),
        sign=style("Sign", 10.5, 15),
        cell=style("Cell", 9.5, 13, alignment=TA_LEFT),
        cell_head=style("CellHead", 9.5, 13, alignment=TA_CENTER),
        cell_right=style("CellRight", 9.5, 13, alignment=TA_RIGHT),
        lead=style("Lead", 12, 18, spaceAfter=1.5 * mm),
        plain=style("Plain", 12, 19),
        figure_label=style("FigureLabel", 12, 17),
        figure=style("Figure", 16, 21, alignment=TA_RIGHT),
        capital=style("Capital", 11, 15, alignment=TA_RIGHT),
    )


def _styles() -> _Styles:
    return _make_styles(pdf_font_name())


def _item(text: object, style: ParagraphStyle, number: int) -> Paragraph:
    return Paragraph(_m(text), style, bulletText=f"{number}.")


def _boxed(flowables: list[Flowable], s: _Styles, *, weight: float = 1.2) -> Table:
    """Flowables in a single framed cell (the basis-risk notice, the claim's plain words)."""
    return Table([[flowables]], colWidths=[_CONTENT_WIDTH], hAlign="CENTER",
                 style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), s.font),
                     ("BOX", (0, 0), (-1, -1), weight, page.TEXT_GREY),
                     ("BACKGROUND", (0, 0), (-1, -1), page.ZEBRA_FILL),
                     ("LEFTPADDING", (0, 0), (-1, -1), 8),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                     ("TOPPADDING", (0, 0), (-1, -1), 5),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                 ]))


def _signatures(parties: list[tuple[str, str]], s: _Styles) -> Table:
    """One row a party: who, the signature blank, the date blank."""
    rows = [[_p(who, s.sign), _p(blank, s.sign), _p(_DATE_BLANK, s.sign)]
            for who, blank in parties]
    width = _CONTENT_WIDTH
    return Table(rows, colWidths=[width * 0.48, width * 0.31, width * 0.21], hAlign="CENTER",
                 style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), s.font),
                     ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 2),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                     ("TOPPADDING", (0, 0), (-1, -1), 12),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                     ("LINEBELOW", (0, 0), (-1, -2), 0.3, page.GRID_GREY),
                 ]))


# --------------------------------------------------------------------------- shared pieces

def _loan_sentence(loan_no: str, *, farmer: str = "被保险人") -> str:
    if loan_no:
        return (f"赔款优先偿还贷款 {loan_no}（种植贷申请编号）：发生赔付时，赔款先用于归还这笔"
                f"贷款尚欠的本金和利息，剩余部分付给{farmer}。")
    return f"本保单没有指定偿还贷款，赔款全部付给{farmer}本人。"


def _split_table(data: InsuranceDocData, s: _Styles) -> Table:
    """承担方 | 补贴比例 | 金额（元）, a row a payer and the premium as the total."""
    percents = data.product.subsidy.as_dict()
    rows: list[list[object]] = [
        [SHARE_ZH[key], f"{_num(percents[key])}%", _money(data.shares[key])]
        for key in SHARE_KEYS]
    rows.append([Paragraph("保费合计", s.cell_head), "100%", _money(data.premium)])
    table = page.simple_table(["承担方", "比例", "金额（元）"], rows, weights=[2, 1, 1.6],
                              align_right=[1, 2], width=_CONTENT_WIDTH * 0.62)
    table.setStyle(TableStyle([
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("BACKGROUND", (0, -1), (-1, -1), page.HEADER_FILL),
        ("LINEABOVE", (0, -1), (-1, -1), 1.0, page.GRID_GREY),
    ]))
    table.hAlign = "LEFT"
    return table


def _sections_table(product: InsuranceProduct, season: int, s: _Styles) -> Table:
    """保障项目 | 本季阶段 | 赔付规则 (describe_section), a row a section."""
    dates = phase_dates(product, season)
    rows = []
    for section in product.sections:
        first, last = dates[section.code]
        rows.append([section.name_zh, f"{first.isoformat()} 至\n{last.isoformat()}",
                     str(describe_section(product, section))])
    table = page.simple_table(["保障项目", "本季阶段", "什么情况下赔、赔多少（阶段含首尾两天）"],
                              rows, weights=[1.3, 1.2, 4.5], width=_CONTENT_WIDTH, zebra=False)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


# --------------------------------------------------------------------------- application form

def _application_story(data: InsuranceDocData) -> list[Flowable]:
    s = _styles()
    p = data.product
    rate_label, rate_value = _rate(p)
    subtitle = f"投保单号：{data.application_no}　　保险年度：{data.season_year} 年"
    if data.policy_no:
        subtitle += f"　　保单号：{data.policy_no}"
    story: list[Flowable] = [
        _p(TITLE_APPLICATION, s.title),
        _p(subtitle, s.subtitle),
        _p("一、投保人（被保险人）", s.heading),
        page.key_value_table([
            ("姓名", data.farmer_name),
            ("身份证号", data.resident_id_masked or "未登记"),
            ("村组", data.village or "未登记"),
            ("经办服务站", data.station_name),
        ], columns=2, width=_CONTENT_WIDTH),
        _p("二、投保内容", s.heading),
    ]
    pairs = [
        ("保险产品", p.name_zh),
        ("作物", _crop(data)),
        ("气象站", _station(p)),
        ("保险年度", f"{data.season_year} 年"),
        ("投保面积", _mu(data.insured_mu)),
        ("每亩保险金额", _yuan(p.sum_insured_per_mu)),
        ("保险金额合计", _yuan(data.sum_insured)),
        (rate_label, rate_value),
    ]
    if data.insurer_name:
        pairs.append(("承保机构", data.insurer_name))
    if p.region_zh:
        pairs.append(("适用地区", p.region_zh))
    if len(pairs) % 2:
        pairs.append(("", ""))
    story.append(page.key_value_table(pairs, columns=2, width=_CONTENT_WIDTH))

    farmer = data.shares["farmer"]
    story += [
        _p("三、保费和财政补贴", s.heading),
        _p(f"保费合计 {_yuan(data.premium)}（{to_chinese_capital(data.premium)}），由各级财政"
           f"和农户按下表分担，分到分，合计等于保费：", s.body),
        _split_table(data, s),
        Spacer(1, 1 * mm),
        _p(f"您自己交 {_yuan(farmer)}（{to_chinese_capital(farmer)}），其余 "
           f"{_yuan(data.subsidy)} 由财政补贴。", s.body),
        _p("四、保障内容（看气象站的数据，什么情况下赔、赔多少）", s.heading),
        _sections_table(p, data.season_year, s),
    ]
    sentences = describe_product(p)
    if len(p.sections) > 1:
        story.append(_p(sentences[-1] + "。", s.note))
    story.append(_p("每亩赔款乘以投保面积就是赔款，算到分。阶段结束、气象站数据齐全后自动计算，"
                    "不需要报案，也不派人查勘。", s.note))
    story += [
        _p("五、基差风险提示（请务必读一读）", s.heading),
        _boxed([_p(basis_risk_text(p), s.risk)], s),
        _p("六、赔款去向", s.heading),
        _p(_loan_sentence(data.loan_application_no), s.body),
    ]
    points = ["保障内容", "赔付标准", "基差风险", "保费和财政补贴"]
    if data.loan_application_no:
        points.append("赔款优先偿还贷款")
    staff = f"服务站经办人：{data.staff_name}" if data.staff_name else "服务站经办人"
    story.append(KeepTogether([
        _p("投保人声明", s.heading),
        _p(f"本人自愿投保。服务站工作人员已向本人说明{'、'.join(points)}等内容，本人已了解："
           f"赔不赔、赔多少只看{_station_short(p)}的数据，与本人地里的实际损失可能不一致。"
           f"本人同意缴纳自缴保费 {_yuan(farmer)}，所填信息真实。", s.body),
        _p("请投保人抄写：“本人已了解基差风险，自愿投保。”", s.body),
        _p("____________________________________________________________", s.body),
        _signatures([(f"投保人（被保险人）：{data.farmer_name}", "签字并按手印：______"),
                     (f"{staff}（{data.station_name}）", "签字：____________")], s),
    ]))
    return story


# --------------------------------------------------------------------------- policy certificate

def _policy_story(data: InsuranceDocData) -> list[Flowable]:
    s = _styles()
    p = data.product
    first, last = _season_span(p, data.season_year)
    rate_label, rate_value = _rate(p)
    pairs = [
        ("保单号", data.policy_no),
        ("投保单号", data.application_no),
        ("被保险人", data.farmer_name),
        ("身份证号", data.resident_id_masked or "未登记"),
        ("村组", data.village or "未登记"),
        ("作物", _crop(data)),
        ("保险产品", p.name_zh),
        ("气象站", _station(p)),
        ("保险年度", f"{data.season_year} 年"),
        ("保险期间", f"{first.isoformat()} 至 {last.isoformat()}"),
        ("投保面积", _mu(data.insured_mu)),
        ("每亩保险金额", _yuan(p.sum_insured_per_mu)),
        ("保险金额", f"{_yuan(data.sum_insured)}\n{to_chinese_capital(data.sum_insured)}"),
        (rate_label, rate_value),
        ("保费合计", _yuan(data.premium)),
        ("农户自缴", f"{_yuan(data.shares['farmer'])}\n（财政补贴 {_yuan(data.subsidy)}）"),
        ("签发日期", _date(data.issued_on)),
        ("赔款去向", f"优先偿还贷款 {data.loan_application_no}" if data.loan_application_no
         else "付给被保险人"),
    ]
    if data.insurer_name:
        pairs += [("承保机构", data.insurer_name), ("", "")]
    story: list[Flowable] = [
        _p(TITLE_POLICY, s.title),
        _p(f"保单号：{data.policy_no}", s.subtitle),
        page.key_value_table(pairs, columns=2, width=_CONTENT_WIDTH),
        _p(f"保障项目（{data.season_year} 年各阶段）", s.heading),
        _sections_table(p, data.season_year, s),
    ]
    rules = ["各阶段结束、气象站数据齐全后，按上表自动计算指数和赔款，不需要报案，也不派人查勘。",
             f"每亩赔款 × 投保面积 {_mu(data.insured_mu)} = 赔款，算到分；"
             f"{'几项合计' if len(p.sections) > 1 else ''}每亩最多赔 "
             f"{_yuan(p.sum_insured_per_mu)}。",
             _loan_sentence(data.loan_application_no),
             f"赔不赔只看{_station_short(p)}的数据，不看地里的实际损失（基差风险，见投保单）。"]
    story.append(_p("赔款怎么算、怎么付", s.heading))
    story += [_item(text, s.item, n) for n, text in enumerate(rules, start=1)]
    story.append(_p(f"签发：{data.station_name}"
                    + (f"　经办人：{data.staff_name}" if data.staff_name else "")
                    + f"　{_date(data.issued_on)}", s.note))
    return story


# --------------------------------------------------------------------------- claim notice

def _index_sentence(data: ClaimNoticeData) -> tuple[str, str]:
    """(what was measured, the payout standard) in words."""
    section = data.section
    measured = f"{_measure(section)}是 {_amount(section, data.index_value)}"
    if section.payout_method == "per_day":
        start = (section.deductible_days or 0) + 1
        standard = f"{start} 天起赔"
    elif section.info.lower_is_worse:
        standard = f"低于 {_amount(section, section.trigger)} 起赔"
    else:
        standard = f"超过 {_amount(section, section.trigger)} 起赔"
    return measured, standard


def _claim_sentence(data: ClaimNoticeData) -> str:
    section = data.section
    measured, standard = _index_sentence(data)
    head = (f"{data.farmer_name}，您好！{_date(data.phase_first)}到{_date(data.phase_last)}，"
            f"{_station_short(data.product)}测得{measured}")
    if not data.payout_per_mu:
        if data.due_per_mu:
            return (head + f"，达到了赔付标准（{standard}），但本保单这一季的赔款已经赔满每亩"
                    f"保险金额 {_yuan(data.product.sum_insured_per_mu)}，这次不再赔钱。")
        return (head + f"，没有达到赔付标准（{standard}），“{section.name_zh}”这一项今年不赔钱。"
                "保险的其他阶段照常有效。")
    text = (head + f"，达到了赔付标准（{standard}），每亩赔 {_yuan(data.payout_per_mu)}。"
            f"您投保了 {_mu(data.insured_mu)}，一共赔 {_yuan(data.payout)}")
    if data.to_loan and data.to_farmer:
        text += (f"，其中 {_yuan(data.to_loan)} 先用来还贷款 {data.loan_application_no}，"
                 f"剩下的 {_yuan(data.to_farmer)} 付给您。")
    elif data.to_loan:
        text += f"，全部用来还贷款 {data.loan_application_no}。"
    else:
        text += "，全部付给您。"
    return text


def _signed(value: Decimal) -> str:
    """A number for a formula: negative ones in brackets, ``(-1.2)``."""
    text = _num(value)
    return f"({text})" if value < 0 else text


def _calculation(data: ClaimNoticeData) -> str:
    """How the section's payout per mu follows from the index, as a formula in words."""
    section, index = data.section, data.index_value
    limit = section.max_payout_per_mu or data.product.sum_insured_per_mu
    if section.payout_method == "per_day":
        days = index - (section.deductible_days or 0)
        raw = days * section.amount_per_day  # type: ignore[operator]
        text = (f"每亩赔款 = ({_num(index)} − {section.deductible_days}) 天 × "
                f"{_yuan(section.amount_per_day)} = {_yuan(raw)}")  # type: ignore[arg-type]
        if raw > limit:
            text += f"，超过这一项每亩最多赔的 {_yuan(limit)}，按 {_yuan(limit)} 算"
        return text + "。"
    trigger, exit_ = section.trigger, section.exit
    assert trigger is not None and exit_ is not None
    span = abs(trigger - exit_)
    unit = _unit(section)
    pair = (trigger, index) if section.info.lower_is_worse else (index, trigger)
    excess = pair[0] - pair[1]
    if excess >= span:
        return (f"实测 {_amount(section, index)} 已到赔满的 {_amount(section, exit_)}，"
                f"每亩赔满 {_yuan(limit)}。")
    return (f"每亩赔款 = ({_signed(pair[0])} − {_signed(pair[1])}) {unit} × {_yuan(limit)} ÷ "
            f"{_num(span)}{unit} = {_yuan(data.due_per_mu)}（算到分）。")


def _payout_box(data: ClaimNoticeData, s: _Styles) -> Table:
    rows: list[list[Flowable | str]] = [
        [_p("每亩赔款", s.figure_label), _p(_yuan(data.payout_per_mu), s.figure)],
        [_p("投保面积", s.figure_label), _p(_mu(data.insured_mu), s.figure)],
        [_p("赔款合计", s.figure_label), _p(_figure(data.payout), s.figure)],
        ["", _p(f"（大写）{to_chinese_capital(data.payout)}", s.capital)],
    ]
    if data.loan_application_no:
        rows.append([_p(f"先还贷款 {data.loan_application_no}", s.figure_label),
                     _p(_figure(data.to_loan), s.figure)])
    rows.append([_p("付给您", s.figure_label), _p(_figure(data.to_farmer), s.figure)])
    rows.append(["", _p(f"（大写）{to_chinese_capital(data.to_farmer)}", s.capital)])
    total_row = 2
    width = _CONTENT_WIDTH
    return Table(rows, colWidths=[width * 0.45, width * 0.55], hAlign="CENTER",
                 style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), s.font),
                     ("BOX", (0, 0), (-1, -1), 1.4, page.TEXT_GREY),
                     ("LINEBELOW", (0, 1), (-1, 1), 0.5, page.GRID_GREY),
                     ("LINEBELOW", (0, total_row + 1), (-1, total_row + 1), 0.5,
                      page.GRID_GREY),
                     ("BACKGROUND", (0, total_row), (-1, total_row + 1), page.ZEBRA_FILL),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 10),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                     ("TOPPADDING", (0, 0), (-1, -1), 2),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                 ]))


def _claim_story(data: ClaimNoticeData) -> list[Flowable]:
    s = _styles()
    p, section = data.product, data.section
    subtitle = f"保单号：{data.policy_no}"
    if data.claim_no:
        subtitle += f"　　理赔编号：{data.claim_no}"
    pairs = [
        ("被保险人", data.farmer_name),
        ("身份证号", data.resident_id_masked or "未登记"),
        ("村组", data.village or "未登记"),
        ("作物", _crop(data)),
        ("保险产品", p.name_zh),
        ("保险年度", f"{data.season_year} 年"),
        ("保障项目", section.name_zh),
        ("阶段", _phase(section, data.phase_first, data.phase_last)),
        ("气象站", _station(p)),
        ("投保面积", _mu(data.insured_mu)),
    ]
    if data.insurer_name:
        pairs += [("承保机构", data.insurer_name), ("", "")]
    index_table = page.simple_table(
        ["气象站测的是", "赔付标准", "本阶段实测", "每亩赔款"],
        [[_measure(section), _trigger_words(section), _amount(section, data.index_value),
          _yuan(data.payout_per_mu)]],
        weights=[2.3, 2.6, 1.3, 1.4], align_right=[2, 3], width=_CONTENT_WIDTH, zebra=False)
    story: list[Flowable] = [
        _p(TITLE_CLAIM, s.title),
        _p(subtitle, s.subtitle),
        _boxed([_p(_claim_sentence(data), s.plain)], s, weight=1.6),
        Spacer(1, 2.5 * mm),
        page.key_value_table(pairs, columns=2, width=_CONTENT_WIDTH),
        _p("气象站的数据和赔付标准", s.heading),
        index_table,
    ]
    if data.due_per_mu > 0:
        story.append(_p(_calculation(data), s.note))
    if data.payout_per_mu < data.due_per_mu:
        story.append(_p(
            f"按指数计算每亩应赔 {_yuan(data.due_per_mu)}；本保单同一季各项赔款合计每亩最多赔 "
            f"{_yuan(p.sum_insured_per_mu)}（保险金额），所以这次每亩赔 "
            f"{_yuan(data.payout_per_mu)}。", s.note))
    story += [
        _p("赔款", s.heading),
        _payout_box(data, s),
        Spacer(1, 1.5 * mm),
        _p("说明：赔款只看气象站的数据，不看您地里的实际损失（基差风险）。对数据或金额有疑问，"
           "请带上本通知书到服务站查询。扫描右下角二维码可核验本通知书的真伪。", s.note),
        _p(f"{data.station_name}"
           + (f"　经办人：{data.staff_name}" if data.staff_name else "")
           + f"　{_date(data.issued_on)}", s.note),
    ]
    return story


# --------------------------------------------------------------------------- build

def _check_qr(data: InsuranceDocData | ClaimNoticeData, qr_text: str, kind: str,
              content: dict[str, Any], content_name: str) -> None:
    """The QR must belong to this document: same id, kind, station, date and content."""
    check_qr_matches(qr_text, doc_id=data.doc_id, kind=kind, station_code=data.station_code,
                     issued_on=data.issued_on, content=content, content_name=content_name)


def _info(data: InsuranceDocData | ClaimNoticeData, qr_text: str, title: str, subject: str,
          number: str) -> page.DocumentInfo:
    return page.DocumentInfo(
        title=title, station_name=data.station_name, doc_id=data.doc_id.upper(),
        qr_text=qr_text, author=data.staff_name, subject=subject,
        keywords=(title, number, data.product.name_zh))


def _one_page(target: str | os.PathLike[str] | BinaryIO, info: page.DocumentInfo,
              story: Callable[[], list[Flowable]], what: str) -> int:
    """Build into memory; write to ``target`` only when it is one page (else ValueError)."""
    buffer = io.BytesIO()
    try:
        pages = page.build_pdf(buffer, info, story())
    except LayoutError:  # a single cell taller than the page
        pages = 0
    if pages != 1:
        raise ValueError(f"the {what} does not fit on one page (names too long?)")
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_bytes(buffer.getvalue())
    else:
        target.write(buffer.getvalue())
    return 1


def build_application_form(target: str | os.PathLike[str] | BinaryIO, data: InsuranceDocData,
                           qr_text: str) -> int:
    """Write the 投保单 PDF to ``target`` (a path or a binary file); the page count (1–2).

    ``qr_text`` must be signed with kind :data:`KIND_APPLICATION` over
    :func:`application_content` for this ``doc_id``, station and date (``ValueError``
    otherwise).  Raises :class:`~station_app.documents.fonts.FontNotFound` when no Chinese
    font exists.
    """
    _check_qr(data, qr_text, KIND_APPLICATION, application_content(data), "application_content")
    info = _info(data, qr_text, TITLE_APPLICATION, f"投保单 {data.application_no}",
                 data.application_no)
    return page.build_pdf(target, info, _application_story(data))


def build_policy_certificate(target: str | os.PathLike[str] | BinaryIO, data: InsuranceDocData,
                             qr_text: str) -> int:
    """Write the one-page 保险凭证 to ``target``; returns 1.

    ``data.policy_no`` must be set; ``qr_text`` is signed with kind :data:`KIND_POLICY` over
    :func:`policy_content`.  ``ValueError`` if the page would overflow (nothing is written).
    """
    _check_qr(data, qr_text, KIND_POLICY, policy_content(data), "policy_content")
    info = _info(data, qr_text, TITLE_POLICY, f"保险凭证 {data.policy_no}", data.policy_no)
    return _one_page(target, info, lambda: _policy_story(data), "policy certificate")


def build_claim_notice(target: str | os.PathLike[str] | BinaryIO, data: ClaimNoticeData,
                       qr_text: str) -> int:
    """Write the one-page 理赔通知书 to ``target``; returns 1.

    ``qr_text`` is signed with kind :data:`KIND_CLAIM` over :func:`claim_content`.
    ``ValueError`` if the page would overflow (nothing is written).
    """
    _check_qr(data, qr_text, KIND_CLAIM, claim_content(data), "claim_content")
    info = _info(data, qr_text, TITLE_CLAIM, f"理赔通知书 {data.policy_no}",
                 data.claim_no or data.policy_no)
    return _one_page(target, info, lambda: _claim_story(data), "claim notice")

"""Loan documents: the contract (借款合同), the repayment schedule and the plain summary.

Three signed PDFs are made for one loan from the same :class:`LoanContractData`:

1. **借款合同** (:func:`build_contract`, about three A4 pages for a 12-month loan).  A written
   contract as PRC Civil Code art. 668 asks: "借款合同的内容一般包括借款种类、币种、用途、
   数额、利率、期限和还款方式等条款".  In order: the contract number and the parties
   (lender = the bank branch, borrower = farmer with masked resident ID and village,
   guarantor, the service station as 服务机构/经办), then the articles – 借款种类、币种和
   用途; 借款金额 in figures (``¥50,000.00``) and in Chinese capitals; 借款期限;
   利率、费用和年化利率 (the nominal rate *and* the annualized rate by the IRR method
   including every fee, boxed so it stands out, as PBoC Announcement [2021] No. 3 asks);
   还款方式 (with early repayment: allowed, interest only for the days used); the full
   还款计划 table with a totals row; 担保; 保险赔款转让; 逾期和违约责任; 争议解决
   (the court where the lender is); 其他; the borrower's confirmation and the signature
   lines (borrower, lender, guarantor if any, station staff) with date blanks.
2. **还款计划表** (:func:`build_schedule_document`): the key facts and the same table.
3. **贷款明白纸** (:func:`build_summary`): ONE page in short, plain Chinese and large type
   for older farmers – how much is borrowed, how much is paid back in all, the interest in
   yuan, when each payment is due (every date for up to 6 payments, otherwise the first and
   last with the monthly amount), what happens when a payment is late, that early repayment
   is allowed and interest is only charged for the days used, and whom to call.

The default clause follows the loan rules of version 1 (docs/loans.md §7): no penalty
interest (罚息), no compound interest and no prepayment fee – overdue money keeps bearing
the contract rate until it is repaid.

Every page carries the signed QR of its document.  All three sign the same key content,
:func:`contract_content`; they differ in the document kind (:data:`KIND_CONTRACT`,
:data:`KIND_SCHEDULE`, :data:`KIND_SUMMARY`)::

    content = contract_content(data)
    qr_text = sign_document(key, doc_id=data.doc_id, kind=KIND_CONTRACT,
                            station_id=data.station_code, issued_on=data.issued_on,
                            content=content)
    pages = build_contract(path, data, qr_text)

A builder refuses (``ValueError``) a QR text made for another document: another id,
station, date, kind or content.  Money is exact throughout (``Decimal``, two places); user
text is escaped, so names with ``<`` or ``&`` print as typed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

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
from station_app.domain.loans import (
    BULLET,
    EQUAL_INSTALLMENT,
    EQUAL_PRINCIPAL,
    KIND_LABELS,
    KINDS,
    METHOD_LABELS,
    METHODS,
    MONTHLY_INTEREST,
    Installment,
    add_months,
)
from station_app.domain.money import to_chinese_capital

__all__ = [
    "KIND_CONTRACT",
    "KIND_SCHEDULE",
    "KIND_SUMMARY",
    "SUMMARY_LIST_ALL_UP_TO",
    "TITLE_CONTRACT",
    "TITLE_SCHEDULE",
    "TITLE_SUMMARY",
    "LoanContractData",
    "build_contract",
    "build_schedule_document",
    "build_summary",
    "contract_content",
]

KIND_CONTRACT = "LOAN-CONTRACT"
KIND_SCHEDULE = "LOAN-SCHEDULE"
KIND_SUMMARY = "LOAN-SUMMARY"
TITLE_CONTRACT = "借款合同"
TITLE_SCHEDULE = "还款计划表"
TITLE_SUMMARY = "贷款明白纸"
SUMMARY_LIST_ALL_UP_TO = 6
"""The summary lists every payment up to this many; longer schedules get first/last."""

_QR_ID = re.compile(r"[A-Za-z0-9-]{1,40}")
_UNMASKED_ID = re.compile(r"[0-9]{15,}")
_ZERO = Decimal("0.00")
_FRAME_PADDING = 6  # platypus frames keep 6 pt inside the page margins
_CONTENT_WIDTH = page.PageLayout().content_width - 2 * _FRAME_PADDING

#: How each repayment method works, one sentence for the contract.
_METHOD_RULES: dict[str, str] = {
    EQUAL_INSTALLMENT: "每月还款额相同（最后一期因分位取整可能相差几分钱），每期先还当期利息，"
                       "其余归还本金",
    EQUAL_PRINCIPAL: "每月归还相同金额的本金（最后一期归还剩余本金），利息按尚未归还的本金计算，"
                     "每月还款额逐月减少",
    MONTHLY_INTEREST: "每月只支付利息，本金在到期日一次归还",
    BULLET: "到期日一次归还全部本金和利息",
}


# --------------------------------------------------------------------------- data

def _exact_money(value: object, name: str, *, allow_zero: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal (yuan), not {type(value).__name__}")
    if not value.is_finite() or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'at least' if allow_zero else 'more than'} 0: "
                         f"{value}")
    if value != value.quantize(_CENT):
        raise ValueError(f"{name} may have at most two decimals (fen): {value}")
    return value.quantize(_CENT)


def _fraction(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal fraction, not {type(value).__name__}")
    if not value.is_finite() or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a fraction from 0 to 1 (0.048 is 4.80 %): {value}")
    return value


@dataclass(frozen=True)
class LoanContractData:
    """Everything the three loan documents print.

    Money is ``Decimal`` yuan with at most two decimals (``float`` is refused); rates are
    ``Decimal`` fractions (``Decimal("0.048")`` is 4.80 % a year).  ``annualized_rate`` is
    the IRR rate including ``fees`` (:func:`station_app.domain.loans.annualized_rate`).
    ``schedule`` is the loan's :func:`~station_app.domain.loans.build_schedule` (a list is
    accepted and kept as a tuple): its principal must add up to ``amount``, its last due
    date must be ``maturity`` and ``maturity`` must be ``start`` + ``term_months``.

    ``doc_id`` and ``station_code`` go into the QR: 1–40 characters ``A–Z 0–9 -`` (lower
    case is accepted).  ``resident_id_masked`` must be masked (``610326********0036``; empty
    when none is recorded).  ``guarantor`` is the guaranteeing cooperative (``""`` = none),
    ``insurance_policy_no`` the weather-index policy whose payouts are assigned to the loan
    (``""`` = none), ``orders_note`` the repayment source of an order loan (``""`` = none),
    ``station_phone`` may be ``""``.
    """

    contract_no: str
    doc_id: str
    issued_on: dt.date
    station_name: str
    station_code: str
    station_phone: str
    lender_name: str
    farmer_name: str
    resident_id_masked: str
    village: str
    product_name: str
    product_kind: str
    purpose: str
    amount: Decimal
    annual_rate: Decimal
    annualized_rate: Decimal
    fees: Decimal
    method: str
    term_months: int
    start: dt.date
    maturity: dt.date
    schedule: tuple[Installment, ...]
    guarantor: str = ""
    insurance_policy_no: str = ""
    staff_name: str = ""
    orders_note: str = ""

    def __post_init__(self) -> None:
        for name in ("doc_id", "station_code"):
            value = getattr(self, name)
            if not isinstance(value, str) or not _QR_ID.fullmatch(value):
                raise ValueError(f"{name} must be 1–40 characters A–Z, 0–9 or '-': {value!r}")
        for name in ("contract_no", "station_name", "lender_name", "farmer_name",
                     "product_name", "purpose"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{name} must be non-empty text")
        for name in ("station_phone", "resident_id_masked", "village", "guarantor",
                     "insurance_policy_no", "staff_name", "orders_note"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"{name} must be a str ('' when there is none)")
        masked = self.resident_id_masked
        if masked and ("*" not in masked or _UNMASKED_ID.search(masked)):
            raise ValueError("resident_id_masked must be masked (e.g. 610326********0036), "
                             "never the full number")
        for name in ("issued_on", "start", "maturity"):
            value = getattr(self, name)
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise TypeError(f"{name} must be a date")
        if self.product_kind not in KINDS:
            raise ValueError(f"product_kind must be one of {', '.join(KINDS)}: "
                             f"{self.product_kind!r}")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}: {self.method!r}")
        if isinstance(self.term_months, bool) or not isinstance(self.term_months, int) \
                or self.term_months < 1:
            raise ValueError(f"term_months must be a whole number ≥ 1: {self.term_months!r}")
        amount = _exact_money(self.amount, "amount", allow_zero=False)
        fees = _exact_money(self.fees, "fees", allow_zero=True)
        if fees >= amount:
            raise ValueError(f"fees ({fees}) must be less than the amount ({amount})")
        _fraction(self.annual_rate, "annual_rate")
        _fraction(self.annualized_rate, "annualized_rate")
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "fees", fees)
        rows = tuple(self.schedule)
        object.__setattr__(self, "schedule", rows)
        if not rows or not all(isinstance(r, Installment) for r in rows):
            raise ValueError("schedule must be a non-empty sequence of Installment")
        if sum((r.principal for r in rows), _ZERO) != amount:
            raise ValueError("the principal of the schedule does not add up to the amount")
        if any(r.total != r.principal + r.interest for r in rows):
            raise ValueError("an installment's total is not its principal plus its interest")
        dues = [r.due_date for r in rows]
        if dues != sorted(dues) or dues[0] <= self.start:
            raise ValueError("the due dates must follow the start date in order")
        if dues[-1] != self.maturity:
            raise ValueError(f"the last due date {dues[-1]} is not the maturity {self.maturity}")
        if add_months(self.start, self.term_months) != self.maturity:
            raise ValueError(f"the maturity {self.maturity} is not {self.term_months} months "
                             f"after the start {self.start}")

    # ------------------------------------------------------------------ derived figures

    @property
    def total_interest(self) -> Decimal:
        """The interest of the whole schedule (yuan)."""
        return sum((r.interest for r in self.schedule), _ZERO)

    @property
    def total_repayment(self) -> Decimal:
        """Principal plus interest of the whole schedule (yuan); fees are not in it."""
        return sum((r.total for r in self.schedule), _ZERO)

    @property
    def method_label(self) -> str:
        """The repayment method in Chinese (等额本息, …)."""
        return str(METHOD_LABELS[self.method])

    @property
    def kind_label(self) -> str:
        """The loan type: the product name, with the kind in brackets when it differs."""
        kind = str(KIND_LABELS[self.product_kind])
        return self.product_name if kind in self.product_name else \
            f"{self.product_name}（{kind}）"


def _percent(rate: Decimal) -> str:
    """A fraction as percent without the sign: ``0.048`` → ``4.80`` (more places if needed)."""
    value = rate * 100
    two = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"{two:.2f}" if two == value else format(value.normalize(), "f")


def _schedule_digest(rows: tuple[Installment, ...]) -> str:
    """128-bit hex fingerprint of every row (dates ISO, money with two decimals)."""
    table = [[r.due_date.isoformat(), _plain(r.principal), _plain(r.interest), _plain(r.total),
              _plain(r.balance)] for r in rows]
    return hashlib.sha256(canonical_json({"schedule": table})).hexdigest()[:32]


def contract_content(data: LoanContractData) -> dict[str, Any]:
    """The key facts the QR's digest covers – the same for all three documents.

    ``contract_no``, ``doc_id`` (upper case), ``lender_name``, ``farmer_name``,
    ``resident_id_tail`` (last four characters of the masked ID), ``amount``, ``fees`` and
    ``total_repayment`` (yuan with two decimals, ``"50000.00"``), ``annual_rate`` and
    ``annualized_rate`` (percent as printed, ``"4.80"``), ``term_months``, ``start`` and
    ``maturity`` (ISO dates), ``method``, ``installments`` (count), ``schedule_digest``
    (128-bit hex of every row of the schedule), ``guarantor`` and ``insurance_policy_no``.
    Every item can be read off the printed contract (or rebuilt from the stored loan).
    """
    return {
        "contract_no": data.contract_no,
        "doc_id": data.doc_id.upper(),
        "lender_name": data.lender_name,
        "farmer_name": data.farmer_name,
        "resident_id_tail": _id_tail(data.resident_id_masked),
        "amount": _plain(data.amount),
        "fees": _plain(data.fees),
        "total_repayment": _plain(data.total_repayment),
        "annual_rate": _percent(data.annual_rate),
        "annualized_rate": _percent(data.annualized_rate),
        "term_months": data.term_months,
        "start": data.start.isoformat(),
        "maturity": data.maturity.isoformat(),
        "method": data.method,
        "installments": len(data.schedule),
        "schedule_digest": _schedule_digest(data.schedule),
        "guarantor": data.guarantor,
        "insurance_policy_no": data.insurance_policy_no,
    }


# --------------------------------------------------------------------------- styles

@dataclass(frozen=True)
class _Styles:
    """Paragraph styles of one document; ``scale`` shrinks the summary when it must."""

    font: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    article: ParagraphStyle
    body: ParagraphStyle
    clause: ParagraphStyle
    note: ParagraphStyle
    box_label: ParagraphStyle
    box_value: ParagraphStyle
    sign: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_right: ParagraphStyle
    # the summary (large type)
    big_title: ParagraphStyle
    lead: ParagraphStyle
    question: ParagraphStyle
    answer: ParagraphStyle
    answer_right: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle
    capital: ParagraphStyle


@lru_cache(maxsize=8)
def _make_styles(font: str, scale: float = 1.0) -> _Styles:
    def style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
        return page.cjk_style(f"Loan{name}{scale}", font, size, leading, **extra)

    def big(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
        return style(name, size * scale, leading * scale, **extra)

    return _Styles(
        font=font,
        title=style("Title", 20, 26, alignment=TA_CENTER, spaceAfter=1 * mm),
        subtitle=style("Subtitle", 10.5, 15, alignment=TA_CENTER, spaceAfter=3 * mm),
        article=style("Article", 11.5, 16, spaceBefore=2.6 * mm, spaceAfter=0.8 * mm,
                      keepWithNext=1),
        body=style("Body", 10.5, 16, spaceAfter=0.6 * mm),
        clause=style("Clause", 10.5, 16, leftIndent=3 * 10.5 + 1, bulletIndent=0,
                     spaceAfter=0.4 * mm),
        note=style("Note", 9.5, 14, spaceBefore=1.2 * mm),
        box_label=style("BoxLabel", 10.5, 14, alignment=TA_CENTER),
        box_value=style("BoxValue", 14, 18, alignment=TA_CENTER),
        sign=style("Sign", 10.5, 15),
        cell=style("Cell", 9.5, 13, alignment=TA_LEFT),
        cell_head=style("CellHead", 9.5, 13, alignment=TA_CENTER),
        cell_right=style("CellRight", 9.5, 13, alignment=TA_RIGHT),
        big_title=big("BigTitle", 26, 32, alignment=TA_CENTER, spaceAfter=1.5 * mm),
        lead=big("Lead", 14, 20, spaceAfter=2 * mm),
        question=big("Question", 15, 20),
        answer=big("Answer", 14, 20),
        answer_right=big("AnswerRight", 14, 20, alignment=TA_RIGHT),
        figure=big("Figure", 21, 26, alignment=TA_RIGHT),
        figure_label=big("FigureLabel", 15, 20),
        capital=big("Capital", 14, 18, alignment=TA_RIGHT),
    )


def _styles(scale: float = 1.0) -> _Styles:
    return _make_styles(pdf_font_name(), scale)


def _clause(text: object, style: ParagraphStyle, number: int) -> Paragraph:
    numerals = "一二三四五六七八九十"
    return Paragraph(_m(text), style, bulletText=f"（{numerals[number - 1]}）")


# --------------------------------------------------------------------------- shared pieces

def _due_day_text(data: LoanContractData) -> str:
    """When the payments fall due, in words."""
    if data.method == BULLET or len(data.schedule) == 1:
        return f"还款日为 {_date(data.maturity)}"
    day = data.start.day
    short = "（没有这一天的月份为该月最后一天）" if day > 28 else ""
    return f"每月 {day} 日为还款日{short}，第一期 {_date(data.schedule[0].due_date)}，" \
           f"最后一期 {_date(data.maturity)}"


def _interest_basis(data: LoanContractData) -> str:
    if data.method == BULLET:
        return "利息按实际天数计算，日利率=年利率÷360"
    return "利息按月计算，月利率=年利率÷12"


def _schedule_table(data: LoanContractData) -> Table:
    """期次, 还款日, 本金, 利息, 本息合计, 剩余本金 and a totals row (header repeats)."""
    centred = page.styles().table_header
    rows: list[list[object]] = [
        [Paragraph(str(n), centred), r.due_date.isoformat(), _money(r.principal), _money(r.interest),
         _money(r.total), _money(r.balance)]
        for n, r in enumerate(data.schedule, start=1)]
    rows.append([Paragraph("合计", centred), "", _money(data.amount), _money(data.total_interest),
                 _money(data.total_repayment), ""])
    table = page.simple_table(
        ["期次", "还款日", "本金（元）", "利息（元）", "本息合计（元）", "剩余本金（元）"], rows,
        weights=[0.7, 1.45, 1.45, 1.25, 1.5, 1.5], align_right=[2, 3, 4, 5],
        width=_CONTENT_WIDTH)
    table.setStyle(TableStyle([
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("SPAN", (0, -1), (1, -1)),
        ("BACKGROUND", (0, -1), (-1, -1), page.HEADER_FILL),
        ("LINEABOVE", (0, -1), (-1, -1), 1.0, page.GRID_GREY),
    ]))
    return table


def _rates_box(data: LoanContractData, s: _Styles) -> Table:
    """The nominal and the annualized rate side by side, the latter framed heavily."""
    width = _CONTENT_WIDTH
    rows = [
        [_p("借款年利率（单利）", s.box_label), _p("年化利率（IRR 法，含全部费用）", s.box_label),
         _p("费用合计", s.box_label)],
        [_p(f"{_percent(data.annual_rate)}%", s.box_value),
         _p(f"{_percent(data.annualized_rate)}%", s.box_value),
         _p(_figure(data.fees), s.box_value)],
    ]
    return Table(rows, colWidths=[width * 0.3, width * 0.4, width * 0.3], hAlign="CENTER",
                 style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), s.font),
                     ("GRID", (0, 0), (-1, -1), 0.5, page.GRID_GREY),
                     ("BOX", (1, 0), (1, -1), 1.6, page.TEXT_GREY),
                     ("BACKGROUND", (0, 0), (-1, 0), page.HEADER_FILL),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("TOPPADDING", (0, 0), (-1, -1), 3),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                 ]))


def _fees_text(data: LoanContractData) -> str:
    if data.fees == 0:
        return "贷款人不收取手续费、服务费、管理费等任何费用。"
    return (f"借款人在放款时一次性支付费用人民币{to_chinese_capital(data.fees)}"
            f"（{_figure(data.fees)}），除此以外不收取任何其他费用。")


# --------------------------------------------------------------------------- the contract

def _parties(data: LoanContractData) -> Table:
    pairs = [
        ("贷款人（甲方）", data.lender_name),
        ("借款人（乙方）", data.farmer_name),
        ("身份证号", data.resident_id_masked or "未登记"),
        ("村组", data.village or "未登记"),
        ("保证人（丙方）", data.guarantor or "无"),
        ("服务机构", data.station_name),
        ("联系电话", data.station_phone or "无"),
        ("经办人", data.staff_name or "—"),
    ]
    return page.key_value_table(pairs, columns=2, width=_CONTENT_WIDTH)


def _signatures(data: LoanContractData, s: _Styles) -> Table:
    """One row a party: who (and the name), the signature blank, the date blank."""
    date_blank = "____年___月___日"
    parties = [(f"借款人：{data.farmer_name}", "签字并按手印：________"),
               (f"贷款人（盖章）：{data.lender_name}", "授权代理人签字：______")]
    if data.guarantor:
        parties.append((f"保证人（盖章）：{data.guarantor}", "授权代理人签字：______"))
    staff = f"服务站经办人：{data.staff_name}" if data.staff_name else "服务站经办人"
    parties.append((f"{staff}（{data.station_name}）", "签字：________________"))
    rows = [[_p(who, s.sign), _p(blank, s.sign), _p(date_blank, s.sign)]
            for who, blank in parties]
    width = _CONTENT_WIDTH
    return Table(rows, colWidths=[width * 0.5, width * 0.3, width * 0.2],
                 hAlign="CENTER", style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), s.font),
                     ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 2),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                     ("TOPPADDING", (0, 0), (-1, -1), 12),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                     ("LINEBELOW", (0, 0), (-1, -2), 0.3, page.GRID_GREY),
                 ]))


def _contract_story(data: LoanContractData) -> list[Flowable]:
    """The flowables of the contract (fresh each call: platypus consumes them)."""
    s = _styles()
    capital = to_chinese_capital(data.amount)
    story: list[Flowable] = [
        _p(TITLE_CONTRACT, s.title),
        _p(f"合同编号：{data.contract_no}", s.subtitle),
        _parties(data),
        Spacer(1, 2.5 * mm),
        _p("借款人因生产经营需要向贷款人申请借款。各方依据《中华人民共和国民法典》等法律法规，"
           f"在平等、自愿的基础上协商一致，订立本合同，共同遵守。本合同由服务机构{data.station_name}"
           "经办。", s.body),
    ]

    def article(number: str, heading: str, *clauses: str) -> None:
        story.append(_p(f"第{number}条　{heading}", s.article))
        if len(clauses) == 1:
            story.append(_p(clauses[0], s.body))
        else:
            story.extend(_clause(text, s.clause, n) for n, text in enumerate(clauses, start=1))

    uses = [f"借款种类：{data.kind_label}。", "币种：人民币。",
            f"借款用途：{data.purpose}。借款人应按约定用途使用借款，不得挪作他用，不得用于购房、"
            "证券投资、赌博或其他违法活动。"]
    if data.orders_note:
        uses.append(f"还款来源：{data.orders_note}。")
    article("一", "借款种类、币种和用途", *uses)
    article("二", "借款金额（数额）",
            f"借款金额为人民币（大写）{capital}，（小写）{_figure(data.amount)}。")
    article("三", "借款期限",
            f"借款期限为 {data.term_months} 个月，自 {_date(data.start)} 起至 "
            f"{_date(data.maturity)}（到期日）止。")
    story.append(_p("第四条　利率、费用和年化利率", s.article))
    story.append(_clause(f"借款年利率为 {_percent(data.annual_rate)}%（单利），借款期限内固定不变；"
                         f"{_interest_basis(data)}。", s.clause, 1))
    story.append(_clause(f"费用：{_fees_text(data)}", s.clause, 2))
    story.append(_clause(f"按中国人民银行公告〔2021〕第3号的要求，将利息和全部费用折算，按内部"
                         f"收益率（IRR）法计算的年化利率为 {_percent(data.annualized_rate)}%。",
                         s.clause, 3))
    story.append(_rates_box(data, s))
    story.append(Spacer(1, 1.2 * mm))
    story.append(_clause(f"按还款计划，借款人应付利息合计 {_figure(data.total_interest)}，本息合计 "
                         f"{_figure(data.total_repayment)}。", s.clause, 4))
    article("五", "还款方式",
            f"还款方式：{data.method_label}，即{_METHOD_RULES[data.method]}。",
            f"{_due_day_text(data)}。借款人应在每期还款日（含当日）前足额还款。",
            "提前还款：借款人可以随时提前归还全部或部分借款，不收提前还款违约金；提前还清全部借款的，"
            "当期利息只按实际使用的天数计算，以后各期的利息不再收取。")
    story.append(_p("第六条　还款计划", s.article))
    story.append(_p(f"各期还款日和金额如下（共 {len(data.schedule)} 期，单位：元）：", s.body))
    story.append(_schedule_table(data))
    if data.guarantor:
        article("七", "担保",
                f"本借款由{data.guarantor}（保证人）提供连带责任保证，保证范围为本合同项下的借款本金、"
                "利息和实现债权的合理费用；保证期间等事项以保证人与贷款人另行签订的保证合同为准。"
                "借款人未按期还款的，贷款人有权要求保证人代为清偿。")
    else:
        article("七", "担保", "担保：无。本借款为信用借款，不设保证人，也不设抵押或质押。")
    if data.insurance_policy_no:
        article("八", "保险赔款转让",
                f"借款人已投保气象指数保险（保单号：{data.insurance_policy_no}）。借款人同意：该保单"
                "发生赔付时，赔款首先用于归还本合同项下借款的本金和利息，剩余部分归借款人所有；借款人"
                "授权保险公司将赔款直接支付给贷款人，并配合办理有关手续。")
    else:
        article("八", "保险赔款转让", "本借款未指定保险保单作为还款保障，借款人无需转让任何保险赔款。")
    remedy = "，并要求保证人承担保证责任" if data.guarantor else ""
    article("九", "逾期和违约责任",
            "借款人未按期足额还款的，即为逾期。逾期的本金自逾期之日起继续按本合同借款年利率计收利息，"
            "直至还清；本合同不收取罚息和复利。",
            "借款人逾期、改变借款用途或提供虚假材料的，贷款人有权要求借款人限期纠正，并可宣布借款"
            f"提前到期、要求立即归还全部本息{remedy}。",
            "借款和还款信息按规定报送金融信用信息基础数据库，逾期记录会影响借款人今后贷款。",
            "借款人还款有困难的，应在还款日前告知服务站或贷款人，协商解决办法。")
    article("十", "争议解决",
            "因本合同发生的争议，由各方协商解决；协商不成的，任何一方均可向贷款人所在地人民法院起诉。")
    copies = "四" if data.guarantor else "三"
    holders = "贷款人、借款人、保证人" if data.guarantor else "贷款人、借款人"
    article("十一", "其他",
            f"本合同自各方签字或盖章之日起生效，至借款本息全部还清之日终止。本合同一式{copies}份，"
            f"{holders}各执一份，服务站留存一份，具有同等效力。",
            "服务站受贷款人委托，协助办理借款申请、签约和还款提醒，不是本合同的贷款人，不承担还款"
            "责任。",
            "本合同每页右下角印有防伪二维码，可在服务站扫码核验合同内容是否与签发时一致。")
    points = ["借款金额", "利率", "年化利率", "费用", "还款计划", "提前还款", "逾期后果"]
    if data.guarantor:
        points.append("担保")
    if data.insurance_policy_no:
        points.append("保险赔款转让")
    story.append(KeepTogether([
        _p("借款人声明", s.article),
        _p("本人已认真阅读本合同全部条款。贷款人和服务站工作人员已向本人说明"
           f"{'、'.join(points)}等内容，本人理解并同意按本合同约定按期还款。", s.body),
        _p("请借款人抄写：“本人已阅读并理解本合同全部条款。”", s.body),
        _p("____________________________________________________________", s.body),
        _p("签字（盖章）", s.article),
        _signatures(data, s),
    ]))
    return story


# --------------------------------------------------------------------------- the schedule

def _facts(data: LoanContractData) -> Table:
    pairs = [
        ("合同编号", data.contract_no),
        ("借款人", data.farmer_name),
        ("身份证号", data.resident_id_masked or "未登记"),
        ("村组", data.village or "未登记"),
        ("借款种类", data.kind_label),
        ("贷款人", data.lender_name),
        ("借款金额", f"{_figure(data.amount)}\n大写：{to_chinese_capital(data.amount)}"),
        ("还款方式", data.method_label),
        ("借款年利率", f"{_percent(data.annual_rate)}%（单利）"),
        ("年化利率", f"{_percent(data.annualized_rate)}%（IRR 法，含全部费用）"),
        ("借款期限", f"{data.term_months} 个月"),
        ("起止日期", f"{data.start.isoformat()} 至 {data.maturity.isoformat()}"),
        ("利息合计", _figure(data.total_interest)),
        ("本息合计", _figure(data.total_repayment)),
        ("费用合计", _figure(data.fees)),
        ("服务站电话", data.station_phone or "无"),
        ("保证人", data.guarantor or "无"),
        ("保险保单", data.insurance_policy_no or "无"),
    ]
    return page.key_value_table(pairs, columns=2, width=_CONTENT_WIDTH)


def _schedule_story(data: LoanContractData) -> list[Flowable]:
    s = _styles()
    return [
        _p(TITLE_SCHEDULE, s.title),
        _p(f"《借款合同》编号：{data.contract_no}", s.subtitle),
        _facts(data),
        _p("还款计划", s.article),
        _p(f"{_due_day_text(data)}。共 {len(data.schedule)} 期，单位：元。", s.body),
        _schedule_table(data),
        _p("说明：1. 在还款日当天（含）之前还款都不算逾期。2. 可以提前还款，不收违约金，提前还清时"
           "当期利息只按实际使用的天数计算。3. 本表是上述《借款合同》的组成部分，与合同不一致时以合同"
           "为准。", s.note),
    ]


# --------------------------------------------------------------------------- the summary

@dataclass(frozen=True)
class _SummaryLayout:
    scale: float
    list_all_up_to: int


_SUMMARY_LAYOUTS = (_SummaryLayout(1.0, SUMMARY_LIST_ALL_UP_TO), _SummaryLayout(0.93, 1))


def _yuan(amount: Decimal) -> str:
    return f"{_money(amount)} 元"


def _key_figures(data: LoanContractData, s: _Styles) -> Table:
    interest_label = "其中利息" if data.fees == 0 else "其中利息（另付费用）"
    rows = [
        [_p("您借的钱", s.figure_label), _p(_yuan(data.amount), s.figure)],
        ["", _p(f"（{to_chinese_capital(data.amount)}）", s.capital)],
        [_p("一共要还", s.figure_label), _p(_yuan(data.total_repayment), s.figure)],
        [_p(interest_label, s.figure_label), _p(_yuan(data.total_interest), s.figure)],
    ]
    if data.fees:
        rows.append([_p("费用（放款时交）", s.figure_label), _p(_yuan(data.fees), s.figure)])
    width = _CONTENT_WIDTH
    return Table(rows, colWidths=[width * 0.42, width * 0.58], hAlign="CENTER",
                 style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), s.font),
                     ("BOX", (0, 0), (-1, -1), 1.4, page.TEXT_GREY),
                     ("LINEBELOW", (0, 1), (-1, -2), 0.5, page.GRID_GREY),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 10),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                     ("TOPPADDING", (0, 0), (-1, -1), 2),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                     ("TOPPADDING", (0, 1), (-1, 1), 0),
                     ("BACKGROUND", (0, 0), (-1, 1), page.ZEBRA_FILL),
                 ]))


def _payment_list(rows: list[tuple[str, str, str]], s: _Styles, width: float) -> Table:
    """A borderless list of payments, one a line: (which, date, amount)."""
    grid = [[_p(which, s.answer), _p(day, s.answer), _p(amount, s.answer_right)]
            for which, day, amount in rows]
    return Table(grid, colWidths=[width * 0.2, width * 0.42, width * 0.3], hAlign="LEFT",
                 style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), s.font),
                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                     ("TOPPADDING", (0, 0), (-1, -1), 0),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ]))


def _when(data: LoanContractData, s: _Styles, list_all_up_to: int, width: float
          ) -> list[Flowable]:
    """When to pay: every date and amount for a short schedule, else first/last and how much."""
    rows = data.schedule
    if len(rows) == 1:
        return [_p(f"{_date(rows[0].due_date)} 一次还清，共 {_yuan(rows[0].total)}。", s.answer)]
    day = data.start.day
    when = f"每月 {day} 日" + ("（没有这一天就在月底）" if day > 28 else "")
    head = _p(f"{when}还，共 {len(rows)} 次：", s.answer)
    if len(rows) <= list_all_up_to:
        listed = [(f"第 {n} 次", _date(r.due_date), _yuan(r.total))
                  for n, r in enumerate(rows, start=1)]
        return [head, _payment_list(listed, s, width)]
    first, last = rows[0], rows[-1]
    listed = [("第一次", _date(first.due_date), _yuan(first.total)),
              ("最后一次", _date(last.due_date), _yuan(last.total))]
    if data.method == EQUAL_INSTALLMENT:
        middle = f"中间每次还 {_yuan(rows[1].total)}。"
    elif data.method == EQUAL_PRINCIPAL:
        middle = "中间每次都比上一次少还一点。"
    else:  # monthly interest: the middle payments are the interest only
        middle = f"中间每次只还利息 {_yuan(rows[1].total)}，最后一次连本金一起还。"
    return [head, _payment_list(listed, s, width), _p(middle, s.answer),
            _p("每次还多少，见《还款计划表》。", s.answer)]


def _summary_story(data: LoanContractData, layout: _SummaryLayout) -> list[Flowable]:
    s = _styles(layout.scale)
    width = _CONTENT_WIDTH
    q_width = width * 0.24
    a_width = width - q_width - 12
    phone = data.station_phone or "（请到服务站）"
    late = "晚还了，会一直按原来的利率多算利息，还会记进个人信用记录，以后不好贷款。"
    if data.guarantor:
        late += f"担保的{data.guarantor}也要替您还。"
    late += "有困难请在还款日前告诉服务站。"
    qa: list[tuple[str, list[Flowable]]] = [
        ("什么时候还", _when(data, s, layout.list_all_up_to, a_width)),
        ("利息怎么算", [_p(f"年利率 {_percent(data.annual_rate)}%。把利息和费用都算上，"
                          f"年化利率是 {_percent(data.annualized_rate)}%。", s.answer)]),
        ("晚还了会怎样", [_p(late, s.answer)]),
        ("能提前还吗", [_p("能。提前还不收违约金，利息只算您真正用钱的天数。", s.answer)]),
    ]
    if data.insurance_policy_no:
        qa.append(("保险", [_p("气象指数保险如果赔钱，赔款先用来还这笔贷款。", s.answer),
                            _p(f"保单号：{data.insurance_policy_no}", s.answer)]))
    qa.append(("有事找谁", [_p(f"{data.station_name}，电话 {phone}"
                               + (f"，{data.staff_name}" if data.staff_name else "") + "。",
                               s.answer)]))
    grid = [[_p(question, s.question), answer] for question, answer in qa]
    table = Table(grid, colWidths=[q_width, width - q_width], hAlign="CENTER",
                  style=TableStyle([
                      ("FONTNAME", (0, 0), (-1, -1), s.font),
                      ("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("LINEBELOW", (0, 0), (-1, -2), 0.5, page.GRID_GREY),
                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                      ("TOPPADDING", (0, 0), (-1, -1), 3 * layout.scale),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * layout.scale),
                  ]))
    lender = data.lender_name
    return [
        _p(TITLE_SUMMARY, s.big_title),
        _p(f"{data.farmer_name}，您好！您向{lender}借了一笔{data.product_name}。", s.lead),
        _key_figures(data, s),
        Spacer(1, 2 * mm * layout.scale),
        table,
        Spacer(1, 2 * mm * layout.scale),
        _p(f"这张纸只是说明，以《借款合同》（编号 {data.contract_no}）为准。", s.answer),
        _p("我已听明白：______________　日期：______年____月____日", s.answer),
    ]


# --------------------------------------------------------------------------- build

def _check_qr(data: LoanContractData, qr_text: str, kind: str) -> None:
    """The QR must belong to this document: same id, kind, station, date and content."""
    check_qr_matches(qr_text, doc_id=data.doc_id, kind=kind, station_code=data.station_code,
                     issued_on=data.issued_on, content=contract_content(data),
                     content_name="contract_content")


def _info(data: LoanContractData, qr_text: str, title: str, subject: str) -> page.DocumentInfo:
    return page.DocumentInfo(
        title=title, station_name=data.station_name, doc_id=data.doc_id.upper(),
        qr_text=qr_text, author=data.staff_name, subject=subject,
        keywords=(title, data.contract_no, data.product_name))


def build_contract(target: str | os.PathLike[str] | BinaryIO, data: LoanContractData,
                   qr_text: str) -> int:
    """Write the 借款合同 PDF to ``target`` (a path or a binary file); the page count.

    ``qr_text`` must be signed with kind :data:`KIND_CONTRACT` over
    :func:`contract_content` for this ``doc_id``, station and date (``ValueError``
    otherwise).  Raises :class:`~station_app.documents.fonts.FontNotFound` when no Chinese
    font exists.
    """
    _check_qr(data, qr_text, KIND_CONTRACT)
    info = _info(data, qr_text, TITLE_CONTRACT, f"借款合同 {data.contract_no}")
    return page.build_pdf(target, info, _contract_story(data))


def build_schedule_document(target: str | os.PathLike[str] | BinaryIO,
                            data: LoanContractData, qr_text: str) -> int:
    """Write the 还款计划表 PDF to ``target``; the page count.

    ``qr_text`` is signed with kind :data:`KIND_SCHEDULE` over :func:`contract_content`.
    """
    _check_qr(data, qr_text, KIND_SCHEDULE)
    info = _info(data, qr_text, TITLE_SCHEDULE, f"还款计划表 {data.contract_no}")
    return page.build_pdf(target, info, _schedule_story(data))


def build_summary(target: str | os.PathLike[str] | BinaryIO, data: LoanContractData,
                  qr_text: str) -> int:
    """Write the one-page 贷款明白纸 to ``target``; returns 1.

    ``qr_text`` is signed with kind :data:`KIND_SUMMARY` over :func:`contract_content`.
    The page is laid out in large type; should the text not fit (very long names), it is
    laid out once more slightly smaller and with a shorter payment list.  ``ValueError`` if
    even that takes more than one page – nothing is written then.
    """
    _check_qr(data, qr_text, KIND_SUMMARY)
    info = _info(data, qr_text, TITLE_SUMMARY, f"贷款明白纸 {data.contract_no}")
    for layout in _SUMMARY_LAYOUTS:
        buffer = io.BytesIO()
        if page.build_pdf(buffer, info, _summary_story(data, layout)) == 1:
            break
    else:
        raise ValueError("the loan summary does not fit on one page (names too long?)")
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_bytes(buffer.getvalue())
    else:
        target.write(buffer.getvalue())
    return 1

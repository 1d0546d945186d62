"""The farmer-facing credit report (信用报告): one or two A4 pages of plain Chinese.

Written for older farmers who read only Chinese: short sentences, no bank words where a plain
one will do, body text 12 pt (nothing below 11 pt except the page furniture).  In order:

1. the title "农村电商信用报告";
2. who: name, masked resident ID, village, station, report date, who printed it;
3. the score in big type, the grade and what it means in one sentence, and the suggested
   credit limit in figures and in Chinese capitals – or "暂不提供贷款额度";
4. "哪些做得好": the items at (or within :data:`GOOD_WITHIN` points of) their maximum;
5. "哪些拉低了分数" and "怎样提高": ``result.reasons`` (text, then advice) and the advice of
   ``result.limit_reasons`` (their texts are printed under the limit);
6. "每一项的得分": every variable with the farmer's value, points and maximum, grouped by
   dimension, with a total row – the points add up to the total by hand;
7. "用了哪些数据": ``data.data_sources``, the model (id and version) and when it was scored;
8. a note that the report is not a loan promise, and how to check it (the QR).

The signed QR (:func:`~station_app.documents.signing.sign_document` over
:func:`credit_report_content`) is printed on every page by the page template.  Use
:data:`KIND` as the document kind::

    content = credit_report_content(data)
    qr_text = sign_document(key, doc_id=data.doc_id, kind=KIND,
                            station_id=data.station_code, issued_on=data.issued_on,
                            content=content)
    pages = build_credit_report(path, data, qr_text)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from station_app.documents import page
from station_app.documents.fonts import pdf_font_name
from station_app.documents.page import markup as _m
from station_app.documents.page import para as _p
from station_app.documents.signing import check_qr_matches
from station_app.documents.wording import CENT as _CENT
from station_app.documents.wording import chinese_date as _date
from station_app.domain.money import to_chinese_capital
from station_app.domain.scoring import ScoreModel, ScoreResult, Variable

__all__ = [
    "GOOD_WITHIN",
    "KIND",
    "TITLE",
    "CreditReportData",
    "build_credit_report",
    "credit_report_content",
]

TITLE = "农村电商信用报告"
KIND = "CREDIT-REPORT"
GOOD_WITHIN = 3
"""An item counts as "做得好" when it is at most this many points below its maximum."""

_QR_ID = re.compile(r"[A-Za-z0-9-]{1,40}")
_UNMASKED_ID = re.compile(r"[0-9]{15,}")  # an 18- or 15-digit resident ID in clear
_FRAME_PADDING = 6  # platypus frames keep 6 pt inside the page margins

#: What a grade means, in one plain sentence (grades that are not declined).  A grade the
#: model adds later falls back to its own label; a declined grade always says
#: :data:`_DECLINED_SENTENCE`.
GRADE_SENTENCES: dict[str, str] = {
    "A": "信用很好。",
    "B": "信用好。",
    "C": "信用还可以。",
    "D": "信用一般，可以先申请小额贷款。",
}
_DECLINED_SENTENCE = "暂时不能贷款。"
_NO_LIMIT = "暂不提供贷款额度"


# --------------------------------------------------------------------------- data

@dataclass(frozen=True)
class CreditReportData:
    """Everything the report prints.  ``result`` must come from ``model``.

    ``doc_id`` and ``station_code`` go into the QR: 1–40 characters ``A–Z 0–9 -`` (lower
    case is accepted and upper-cased, as :func:`sign_document` does).  ``resident_id_masked``
    must be masked (``610326********0036``; empty when none is recorded): an unmasked
    number is refused.  ``scored_at`` is printed in the computer's local time; a naive
    value is taken as UTC (as the database stores it).  ``data_sources`` are
    ``(what, details)`` pairs, details with their dates.
    """

    doc_id: str
    issued_on: dt.date
    station_name: str
    station_code: str
    farmer_name: str
    resident_id_masked: str
    village: str
    result: ScoreResult
    model: ScoreModel
    scored_at: dt.datetime
    data_sources: tuple[tuple[str, str], ...]
    staff_name: str

    def __post_init__(self) -> None:
        for name in ("doc_id", "station_code"):
            value = getattr(self, name)
            if not isinstance(value, str) or not _QR_ID.fullmatch(value):
                raise ValueError(f"{name} must be 1–40 characters A–Z, 0–9 or '-': {value!r}")
        masked = self.resident_id_masked or ""
        if masked and ("*" not in masked or _UNMASKED_ID.search(masked)):
            raise ValueError("resident_id_masked must be masked (e.g. 610326********0036), "
                             "never the full number")
        if not isinstance(self.scored_at, dt.datetime):
            raise TypeError("scored_at must be a datetime")
        if not isinstance(self.issued_on, dt.date):
            raise TypeError("issued_on must be a date")
        r, m = self.result, self.model
        if (r.model_id, r.model_version, r.model_digest) != (m.id, m.version, m.digest):
            raise ValueError(f"the score was made with model {r.model_id} v{r.model_version}, "
                             f"not with the given model {m.id} v{m.version}")
        missing = [v.id for v in m.variables if v.id not in r.points]
        if missing:
            raise ValueError(f"the score has no points for {', '.join(missing)}")
        if sum(r.points[v.id] for v in m.variables) != r.total:
            raise ValueError("the points of the score do not add up to its total")
        for pair in self.data_sources:
            if len(pair) != 2:
                raise ValueError("data_sources must be (what, details) pairs")


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def _limit_text(limit: Decimal) -> str:
    return format(limit.quantize(_CENT), "f")


def credit_report_content(data: CreditReportData) -> dict[str, Any]:
    """The key content the QR's digest covers (pass it to ``sign_document`` / ``verify``).

    ``doc_id`` (upper case), ``farmer_name``, ``resident_id_masked``, ``total``, ``grade``,
    ``credit_limit`` (yuan with two decimals, e.g. ``"94200.00"``; ``"0.00"`` when
    declined), ``model_id``, ``model_version`` and ``scored_on`` (the UTC date of
    ``scored_at``, ISO).  All of it can be rebuilt from the stored score and farmer.
    """
    result = data.result
    return {
        "doc_id": data.doc_id.upper(),
        "farmer_name": data.farmer_name,
        "resident_id_masked": data.resident_id_masked,
        "total": result.total,
        "grade": result.grade,
        "credit_limit": _limit_text(result.credit_limit),
        "model_id": result.model_id,
        "model_version": result.model_version,
        "scored_on": _utc(data.scored_at).date().isoformat(),
    }


# --------------------------------------------------------------------------- styles

@dataclass(frozen=True)
class _Styles:
    font: str
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    item: ParagraphStyle
    note: ParagraphStyle
    after_table: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_right: ParagraphStyle
    score: ParagraphStyle
    grade: ParagraphStyle
    meaning: ParagraphStyle
    limit: ParagraphStyle
    capital: ParagraphStyle
    no_limit: ParagraphStyle


@lru_cache(maxsize=8)
def _make_styles(font: str) -> _Styles:
    def style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
        return page.cjk_style(f"CreditReport{name}", font, size, leading, **extra)

    return _Styles(
        font=font,
        title=style("Title", 22, 28, alignment=TA_CENTER, spaceAfter=3 * mm),
        heading=style("Heading", 15, 19, spaceBefore=3 * mm, spaceAfter=1 * mm,
                      keepWithNext=1),
        body=style("Body", 12, 17, spaceAfter=0.5 * mm),
        item=style("Item", 12, 17, leftIndent=6 * mm, bulletIndent=0.5 * mm,
                   spaceAfter=0.5 * mm),
        note=style("Note", 11, 16),
        after_table=style("AfterTable", 11, 16, spaceBefore=1.5 * mm),
        label=style("Label", 11, 14, alignment=TA_CENTER),
        cell=style("Cell", 11, 14, alignment=TA_LEFT),
        cell_head=style("CellHead", 11, 14, alignment=TA_CENTER),
        cell_right=style("CellRight", 11, 14, alignment=TA_RIGHT),
        score=style("Score", 44, 50, alignment=TA_CENTER),
        grade=style("Grade", 26, 32, alignment=TA_CENTER),
        meaning=style("Meaning", 13, 18, alignment=TA_CENTER),
        limit=style("Limit", 20, 28, alignment=TA_CENTER),
        capital=style("Capital", 12, 17, alignment=TA_CENTER),
        no_limit=style("NoLimit", 17, 24, alignment=TA_CENTER),
    )


def _styles() -> _Styles:
    return _make_styles(pdf_font_name())


def _item(text: object, style: ParagraphStyle, bullet: str) -> Paragraph:
    return Paragraph(_m(text), style, bulletText=bullet)


# --------------------------------------------------------------------------- wording

def _local_minutes(moment: dt.datetime) -> str:
    local = _utc(moment).astimezone()
    return f"{_date(local.date())} {local:%H:%M}"


def _value(variable: Variable, raw: Any) -> Any:
    """The normalized input (``result.inputs`` keeps Decimals as strings) for display."""
    if raw is None:
        return None
    if variable.kind == "numeric" and not isinstance(raw, Decimal):
        return Decimal(str(raw))
    return raw


def _shown(variable: Variable, raw: Any) -> str:
    value = _value(variable, raw)
    return "没有数据" if value is None else variable.format_value(value)


def _yuan(amount: Decimal) -> str:
    whole = amount == amount.to_integral_value()
    return f"{amount:,.0f} 元" if whole else f"{amount:,.2f} 元"


def _grade_sentence(data: CreditReportData) -> str:
    grade = data.model.grade(data.result.grade)
    if grade.declined:
        return _DECLINED_SENTENCE
    return GRADE_SENTENCES.get(grade.grade, f"信用等级：{grade.label_zh}。")


def _dimension_name(label: str) -> str:
    return label.removesuffix("维度") or label


# --------------------------------------------------------------------------- sections

def _who(data: CreditReportData, s: _Styles) -> Table:
    pairs = [
        ("姓名", data.farmer_name),
        ("身份证号", data.resident_id_masked or "未登记"),
        ("村组", data.village or "未登记"),
        ("服务站", data.station_name),
        ("报告日期", _date(data.issued_on)),
        ("经办人", data.staff_name),
    ]
    return page.key_value_table(
        [(_p(label, s.label), _p(value, s.cell)) for label, value in pairs], columns=2)


def _score_box(data: CreditReportData, s: _Styles) -> Table:
    result, model = data.result, data.model
    grade = model.grade(result.grade)
    score = Paragraph(f'{result.total}<font size="18"> 分</font>', s.score)
    grade_cell = [Paragraph(f'{_m(grade.grade)} 级<font size="14">（{_m(grade.label_zh)}）</font>',
                            s.grade),
                  _p(_grade_sentence(data), s.meaning)]
    limit = result.credit_limit
    if result.declined or limit <= 0:
        limit_cell: list[Flowable] = [_p(_NO_LIMIT, s.no_limit)]
    else:
        limit_cell = [_p(_yuan(limit), s.limit),
                      _p(f"大写：人民币{to_chinese_capital(limit)}", s.capital)]
    notes = [_p(f"分数越高越好：最低 {model.min_total} 分，最高 {model.max_total} 分。"
                f"等级从高到低是 {'、'.join(g.grade for g in model.grades)}。", s.note)]
    notes += [_p(r.text + "。", s.note) for r in result.limit_reasons]
    rows = [
        [_p("信用分", s.label), _p("信用等级", s.label), _p("建议贷款额度", s.label)],
        [score, grade_cell, limit_cell],
        [notes, "", ""],
    ]
    width = page.PageLayout().content_width
    return Table(rows, colWidths=[width * 0.28, width * 0.32, width * 0.40], hAlign="CENTER",
                 style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), s.font),
                     ("BOX", (0, 0), (-1, -1), 1.2, page.GRID_GREY),
                     ("INNERGRID", (0, 0), (-1, 1), 0.5, page.GRID_GREY),
                     ("LINEBELOW", (0, 1), (-1, 1), 0.5, page.GRID_GREY),
                     ("BACKGROUND", (0, 0), (-1, 0), page.HEADER_FILL),
                     ("SPAN", (0, 2), (-1, 2)),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("TOPPADDING", (0, 0), (-1, -1), 3),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                     ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
                     ("LEFTPADDING", (0, 0), (-1, -1), 6),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                 ]))


def _good(data: CreditReportData, s: _Styles) -> list[Flowable]:
    result = data.result
    lowered = {r.variable for r in result.reasons}
    items: list[Flowable] = []
    for v in data.model.variables:
        value = result.inputs.get(v.id)
        points, best = result.points[v.id], result.max_points[v.id]
        if value is None or v.id in lowered or best - points > GOOD_WITHIN:
            continue
        how = f"满分 {best} 分" if points >= best else f"{points} 分，满分 {best} 分"
        items.append(_item(f"{v.label_zh}：{_shown(v, value)}（{how}）", s.item, "•"))
    out: list[Flowable] = [_p("哪些做得好", s.heading)]
    if not items:
        out.append(_p("这次没有接近满分的项目。按下面的办法做，分数会提高。", s.body))
        return out
    half = (len(items) + 1) // 2  # two columns, read down the left one first
    rows = [[items[i], items[i + half] if i + half < len(items) else ""] for i in range(half)]
    width = page.PageLayout().content_width - 2 * _FRAME_PADDING
    out.append(Table(rows, colWidths=[width / 2, width / 2], hAlign="LEFT",
                     style=TableStyle([
                         ("FONTNAME", (0, 0), (-1, -1), s.font),
                         ("VALIGN", (0, 0), (-1, -1), "TOP"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0),
                         ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                         ("TOPPADDING", (0, 0), (-1, -1), 0),
                         ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                     ])))
    return out


def _lowered(data: CreditReportData, s: _Styles) -> list[Flowable]:
    result = data.result
    out: list[Flowable] = [_p("哪些拉低了分数", s.heading)]
    if not result.reasons:
        out.append(_p("没有拉低分数的项目。", s.body))
    for n, r in enumerate(result.reasons, start=1):
        out.append(_item(f"{r.text}。这一项得 {r.points} 分，满分 {r.max_points} 分，"
                         f"少了 {r.shortfall} 分。", s.item, f"{n}."))
    return out


def _improve(data: CreditReportData, s: _Styles) -> list[Flowable]:
    result = data.result
    advice = [r.advice for r in result.reasons]
    advice += [r.advice for r in result.limit_reasons if r.advice not in advice]
    out: list[Flowable] = [_p("怎样提高", s.heading)]
    if not advice:
        out.append(_p("保持现在的做法。", s.body))
    for n, text in enumerate(advice, start=1):
        out.append(_item(text + "。", s.item, f"{n}."))
    out.append(_p("要补充数据或有不明白的地方，请到服务站找工作人员。", s.note))
    return out


def _parts(data: CreditReportData, s: _Styles) -> list[Flowable]:
    result, model = data.result, data.model
    order = {d.id: i for i, d in enumerate(model.dimensions)}
    variables = sorted(model.variables, key=lambda v: order.get(v.dimension_id, len(order)))
    header = [_p(h, s.cell_head) for h in ("方面", "项目", "您的情况", "得分", "满分")]
    rows: list[list[Any]] = []
    spans: list[tuple] = []
    start = 1
    for i, v in enumerate(variables):
        first = i == 0 or variables[i - 1].dimension_id != v.dimension_id
        rows.append([_p(_dimension_name(str(v.dimension)), s.cell) if first else "",
                     _p(v.label_zh, s.cell), _p(_shown(v, result.inputs.get(v.id)), s.cell),
                     _p(result.points[v.id], s.cell_right),
                     _p(result.max_points[v.id], s.cell_right)])
        last = i == len(variables) - 1 or variables[i + 1].dimension_id != v.dimension_id
        if last:
            end = len(rows)  # table row index of this row (header is row 0)
            if end > start:
                spans.append(("SPAN", (0, start), (0, end)))
            start = end + 1
    max_total = sum(result.max_points[v.id] for v in variables)
    rows.append([_p("合计", s.cell_head), "", "", _p(result.total, s.cell_right),
                 _p(max_total, s.cell_right)])
    table = page.simple_table(header, rows, weights=[2.2, 4.2, 2.4, 1.1, 1.1], zebra=False)
    table.setStyle(TableStyle([
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *spans,
        ("SPAN", (0, -1), (2, -1)),
        ("BACKGROUND", (0, -1), (-1, -1), page.HEADER_FILL),
        ("LINEABOVE", (0, -1), (-1, -1), 1.2, page.GRID_GREY),
    ]))
    out: list[Flowable] = [
        _p("每一项的得分", s.heading),
        _p(f"信用分由下面 {len(variables)} 项相加得出，把“得分”一栏加起来就是 "
           f"{result.total} 分。", s.body),
        table,
    ]
    if any(result.inputs.get(v.id) is None for v in variables):
        out.append(_p("“没有数据”的项目按中间的分数计算。", s.after_table))
    return [KeepTogether(out)]


def _sources(data: CreditReportData, s: _Styles) -> list[Flowable]:
    model = data.model
    out: list[Flowable] = [_p("用了哪些数据", s.heading)]
    for what, details in data.data_sources:
        out.append(_item(f"{what}：{details}", s.item, "•"))
    if not data.data_sources:
        out.append(_item("没有登记的经营数据。", s.item, "•"))
    out.append(_item(f"评分方法：{model.title_zh}，第 {model.version} 版"
                     f"（模型 {model.id} v{model.version}）", s.item, "•"))
    out.append(_item(f"评分时间：{_local_minutes(data.scored_at)}", s.item, "•"))
    return out


def _notice(s: _Styles) -> list[Flowable]:
    return [KeepTogether([
        _p("请注意", s.heading),
        _p("这份报告只说明您的信用情况，不是贷款承诺。能不能贷款、贷多少，以银行审批为准。", s.note),
        _p("辨别真假：请到服务站，让工作人员用本系统扫描每页右下角的二维码。"
           "显示“验证通过”，说明报告是服务站出的，内容没有被改过。", s.note),
    ])]


def _story(data: CreditReportData) -> list[Flowable]:
    """The flowables of the report (fresh each call: platypus consumes them)."""
    s = _styles()
    return [
        _p(TITLE, s.title),
        _who(data, s),
        Spacer(1, 3 * mm),
        _score_box(data, s),
        *_good(data, s),
        *_lowered(data, s),
        *_improve(data, s),
        *_parts(data, s),
        *_sources(data, s),
        *_notice(s),
    ]


# --------------------------------------------------------------------------- build

def _check_qr(data: CreditReportData, qr_text: str) -> None:
    """The QR must belong to this report: same id, station, date and content digest."""
    check_qr_matches(qr_text, doc_id=data.doc_id, station_code=data.station_code,
                     issued_on=data.issued_on, content=credit_report_content(data),
                     content_name="credit_report_content", what="report")


def build_credit_report(target: str | os.PathLike[str] | BinaryIO, data: CreditReportData,
                        qr_text: str) -> int:
    """Write the credit report PDF to ``target`` (a path or a binary file); the page count.

    ``qr_text`` is the signed QR text of this report (see the module docstring); it must
    carry this report's ``doc_id``, ``station_code``, ``issued_on`` and the digest of
    :func:`credit_report_content` (``ValueError`` otherwise).  Raises
    :class:`~station_app.documents.fonts.FontNotFound` when no Chinese font exists.
    """
    _check_qr(data, qr_text)
    info = page.DocumentInfo(
        title=TITLE, station_name=data.station_name, doc_id=data.doc_id.upper(),
        qr_text=qr_text, author=data.staff_name, subject="农户信用报告",
        keywords=("信用报告", f"{data.model.id} v{data.model.version}"))
    return page.build_pdf(target, info, _story(data))

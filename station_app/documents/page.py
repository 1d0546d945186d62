"""The page template every station document uses: A4, header, footer, page x of y, QR.

Build a document from platypus flowables::

    from station_app.documents import page
    s = page.styles()
    story = [page.para("信用评估报告", s.title),
             page.para("……正文……", s.body),
             page.simple_table(["项目", "金额（元）"], [["授信额度", "50,000.00"]],
                               align_right=[1])]
    info = page.DocumentInfo(title="信用评估报告", station_name="眉县横渠镇农村电商金融服务站",
                             doc_id="C83D8232-…", qr_text=qr_text, author="李建国")
    pages = page.build_pdf("report.pdf", info, story)

Every page gets: the station name (left) and the document title (right) in the header; the
document id, creation time and "第 x 页 共 y 页" (the true total, via a two-pass canvas) in
the footer; and the QR code (``info.qr_text``, usually from
:func:`station_app.documents.signing.sign_document`) at the bottom right.  The PDF metadata
holds the title, author, subject, keywords, creator and ``info.created``.

All text uses the embedded Chinese font (:mod:`station_app.documents.fonts`) and wraps the
CJK way.  :func:`para` and :func:`simple_table` escape their text, so names with ``<`` or
``&`` print as typed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus import paragraph as _rl_paragraph

import station_app
from station_app.documents.fonts import pdf_font_name
from station_app.documents.qr import QUIET_ZONE, draw_qr, qr_matrix

__all__ = [
    "DocumentInfo",
    "DocumentStyles",
    "PageLayout",
    "build_pdf",
    "key_value_table",
    "para",
    "simple_table",
    "styles",
]

GRID_GREY = colors.Color(0.6, 0.6, 0.6)
HEADER_FILL = colors.Color(0.92, 0.92, 0.92)
ZEBRA_FILL = colors.Color(0.975, 0.975, 0.975)
TEXT_GREY = colors.Color(0.3, 0.3, 0.3)


@dataclass(frozen=True)
class PageLayout:
    """Page geometry in points (defaults: A4 portrait, a 24 mm QR in the bottom margin)."""

    page_size: tuple[float, float] = A4
    left: float = 20 * mm
    right: float = 20 * mm
    top: float = 25 * mm
    bottom: float = 40 * mm
    qr_size: float = 24 * mm

    @property
    def content_width(self) -> float:
        return self.page_size[0] - self.left - self.right


@dataclass(frozen=True)
class DocumentInfo:
    """What the page furniture and the PDF metadata show.

    ``qr_text`` is printed as a QR code on every page; ``None`` leaves it out (drafts,
    previews – a real document should always carry one).  ``created`` defaults to now
    (local time) and is used for the footer and the PDF CreationDate/ModDate.
    """

    title: str
    station_name: str
    doc_id: str
    qr_text: str | None
    author: str = ""
    subject: str = ""
    keywords: Sequence[str] = ()
    created: dt.datetime | None = None
    qr_caption: str = "扫码验证真伪"
    layout: PageLayout = field(default_factory=PageLayout)


@dataclass(frozen=True)
class DocumentStyles:
    """Paragraph styles in the embedded Chinese font (all with ``wordWrap='CJK'``)."""

    font_name: str
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    table_cell_right: ParagraphStyle


def cjk_style(name: str, font: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
    """A paragraph style in ``font`` that wraps the CJK way; bullets in the same font."""
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK",
                          bulletFontName=font, bulletFontSize=size, **extra)


@lru_cache(maxsize=8)
def _styles(font: str) -> DocumentStyles:
    def style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
        return cjk_style(name, font, size, leading, **extra)

    return DocumentStyles(
        font_name=font,
        title=style("DocTitle", 18, 26, alignment=TA_CENTER, spaceBefore=2 * mm,
                    spaceAfter=5 * mm),
        heading=style("DocHeading", 13, 19, spaceBefore=4 * mm, spaceAfter=2 * mm),
        body=style("DocBody", 10.5, 17, spaceAfter=2 * mm, firstLineIndent=0),
        small=style("DocSmall", 8, 11, textColor=TEXT_GREY),
        table_header=style("DocTableHeader", 9.5, 13, alignment=TA_CENTER),
        table_cell=style("DocTableCell", 9.5, 13, alignment=TA_LEFT),
        table_cell_right=style("DocTableCellRight", 9.5, 13, alignment=TA_RIGHT),
    )


# Chinese typesetting does not begin a line with a closing mark (避头点).  ReportLab's CJK
# wrapping hangs the characters of ``ALL_CANNOT_START`` at the end of the line instead of
# starting the next one with them, but its list (made for Japanese) lacks the full-width
# comma, colon, semicolon, exclamation and question marks, the ellipsis and some closing
# brackets, so "，" could start a line in every document.  They are added once, here, to
# both copies of the list (plain paragraphs wrap in textsplit, marked-up ones in paragraph).
_CHINESE_CANNOT_START = "，：；！？…）》」』〉”’％"
for _module in (_rl_textsplit, _rl_paragraph):
    _module.ALL_CANNOT_START = _module.ALL_CANNOT_START + "".join(  # type: ignore[attr-defined]
        c for c in _CHINESE_CANNOT_START if c not in _module.ALL_CANNOT_START)


def styles() -> DocumentStyles:
    """The document styles (registers the Chinese font on first use; FontNotFound if none)."""
    return _styles(pdf_font_name())


def markup(text: object) -> str:
    """Plain text made safe for a reportlab paragraph (escaped; newlines kept)."""
    return escape(str(text)).replace("\n", "<br/>")


def para(text: object, style: ParagraphStyle | str = "body") -> Paragraph:
    """A paragraph of plain text (escaped; newlines kept); ``style`` or a style name."""
    if isinstance(style, str):
        style = getattr(styles(), style)
    return Paragraph(markup(text), style)


def _cell(value: object, style: ParagraphStyle) -> Flowable:
    if isinstance(value, Flowable):
        return value
    return Paragraph(markup("" if value is None else value), style)


def _widths(weights: Sequence[float] | None, count: int, width: float) -> list[float]:
    weights = list(weights) if weights is not None else [1.0] * count
    if len(weights) != count or any(w <= 0 for w in weights):
        raise ValueError("need one positive weight per column")
    total = sum(weights)
    return [width * w / total for w in weights]


def simple_table(header: Sequence[object] | None, rows: Iterable[Sequence[object]], *,
                 weights: Sequence[float] | None = None, align_right: Iterable[int] = (),
                 width: float | None = None, zebra: bool = True) -> Table:
    """A gridded table; the header row (if any) repeats on every page the table spans.

    Cells are plain text (escaped, wrapped) or flowables.  ``weights`` are relative column
    widths (default: equal), ``align_right`` the indexes of numeric columns, ``width`` the
    table width (default: the content width of the default layout).
    """
    s = styles()
    right = set(align_right)
    data: list[list[Flowable]] = []
    if header is not None:
        data.append([_cell(h, s.table_header) for h in header])
    for row in rows:
        data.append([_cell(v, s.table_cell_right if i in right else s.table_cell)
                     for i, v in enumerate(row)])
    if not data:
        raise ValueError("a table needs a header or at least one row")
    count = max(len(r) for r in data)
    for r in data:
        r.extend(_cell("", s.table_cell) for _ in range(count - len(r)))
    width = PageLayout().content_width if width is None else width
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), s.font_name),  # else reportlab selects Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    first_body = 0
    if header is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
        first_body = 1
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, first_body), (-1, -1), [None, ZEBRA_FILL]))
    return Table(data, colWidths=_widths(weights, count, width), repeatRows=first_body,
                 style=TableStyle(commands), hAlign="CENTER")


def key_value_table(pairs: Iterable[tuple[object, object]], *, columns: int = 2,
                    width: float | None = None) -> Table:
    """Label/value pairs in a grid, ``columns`` pairs a row (e.g. 姓名 | 张三 | 村 | 横渠村)."""
    if columns < 1:
        raise ValueError("columns must be ≥ 1")
    s = styles()
    items = list(pairs)
    rows: list[list[Flowable]] = []
    for start in range(0, max(len(items), 1), columns):
        row: list[Flowable] = []
        for label, value in items[start:start + columns]:
            row += [_cell(label, s.table_header), _cell(value, s.table_cell)]
        row += [_cell("", s.table_cell)] * (2 * columns - len(row))
        rows.append(row)
    width = PageLayout().content_width if width is None else width
    table = Table(rows, colWidths=_widths([1, 2] * columns, 2 * columns, width),
                  style=TableStyle([
                      ("FONTNAME", (0, 0), (-1, -1), s.font_name),
                      ("GRID", (0, 0), (-1, -1), 0.5, GRID_GREY),
                      ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                      *[("BACKGROUND", (2 * c, 0), (2 * c, -1), HEADER_FILL)
                        for c in range(columns)],
                      ("TOPPADDING", (0, 0), (-1, -1), 3),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                  ]), hAlign="CENTER")
    return table


# --------------------------------------------------------------------------- page furniture

def _pdf_date(created: dt.datetime) -> Callable[..., str]:
    offset = created.utcoffset()
    if offset is None:
        zone = ""
    else:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        zone = f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
        if minutes == 0:
            zone = "Z"
    stamp = f"D:{created:%Y%m%d%H%M%S}{zone}"
    return lambda *_: stamp


class _PageFurniture:
    """Draws header, footer and QR on a finished page (knowing the total page count)."""

    def __init__(self, info: DocumentInfo, font: str, created: dt.datetime) -> None:
        self.info = info
        self.font = font
        self.created = created
        self.form: str | None = None
        self.page_count = 0

    def define_forms(self, canvas: Canvas) -> None:
        """The QR as a PDF form XObject, drawn once and placed on every page."""
        text = self.info.qr_text
        if text is None:
            return
        size = self.info.layout.qr_size
        self.form = "QR" + hashlib.sha1(text.encode()).hexdigest()[:16]
        canvas.beginForm(self.form, 0, 0, size, size)
        draw_qr(canvas, text, 0, 0, size)
        canvas.endForm()

    def draw(self, canvas: Canvas, number: int, total: int) -> None:
        info, lay = self.info, self.info.layout
        width, height = lay.page_size
        left, right = lay.left, width - lay.right
        canvas.saveState()
        canvas.setStrokeColor(GRID_GREY)
        canvas.setLineWidth(0.6)
        canvas.setFillColor(TEXT_GREY)
        # header: station name left, title right, rule below
        base = height - lay.top + 7 * mm
        canvas.setFont(self.font, 9)
        canvas.drawString(left, base, info.station_name)
        canvas.drawRightString(right, base, info.title)
        canvas.line(left, base - 2.5 * mm, right, base - 2.5 * mm)
        # footer: rule, doc id and time left, page x of y centred, QR bottom right
        qr = lay.qr_size
        qr_bottom = max(6 * mm, lay.bottom - qr - 8 * mm)
        rule = qr_bottom + qr + 2.5 * mm
        canvas.line(left, rule, right, rule)
        canvas.setFont(self.font, 8)
        canvas.drawString(left, qr_bottom + 9 * mm, f"文件编号：{info.doc_id}")
        canvas.drawString(left, qr_bottom + 4.5 * mm,
                          f"生成时间：{self.created:%Y-%m-%d %H:%M}")
        canvas.setFont(self.font, 9)
        canvas.setFillColor(colors.black)
        canvas.drawCentredString(width / 2, qr_bottom + 4.5 * mm, f"第 {number} 页 共 {total} 页")
        if self.form is not None:
            canvas.saveState()
            canvas.translate(right - qr, qr_bottom)
            canvas.doForm(self.form)
            canvas.restoreState()
            if info.qr_caption:
                gap = qr / len(qr_matrix(info.qr_text or "")) * QUIET_ZONE
                canvas.setFont(self.font, 7.5)
                canvas.setFillColor(TEXT_GREY)
                canvas.drawRightString(right - qr - gap, qr_bottom + 1 * mm, info.qr_caption)
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Keeps every page until ``save`` so the furniture can say "共 y 页"."""

    furniture: _PageFurniture  # set by the canvas maker

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        self.furniture.define_forms(self)
        total = self.furniture.page_count = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.furniture.draw(self, number, total)
            super().showPage()
        super().save()


def build_pdf(target: str | os.PathLike[str] | BinaryIO, info: DocumentInfo,
              story: Iterable[Flowable]) -> int:
    """Lay out ``story`` on the station page template into ``target``; the page count.

    ``target`` is a path or a binary file object.  The flowables are consumed: platypus
    splits them while laying out, so build a fresh story for every PDF.  Raises
    :class:`~station_app.documents.fonts.FontNotFound` when no Chinese font exists and
    ``ValueError`` for an empty story.
    """
    flowables = list(story)
    if not flowables:
        raise ValueError("a document needs at least one flowable")
    font = pdf_font_name()
    created = info.created or dt.datetime.now().astimezone()
    lay = info.layout
    furniture = _PageFurniture(info, font, created)

    def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
        canvas = _NumberedCanvas(*args, **kwargs)
        canvas.furniture = furniture
        canvas.setDateFormatter(_pdf_date(created))
        return canvas

    target_arg = os.fspath(target) if isinstance(target, (str, os.PathLike)) else target
    doc = SimpleDocTemplate(
        target_arg, pagesize=lay.page_size,
        leftMargin=lay.left, rightMargin=lay.right, topMargin=lay.top, bottomMargin=lay.bottom,
        title=info.title, author=info.author, subject=info.subject,
        keywords=list(info.keywords), creator=f"station-app {station_app.__version__}",
        lang="zh-CN", initialFontName=font,
    )
    doc.build(flowables, canvasmaker=make_canvas)
    return furniture.page_count

"""Printing the farmer's credit report (信用报告): score now, sign, build the PDF, keep a record.

The score printed is the one :func:`scoring.score_farmer` gives from the data as it is now
(stored if it changed), so a paper never shows a number the history does not hold.  The QR
is signed with this computer's key over :func:`credit_report_content`, and the printed
document is recorded (synced) for the verify screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session

from station_app import paths
from station_app.documents.credit_report import (
    KIND,
    CreditReportData,
    build_credit_report,
    credit_report_content,
)
from station_app.domain.roles import Permission
from station_app.domain.scoring import format_value
from station_app.services import (
    farmers,
    loan_applications,
    planting,
    scoring,
    shops,
    signing,
    training,
)
from station_app.services.context import ServiceContext
from station_app.store.models import Station


@dataclass(frozen=True)
class PrintedReport:
    path: Path
    doc_id: str
    pages: int
    total: int
    grade: str


def documents_dir() -> Path:
    path = paths.data_dir() / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _data_sources(ctx: ServiceContext, farmer_id: str, as_of: date) -> tuple[tuple[str, str], ...]:
    sources: list[tuple[str, str]] = []
    shop_list = shops.list_shops(ctx, farmer_id)
    overview = shops.sales_overview(ctx, farmer_id, as_of=as_of) if shop_list else None
    if overview is not None:
        indicators, monthly = overview
        sales = ("—" if indicators.net_sales_12m is None
                 else format_value("yuan", indicators.net_sales_12m))
        last = f"，数据截至 {monthly[-1].month:%Y 年 %m 月}" if monthly else ""
        sources.append(("网店销售", f"{len(shop_list)} 个店铺，最近 12 个月销售额 {sales}，"
                                  f"{indicators.paid_orders} 笔已付款订单{last}"))
    else:
        sources.append(("网店销售", "还没有店铺或销售记录"))
    plots = planting.list_plots(ctx, farmer_id)
    seasons = planting.list_seasons(ctx, farmer_id)
    if plots:
        area = sum((p.area_mu for p in plots), Decimal(0))
        harvested = sum(1 for s in seasons if s.harvested_kg is not None)
        sources.append(("种植", f"{len(plots)} 块地共 {format_value('mu', area)}，"
                              f"{len(seasons)} 季种植记录，其中 {harvested} 季已记收成"))
    else:
        sources.append(("种植", "还没有地块记录"))
    summary = training.training_summary(ctx, farmer_id, as_of=as_of)
    sources.append(("培训", f"最近 12 个月参加 {summary.sessions} 次"))
    view = farmers.get_farmer(ctx, farmer_id)
    sources.append(("合作社", f"{view.coop_name}（已登记统一社会信用代码）" if view.coop_uscc
                    else "没有登记合作社"))
    loans = [v for v in loan_applications.list_applications(ctx, farmer_id=farmer_id,
                                                            as_of=as_of)
             if v.status is not None]
    rate = loan_applications.on_time_rate(loans, as_of)
    if rate is None:
        sources.append(("还款记录", "还没有到期的还款记录，按中性分计"))
    else:
        sources.append(("还款记录", f"{len(loans)} 笔贷款，已到期各期中按期还款 "
                                  f"{(rate * 100).quantize(Decimal('0.1'))}%"))
    return tuple(sources)


def print_credit_report(ctx: ServiceContext, farmer_id: str, *, target_dir: Path | None = None,
                        today: date | None = None) -> PrintedReport:
    """Make the farmer's signed credit report PDF; returns where it is."""
    actor = ctx.require(Permission.SCORE_COMPUTE)
    today = today or date.today()
    record = scoring.score_farmer(ctx, farmer_id, trigger="report")
    model = scoring.active_model(ctx.db)
    view = farmers.get_farmer(ctx, farmer_id)
    with Session(ctx.db.engine) as session:
        station = session.get(Station, actor.station_id)
    doc_id = signing.new_document_id("CR", today)
    data = CreditReportData(
        doc_id=doc_id, issued_on=today,
        station_name=station.name if station is not None else "",
        station_code=signing.station_code_for_qr(ctx.db, actor.station_id),
        farmer_name=view.name, resident_id_masked=view.resident_id_masked,
        village=" ".join(x for x in (view.township, view.village) if x),
        result=record.result, model=model, scored_at=record.scored_at,
        data_sources=_data_sources(ctx, farmer_id, today), staff_name=actor.display_name)
    content = credit_report_content(data)
    qr_text = signing.sign(ctx, doc_id=doc_id, kind=KIND, content=content, issued_on=today)
    path = (target_dir or documents_dir()) / f"{doc_id}.pdf"
    pages = build_credit_report(path, data, qr_text)
    signing.record_issued(ctx, doc_id=doc_id, kind=KIND, farmer_id=farmer_id, issued_on=today,
                          content=content, qr_text=qr_text)
    return PrintedReport(path, doc_id, pages, record.result.total, record.result.grade)

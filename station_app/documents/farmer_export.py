"""个人信息副本: everything a station holds about one farmer, as a printable signed PDF
(PIPL 个人信息查阅、复制; the machine-readable JSON is written by the service beside it).

The service prepares the sections (plain Chinese titles, label/value pairs or tables of
text); this module only lays them out on the station page template
(:mod:`station_app.documents.page`): title, who, a note on how the sensitive numbers are
shown, then one heading per section, each a key/value grid or a gridded table (an empty
section says "无记录").  The signed QR (every page) covers :func:`farmer_export_content`,
which names the JSON file's SHA-256, so the paper also vouches for the file.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Sequence

from reportlab.platypus import Flowable, Spacer
from reportlab.lib.units import mm

from station_app.documents import page
from station_app.documents.signing import check_qr_matches

KIND = "PERSONAL-DATA-COPY"
TITLE = "个人信息副本"
CELL_LIMIT = 300  # characters of one cell on paper (the JSON keeps everything)


@dataclass(frozen=True)
class Section:
    """One part of the copy: ``pairs`` (label, value) or a table (``headers`` + ``rows``)."""

    title: str
    pairs: Sequence[tuple[str, str]] = ()
    headers: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    note: str = ""
    align_right: Sequence[int] = ()


@dataclass(frozen=True)
class FarmerExportData:
    doc_id: str
    issued_on: dt.date
    station_name: str
    station_code: str
    staff_name: str
    farmer_name: str
    resident_id_masked: str
    json_sha256: str
    sensitive_note: str
    sections: Sequence[Section] = field(default_factory=tuple)


def farmer_export_content(data: FarmerExportData) -> dict[str, Any]:
    """The key content the QR's digest covers (never a full sensitive number)."""
    return {
        "doc_id": data.doc_id.upper(),
        "farmer_name": data.farmer_name,
        "resident_id_masked": data.resident_id_masked,
        "issued_on": data.issued_on.isoformat(),
        "json_sha256": data.json_sha256,
    }


def _clip(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT] + "…"


def _section(section: Section) -> list[Flowable]:
    s = page.styles()
    out: list[Flowable] = [page.para(section.title, s.heading)]
    if section.note:
        out.append(page.para(section.note, s.small))
    if section.pairs:
        out.append(page.key_value_table([(k, _clip(v)) for k, v in section.pairs], columns=2))
    elif section.headers and section.rows:
        out.append(page.simple_table(list(section.headers),
                                     [[_clip(v) for v in row] for row in section.rows],
                                     align_right=section.align_right))
    elif not section.pairs:
        out.append(page.para("无记录", s.body))
    return out


def _story(data: FarmerExportData) -> list[Flowable]:
    s = page.styles()
    story: list[Flowable] = [
        page.para(TITLE, s.title),
        page.key_value_table([
            ("姓名", data.farmer_name), ("身份证号", data.resident_id_masked or "未登记"),
            ("服务站", data.station_name), ("生成日期", data.issued_on.isoformat()),
            ("经办人", data.staff_name), ("文件编号", data.doc_id.upper()),
        ], columns=2),
        Spacer(1, 2 * mm),
        page.para("这是服务站保存的您的全部个人信息的副本（依据《个人信息保护法》查阅、复制的权利）。"
                  "同时生成了一份内容相同、可由电脑读取的 JSON 文件。", s.body),
        page.para(data.sensitive_note, s.body),
    ]
    for section in data.sections:
        story.extend(_section(section))
    story.append(page.para("辨别真假：请服务站工作人员用本系统扫描每页右下角的二维码。"
                           f"JSON 文件的 SHA-256：{data.json_sha256}", s.small))
    return story


def _check_qr(data: FarmerExportData, qr_text: str) -> None:
    check_qr_matches(qr_text, doc_id=data.doc_id, issued_on=data.issued_on,
                     content=farmer_export_content(data), content_name="farmer_export_content")


def build_farmer_export(target: str | os.PathLike[str] | BinaryIO, data: FarmerExportData,
                        qr_text: str) -> int:
    """Write the copy's PDF to ``target``; the page count (``ValueError`` for a QR signed
    over other content)."""
    _check_qr(data, qr_text)
    info = page.DocumentInfo(
        title=TITLE, station_name=data.station_name, doc_id=data.doc_id.upper(),
        qr_text=qr_text, author=data.staff_name, subject="个人信息查阅、复制",
        keywords=("个人信息副本", "PIPL"))
    return page.build_pdf(target, info, _story(data))

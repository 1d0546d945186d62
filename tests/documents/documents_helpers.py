"""A sample document built on the station page template – how a real document uses the API.

The credit report (and every later document) follows the same steps: collect the key
content, sign it into a QR text, lay out flowables with :mod:`station_app.documents.page`
styles and helpers, and build.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from station_app.documents import page, signing
from station_app.domain.money import to_chinese_capital

STATION_NAME = "眉县横渠镇农村电商金融服务站"
STATION_CODE = "MX-HQ-01"
TITLE = "农户信用评估报告（样例）"
FARMER = "张三丰"
CREATED = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
AMOUNT = Decimal("50000.00")
ESCAPED = "<不是标签> & 符号照常显示"


@dataclass(frozen=True)
class SampleDocument:
    path: Path
    pages: int
    doc_id: str
    qr_text: str
    content: dict[str, object]


def sample_content() -> dict[str, object]:
    return {"farmer": FARMER, "resident_id_tail": "1234", "score": 87,
            "amount": AMOUNT, "village": "横渠村三组"}


def build_sample_document(path: Path, key: Ed25519PrivateKey, *,
                          doc_id: str = "c83d8232-ba77-45d0-a1c7-4e66296fdb8b",
                          paragraphs: int = 12, table_rows: int = 30) -> SampleDocument:
    """A report with Chinese text, a key/value block and a long table (3 pages by default)."""
    content = sample_content()
    qr_text = signing.sign_document(key, doc_id=doc_id, kind="CREDIT-REPORT",
                                    station_id=STATION_CODE, issued_on=CREATED.date(),
                                    content=content)
    s = page.styles()
    story = [
        page.para(TITLE, s.title),
        page.key_value_table([("姓名", FARMER), ("村组", "横渠镇横渠村三组"),
                              ("身份证号", "110101********1234"), ("手机号", "138****5678")]),
        page.para("一、基本情况", s.heading),
    ]
    for number in range(1, paragraphs + 1):
        story.append(page.para(
            f"第{number}段：本报告依据服务站登记的农户经营数据、网店销售记录和培训记录生成，"
            f"仅供合作银行授信参考。{ESCAPED}。" * 2))
    story.append(page.para("二、销售明细", s.heading))
    story.append(page.simple_table(
        ["序号", "平台", "订单数", "销售额（元）"],
        [[n, "淘宝" if n % 2 else "拼多多", n * 7, f"{n * 1234.5:,.2f}"]
         for n in range(1, table_rows + 1)],
        weights=[1, 1.5, 1, 1.5], align_right=[2, 3]))
    story.append(page.para("三、授信建议", s.heading))
    story.append(page.para(
        f"建议授信额度：人民币{to_chinese_capital(AMOUNT)}（¥{AMOUNT:,.2f}）。"))
    story.append(page.para("本报告由服务站系统生成，扫描右下角二维码可核验真伪。", s.small))
    info = page.DocumentInfo(title="农户信用评估报告", station_name=STATION_NAME,
                             doc_id=doc_id.upper(), qr_text=qr_text, author="李建国",
                             subject="信用评估", keywords=["信用", "样例"], created=CREATED)
    pages = page.build_pdf(path, info, story)
    return SampleDocument(path, pages, doc_id.upper(), qr_text, content)


def render_pages(pdf: Path, out_dir: Path, dpi: int = 150) -> list[Path]:
    """PNG images of every page (poppler's ``pdftoppm``)."""
    exe = shutil.which("pdftoppm")
    assert exe, "poppler-utils (pdftoppm) is needed for these tests"
    subprocess.run([exe, "-r", str(dpi), "-png", str(pdf), str(out_dir / "page")],
                   check=True, capture_output=True)
    return sorted(out_dir.glob("page-*.png"))

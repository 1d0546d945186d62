"""The farmer credit report: content, plain Chinese text, masked ID, font, QR round trip."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import time
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from documents_helpers import STATION_CODE, STATION_NAME, render_pages
from pypdf import PdfReader

from station_app import paths
from station_app.documents import signing
from station_app.documents.credit_report import (
    KIND,
    CreditReportData,
    build_credit_report,
    credit_report_content,
)
from station_app.documents.qr import read_qr_from_image
from station_app.domain.money import to_chinese_capital
from station_app.domain.scoring import ScoreModel, load_model, score

FULL_ID = "610326199003070036"
MASKED_ID = "610326********0036"
ISSUED = dt.date(2026, 11, 23)
SCORED_AT = dt.datetime(2026, 11, 23, 6, 5, tzinfo=dt.timezone.utc)
SOURCES = (
    ("网店销售", "2 个店铺，最近 12 个月 1,204 笔订单，数据截至 2026-11-20"),
    ("种植记录", "猕猴桃 12 亩，2024–2026 年 3 季收成，登记至 2026-10-15"),
    ("还款记录", "2 笔贷款 24 期，全部按期，截至 2026-11-01"),
)
# 王芳 of docs/scorecard.md: 692 points, grade A, 94,200 元 with the quality uplift.
WANG = {"refund_rate": "0.04", "repurchase_rate": "0.2", "buyer_top_share": "0.05",
        "on_time_shipping_rate": "0.96", "completion_rate": "0.95",
        "repayment_on_time_rate": 1, "shop_age_days": 800, "trading_frequency": 25,
        "cooperative_guarantee": True, "annual_online_sales_yuan": 85000,
        "cash_flow_cv": "1.2", "planted_area_mu": 12, "harvest_stability": "0.85",
        "training_sessions_12m": 2, "expected_harvest_value_yuan": 60000,
        "quality_change_percent": 25}
# Late repayments, a tiny shop: grade E, declined.
POOR = {"refund_rate": "0.25", "repurchase_rate": "0.02", "on_time_shipping_rate": "0.7",
        "completion_rate": "0.8", "repayment_on_time_rate": "0.6", "shop_age_days": 90,
        "trading_frequency": 3, "cooperative_guarantee": False,
        "annual_online_sales_yuan": 800, "cash_flow_cv": "2.1", "planted_area_mu": "0.5",
        "harvest_stability": "0.5"}


@pytest.fixture(scope="module")
def model() -> ScoreModel:
    return load_model(paths.resources_dir() / "scorecard" / "credit_v1.json")


@pytest.fixture(scope="module")
def key():
    return signing.generate_signing_key()


def make_data(model: ScoreModel, inputs: dict, **changes) -> CreditReportData:
    fields = dict(doc_id="CR-20261123-8F3A2C", issued_on=ISSUED, station_name=STATION_NAME,
                  station_code=STATION_CODE, farmer_name="王芳", resident_id_masked=MASKED_ID,
                  village="横渠镇横渠村三组", result=score(model, inputs), model=model,
                  scored_at=SCORED_AT, data_sources=SOURCES, staff_name="李建国")
    fields.update(changes)
    return CreditReportData(**fields)


def sign(key, data: CreditReportData) -> str:
    return signing.sign_document(key, doc_id=data.doc_id, kind=KIND,
                                 station_id=data.station_code, issued_on=data.issued_on,
                                 content=credit_report_content(data))


@dataclasses.dataclass(frozen=True)
class Built:
    data: CreditReportData
    qr_text: str
    path: Path
    pages: int
    reader: PdfReader

    @property
    def text(self) -> str:
        """All page text without whitespace (CJK wrapping splits lines anywhere)."""
        return re.sub(r"\s+", "", "".join(p.extract_text() for p in self.reader.pages))


def build(tmp: Path, key, data: CreditReportData) -> Built:
    qr_text = sign(key, data)
    path = tmp / "report.pdf"
    pages = build_credit_report(path, data, qr_text)
    return Built(data, qr_text, path, pages, PdfReader(path))


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory, model, key) -> Built:
    return build(tmp_path_factory.mktemp("normal"), key, make_data(model, WANG))


@pytest.fixture(scope="module")
def declined(tmp_path_factory: pytest.TempPathFactory, model, key) -> Built:
    data = make_data(model, POOR, farmer_name="李老三", doc_id="CR-20261123-0E0E0E")
    return build(tmp_path_factory.mktemp("declined"), key, data)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- content

def test_normal_report_says_who_score_grade_and_limit(normal: Built) -> None:
    result = normal.data.result
    assert (result.total, result.grade, result.credit_limit) == (692, "A", Decimal("94200"))
    assert 1 <= normal.pages <= 2 and len(normal.reader.pages) == normal.pages
    text = normal.text
    for expected in ("农村电商信用报告", "王芳", MASKED_ID, "横渠镇横渠村三组", STATION_NAME,
                     "2026年11月23日", "李建国", "692分", "A级", "信用很好", "94,200元",
                     "人民币" + to_chinese_capital(Decimal("94200")), "玖万肆仟贰佰元整"):
        assert expected in text, expected


def test_sections_come_in_order(normal: Built) -> None:
    text = normal.text
    order = ["农村电商信用报告", "姓名", "信用分", "哪些做得好", "哪些拉低了分数", "怎样提高",
             "每一项的得分", "用了哪些数据", "请注意"]
    positions = [text.index(h) for h in order]
    assert positions == sorted(positions)


def test_what_helped_lists_items_at_or_near_their_maximum(normal: Built) -> None:
    text = normal.text
    helped = text[text.index("哪些做得好"):text.index("哪些拉低了分数")]
    for expected in ("按时发货率：96%（满分50分）", "以往按期还款比例：100%（满分60分）",
                     "店铺经营时长：800天（满分50分）", "合作社担保：是（满分50分）",
                     "种植面积：12亩（47分，满分50分）"):
        assert expected in helped, expected
    # Reasons and items more than 3 points short are not "done well".
    for absent in ("订单完成率", "退货退款率", "投保面积占比", "现金流稳定性"):
        assert absent not in helped, absent


def test_reasons_advice_and_limit_notes(normal: Built, declined: Built) -> None:
    for built in (normal, declined):
        text = built.text
        result = built.data.result
        assert len(result.reasons) == 3
        for reason in result.reasons:
            assert squeeze(reason.text) in text
            assert squeeze(reason.advice) in text
            assert f"这一项得{reason.points}分，满分{reason.max_points}分" in text
        for note in result.limit_reasons:
            assert squeeze(note.text) in text and squeeze(note.advice) in text
    assert "额度上浮30%" in normal.text  # R_QUALITY_UPLIFT


def test_parts_table_adds_up_to_the_total(normal: Built, model: ScoreModel) -> None:
    result = normal.data.result
    assert sum(result.points.values()) == result.total
    text = normal.text
    table = text[text.index("每一项的得分"):text.index("用了哪些数据")]
    assert f"合计{result.total}{model.max_total}" in table
    for v in model.variables:
        assert v.label_zh.replace(" ", "") in table, v.id
    # value via Variable.format_value, then points and maximum
    assert "近12个月网店销售净额85,000元6065" in table
    assert "交易频次25单/月4045" in table
    assert "投保面积占比没有数据3847" in table  # missing input: the missing bin's points
    for dimension in ("交易行为", "履约能力", "合作稳定性", "运营健康度", "农业经营"):
        assert dimension in table


def test_data_sources_model_and_scoring_time(normal: Built) -> None:
    text = normal.text
    sources = text[text.index("用了哪些数据"):]
    for what, details in SOURCES:
        assert squeeze(f"{what}：{details}") in sources
    assert "rural_ecommerce_credit" in sources and "第1版" in sources
    local = SCORED_AT.astimezone()
    assert f"评分时间：{local.year}年{local.month}月{local.day}日{local:%H:%M}" in sources
    assert "不是贷款承诺" in text and "二维码" in text


def test_declined_farmer_gets_no_limit(declined: Built) -> None:
    result = declined.data.result
    assert result.grade == "E" and result.declined and result.credit_limit == 0
    text = declined.text
    assert "李老三" in text and f"{result.total}分" in text and "E级" in text
    assert "暂时不能贷款" in text and "暂不提供贷款额度" in text
    assert "大写" not in text and "元整" not in text
    assert "这次没有接近满分的项目" in text
    assert credit_report_content(declined.data)["credit_limit"] == "0.00"
    assert 1 <= declined.pages <= 2


def test_full_resident_id_is_nowhere(normal: Built, model: ScoreModel) -> None:
    raw = normal.path.read_bytes()
    for encoding in ("ascii", "utf-16-be", "utf-16-le"):
        assert FULL_ID.encode(encoding) not in raw
    assert FULL_ID not in normal.text
    for pdf_page in normal.reader.pages:
        assert FULL_ID.encode() not in pdf_page.get_contents().get_data()
    assert all(FULL_ID not in str(v) for v in normal.reader.metadata.values())
    assert FULL_ID not in str(credit_report_content(normal.data))
    # Every stream, decompressed (content, fonts, forms).
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            data = stream
        assert FULL_ID.encode() not in data


def test_unmasked_resident_id_is_refused(model: ScoreModel) -> None:
    for bad in (FULL_ID, "61032619900307003X", "610326-199003070036"):
        with pytest.raises(ValueError, match="masked"):
            make_data(model, WANG, resident_id_masked=bad)
    assert make_data(model, WANG, resident_id_masked="").resident_id_masked == ""


def _fonts(reader: PdfReader) -> list[dict]:
    found = []
    for pdf_page in reader.pages:
        resources = pdf_page["/Resources"]
        dicts = [resources]
        for xobject in (resources.get("/XObject") or {}).values():
            dicts.append(xobject.get_object().get("/Resources") or {})
        for res in dicts:
            for font in (res.get_object().get("/Font") or {}).values():
                font = font.get_object()
                found.append(font)
                found += [d.get_object() for d in font.get("/DescendantFonts", [])]
    return found


def test_font_is_embedded_and_subset(normal: Built) -> None:
    fonts = _fonts(normal.reader)
    assert fonts
    for font in fonts:
        if font["/Subtype"] == "/Type0":
            continue
        assert re.fullmatch(r"/[A-Z]{6}\+.+", font["/BaseFont"]), font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_body_type_is_at_least_11_points(normal: Built, declined: Built) -> None:
    """Everything between the header and the footer (the page furniture is smaller)."""
    for built in (normal, declined):
        for pdf_page in built.reader.pages:
            sizes: list[tuple[float, str]] = []

            def visit(text, cm, tm, font, size, sizes=sizes):
                y = tm[5] * cm[3] + cm[5]
                if text.strip() and 40 * 72 / 25.4 < y < (297 - 25) * 72 / 25.4:
                    sizes.append((size * abs(tm[3] * cm[3] or 1), text))

            pdf_page.extract_text(visitor_text=visit)
            assert sizes
            small = [(s, t) for s, t in sizes if s < 11 - 1e-6]
            assert not small, small[:5]


# --------------------------------------------------------------------------- the QR

def test_qr_scans_and_verifies(normal: Built, key, model: ScoreModel, tmp_path: Path) -> None:
    images = render_pages(normal.path, tmp_path, dpi=150)
    assert len(images) == normal.pages
    scanned = read_qr_from_image(images[0])
    assert scanned == [normal.qr_text]
    trusted = {signing.public_key_id(key): key.public_key()}
    content = credit_report_content(normal.data)
    result = signing.verify_qr_text(scanned[0], trusted, content)
    assert result.valid and result.content_checked
    assert (result.doc_id, result.kind, result.station_id, result.issued_on) == (
        "CR-20261123-8F3A2C", KIND, STATION_CODE, ISSUED)
    # One edited character of the QR text: never valid.
    text = scanned[0]
    for index in (len(text) - 5, len(text) - 60, len("SAD1:") + 3):
        edited = text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1:]
        assert not signing.verify_qr_text(edited, trusted, content).valid
    # The same QR with another farmer's content (a forged name on the paper): altered.
    other = make_data(model, WANG, farmer_name="张三丰")
    forged = signing.verify_qr_text(scanned[0], trusted, credit_report_content(other))
    assert forged.status == "altered" and forged.content_checked


def test_qr_on_every_page(normal: Built, tmp_path: Path) -> None:
    images = render_pages(normal.path, tmp_path, dpi=100)
    assert [read_qr_from_image(image) for image in images] == [[normal.qr_text]] * normal.pages


# --------------------------------------------------------------------------- the API

def test_content_covers_the_key_facts(normal: Built, model: ScoreModel) -> None:
    data = normal.data
    assert credit_report_content(data) == {
        "doc_id": "CR-20261123-8F3A2C", "farmer_name": "王芳", "resident_id_masked": MASKED_ID,
        "total": 692, "grade": "A", "credit_limit": "94200.00",
        "model_id": "rural_ecommerce_credit", "model_version": 1, "scored_on": "2026-11-23"}
    lower = dataclasses.replace(data, doc_id="cr-20261123-8f3a2c")
    assert credit_report_content(lower) == credit_report_content(data)
    # Naive scored_at is UTC (as stored); the date is the UTC date whatever the local zone.
    naive = dataclasses.replace(data, scored_at=dt.datetime(2026, 11, 22, 23, 30))
    assert credit_report_content(naive)["scored_on"] == "2026-11-22"
    beijing = dt.timezone(dt.timedelta(hours=8))
    late = dataclasses.replace(data, scored_at=dt.datetime(2026, 11, 23, 7, 30, tzinfo=beijing))
    assert credit_report_content(late)["scored_on"] == "2026-11-22"
    digests = {signing.content_digest(credit_report_content(d)) for d in (
        data, make_data(model, WANG, farmer_name="王芳芳"),
        make_data(model, WANG, resident_id_masked="610326********0037"),
        make_data(model, {**WANG, "shop_age_days": 100}),
        make_data(model, {**WANG, "quality_change_percent": 0}))}
    assert len(digests) == 5


def test_scoring_time_is_printed_in_local_time(model: ScoreModel, key, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        built = build(tmp_path, key, make_data(model, WANG))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "评分时间：2026年11月23日14:05" in built.text  # 06:05 UTC


def test_file_object_and_escaped_text(model: ScoreModel, key) -> None:
    data = make_data(model, POOR, farmer_name="张<三>&", village="横渠村 <二组>",
                     data_sources=(), staff_name="王&李")
    out = io.BytesIO()
    pages = build_credit_report(out, data, sign(key, data))
    assert out.getvalue().startswith(b"%PDF") and 1 <= pages <= 2
    reader = PdfReader(io.BytesIO(out.getvalue()))
    text = squeeze("".join(p.extract_text() for p in reader.pages))
    assert "张<三>&" in text and "横渠村<二组>" in text and "王&李" in text
    assert "没有登记的经营数据" in text
    assert reader.metadata.author == "王&李"


def test_best_farmer_with_many_sources_fits_two_pages(model: ScoreModel, key,
                                                      tmp_path: Path) -> None:
    best = {"refund_rate": "0.01", "repurchase_rate": "0.4", "buyer_top_share": "0.05",
            "on_time_shipping_rate": "0.99", "completion_rate": "0.99",
            "repayment_on_time_rate": 1, "shop_age_days": 1000, "trading_frequency": 90,
            "cooperative_guarantee": True, "annual_online_sales_yuan": 900000,
            "cash_flow_cv": "0.6", "planted_area_mu": 40, "harvest_stability": "0.95",
            "insurance_coverage_percent": 60, "training_sessions_12m": 4,
            "expected_harvest_value_yuan": 60000, "quality_change_percent": 25}
    sources = SOURCES + (("培训记录", "近 12 个月 4 次数字技能培训，截至 2026-11-20"),
                         ("保险记录", "猕猴桃 24 亩投保，保单有效期至 2027-06-30"),
                         ("合作社", "眉县横渠猕猴桃专业合作社社员，担保有效至 2027-12-31"))
    data = make_data(model, best, data_sources=sources,
                     village="宝鸡市眉县横渠镇横渠村第三村民小组")
    assert [r.code for r in data.result.limit_reasons] == ["R_QUALITY_UPLIFT", "R_LIMIT_CAPPED"]
    built = build(tmp_path, key, data)
    assert built.pages == 2
    assert "人民币叁拾万元整" in built.text and "300,000元" in built.text


def test_inconsistent_input_is_refused(model: ScoreModel, key, normal: Built) -> None:
    for field, bad in (("doc_id", "CR 2026"), ("doc_id", ""), ("station_code", "横渠"),
                       ("doc_id", "X" * 41)):
        with pytest.raises(ValueError, match=field):
            make_data(model, WANG, **{field: bad})
    raw = model.to_dict()
    raw["version"] = 2
    other_model = load_model(raw)
    with pytest.raises(ValueError, match="model"):
        make_data(model, WANG, result=score(other_model, WANG))
    tampered = dataclasses.replace(normal.data.result, total=700)
    with pytest.raises(ValueError, match="add up"):
        make_data(model, WANG, result=tampered)
    # A QR text of another report, or no QR text at all.
    other = make_data(model, WANG, farmer_name="张三丰")
    for qr_text in (sign(key, other), "not a qr text",
                    sign(key, dataclasses.replace(normal.data, doc_id="CR-OTHER"))):
        with pytest.raises(ValueError, match="qr_text"):
            build_credit_report(io.BytesIO(), normal.data, qr_text)

"""Loan documents: the contract, the repayment schedule and the one-page summary, read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from documents_helpers import STATION_CODE, STATION_NAME, render_pages
from PIL import Image
from pypdf import PdfReader

from station_app.documents import signing
from station_app.documents.loan_contract import (
    KIND_CONTRACT,
    KIND_SCHEDULE,
    KIND_SUMMARY,
    LoanContractData,
    build_contract,
    build_schedule_document,
    build_summary,
    contract_content,
)
from station_app.documents.qr import read_qr_from_image
from station_app.domain.loans import METHODS, annualized_rate, build_schedule
from station_app.domain.money import to_chinese_capital

ISSUED = dt.date(2026, 11, 23)
START = dt.date(2026, 11, 23)
MASKED_ID = "610326********0036"
LENDER = "陕西眉县农村商业银行横渠支行"
COOP = "眉县横渠猕猴桃专业合作社"
POLICY = "PICC-2026-610326-0088"
PHONE = "0917-5521234"
PURPOSE = "购买种子种苗、化肥农药、地膜和支付机耕机收等当季种植投入"

BUILDERS = {KIND_CONTRACT: build_contract, KIND_SCHEDULE: build_schedule_document,
            KIND_SUMMARY: build_summary}


def make_data(amount: Decimal = Decimal("50000"), rate: Decimal = Decimal("0.048"),
              months: int = 12, method: str = "equal_installment",
              fees: Decimal = Decimal("0"), start: dt.date = START, **changes
              ) -> LoanContractData:
    schedule = build_schedule(amount, rate, months, method, start)
    fields = dict(
        contract_no="HT-20261123-0001", doc_id="LC-20261123-0001", issued_on=ISSUED,
        station_name=STATION_NAME, station_code=STATION_CODE, station_phone=PHONE,
        lender_name=LENDER, farmer_name="王芳", resident_id_masked=MASKED_ID,
        village="横渠镇横渠村三组", product_name="种植贷", product_kind="planting",
        purpose=PURPOSE, amount=amount, annual_rate=rate,
        annualized_rate=annualized_rate(amount, schedule, fees), fees=fees, method=method,
        term_months=months, start=start, maturity=schedule[-1].due_date,
        schedule=tuple(schedule), guarantor=COOP, insurance_policy_no=POLICY,
        staff_name="李建国")
    fields.update(changes)
    return LoanContractData(**fields)


def sign(key, data: LoanContractData, kind: str) -> str:
    return signing.sign_document(key, doc_id=data.doc_id, kind=kind,
                                 station_id=data.station_code, issued_on=data.issued_on,
                                 content=contract_content(data))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


@dataclasses.dataclass(frozen=True)
class Built:
    data: LoanContractData
    kind: str
    qr_text: str
    path: Path
    pages: int
    reader: PdfReader

    @property
    def text(self) -> str:
        """All page text without whitespace (CJK wrapping splits lines anywhere)."""
        return squeeze("".join(p.extract_text() for p in self.reader.pages))


def build(tmp: Path, key, data: LoanContractData, kind: str = KIND_CONTRACT) -> Built:
    qr_text = sign(key, data, kind)
    path = tmp / f"{kind.lower()}.pdf"
    pages = BUILDERS[kind](path, data, qr_text)
    return Built(data, kind, qr_text, path, pages, PdfReader(path))


@pytest.fixture(scope="module")
def key():
    return signing.generate_signing_key()


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory, key) -> Built:
    return build(tmp_path_factory.mktemp("contract"), key, make_data())


@pytest.fixture(scope="module")
def schedule_doc(tmp_path_factory: pytest.TempPathFactory, key) -> Built:
    return build(tmp_path_factory.mktemp("schedule"), key, make_data(), KIND_SCHEDULE)


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory, key) -> Built:
    return build(tmp_path_factory.mktemp("summary"), key, make_data(), KIND_SUMMARY)


# --------------------------------------------------------------------------- the contract

def test_contract_states_every_element_of_civil_code_article_668(contract: Built) -> None:
    text = contract.text
    # 借款种类、币种、用途、数额、利率、期限和还款方式
    for word in ("借款种类", "币种", "用途", "数额", "利率", "期限", "还款方式"):
        assert word in text, word
    for expected in ("借款合同", "合同编号：HT-20261123-0001", "借款种类：种植贷", "币种：人民币",
                     f"借款用途：{PURPOSE}", "借款期限为12个月，自2026年11月23日起至2027年11月23日",
                     "还款方式：等额本息", "借款年利率为4.80%（单利）", "每月23日为还款日"):
        assert expected in text, expected


def test_contract_names_the_parties(contract: Built) -> None:
    text = contract.text
    for expected in (f"贷款人（甲方）{LENDER}", "借款人（乙方）王芳", f"身份证号{MASKED_ID}",
                     "村组横渠镇横渠村三组", f"保证人（丙方）{COOP}",
                     f"服务机构{STATION_NAME}", f"联系电话{PHONE}", "经办人李建国",
                     f"本合同由服务机构{STATION_NAME}经办"):
        assert expected in text, expected


def test_amount_in_figures_and_in_capitals(tmp_path: Path, key, contract: Built) -> None:
    assert "（大写）伍万元整，（小写）¥50,000.00" in contract.text
    for amount, capital in ((Decimal("100000"), "壹拾万元整"),
                            (Decimal("31005.07"), "叁万壹仟零伍元零柒分")):
        assert to_chinese_capital(amount) == capital
        built = build(tmp_path, key, make_data(amount=amount))
        assert f"（大写）{capital}，（小写）¥{money(amount)}" in built.text
        assert contract_content(built.data)["amount"] == f"{amount:.2f}"


def test_rates_and_fees_are_stated(tmp_path: Path, key) -> None:
    """docs/loans.md: 100,000 at 6 % over 12 months with a 1,000 fee is 7.89 % by IRR."""
    data = make_data(amount=Decimal("100000"), rate=Decimal("0.06"), fees=Decimal("1000"))
    assert data.annualized_rate == Decimal("0.0789")
    text = build(tmp_path, key, data).text
    assert "借款年利率为6.00%（单利）" in text
    assert "按内部收益率（IRR）法计算的年化利率为7.89%" in text
    assert "年化利率（IRR法，含全部费用）" in text and "6.00%7.89%¥1,000.00" in text
    assert "一次性支付费用人民币壹仟元整（¥1,000.00）" in text
    assert "利息合计¥3,279.73，本息合计¥103,279.73" in text  # docs/loans.md §2


def test_every_installment_is_in_the_contract_table(contract: Built) -> None:
    data, text = contract.data, contract.text
    assert len(data.schedule) == 12
    table = text[text.index("第六条"):text.index("第七条")]
    for n, row in enumerate(data.schedule, start=1):
        assert (f"{n}{row.due_date.isoformat()}{money(row.principal)}{money(row.interest)}"
                f"{money(row.total)}{money(row.balance)}") in table, n
    assert sum(r.principal for r in data.schedule) == data.amount
    assert (f"合计{money(data.amount)}{money(data.total_interest)}"
            f"{money(data.total_repayment)}") in table
    assert data.total_repayment == data.amount + data.total_interest


def test_guarantee_insurance_default_and_dispute_clauses(contract: Built) -> None:
    text = contract.text
    assert f"本借款由{COOP}（保证人）提供连带责任保证" in text
    assert f"保单号：{POLICY}" in text and "赔款首先用于归还本合同项下借款" in text
    assert "逾期和违约责任" in text and "不收取罚息和复利" in text
    assert "协商不成的，任何一方均可向贷款人所在地人民法院起诉" in text
    assert "可以随时提前归还" in text and "只按实际使用的天数计算" in text


def test_signature_lines_and_confirmation(contract: Built) -> None:
    text = contract.text
    signing_part = text[text.index("借款人声明"):]
    assert "本人已认真阅读本合同全部条款" in signing_part
    assert "“本人已阅读并理解本合同全部条款。”" in signing_part
    for expected in ("借款人：王芳签字并按手印：____", f"贷款人（盖章）：{LENDER}授权代理人签字：___",
                     f"保证人（盖章）：{COOP}授权代理人签字：___",
                     f"服务站经办人：李建国（{STATION_NAME}）签字：___"):
        assert expected in signing_part, expected
    assert signing_part.count("年___月___日") == 4


def test_no_guarantor_and_no_insurance(tmp_path: Path, key) -> None:
    built = build(tmp_path, key, make_data(guarantor="", insurance_policy_no=""))
    text = built.text
    assert "担保：无" in text and "保证人（丙方）无" in text
    assert "未指定保险保单" in text and "保单号" not in text
    assert "保证人（盖章）" not in text and text.count("年___月___日") == 3
    assert "本合同一式三份" in text
    assert built.pages == 3


def test_about_three_pages_for_twelve_months(contract: Built) -> None:
    assert contract.pages == 3 == len(contract.reader.pages)
    assert contract.reader.metadata.title == "借款合同"
    assert contract.reader.metadata.author == "李建国"


def test_order_loan_paid_at_maturity(tmp_path: Path, key) -> None:
    note = "以拼多多订单 12 笔（合计 ¥86,400.00）为还款来源"
    data = make_data(amount=Decimal("60000"), rate=Decimal("0.045"), months=3, method="bullet",
                     product_name="订单贷", product_kind="order", guarantor="",
                     insurance_policy_no="", orders_note=note,
                     purpose="凭电商平台已确认订单，用于农产品采摘、分拣、包装和发货")
    built = build(tmp_path, key, data)
    text = built.text
    assert "借款种类：订单贷" in text and "还款方式：利随本清" in text
    assert squeeze(f"还款来源：{note}") in text
    assert "日利率=年利率÷360" in text and "还款日为2027年2月23日" in text
    row = data.schedule[0]
    assert f"12027-02-23{money(row.principal)}{money(row.interest)}{money(row.total)}0.00" in text
    assert built.pages <= 3


def test_long_schedule_spans_pages_with_header_repeated(tmp_path: Path, key) -> None:
    data = make_data(months=36, method="equal_principal")
    built = build(tmp_path, key, data)
    text = built.text
    for n, row in enumerate(data.schedule, start=1):
        assert f"{n}{row.due_date.isoformat()}{money(row.principal)}" in text, n
    assert 3 <= built.pages <= 5


# --------------------------------------------------------------------------- schedule doc

def test_schedule_document(schedule_doc: Built) -> None:
    data, text = schedule_doc.data, schedule_doc.text
    assert schedule_doc.pages == 1
    for expected in ("还款计划表", "合同编号HT-20261123-0001", "借款人王芳", "借款金额¥50,000.00",
                     "大写：伍万元整", "还款方式等额本息", "借款年利率4.80%", "年化利率4.80%",
                     "借款期限12个月", "起止日期2026-11-23至2027-11-23", f"服务站电话{PHONE}",
                     f"利息合计¥{money(data.total_interest)}",
                     f"本息合计¥{money(data.total_repayment)}"):
        assert expected in text, expected
    for n, row in enumerate(data.schedule, start=1):
        assert f"{n}{row.due_date.isoformat()}" in text and money(row.total) in text
    assert f"合计{money(data.amount)}{money(data.total_interest)}" in text


# --------------------------------------------------------------------------- the summary

def test_summary_says_it_plainly(summary: Built) -> None:
    data, text = summary.data, summary.text
    assert summary.pages == 1 == len(summary.reader.pages)
    first, last = data.schedule[0], data.schedule[-1]
    for expected in ("贷款明白纸", "王芳，您好", "您借的钱50,000.00元", "（伍万元整）",
                     f"一共要还{money(data.total_repayment)}元",
                     f"其中利息{money(data.total_interest)}元",
                     "每月23日还，共12次", f"第一次2026年12月23日{money(first.total)}元",
                     f"最后一次2027年11月23日{money(last.total)}元",
                     f"中间每次还{money(data.schedule[1].total)}元",
                     "年利率4.80%", "年化利率是4.80%", "晚还了", "信用记录",
                     "能提前还吗能。提前还不收违约金，利息只算您真正用钱的天数",
                     f"电话{PHONE}", POLICY, "HT-20261123-0001"):
        assert expected in text, expected


def test_summary_lists_every_payment_of_a_short_loan(tmp_path: Path, key) -> None:
    data = make_data(months=6, method="equal_principal", fees=Decimal("150"))
    text = build(tmp_path, key, data, KIND_SUMMARY).text
    for n, row in enumerate(data.schedule, start=1):
        day = row.due_date
        assert f"第{n}次{day.year}年{day.month}月{day.day}日{money(row.total)}元" in text, n
    assert "费用（放款时交）150.00元" in text


def test_summary_without_phone_or_guarantor(tmp_path: Path, key) -> None:
    data = make_data(station_phone="", guarantor="", insurance_policy_no="", staff_name="")
    text = build(tmp_path, key, data, KIND_SUMMARY).text
    assert "请到服务站" in text and "替您还" not in text and "保单号" not in text


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("months", [1, 12, 36])
def test_summary_is_one_page(tmp_path: Path, key, months: int, method: str) -> None:
    data = make_data(months=months, method=method, fees=Decimal("500"))
    built = build(tmp_path, key, data, KIND_SUMMARY)
    assert built.pages == 1 == len(built.reader.pages)
    last = data.schedule[-1]
    assert f"{last.due_date.year}年{last.due_date.month}月{last.due_date.day}日" in built.text


def test_summary_with_everything_long_still_fits(tmp_path: Path, key) -> None:
    data = make_data(
        months=36, method="equal_installment", fees=Decimal("1234.56"),
        start=dt.date(2026, 1, 31), farmer_name="欧阳长生德明宝山",
        lender_name="陕西眉县农村商业银行股份有限公司横渠镇营业部第二分理处",
        guarantor="眉县横渠镇横渠村猕猴桃与苹果种植专业合作社联合社",
        station_name="宝鸡市眉县横渠镇横渠村农村电商金融综合服务站",
        product_name="春耕备耕特色产业种植贷", staff_name="司马建国",
        contract_no="HT-20260131-000123-BIS")
    built = build(tmp_path, key, data, KIND_SUMMARY)
    assert built.pages == 1
    assert "没有这一天就在月底" in built.text


def test_summary_type_is_large(summary: Built) -> None:
    """Everything between the header and the footer is at least 13 pt."""
    sizes: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and 40 * 72 / 25.4 < y < (297 - 25) * 72 / 25.4:
            sizes.append((size * abs(tm[3] * cm[3] or 1), text))

    summary.reader.pages[0].extract_text(visitor_text=visit)
    assert sizes
    small = [(s, t) for s, t in sizes if s < 13 - 1e-6]
    assert not small, small[:5]


# --------------------------------------------------------------------------- the QR

def test_qr_on_every_contract_page_verifies(contract: Built, key, tmp_path: Path) -> None:
    images = render_pages(contract.path, tmp_path, dpi=100)
    assert len(images) == contract.pages == 3
    scanned = [read_qr_from_image(image) for image in images]
    assert scanned == [[contract.qr_text]] * 3
    trusted = {signing.public_key_id(key): key.public_key()}
    result = signing.verify_qr_text(scanned[0][0], trusted, contract_content(contract.data))
    assert result.valid and result.content_checked
    assert (result.doc_id, result.kind, result.station_id, result.issued_on) == (
        "LC-20261123-0001", KIND_CONTRACT, STATION_CODE, ISSUED)
    # The paper with another amount or another schedule: altered.
    for other in (make_data(amount=Decimal("60000")), make_data(method="equal_principal"),
                  make_data(farmer_name="张三丰")):
        forged = signing.verify_qr_text(scanned[0][0], trusted, contract_content(other))
        assert forged.status == "altered"


@pytest.mark.parametrize("which", ["schedule_doc", "summary"])
def test_qr_of_schedule_and_summary(which: str, request: pytest.FixtureRequest, key,
                                    tmp_path: Path) -> None:
    built: Built = request.getfixturevalue(which)
    images = render_pages(built.path, tmp_path, dpi=100)
    assert [read_qr_from_image(image) for image in images] == [[built.qr_text]] * built.pages
    trusted = {signing.public_key_id(key): key.public_key()}
    result = signing.verify_qr_text(built.qr_text, trusted, contract_content(built.data))
    assert result.valid and result.kind == built.kind


def test_page_one_renders_with_ink(contract: Built, tmp_path: Path) -> None:
    image = Image.open(render_pages(contract.path, tmp_path, dpi=60)[0]).convert("L")
    width, height = image.size
    body = image.crop((0, int(height * 0.1), width, int(height * 0.8)))
    dark = sum(body.histogram()[:128])
    share = dark / (body.size[0] * body.size[1])
    assert 0.01 < share < 0.5, share


# --------------------------------------------------------------------------- API, escaping

def test_content_covers_the_key_facts(contract: Built) -> None:
    data = contract.data
    content = contract_content(data)
    assert {k: v for k, v in content.items() if k != "schedule_digest"} == {
        "contract_no": "HT-20261123-0001", "doc_id": "LC-20261123-0001",
        "lender_name": LENDER, "farmer_name": "王芳", "resident_id_tail": "0036",
        "amount": "50000.00", "fees": "0.00", "total_repayment": f"{data.total_repayment:.2f}",
        "annual_rate": "4.80", "annualized_rate": "4.80", "term_months": 12,
        "start": "2026-11-23", "maturity": "2027-11-23", "method": "equal_installment",
        "installments": 12, "guarantor": COOP, "insurance_policy_no": POLICY}
    assert re.fullmatch(r"[0-9a-f]{32}", content["schedule_digest"])
    lower = dataclasses.replace(data, doc_id="lc-20261123-0001")
    assert contract_content(lower) == content
    # One fen moved between two installments changes the digest.
    rows = list(data.schedule)
    rows[0] = dataclasses.replace(rows[0], principal=rows[0].principal + Decimal("0.01"),
                                  total=rows[0].total + Decimal("0.01"))
    rows[1] = dataclasses.replace(rows[1], principal=rows[1].principal - Decimal("0.01"),
                                  total=rows[1].total - Decimal("0.01"))
    moved = dataclasses.replace(data, schedule=tuple(rows))
    assert contract_content(moved)["schedule_digest"] != content["schedule_digest"]


def test_names_are_escaped(key) -> None:
    data = make_data(farmer_name="张<三>&", village="横渠村 <二组>", guarantor="A&B<合作社>",
                     staff_name="王&李", purpose="买<种子>&化肥", contract_no="HT-<1>&2")
    for kind, builder in BUILDERS.items():
        out = io.BytesIO()
        pages = builder(out, data, sign(key, data, kind))
        assert out.getvalue().startswith(b"%PDF") and pages >= 1
        reader = PdfReader(io.BytesIO(out.getvalue()))
        text = squeeze("".join(p.extract_text() for p in reader.pages))
        assert "张<三>&" in text and "HT-<1>&2" in text, kind
        if kind != KIND_SUMMARY:
            assert "横渠村<二组>" in text and "A&B<合作社>" in text, kind
        assert reader.metadata.author == "王&李"
    text = squeeze("".join(p.extract_text() for p in PdfReader(_contract_bytes(key, data)).pages))
    assert "买<种子>&化肥" in text


def _contract_bytes(key, data: LoanContractData) -> io.BytesIO:
    out = io.BytesIO()
    build_contract(out, data, sign(key, data, KIND_CONTRACT))
    out.seek(0)
    return out


def test_qr_of_another_document_is_refused(contract: Built, key) -> None:
    data = contract.data
    for qr_text in (sign(key, data, KIND_SUMMARY), sign(key, make_data(amount=Decimal("1000")),
                                                        KIND_CONTRACT),
                    sign(key, dataclasses.replace(data, doc_id="LC-OTHER"), KIND_CONTRACT),
                    "not a qr text"):
        with pytest.raises(ValueError, match="qr_text"):
            build_contract(io.BytesIO(), data, qr_text)
    with pytest.raises(ValueError, match="kind"):
        build_summary(io.BytesIO(), data, sign(key, data, KIND_SCHEDULE))


def test_inconsistent_data_is_refused() -> None:
    with pytest.raises(ValueError, match="masked"):
        make_data(resident_id_masked="610326199003070036")
    with pytest.raises(TypeError, match="Decimal"):
        dataclasses.replace(make_data(), fees=500.0)
    data = make_data()
    for field, bad, match in (
            ("amount", Decimal("60000"), "add up"),
            ("amount", Decimal("50000.001"), "two decimals"),
            ("maturity", dt.date(2027, 12, 23), "maturity"),
            ("term_months", 11, "maturity"),
            ("method", "weekly", "method"),
            ("product_kind", "car", "product_kind"),
            ("doc_id", "LC 1", "doc_id"),
            ("annual_rate", Decimal("4.8"), "fraction"),
            ("fees", Decimal("50000"), "less than"),
            ("contract_no", " ", "contract_no"),
            ("schedule", (), "schedule")):
        with pytest.raises(ValueError, match=match):
            dataclasses.replace(data, **{field: bad})
    listed = dataclasses.replace(data, schedule=list(data.schedule))
    assert listed.schedule == data.schedule


def test_summary_falls_back_to_a_tighter_layout(tmp_path: Path, key) -> None:
    """Too long for the roomy layout: shorter payment list, a little smaller, still 1 page."""
    long_lender = "陕西眉县农村商业银行股份有限公司横渠镇营业部第二分理处" * 3
    data = make_data(months=6, fees=Decimal("150"), lender_name=long_lender,
                     guarantor="眉县横渠镇横渠村猕猴桃与苹果种植专业合作社联合社" * 2)
    built = build(tmp_path, key, data, KIND_SUMMARY)
    assert built.pages == 1
    text = built.text
    assert "第1次" not in text and "第一次" in text and "最后一次" in text
    sizes: list[float] = []
    built.reader.pages[0].extract_text(
        visitor_text=lambda t, cm, tm, font, size: sizes.append(size * abs(tm[3] * cm[3] or 1))
        if t.strip() and 40 * 72 / 25.4 < tm[5] * cm[3] + cm[5] < 272 * 72 / 25.4 else None)
    assert min(sizes) >= 13 - 1e-6


def test_summary_that_cannot_fit_is_refused(tmp_path: Path, key) -> None:
    data = make_data(farmer_name="王" * 900)
    target = tmp_path / "summary.pdf"
    with pytest.raises(ValueError, match="one page"):
        build_summary(target, data, sign(key, data, KIND_SUMMARY))
    assert not target.exists()

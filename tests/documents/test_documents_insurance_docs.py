"""Weather-index insurance documents: 投保单, 保险凭证 and 理赔通知书, built and read back.

Every document is made from the shipped products (``resources/insurance/products.json``, all
four shapes, including the three-section 节气 product) and, for the claims, from indexes
computed on the shipped weather (``resources/weather/*.csv``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from documents_helpers import STATION_CODE, STATION_NAME, render_pages
from pypdf import PdfReader

from station_app import paths
from station_app.documents import signing
from station_app.documents.insurance_docs import (
    KIND_APPLICATION,
    KIND_CLAIM,
    KIND_POLICY,
    ClaimNoticeData,
    InsuranceDocData,
    application_content,
    build_application_form,
    build_claim_notice,
    build_policy_certificate,
    claim_content,
    policy_content,
    terms_digest,
)
from station_app.documents.qr import read_qr_from_image
from station_app.domain.insurance import (
    InsuranceProduct,
    assess_section,
    basis_risk_text,
    describe_product,
    describe_section,
    load_products,
    phase_dates,
    premium,
    premium_split,
    to_fen,
)
from station_app.domain.money import to_chinese_capital
from station_app.domain.weather import DailyWeather, parse_weather_csv

ISSUED = dt.date(2025, 3, 12)
SEASON = 2025
MASKED_ID = "610326********0036"
LOAN = "LA-20250310-0007"
POLICY = "PICC-2025-610326-0088"
CROPS = {"rice": "水稻", "tea": "茶叶", "cherry": "樱桃"}
PRODUCT_IDS = ["rice_heat_mx", "rice_jieqi_wy", "tea_frost_wy", "cherry_rain_mx"]
SHARE_NAMES = {"central": "中央财政", "province": "省级财政", "county": "县级财政",
               "farmer": "农户自缴"}


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def products() -> dict[str, InsuranceProduct]:
    loaded = load_products(paths.resources_dir() / "insurance" / "products.json")
    return {p.id: p for p in loaded}


@pytest.fixture(scope="module")
def weather() -> dict[str, list[DailyWeather]]:
    out = {}
    for station in ("MX-57016", "WY-58527"):
        parsed = parse_weather_csv(paths.resources_dir() / "weather" / f"{station}.csv")
        out[station] = parsed.days(station)
    return out


@pytest.fixture(scope="module")
def key():
    return signing.generate_signing_key()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def mu_text(mu: Decimal) -> str:
    return format(mu.normalize(), "f")


def make_doc(product: InsuranceProduct, mu: str = "10", **changes) -> InsuranceDocData:
    area = Decimal(mu)
    fields = dict(
        doc_id="IA-20250312-0001", issued_on=ISSUED, station_name=STATION_NAME,
        station_code=STATION_CODE, farmer_name="王芳", resident_id_masked=MASKED_ID,
        village="横渠镇横渠村三组", application_no="TB-20250312-0001", policy_no=POLICY,
        product=product, season_year=SEASON, insured_mu=area, premium=premium(product, area),
        shares=premium_split(product, area), loan_application_no=LOAN, staff_name="李建国",
        crop_name=CROPS[product.crop])
    fields.update(changes)
    return InsuranceDocData(**fields)


def make_claim(product: InsuranceProduct, code: str, season: int,
               days: list[DailyWeather], mu: str = "12.5", owed: Decimal | None = None,
               per_mu: Decimal | None = None, **changes) -> ClaimNoticeData:
    """The claim of one section in one season, computed on the shipped weather.

    ``owed`` is what the linked loan still owes (None: no loan); ``per_mu`` overrides the
    section's payout (a claim capped by the season's sum insured)."""
    result = assess_section(product, code, days, season=season)
    area = Decimal(mu)
    per = result.payout_per_mu if per_mu is None else per_mu
    payout = to_fen(per * area)
    to_loan = Decimal("0.00") if owed is None else min(payout, owed)
    fields = dict(
        doc_id=f"IC-{season}-{code.upper().replace('_', '-')}", issued_on=ISSUED,
        station_name=STATION_NAME, station_code=STATION_CODE, farmer_name="王芳",
        resident_id_masked=MASKED_ID, village="横渠镇横渠村三组", policy_no=POLICY,
        product=product, season_year=season, insured_mu=area, section_code=code,
        phase_first=result.first, phase_last=result.last, index_value=result.index,
        payout_per_mu=per, payout=payout, to_loan=to_loan, to_farmer=payout - to_loan,
        loan_application_no=LOAN if owed is not None else "", staff_name="李建国",
        crop_name=CROPS[product.crop])
    fields.update(changes)
    return ClaimNoticeData(**fields)


def paying_season(product: InsuranceProduct, code: str, days: list[DailyWeather],
                  *, pays: bool = True) -> int:
    """The first season of the shipped record where the section pays (or does not)."""
    for season in range(1994, 2024):
        if (assess_section(product, code, days, season=season).payout_per_mu > 0) == pays:
            return season
    raise AssertionError(f"no season where {product.id}/{code} pays={pays}")


CONTENT = {KIND_APPLICATION: application_content, KIND_POLICY: policy_content,
           KIND_CLAIM: claim_content}
BUILDERS = {KIND_APPLICATION: build_application_form, KIND_POLICY: build_policy_certificate,
            KIND_CLAIM: build_claim_notice}


def sign(key, data, kind: str) -> str:
    return signing.sign_document(key, doc_id=data.doc_id, kind=kind,
                                 station_id=data.station_code, issued_on=data.issued_on,
                                 content=CONTENT[kind](data))


@dataclasses.dataclass(frozen=True)
class Built:
    data: InsuranceDocData | ClaimNoticeData
    kind: str
    qr_text: str
    path: Path
    pages: int
    reader: PdfReader

    @property
    def text(self) -> str:
        """All page text without whitespace (CJK wrapping splits lines anywhere)."""
        return squeeze("".join(p.extract_text() for p in self.reader.pages))


def build(tmp: Path, key, data, kind: str) -> Built:
    qr_text = sign(key, data, kind)
    path = tmp / f"{kind.lower()}-{data.product.id}-{data.doc_id}.pdf"
    pages = BUILDERS[kind](path, data, qr_text)
    return Built(data, kind, qr_text, path, pages, PdfReader(path))


def check_qr(built: Built, key, tmp: Path) -> None:
    """Every page carries the QR; it decodes to the signed text and verifies."""
    out = tmp / f"png-{built.path.stem}"
    out.mkdir()
    images = render_pages(built.path, out, dpi=100)
    assert len(images) == built.pages == len(built.reader.pages)
    assert [read_qr_from_image(image) for image in images] == [[built.qr_text]] * built.pages
    trusted = {signing.public_key_id(key): key.public_key()}
    result = signing.verify_qr_text(built.qr_text, trusted, CONTENT[built.kind](built.data))
    assert result.valid and result.content_checked, result.message
    assert (result.doc_id, result.kind, result.station_id, result.issued_on) == (
        built.data.doc_id.upper(), built.kind, STATION_CODE, ISSUED)


# --------------------------------------------------------------------------- the products

def test_the_four_shipped_shapes(products: dict[str, InsuranceProduct]) -> None:
    assert sorted(products) == sorted(PRODUCT_IDS)
    assert [s.code for s in products["rice_jieqi_wy"].sections] == [
        "heavy_rain", "drought", "cold_dew_wind"]
    assert products["tea_frost_wy"].premium_per_mu == Decimal("200.00")


# --------------------------------------------------------------------------- application form

@pytest.mark.parametrize("product_id", PRODUCT_IDS)
def test_application_form(product_id: str, products, key, tmp_path: Path) -> None:
    product = products[product_id]
    data = make_doc(product, "12.5")
    built = build(tmp_path, key, data, KIND_APPLICATION)
    text = built.text
    assert built.pages in (1, 2)
    assert built.reader.metadata.title == "气象指数保险投保单"
    si = product.sum_insured_per_mu * Decimal("12.5")
    for expected in ("气象指数保险投保单", "投保单号：TB-20250312-0001", "保险年度：2025年",
                     "姓名王芳", f"身份证号{MASKED_ID}", "村组横渠镇横渠村三组",
                     f"经办服务站{STATION_NAME}", f"保险产品{product.name_zh}",
                     f"作物{CROPS[product.crop]}",
                     f"气象站{product.station_name_zh}气象站（{product.station_id}）",
                     "投保面积12.5亩", f"每亩保险金额{money(product.sum_insured_per_mu)}元",
                     f"保险金额合计{money(si)}元",
                     f"保费合计{money(data.premium)}元（{to_chinese_capital(data.premium)}）"):
        assert expected in text, expected
    # The subsidy split, fen-exact, adds up to the premium.
    assert sum(data.shares.values()) == data.premium == premium(product, Decimal("12.5"))
    percents = product.subsidy.as_dict()
    for key_, name in SHARE_NAMES.items():
        assert f"{name}{mu_text(percents[key_])}%{money(data.shares[key_])}" in text, name
    assert f"保费合计100%{money(data.premium)}" in text
    farmer = data.shares["farmer"]
    assert (f"您自己交{money(farmer)}元（{to_chinese_capital(farmer)}），其余"
            f"{money(data.premium - farmer)}元由财政补贴") in text
    # Every section in plain words, with its dates in the season.
    for section in product.sections:
        assert squeeze(describe_section(product, section)) in text, section.code
        first, last = phase_dates(product, SEASON)[section.code]
        assert f"{section.name_zh}{first.isoformat()}至{last.isoformat()}" in text
    for sentence in describe_product(product):
        assert squeeze(sentence) in text
    # Basis risk, as DOMAIN.md §7 requires on the application form.
    assert "基差风险提示" in text
    assert squeeze(basis_risk_text(product)) in text
    # The loan the payouts repay first, the declaration and the signature lines.
    assert f"赔款优先偿还贷款{LOAN}" in text
    declaration = text[text.index("投保人声明"):]
    assert "本人已了解基差风险，自愿投保" in declaration
    assert f"本人同意缴纳自缴保费{money(farmer)}元" in declaration
    assert "投保人（被保险人）：王芳签字并按手印：" in declaration
    assert f"服务站经办人：李建国（{STATION_NAME}）签字：" in declaration
    assert declaration.count("年___月___日") == 2
    check_qr(built, key, tmp_path)


def test_application_without_loan_or_policy(products, key, tmp_path: Path) -> None:
    data = make_doc(products["rice_heat_mx"], loan_application_no="", policy_no="",
                    staff_name="", resident_id_masked="", village="")
    built = build(tmp_path, key, data, KIND_APPLICATION)
    text = built.text
    assert "本保单没有指定偿还贷款，赔款全部付给被保险人本人" in text
    assert "赔款优先偿还贷款" not in text
    assert not re.search("(?<!投)保单号", text)  # no policy number before it is issued
    assert "身份证号未登记" in text and "村组未登记" in text
    assert "服务站经办人（" in text
    assert application_content(data)["loan_application_no"] == ""


@pytest.mark.parametrize("product_id,mu", [("rice_heat_mx", "3.33"), ("cherry_rain_mx", "2.37"),
                                           ("tea_frost_wy", "0.07"), ("rice_jieqi_wy", "7.77"),
                                           ("cherry_rain_mx", "0.01")])
def test_printed_split_adds_up_to_the_premium(product_id: str, mu: str, products, key,
                                              tmp_path: Path) -> None:
    """Read the four shares back off the paper: they add up to the printed premium."""
    product = products[product_id]
    data = make_doc(product, mu)
    text = build(tmp_path, key, data, KIND_APPLICATION).text
    printed = {}
    for key_, name in SHARE_NAMES.items():
        found = re.search(re.escape(name) + r"[0-9.]+%([0-9,]+\.[0-9]{2})", text)
        assert found, name
        printed[key_] = Decimal(found.group(1).replace(",", ""))
    total = re.search(r"保费合计100%([0-9,]+\.[0-9]{2})", text)
    assert total
    assert printed == data.shares
    assert sum(printed.values()) == Decimal(total.group(1).replace(",", "")) == data.premium


# --------------------------------------------------------------------------- policy certificate

@pytest.mark.parametrize("product_id", PRODUCT_IDS)
def test_policy_certificate(product_id: str, products, key, tmp_path: Path) -> None:
    product = products[product_id]
    data = make_doc(product, "12.5")
    built = build(tmp_path, key, data, KIND_POLICY)
    assert built.pages == 1 == len(built.reader.pages)
    text = built.text
    si = to_fen(product.sum_insured_per_mu * Decimal("12.5"))
    farmer = data.shares["farmer"]
    dates = phase_dates(product, SEASON)
    first = min(a for a, _ in dates.values())
    last = max(b for _, b in dates.values())
    for expected in ("气象指数保险凭证", f"保单号{POLICY}", "投保单号TB-20250312-0001",
                     "被保险人王芳", f"保险产品{product.name_zh}",
                     f"{product.station_name_zh}气象站（{product.station_id}）",
                     "保险年度2025年", f"保险期间{first.isoformat()}至{last.isoformat()}",
                     "投保面积12.5亩", f"保险金额{money(si)}元{to_chinese_capital(si)}",
                     f"保费合计{money(data.premium)}元",
                     f"农户自缴{money(farmer)}元（财政补贴{money(data.premium - farmer)}元）",
                     "签发日期2025年3月12日", f"赔款去向优先偿还贷款{LOAN}",
                     f"赔款优先偿还贷款{LOAN}", "基差风险"):
        assert expected in text, expected
    for section in product.sections:
        a, b = dates[section.code]
        assert f"{section.name_zh}{a.isoformat()}至{b.isoformat()}" in text, section.code
        assert squeeze(describe_section(product, section)) in text, section.code
    assert f"每亩最多赔{money(product.sum_insured_per_mu)}元" in text
    check_qr(built, key, tmp_path)
    # The certificate's QR does not pass for the application form's content (or kind).
    trusted = {signing.public_key_id(key): key.public_key()}
    assert signing.verify_qr_text(built.qr_text, trusted,
                                  application_content(data)).status == "altered"


def test_policy_certificate_needs_a_policy_number(products, key) -> None:
    data = make_doc(products["rice_heat_mx"], policy_no="")
    with pytest.raises(ValueError, match="not issued"):
        policy_content(data)
    with pytest.raises(ValueError, match="not issued"):
        build_policy_certificate(io.BytesIO(), data, sign(key, make_doc(
            products["rice_heat_mx"]), KIND_POLICY))


def test_certificate_with_long_names_stays_on_one_page(products, key, tmp_path: Path) -> None:
    data = make_doc(products["rice_jieqi_wy"], "1234.56", farmer_name="欧阳长生德明宝山",
                    village="婺源县紫阳镇上坦村委会下坦自然村第十二村民小组",
                    station_name="上饶市婺源县紫阳镇上坦村农村电商金融综合服务站",
                    insurer_name="中国人民财产保险股份有限公司上饶市婺源支公司",
                    application_no="TB-20250312-000123-BIS", policy_no="PICC-2025-361130-000123")
    built = build(tmp_path, key, data, KIND_POLICY)
    assert built.pages == 1
    assert "承保机构中国人民财产保险股份有限公司上饶市婺源支公司" in built.text


def test_certificate_that_cannot_fit_is_refused(products, key, tmp_path: Path) -> None:
    data = make_doc(products["rice_jieqi_wy"], farmer_name="王" * 900)
    target = tmp_path / "policy.pdf"
    with pytest.raises(ValueError, match="one page"):
        build_policy_certificate(target, data, sign(key, data, KIND_POLICY))
    assert not target.exists()


# --------------------------------------------------------------------------- claim notice

SECTIONS = [("rice_heat_mx", "heat"), ("rice_jieqi_wy", "heavy_rain"),
            ("rice_jieqi_wy", "drought"), ("rice_jieqi_wy", "cold_dew_wind"),
            ("tea_frost_wy", "frost"), ("cherry_rain_mx", "harvest_rain")]


@pytest.mark.parametrize("product_id,code", SECTIONS)
def test_claim_notice(product_id: str, code: str, products, weather, key,
                      tmp_path: Path) -> None:
    product = products[product_id]
    days = weather[product.station_id]
    season = paying_season(product, code, days)
    data = make_claim(product, code, season, days, owed=Decimal("300.00"))
    assert data.payout > 0 and data.to_loan == min(data.payout, Decimal("300.00"))
    built = build(tmp_path, key, data, KIND_CLAIM)
    assert built.pages == 1 == len(built.reader.pages)
    text = built.text
    section = product.section(code)
    index = format(data.index_value.normalize(), "f")
    unit = section.info.unit_zh
    for expected in ("气象指数保险理赔通知书", f"保单号：{POLICY}", "被保险人王芳",
                     f"保障项目{section.name_zh}",
                     f"阶段{data.phase_first.isoformat()}",
                     f"至{data.phase_last.isoformat()}",
                     f"{product.station_name_zh}气象站（{product.station_id}）",
                     "投保面积12.5亩", "本阶段实测", f"{index}{unit}",
                     f"每亩赔款{money(data.payout_per_mu)}元",
                     f"赔款合计¥{money(data.payout)}",
                     f"（大写）{to_chinese_capital(data.payout)}",
                     f"先还贷款{LOAN}¥{money(data.to_loan)}",
                     f"付给您¥{money(data.to_farmer)}",
                     f"（大写）{to_chinese_capital(data.to_farmer)}",
                     # the plain sentence
                     f"王芳，您好！{data.phase_first.year}年{data.phase_first.month}月"
                     f"{data.phase_first.day}日到", "达到了赔付标准",
                     f"每亩赔{money(data.payout_per_mu)}元。您投保了12.5亩，一共赔"
                     f"{money(data.payout)}元"):
        assert expected in text, expected
    if data.to_farmer:
        assert (f"其中{money(data.to_loan)}元先用来还贷款{LOAN}，剩下的"
                f"{money(data.to_farmer)}元付给您") in text
    else:
        assert f"全部用来还贷款{LOAN}" in text
    assert data.payout == to_fen(data.payout_per_mu * Decimal("12.5"))
    assert data.to_loan + data.to_farmer == data.payout
    check_qr(built, key, tmp_path)


def test_claim_figures_and_capitals(products, weather, key, tmp_path: Path) -> None:
    """Rice heat 2011 on 眉县's record: a 7-day heat wave pays (7 − 2) × 25 = 125 元/mu."""
    product = products["rice_heat_mx"]
    data = make_claim(product, "heat", 2011, weather["MX-57016"], owed=Decimal("1000.00"))
    assert (data.index_value, data.payout_per_mu, data.payout) == (
        Decimal(7), Decimal("125.00"), Decimal("1562.50"))
    text = build(tmp_path, key, data, KIND_CLAIM).text
    for expected in ("阶段2011-06-25至2011-08-31", "日最高气温≥35°C的最长连续天数是7天",
                     "达到3天起赔，每天每亩25.00元", "每亩赔款=(7−2)天×25.00元=125.00元。",
                     "赔款合计¥1,562.50",
                     "（大写）壹仟伍佰陆拾贰元伍角", "先还贷款LA-20250310-0007¥1,000.00",
                     "付给您¥562.50", "（大写）伍佰陆拾贰元伍角"):
        assert expected in text, expected
    content = claim_content(data)
    assert content == {
        "doc_id": "IC-2011-HEAT", "claim_no": "", "policy_no": POLICY, "farmer_name": "王芳",
        "resident_id_tail": "0036", "product_id": "rice_heat_mx", "section_code": "heat",
        "season_year": 2011, "phase_first": "2011-06-25", "phase_last": "2011-08-31",
        "weather_station": "MX-57016", "index_value": "7", "payout_per_mu": "125.00",
        "insured_mu": "12.50", "payout": "1562.50", "to_loan": "1000.00",
        "to_farmer": "562.50", "loan_application_no": LOAN}


def test_frost_claim_reads_in_degrees(products, weather, key, tmp_path: Path) -> None:
    product = products["tea_frost_wy"]
    days = weather["WY-58527"]
    season = paying_season(product, "frost", days)
    data = make_claim(product, "frost", season, days, mu="2.5", claim_no="LP-0001")
    text = build(tmp_path, key, data, KIND_CLAIM).text
    index = format(data.index_value.normalize(), "f")
    assert data.index_value < Decimal("0.5")
    assert f"婺源气象站测得最低的一天最低气温是{index}°C" in text
    assert "低于0.5°C起赔，-3.5°C及以下赔满" in text
    if data.index_value > Decimal("-3.5"):
        assert (f"每亩赔款=(0.5−({index}))°C×2,000.00元÷4°C={money(data.payout_per_mu)}元"
                "（算到分）") in text
    assert "℃" not in text  # the font has no ℃ glyph
    assert "理赔编号：LP-0001" in text and "全部付给您" in text and "先还贷款" not in text
    assert f"付给您¥{money(data.payout)}" in text


def test_claim_without_payout(products, weather, key, tmp_path: Path) -> None:
    product = products["cherry_rain_mx"]
    days = weather["MX-57016"]
    season = paying_season(product, "harvest_rain", days, pays=False)
    data = make_claim(product, "harvest_rain", season, days, owed=Decimal("500.00"))
    assert data.payout == 0 == data.to_loan == data.to_farmer
    built = build(tmp_path, key, data, KIND_CLAIM)
    text = built.text
    assert built.pages == 1
    assert "没有达到赔付标准（超过10毫米起赔）" in text
    assert "“采摘期强降雨（裂果）”这一项今年不赔钱" in text
    assert "赔款合计¥0.00" in text and "（大写）零元整" in text


def test_claim_capped_by_the_sum_insured(products, weather, key, tmp_path: Path) -> None:
    """Earlier claims of the season already paid 350 of 400 元/mu: this one pays 50."""
    product = products["rice_jieqi_wy"]
    days = weather["WY-58527"]
    season = next(s for s in range(1994, 2024)
                  if assess_section(product, "cold_dew_wind", days, season=s).payout_per_mu
                  > Decimal("50"))
    data = make_claim(product, "cold_dew_wind", season, days, mu="10",
                      per_mu=Decimal("50.00"), owed=Decimal("100.00"))
    text = build(tmp_path, key, data, KIND_CLAIM).text
    assert (f"按指数计算每亩应赔{money(data.due_per_mu)}元；本保单同一季各项赔款合计每亩最多赔"
            "400.00元（保险金额），所以这次每亩赔50.00元") in text
    assert "赔款合计¥500.00" in text and "付给您¥400.00" in text
    # Sum insured used up by the earlier claims: the index is reached but nothing is paid.
    spent = make_claim(product, "cold_dew_wind", season, days, mu="10", per_mu=Decimal("0.00"))
    text = build(tmp_path, key, spent, KIND_CLAIM).text
    assert "达到了赔付标准（4天起赔），但本保单这一季的赔款已经赔满每亩保险金额400.00元" in text
    assert "赔款合计¥0.00" in text and "（大写）零元整" in text


# --------------------------------------------------------------------------- API, escaping

def test_content_of_application_and_policy(products) -> None:
    product = products["rice_heat_mx"]
    data = make_doc(product, "10")
    content = application_content(data)
    assert {k: v for k, v in content.items() if k != "terms_digest"} == {
        "doc_id": "IA-20250312-0001", "application_no": "TB-20250312-0001",
        "farmer_name": "王芳", "resident_id_tail": "0036", "product_id": "rice_heat_mx",
        "product_name": "水稻高温热害气象指数保险", "weather_station": "MX-57016",
        "season_year": 2025, "insured_mu": "10.00", "sum_insured": "2000.00",
        "premium": "120.00", "premium_central": "54.00", "premium_province": "30.00",
        "premium_county": "6.00", "premium_farmer": "30.00", "loan_application_no": LOAN}
    assert re.fullmatch(r"[0-9a-f]{32}", content["terms_digest"])
    assert policy_content(data) == {**content, "policy_no": POLICY}
    assert application_content(dataclasses.replace(data, doc_id="ia-20250312-0001")) == content
    # Other terms (a trigger moved by one day) change the digest.
    section = dataclasses.replace(product.sections[0], deductible_days=3)
    other = dataclasses.replace(product, sections=(section,))
    assert terms_digest(other) != terms_digest(product)
    assert terms_digest(dataclasses.replace(product)) == terms_digest(product)


def test_names_are_escaped(products, weather, key) -> None:
    product = products["rice_heat_mx"]
    odd = dict(farmer_name="张<三>&", village="横渠村 <二组>", staff_name="王&李")
    data = make_doc(product, **odd, loan_application_no="LA-<1>&2")
    claim = make_claim(product, "heat", 2011, weather["MX-57016"], owed=Decimal("10"),
                       loan_application_no="LA-<1>&2", **odd)
    for kind, item in ((KIND_APPLICATION, data), (KIND_POLICY, data), (KIND_CLAIM, claim)):
        out = io.BytesIO()
        pages = BUILDERS[kind](out, item, sign(key, item, kind))
        assert out.getvalue().startswith(b"%PDF") and pages >= 1
        reader = PdfReader(io.BytesIO(out.getvalue()))
        text = squeeze("".join(p.extract_text() for p in reader.pages))
        assert "张<三>&" in text and "横渠村<二组>" in text and "LA-<1>&2" in text, kind
        assert reader.metadata.author == "王&李"


def test_qr_of_another_document_is_refused(products, weather, key) -> None:
    data = make_doc(products["rice_heat_mx"])
    for qr_text in (sign(key, data, KIND_POLICY),
                    sign(key, make_doc(products["rice_heat_mx"], "11"), KIND_APPLICATION),
                    sign(key, dataclasses.replace(data, doc_id="IA-OTHER"), KIND_APPLICATION),
                    sign(key, dataclasses.replace(data, issued_on=dt.date(2025, 3, 13)),
                         KIND_APPLICATION),
                    "not a qr text"):
        with pytest.raises(ValueError, match="qr_text"):
            build_application_form(io.BytesIO(), data, qr_text)
    with pytest.raises(ValueError, match="kind"):
        build_policy_certificate(io.BytesIO(), data, sign(key, data, KIND_APPLICATION))
    claim = make_claim(products["rice_heat_mx"], "heat", 2011, weather["MX-57016"])
    other = make_claim(products["rice_heat_mx"], "heat", 2011, weather["MX-57016"], mu="10")
    with pytest.raises(ValueError, match="content"):
        build_claim_notice(io.BytesIO(), claim, sign(key, other, KIND_CLAIM))


def test_inconsistent_data_is_refused(products, weather) -> None:
    product = products["rice_heat_mx"]
    data = make_doc(product)
    shares = dict(data.shares)
    for changes, error, match in (
            (dict(resident_id_masked="610326199003070036"), ValueError, "masked"),
            (dict(premium=120.0), TypeError, "Decimal"),
            (dict(premium=Decimal("120.001")), ValueError, "two decimals"),
            (dict(premium=Decimal("121.00")), ValueError, "add up"),
            (dict(shares={**shares, "farmer": shares["farmer"] + Decimal("0.01")}), ValueError,
             "add up"),
            (dict(shares={k: v for k, v in shares.items() if k != "county"}), ValueError,
             "keys"),
            (dict(insured_mu=Decimal("0")), ValueError, "insured_mu"),
            (dict(insured_mu=Decimal("1.234")), ValueError, "insured_mu"),
            (dict(doc_id="IA 1"), ValueError, "doc_id"),
            (dict(application_no=" "), ValueError, "application_no"),
            (dict(season_year="2025"), ValueError, "season_year"),
            (dict(issued_on=dt.datetime(2025, 3, 12, 9)), TypeError, "issued_on")):
        with pytest.raises(error, match=match):
            dataclasses.replace(data, **changes)

    claim = make_claim(product, "heat", 2011, weather["MX-57016"], owed=Decimal("1000.00"))
    for changes, match in (
            (dict(payout=Decimal("1562.51"), to_farmer=Decimal("562.51")), "payout_per_mu ×"),
            (dict(to_farmer=Decimal("562.49")), "to_loan \\+ to_farmer"),
            (dict(payout_per_mu=Decimal("150.00"), payout=Decimal("1875.00"),
                  to_farmer=Decimal("875.00")), "more than the index"),
            (dict(phase_first=dt.date(2011, 6, 24)), "window"),
            (dict(season_year=2012), "window"),
            (dict(section_code="frost"), "no section"),
            (dict(loan_application_no=""), "loan_application_no"),
            (dict(policy_no=""), "policy_no")):
        with pytest.raises(ValueError, match=match):
            dataclasses.replace(claim, **changes)
    with pytest.raises(TypeError, match="index_value"):
        dataclasses.replace(claim, index_value=7)


def test_pdftotext_reads_the_notice_too(products, weather, key, tmp_path: Path) -> None:
    """poppler's text layer agrees: the payout and its capitals are real text."""
    exe = shutil.which("pdftotext")
    assert exe, "poppler-utils (pdftotext) is needed for these tests"
    data = make_claim(products["rice_heat_mx"], "heat", 2011, weather["MX-57016"])
    built = build(tmp_path, key, data, KIND_CLAIM)
    text = squeeze(subprocess.run([exe, str(built.path), "-"], check=True, capture_output=True,
                                  text=True).stdout)
    assert "¥1,562.50" in text and "壹仟伍佰陆拾贰元伍角" in text and POLICY in text


def _season_days(first: dt.date, last: dt.date, **special) -> list[DailyWeather]:
    """Plain days from ``first`` to ``last``; ``special`` maps ISO dates to field changes."""
    out, day = [], first
    while day <= last:
        values = dict(precip_mm=Decimal("0.0"), tmax=Decimal("30.0"), tmin=Decimal("20.0"),
                      tmean=Decimal("25.0"))
        values.update(special.get(day.isoformat(), {}))
        out.append(DailyWeather(day, **values))
        day += dt.timedelta(days=1)
    return out


def test_claim_formula_at_the_caps(products, key, tmp_path: Path) -> None:
    """A 12-day heat wave is (12 − 2) × 25 = 250, capped at 200; 180 mm of rain on a cherry
    harvest day is past the 160 mm exit: the full 4000."""
    heat = products["rice_heat_mx"]
    wave = {(dt.date(2025, 7, 10) + dt.timedelta(days=n)).isoformat(): {"tmax": Decimal("36.1")}
            for n in range(12)}
    days = _season_days(dt.date(2025, 6, 25), dt.date(2025, 8, 31), **wave)
    data = make_claim(heat, "heat", 2025, days, mu="2")
    assert data.payout == Decimal("400.00")
    text = build(tmp_path, key, data, KIND_CLAIM).text
    assert ("每亩赔款=(12−2)天×25.00元=250.00元，超过这一项每亩最多赔的200.00元，按200.00元算"
            in text)
    cherry = products["cherry_rain_mx"]
    days = _season_days(dt.date(2025, 5, 15), dt.date(2025, 6, 5),
                        **{"2025-05-20": {"precip_mm": Decimal("180.0")}})
    data = make_claim(cherry, "harvest_rain", 2025, days, mu="0.5")
    assert (data.payout_per_mu, data.payout) == (Decimal("4000.00"), Decimal("2000.00"))
    text = build(tmp_path, key, data, KIND_CLAIM).text
    assert "实测180毫米已到赔满的160毫米，每亩赔满4,000.00元" in text
    assert "（大写）贰仟元整" in text
    days = _season_days(dt.date(2025, 5, 15), dt.date(2025, 6, 5),
                        **{"2025-05-20": {"precip_mm": Decimal("23.4")}})
    data = make_claim(cherry, "harvest_rain", 2025, days, mu="1")
    text = build(tmp_path, key, data, KIND_CLAIM).text
    # docs/insurance.md worked example 2: 13.4 × 4000 / 150 = 357.333… → 357.33
    assert "每亩赔款=(23.4−10)毫米×4,000.00元÷150毫米=357.33元（算到分）" in text

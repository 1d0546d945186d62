"""Exports on a real station database: lists to CSV/XLSX (masked unless revealed, then
audited per farmer; formula injection neutralised; an audit entry per export) and a
farmer's own data copy (JSON + signed PDF)."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from station_app.domain.loans import quote_planting_loan
from station_app.domain.planting import CostInput, HarvestInput, PlotInput, SeasonInput
from station_app.services import (
    exports,
    farmers,
    loan_applications as apps,
    loans,
    planting,
    reports,
    shops,
    signing,
    training,
)
from station_app.services.errors import PermissionDenied
from station_app.store.models import AuditEntry, IssuedDocument


def _entries(db, action: str) -> list[AuditEntry]:
    with Session(db.engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)
                                 .order_by(AuditEntry.seq)))


def _read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel on Chinese Windows
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def _read_xlsx(path) -> list[list[object]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


@pytest.fixture
def registered(tutor_ctx, valid_farmer_input):
    inputs = [valid_farmer_input(name=n) for n in ("张三", "李四", "王五")]
    ids = [farmers.register_farmer(tutor_ctx, i) for i in inputs]
    return list(zip(ids, inputs))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_farmer_list_is_masked_by_default(fmt, tutor_ctx, registered, tmp_path, db) -> None:
    path = tmp_path / f"farmers.{fmt}"
    result = exports.export_farmers(tutor_ctx, path, fmt)
    assert result.rows == 3 and not result.revealed and path.exists()
    assert not path.with_name(path.name + ".part").exists()
    rows = _read_csv(path) if fmt == "csv" else _read_xlsx(path)
    assert rows[0][:6] == ["姓名", "性别", "出生日期", "身份证号", "手机号", "银行卡号"]
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"张三", "李四", "王五"}
    raw = path.read_bytes()
    for farmer_id, inp in registered:
        row = by_name[inp.name]
        assert row[3] == inp.resident_id[:6] + "********" + inp.resident_id[-4:]
        assert row[4] == inp.phone[:3] + "****" + inp.phone[-4:]
        assert row[5] == "**** " + inp.bank_card[-4:]
        assert row[9] == farmer_id
        if fmt == "csv":  # xlsx is zipped: the read-back above is the check there
            assert inp.resident_id.encode() not in raw and inp.phone.encode() not in raw
    [entry] = _entries(db, "export")
    changes = json.loads(entry.changes)
    assert entry.entity == "farmers" and changes["rows"] == 3 and changes["format"] == fmt
    assert changes["sensitive_revealed"] is False and "身份证号" in changes["columns"]
    assert _entries(db, "reveal") == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_specialist_may_reveal_and_each_farmer_is_audited(
        fmt, specialist_ctx, registered, tmp_path, db) -> None:
    path = tmp_path / f"farmers.{fmt}"
    result = exports.export_farmers(specialist_ctx, path, fmt, reveal=True)
    assert result.revealed and result.revealed_farmers == 3
    rows = _read_csv(path) if fmt == "csv" else _read_xlsx(path)
    by_name = {r[0]: r for r in rows[1:]}
    for _farmer_id, inp in registered:
        assert by_name[inp.name][3:6] == [inp.resident_id, inp.phone, inp.bank_card]
    reveals = _entries(db, "reveal")
    assert sorted(e.entity_id for e in reveals) == sorted(i for i, _ in registered)
    assert all(json.loads(e.changes)["purpose"] == "export:farmers" for e in reveals)
    assert all(e.username == "specialist" for e in reveals)
    [entry] = _entries(db, "export")
    assert json.loads(entry.changes)["sensitive_revealed"] is True


def test_a_tutor_cannot_reveal(tutor_ctx, registered, tmp_path, db) -> None:
    path = tmp_path / "farmers.csv"
    with pytest.raises(PermissionDenied):
        exports.export_farmers(tutor_ctx, path, "csv", reveal=True)
    with pytest.raises(PermissionDenied):
        exports.export_table(tutor_ctx, "x", ["身份证号"], [["110101199003071234"]], path,
                             sensitive_columns=(0,), reveal=True)
    assert not path.exists() and _entries(db, "export") == [] and _entries(db, "reveal") == []


def test_the_search_is_exported_and_pages_do_not_repeat(
        tutor_ctx, valid_farmer_input, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(exports, "BATCH", 2)  # several pages through the keyset cursor
    for name in ("张一", "张二", "张三", "张四", "张五", "李六"):
        farmers.register_farmer(tutor_ctx, valid_farmer_input(name=name))
    seen: list[tuple[int, int]] = []
    result = exports.export_farmers(tutor_ctx, tmp_path / "z.csv", "csv", query="张",
                                    progress=lambda done, total: seen.append((done, total)))
    names = [r[0] for r in _read_csv(tmp_path / "z.csv")[1:]]
    assert sorted(names) == ["张一", "张三", "张二", "张五", "张四"] and result.rows == 5
    assert [d for d, _t in seen] == [2, 4, 5]
    everyone = exports.export_farmers(tutor_ctx, tmp_path / "all.csv", "csv")
    assert everyone.rows == 6


def test_generic_export_masks_neutralises_formulas_and_keeps_money_exact(
        tutor_ctx, tmp_path, db) -> None:
    headers = ["名称", "金额（元）", "身份证号", "备注"]
    rows = [["=HYPERLINK(\"http://x\")", Decimal("12345.67"), "110101199003071234", "+1"],
            ["@SUM(A1)", Decimal("-0.10"), "", "-2+3"],
            ["正常", Decimal("0.30"), None, "\tcmd"]]
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"t.{fmt}"
        result = exports.export_table(tutor_ctx, "test_list", headers, rows, path, fmt=fmt,
                                      sensitive_columns=("身份证号",))
        assert result.rows == 3
        back = _read_csv(path) if fmt == "csv" else _read_xlsx(path)
        assert back[1][0] == "'=HYPERLINK(\"http://x\")" and back[2][0] == "'@SUM(A1)"
        assert back[1][3] == "'+1" and back[2][3] == "'-2+3" and back[3][3] == "'\tcmd"
        assert back[1][2] == "110101********1234"
        if fmt == "csv":
            assert [r[1] for r in back[1:]] == ["12345.67", "-0.10", "0.30"]
            assert b"110101199003071234" not in path.read_bytes()
        else:
            assert [Decimal(str(r[1])) for r in back[1:]] == [
                Decimal("12345.67"), Decimal("-0.1"), Decimal("0.3")]
    assert len(_entries(db, "export")) == 2


def test_a_failed_export_leaves_no_file_and_no_export_entry(tutor_ctx, tmp_path, db) -> None:
    def rows():
        yield ["a"]
        raise RuntimeError("disk gone")

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuntimeError):
        exports.export_table(tutor_ctx, "x", ["h"], rows(), out / "x.csv")
    assert list(out.iterdir()) == [] and _entries(db, "export") == []


def _planting_quote():
    product = loans.catalogue()["farm_input_standard"]
    start = date(2026, 3, 5)
    return quote_planting_loan(
        product, score_grade="B", credit_limit=Decimal("80000"),
        planted_area_mu=Decimal("30"), input_cost_per_mu=Decimal("1500"),
        disbursement=start, expected_harvest=start + timedelta(days=150),
        requested_amount=Decimal("20000"), method="equal_installment",
        requested_term_months=6)


def test_loan_list_export_masked_then_revealed(specialist_ctx, branch_ctx, registered,
                                               tmp_path, db) -> None:
    farmer_id, inp = registered[0]
    apps.file_application(specialist_ctx, farmer_id, _planting_quote(),
                          now=datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
    masked = exports.export_loans(branch_ctx, tmp_path / "loans.csv", "csv")
    rows = _read_csv(tmp_path / "loans.csv")
    assert masked.rows == 1 and rows[1][3] == inp.resident_id[:6] + "********" + inp.resident_id[-4:]
    assert rows[1][5] == "20000.00"
    exports.export_loans(branch_ctx, tmp_path / "loans.xlsx", "xlsx", reveal=True)
    assert _read_xlsx(tmp_path / "loans.xlsx")[1][3] == inp.resident_id
    [reveal] = _entries(db, "reveal")
    assert reveal.entity_id == farmer_id
    kinds = [e.entity for e in _entries(db, "export")]
    assert kinds == ["loan_applications", "loan_applications"]
    policies = exports.export_policies(branch_ctx, tmp_path / "p.csv", "csv")
    assert policies.rows == 0 and len(_read_csv(tmp_path / "p.csv")) == 1


def _rich_farmer(tutor_ctx, specialist_ctx, valid_farmer_input):
    inp = valid_farmer_input(name="欧阳秀")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    shop_id = shops.create_shop(tutor_ctx, farmer_id, platform="pinduoduo", shop_name="秀姐猕猴桃",
                                opened_on=date(2024, 5, 1))
    shops.record_monthly_total(tutor_ctx, shop_id, month=date(2025, 1, 1), orders=12,
                               gmv=Decimal("3456.78"))
    plot_id = planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="河边园", area_mu=Decimal("4.5")))
    planted = date(2025, 3, 1)
    season_id = planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="kiwifruit", planting_date=planted, area_mu=Decimal("4")))
    planting.record_harvest(tutor_ctx, season_id, HarvestInput(
        planted + timedelta(days=180), Decimal("3000"), Decimal("50"), Decimal("90")))
    planting.add_input_cost(tutor_ctx, season_id, CostInput("fertilizer", planted, Decimal("1200.50")))
    session_id = training.create_session(tutor_ctx, held_on=date(2025, 3, 10), topic="直播带货",
                                         location="村委会", duration_minutes=90)
    training.set_attendance(tutor_ctx, session_id, [farmer_id])
    reports.print_credit_report(specialist_ctx, farmer_id, target_dir=tutor_ctx.db.path.parent)
    apps.file_application(specialist_ctx, farmer_id, _planting_quote(),
                          now=datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
    return farmer_id, inp


SECTIONS = {"profile", "consents", "shops", "monthly_sales", "plots", "seasons", "training",
            "credit_scores", "loan_applications", "insurance_policies", "documents_issued",
            "audit_trail"}


def test_farmer_data_export_for_a_tutor_is_masked_signed_and_complete(
        tutor_ctx, specialist_ctx, valid_farmer_input, tmp_path, db) -> None:
    farmer_id, inp = _rich_farmer(tutor_ctx, specialist_ctx, valid_farmer_input)
    pdf_path, json_path = exports.farmer_data_export(tutor_ctx, farmer_id, tmp_path / "out")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert SECTIONS <= set(data) and data["schema_version"] == exports.SCHEMA_VERSION
    assert data["sensitive_values"] == "masked"
    assert data["profile"]["resident_id"] == inp.resident_id[:6] + "********" + inp.resident_id[-4:]
    assert inp.resident_id not in json_path.read_text(encoding="utf-8")
    assert data["shops"][0]["shop_name"] == "秀姐猕猴桃"
    assert data["shops"][0]["monthly_typed"][0]["gmv"] == "3456.78"  # Decimal as text
    assert data["seasons"][0]["harvests"][0]["yield_kg"] == "3000.00"
    assert data["seasons"][0]["costs"][0]["amount_yuan"] == "1200.50"
    assert data["training"][0]["topic"] == "直播带货"
    assert data["credit_scores"]["latest"]["result"]["total"] == data["credit_scores"]["history"][-1]["total"]
    assert data["loan_applications"][0]["amount"] == "20000.00"
    assert data["loan_applications"][0]["moves"]
    assert data["consents"] and data["documents_issued"][0]["kind"] == "CREDIT-REPORT"
    entities = {e["entity"] for e in data["audit_trail"]}
    assert {"farmer", "shop", "loan_application"} <= entities
    date.fromisoformat(data["issued_on"])
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "个人信息副本" in text and "欧阳秀" in text
    assert inp.resident_id[:6] + "********" + inp.resident_id[-4:] in text
    assert inp.resident_id not in text and "部分隐藏" in text
    with Session(db.engine) as session:
        record = session.exec(select(IssuedDocument).where(
            IssuedDocument.kind == "PERSONAL-DATA-COPY")).one()
    assert record.farmer_id == farmer_id and record.doc_id == data["doc_id"]
    checked = signing.check(db, record.qr_text)
    assert checked.verification.valid and checked.verification.content_checked
    assert checked.content["farmer_name"] == "欧阳秀"
    import hashlib
    assert checked.content["json_sha256"] == hashlib.sha256(json_path.read_bytes()).hexdigest()
    [entry] = [e for e in _entries(db, "export") if e.entity == "farmer"]
    assert entry.entity_id == farmer_id and json.loads(entry.changes)["sensitive_revealed"] is False
    assert _entries(db, "reveal") == []


def test_farmer_data_export_by_a_specialist_has_full_numbers_and_is_audited(
        tutor_ctx, specialist_ctx, valid_farmer_input, tmp_path, db) -> None:
    inp = valid_farmer_input(name="祝强")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    pdf_path, json_path = exports.farmer_data_export(specialist_ctx, farmer_id, tmp_path)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["sensitive_values"] == "full"
    assert (data["profile"]["resident_id"], data["profile"]["phone"],
            data["profile"]["bank_card"]) == (inp.resident_id, inp.phone, inp.bank_card)
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert inp.resident_id in text and "祝强" in text
    reveals = _entries(db, "reveal")
    assert {json.loads(e.changes)["field"] for e in reveals} == {"resident_id", "phone", "bank_card"}
    assert all(e.entity_id == farmer_id for e in reveals)
    with Session(db.engine) as session:
        record = session.exec(select(IssuedDocument)).one()
    assert inp.resident_id not in record.content  # the synced record keeps the masked form only

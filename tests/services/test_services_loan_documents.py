"""Printing a loan's contract, schedule and summary from the database: who may, when, and
what the signed PDFs hold when read back."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from station_app.domain.loans import quote_planting_loan
from station_app.domain.money import to_chinese_capital
from station_app.domain.workflow import Action, State
from station_app.services import farmers, loan_applications as apps, loan_documents, loans
from station_app.services import signing
from station_app.services.errors import PermissionDenied
from station_app.services.loan_applications import WorkflowRefused
from station_app.store.models import IssuedDocument


def _text(path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))


@pytest.fixture
def application(specialist_ctx, tutor_ctx, valid_farmer_input) -> str:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="孟庆丰"))
    start = date.today()
    quote = quote_planting_loan(
        loans.catalogue()["farm_input_standard"], score_grade="B",
        credit_limit=Decimal("80000"), planted_area_mu=Decimal("30"),
        input_cost_per_mu=Decimal("1500"), disbursement=start,
        expected_harvest=start + timedelta(days=330), requested_amount=Decimal("30500"),
        method="equal_installment", requested_term_months=12)
    assert quote.eligible, quote.reasons
    return apps.file_application(specialist_ctx, farmer_id, quote)


def test_the_contract_waits_for_approval_then_holds_the_terms_and_verifies(
        application, specialist_ctx, branch_ctx, tmp_path, db) -> None:
    with pytest.raises(PermissionDenied):
        loan_documents.print_loan_document(specialist_ctx, application, "contract",
                                           target_dir=tmp_path)
    with pytest.raises(WorkflowRefused) as early:
        loan_documents.print_loan_document(branch_ctx, application, "contract",
                                           target_dir=tmp_path)
    assert "批准" in str(early.value)
    apps.move(branch_ctx, application, Action.START_REVIEW)
    apps.move(branch_ctx, application, Action.APPROVE)
    printed = loan_documents.print_loan_document(branch_ctx, application, "contract",
                                                 target_dir=tmp_path)
    view = apps.get_application(branch_ctx, application)
    assert view.state is State.CONTRACT_PRINTED  # the first print moved it on
    assert printed.pages >= 3
    text = _text(printed.path)
    assert "30,500.00" in text
    assert to_chinese_capital(Decimal("30500")) == "叁万零伍佰元整"
    assert "叁万零伍佰元整" in text
    assert f"{view.annualized_rate * 100:.2f}%" in text
    assert loan_documents.contract_number(view.application_no) in text
    for inst in view.schedule:
        assert inst.due_date.isoformat() in text or f"{inst.due_date:%Y年%m月%d日}" in text
    with Session(db.engine) as session:
        record = session.exec(select(IssuedDocument).where(
            IssuedDocument.doc_id == printed.doc_id)).one()
    assert record.station_id == view.station_id and record.kind == "LOAN-CONTRACT"
    checked = signing.check(db, record.qr_text)
    assert checked.verification.valid and checked.verification.content_checked
    assert checked.content["amount"] == "30500.00"
    # A reprint keeps the state and the contract number.
    again = loan_documents.print_loan_document(branch_ctx, application, "contract",
                                               target_dir=tmp_path)
    assert apps.get_application(branch_ctx, application).state is State.CONTRACT_PRINTED
    assert loan_documents.contract_number(view.application_no) in _text(again.path)


def test_the_specialist_prints_the_summary_for_the_farmer_on_one_page(
        application, specialist_ctx, tutor_ctx, tmp_path) -> None:
    printed = loan_documents.print_loan_document(specialist_ctx, application, "summary",
                                                 target_dir=tmp_path)
    assert printed.pages == 1
    assert "孟庆丰" in _text(printed.path)
    schedule = loan_documents.print_loan_document(specialist_ctx, application, "schedule",
                                                  target_dir=tmp_path)
    assert schedule.pages >= 1
    with pytest.raises(PermissionDenied):
        loan_documents.print_loan_document(tutor_ctx, application, "summary",
                                           target_dir=tmp_path)
    apps.move(specialist_ctx, application, Action.WITHDRAW, reason="农户不借了")
    with pytest.raises(WorkflowRefused):
        loan_documents.print_loan_document(specialist_ctx, application, "summary",
                                           target_dir=tmp_path)

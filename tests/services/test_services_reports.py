"""Printing a farmer's credit report from the database: signed, recorded, read back."""

from __future__ import annotations

from typing import Callable

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from station_app.domain.farmers import FarmerInput
from station_app.services import farmers, reports, scoring, signing
from station_app.services.context import ServiceContext
from station_app.services.errors import PermissionDenied
from station_app.store.models import IssuedDocument


def test_a_specialist_prints_a_signed_report_that_verifies_with_its_record(
        specialist_ctx: ServiceContext, tutor_ctx: ServiceContext, tmp_path,
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    inp = valid_farmer_input(name="欧阳秀")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    printed = reports.print_credit_report(specialist_ctx, farmer_id, target_dir=tmp_path)
    assert printed.path.exists() and printed.pages >= 1
    text = "".join(page.extract_text() for page in PdfReader(printed.path).pages)
    assert "欧阳秀" in text and str(printed.total) in text
    assert inp.resident_id not in text
    latest = scoring.history(specialist_ctx, farmer_id)[-1]
    assert latest.total == printed.total  # the paper shows a score the history holds
    with Session(specialist_ctx.db.engine) as session:
        record = session.exec(select(IssuedDocument)).one()
    assert record.doc_id == printed.doc_id and record.farmer_id == farmer_id
    checked = signing.check(specialist_ctx.db, record.qr_text)
    assert checked.verification.valid and checked.verification.content_checked
    assert checked.content["farmer_name"] == "欧阳秀"
    assert checked.content["total"] == printed.total


def test_a_tutor_cannot_print_a_credit_report(
        tutor_ctx: ServiceContext, tmp_path, valid_farmer_input) -> None:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="祝强"))
    with pytest.raises(PermissionDenied):
        reports.print_credit_report(tutor_ctx, farmer_id, target_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()

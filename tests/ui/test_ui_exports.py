"""导出… on the farmer list and the loan/insurance lists, and 导出本人信息（PIPL） on the farmer
page, through the real widgets (the system save dialog patched to return a tmp path)."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlmodel import Session, select

from station_app.domain.loans import quote_planting_loan
from station_app.domain.roles import Role
from station_app.services import farmers, loan_applications as apps, loans
from station_app.store.models import AuditEntry
from station_app.ui.export_dialog import ExportDialog
from station_app.ui.farmers.list_screen import FarmersScreen
from station_app.ui.insurance.policies_screen import PoliciesList
from station_app.ui.loans.applications_screen import ApplicationsList


def _entries(db, action: str) -> list[AuditEntry]:
    with Session(db.engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)))


def _save_to(monkeypatch, path) -> list[tuple]:
    calls: list[tuple] = []

    def fake(parent, title, suggested, filters):
        calls.append((title, suggested, filters))
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return calls


class _Recorder:
    def __init__(self, into: list) -> None:
        self.into = into

    def record(self, kind: str, text: str) -> None:
        self.into.append((kind, text))


def _state(make_state, db, make_actor, role):
    state = make_state(db)
    state.set_actor(make_actor(role))
    return state


@pytest.fixture
def two_farmers(tutor_ctx, valid_farmer_input):
    made = [valid_farmer_input(name=n) for n in ("张三", "李四")]
    return [(farmers.register_farmer(tutor_ctx, i), i) for i in made]


def test_a_tutor_exports_the_farmer_list_masked_without_the_reveal_option(
        qtbot, make_state, db, make_actor, two_farmers, tmp_path, monkeypatch) -> None:
    state = _state(make_state, db, make_actor, Role.TUTOR)
    screen = FarmersScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    calls = _save_to(monkeypatch, tmp_path / "farmers")  # no suffix typed: .csv is added
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    [dialog] = screen.findChildren(ExportDialog)
    assert dialog.reveal.isHidden()  # a tutor is never offered full numbers
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert calls and calls[0][1].endswith(".csv")
    path = tmp_path / "farmers.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert {r[0] for r in rows[1:]} == {"张三", "李四"}
    for _fid, inp in two_farmers:
        assert inp.resident_id not in path.read_text(encoding="utf-8-sig")
    assert dialog.result.rows == 2 and "2" in dialog.status.text()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert len(_entries(db, "export")) == 1 and _entries(db, "reveal") == []


def test_a_specialist_exports_the_search_to_xlsx_with_full_numbers_audited(
        qtbot, make_state, db, make_actor, two_farmers, tmp_path, monkeypatch) -> None:
    state = _state(make_state, db, make_actor, Role.SPECIALIST)
    screen = FarmersScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    screen.search.setText("张")
    screen.run_search()
    _save_to(monkeypatch, tmp_path / "zhang.xlsx")
    dialog = screen.open_export()
    assert not dialog.reveal.isHidden()
    dialog.xlsx.setChecked(True)
    dialog.reveal.setChecked(True)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    book = openpyxl.load_workbook(tmp_path / "zhang.xlsx", read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    zhang = dict((i.name, i) for _f, i in two_farmers)["张三"]
    assert len(rows) == 2 and rows[1][0] == "张三" and rows[1][3] == zhang.resident_id
    [reveal] = _entries(db, "reveal")
    assert reveal.entity_id == two_farmers[0][0]
    assert "audit" in dialog.status.text() or "审计" in dialog.status.text()


def test_a_cancelled_save_dialog_exports_nothing(
        qtbot, make_state, db, make_actor, two_farmers, tmp_path, monkeypatch) -> None:
    state = _state(make_state, db, make_actor, Role.TUTOR)
    screen = FarmersScreen(state)
    qtbot.addWidget(screen)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a: ("", "")))
    dialog = screen.open_export()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.result is None and _entries(db, "export") == []


def _quote():
    start = date.today()
    return quote_planting_loan(
        loans.catalogue()["farm_input_standard"], score_grade="B",
        credit_limit=Decimal("80000"), planted_area_mu=Decimal("30"),
        input_cost_per_mu=Decimal("1500"), disbursement=start,
        expected_harvest=start + timedelta(days=150), requested_amount=Decimal("12000"),
        method="equal_installment", requested_term_months=6)


def test_the_loan_list_exports_the_rows_shown(
        qtbot, make_state, db, make_actor, specialist_ctx, two_farmers, tmp_path,
        monkeypatch) -> None:
    farmer_id, inp = two_farmers[0]
    apps.file_application(specialist_ctx, farmer_id, _quote())
    state = _state(make_state, db, make_actor, Role.BRANCH_OFFICER)
    queue = ApplicationsList(state)
    qtbot.addWidget(queue)
    queue.show()
    assert queue.export_button.isEnabled() and queue.export_button.objectName() == "applications_export"
    _save_to(monkeypatch, tmp_path / "loans.csv")
    dialog = queue.open_export()
    assert not dialog.reveal.isHidden()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader((tmp_path / "loans.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 2 and rows[1][2] == "张三" and rows[1][5] == "12000.00"
    assert rows[1][3] == inp.resident_id[:6] + "********" + inp.resident_id[-4:]
    [entry] = _entries(db, "export")
    assert entry.entity == "loan_applications"


def test_the_insurance_list_has_the_export_button(qtbot, make_state, db, make_actor) -> None:
    state = _state(make_state, db, make_actor, Role.SPECIALIST)
    policies = PoliciesList(state)
    qtbot.addWidget(policies)
    policies.show()
    assert policies.export_button.objectName() == "policies_export"
    assert not policies.export_button.isEnabled()  # nothing to export yet


def test_the_farmer_page_exports_personal_data(
        qtbot, make_state, db, make_actor, two_farmers) -> None:
    state = _state(make_state, db, make_actor, Role.TUTOR)
    state.settings.open_printed_documents = False
    shown: list[tuple[str, str]] = []
    state.errors.shown.connect(_Recorder(shown).record)
    screen = FarmersScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    farmer_id, inp = two_farmers[1]
    screen.select_farmer(farmer_id)
    detail = screen.detail
    assert detail.pipl_button.objectName() == "export_personal_data"
    qtbot.mouseClick(detail.pipl_button, Qt.MouseButton.LeftButton)
    assert detail.last_export is not None and detail.pipl_button.isEnabled()
    pdf_path, json_path = detail.last_export
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert pdf_path.exists() and data["profile"]["name"] == "李四"
    assert data["sensitive_values"] == "masked"
    assert shown == []

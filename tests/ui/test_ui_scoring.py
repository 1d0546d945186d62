"""The 信用分 tab: a specialist opens it, sees total, grade, bars, reasons and history, and
tries a what-if without saving anything."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlmodel import Session, func, select

from station_app.domain.planting import PlotInput
from station_app.services import farmers, planting, scoring, shops
from station_app.store.models import CreditScore


def _farmer_with_data(tutor_ctx, valid_farmer_input) -> str:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="钱桂兰"))
    planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="北坡", area_mu=Decimal("8")))
    shop = shops.create_shop(tutor_ctx, farmer_id, platform="taobao", shop_name="桂兰土货",
                             opened_on=date(2024, 1, 5))
    today = date.today().replace(day=1)
    for back in range(1, 13):
        month = date(today.year - (1 if today.month - back <= 0 else 0),
                     (today.month - back - 1) % 12 + 1, 1)
        shops.record_monthly_total(tutor_ctx, shop, month=month, orders=30,
                                   gmv=Decimal("4500.00"))
    return farmer_id


def _scores(db) -> int:
    with Session(db.engine) as session:
        return session.exec(select(func.count()).select_from(CreditScore)).one()


def _open(window, log_in, staff_passwords, role, farmer_id):
    log_in(window, role, staff_passwords[role])
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))  # Home comes first
    window.farmers.select_farmer(farmer_id)
    detail = window.farmers.detail
    detail.tabs.setCurrentWidget(detail.score)
    return detail.score


def test_a_specialist_sees_the_score_explained_and_it_is_saved_once(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input, db):
    farmer_id = _farmer_with_data(tutor_ctx, valid_farmer_input)
    panel = _open(window, log_in, staff_passwords, "specialist", farmer_id)
    record = panel.record
    assert record is not None and record.stored_now
    result = record.result
    assert panel.total.text().startswith(str(result.total))
    assert panel.grade.text().startswith(result.grade)
    # One bar per variable, each showing its points against the maximum.
    model = scoring.active_model(db)
    assert set(panel.bars) == set(model.variable_ids)
    for variable in model.variables:
        bar = panel.bars[variable.id]
        assert (bar.value(), bar.maximum()) == (result.points[variable.id], variable.max_points)
    assert panel.part_values["planted_area_mu"].text() == "8 亩"
    for reason in result.reasons:
        assert reason.advice in panel.reasons.text()
    assert panel.history.rowCount() == 1 and panel.history.item(0, 1).text() == str(result.total)
    assert _scores(db) == 1
    # Switching away and back with nothing changed stores nothing new.
    detail = window.farmers.detail
    detail.tabs.setCurrentIndex(0)
    detail.tabs.setCurrentWidget(detail.score)
    assert _scores(db) == 1


def test_what_if_shows_the_new_score_and_limit_and_saves_nothing(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input, db):
    farmer_id = _farmer_with_data(tutor_ctx, valid_farmer_input)
    panel = _open(window, log_in, staff_passwords, "specialist", farmer_id)
    before = panel.record.result
    panel.whatif_variable.setCurrentIndex(panel.whatif_variable.findData("training_sessions_12m"))
    panel.whatif_value.setText("6")
    qtbot.mouseClick(panel.whatif_button, Qt.MouseButton.LeftButton)
    text = panel.whatif_result.text()
    model = scoring.active_model(db)
    after = scoring.score(model, {**before.inputs, "training_sessions_12m": 6})
    assert after.total > before.total
    assert f"{before.total} → {after.total}" in text and f"+{after.total - before.total}" in text
    panel.whatif_value.setText("很多")
    qtbot.mouseClick(panel.whatif_button, Qt.MouseButton.LeftButton)
    assert "number" in panel.whatif_result.text() or "数字" in panel.whatif_result.text()
    assert _scores(db) == 1


def test_a_tutor_sees_the_score_but_it_is_not_saved(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input, db):
    farmer_id = _farmer_with_data(tutor_ctx, valid_farmer_input)
    panel = _open(window, log_in, staff_passwords, "tutor", farmer_id)
    assert panel.record is not None and not panel.record.stored_now
    assert "not saved" in panel.meta.text() or "不保存" in panel.meta.text()
    assert _scores(db) == 0


def test_print_credit_report_makes_a_signed_pdf_of_the_score_shown(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input, db, station_home):
    from pypdf import PdfReader

    from station_app.services import signing

    farmer_id = _farmer_with_data(tutor_ctx, valid_farmer_input)
    window.state.settings.open_printed_documents = False  # no system viewer in tests
    panel = _open(window, log_in, staff_passwords, "specialist", farmer_id)
    assert panel.report_button.isVisible()
    qtbot.mouseClick(panel.report_button, Qt.MouseButton.LeftButton)
    printed = panel.last_report
    assert printed is not None and printed.path.exists()
    assert station_home in printed.path.parents  # the station's own data folder
    assert printed.doc_id in panel.report_message.text()
    text = "".join(p.extract_text() for p in PdfReader(printed.path).pages)
    assert "钱桂兰" in text and str(panel.record.result.total) in text
    from station_app.store.models import IssuedDocument

    with Session(db.engine) as session:
        issued = session.exec(select(IssuedDocument)).one()
    assert signing.check(db, issued.qr_text).verification.valid


def test_a_tutor_has_no_print_button(qtbot, window, log_in, staff_passwords, tutor_ctx,
                                     valid_farmer_input):
    farmer_id = _farmer_with_data(tutor_ctx, valid_farmer_input)
    panel = _open(window, log_in, staff_passwords, "tutor", farmer_id)
    assert not panel.report_button.isVisible()


def test_a_loan_quote_shows_amount_annualized_rate_and_schedule_or_why_not(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input):
    from datetime import timedelta

    from station_app.domain.planting import SeasonInput

    farmer_id = _farmer_with_data(tutor_ctx, valid_farmer_input)
    plot = planting.list_plots(tutor_ctx, farmer_id)[0].id
    planting.add_season(tutor_ctx, plot, SeasonInput(
        crop_code="kiwifruit", planting_date=date.today() - timedelta(days=20),
        area_mu=Decimal("8")))
    panel = _open(window, log_in, staff_passwords, "specialist", farmer_id)
    assert panel.quote_button.isVisible()
    dialog = panel.open_quote()
    qtbot.addWidget(dialog)
    dialog.product.setCurrentIndex(dialog.product.findData("farm_input_standard"))
    dialog.amount.setText("五万")
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    assert dialog.quote is None and dialog.error.isVisible()
    dialog.amount.setText("")
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    quote = dialog.quote
    assert quote is not None
    if quote.eligible:
        assert f"{quote.annualized_rate * 100:.2f}%" in dialog.summary.text()
        assert dialog.schedule.rowCount() == len(quote.schedule) > 0
    else:
        assert all(dialog.state.text(r) in dialog.summary.text() for r in quote.reasons)
    # A product needing a cooperative guarantee explains the refusal.
    dialog.product.setCurrentIndex(dialog.product.findData("planting_standard"))
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    assert not dialog.quote.eligible and "担保" in dialog.summary.text()
    assert not dialog.schedule.isVisible()


def test_a_tutor_has_no_loan_quote(qtbot, window, log_in, staff_passwords, tutor_ctx,
                                   valid_farmer_input):
    farmer_id = _farmer_with_data(tutor_ctx, valid_farmer_input)
    panel = _open(window, log_in, staff_passwords, "tutor", farmer_id)
    assert not panel.quote_button.isVisible()


def test_the_insurance_quote_opens_from_the_score_tab_for_the_specialist_only(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input):
    farmer_id = _farmer_with_data(tutor_ctx, valid_farmer_input)
    panel = _open(window, log_in, staff_passwords, "specialist", farmer_id)
    assert panel.insurance_button.isVisible()
    dialog = panel.open_insurance_quote()
    qtbot.addWidget(dialog)
    assert dialog.mu.text() == "8"  # the farmer's planted area is proposed
    dialog.run_quote()
    assert dialog.quote is not None and dialog.quote.insured_mu == Decimal("8")
    window.logout()
    panel = _open(window, log_in, staff_passwords, "tutor", farmer_id)
    assert not panel.insurance_button.isVisible()

"""保险试算: a specialist quotes weather-index insurance for a farmer and sees the premium,
who pays what, the historic payouts as bars and basis risk explained."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries
from PySide6.QtCore import Qt

from station_app.domain.planting import PlotInput
from station_app.domain.scoring import format_value
from station_app.services import farmers, insurance, planting
from station_app.ui.insurance.quote_dialog import InsuranceQuoteDialog


def _farmer(tutor_ctx, valid_farmer_input) -> str:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="余冬梅"))
    planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="茶园", area_mu=Decimal("5")))
    planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="田垄", area_mu=Decimal("3.5")))
    return farmer_id


def _dialog(qtbot, window, log_in, staff_passwords, farmer_id):
    log_in(window, "specialist", staff_passwords["specialist"])
    dialog = InsuranceQuoteDialog(window.state, farmer_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_specialist_quotes_and_sees_premium_split_history_and_basis_risk(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input):
    farmer_id = _farmer(tutor_ctx, valid_farmer_input)
    dialog = _dialog(qtbot, window, log_in, staff_passwords, farmer_id)
    assert dialog.product.count() == len(insurance.catalogue())
    assert dialog.mu.text() == "8.5"  # the farmer's planted area
    dialog.product.setCurrentIndex(dialog.product.findData("tea_frost_wy"))
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    quote = dialog.quote
    assert quote is not None and quote.product.id == "tea_frost_wy"
    assert quote.insured_mu == Decimal("8.5")
    language = window.state.language
    summary = dialog.summary.text()
    assert format_value("yuan", quote.farmer_pays, language) in summary
    assert format_value("yuan", quote.premium, language) in summary
    amounts = [dialog.split.item(row, 2).text() for row in range(dialog.split.rowCount())]
    assert amounts == [format_value("yuan", quote.split[k], language)
                       for k in ("central", "province", "county", "farmer")]
    chart = dialog.chart_view.chart()
    (series,) = chart.series()
    assert isinstance(series, QBarSeries) and series.count() == 1
    bars = series.barSets()[0]
    assert bars.count() == len(quote.burn.years) == quote.years
    assert [bars.at(i) for i in range(bars.count())] == [
        float(y.payout_per_mu) for y in quote.burn.years]
    (axis_x,) = [a for a in chart.axes() if isinstance(a, QBarCategoryAxis)]
    assert axis_x.categories() == [str(y.year) for y in quote.burn.years]
    assert "Payout per mu" in chart.title()
    history = dialog.history.text()
    assert f"paid in {quote.payout_years} of {quote.years} years" in history
    assert f"{quote.average_loss_ratio * 100:.0f}%" in history
    assert window.state.text(quote.basis_risk) in dialog.basis_risk.text()
    assert dialog.basis_risk.wordWrap()


def test_a_bad_area_shows_a_message_and_keeps_what_was_typed(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input):
    farmer_id = _farmer(tutor_ctx, valid_farmer_input)
    dialog = _dialog(qtbot, window, log_in, staff_passwords, farmer_id)
    for typed in ("八亩", "0", "1.234"):
        dialog.mu.setText(typed)
        qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
        assert dialog.quote is None and dialog.error.isVisible() and dialog.error.text()
        assert dialog.mu.text() == typed and dialog.quote_button.isEnabled()
    # A good quote after a bad one clears the message; a bad one later keeps the last quote.
    dialog.mu.setText("12 亩")
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    assert dialog.quote is not None and dialog.quote.insured_mu == 12
    assert not dialog.error.isVisible()
    dialog.mu.setText("-1")
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and dialog.quote.insured_mu == 12


def test_without_a_farmer_the_area_starts_empty(qtbot, window, log_in, staff_passwords):
    dialog = _dialog(qtbot, window, log_in, staff_passwords, None)
    assert dialog.mu.text() == ""
    dialog.mu.setText("2")
    dialog.run_quote()
    assert dialog.quote is not None and dialog.quote.insured_mu == 2

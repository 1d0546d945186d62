"""The planting tab of the farmer page: plot, season, harvest and cost dialogs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from station_app.domain.crops import expected_harvest_date
from station_app.domain.planting import PlotInput
from station_app.services import farmers, planting, reference
from station_app.ui.forms import to_qdate


def _open_planting(window, log_in, staff_passwords, farmer_id):
    log_in(window, "tutor", staff_passwords["tutor"])
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))  # Home comes first
    window.farmers.select_farmer(farmer_id)
    detail = window.farmers.detail
    detail.tabs.setCurrentWidget(detail.planting)
    return detail.planting


def test_add_plot_then_season_with_calendar_defaults(qtbot, window, log_in, staff_passwords,
                                                     tutor_ctx, valid_farmer_input, db):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="赵春花"))
    panel = _open_planting(window, log_in, staff_passwords, farmer_id)
    assert panel.add_plot_button.isVisible() and not panel.add_season_button.isEnabled()

    dialog = panel.add_plot()
    dialog.name.setText("村东头水田")
    dialog.area.setText("３.5")  # a full-width digit, as Chinese input methods type it
    dialog.latitude.setText("34.2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # longitude missing: nothing saved, the message says why
    assert "经度和纬度要一起填" in dialog.errors["location"].text()
    dialog.longitude.setText("108.9")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert panel.plot_table.rowCount() == 1
    assert panel.plot_table.item(0, 1).text() == "3.5"

    season = panel.add_season()
    assert season.area.text() == "3.5"  # the plot's area is proposed
    season.crop.setCurrentIndex(season.crop.findData("rice"))
    planted = date.today() - timedelta(days=10)
    season.planted.setDate(to_qdate(planted))
    rice = reference.active_calendar(db)["rice"]
    assert season.harvest.date() == to_qdate(expected_harvest_date(rice, planted))
    assert D(season.yield_edit.text()) == rice.typical_yield_per_mu
    assert "育秧" in season.calendar_hint.text()
    season.price.setText("3.10")  # typed over the proposal: kept when the date changes
    season.planted.setDate(to_qdate(planted - timedelta(days=1)))
    assert season.price.text() == "3.10"
    assert season.harvest.date() == to_qdate(expected_harvest_date(rice, planted - timedelta(days=1)))
    qtbot.mouseClick(season.save_button, Qt.MouseButton.LeftButton)
    assert not season.isVisible()
    [row] = planting.list_seasons(tutor_ctx, farmer_id)
    assert row.crop_code == "rice" and row.expected_price_yuan_per_kg == D("3.10")
    assert panel.season_table.rowCount() == 1
    assert panel.season_table.item(0, 0).text() == "水稻"


def test_season_form_shows_every_problem_and_keeps_the_input(qtbot, window, log_in,
                                                             staff_passwords, tutor_ctx,
                                                             valid_farmer_input):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="钱多多"))
    planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="坡地", area_mu=D("2")))
    panel = _open_planting(window, log_in, staff_passwords, farmer_id)
    season = panel.add_season()
    season.area.setText("5")
    season.yield_edit.setText("很多")
    season.harvest.setDate(season.planted.date().addDays(-3))
    qtbot.mouseClick(season.save_button, Qt.MouseButton.LeftButton)
    assert season.isVisible()
    assert "不能大于地块面积" in season.errors["area_mu"].text()
    assert "要填数字" in season.errors["expected_yield_kg_per_mu"].text()
    assert "要晚于种植日期" in season.errors["expected_harvest_date"].text()
    assert season.area.text() == "5" and season.yield_edit.text() == "很多"
    assert planting.list_seasons(tutor_ctx, farmer_id) == []


def test_record_harvest_and_cost_update_the_table_and_summary(qtbot, window, log_in,
                                                              staff_passwords, tutor_ctx,
                                                              valid_farmer_input):
    from station_app.domain.planting import SeasonInput

    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="孙丰收"))
    plot_id = planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="果园", area_mu=D("2")))
    planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="apple", planting_date=date.today() - timedelta(days=200), area_mu=D("2"),
        expected_yield_kg_per_mu=D("1000")))
    panel = _open_planting(window, log_in, staff_passwords, farmer_id)
    harvest = panel.record_harvest()
    hints = [label.text() for label in harvest.findChildren(QLabel, "hint")]
    assert any("2000 kg" in text or "2000 公斤" in text for text in hints), hints
    harvest.kg.setText("1800")
    harvest.online.setText("40")
    harvest.quality.setText("96")
    qtbot.mouseClick(harvest.save_button, Qt.MouseButton.LeftButton)
    assert not harvest.isVisible()
    assert panel.season_table.item(0, 6).text() == "1800"
    assert panel.season_table.item(0, 7).text() == "40"
    assert panel.season_table.item(0, 8).text() == "96"
    assert "96" in panel.summary.text()

    cost = panel.add_cost()
    cost.category.setCurrentIndex(cost.category.findData("fertilizer"))
    cost.amount.setText("1,250.40")
    qtbot.mouseClick(cost.save_button, Qt.MouseButton.LeftButton)
    assert not cost.isVisible()
    assert panel.season_table.item(0, 9).text() == "1,250.40"


def test_branch_officer_sees_planting_but_cannot_change_it(window, log_in, staff_passwords,
                                                           tutor_ctx, valid_farmer_input):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="李看看"))
    planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="菜地", area_mu=D("1")))
    log_in(window, "branch", staff_passwords["branch_officer"])
    window.farmers.select_farmer(farmer_id)
    panel = window.farmers.detail.planting
    assert panel.plot_table.rowCount() == 1
    assert not panel.add_plot_button.isVisibleTo(panel)
    assert not panel.harvest_button.isVisibleTo(panel)


def test_delete_season_after_confirmation(qtbot, window, log_in, staff_passwords, tutor_ctx,
                                          valid_farmer_input, monkeypatch):
    from station_app.domain.planting import SeasonInput
    from station_app.ui.planting.panel import PlantingPanel

    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="周删除"))
    plot_id = planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="田", area_mu=D("1")))
    planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="wheat", planting_date=date.today() - timedelta(days=30), area_mu=D("1")))
    panel = _open_planting(window, log_in, staff_passwords, farmer_id)
    answers = iter([False, True])
    monkeypatch.setattr(PlantingPanel, "_confirm", lambda self, text: next(answers))
    panel.delete_season()
    assert panel.season_table.rowCount() == 1  # "no" keeps it
    panel.delete_season()
    assert panel.season_table.rowCount() == 0
    assert planting.list_seasons(tutor_ctx, farmer_id) == []


def test_a_mistyped_harvest_is_corrected_and_a_double_entry_removed(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input, monkeypatch):
    """收获和投入: the season's harvests and costs one by one; correcting one and deleting
    another (after a yes) change the season's totals, and a "no" keeps the line."""
    from station_app.domain.planting import CostInput, HarvestInput, SeasonInput
    from station_app.store.models import AuditEntry
    from station_app.ui.planting.records_dialog import SeasonRecordsDialog

    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="吴改正"))
    plot_id = planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="坡地", area_mu=D("3")))
    season_id = planting.add_season(tutor_ctx, plot_id, SeasonInput(
        crop_code="apple", planting_date=date.today() - timedelta(days=200), area_mu=D("3")))
    day = date.today() - timedelta(days=5)
    typo = planting.record_harvest(tutor_ctx, season_id, HarvestInput(day, D("18000"), D("40")))
    planting.record_harvest(tutor_ctx, season_id, HarvestInput(day, D("500"), D("50")))
    planting.record_harvest(tutor_ctx, season_id, HarvestInput(day, D("500"), D("50")))
    planting.add_input_cost(tutor_ctx, season_id, CostInput("fertilizer", day, D("300")))
    panel = _open_planting(window, log_in, staff_passwords, farmer_id)
    assert panel.season_table.item(0, 6).text() == "19000"

    dialog = panel.open_records()
    assert dialog.harvest_table.rowCount() == 3 and dialog.cost_table.rowCount() == 1
    row = next(i for i, h in enumerate(dialog.harvests) if h.id == typo)
    dialog.harvest_table.selectRow(row)
    form = dialog.edit_harvest()
    assert form.kg.text() == "18000"  # the stored values, ready to correct
    form.kg.setText("1800")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert sorted(h.yield_kg for h in dialog.harvests) == [D("500"), D("500"), D("1800")]
    assert panel.season_table.item(0, 6).text() == "2800"

    answers = iter([False, True, True])
    monkeypatch.setattr(SeasonRecordsDialog, "_confirm", lambda self, text: next(answers))
    dialog.harvest_table.selectRow(next(i for i, h in enumerate(dialog.harvests) if h.id != typo))
    dialog.delete_harvest()
    assert dialog.harvest_table.rowCount() == 3  # "no" keeps it
    dialog.delete_harvest()
    assert dialog.harvest_table.rowCount() == 2
    assert panel.season_table.item(0, 6).text() == "2300"
    dialog.delete_cost()
    assert dialog.cost_table.rowCount() == 0
    assert panel.season_table.item(0, 9).text() == "0.00"
    assert not dialog.delete_cost_button.isEnabled()
    from sqlmodel import Session, select

    with Session(tutor_ctx.db.engine) as session:
        actions = {(e.entity, e.action) for e in session.exec(select(AuditEntry))}
    assert ("harvest", "update") in actions and ("harvest", "delete") in actions
    assert ("input_cost", "delete") in actions

"""The admin's crop calendar screen: real widgets, a real database, the real services."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QSpinBox

from station_app.domain.roles import Role
from station_app.services import reference
from station_app.ui.admin.crop_calendar_screen import AddCropDialog, CropCalendarScreen


@pytest.fixture
def screen(qtbot, make_state, db, make_actor):
    state = make_state(db)
    state.set_actor(make_actor(Role.ADMIN))
    widget = CropCalendarScreen(state)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _row(screen: CropCalendarScreen, code: str) -> int:
    return [c["code"] for c in screen.data["crops"]].index(code)


def _column(model, path: str) -> int:
    return [c.path for c in model.columns].index(path)


def test_it_shows_the_shipped_calendar(screen):
    assert screen.crops_model.rowCount() == len(reference.shipped_calendar())
    rice = _row(screen, "rice")
    model = screen.crops_model
    assert model.index(rice, _column(model, "name_zh")).data() == "水稻"
    assert model.index(rice, _column(model, "input_cost_per_mu_yuan")).data() == "850.00"
    assert screen.status.text() in ("In use: the calendar shipped with the app, version 1.",
                                    "正在使用：软件自带的参考表，第 1 版。")
    assert screen.version.value() == 2
    assert not screen.dirty and screen.save_button.isEnabled()


def test_admin_edits_growth_days_of_rice_and_saves(qtbot, screen, db):
    rice = _row(screen, "rice")
    index = screen.crops_model.index(rice, _column(screen.crops_model, "growth_days"))
    screen.crops.setCurrentIndex(index)
    screen.crops.edit(index)
    editor = screen.crops.findChild(QSpinBox, "editor_growth_days")
    assert editor is not None and editor.value() == 145
    editor.setValue(160)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: screen.crops.state() != QAbstractItemView.State.EditingState)

    assert screen.data["crops"][rice]["growth_days"] == 160
    assert screen.dirty and screen.dirty_label.isVisibleTo(screen)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)

    calendar = reference.active_calendar(db)
    assert calendar["rice"].growth_days == 160 and calendar.version == 2
    assert reference.calendar_source(db) == "edited"
    assert not screen.dirty and not screen.problems.isVisibleTo(screen)
    assert screen.version.value() == 3
    assert "2" in screen.status.text()


def test_an_open_editor_is_saved_too(screen, db):
    """Save pressed while the cell editor is still open keeps what was typed."""
    rice = _row(screen, "rice")
    index = screen.crops_model.index(rice, _column(screen.crops_model, "typical_price_yuan_per_kg"))
    screen.crops.setCurrentIndex(index)
    screen.crops.edit(index)
    editor = screen.crops.findChild(QLineEdit, "editor_typical_price_yuan_per_kg")
    editor.setText("2.8")
    screen.save()
    assert str(reference.active_calendar(db)["rice"].typical_price_yuan_per_kg) == "2.80"


def test_an_invalid_edit_shows_the_domain_message_and_keeps_the_edit(qtbot, screen, db):
    rice = _row(screen, "rice")
    screen.select_crop(rice)
    phases = screen.phases_model
    last = phases.rowCount() - 1
    assert phases.index(last, 0).data() == "成熟"
    phases.setData(phases.index(last, _column(phases, "duration_days")), 30)  # 135 + 30 > 145

    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)

    texts = screen.problem_texts()
    assert screen.problems.isVisibleTo(screen)
    assert any("水稻" in t and "成熟" in t and "超过了生长天数 145 天" in t for t in texts), texts
    assert screen.data["crops"][rice]["phases"][last]["duration_days"] == 30
    assert phases.index(last, _column(phases, "duration_days")).data() == "30"
    assert screen.dirty and screen.save_button.isEnabled()
    assert reference.calendar_source(db) == "shipped"
    assert reference.active_calendar(db)["rice"].phases[-1].duration_days == 10

    # Fixing it (growth days up to 165) and saving again works, with nothing retyped.
    crops = screen.crops_model
    crops.setData(crops.index(rice, _column(crops, "growth_days")), 165)
    screen.save()
    assert screen.problem_texts() == []
    assert reference.active_calendar(db)["rice"].phases[-1].duration_days == 30


def test_messages_follow_the_language(qtbot, make_state, db, make_actor):
    state = make_state(db, language="en")
    state.set_actor(make_actor(Role.ADMIN))
    widget = CropCalendarScreen(state)
    qtbot.addWidget(widget)
    crops = widget.crops_model
    crops.setData(crops.index(_row(widget, "rice"), _column(crops, "growth_days")), 100)
    widget.save()
    assert any("past the 100 growth days" in t for t in widget.problem_texts())


def test_removing_a_crop_and_adding_one(qtbot, screen, db):
    screen.select_crop(_row(screen, "cherry"))
    screen.remove_crop()
    assert "cherry" not in [c["code"] for c in screen.data["crops"]]

    dialog = AddCropDialog({c["code"] for c in screen.data["crops"]}, screen.categories, screen)
    qtbot.addWidget(dialog)
    dialog.code.setText("Potato!")
    assert not dialog.try_accept() and dialog.errors["code"].isVisibleTo(dialog)
    dialog.code.setText("rice")
    assert not dialog.try_accept()
    dialog.code.setText("potato")
    dialog.name_zh.setText("马铃薯")
    dialog.name_en.setText("Potato")
    assert dialog.try_accept()
    screen.insert_crop(dialog.new_crop())

    screen.save()  # the new crop's cost note is still empty
    assert any("马铃薯" in t and "cost_note_zh" in t for t in screen.problem_texts())
    screen.detail_edits["cost_note_zh"].setPlainText("种薯 300，化肥 200")
    assert screen.data["crops"][-1]["cost_note_zh"] == "种薯 300，化肥 200"
    screen.save()

    calendar = reference.active_calendar(db)
    assert "cherry" not in calendar and calendar["potato"].name_zh == "马铃薯"
    assert screen.problem_texts() == []


def test_back_to_the_shipped_calendar(screen, db, admin_ctx):
    crops = screen.crops_model
    crops.setData(crops.index(_row(screen, "rice"), _column(crops, "growth_days")), 150)
    screen.save()
    assert reference.calendar_source(db) == "edited"

    screen.reset()

    assert reference.calendar_source(db) == "shipped"
    assert screen.data["crops"][_row(screen, "rice")]["growth_days"] == 145
    assert screen.version.value() == 3


def test_export_and_import(tmp_path, screen, db):
    crops = screen.crops_model
    crops.setData(crops.index(_row(screen, "wheat"), _column(crops, "sales_window_days")), 75)
    target = tmp_path / "crops-v2.json"
    assert screen.export_file(target)
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["version"] == 2 and "冬小麦" in target.read_text(encoding="utf-8")

    screen.reload()
    assert screen.data["crops"][_row(screen, "wheat")]["sales_window_days"] == 60
    assert screen.import_file(target)
    assert screen.dirty and screen.data["crops"][_row(screen, "wheat")]["sales_window_days"] == 75
    screen.save()
    assert reference.active_calendar(db)["wheat"].sales_window_days == 75

    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 1,', encoding="utf-8")
    assert not screen.import_file(broken)
    assert any("格式不对" in t for t in screen.problem_texts())


def test_other_roles_see_it_read_only(qtbot, make_state, db, make_actor):
    state = make_state(db)
    state.set_actor(make_actor(Role.TUTOR))
    widget = CropCalendarScreen(state)
    qtbot.addWidget(widget)
    crops = widget.crops_model
    index = crops.index(0, _column(crops, "growth_days"))
    assert not crops.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not crops.setData(index, 10)
    assert not widget.save_button.isEnabled()


def test_built_before_log_in_then_an_admin_logs_in(qtbot, make_state, db, make_actor):
    """The main window builds its screens before anyone logs in."""
    state = make_state(db)
    widget = CropCalendarScreen(state)
    qtbot.addWidget(widget)
    assert widget.crops_model.rowCount() > 0 and not widget.save_button.isEnabled()
    state.set_actor(make_actor(Role.ADMIN))
    assert widget.save_button.isEnabled()
    crops = widget.crops_model
    assert crops.setData(crops.index(_row(widget, "tea"), _column(crops, "growth_days")), 70)
    state.set_actor(None)  # log-out: unsaved edits end with the session
    assert not widget.dirty and not widget.save_button.isEnabled()
    assert widget.data["crops"][_row(widget, "tea")]["growth_days"] == 65

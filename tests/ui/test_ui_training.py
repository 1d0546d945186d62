"""Training sessions and attendance through the real widgets (offscreen, real database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from sqlmodel import Session, select

from station_app.domain.roles import Role
from station_app.services import farmers, training
from station_app.store.models import TrainingAttendance, TrainingSession
from station_app.ui.training import AttendanceDialog, FarmerTrainingPanel, TrainingScreen
from station_app.ui.training.attendance_dialog import ID_ROLE


@pytest.fixture
def make_screen(qtbot, make_state, db, make_actor):
    def factory(role: Role = Role.TUTOR):
        state = make_state(db)
        state.set_actor(make_actor(role))
        screen = TrainingScreen(state)
        qtbot.addWidget(screen)
        screen.resize(1200, 700)
        screen.show()
        return screen
    return factory


@pytest.fixture
def three_farmers(tutor_ctx, valid_farmer_input):
    return {name: farmers.register_farmer(tutor_ctx, valid_farmer_input(name=name, village=village))
            for name, village in (("张三", "东河村"), ("李四", "东河村"), ("王五", "西岭村"))}


def _sessions(db):
    with Session(db.engine) as s:
        return list(s.exec(select(TrainingSession)))


def _live_attendance(db, session_id):
    with Session(db.engine) as s:
        return {r.farmer_id for r in s.exec(select(TrainingAttendance).where(
            TrainingAttendance.session_id == session_id,
            TrainingAttendance.deleted == False))}  # noqa: E712


def _click_item(qtbot, view: QListWidget, row: int) -> None:
    rect = view.visualItemRect(view.item(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _row_of(view: QListWidget, farmer_id: str) -> int:
    return next(i for i in range(view.count()) if view.item(i).data(ID_ROLE) == farmer_id)


def test_create_a_session_through_the_form(qtbot, make_screen, db):
    screen = make_screen()
    assert screen.new_button.isVisible() and not screen.edit_button.isEnabled()
    form = screen.open_new_form()
    assert form is not None and form.isVisible()
    assert form.tutor_name.text() == "王芳"  # the logged-in tutor by default
    form.held_on.setDate(form.held_on.date().addDays(-3))
    form.topic.setText("拼多多开店")  # Chinese arrives as an input-method commit, not key clicks
    form.location.setText("东河村村委会")
    form.minutes.setValue(90)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.banner.text()

    (row,) = _sessions(db)
    assert (row.topic, row.location, row.duration_minutes, row.tutor_name) == (
        "拼多多开店", "东河村村委会", 90, "王芳")
    assert row.held_on == date.today() - timedelta(days=3)
    assert screen.table.rowCount() == 1
    assert screen.table.item(0, 1).text() == "拼多多开店"
    assert screen.table.item(0, 5).text() == "0"
    assert screen.selected() is not None and screen.selected().id == row.id  # chosen after saving
    assert screen.edit_button.isEnabled() and screen.detail_title.text() == "拼多多开店"


def test_an_empty_topic_is_explained_beside_the_field_and_nothing_is_lost(qtbot, make_screen, db):
    screen = make_screen()
    form = screen.open_new_form()
    form.location.setText("西岭村文化广场")
    form.minutes.setValue(60)
    form.notes.setPlainText("下雨，来的人少")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors["topic"].isVisible()
    assert form.errors["topic"].text() == "请填写培训主题，比如“手机开网店”。"
    assert not form.errors["location"].isVisible()
    assert "1 处需要改正" in form.banner.text()
    assert form.focusWidget() is form.topic
    # What was typed is still there.
    assert (form.location.text(), form.minutes.value(), form.notes.toPlainText()) == (
        "西岭村文化广场", 60, "下雨，来的人少")
    assert _sessions(db) == []

    form.topic.setText("网店客服与售后")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert [s.topic for s in _sessions(db)] == ["网店客服与售后"]


def test_edit_a_session(qtbot, make_screen, db, tutor_ctx):
    session_id = training.create_session(tutor_ctx, held_on=date.today(), topic="直播",
                                         duration_minutes=30)
    screen = make_screen()
    screen.table.selectRow(0)
    form = screen.open_edit_form()
    assert form.topic.text() == "直播" and form.minutes.value() == 30
    form.topic.setText("直播带货入门")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert training.get_session(tutor_ctx, session_id).topic == "直播带货入门"
    assert screen.table.item(0, 1).text() == "直播带货入门"


def test_attendance_dialog_ticks_two_farmers_and_saves(qtbot, make_screen, db, tutor_ctx,
                                                       three_farmers):
    session_id = training.create_session(tutor_ctx, held_on=date.today() - timedelta(days=1),
                                         topic="手机拍照卖苹果", duration_minutes=120)
    screen = make_screen()
    screen.table.selectRow(0)
    dialog = screen.open_attendance()
    assert isinstance(dialog, AttendanceDialog) and dialog.isVisible()
    assert dialog.ticked == {} and dialog.results.count() == 3  # all farmers before typing

    # Search by village (as the farmer list does) and tap 张三's row.
    dialog.search.setText("东河村")
    dialog.run_search()
    assert dialog.results.count() == 2
    _click_item(qtbot, dialog.results, _row_of(dialog.results, three_farmers["张三"]))
    # Search by pinyin initials and tick 王五 with the keyboard: Down, then Space.
    dialog.search.setText("ww")
    dialog.run_search()
    assert dialog.results.count() == 1
    dialog.search.setFocus()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.results, Qt.Key.Key_Space)
    assert dialog.results.item(0).checkState() == Qt.CheckState.Checked

    assert dialog.ticked_list.count() == 2
    assert {dialog.ticked_list.item(i).text().split(" · ")[0] for i in range(2)} == {"张三", "王五"}
    assert "2" in dialog.ticked_label.text()
    for i in range(2):  # masked ID only
        assert "********" in dialog.ticked_list.item(i).text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.banner.text()

    assert _live_attendance(db, session_id) == {three_farmers["张三"], three_farmers["王五"]}
    assert screen.table.item(0, 5).text() == "2"
    names = [screen.attendee_list.item(i).text() for i in range(screen.attendee_list.count())]
    assert names == ["王五 · 西岭村", "张三 · 东河村"]


def test_reopened_dialog_shows_the_saved_ticks_and_unticking_removes(qtbot, make_screen, db,
                                                                     tutor_ctx, three_farmers):
    session_id = training.create_session(tutor_ctx, held_on=date.today(), topic="防骗")
    training.set_attendance(tutor_ctx, session_id, [three_farmers["张三"], three_farmers["李四"]])
    screen = make_screen()
    screen.table.selectRow(0)
    dialog = screen.open_attendance()
    assert set(dialog.ticked) == {three_farmers["张三"], three_farmers["李四"]}
    checked = {dialog.results.item(i).data(ID_ROLE) for i in range(dialog.results.count())
               if dialog.results.item(i).checkState() == Qt.CheckState.Checked}
    assert checked == set(dialog.ticked)
    # Tap 李四 in the ticked list to untick.
    _click_item(qtbot, dialog.ticked_list, _row_of(dialog.ticked_list, three_farmers["李四"]))
    assert dialog.ticked_list.count() == 1
    assert dialog.is_dirty()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _live_attendance(db, session_id) == {three_farmers["张三"]}


def test_cancel_with_unsaved_ticks_asks_first(qtbot, make_screen, db, tutor_ctx, three_farmers):
    session_id = training.create_session(tutor_ctx, held_on=date.today(), topic="防骗")
    screen = make_screen()
    screen.table.selectRow(0)
    dialog = screen.open_attendance()
    _click_item(qtbot, dialog.results, 0)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    box = dialog._discard_box
    assert box is not None and box.isVisible()
    keep = next(b for b in box.buttons() if b is not dialog._discard_button)
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and len(dialog.ticked) == 1
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog._discard_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _live_attendance(db, session_id) == set()


def test_farmer_panel_shows_the_farmers_trainings(qtbot, make_state, db, make_actor, tutor_ctx,
                                                  three_farmers):
    zhang = three_farmers["张三"]
    older = training.create_session(tutor_ctx, held_on=date.today() - timedelta(days=40),
                                    topic="网店客服", duration_minutes=90)
    newer = training.create_session(tutor_ctx, held_on=date.today() - timedelta(days=2),
                                    topic="直播带货", duration_minutes=60)
    training.set_attendance(tutor_ctx, older, [zhang])
    training.set_attendance(tutor_ctx, newer, [zhang, three_farmers["李四"]])
    state = make_state(db)
    state.set_actor(make_actor(Role.BRANCH_OFFICER))  # read-only roles see it too
    panel = FarmerTrainingPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_farmer(zhang)
    assert panel.table.rowCount() == 2
    assert [panel.table.item(r, 1).text() for r in range(2)] == ["直播带货", "网店客服"]
    assert panel.table.item(0, 2).text() == "王芳" and panel.table.item(0, 3).text() == "60"
    assert (panel.summary.sessions, panel.summary.minutes) == (2, 150)
    text = panel.summary_label.text()
    assert "2" in text and "2.5" in text

    panel.show_farmer(three_farmers["王五"])
    assert panel.table.rowCount() == 0 and panel.table.isHidden()
    assert panel.summary_label.text()  # "no training attended yet"
    panel.show_farmer(None)
    assert panel.table.rowCount() == 0 and panel.summary_label.text() == ""

    # A deleted session leaves the farmer's list (the panel reloads on the change signal).
    panel.show_farmer(zhang)
    training.delete_session(tutor_ctx, newer, 1)
    state.announce("training")
    assert [panel.table.item(r, 1).text() for r in range(panel.table.rowCount())] == ["网店客服"]


def test_delete_asks_first_then_removes_the_session(qtbot, make_screen, db, tutor_ctx):
    training.create_session(tutor_ctx, held_on=date.today(), topic="要删的课")
    training.create_session(tutor_ctx, held_on=date.today() - timedelta(days=1), topic="留下的课")
    screen = make_screen()
    screen.table.selectRow(0)
    box = screen.confirm_delete()
    assert box is not None and "要删的课" in box.text()
    keep = next(b for b in box.buttons() if b is not screen._delete_yes)
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert screen.table.rowCount() == 2
    box = screen.confirm_delete()
    qtbot.mouseClick(screen._delete_yes, Qt.MouseButton.LeftButton)
    assert screen.table.rowCount() == 1
    assert screen.table.item(0, 1).text() == "留下的课"
    assert [s.topic for s in _sessions(db) if not s.deleted] == ["留下的课"]


def test_read_only_roles_see_the_list_without_edit_buttons(qtbot, make_screen, db, tutor_ctx,
                                                           three_farmers):
    session_id = training.create_session(tutor_ctx, held_on=date.today(), topic="电商政策")
    training.set_attendance(tutor_ctx, session_id, [three_farmers["张三"]])
    for role in (Role.BRANCH_OFFICER, Role.ADMIN):
        screen = make_screen(role)
        assert screen.table.rowCount() == 1
        screen.table.selectRow(0)
        assert screen.attendee_list.count() == 1
        for button in (screen.new_button, screen.edit_button, screen.attendance_button,
                       screen.delete_button):
            assert not button.isVisible()
        assert screen.open_new_form() is None
        assert screen.open_attendance() is None
        assert screen.confirm_delete() is None


def test_logging_out_clears_the_screen(qtbot, make_screen, db, tutor_ctx):
    training.create_session(tutor_ctx, held_on=date.today(), topic="电商政策")
    screen = make_screen()
    screen.table.selectRow(0)
    screen.state.set_actor(None)
    assert screen.table.rowCount() == 0 and screen.attendee_list.count() == 0
    assert screen.detail_title.text() == ""

"""Logging in, lockout messages, the idle lock of a shared kiosk, and role-based navigation."""

from __future__ import annotations

from PySide6.QtCore import Qt

from station_app.services.auth import MAX_FAILED_ATTEMPTS


def test_login_opens_the_work_area(qtbot, window, staff_passwords, log_in):
    assert window.pages.currentWidget() is window.login
    log_in(window, "tutor", staff_passwords["tutor"])
    assert window.pages.currentWidget() is window.work
    assert window.state.actor.username == "tutor"
    assert "王芳" in window.status_user.text()
    # A tutor works with farmers and does not see staff administration.
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Home", "Farmers", "Training", "Credit scores", "Check a document", "Sync"]


def test_wrong_password_says_so_and_stays_on_login(qtbot, window, log_in):
    log_in(window, "tutor", "wrong-password")
    assert window.pages.currentWidget() is window.login
    assert window.login.error.isVisible() or not window.isVisible()
    assert "登录名或密码不对" in window.login.error.text()
    assert window.login.password.text() == ""


def test_lockout_message_after_repeated_failures(qtbot, window, staff_passwords, log_in):
    for _ in range(MAX_FAILED_ATTEMPTS):
        log_in(window, "specialist", "wrong-password")
    assert "锁定" in window.login.error.text()
    log_in(window, "specialist", staff_passwords["specialist"])
    assert window.pages.currentWidget() is window.login
    assert "锁定" in window.login.error.text()


def test_admin_sees_staff_accounts(qtbot, window, staff_passwords, log_in):
    log_in(window, "admin", staff_passwords["admin"])
    items = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert items == ["Home", "Farmers", "Training", "Credit scores", "Check a document",
                     "Staff accounts", "Crop calendar", "Loan products", "Weather data",
                     "Backups", "Sync"]
    window.nav.setCurrentRow(items.index("Staff accounts"))
    assert window.screens.currentWidget() is window.users
    names = {window.users.table.item(r, 0).text() for r in range(window.users.table.rowCount())}
    assert {"admin", "tutor", "specialist", "branch"} <= names


def test_idle_timeout_locks_and_password_unlocks(qtbot, window, staff_passwords, log_in):
    log_in(window, "tutor", staff_passwords["tutor"])
    window.idle.timer.setInterval(50)
    window.idle.timer.start()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.login, timeout=3000)
    assert window.login.username.text() == "tutor"
    assert "锁定" in window.login.subtitle.text() or "locked" in window.login.subtitle.text()
    log_in(window, "tutor", staff_passwords["tutor"])
    assert window.pages.currentWidget() is window.work


def test_ctrl_l_locks_the_screen(qtbot, window, staff_passwords, log_in):
    log_in(window, "tutor", staff_passwords["tutor"])
    window.lock_action.trigger()
    assert window.pages.currentWidget() is window.login
    qtbot.keyClicks(window.login.password, staff_passwords["tutor"])
    qtbot.keyClick(window.login.password, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.work


def test_lock_hides_an_open_form_and_the_same_user_gets_it_back(qtbot, window, staff_passwords, log_in):
    log_in(window, "tutor", staff_passwords["tutor"])
    form = window.farmers.open_form(None)
    form.edits["name"].insert("张三")
    window.lock()
    assert not form.isVisible()
    log_in(window, "tutor", staff_passwords["tutor"])
    assert form.isVisible()
    assert form.edits["name"].text() == "张三"


def test_another_user_after_lock_does_not_see_the_open_form(qtbot, window, staff_passwords, log_in):
    from station_app.ui.farmers.form import FarmerForm

    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.open_form(None).edits["name"].insert("张三")
    window.lock()
    log_in(window, "specialist", staff_passwords["specialist"])
    assert window.state.actor.username == "specialist"
    qtbot.waitUntil(lambda: not any(f.isVisible() for f in window.findChildren(FarmerForm)))


def test_logging_out_closes_the_windows_left_open(qtbot, window, staff_passwords, log_in):
    from station_app.ui.farmers.form import FarmerForm

    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.open_form(None).edits["name"].insert("张三")
    assert any(f.isVisible() for f in window.findChildren(FarmerForm))
    window.logout()
    assert window.pages.currentWidget() is window.login
    qtbot.waitUntil(lambda: not any(f.isVisible() for f in window.findChildren(FarmerForm)))


def test_language_choice_is_saved_and_restarts_the_window(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from station_app.settings import Settings
    from station_app.ui import main_window

    codes = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    window.login.language.setCurrentIndex(window.login.language.findData("en"))
    assert codes == [main_window.EXIT_RESTART]
    assert Settings.load().language == "en"


def test_next_user_does_not_see_what_the_last_one_searched(qtbot, window, staff_passwords,
                                                          log_in, valid_farmer_input, tutor_ctx):
    from station_app.services import farmers

    inp = valid_farmer_input(name="冯一")
    farmers.register_farmer(tutor_ctx, inp)
    log_in(window, "specialist", staff_passwords["specialist"])
    window.farmers.search.setText(inp.resident_id)
    window.farmers.run_search()
    window.farmers.table.selectRow(0)
    assert window.farmers.detail.view is not None
    window.lock()
    log_in(window, "tutor", staff_passwords["tutor"])
    assert window.farmers.search.text() == ""
    assert window.farmers.detail.view is None
    # The same person coming back keeps their search.
    window.farmers.search.setText("fy")
    window.lock()
    log_in(window, "tutor", staff_passwords["tutor"])
    assert window.farmers.search.text() == "fy"


def test_logging_out_with_a_farmer_open_shows_nothing(qtbot, window, staff_passwords, log_in,
                                                     valid_farmer_input, tutor_ctx):
    from station_app.services import farmers

    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="冯二"))
    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.select_farmer(farmer_id)
    window.logout()
    assert window.farmers.detail.view is None
    assert window.farmers.model.rowCount() == 0


def test_lock_cancels_a_short_prompt_and_unlocking_works_first_time(qtbot, window, staff_passwords,
                                                                   log_in):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog

    log_in(window, "admin", staff_passwords["admin"])
    answers = []
    QTimer.singleShot(50, window.lock)  # the idle lock fires while the prompt is open
    answers.append(QInputDialog.getText(window, "原因", "为什么？"))
    assert answers == [("", False)]
    assert window.pages.currentWidget() is window.login
    log_in(window, "admin", staff_passwords["admin"])
    assert window.pages.currentWidget() is window.work


def test_closing_the_form_mid_save_waits_for_the_save(qtbot, window, staff_passwords, log_in,
                                                    valid_farmer_input, db):
    from sqlmodel import Session, func, select

    from station_app.store.models import Farmer
    from station_app.ui.runner import Runner

    log_in(window, "tutor", staff_passwords["tutor"])
    window.state.runner = Runner()  # a real worker thread for this test
    form = window.farmers.open_form(None)
    inp = valid_farmer_input(name="冯三")
    form.edits["name"].insert(inp.name)
    form.edits["resident_id"].setText(inp.resident_id)
    form._check_resident_id()
    form.edits["phone"].setText(inp.phone)
    form.village.setCurrentText(inp.village)
    for scope in inp.consent_scopes:
        form.consents[scope].setChecked(True)
    form.save()
    form.reject()  # Esc / Cancel while the worker saves
    assert not form.cancel_button.isEnabled()
    import shiboken6

    qtbot.waitUntil(lambda: not shiboken6.isValid(form) or not form.isVisible(), timeout=10000)
    with Session(db.engine) as session:
        assert session.exec(select(func.count()).select_from(Farmer)
                            .where(Farmer.name == "冯三")).one() == 1
    # The list heard about it although the form was closing.
    model = window.farmers.model
    assert "冯三" in [model.data(model.index(r, 0)) for r in range(model.rowCount())]

"""Registering, finding and viewing farmers through the real widgets."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlmodel import Session, func, select

from station_app.store.models import AuditEntry, Farmer, OutboxEntry
from station_app.ui.farmers.form import FarmerForm


def _counts(db):
    with Session(db.engine) as session:
        return (session.exec(select(func.count()).select_from(Farmer)).one(),
                session.exec(select(func.count()).select_from(OutboxEntry)).one())


def _fill(qtbot, form, inp):
    # QTest can only type Latin-1 key by key; Chinese arrives as an input-method commit.
    form.edits["name"].setFocus()
    form.edits["name"].insert(inp.name)
    qtbot.keyClicks(form.edits["resident_id"], inp.resident_id)
    form.edits["resident_id"].editingFinished.emit()
    qtbot.keyClicks(form.edits["phone"], inp.phone)
    qtbot.keyClicks(form.edits["bank_card"], inp.bank_card)
    form.village.setCurrentText(inp.village)
    form.township.setText(inp.township)
    for scope in inp.consent_scopes:
        form.consents[scope].setChecked(True)
    form.form_printed.setChecked(True)


def _open_form(qtbot, window, log_in, staff_passwords, role="tutor"):
    log_in(window, role, staff_passwords[role])
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))  # Home comes first
    screen = window.farmers
    assert screen.register_button.isVisible()
    qtbot.mouseClick(screen.register_button, Qt.MouseButton.LeftButton)
    return screen, _visible_form(window)


def _visible_form(window):
    forms = [w for w in window.findChildren(FarmerForm) if w.isVisible()]
    assert len(forms) == 1
    return forms[0]


def test_register_through_the_form_then_find_by_pinyin(
        qtbot, window, log_in, staff_passwords, valid_farmer_input, db):
    screen, form = _open_form(qtbot, window, log_in, staff_passwords)
    inp = valid_farmer_input(name="张三")
    _fill(qtbot, form, inp)
    # A valid ID fills in birth date and gender by itself.
    assert form.gender.currentData() == "male"
    assert form.birth_date.date().toString("yyyy-MM-dd") == inp.birth_date.isoformat()
    before = _counts(db)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.banner.text()
    assert _counts(db)[0] == before[0] + 1

    screen.search.clear()
    qtbot.keyClicks(screen.search, "zs")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=2000)
    assert screen.model.data(screen.model.index(0, 0)) == "张三"
    # Masked on screen.
    shown_id = screen.model.data(screen.model.index(0, 3))
    assert shown_id == inp.resident_id[:6] + "********" + inp.resident_id[-4:]
    screen.table.selectRow(0)
    assert screen.detail.title.text() == "张三"
    assert inp.phone not in screen.detail.values["phone"].text()


def test_invalid_id_shows_its_message_and_saves_nothing(
        qtbot, window, log_in, staff_passwords, valid_farmer_input, db):
    _screen, form = _open_form(qtbot, window, log_in, staff_passwords)
    inp = valid_farmer_input(name="李四")
    bad = inp.resident_id[:-1] + ("0" if inp.resident_id[-1] != "0" else "1")
    inp.resident_id = bad
    _fill(qtbot, form, inp)
    # Leaving the field already explains the problem.
    assert "校验码" in form.errors["resident_id"].text()
    before = _counts(db)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors["resident_id"].isVisible()
    assert "校验码" in form.errors["resident_id"].text()
    assert _counts(db) == before
    # What was typed is still there to correct.
    assert form.edits["name"].text() == "李四"
    assert form.edits["resident_id"].text() == bad


def test_missing_fields_each_get_a_message(qtbot, window, log_in, staff_passwords, db):
    _screen, form = _open_form(qtbot, window, log_in, staff_passwords)
    before = _counts(db)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    for field in ("name", "resident_id", "gender", "phone", "village", "consent"):
        assert form.errors[field].isVisible(), field
        assert form.errors[field].text(), field
    assert _counts(db) == before


def test_duplicate_id_links_to_the_existing_farmer(
        qtbot, window, log_in, staff_passwords, valid_farmer_input, db):
    screen, form = _open_form(qtbot, window, log_in, staff_passwords)
    first = valid_farmer_input(name="王五")
    _fill(qtbot, form, first)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()

    qtbot.mouseClick(screen.register_button, Qt.MouseButton.LeftButton)
    form2 = _visible_form(window)
    second = valid_farmer_input(name="王五五", resident_id=first.resident_id)
    _fill(qtbot, form2, second)
    before = _counts(db)
    qtbot.mouseClick(form2.save_button, Qt.MouseButton.LeftButton)
    assert "已经登记过" in form2.errors["resident_id"].text()
    assert form2.open_duplicate.isVisible()
    assert _counts(db) == before
    qtbot.mouseClick(form2.open_duplicate, Qt.MouseButton.LeftButton)
    assert not form2.isVisible()
    assert screen.detail.title.text() == "王五"


def test_luhn_warning_needs_confirmation(qtbot, window, log_in, staff_passwords,
                                         valid_farmer_input, db):
    _screen, form = _open_form(qtbot, window, log_in, staff_passwords)
    inp = valid_farmer_input(name="赵六")
    card = inp.bank_card
    inp.bank_card = card[:-1] + str((int(card[-1]) + 1) % 10)
    _fill(qtbot, form, inp)
    before = _counts(db)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.confirm.isVisible()
    assert _counts(db) == before
    form.confirm.setChecked(True)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert _counts(db)[0] == before[0] + 1


def test_specialist_reveals_phone_and_it_is_audited(
        qtbot, window, log_in, staff_passwords, valid_farmer_input, tutor_ctx, db):
    from station_app.services import farmers

    inp = valid_farmer_input(name="孙七")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    log_in(window, "specialist", staff_passwords["specialist"])
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))  # Home comes first
    screen = window.farmers
    screen.select_farmer(farmer_id)
    button = screen.detail.reveal_buttons["phone"]
    assert button.isVisible()
    assert screen.detail.values["phone"].text() != inp.phone
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert screen.detail.values["phone"].text() == inp.phone
    with Session(db.engine) as session:
        reveals = session.exec(select(AuditEntry).where(AuditEntry.action == "reveal")).all()
    assert [json.loads(r.changes)["field"] for r in reveals] == ["phone"]
    assert reveals[0].username == "specialist"


def test_tutor_cannot_reveal(qtbot, window, log_in, staff_passwords, valid_farmer_input, tutor_ctx):
    from station_app.services import farmers

    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="周八"))
    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.select_farmer(farmer_id)
    assert not any(b.isVisible() for b in window.farmers.detail.reveal_buttons.values())
    assert not window.farmers.detail.delete_button.isVisible()


def test_branch_officer_cannot_register(window, log_in, staff_passwords):
    log_in(window, "branch", staff_passwords["branch_officer"])
    assert not window.farmers.register_button.isVisible()


def test_edit_keeps_sensitive_values_unless_retyped(
        qtbot, window, log_in, staff_passwords, valid_farmer_input, tutor_ctx, db):
    from station_app.services import farmers

    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="吴九"))
    with Session(db.engine) as session:
        cipher_before = session.get(Farmer, farmer_id).resident_id_cipher
    log_in(window, "tutor", staff_passwords["tutor"])
    window.farmers.select_farmer(farmer_id)
    qtbot.mouseClick(window.farmers.detail.edit_button, Qt.MouseButton.LeftButton)
    form = _visible_form(window)
    assert form.edits["resident_id"].text() == ""
    assert "********" in form.edits["resident_id"].placeholderText()
    form.edits["address_detail"].setText("5组1号")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.banner.text()
    with Session(db.engine) as session:
        farmer = session.get(Farmer, farmer_id)
        assert farmer.address_detail == "5组1号"
        assert farmer.resident_id_cipher == cipher_before
        assert farmer.version == 2
    assert window.farmers.detail.values["address"].text().endswith("5组1号")


def test_keyboard_only_register_and_find(qtbot, window, log_in, staff_passwords,
                                         valid_farmer_input, tutor_ctx):
    from station_app.services import farmers

    farmers.register_farmer(tutor_ctx, valid_farmer_input(name="郑十"))
    log_in(window, "tutor", staff_passwords["tutor"])
    window.nav.setCurrentRow(window.screens.indexOf(window.farmers))  # Home comes first
    screen = window.farmers
    window.activateWindow()
    qtbot.keyClick(screen.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search.hasFocus()
    qtbot.keyClicks(screen.search, "zs")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert screen.model.rowCount() == 1
    qtbot.keyClick(screen.search, Qt.Key.Key_Down)
    assert screen.table.hasFocus()
    assert screen.detail.title.text() == "郑十"
    qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert _visible_form(window).windowTitle() == "Register a farmer"

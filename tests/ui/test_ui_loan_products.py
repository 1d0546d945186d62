"""The admin's loan products screen: real widgets, a real database, the real services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from station_app.domain.roles import Role
from station_app.services import loan_products
from station_app.ui.admin.loan_products_screen import (
    LoanProductsScreen,
    fraction_value,
    percent_text,
)


@pytest.fixture
def screen(qtbot, make_state, db, make_actor):
    state = make_state(db)
    state.set_actor(make_actor(Role.ADMIN))
    widget = LoanProductsScreen(state)
    qtbot.addWidget(widget)
    widget.resize(1200, 860)
    widget.show()
    return widget


def _type(qtbot, edit, text: str) -> None:
    """Replace the text of a line edit by typing (digits only, as a clerk would)."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_percent_and_fraction_texts():
    assert percent_text("0.0480") == "4.80" and percent_text("0.00435") == "0.435"
    assert percent_text("0") == "0.00" and percent_text("1") == "100.00"
    assert fraction_value("4.8") == "0.048" and fraction_value("0") == "0"
    assert fraction_value("") == "" and fraction_value("24") == "0.24"


def test_it_shows_the_shipped_products(screen):
    shipped = loan_products.shipped_products()
    assert screen.table.rowCount() == len(shipped)
    row = screen.row_of("planting_standard")
    assert screen.table.item(row, 0).text() == "种植贷"
    assert screen.table.item(row, 4).text() == "4.80 %"
    assert screen.table.item(row, 2).text() == "3,000.00 – 300,000.00"
    assert screen.table.item(row, 6).text() == "Yes"  # cooperative guarantee
    assert "2" in screen.version_label.text()
    assert not screen.dirty and screen.save_button.isEnabled()


def test_admin_edits_a_rate_saves_and_reopening_shows_it(qtbot, screen, make_state, db,
                                                         make_actor):
    screen.select_product(screen.row_of("order_standard"))
    assert screen.rate.text() == "4.50"
    _type(qtbot, screen.rate, "3.95")

    row = screen.row_of("order_standard")
    assert screen.dirty and screen.dirty_label.isVisibleTo(screen)
    assert screen.table.item(row, 4).text() == "3.95 %"
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)

    assert screen.problem_texts() == []
    catalogue = loan_products.active_products(db)
    assert catalogue.version == 2 and catalogue["order_standard"].annual_rate == Decimal("0.0395")
    # Nothing else changed (the rates of the other products keep their stored text).
    shipped = loan_products.shipped_products()
    assert catalogue["planting_standard"] == shipped["planting_standard"]
    assert not screen.dirty and "3" in screen.version_label.text()
    assert loan_products.products_source(db) == "edited"

    state = make_state(db)
    state.set_actor(make_actor(Role.ADMIN))
    reopened = LoanProductsScreen(state)
    qtbot.addWidget(reopened)
    reopened.select_product(reopened.row_of("order_standard"))
    assert reopened.rate.text() == "3.95"
    assert reopened.table.item(reopened.row_of("order_standard"), 4).text() == "3.95 %"
    assert "2" in reopened.status.text()


def test_invalid_input_shows_the_message_and_saves_nothing(qtbot, screen, db):
    screen.select_product(screen.row_of("planting_standard"))
    _type(qtbot, screen.rate, "30")
    assert screen.field_errors["rate"].isVisibleTo(screen)
    assert "24" in screen.field_errors["rate"].text()
    _type(qtbot, screen.amount_min, "400000")  # above the highest, 300000
    for box in screen.method_boxes.values():
        box.setChecked(False)

    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)

    texts = screen.problem_texts()
    assert screen.problems.isVisibleTo(screen) and len(texts) == 3, texts
    assert all(t.startswith("种植贷") for t in texts)
    assert any("between 0 and 24 %" in t and "30.00 %" in t for t in texts)
    assert any("lowest amount (400,000.00 yuan)" in t for t in texts)
    assert any("at least one repayment method" in t for t in texts)
    assert "Nothing was saved" in screen.problems_title.text()
    assert screen.dirty and screen.rate.text() == "30"  # the edits stay
    assert loan_products.products_source(db) == "shipped"

    # Correcting them and saving again works, with nothing retyped.
    _type(qtbot, screen.rate, "5.5")
    _type(qtbot, screen.amount_min, "4000")
    screen.method_boxes["bullet"].setChecked(True)
    screen.default_method.setCurrentIndex(screen.default_method.findData("bullet"))
    screen.save()
    assert screen.problem_texts() == []
    product = loan_products.active_products(db)["planting_standard"]
    assert (product.annual_rate, product.amount_min, product.methods) == (
        Decimal("0.055"), Decimal("4000.00"), ("bullet",))


def test_the_usual_method_must_be_ticked(screen, db):
    screen.select_product(screen.row_of("order_standard"))
    screen.default_method.setCurrentIndex(screen.default_method.findData("equal_principal"))
    screen.save()
    assert any("usual repayment method" in t for t in screen.problem_texts())
    assert screen.field_errors["methods"].isVisibleTo(screen)
    assert loan_products.products_source(db) == "shipped"


def test_domain_problems_come_back_as_sentences(screen, db):
    """What only the domain checks (here: the insurance discount above the rate)."""
    screen.select_product(screen.row_of("planting_standard"))
    screen.rate.setText("0.2")
    screen.rate.textEdited.emit("0.2")  # discount 0.30 points > 0.20 %
    screen.save()
    texts = screen.problem_texts()
    assert any("利率优惠" in t for t in texts), texts
    assert "not saved" in screen.problems_title.text()
    assert loan_products.products_source(db) == "shipped"


def test_restore_the_shipped_catalogue(qtbot, screen, db):
    screen.select_product(screen.row_of("order_standard"))
    _type(qtbot, screen.rate, "4")
    screen.save()
    assert loan_products.products_source(db) == "edited"

    screen.reset()

    assert loan_products.products_source(db) == "shipped"
    screen.select_product(screen.row_of("order_standard"))
    assert screen.rate.text() == "4.50" and "3" in screen.version_label.text()


def test_other_roles_see_it_read_only(qtbot, make_state, db, make_actor):
    state = make_state(db)
    state.set_actor(make_actor(Role.SPECIALIST))
    widget = LoanProductsScreen(state)
    qtbot.addWidget(widget)
    assert widget.table.rowCount() > 0
    assert not widget.save_button.isEnabled() and not widget.form_box.isEnabled()
    widget.save()
    assert loan_products.products_source(db) == "shipped"


def test_the_admin_reaches_it_from_the_navigation(qtbot, window, log_in, staff_passwords):
    log_in(window, "admin", staff_passwords["admin"])
    texts = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Loan products" in texts
    window.nav.setCurrentRow(texts.index("Loan products"))
    assert window.screens.currentWidget() is window.loan_products

"""The home screen with real widgets: the tiles show the station's figures, a click or Enter/
Space on a tile opens the list behind it (the overdue tile: the loans list filtered to
overdue), and it follows changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from station_app.domain.loans import quote_planting_loan
from station_app.domain.workflow import Action
from station_app.services import farmers, loan_applications as apps, loans, shops
from station_app.ui.dashboard_screen import DashboardScreen


def _loan(specialist_ctx, branch_ctx, farmer_id, days_ago: int, disburse: bool) -> str:
    filed = datetime.combine(date.today() - timedelta(days=days_ago), datetime.min.time(),
                             timezone.utc) + timedelta(hours=9)
    start = filed.date() + timedelta(days=3)
    quote = quote_planting_loan(
        loans.catalogue()["farm_input_standard"], score_grade="B",
        credit_limit=Decimal("80000"), planted_area_mu=Decimal("30"),
        input_cost_per_mu=Decimal("1500"), disbursement=start,
        expected_harvest=start + timedelta(days=150), requested_amount=Decimal("12000"),
        method="equal_installment", requested_term_months=6)
    app_id = apps.file_application(specialist_ctx, farmer_id, quote, now=filed)
    if disburse:
        moment = filed
        for action in (Action.START_REVIEW, Action.APPROVE, Action.PRINT_CONTRACT,
                       Action.SIGN, Action.DISBURSE):
            moment += timedelta(hours=1)
            apps.move(branch_ctx, app_id, action, disbursed_on=start, now=moment)
    return app_id


@pytest.fixture
def data(tutor_ctx, specialist_ctx, branch_ctx, valid_farmer_input):
    ids = [farmers.register_farmer(tutor_ctx, valid_farmer_input(name=name))
           for name in ("孟庆丰", "刘秀英", "王建华")]
    shops.create_shop(specialist_ctx, ids[0], platform="pinduoduo", shop_name="孟家猕猴桃")
    shops.create_shop(specialist_ctx, ids[1], platform="douyin", shop_name="秀英樱桃")
    overdue = _loan(specialist_ctx, branch_ctx, ids[0], 160, True)  # never paid: overdue
    _loan(specialist_ctx, branch_ctx, ids[1], 2, False)  # waiting for the branch
    return ids, overdue


def _home(window) -> DashboardScreen:
    assert window.screens.currentWidget() is window.home
    return window.home


def test_home_is_first_and_the_tiles_show_the_numbers(qtbot, window, log_in, staff_passwords,
                                                      data) -> None:
    log_in(window, "branch", staff_passwords["branch_officer"])
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert names[0] == "Home" and names[1] == "Farmers"
    home = _home(window)
    tiles = home.tiles
    assert tiles["farmers"].value.text() == "3"
    assert "3" in tiles["farmers"].detail.text()  # all registered this month
    assert tiles["shops"].value.text() == "2"
    assert tiles["loans"].value.text() == "1"
    assert tiles["overdue"].value.text() == "1"
    assert "元" in tiles["overdue"].detail.text()
    assert tiles["training"].value.text() == "0"
    # Charts, not just numbers: shops per platform, overdue per days-past-due bucket.
    shop_chart = tiles["shops"].chart.chart()
    bars = shop_chart.series()[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [1, 1]
    overdue_bars = tiles["overdue"].chart.chart().series()[0].barSets()[0]
    assert sum(overdue_bars.at(i) for i in range(overdue_bars.count())) == 1
    assert overdue_bars.at(2) == 1  # 160 days ago, nothing paid: over 90 days
    # The keyboard starts on the first tile.
    assert home.focusWidget() is tiles["farmers"] or tiles["farmers"].hasFocus() \
        or not window.isActiveWindow()


def test_clicking_the_overdue_tile_opens_the_overdue_loans(qtbot, window, log_in,
                                                           staff_passwords, data) -> None:
    log_in(window, "branch", staff_passwords["branch_officer"])
    home = _home(window)
    records = window.loans.list
    assert records.filter.currentData() != "overdue"  # the branch starts from its queue
    qtbot.mouseClick(home.tiles["overdue"], Qt.MouseButton.LeftButton)
    assert window.screens.currentWidget() is window.loans
    assert window.nav.currentRow() == window.screens.indexOf(window.loans)
    assert records.filter.currentData() == "overdue"
    assert [v.id for v in records.views] == [data[1]]
    assert records.table.rowCount() == 1


def test_enter_and_space_open_the_list_of_the_focused_tile(qtbot, window, log_in,
                                                           staff_passwords, data) -> None:
    log_in(window, "specialist", staff_passwords["specialist"])
    home = _home(window)
    tile = home.tiles["scores"]
    assert tile.focusPolicy() & Qt.FocusPolicy.TabFocus
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    assert window.screens.currentWidget() is window.scores
    window.nav.setCurrentRow(0)
    qtbot.keyClick(home.tiles["training"], Qt.Key.Key_Space)
    assert window.screens.currentWidget() is window.training
    window.nav.setCurrentRow(0)
    qtbot.keyClick(home.tiles["farmers"], Qt.Key.Key_Enter)
    assert window.screens.currentWidget() is window.farmers
    window.nav.setCurrentRow(0)
    # The loans tile opens the loans being repaid.
    with qtbot.waitSignal(home.open_requested) as sent:
        qtbot.keyClick(home.tiles["loans"], Qt.Key.Key_Space)
    assert sent.args == ["loans:active"]
    assert window.screens.currentWidget() is window.loans
    assert window.loans.list.filter.currentData() == "active"


def test_a_tutor_sees_the_figures_but_loan_tiles_open_nothing(qtbot, window, log_in,
                                                              staff_passwords, data) -> None:
    log_in(window, "tutor", staff_passwords["tutor"])
    home = _home(window)
    assert home.tiles["overdue"].value.text() == "1"
    assert not home.tiles["overdue"].openable
    assert home.tiles["overdue"].focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.mouseClick(home.tiles["overdue"], Qt.MouseButton.LeftButton)
    assert window.screens.currentWidget() is window.home
    assert home.tiles["farmers"].openable and home.tiles["training"].openable


def test_the_home_screen_follows_changes(qtbot, window, log_in, staff_passwords, data,
                                         tutor_ctx, valid_farmer_input) -> None:
    log_in(window, "tutor", staff_passwords["tutor"])
    home = _home(window)
    assert home.tiles["farmers"].value.text() == "3"
    farmers.register_farmer(tutor_ctx, valid_farmer_input(name="赵小满"))
    window.state.announce("farmer")
    assert home.tiles["farmers"].value.text() == "4"
    # Hidden: marked stale and loaded again when shown.
    window.nav.setCurrentRow(1)
    farmers.register_farmer(tutor_ctx, valid_farmer_input(name="钱多多"))
    window.state.announce("farmer")
    assert home.stale and home.tiles["farmers"].value.text() == "4"
    window.nav.setCurrentRow(0)
    assert home.tiles["farmers"].value.text() == "5"


def test_english_texts(qtbot, make_state, db, make_actor, data) -> None:
    from station_app.domain.roles import Role

    state = make_state(db, "en")
    state.set_actor(make_actor(Role.BRANCH_OFFICER))
    screen = DashboardScreen(state)
    qtbot.addWidget(screen)
    screen.reload()
    assert "yuan" in screen.tiles["overdue"].detail.text()
    assert screen.tiles["insurance"].value.text() == "0 mu"
    assert "over 90 days" in [screen.tiles["overdue"].chart.chart().axes()[0].at(i)
                              for i in range(3)]

"""Insurance with real widgets: applying from the quote, the branch issuing the policy, the
claims made when the list opens, shown on the farmer's insurance tab."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from station_app.domain.insurance.policy import PolicyAction, PolicyState
from station_app.domain.roles import Role
from station_app.services import farmers, insurance, insurance_policies as policies
from station_app.ui.insurance.policies_screen import PoliciesList
from station_app.ui.insurance.policy_dialog import ApplyPolicyDialog, PolicyDialog
from station_app.ui.insurance.quote_dialog import InsuranceQuoteDialog
from station_app.ui.widgets import BigButton


@pytest.fixture
def farmer_id(tutor_ctx, valid_farmer_input) -> str:
    return farmers.register_farmer(tutor_ctx, valid_farmer_input(name="孟庆丰"))


def _state(make_state, db, make_actor, role):
    state = make_state(db)
    state.set_actor(make_actor(role))
    return state


def test_apply_from_the_quote_then_the_branch_issues_the_policy(
        qtbot, make_state, db, make_actor, farmer_id, monkeypatch) -> None:
    state = _state(make_state, db, make_actor, Role.SPECIALIST)
    quote = InsuranceQuoteDialog(state, farmer_id)
    qtbot.addWidget(quote)
    quote.product.setCurrentIndex(quote.product.findData("cherry_rain_mx"))
    quote.mu.setText("6")
    quote.run_quote()
    assert not quote.apply_button.isHidden()

    def accept_form(form: ApplyPolicyDialog) -> int:
        form.save()
        return QDialog.result(form)

    monkeypatch.setattr(ApplyPolicyDialog, "exec", accept_form)
    qtbot.mouseClick(quote.apply_button, Qt.MouseButton.LeftButton)
    assert quote.applied_id is not None
    view = policies.get_policy(state.ctx, quote.applied_id)
    assert view.state is PolicyState.SUBMITTED and view.insured_mu == Decimal("6.00")
    assert view.premium == quote.quote.premium and view.farmer_pays == quote.quote.farmer_pays

    branch = _state(make_state, db, make_actor, Role.BRANCH_OFFICER)
    queue = PoliciesList(branch)
    qtbot.addWidget(queue)
    queue.show()
    assert queue.filter.currentData() == "waiting" and queue.table.rowCount() == 1
    assert queue.count.text() in ("共 1 份保单", "1 policies")  # not "1 applications"
    dialog = queue.open_row(0)
    qtbot.addWidget(dialog)
    issue = dialog.findChild(BigButton, "policy_issue")
    qtbot.mouseClick(issue, Qt.MouseButton.LeftButton)
    assert dialog.view.state is PolicyState.ISSUED
    assert dialog.view.policy_no in dialog.facts.text()
    assert dialog.phases.rowCount() == 1


def test_opening_the_farmers_insurance_tab_makes_the_due_claims(
        qtbot, make_state, db, make_actor, specialist_ctx, branch_ctx, farmer_id) -> None:
    policy_id = policies.file_policy(specialist_ctx, farmer_id, "rice_heat_mx", Decimal("10"),
                                     now=datetime(2024, 1, 10, tzinfo=timezone.utc))
    policies.move(branch_ctx, policy_id, PolicyAction.ISSUE)
    state = _state(make_state, db, make_actor, Role.SPECIALIST)
    tab = PoliciesList(state, per_farmer=True)
    qtbot.addWidget(tab)
    tab.set_farmer(farmer_id)
    tab.show()
    assert tab.table.rowCount() == 1
    assert "1" in tab.claims_note.text()  # one new claim computed, its notice made
    assert ".pdf" in tab.claims_note.text()
    assert tab.table.item(0, 7).text().startswith("750")  # 75 元/mu × 10 mu (2024 heat)
    dialog: PolicyDialog = tab.open_row(0)
    qtbot.addWidget(dialog)
    heat = insurance.product("rice_heat_mx").section("heat")
    assert dialog.claims.rowCount() == 1 and dialog.claims.item(0, 0).text() == heat.name_zh
    # Reopening makes no second claim.
    tab.reload()
    assert policies.get_policy(state.ctx, policy_id).paid_out == Decimal("750.00")
    assert tab.claims_note.isHidden()

    state.settings.open_printed_documents = False
    qtbot.mouseClick(dialog.findChild(BigButton, "print_claim"), Qt.MouseButton.LeftButton)
    assert dialog.last_printed is not None and dialog.last_printed.pages == 1
    assert dialog.last_printed.doc_id in dialog.message.text()


def test_a_specialist_logging_in_makes_the_due_claims_without_opening_a_list(
        qtbot, window, log_in, staff_passwords, specialist_ctx, branch_ctx, farmer_id) -> None:
    """The automatic run belongs to the window: after the specialist logs in, the due claim
    exists with its notice though no insurance list was opened; a tutor's log-in makes none."""
    policy_id = policies.file_policy(specialist_ctx, farmer_id, "rice_heat_mx", Decimal("10"),
                                     now=datetime(2024, 1, 10, tzinfo=timezone.utc))
    policies.move(branch_ctx, policy_id, PolicyAction.ISSUE)
    log_in(window, "tutor", staff_passwords["tutor"])
    assert policies.get_policy(specialist_ctx, policy_id).claims == ()
    window.logout()
    log_in(window, "specialist", staff_passwords["specialist"])
    assert "insurance" not in window._built  # no list was opened
    view = policies.get_policy(specialist_ctx, policy_id)
    assert len(view.claims) == 1 and view.paid_out == Decimal("750.00")
    assert "1" in window.statusBar().currentMessage()

"""Loan applications between a station, its branch and a REAL central server.

The specialist files at the station; the branch officer reviews and approves on the branch's
own computer; the decision reaches the station by sync.  The server refuses a decision pushed
by a station computer, and any change to a move once written.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from sqlmodel import Session, select

from station_app.domain.loans import quote_planting_loan
from station_app.domain.roles import Role
from station_app.domain.workflow import Action, State
from station_app.services import farmers, loan_applications as apps, loans, writes
from station_app.services.context import Actor, ServiceContext
from station_app.store.models import LoanTransition
from station_app.sync.engine import SyncEngine, enroll

START = date(2026, 3, 5)
FILED = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def _engine(db) -> SyncEngine:
    return SyncEngine(db, writer=writes)


def _quote():
    return quote_planting_loan(
        loans.catalogue()["farm_input_standard"], score_grade="B",
        credit_limit=Decimal("80000"), planted_area_mu=Decimal("30"),
        input_cost_per_mu=Decimal("1500"), disbursement=START,
        expected_harvest=START + timedelta(days=150), requested_amount=Decimal("20000"),
        method="equal_installment", requested_term_months=6)


def test_the_branch_approves_on_its_computer_and_the_station_sees_it(
        db, station, open_db, central, make_ctx, valid_farmer_input) -> None:
    branch = central.new_branch()
    station_id, code = central.new_station(branch=branch)
    enroll(db, central.base, central.code(station=code))
    tutor = make_ctx(Role.TUTOR)
    specialist = make_ctx(Role.SPECIALIST)
    tutor = ServiceContext(db, replace(tutor.actor, station_id=station_id))
    specialist = ServiceContext(db, replace(specialist.actor, station_id=station_id))
    farmer_id = farmers.register_farmer(tutor, valid_farmer_input(name="孟庆丰"))
    app_id = apps.file_application(specialist, farmer_id, _quote(), now=FILED)
    report = _engine(db).sync_now()
    assert report.push.quarantined == 0

    db_branch = open_db("branch")
    enroll(db_branch, central.base, central.code(branch=branch))
    branch_engine = _engine(db_branch)
    branch_engine.sync_now()
    officer = ServiceContext(db_branch, Actor("officer-1", "chenjing", "陈静",
                                              Role.BRANCH_OFFICER, branch))
    seen = apps.get_application(officer, app_id)
    assert seen.state is State.SUBMITTED and seen.farmer_name == "孟庆丰"
    apps.move(officer, app_id, Action.START_REVIEW)
    apps.move(officer, app_id, Action.APPROVE)
    report = branch_engine.sync_now()
    assert report.push.quarantined == 0 and report.push.applied >= 2
    # The rows carry the station's id, not the branch's.
    assert central.record("loan_transition", _ids(db_branch, "approve")[0])["station_id"] == (
        station_id)

    _engine(db).sync_now()
    at_station = apps.get_application(specialist, app_id)
    assert at_station.state is State.APPROVED
    assert [t.actor_name for t in at_station.transitions][-1] == "陈静"

    # Disbursement and a repayment at the branch travel too.
    apps.move(officer, app_id, Action.PRINT_CONTRACT)
    apps.move(officer, app_id, Action.SIGN)
    apps.move(officer, app_id, Action.DISBURSE, disbursed_on=START,
              now=datetime(2026, 3, 5, 8, tzinfo=timezone.utc))
    first = apps.get_application(officer, app_id, as_of=START).status.schedule[0]
    apps.record_repayment(officer, app_id, first.total, first.due_date,
                          now=datetime.combine(first.due_date, datetime.min.time(),
                                               timezone.utc))
    assert branch_engine.sync_now().push.quarantined == 0
    _engine(db).sync_now()
    repaid = apps.get_application(specialist, app_id, as_of=first.due_date)
    assert repaid.state is State.REPAYING
    assert repaid.status.paid == first.total


def _ids(db, action: str) -> list[str]:
    with Session(db.engine) as session:
        return [t.id for t in session.exec(select(LoanTransition).where(
            LoanTransition.action == action))]


def test_the_server_refuses_a_decision_from_a_station_computer_and_edits_of_moves(
        db, station, central, make_ctx, valid_farmer_input) -> None:
    station_id, code = central.new_station()
    enroll(db, central.base, central.code(station=code))
    ctx = {role: ServiceContext(db, replace(make_ctx(role).actor, station_id=station_id))
           for role in (Role.TUTOR, Role.SPECIALIST, Role.BRANCH_OFFICER)}
    farmer_id = farmers.register_farmer(ctx[Role.TUTOR], valid_farmer_input(name="孟庆丰"))
    app_id = apps.file_application(ctx[Role.SPECIALIST], farmer_id, _quote(), now=FILED)
    engine = _engine(db)
    assert engine.sync_now().push.quarantined == 0
    # A branch officer's account on the station's own computer is not the branch: its
    # decision is refused by the server (and kept here, quarantined, for a person to see).
    apps.move(ctx[Role.BRANCH_OFFICER], app_id, Action.START_REVIEW)
    engine.sync_now()
    refused = engine.quarantined()
    assert [e.entity for e in refused] == ["loan_transition"]
    assert json.loads(refused[0].last_error)["code"] == "scope.denied"
    assert central.record("loan_transition", refused[0].entity_id) is None
    engine.discard(refused[0], ctx[Role.SPECIALIST].actor, reason="测试：站点电脑不能审批")
    # A move once written is never changed: an edit of the submit row is refused too.
    submit_id = _ids(db, "submit")[0]
    with db.session() as session:
        row = session.get(LoanTransition, submit_id)
        writes.update(session, db, None, row, {"reason": "改过"}, base_version=row.version)
    engine.sync_now()
    assert [json.loads(e.last_error)["code"] for e in engine.quarantined()] == ["scope.denied"]
    assert central.record("loan_transition", submit_id)["reason"] == ""


# --------------------------------------------------------------------------- insurance

def test_a_policy_issued_at_the_branch_and_a_claim_two_station_computers_made_alike(
        db, station, open_db, central, make_ctx, valid_farmer_input) -> None:
    from sqlmodel import func

    from station_app.domain.insurance.policy import PolicyAction, PolicyState
    from station_app.services import insurance_policies as policies
    from station_app.store.models import InsuranceClaim

    branch = central.new_branch()
    station_id, code = central.new_station(branch=branch)
    enroll(db, central.base, central.code(station=code))
    tutor = ServiceContext(db, replace(make_ctx(Role.TUTOR).actor, station_id=station_id))
    specialist = ServiceContext(db, replace(make_ctx(Role.SPECIALIST).actor,
                                            station_id=station_id))
    farmer_id = farmers.register_farmer(tutor, valid_farmer_input(name="孟庆丰"))
    policy_id = policies.file_policy(specialist, farmer_id, "rice_heat_mx", Decimal("10"),
                                     now=datetime(2024, 1, 10, tzinfo=timezone.utc))
    assert _engine(db).sync_now().push.quarantined == 0

    db_branch = open_db("branch")
    enroll(db_branch, central.base, central.code(branch=branch))
    _engine(db_branch).sync_now()
    officer = ServiceContext(db_branch, Actor("officer-1", "chenjing", "陈静",
                                              Role.BRANCH_OFFICER, branch))
    policies.move(officer, policy_id, PolicyAction.ISSUE)
    assert _engine(db_branch).sync_now().push.quarantined == 0

    db_a2 = open_db("station-a-second")
    enroll(db_a2, central.base, central.code(station=code))
    _engine(db).sync_now()
    _engine(db_a2).sync_now()
    at_a2 = ServiceContext(db_a2, replace(specialist.actor))
    assert policies.get_policy(at_a2, policy_id).state is PolicyState.ISSUED
    # Both station computers make the claim before either has the other's.
    first = policies.run_claims(specialist, today=date(2024, 9, 2)).created
    second = policies.run_claims(at_a2, today=date(2024, 9, 2)).created
    assert [c.id for c in first] == [c.id for c in second] and first[0].payout == Decimal("750")
    for database in (db, db_a2, db, db_branch):
        assert _engine(database).sync_now().push.quarantined == 0
    for database in (db, db_a2, db_branch):
        with Session(database.engine) as session:
            assert session.exec(select(func.count()).select_from(InsuranceClaim)).one() == 1
    assert central.record("insurance_claim", first[0].id)["payout_fen"] == 75000

"""The home screen's figures on a real station database, each checked against a count made
straight from the database (or from the stored rows replayed independently)."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from station_app.domain.insurance.policy import PolicyAction
from station_app.domain.loans import quote_planting_loan
from station_app.domain.workflow import Action, State
from station_app.services import (
    dashboard,
    demo,
    farmers,
    insurance_policies as policies,
    loan_applications as apps,
    loans,
    scoring,
    shops,
    training,
    writes,
)
from station_app.services.errors import NotLoggedIn
from station_app.services.context import ServiceContext
from station_app.store.db import open_database
from station_app.store.models import CreditScore, Farmer, TrainingSession

TODAY = date(2024, 9, 10)  # the shipped weather (1994–2024) covers the claims of 2024
FILED = datetime(2024, 1, 10, 9, tzinfo=timezone.utc)


def _sql(db, query: str, *params: object) -> list[tuple]:
    con = sqlite3.connect(str(db.path))
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def _quote(start: date, amount: str = "20000", months: int = 6):
    product = loans.catalogue()["farm_input_standard"]
    quote = quote_planting_loan(
        product, score_grade="B", credit_limit=Decimal("80000"),
        planted_area_mu=Decimal("30"), input_cost_per_mu=Decimal("1500"),
        disbursement=start, expected_harvest=start + timedelta(days=150),
        requested_amount=Decimal(amount), method="equal_installment",
        requested_term_months=months)
    assert quote.eligible, quote.reasons
    return quote


def _loan(specialist, branch, farmer_id, filed: datetime, steps=(), amount="20000") -> str:
    start = filed.date() + timedelta(days=3)
    app_id = apps.file_application(specialist, farmer_id, _quote(start, amount), now=filed)
    moment = filed
    for step in steps:
        moment += timedelta(hours=2)
        apps.move(branch, app_id, step, disbursed_on=start,
                  reason="材料不全" if step in (Action.REJECT, Action.RETURN) else None,
                  now=moment)
    return app_id


DISBURSE = (Action.START_REVIEW, Action.APPROVE, Action.PRINT_CONTRACT, Action.SIGN,
            Action.DISBURSE)


@pytest.fixture
def built(db, tutor_ctx, specialist_ctx, branch_ctx, valid_farmer_input):
    """Farmers (one deleted), shops, scores, loans in several states (two overdue at
    different lengths), policies with claims (one repaying a loan) and trainings."""
    ids = [farmers.register_farmer(tutor_ctx, valid_farmer_input(name="农户" + "甲乙丙丁戊己庚辛"[i]))
           for i in range(8)]
    platforms = ["pinduoduo", "pinduoduo", "taobao", "douyin", "jd"]
    for farmer_id, platform in zip(ids, platforms):
        shops.create_shop(specialist_ctx, farmer_id, platform=platform, shop_name=f"{platform}店")
    shops.create_shop(specialist_ctx, ids[7], platform="kuaishou", shop_name="要删除的农户的店")
    for farmer_id in ids[:6] + ids[7:]:
        scoring.score_farmer(specialist_ctx, farmer_id)
    # Loans: submitted, rejected, approved, repaying on time, overdue ~40 days, overdue
    # ~150 days (never paid), closed by an insurance payout.
    _loan(specialist_ctx, branch_ctx, ids[0], datetime(2024, 9, 1, 9, tzinfo=timezone.utc))
    _loan(specialist_ctx, branch_ctx, ids[1], datetime(2024, 8, 1, 9, tzinfo=timezone.utc),
          (Action.START_REVIEW, Action.REJECT))
    _loan(specialist_ctx, branch_ctx, ids[2], datetime(2024, 8, 20, 9, tzinfo=timezone.utc),
          (Action.START_REVIEW, Action.APPROVE))
    on_time = _loan(specialist_ctx, branch_ctx, ids[3],
                    datetime(2024, 6, 1, 9, tzinfo=timezone.utc), DISBURSE, "12000")
    late = _loan(specialist_ctx, branch_ctx, ids[4], datetime(2024, 5, 1, 9, tzinfo=timezone.utc),
                 DISBURSE, "30000")
    _loan(specialist_ctx, branch_ctx, ids[5], datetime(2024, 3, 1, 9, tzinfo=timezone.utc),
          DISBURSE, "15000")
    for app_id in (on_time, late):
        schedule = apps.get_application(branch_ctx, app_id, as_of=TODAY).status.schedule
        due = [inst for inst in schedule if inst.due_date < TODAY]
        paid = due if app_id == on_time else due[:2]  # the late one stopped paying
        for inst in paid:
            apps.record_repayment(branch_ctx, app_id, inst.total, inst.due_date,
                                  now=datetime.combine(inst.due_date, datetime.min.time(),
                                                       timezone.utc))
    insured_loan = _loan(specialist_ctx, branch_ctx, ids[2],
                         datetime(2024, 3, 1, 9, tzinfo=timezone.utc), DISBURSE, "5000")
    # Policies: two issued for 2024 (one assigned to a loan), one waiting, one of 2023.
    for farmer_id, mu, loan_id, issue, filed in (
            (ids[0], "10", None, True, FILED),
            (ids[2], "80", insured_loan, True, FILED),
            (ids[3], "7", None, False, FILED),
            (ids[4], "5", None, True, datetime(2023, 1, 10, 9, tzinfo=timezone.utc))):
        policy_id = policies.file_policy(specialist_ctx, farmer_id, "rice_heat_mx",
                                         Decimal(mu), loan_application_id=loan_id, now=filed)
        if issue:
            policies.move(branch_ctx, policy_id, PolicyAction.ISSUE, now=filed + timedelta(days=1))
    policies.run_claims(specialist_ctx, today=TODAY)
    # Trainings: two this month (one attendee is the deleted farmer), one last month, one
    # this month but deleted.
    sessions = []
    for held_on, topic in ((date(2024, 9, 2), "直播带货"), (date(2024, 9, 9), "网店客服"),
                           (date(2024, 8, 28), "拍照修图"), (date(2024, 9, 5), "取消的课")):
        sessions.append(_session(db, tutor_ctx, held_on, topic))
    training.set_attendance(specialist_ctx, sessions[0], ids[:3] + ids[7:])
    training.set_attendance(specialist_ctx, sessions[1], ids[2:5])
    training.set_attendance(specialist_ctx, sessions[2], ids[:6])
    training.set_attendance(specialist_ctx, sessions[3], ids[:2])
    row = training.get_session(tutor_ctx, sessions[3])
    training.delete_session(tutor_ctx, sessions[3], row.version)
    # The deleted farmer's shop, score and attendance do not count.
    with db.session() as session:
        farmer = session.get(Farmer, ids[7])
        writes.soft_delete(session, db, tutor_ctx.actor, farmer, base_version=farmer.version)
    return ids


def _session(db, ctx, held_on: date, topic: str) -> str:
    """A session held on ``held_on`` (the service checks dates against the real today, so
    the date is set on the stored row afterwards)."""
    session_id = training.create_session(ctx, held_on=date.today(), topic=topic)
    with db.session() as session:
        row = session.get(TrainingSession, session_id)
        writes.update(session, db, ctx.actor, row, {"held_on": held_on},
                      base_version=row.version)
    return session_id


def _independent(db, today: date) -> dict:
    """Every count straight from the database, written without the service's SQL."""
    month = today.strftime("%Y-%m")
    live = {fid for (fid,) in _sql(db, "SELECT id FROM farmer WHERE deleted = 0")}
    start = int(datetime(today.year, today.month, 1).timestamp() * 1000)
    nxt = (datetime(today.year + (today.month == 12), today.month % 12 + 1, 1).timestamp()
           * 1000)
    this_month = sum(1 for (fid, hlc) in _sql(db, "SELECT id, created_hlc FROM farmer")
                     if fid in live and start <= int(hlc.split("-")[0]) < nxt)
    platforms: dict[str, int] = {}
    for platform, fid, deleted in _sql(db, "SELECT platform, farmer_id, deleted FROM shop"):
        if not deleted and fid in live:
            platforms[platform] = platforms.get(platform, 0) + 1
    latest: dict[str, tuple] = {}
    for fid, at, hlc, grade in _sql(db, "SELECT farmer_id, scored_at, created_hlc, grade "
                                        "FROM credit_score WHERE deleted = 0"):
        if fid in live and (fid not in latest or (at, hlc) > latest[fid][:2]):
            latest[fid] = (at, hlc, grade)
    grades: dict[str, int] = {}
    for _at, _hlc, grade in latest.values():
        grades[grade] = grades.get(grade, 0) + 1
    sessions = {sid for (sid, held, deleted) in _sql(
        db, "SELECT id, held_on, deleted FROM training_session")
        if not deleted and str(held).startswith(month)}
    attendances = sum(1 for (sid, fid, deleted) in _sql(
        db, "SELECT session_id, farmer_id, deleted FROM training_attendance")
        if not deleted and sid in sessions and fid in live)
    return {"farmers": len(live), "this_month": this_month, "platforms": platforms,
            "grades": grades, "sessions": len(sessions), "attendances": attendances}


def test_every_figure_matches_the_database(db, built, specialist_ctx, tutor_ctx) -> None:
    figures = dashboard.station_figures(tutor_ctx, today=TODAY)
    # Farmers registered today count for today's month, not for September 2024.
    today_figures = dashboard.station_figures(tutor_ctx)
    assert today_figures.farmers_this_month == 7 == today_figures.farmers
    check = _independent(db, TODAY)
    assert figures.farmers == check["farmers"] == 7
    assert figures.farmers_this_month == check["this_month"] == 0
    assert _independent(db, date.today())["this_month"] == 7
    # Shops: in the platform catalogue's order; the deleted farmer's shop is not counted.
    assert dict(figures.shops_by_platform) == check["platforms"] == {
        "pinduoduo": 2, "taobao": 1, "douyin": 1, "jd": 1}
    assert [k for k, _n in figures.shops_by_platform] == ["pinduoduo", "taobao", "douyin", "jd"]
    assert figures.shops == 5
    # Grades: every grade of the model (0 when nobody has it), the latest score per farmer.
    model = scoring.active_model(db)
    assert [g for g, _n in figures.by_grade] == [g.id for g in model.grades]
    assert {g: n for g, n in figures.by_grade if n} == check["grades"]
    assert figures.scored == 6 == sum(check["grades"].values())
    # Trainings of September 2024: the deleted session and August's do not count; the
    # deleted farmer's attendance does not either.
    assert figures.trainings_this_month == check["sessions"] == 2
    assert figures.attendances_this_month == check["attendances"] == 6


def test_loan_figures_follow_the_money(db, built, tutor_ctx, branch_ctx) -> None:
    figures = dashboard.station_figures(tutor_ctx, today=TODAY)
    views = apps.list_applications(branch_ctx, as_of=TODAY)
    assert figures.loans == len(views) == 7
    (total,) = _sql(db, "SELECT SUM(amount_fen) FROM loan_application WHERE deleted = 0")[0]
    assert sum(f.amount for f in figures.loans_by_state) == Decimal(total) / 100
    assert {f.state: f.count for f in figures.loans_by_state} == {
        State.SUBMITTED: 1, State.REJECTED: 1, State.APPROVED: 1, State.REPAYING: 1,
        State.OVERDUE: 2, State.CLOSED: 1}
    assert figures.state_figure(State.OVERDUE).amount == Decimal("45000.00")
    assert figures.state_figure(State.REPAYING).amount == Decimal("12000.00")
    assert figures.state_figure(State.WITHDRAWN).count == 0
    # Outstanding principal, independently: amount minus the principal of what was paid,
    # replayed from the stored repayments over each loan's schedule.
    active = [v for v in views if v.state in apps.ACTIVE_STATES]
    assert figures.active_loans == len(active) == 3
    expected = Decimal(0)
    for view in active:
        (paid_fen,) = _sql(db, "SELECT COALESCE(SUM(amount_fen), 0) FROM loan_repayment "
                               "WHERE application_id = ? AND deleted = 0", view.id)[0]
        left, principal_paid = Decimal(paid_fen) / 100, Decimal(0)
        for inst in view.status.schedule:
            left -= min(left, inst.interest)
            part = min(left, inst.principal)
            left -= part
            principal_paid += part
        expected += view.amount - principal_paid
    assert figures.outstanding_principal == expected > 0
    # Overdue: the loan that stopped paying after two installments (1–30 or 31–90 days)
    # and the one that never paid (over 90 days).
    overdue = figures.overdue
    assert overdue.count == 2
    by_key = {b.key: b for b in overdue.buckets}
    late = sorted((v for v in views if v.state is State.OVERDUE),
                  key=lambda v: v.status.days_past_due)
    assert late[1].status.days_past_due > 90 and 1 <= late[0].status.days_past_due <= 90
    short = "1-30" if late[0].status.days_past_due <= 30 else "31-90"
    assert by_key[short].count == 1 and by_key["90+"].count == 1
    assert sum(b.count for b in overdue.buckets) == 2
    # Overdue money, independently: installments due before today minus what was paid.
    expected_overdue = Decimal(0)
    for view in late:
        (paid_fen,) = _sql(db, "SELECT COALESCE(SUM(amount_fen), 0) FROM loan_repayment "
                               "WHERE application_id = ? AND deleted = 0", view.id)[0]
        due = sum((i.total for i in view.status.schedule if i.due_date < TODAY), Decimal(0))
        expected_overdue += due - Decimal(paid_fen) / 100
    assert overdue.amount == expected_overdue == sum(b.amount for b in overdue.buckets)
    assert isinstance(overdue.amount, Decimal)


def test_insurance_figures_count_this_years_issued_policies_and_paid_claims(
        db, built, tutor_ctx) -> None:
    cover = dashboard.station_figures(tutor_ctx, today=TODAY).insurance
    assert cover.year == 2024
    issued = []
    for app_id, mu, premium, insured in _sql(
            db, "SELECT id, insured_mu_x100, premium_fen, sum_insured_fen "
                "FROM insurance_application WHERE deleted = 0 AND season_year = 2024"):
        actions = {a for (a,) in _sql(db, "SELECT action FROM insurance_transition "
                                          "WHERE application_id = ?", app_id)}
        if "issue" in actions:
            issued.append((mu, premium, insured))
    assert cover.policies == len(issued) == 2
    assert cover.insured_mu == Decimal(sum(m for m, _p, _s in issued)) / 100 == Decimal("90")
    assert cover.premium == Decimal(sum(p for _m, p, _s in issued)) / 100
    assert cover.sum_insured == Decimal(sum(s for _m, _p, s in issued)) / 100
    claims = _sql(db, "SELECT payout_fen, to_loan_fen FROM insurance_claim "
                      "WHERE deleted = 0 AND season_year = 2024 AND payout_fen > 0")
    assert cover.claims_paid == len(claims) == 2
    assert cover.claims_amount == Decimal(sum(p for p, _l in claims)) / 100 == Decimal("6750.00")
    assert cover.claims_to_loans == Decimal(sum(t for _p, t in claims)) / 100 > 0
    (repaid,) = _sql(db, "SELECT SUM(amount_fen) FROM loan_repayment WHERE source = 'insurance'")[0]
    assert cover.claims_to_loans == Decimal(repaid) / 100


def test_an_empty_station_and_who_may_see_it(db, station, tutor_ctx) -> None:
    figures = dashboard.station_figures(tutor_ctx, today=TODAY)
    assert (figures.farmers, figures.shops, figures.scored, figures.loans) == (0, 0, 0, 0)
    assert figures.shops_by_platform == () and figures.loans_by_state == ()
    assert all(n == 0 for _g, n in figures.by_grade)
    assert figures.overdue.amount == Decimal("0.00") and figures.overdue.count == 0
    assert [b.key for b in figures.overdue.buckets] == ["1-30", "31-90", "90+"]
    assert figures.insurance.insured_mu == 0 and figures.trainings_this_month == 0
    with pytest.raises(NotLoggedIn):
        dashboard.station_figures(ServiceContext(db, None))


def test_the_demo_station_matches_direct_counts(tmp_path) -> None:
    db = open_database(tmp_path / "demo.db")
    try:
        demo.populate(db, 300)
        from station_app.services import auth
        from sqlmodel import Session, select
        from station_app.store.models import User

        with Session(db.engine) as session:
            user = session.exec(select(User).where(User.username == "branch")).one()
        ctx = ServiceContext(db, auth.actor_for(user))
        today = date.today()
        figures = dashboard.station_figures(ctx, today=today)
        check = _independent(db, today)
        assert figures.farmers == check["farmers"] == 300
        assert figures.farmers_this_month == check["this_month"] == 300
        assert dict(figures.shops_by_platform) == check["platforms"]
        assert figures.shops == sum(check["platforms"].values()) > 0
        assert {g: n for g, n in figures.by_grade if n} == check["grades"]
        assert figures.trainings_this_month == check["sessions"]
        assert figures.attendances_this_month == check["attendances"]
        (loans_n,) = _sql(db, "SELECT COUNT(*) FROM loan_application WHERE deleted = 0")[0]
        assert figures.loans == loans_n == len(demo.DEMO_LOANS)
        assert figures.overdue.count >= 1  # the demo's overdue loan
        assert figures.state_figure(State.CLOSED).count >= 1
        (mu,) = _sql(db, "SELECT SUM(a.insured_mu_x100) FROM insurance_application AS a "
                         "WHERE a.deleted = 0 AND a.season_year = ? AND EXISTS (SELECT 1 FROM "
                         "insurance_transition AS t WHERE t.application_id = a.id "
                         "AND t.action = 'issue')", today.year)[0]
        assert figures.insurance.insured_mu == Decimal(mu or 0) / 100
        (paid,) = _sql(db, "SELECT COUNT(*) FROM insurance_claim WHERE deleted = 0 "
                           "AND season_year = ? AND payout_fen > 0", today.year)[0]
        assert figures.insurance.claims_paid == paid
    finally:
        db.close()


def test_scores_count_only_each_farmers_latest(db, built, tutor_ctx, specialist_ctx) -> None:
    """A second, newer score of a farmer replaces the first in the grade counts."""
    figures = dashboard.station_figures(tutor_ctx, today=TODAY)
    with db.session() as session:
        from sqlmodel import select

        row = session.exec(select(CreditScore).where(CreditScore.farmer_id == built[0])).one()
        grade = row.grade
        other = next(g for g, _n in figures.by_grade if g != grade)
        newer = CreditScore(**{**row.model_dump(), "id": str(uuid.uuid4()), "grade": other,
                               "scored_at": row.scored_at + timedelta(days=1),
                               "created_hlc": "", "updated_hlc": ""})
        writes.insert(session, db, specialist_ctx.actor, newer)
    after = dashboard.station_figures(tutor_ctx, today=TODAY)
    assert after.scored == figures.scored
    assert after.grade_count(grade) == figures.grade_count(grade) - 1
    assert after.grade_count(other) == figures.grade_count(other) + 1

"""Insurance applications, policies and automatic claims on a real station database, with
the shipped 1994–2024 weather of the demo stations."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlmodel import Session, func, select

from station_app.domain.insurance import assess, assess_section, premium, to_fen
from station_app.domain.insurance.policy import PolicyAction, PolicyState
from station_app.domain.loans import quote_planting_loan
from station_app.domain.workflow import Action, State
from station_app.services import farmers, insurance, insurance_policies as policies
from station_app.services import loan_applications as apps, loans
from station_app.services.errors import PermissionDenied, ValidationFailed
from station_app.services.insurance_policies import PolicyRefused
from station_app.store.models import InsuranceClaim, LoanRepayment, OutboxEntry

JAN_2024 = datetime(2024, 1, 10, 9, tzinfo=timezone.utc)


@pytest.fixture
def farmer_id(tutor_ctx, valid_farmer_input) -> str:
    return farmers.register_farmer(tutor_ctx, valid_farmer_input(name="孟庆丰"))


def _issued(specialist_ctx, branch_ctx, farmer_id, product_id="rice_heat_mx", mu="10",
            **kw) -> str:
    policy_id = policies.file_policy(specialist_ctx, farmer_id, product_id, Decimal(mu),
                                     now=JAN_2024, **kw)
    policies.move(branch_ctx, policy_id, PolicyAction.ISSUE, now=JAN_2024 + timedelta(days=1))
    return policy_id


def test_filing_fixes_the_premium_and_the_branch_issues_the_policy(
        specialist_ctx, branch_ctx, farmer_id, db) -> None:
    policy_id = policies.file_policy(specialist_ctx, farmer_id, "cherry_rain_mx",
                                     Decimal("12.5"), now=JAN_2024)
    view = policies.get_policy(specialist_ctx, policy_id)
    product = insurance.product("cherry_rain_mx")
    assert view.state is PolicyState.SUBMITTED and view.season_year == 2024
    assert view.premium == premium(product, Decimal("12.5"))
    assert sum(view.shares.values()) == view.premium  # exact to the fen
    assert view.sum_insured == Decimal("50000.00")  # 4,000 元/mu × 12.5 mu
    assert policies.allowed_actions(specialist_ctx, view) == [PolicyAction.WITHDRAW]
    with pytest.raises(PolicyRefused):
        policies.move(specialist_ctx, policy_id, PolicyAction.ISSUE)
    with pytest.raises(PolicyRefused) as no_reason:
        policies.move(branch_ctx, policy_id, PolicyAction.REJECT, reason="")
    assert "原因" in str(no_reason.value)
    issued = policies.move(branch_ctx, policy_id, PolicyAction.ISSUE)
    assert issued.state is PolicyState.ISSUED and issued.policy_no.startswith("BD-")
    with Session(db.engine) as session:
        queued = {e.entity for e in session.exec(select(OutboxEntry))}
    assert {"insurance_application", "insurance_transition"} <= queued


def test_a_season_already_under_way_cannot_be_insured_and_tutors_cannot_file(
        specialist_ctx, tutor_ctx, farmer_id) -> None:
    in_july = datetime(2024, 7, 1, tzinfo=timezone.utc)  # the heat phase began on 6-25
    with pytest.raises(ValidationFailed) as late:
        policies.file_policy(specialist_ctx, farmer_id, "rice_heat_mx", Decimal("5"),
                             season_year=2024, now=in_july)
    assert "2025" in str(late.value.fields["season_year"][0])
    assert policies.get_policy(specialist_ctx, policies.file_policy(
        specialist_ctx, farmer_id, "rice_heat_mx", Decimal("5"), now=in_july)).season_year == 2025
    with pytest.raises(PermissionDenied):
        policies.file_policy(tutor_ctx, farmer_id, "rice_heat_mx", Decimal("5"))
    with pytest.raises(ValidationFailed):
        policies.file_policy(specialist_ctx, farmer_id, "rice_heat_mx", Decimal("-1"))


def test_claims_are_made_once_when_the_phase_is_over(specialist_ctx, branch_ctx, farmer_id,
                                                     db) -> None:
    policy_id = _issued(specialist_ctx, branch_ctx, farmer_id)
    # During the phase: nothing yet.
    assert policies.run_claims(specialist_ctx, today=date(2024, 8, 1)).created == ()
    run = policies.run_claims(specialist_ctx, today=date(2024, 9, 2))
    assert len(run.created) == 1
    claim = run.created[0]
    product = insurance.product("rice_heat_mx")
    days = [d for ds in insurance.station_weather("MX-57016").values() for d in ds]
    expected = assess_section(product, "heat", days, season=2024)
    assert claim.index_value == expected.index and claim.payout_per_mu == Decimal("75.00")
    assert claim.payout == to_fen(expected.payout_per_mu * 10) == Decimal("750.00")
    assert claim.to_loan == 0 and claim.to_farmer == Decimal("750.00")
    # Again, on another day, and by the branch: no second claim.
    assert policies.run_claims(specialist_ctx, today=date(2024, 9, 3)).created == ()
    assert policies.run_claims(branch_ctx, today=date(2024, 9, 3)).created == ()
    with Session(db.engine) as session:
        assert session.exec(select(func.count()).select_from(InsuranceClaim)).one() == 1
    view = policies.get_policy(specialist_ctx, policy_id)
    assert [c.id for c in view.claims] == [policies.claim_id(policy_id, "heat", 2024)]
    assert view.paid_out == Decimal("750.00")


def test_a_multi_phase_product_claims_each_phase_in_order_within_the_sum_insured(
        specialist_ctx, branch_ctx, farmer_id) -> None:
    policy_id = _issued(specialist_ctx, branch_ctx, farmer_id, "rice_jieqi_wy", mu="4")
    product = insurance.product("rice_jieqi_wy")
    days = [d for ds in insurance.station_weather("WY-58527").values() for d in ds]
    whole = assess(product, days, season=2024)
    run = policies.run_claims(specialist_ctx, today=date(2025, 1, 5))
    assert [c.section_code for c in run.created] == [
        s.section.code for s in sorted(whole.sections, key=lambda s: s.last)]
    total_per_mu = sum(c.payout_per_mu for c in run.created)
    assert total_per_mu == whole.payout_per_mu <= product.sum_insured_per_mu
    assert policies.get_policy(specialist_ctx, policy_id).paid_out == to_fen(
        whole.payout_per_mu * 4)


def test_a_payout_first_repays_the_assigned_loan_then_goes_to_the_farmer(
        specialist_ctx, branch_ctx, farmer_id) -> None:
    start = date(2024, 3, 5)
    quote = quote_planting_loan(
        loans.catalogue()["farm_input_standard"], score_grade="B",
        credit_limit=Decimal("80000"), planted_area_mu=Decimal("30"),
        input_cost_per_mu=Decimal("1500"), disbursement=start,
        expected_harvest=start + timedelta(days=300), requested_amount=Decimal("2000"),
        method="monthly_interest", requested_term_months=12)
    assert quote.eligible, quote.reasons
    loan_id = apps.file_application(specialist_ctx, farmer_id, quote,
                                    now=datetime(2024, 3, 1, tzinfo=timezone.utc))
    for action in (Action.START_REVIEW, Action.APPROVE, Action.PRINT_CONTRACT, Action.SIGN):
        apps.move(branch_ctx, loan_id, action, now=datetime(2024, 3, 2, tzinfo=timezone.utc))
    apps.move(branch_ctx, loan_id, Action.DISBURSE, disbursed_on=start,
              now=datetime(2024, 3, 5, 8, tzinfo=timezone.utc))
    _issued(specialist_ctx, branch_ctx, farmer_id, mu="40", loan_application_id=loan_id)
    payoff = apps.get_application(branch_ctx, loan_id, as_of=date(2024, 9, 1)).status.payoff
    run = policies.run_claims(specialist_ctx, today=date(2024, 9, 2))
    claim = run.created[0]
    assert claim.payout == Decimal("3000.00")  # 75 元/mu × 40 mu
    assert claim.to_loan == payoff and claim.to_farmer == Decimal("3000.00") - payoff
    loan = apps.get_application(branch_ctx, loan_id, as_of=date(2024, 9, 2))
    assert loan.state is State.CLOSED
    assert [r.source for r in loan.repayments] == ["insurance"]
    with Session(specialist_ctx.db.engine) as session:
        repayment = session.exec(select(LoanRepayment)).one()
    assert repayment.paid_on == date(2024, 9, 1) and repayment.amount_fen == int(payoff * 100)
    # Running again applies nothing more.
    assert policies.run_claims(specialist_ctx, today=date(2024, 9, 20)).created == ()


def test_an_insured_season_gets_the_loan_rate_discount(specialist_ctx, tutor_ctx,
                                                       farmer_id) -> None:
    from datetime import date as day
    from station_app.domain.planting import PlotInput, SeasonInput
    from station_app.services import planting

    plot = planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="南沟", area_mu=Decimal("8")))
    season_id = planting.add_season(tutor_ctx, plot, SeasonInput(
        crop_code="kiwifruit", planting_date=day.today() - timedelta(days=30),
        area_mu=Decimal("8")))
    before = loans.planting_quote(specialist_ctx, farmer_id, "planting_standard", season_id)
    assert before.inputs["has_weather_insurance"] is False
    policies.file_policy(specialist_ctx, farmer_id, "rice_heat_mx", Decimal("8"),
                         season_id=season_id)
    after = loans.planting_quote(specialist_ctx, farmer_id, "planting_standard", season_id)
    assert after.inputs["has_weather_insurance"] is True
    product = loans.catalogue()["planting_standard"]
    assert after.annual_rate == product.annual_rate - product.insurance_rate_discount


def test_the_application_form_certificate_and_claim_notice_print_and_verify(
        specialist_ctx, branch_ctx, farmer_id, tmp_path, db) -> None:
    import re

    from pypdf import PdfReader

    from station_app.services import insurance_documents as docs
    from station_app.services import signing

    def text(path) -> str:
        return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))

    policy_id = policies.file_policy(specialist_ctx, farmer_id, "rice_heat_mx", Decimal("10"),
                                     now=JAN_2024)
    form = docs.print_insurance_document(specialist_ctx, policy_id, "application",
                                         target_dir=tmp_path)
    body = text(form.path)
    assert "孟庆丰" in body and "基差" in body  # the basis-risk explanation is on the form
    with pytest.raises(PolicyRefused):
        docs.print_insurance_document(specialist_ctx, policy_id, "policy", target_dir=tmp_path)
    issued = policies.move(branch_ctx, policy_id, PolicyAction.ISSUE)
    certificate = docs.print_insurance_document(branch_ctx, policy_id, "policy",
                                                target_dir=tmp_path)
    assert certificate.pages == 1 and issued.policy_no in text(certificate.path)
    claim = policies.run_claims(specialist_ctx, today=date(2024, 9, 2)).created[0]
    notice = docs.print_insurance_document(specialist_ctx, policy_id, "claim",
                                           claim_id=claim.id, target_dir=tmp_path)
    assert notice.pages == 1
    assert "750.00" in text(notice.path) and "柒佰伍拾元整" in text(notice.path)
    from sqlmodel import select as sql_select
    from station_app.store.models import IssuedDocument
    with Session(db.engine) as session:
        records = session.exec(sql_select(IssuedDocument)).all()
    assert len(records) == 3
    assert all(signing.check(db, r.qr_text).verification.valid for r in records)


def test_due_claims_come_with_their_notices_once_even_from_two_threads(
        specialist_ctx, branch_ctx, farmer_id) -> None:
    """make_due_claims (the automatic run after log-in, and the lists) makes each due claim
    once with its notice; two runs at the same moment (the automatic one and an opened list)
    still make one claim and one notice."""
    import threading

    from station_app.services import insurance_documents

    _issued(specialist_ctx, branch_ctx, farmer_id)
    results = []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        results.append(insurance_documents.make_due_claims(specialist_ctx,
                                                           today=date(2024, 9, 2)))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r.run.created) for r in results) == [0, 1]
    notices = [path for r in results for path in r.notices]
    assert len(notices) == 1 and notices[0].is_file() and notices[0].suffix == ".pdf"
    with Session(specialist_ctx.db.engine) as session:
        assert session.exec(select(func.count()).select_from(InsuranceClaim)).one() == 1
    again = insurance_documents.make_due_claims(specialist_ctx, today=date(2024, 9, 3))
    assert again.run.created == () and again.notices == ()

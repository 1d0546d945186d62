"""Printing insurance documents: the application form (投保单, with the basis-risk
explanation), the policy certificate (保险凭证, once issued) and a claim notice (理赔通知书),
each signed with this computer's key and recorded for the verify screen
(``station_app.documents.insurance_docs`` lays them out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from station_app.documents import insurance_docs
from station_app.documents.insurance_docs import ClaimNoticeData, InsuranceDocData
from station_app.domain.insurance.policy import PolicyState
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.services import farmers, insurance_policies as policies
from station_app.services import loan_applications, reference, reports, signing
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound, PermissionDenied, ServiceError
from station_app.services.insurance_policies import PolicyRefused, PolicyView
from station_app.store.models import Station

__all__ = ["APPLICATION", "CLAIM", "DueClaims", "POLICY", "PrintedInsuranceDocument",
           "make_due_claims", "print_insurance_document"]

APPLICATION, POLICY, CLAIM = "application", "policy", "claim"


@dataclass(frozen=True)
class PrintedInsuranceDocument:
    which: str
    path: Path
    doc_id: str
    pages: int


@dataclass(frozen=True)
class DueClaims:
    """What :func:`make_due_claims` did: the claims made, the notices printed for those that
    pay, and why a notice could not be made (the claim stands; it can be printed later)."""

    run: policies.ClaimRun
    notices: tuple[Path, ...]
    notice_failures: tuple[tuple[str, str], ...]  # (policy no, the reason)


def make_due_claims(ctx: ServiceContext, *, today: date | None = None) -> DueClaims:
    """Make the claims that are due (``run_claims``) and print the claim notice of each new
    one that pays, once, with the claim.  Runs off the main thread (automatically after
    log-in and hourly, and when an insurance list opens)."""
    run = policies.run_claims(ctx, today=today)
    notices: list[Path] = []
    failures: list[tuple[str, str]] = []
    for claim in run.created:
        if claim.payout <= 0:
            continue
        try:
            printed = print_insurance_document(ctx, claim.application_id, CLAIM,
                                               claim_id=claim.id, today=today)
        except ServiceError as exc:
            failures.append((claim.application_id, exc.message.text(ctx.language)))
            continue
        notices.append(printed.path)
    return DueClaims(run, tuple(notices), tuple(failures))


def _common(ctx: ServiceContext, view: PolicyView) -> dict[str, object]:
    farmer = farmers.get_farmer(ctx, view.farmer_id)
    with Session(ctx.db.engine) as session:
        station = session.get(Station, view.station_id)
    calendar = reference.active_calendar(ctx.db)
    crop = calendar.get(view.product.crop)
    loan_no = ""
    if view.loan_application_id:
        try:
            loan_no = loan_applications.get_application(
                ctx, view.loan_application_id).application_no
        except NotFound:
            loan_no = ""
    return dict(
        station_name=station.name if station is not None else "",
        station_code=signing.station_code_for_qr(ctx.db, view.station_id),
        farmer_name=farmer.name, resident_id_masked=farmer.resident_id_masked,
        village=" ".join(x for x in (farmer.township, farmer.village) if x),
        product=view.product, season_year=view.season_year, insured_mu=view.insured_mu,
        loan_application_no=loan_no,
        staff_name=ctx.actor.display_name if ctx.actor else "",
        crop_name=crop.name_zh if crop is not None else "")


def print_insurance_document(ctx: ServiceContext, policy_id: str, which: str, *,
                             claim_id: str | None = None, target_dir: Path | None = None,
                             today: date | None = None) -> PrintedInsuranceDocument:
    """Make one signed insurance PDF (``application``, ``policy`` or ``claim`` with
    ``claim_id``)."""
    ctx.require_login()
    if not (ctx.can(Permission.APPLICATION_PREPARE) or ctx.can(Permission.APPLICATION_DECIDE)):
        raise PermissionDenied(Message("auth.permission_denied", "您的角色不能打印保险文件。",
                                       "Your role may not print insurance documents."))
    today = today or date.today()
    view = policies.get_policy(ctx, policy_id)
    common = _common(ctx, view)
    if which == APPLICATION:
        kind, prefix = insurance_docs.KIND_APPLICATION, "TBD"
    elif which == POLICY:
        if view.state is not PolicyState.ISSUED:
            raise PolicyRefused(Message(
                "policy.not_issued", "保单出单以后才能打印保险凭证。",
                "The certificate can be printed once the policy is issued."))
        kind, prefix = insurance_docs.KIND_POLICY, "BDP"
    elif which == CLAIM:
        claim = next((c for c in view.claims if c.id == claim_id), None)
        if claim is None:
            raise NotFound(Message("policy.claim_missing", "找不到这笔理赔。",
                                   "There is no such claim."))
        kind, prefix = insurance_docs.KIND_CLAIM, "LP"
    else:
        raise ValueError(f"unknown insurance document {which!r}")
    doc_id = signing.new_document_id(prefix, today)
    if which == CLAIM:
        data: InsuranceDocData | ClaimNoticeData = ClaimNoticeData(
            doc_id=doc_id, issued_on=today, policy_no=view.policy_no,
            section_code=claim.section_code, phase_first=claim.phase_first,
            phase_last=claim.phase_last, index_value=claim.index_value,
            payout_per_mu=claim.payout_per_mu, payout=claim.payout, to_loan=claim.to_loan,
            to_farmer=claim.to_farmer, claim_no=claim.id[:8].upper(), **common)
        content = insurance_docs.claim_content(data)
        build = insurance_docs.build_claim_notice
    else:
        data = InsuranceDocData(doc_id=doc_id, issued_on=today,
                                application_no=view.application_no, policy_no=view.policy_no,
                                premium=view.premium, shares=dict(view.shares), **common)
        if which == APPLICATION:
            content = insurance_docs.application_content(data)
            build = insurance_docs.build_application_form
        else:
            content = insurance_docs.policy_content(data)
            build = insurance_docs.build_policy_certificate
    qr_text = signing.sign(ctx, doc_id=doc_id, kind=kind, content=content, issued_on=today,
                           station_id=view.station_id)
    path = (target_dir or reports.documents_dir()) / f"{doc_id}.pdf"
    pages = build(path, data, qr_text)  # type: ignore[arg-type]
    signing.record_issued(ctx, doc_id=doc_id, kind=kind, farmer_id=view.farmer_id,
                          issued_on=today, content=content, qr_text=qr_text,
                          station_id=view.station_id)
    return PrintedInsuranceDocument(which, path, doc_id, pages)

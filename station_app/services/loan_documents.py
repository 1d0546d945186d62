"""Printing a loan's documents: the contract (借款合同), the repayment schedule (还款计划表)
and the farmer's one-page summary (贷款明白纸), each signed with this computer's key and
recorded for the verify screen (``station_app.documents.loan_contract`` lays them out).

* The contract is printed by the branch (``Permission.CONTRACT_PRINT``) once the application
  is approved; the first print moves it to "contract printed".  Reprints keep the state.
* The schedule and the summary may also be printed by the specialist while explaining the
  application to the farmer (before a decision they show the planned schedule; after the
  disbursement the real one).
* The contract number is the application number's: ``SQ-20261123-8F3A2C`` →
  ``HT-20261123-8F3A2C``, the same on every reprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from station_app.documents import loan_contract
from station_app.documents.loan_contract import LoanContractData
from station_app.domain.loans import annualized_rate
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.domain.workflow import Action, State
from station_app.services import farmers, loan_applications as apps, loans, reports, signing
from station_app.services.context import ServiceContext
from station_app.services.errors import PermissionDenied
from station_app.services.loan_applications import ApplicationView, WorkflowRefused
from station_app.store.models import Station

__all__ = ["CONTRACT", "DOCUMENTS", "SCHEDULE", "SUMMARY", "PrintedLoanDocument",
           "contract_number", "print_loan_document"]

CONTRACT, SCHEDULE, SUMMARY = "contract", "schedule", "summary"
#: name → (document kind in the QR, builder, id prefix)
DOCUMENTS = {
    CONTRACT: (loan_contract.KIND_CONTRACT, loan_contract.build_contract, "JK"),
    SCHEDULE: (loan_contract.KIND_SCHEDULE, loan_contract.build_schedule_document, "HK"),
    SUMMARY: (loan_contract.KIND_SUMMARY, loan_contract.build_summary, "MB"),
}
DEFAULT_LENDER = "贷款人（合作银行，以盖章为准）"
_NOT_PRINTABLE = frozenset({State.REJECTED, State.WITHDRAWN})
_UNDECIDED = frozenset({State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.RETURNED})


@dataclass(frozen=True)
class PrintedLoanDocument:
    which: str
    path: Path
    doc_id: str
    pages: int


def contract_number(application_no: str) -> str:
    """The contract number of an application (same date and serial, prefix HT)."""
    _prefix, _sep, rest = application_no.partition("-")
    return f"HT-{rest}" if rest else f"HT-{application_no}"


def _data(ctx: ServiceContext, view: ApplicationView, doc_id: str, today: date
          ) -> LoanContractData:
    farmer = farmers.get_farmer(ctx, view.farmer_id)
    with Session(ctx.db.engine) as session:
        station = session.get(Station, view.station_id)
    schedule = view.schedule
    start = view.status.disbursed_on if view.status is not None else view.planned_disbursement
    rate = annualized_rate(view.amount, schedule, view.fees)
    orders_note = ""
    if view.order_ids:
        orders_note = (f"以电商平台已确认订单 {len(view.order_ids)} 笔（"
                       f"{'、'.join(view.order_ids[:5])}{' 等' if len(view.order_ids) > 5 else ''}）"
                       "的回款为第一还款来源")
    return LoanContractData(
        contract_no=contract_number(view.application_no), doc_id=doc_id, issued_on=today,
        station_name=station.name if station is not None else "",
        station_code=signing.station_code_for_qr(ctx.db, view.station_id), station_phone="",
        lender_name=loans.lender_name(ctx) or DEFAULT_LENDER, farmer_name=farmer.name,
        resident_id_masked=farmer.resident_id_masked,
        village=" ".join(x for x in (farmer.township, farmer.village) if x),
        product_name=view.product_name, product_kind=view.product_kind, purpose=view.purpose,
        amount=view.amount, annual_rate=view.annual_rate, annualized_rate=rate, fees=view.fees,
        method=view.method, term_months=view.term_months, start=start,
        maturity=schedule[-1].due_date, schedule=tuple(schedule), guarantor=view.guarantor,
        insurance_policy_no=view.insurance_policy_no,
        staff_name=ctx.actor.display_name if ctx.actor else "", orders_note=orders_note)


def print_loan_document(ctx: ServiceContext, application_id: str, which: str, *,
                        target_dir: Path | None = None, today: date | None = None
                        ) -> PrintedLoanDocument:
    """Make one signed loan document PDF (``contract``, ``schedule`` or ``summary``)."""
    ctx.require_login()
    if which not in DOCUMENTS:
        raise ValueError(f"unknown loan document {which!r}")
    if which == CONTRACT:
        ctx.require(Permission.CONTRACT_PRINT)
    elif not (ctx.can(Permission.CONTRACT_PRINT) or ctx.can(Permission.APPLICATION_PREPARE)):
        raise PermissionDenied(Message("auth.permission_denied",
                                       "您的角色不能打印贷款文件。",
                                       "Your role may not print loan documents."))
    today = today or date.today()
    view = apps.get_application(ctx, application_id, as_of=today)
    if view.state in _NOT_PRINTABLE:
        raise WorkflowRefused(Message(
            "loan.print_closed", f"申请已“{view.state.label}”，不再打印文件。",
            f"The application is {view.state.label.en.lower()}; nothing more is printed."))
    first_contract = which == CONTRACT and view.state is State.APPROVED
    if which == CONTRACT and view.state in _UNDECIDED:
        raise WorkflowRefused(Message(
            "loan.contract_not_approved", "合同要在支行批准以后才能打印。",
            "The contract can be printed once the branch has approved the application."))
    kind, build, prefix = DOCUMENTS[which]
    doc_id = signing.new_document_id(prefix, today)
    data = _data(ctx, view, doc_id, today)
    content = loan_contract.contract_content(data)
    qr_text = signing.sign(ctx, doc_id=doc_id, kind=kind, content=content, issued_on=today,
                           station_id=view.station_id)
    path = (target_dir or reports.documents_dir()) / f"{doc_id}.pdf"
    pages = build(path, data, qr_text)
    signing.record_issued(ctx, doc_id=doc_id, kind=kind, farmer_id=view.farmer_id,
                          issued_on=today, content=content, qr_text=qr_text,
                          station_id=view.station_id)
    if first_contract:
        apps.move(ctx, application_id, Action.PRINT_CONTRACT)
    return PrintedLoanDocument(which, path, doc_id, pages)

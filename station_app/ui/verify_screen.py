"""验证文件: is this paper real?  Scan its QR with a scanner (it types into the box), paste
the text, or open a photo or scan of the paper; the answer comes offline."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.documents.qr import ImageUnreadable, read_qr_from_image
from station_app.domain.loans import METHOD_LABELS
from station_app.services import signing
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

COLOURS = {"valid": "#2e7d32", "altered": "#c62828", "unknown_signer": "#b26a00",
           "malformed": "#616161"}

# Content keys of the documents we print, as a person reads them.
CONTENT_LABELS = {
    "farmer_name": ("农户", "Farmer"), "resident_id_masked": ("身份证号", "Resident ID"),
    "total": ("信用分", "Score"), "grade": ("等级", "Grade"),
    "credit_limit": ("建议额度（元）", "Suggested limit (yuan)"),
    "model": ("评分模型", "Scoring model"), "model_id": ("评分模型", "Scoring model"),
    "model_version": ("模型版本", "Model version"), "scored_on": ("评分日期", "Scored on"),
    "doc_id": ("文件编号", "Document no."),
    # Loan documents (documents/loan_contract.contract_content).
    "contract_no": ("合同编号", "Contract no."), "lender_name": ("贷款人", "Lender"),
    "resident_id_tail": ("身份证号后四位", "Resident ID, last 4"),
    "amount": ("借款金额（元）", "Amount (yuan)"), "fees": ("费用（元）", "Fees (yuan)"),
    "total_repayment": ("本息合计（元）", "Total to repay (yuan)"),
    "annual_rate": ("年利率（%）", "Annual rate (%)"),
    "annualized_rate": ("年化利率（%）", "Annualized rate (%)"),
    "term_months": ("期限（月）", "Term (months)"), "start": ("起始日", "Start"),
    "maturity": ("到期日", "Maturity"), "method": ("还款方式", "Repayment method"),
    "installments": ("期数", "Installments"),
    "schedule_digest": ("还款计划校验码", "Schedule check code"),
    "guarantor": ("保证人", "Guarantor"), "insurance_policy_no": ("保单号", "Policy no."),
    # Insurance documents (documents/insurance_docs.*_content).
    "application_no": ("投保单号", "Application no."), "policy_no": ("保单号", "Policy no."),
    "claim_no": ("理赔编号", "Claim no."), "product_id": ("产品代码", "Product code"),
    "product_name": ("保险产品", "Product"), "terms_digest": ("条款校验码", "Terms check code"),
    "weather_station": ("气象站", "Weather station"), "season_year": ("保险年度", "Season"),
    "insured_mu": ("投保面积（亩）", "Insured area (mu)"),
    "sum_insured": ("保险金额（元）", "Sum insured (yuan)"),
    "premium": ("保费（元）", "Premium (yuan)"),
    "premium_central": ("中央财政补贴（元）", "Central subsidy (yuan)"),
    "premium_province": ("省级财政补贴（元）", "Provincial subsidy (yuan)"),
    "premium_county": ("县级财政补贴（元）", "County subsidy (yuan)"),
    "premium_farmer": ("农户自缴（元）", "Farmer pays (yuan)"),
    "loan_application_no": ("优先还款的贷款", "Loan repaid first"),
    "section_code": ("保险责任", "Cover"), "phase_first": ("保险期起", "Phase from"),
    "phase_last": ("保险期止", "Phase to"), "index_value": ("实测指数", "Index measured"),
    "payout_per_mu": ("每亩赔款（元）", "Payout per mu (yuan)"),
    "payout": ("赔款（元）", "Payout (yuan)"), "to_loan": ("用于还贷（元）", "To the loan (yuan)"),
    "to_farmer": ("付给农户（元）", "To the farmer (yuan)"),
}


class VerifyScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        title = QLabel(self.tr("Check a printed document"), objectName="title")
        hint = QLabel(self.tr("Scan the QR code at the bottom of the page with the scanner, paste its text, or open a photo or scan of the page. No network is needed."))  # noqa: E501
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.text = QPlainTextEdit(objectName="verify_text")
        self.text.setPlaceholderText("SAD1:…")
        self.text.setMaximumHeight(110)
        self.check_button = BigButton(self.tr("Check"), primary=True)
        self.check_button.setObjectName("verify_check")
        self.image_button = BigButton(self.tr("Open a photo or scan…"))
        self.image_button.setObjectName("verify_image")
        self.verdict = QLabel(objectName="verify_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.details = QLabel(objectName="verify_details")
        self.details.setWordWrap(True)
        self.error = ErrorLabel()
        self.error.setObjectName("verify_error")
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.image_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.check_button.clicked.connect(self.check)
        self.image_button.clicked.connect(self.choose_image)

    def check(self) -> None:
        self.error.show_messages([])
        text = self.text.toPlainText().strip()
        if not text:
            self.error.show_messages([self.tr("Scan or paste the QR code's text first.")])
            return
        checked = signing.check(self.state.db, text)
        result = checked.verification
        status = str(result.status)
        self.verdict.setText(self.state.text(result.message))
        self.verdict.setStyleSheet(f"font-size: 18pt; font-weight: bold; color: {COLOURS[status]};")
        self.verdict.setProperty("status", status)
        lines = []
        if result.doc_id:
            en = self.state.language.startswith("en")
            kinds = {"CREDIT-REPORT": self.tr("Credit report"),
                     "LOAN-CONTRACT": self.tr("Loan contract"),
                     "LOAN-SCHEDULE": self.tr("Repayment schedule"),
                     "LOAN-SUMMARY": self.tr("Loan summary for the farmer"),
                     "INSURANCE-APPLICATION": self.tr("Insurance application form"),
                     "INSURANCE-POLICY": self.tr("Insurance policy certificate"),
                     "INSURANCE-CLAIM": self.tr("Insurance claim notice"),
                     "PERSONAL-DATA-COPY": self.tr("Copy of personal information")}
            lines += [self.tr("Document no.: %1").replace("%1", result.doc_id),
                      self.tr("Kind: %1").replace("%1", kinds.get(result.kind or "",
                                                                  result.kind or "")),
                      self.tr("Station: %1").replace("%1", result.station_id or ""),
                      self.tr("Issued on: %1").replace("%1", str(result.issued_on))]
            if checked.signer:
                lines.append(self.tr("Printed by: %1").replace("%1", checked.signer))
            if checked.content:
                lines.append("")
                lines.append(self.tr("The paper must say:"))
                order = list(CONTENT_LABELS)
                for key, value in sorted(checked.content.items(),
                                         key=lambda kv: (order.index(kv[0]) if kv[0] in order
                                                         else len(order), kv[0])):
                    label = CONTENT_LABELS.get(key, (key, key))[1 if en else 0]
                    if key == "method" and value in METHOD_LABELS:
                        value = self.state.text(METHOD_LABELS[value])
                    lines.append(f"  {label}: {value}")
            elif result.valid:
                lines.append(self.tr("This document is not on record on this computer, so only the signature was checked."))  # noqa: E501
        self.details.setText("\n".join(lines))

    def choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Photo or scan of the document"), "",
            self.tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)"))
        if path:
            self.check_image(path)

    def check_image(self, path: str) -> None:
        self.error.show_messages([])
        try:
            found = read_qr_from_image(path)
        except (ImageUnreadable, OSError):
            self.error.show_messages([self.tr("This file cannot be opened as a picture.")])
            return
        codes = [t for t in found if t.startswith("SAD")] or found
        if not codes:
            self.verdict.clear()
            self.details.clear()
            self.error.show_messages([self.tr("No QR code was found in the picture. Take the photo closer, straight on and in good light.")])  # noqa: E501
            return
        self.text.setPlainText(codes[0])
        self.check()

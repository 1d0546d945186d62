"""Farmer registration rules (DOMAIN.md §2): what a valid farmer record is.

:func:`validate_farmer` checks a :class:`FarmerInput` field by field and returns plain-Chinese
errors (must be fixed) and warnings (must be confirmed) keyed by field name, so a form can put
each message beside its input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from station_app.domain import ids
from station_app.domain.messages import Message

GENDERS = ("male", "female")
EDUCATION_LEVELS = ("none", "primary", "junior", "senior", "college", "bachelor_plus")

# Consent scopes (数据使用授权范围).  The first two are needed to register at all.
CONSENT_SCOPES = {
    "basic": Message("consent.basic", "登记基本信息并用于信用评估",
                     "Register basic information and use it for credit assessment"),
    "sensitive": Message("consent.sensitive", "处理敏感个人信息（身份证号、手机号、银行卡号）",
                         "Process sensitive data (resident ID, phone, bank card)"),
    "platform_data": Message("consent.platform_data", "读取网店经营数据（订单、销售额）",
                             "Read online-shop data (orders, sales)"),
    "share_with_bank": Message("consent.share_with_bank", "与合作银行、保险机构共享用于贷款和保险",
                               "Share with partner bank and insurer for loans and insurance"),
}
REQUIRED_CONSENT = ("basic", "sensitive")
CONSENT_SHORT = {
    "basic": Message("consent.basic.short", "基本信息", "basic data"),
    "sensitive": Message("consent.sensitive.short", "敏感信息", "sensitive data"),
    "platform_data": Message("consent.platform_data.short", "网店数据", "shop data"),
    "share_with_bank": Message("consent.share_with_bank.short", "共享给银行保险", "sharing with bank/insurer"),
}

_NAME_RE = re.compile(r"^[\u3400-\u9fff\u00b7\u30fb·A-Za-z ]+$")


@dataclass
class FarmerInput:
    """What the registration form collects.  For an edit, a sensitive field left as None
    keeps the stored value (staff who may not see it can still edit the rest)."""

    name: str = ""
    gender: str = ""
    birth_date: date | None = None
    resident_id: str | None = ""
    phone: str | None = ""
    bank_card: str | None = ""
    province: str = ""
    county: str = ""
    township: str = ""
    village: str = ""
    address_detail: str = ""
    household_size: int | None = None
    education: str = ""
    coop_name: str = ""
    coop_uscc: str = ""
    notes: str = ""
    consent_scopes: list[str] = field(default_factory=list)
    consent_form_printed: bool = False


@dataclass
class FarmerCheck:
    errors: dict[str, list[Message]] = field(default_factory=dict)
    warnings: dict[str, list[Message]] = field(default_factory=dict)
    resident_id: str | None = None  # normalised values, when valid
    phone: str | None = None
    bank_card: str | None = None
    coop_uscc: str | None = None
    birth_date: date | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, name: str, message: Message) -> None:
        self.errors.setdefault(name, []).append(message)

    def warn(self, name: str, message: Message) -> None:
        self.warnings.setdefault(name, []).append(message)


def validate_farmer(inp: FarmerInput, *, is_new: bool = True, today: date | None = None) -> FarmerCheck:
    check = FarmerCheck()
    name = inp.name.strip()
    if not name:
        check.error("name", Message("farmer.name_empty", "请填写姓名。", "Please enter the name."))
    elif len(name) < 2 or len(name) > 30:
        check.error("name", Message("farmer.name_length", "姓名应为 2 到 30 个字。",
                                    "The name should have 2 to 30 characters."))
    elif not _NAME_RE.match(name):
        check.error("name", Message("farmer.name_chars", "姓名里只能有汉字、字母和间隔号“·”。",
                                    "The name may contain only Chinese characters, letters and '·'."))
    if inp.gender not in GENDERS:
        check.error("gender", Message("farmer.gender_empty", "请选择性别。", "Please choose the gender."))

    if inp.resident_id is not None or is_new:
        rid = ids.check_resident_id(
            inp.resident_id or "", expected_birth_date=inp.birth_date,
            expected_gender=inp.gender if inp.gender in GENDERS else None, today=today,
        )
        for message in rid.errors:
            check.error("resident_id", message)
        for message in rid.warnings:
            check.warn("resident_id", message)
        if rid.valid:
            check.resident_id = rid.normalized
            check.birth_date = inp.birth_date or rid.birth_date
    if check.birth_date is None:
        check.birth_date = inp.birth_date
    if check.birth_date is None and "resident_id" not in check.errors and is_new:
        check.error("birth_date", Message("farmer.birth_date_empty", "请填写出生日期。",
                                          "Please enter the birth date."))

    if inp.phone is not None or is_new:
        phone = ids.check_mobile(inp.phone or "")
        for message in phone.errors:
            check.error("phone", message)
        if phone.valid:
            check.phone = phone.normalized

    if inp.bank_card:
        card = ids.check_bank_card(inp.bank_card)
        for message in card.errors:
            check.error("bank_card", message)
        for message in card.warnings:
            check.warn("bank_card", message)
        if card.valid:
            check.bank_card = card.normalized

    if inp.coop_uscc.strip():
        uscc = ids.check_uscc(inp.coop_uscc)
        for message in uscc.errors:
            check.error("coop_uscc", message)
        for message in uscc.warnings:
            check.warn("coop_uscc", message)
        if uscc.valid:
            check.coop_uscc = uscc.normalized
        if not inp.coop_name.strip():
            check.error("coop_name", Message("farmer.coop_name_empty", "填了合作社代码，也请填写合作社名称。",
                                             "Please enter the cooperative's name as well."))
    elif inp.coop_name.strip():
        check.warn("coop_uscc", Message("farmer.coop_uscc_missing",
                                        "没有填合作社的统一社会信用代码，合作社担保将无法核实。",
                                        "Without the cooperative's credit code its guarantee cannot be verified."))

    if not inp.village.strip():
        check.error("village", Message("farmer.village_empty", "请选择或填写所在村。",
                                       "Please choose or enter the village."))
    if inp.household_size is not None and not 1 <= inp.household_size <= 30:
        check.error("household_size", Message("farmer.household_size", "家庭人口应在 1 到 30 人之间。",
                                              "Household size should be between 1 and 30."))
    if inp.education and inp.education not in EDUCATION_LEVELS:
        check.error("education", Message("farmer.education", "请从列表里选择文化程度。",
                                         "Please choose an education level from the list."))
    if is_new:
        missing = [s for s in REQUIRED_CONSENT if s not in inp.consent_scopes]
        if missing:
            check.error("consent", Message(
                "farmer.consent_missing",
                "登记前需要农户同意“登记基本信息”和“处理敏感个人信息”两项授权，请向农户说明后勾选。",
                "Before registering, the farmer must agree to the 'basic information' and "
                "'sensitive data' consents; explain them and tick both.",
            ))
    unknown = [s for s in inp.consent_scopes if s not in CONSENT_SCOPES]
    if unknown:
        check.error("consent", Message("farmer.consent_unknown", "授权范围不认识。",
                                       "Unknown consent scope."))
    return check

"""Checks for identity and contact numbers entered at the station.

Four checkers, each taking whatever the clerk typed or pasted and returning a
:class:`CheckResult` (they never raise on odd input):

* :func:`check_resident_id` – 居民身份证号码 (GB 11643-1999, 18 characters);
* :func:`check_mobile` – 手机号码 (mainland, 11 digits ``1[3-9]\\d{9}``);
* :func:`check_bank_card` – 银行卡号 (16–19 digits, Luhn failure is only a warning);
* :func:`check_uscc` – 统一社会信用代码 (GB 32100-2015, e.g. of a 农民专业合作社).

Every error and warning is a :class:`~station_app.domain.messages.Message`: a plain
Chinese sentence with a stable ``code`` and English text ``en``.

Deliberate differences from ``python-stdnum`` (see docs/DOMAIN.md §2):

* an unknown region code in a resident ID (e.g. an abolished county) is a *warning*,
  not an error — people still carry such IDs;
* unified social credit codes starting with ``N`` (农村集体经济组织) are accepted.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from station_app.domain.messages import Message

__all__ = [
    "CheckResult",
    "check_resident_id",
    "check_mobile",
    "check_bank_card",
    "check_uscc",
    "resident_id_check_digit",
    "uscc_check_char",
]


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one check.

    ``valid`` is True exactly when ``errors`` is empty; warnings never make a value
    invalid but should be shown to the user for confirmation.

    ``normalized`` is the canonical form to store (only set when valid).
    ``birth_date``, ``gender`` and ``region`` are what a resident ID number *says*
    (set whenever they can be read from it, even if another check failed).
    ``kind`` describes the type of organisation of a unified social credit code.
    """

    valid: bool = True
    errors: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    normalized: str | None = None
    birth_date: datetime.date | None = None
    gender: str | None = None
    region: str | None = None
    kind: str | None = None

    def __post_init__(self) -> None:
        if self.valid != (not self.errors):
            raise ValueError("CheckResult.valid must be True exactly when errors is empty")


def _result(errors: list[Message], warnings: list[Message], normalized: str | None,
            **derived) -> CheckResult:
    valid = not errors
    return CheckResult(valid=valid, errors=errors, warnings=warnings,
                       normalized=normalized if valid else None, **derived)


# --------------------------------------------------------------------------- text clean-up

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_DIGITS = frozenset("0123456789")


def _clean(text: object) -> str:
    """NFKC-normalise (full-width → ASCII) and drop spaces, dashes and invisible marks."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(
        ch for ch in text
        if not ch.isspace() and ch not in _DASHES and unicodedata.category(ch) != "Cf"
    )


def _is_digits(text: str) -> bool:
    return bool(text) and all(ch in _DIGITS for ch in text)


def _shown(chars: list[str]) -> str:
    """Offending characters for a message, e.g. “A”、“#” (at most three)."""
    seen: list[str] = []
    for ch in chars:
        if ch not in seen and ch.isprintable():
            seen.append(ch)
    return "、".join(f"“{ch}”" for ch in seen[:3])


def _bad_chars_message(code: str, zh: str, en: str, bad: list[str]) -> Message:
    shown = _shown(bad)
    if shown:
        return Message(code, f"{zh}，这里有 {shown}", f"{en}; found {shown.replace('、', ', ')}")
    return Message(code, zh, en)


def _date_zh(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# --------------------------------------------------------------------------- resident ID

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"

_GENDERS = {
    "male": "male", "m": "male", "男": "male", "1": "male",
    "female": "female", "f": "female", "女": "female", "2": "female",
}
_GENDER_ZH = {"male": "男", "female": "女"}


def resident_id_check_digit(first17: str) -> str:
    """Check digit (``0``–``9`` or ``X``) for the first 17 digits of a resident ID."""
    if len(first17) != 17 or not _is_digits(first17):
        raise ValueError("expected exactly 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _RIC_WEIGHTS))
    return _RIC_CHECK[total % 11]


def _ric_region(number: str) -> str | None:
    """Place name from python-stdnum's table, or None when the code is unknown there."""
    try:
        from stdnum.cn import ric

        info = ric.get_birth_place(number)
    except Exception:  # stdnum raises InvalidComponent, or KeyError for half-known codes
        return None
    return _join_place(info.get("province"), info.get("county"))


def _join_place(province: str | None, county: str | None) -> str | None:
    parts = [p for p in (province, county) if p and p not in ("市辖区", "县")]
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return "".join(parts) or None


def _normalize_gender(value: str) -> str:
    key = str(value).strip().lower()
    if key not in _GENDERS:
        raise ValueError(f"unknown gender {value!r}; use 'male' or 'female'")
    return _GENDERS[key]


def check_resident_id(text: str | None, *, expected_birth_date: datetime.date | str | None = None,
                      expected_gender: str | None = None,
                      today: datetime.date | None = None) -> CheckResult:
    """Check a 居民身份证号码 (18 characters, GB 11643-1999).

    ``expected_birth_date`` / ``expected_gender`` ("male"/"female", also "男"/"女") are
    the values typed in the form; a mismatch with the number is an error.
    ``today`` (default: the current date) decides which birth dates lie in the future.
    """
    number = _clean(text).upper()
    errors: list[Message] = []
    warnings: list[Message] = []
    if not number:
        return _result([Message(
            "resident_id.empty", "请填写身份证号码", "Please enter the ID card number")], [], None)

    bad = [ch for i, ch in enumerate(number)
           if ch not in _DIGITS and not (ch == "X" and i == len(number) - 1)]
    if len(number) == 15 and _is_digits(number):
        return _result([Message(
            "resident_id.first_generation",
            "这是 15 位的老身份证号码，已经停止使用，请填写 18 位的新身份证号码",
            "This is an old 15-digit ID number, which is no longer valid; "
            "please enter the 18-digit ID number")], [], None)
    if bad:
        errors.append(_bad_chars_message(
            "resident_id.invalid_chars",
            "身份证号码只能是数字，只有最后一位可以是字母 X",
            "The ID number may contain only digits; only the last character may be X", bad))
    if len(number) != 18:
        errors.append(Message(
            "resident_id.length",
            f"身份证号码应为 18 位，现在是 {len(number)} 位，请核对是否多写或漏写",
            f"The ID number must have 18 characters, but has {len(number)}; "
            "please check for missing or extra characters"))
    if errors:
        return _result(errors, warnings, None)

    if number[17] != resident_id_check_digit(number[:17]):
        errors.append(Message(
            "resident_id.check_digit",
            "身份证号码最后一位校验码不对，请核对是否抄错",
            "The last (check) digit of the ID number is wrong; please check for typos"))

    gender = "male" if int(number[16]) % 2 == 1 else "female"
    birth_date = _ric_birth_date(number, _as_date(today or datetime.date.today()), errors)
    region = _ric_region(number) if birth_date is not None else None

    if birth_date is not None and expected_birth_date is not None:
        expected = _as_date(expected_birth_date)
        if expected != birth_date:
            errors.append(Message(
                "resident_id.birth_date_mismatch",
                f"身份证号码里的出生日期是 {_date_zh(birth_date)}，"
                f"和填写的出生日期 {_date_zh(expected)} 不一致，请核对",
                f"The birth date in the ID number is {birth_date.isoformat()}, which differs "
                f"from the entered birth date {expected.isoformat()}; please check"))
    if expected_gender is not None and expected_gender != "":
        expected_g = _normalize_gender(expected_gender)
        if expected_g != gender:
            errors.append(Message(
                "resident_id.gender_mismatch",
                f"身份证号码第 17 位表示性别为{_GENDER_ZH[gender]}，"
                f"和填写的性别“{_GENDER_ZH[expected_g]}”不一致，请核对",
                f"Digit 17 of the ID number means {gender}, but the entered gender is "
                f"{expected_g}; please check"))

    if birth_date is not None and region is None:
        warnings.append(Message(
            "resident_id.region_unknown",
            f"身份证号码前 6 位的地区代码 {number[:6]} 在地区表里查不到（可能是已撤销的老县区），"
            "请对照身份证核对；如果和证件上一致，可以继续",
            f"The region code {number[:6]} (first 6 digits) is not in the region table "
            "(it may be a former county); please compare with the ID card and continue "
            "if it matches"))

    return _result(errors, warnings, number, birth_date=birth_date, gender=gender, region=region)


def _as_date(value: datetime.date | str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _ric_birth_date(number: str, today: datetime.date,
                    errors: list[Message]) -> datetime.date | None:
    """Birth date at positions 7–14; appends an error and returns None if unusable."""
    digits = number[6:14]
    try:
        born = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        errors.append(Message(
            "resident_id.birth_date_invalid",
            f"身份证号码第 7 到 14 位是出生日期，但 {digits} 不是一个真实的日期，请核对",
            f"Digits 7 to 14 of the ID number are the birth date, but {digits} "
            "is not a real date; please check"))
        return None
    if born.year < 1900:
        errors.append(Message(
            "resident_id.birth_date_too_early",
            f"身份证号码里的出生日期 {_date_zh(born)} 早于 1900 年，请核对",
            f"The birth date in the ID number ({born.isoformat()}) is before 1900; "
            "please check"))
        return None
    if born > today:
        errors.append(Message(
            "resident_id.birth_date_future",
            f"身份证号码里的出生日期 {_date_zh(born)} 比今天还晚，不可能是出生日期，请核对",
            f"The birth date in the ID number ({born.isoformat()}) is in the future; "
            "please check"))
        return None
    return born


# --------------------------------------------------------------------------- mobile phone

def check_mobile(text: str | None) -> CheckResult:
    """Check a mainland 手机号码: 11 digits starting 13–19.

    Spaces and dashes are ignored; a ``+86`` / ``0086`` prefix is removed, and a bare
    ``86`` prefix too when exactly 11 digits follow it.
    """
    number = _clean(text)
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    elif number.startswith("86") and len(number) == 13 and _is_digits(number):
        number = number[2:]
    if not number:
        return _result([Message(
            "mobile.empty", "请填写手机号码", "Please enter the mobile phone number")], [], None)
    bad = [ch for ch in number if ch not in _DIGITS]
    if bad:
        return _result([_bad_chars_message(
            "mobile.invalid_chars", "手机号码只能是数字",
            "The mobile number may contain only digits", bad)], [], None)
    if len(number) != 11:
        return _result([Message(
            "mobile.length",
            f"手机号码应为 11 位数字，现在是 {len(number)} 位，请核对是否多写或漏写",
            f"A mobile number has 11 digits, but this one has {len(number)}; "
            "please check for missing or extra digits")], [], None)
    if number[0] != "1" or number[1] not in "3456789":
        return _result([Message(
            "mobile.prefix",
            "手机号码应以 13 到 19 开头（例如 138、159、186），请核对",
            "A mobile number must start with 13 to 19 (e.g. 138, 159, 186); please check")],
            [], None)
    return _result([], [], number)


# --------------------------------------------------------------------------- bank card

def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def check_bank_card(text: str | None) -> CheckResult:
    """Check a 银行卡号: 16–19 digits (spaces/dashes ignored).

    A failed Luhn check is only a warning, because some older domestic cards do not
    follow it: the user must confirm the number against the card.
    """
    number = _clean(text)
    if not number:
        return _result([Message(
            "bank_card.empty", "请填写银行卡号", "Please enter the bank card number")], [], None)
    bad = [ch for ch in number if ch not in _DIGITS]
    if bad:
        return _result([_bad_chars_message(
            "bank_card.invalid_chars", "银行卡号只能是数字",
            "The bank card number may contain only digits", bad)], [], None)
    if not 16 <= len(number) <= 19:
        return _result([Message(
            "bank_card.length",
            f"银行卡号应为 16 到 19 位数字，现在是 {len(number)} 位，请核对是否多写或漏写",
            f"A bank card number has 16 to 19 digits, but this one has {len(number)}; "
            "please check for missing or extra digits")], [], None)
    warnings: list[Message] = []
    if not _luhn_ok(number):
        warnings.append(Message(
            "bank_card.luhn",
            "这个银行卡号没有通过校验，可能抄错了。少数老的国内银行卡不符合这个校验规则，"
            "请对照银行卡再核对一遍，确认无误后可以继续",
            "This card number fails the check-digit test and may contain a typo. Some older "
            "domestic cards do not follow this rule, so please compare it with the card and "
            "continue if it matches"))
    return _result([], warnings, number)


# --------------------------------------------------------------------------- USCC

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {ch: i for i, ch in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_USCC_FORBIDDEN = "IOZSV"
_USCC_KINDS = {
    # 登记管理部门码 + 机构类别码 (GB 32100-2015 and the departments' own rules)
    "11": "机关", "12": "事业单位", "13": "群众团体", "19": "机构编制部门登记的其他机构",
    "21": "外国常驻新闻机构", "29": "外交部门登记的其他机构",
    "31": "律师执业机构", "32": "公证处", "33": "基层法律服务所", "34": "司法鉴定机构",
    "35": "仲裁委员会", "39": "司法行政部门登记的其他机构",
    "41": "外国在华文化中心", "49": "文化部门登记的其他机构",
    "51": "社会团体", "52": "民办非企业单位", "53": "基金会", "59": "民政部门登记的其他机构",
    "61": "外国旅游部门常驻代表机构", "62": "港澳台地区旅游部门常驻内地（大陆）代表机构",
    "69": "旅游部门登记的其他机构",
    "71": "宗教活动场所", "72": "宗教院校", "79": "宗教事务部门登记的其他机构",
    "81": "基层工会", "89": "工会登记的其他机构",
    "91": "企业", "92": "个体工商户", "93": "农民专业合作社",
    "A1": "军队事业单位", "A9": "军队登记的其他机构",
    "Y1": "其他",
}


def uscc_check_char(first17: str) -> str:
    """Check character for the first 17 characters of a unified social credit code."""
    body = first17.upper()
    if len(body) != 17 or any(ch not in _USCC_VALUES for ch in body):
        raise ValueError("expected 17 characters from 0-9 and A-Y without I, O, Z, S, V")
    total = sum(_USCC_VALUES[ch] * w for ch, w in zip(body, _USCC_WEIGHTS))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def _uscc_kind(code: str) -> str | None:
    if code[0] == "N":  # 农业农村部门: 组级 / 村级 / 乡镇级 集体经济组织
        return "农村集体经济组织"
    return _USCC_KINDS.get(code[:2])


_DATED_NAME = re.compile(r"^(\[([^\]]*)\])(.*)$")


def _uscc_region(code6: str) -> str | None:
    """Current place name for an administrative division code, if stdnum knows it."""
    try:
        from stdnum import numdb

        info: dict[str, str] = {}
        for _part, props in numdb.get("cn/loc").info(code6):
            info.update(props)
    except Exception:
        return None
    county = info.get("county")
    if county:
        # entries look like "[-1991]东郊区,[1992-]东丽区": prefer the one still in use
        names = []
        for entry in county.split(","):
            m = _DATED_NAME.match(entry)
            names.append((m.group(2).endswith("-"), m.group(3)) if m else (True, entry))
        current = [name for in_use, name in names if in_use]
        county = (current or [name for _, name in names])[-1]
    return _join_place(info.get("province"), county) if info else None


def check_uscc(text: str | None) -> CheckResult:
    """Check a 统一社会信用代码 (GB 32100-2015), e.g. of a cooperative.

    Accepts ``93…`` (农民专业合作社) and ``N…`` (农村集体经济组织) codes; lower case is
    turned into upper case.  ``kind`` describes the organisation type when known and
    ``region`` the registering area (positions 3–8).
    """
    code = _clean(text).upper()
    if not code:
        return _result([Message(
            "uscc.empty", "请填写统一社会信用代码", "Please enter the unified social credit code")],
            [], None)
    errors: list[Message] = []
    forbidden = [ch for ch in code if ch in _USCC_FORBIDDEN]
    if forbidden:
        found = "、".join(dict.fromkeys(forbidden))
        errors.append(Message(
            "uscc.forbidden_letters",
            f"统一社会信用代码不能含有字母 I、O、Z、S、V（这里有 {found}），"
            "请核对是不是把数字 1、0、2、5 等抄成了字母",
            f"A unified social credit code cannot contain the letters I, O, Z, S or V "
            f"(found {found.replace('、', ', ')}); please check whether digits such as "
            "1, 0, 2 or 5 were copied as letters"))
    bad = [ch for ch in code if ch not in _USCC_VALUES and ch not in _USCC_FORBIDDEN]
    if bad:
        errors.append(_bad_chars_message(
            "uscc.invalid_chars", "统一社会信用代码只能由数字和大写字母组成",
            "A unified social credit code consists only of digits and capital letters", bad))
    if len(code) != 18:
        errors.append(Message(
            "uscc.length",
            f"统一社会信用代码应为 18 位，现在是 {len(code)} 位，请核对是否多写或漏写",
            f"A unified social credit code has 18 characters, but this one has {len(code)}; "
            "please check for missing or extra characters"))
    if errors:
        return _result(errors, [], None)

    if not _is_digits(code[2:8]):
        errors.append(Message(
            "uscc.region_code",
            "统一社会信用代码第 3 到 8 位是地区代码，只能是数字，请核对",
            "Characters 3 to 8 of a unified social credit code are the region code "
            "and must be digits; please check"))
    if code[17] != uscc_check_char(code[:17]):
        errors.append(Message(
            "uscc.check_char",
            "统一社会信用代码最后一位校验码不对，请核对是否抄错",
            "The last (check) character of the unified social credit code is wrong; "
            "please check for typos"))
    region = _uscc_region(code[2:8]) if _is_digits(code[2:8]) else None
    return _result(errors, [], code, kind=_uscc_kind(code), region=region)

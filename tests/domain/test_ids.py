"""Tests for station_app.domain.ids (resident ID, mobile, bank card, USCC checks)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.ids import (
    CheckResult,
    check_bank_card,
    check_mobile,
    check_resident_id,
    check_uscc,
    resident_id_check_digit,
    uscc_check_char,
)
from station_app.domain.messages import Message

TODAY = datetime.date(2024, 6, 1)
PROPERTY = settings(deadline=None, database=None, max_examples=200)

# Region codes present in python-stdnum's table for every year since 1983.
KNOWN_REGIONS = ["110105", "110101", "350102", "330106", "130102", "420102",
                 "610113", "530102", "650102", "230102", "522601"]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def codes(messages: list[Message]) -> list[str]:
    return [m.code for m in messages]


def assert_well_formed(result: CheckResult) -> None:
    assert result.valid == (not result.errors)
    for message in result.errors + result.warnings:
        assert isinstance(message, Message)
        assert message.code and message.en and str(message)
    if not result.valid:
        assert result.normalized is None


def luhn_digit(body: str) -> str:
    """Luhn check digit for ``body`` (written independently of the module under test)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return str((10 - total % 10) % 10)


# --------------------------------------------------------------------------- check digits

def test_resident_id_check_digit_standard_example() -> None:
    assert resident_id_check_digit("11010519491231002") == "X"
    assert resident_id_check_digit("36042619910101007") == "1"


def test_uscc_check_char_examples() -> None:
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert uscc_check_char("91350100m000100y4") == "3"


@pytest.mark.parametrize("bad", ["", "1234", "1101051949123100A", "110105194912310021"])
def test_resident_id_check_digit_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        resident_id_check_digit(bad)


@pytest.mark.parametrize("bad", ["", "91350100M000100Y", "91350100M000100I4"])
def test_uscc_check_char_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        uscc_check_char(bad)


# --------------------------------------------------------------------------- resident ID

def test_standard_example_id_is_valid() -> None:
    result = check_resident_id("11010519491231002X", today=TODAY)
    assert result.valid
    assert result.errors == [] and result.warnings == []
    assert result.normalized == "11010519491231002X"
    assert result.birth_date == datetime.date(1949, 12, 31)
    assert result.gender == "female"
    assert result.region == "北京市朝阳区"
    assert result.kind is None


@pytest.mark.parametrize("text", [
    "11010519491231002x",
    " 110105 19491231 002X ",
    "110105-19491231-002x",
    "１１０１０５１９４９１２３１００２Ｘ",
    "11010519491231002X\u200b",
])
def test_id_is_normalized(text: str) -> None:
    result = check_resident_id(text, today=TODAY)
    assert result.valid
    assert result.normalized == "11010519491231002X"


def test_male_id() -> None:
    result = check_resident_id("360426199101010071", today=TODAY)
    assert result.valid
    assert result.gender == "male"
    assert result.birth_date == datetime.date(1991, 1, 1)


def test_bad_check_digit() -> None:
    result = check_resident_id("110105194912310021", today=TODAY)
    assert not result.valid
    assert codes(result.errors) == ["resident_id.check_digit"]
    assert result.errors[0] == "身份证号码最后一位校验码不对，请核对是否抄错"
    assert "check" in result.errors[0].en
    assert result.normalized is None
    assert result.birth_date == datetime.date(1949, 12, 31)  # what the number says


@pytest.mark.parametrize("text", [None, "", "   ", "-"])
def test_empty_id(text: str | None) -> None:
    result = check_resident_id(text)
    assert codes(result.errors) == ["resident_id.empty"]


def test_fifteen_digit_id_has_its_own_message() -> None:
    result = check_resident_id("110105491231002")
    assert codes(result.errors) == ["resident_id.first_generation"]
    assert "15" in result.errors[0] and "18" in result.errors[0]
    assert "no longer valid" in result.errors[0].en


@pytest.mark.parametrize("text", ["1101051949123100", "1101051949123100211"])
def test_wrong_length(text: str) -> None:
    result = check_resident_id(text)
    assert codes(result.errors) == ["resident_id.length"]
    assert str(len(text)) in result.errors[0]


def test_letters_in_id() -> None:
    result = check_resident_id("11O10519491231002X")
    assert codes(result.errors) == ["resident_id.invalid_chars"]
    assert "O" in result.errors[0]
    assert codes(check_resident_id("1101051949123100X2").errors) == ["resident_id.invalid_chars"]


def test_invalid_birth_date_19900230() -> None:
    first17 = "11010519900230123"
    result = check_resident_id(first17 + resident_id_check_digit(first17), today=TODAY)
    assert codes(result.errors) == ["resident_id.birth_date_invalid"]
    assert "19900230" in result.errors[0]
    assert result.birth_date is None


def test_future_birth_date() -> None:
    first17 = "11010520300101123"
    result = check_resident_id(first17 + resident_id_check_digit(first17), today=TODAY)
    assert codes(result.errors) == ["resident_id.birth_date_future"]
    # born today is fine
    first17 = "11010520240601123"
    assert check_resident_id(first17 + resident_id_check_digit(first17), today=TODAY).valid


def test_birth_date_before_1900() -> None:
    first17 = "11010518991231123"
    result = check_resident_id(first17 + resident_id_check_digit(first17), today=TODAY)
    assert codes(result.errors) == ["resident_id.birth_date_too_early"]


def test_today_defaults_to_current_date() -> None:
    next_year = datetime.date.today().year + 1
    first17 = f"110105{next_year}0101123"
    result = check_resident_id(first17 + resident_id_check_digit(first17))
    assert codes(result.errors) == ["resident_id.birth_date_future"]


def test_abolished_region_is_only_a_warning() -> None:
    # 110103 was Beijing's 崇文区, merged into 东城区 in 2010: not in the table for 2015.
    first17 = "11010320150101123"
    result = check_resident_id(first17 + resident_id_check_digit(first17), today=TODAY)
    assert result.valid
    assert codes(result.warnings) == ["resident_id.region_unknown"]
    assert "110103" in result.warnings[0]
    assert result.region is None
    assert result.normalized == first17 + resident_id_check_digit(first17)
    # …while someone born there in 1980 is in the table
    first17 = "11010319800101123"
    result = check_resident_id(first17 + resident_id_check_digit(first17), today=TODAY)
    assert result.valid and result.warnings == []
    assert result.region == "北京市崇文区"


@pytest.mark.parametrize("region", ["110199", "999999", "000000"])
def test_region_unknown_to_table_is_a_warning(region: str) -> None:
    first17 = region + "19800101123"
    result = check_resident_id(first17 + resident_id_check_digit(first17), today=TODAY)
    assert result.valid
    assert codes(result.warnings) == ["resident_id.region_unknown"]


def test_expected_birth_date_and_gender() -> None:
    number = "11010519491231002X"
    ok = check_resident_id(number, expected_birth_date=datetime.date(1949, 12, 31),
                           expected_gender="female", today=TODAY)
    assert ok.valid
    assert check_resident_id(number, expected_birth_date="1949-12-31", expected_gender="女",
                             today=TODAY).valid
    assert check_resident_id(number, expected_birth_date=datetime.datetime(1949, 12, 31, 8),
                             today=TODAY).valid
    bad = check_resident_id(number, expected_birth_date=datetime.date(1949, 12, 30),
                            expected_gender="male", today=TODAY)
    assert codes(bad.errors) == ["resident_id.birth_date_mismatch",
                                 "resident_id.gender_mismatch"]
    assert "1949年12月31日" in bad.errors[0] and "1949年12月30日" in bad.errors[0]
    assert "男" in bad.errors[1] and "女" in bad.errors[1]


def test_unknown_expected_gender_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        check_resident_id("11010519491231002X", expected_gender="x")


resident_ids = st.builds(
    lambda region, born, seq: region + born.strftime("%Y%m%d") + f"{seq:03d}",
    st.sampled_from(KNOWN_REGIONS),
    st.dates(min_value=datetime.date(1984, 1, 1), max_value=TODAY),
    st.integers(0, 999),
).map(lambda first17: first17 + resident_id_check_digit(first17))


@PROPERTY
@given(resident_ids)
def test_generated_ids_are_valid(number: str) -> None:
    result = check_resident_id(number, today=TODAY)
    assert result.valid, result.errors
    assert result.warnings == []
    assert result.normalized == number
    assert result.birth_date == datetime.date(int(number[6:10]), int(number[10:12]),
                                              int(number[12:14]))
    assert result.gender == ("male" if int(number[16]) % 2 else "female")
    assert result.region


@PROPERTY
@given(resident_ids, st.integers(0, 17), st.data())
def test_changing_one_character_makes_id_invalid(number: str, pos: int,
                                                 data: st.DataObject) -> None:
    choices = "0123456789X" if pos == 17 else "0123456789"
    new = data.draw(st.sampled_from([c for c in choices if c != number[pos]]))
    changed = number[:pos] + new + number[pos + 1:]
    result = check_resident_id(changed, today=TODAY)
    assert not result.valid
    assert "resident_id.check_digit" in codes(result.errors)


# --------------------------------------------------------------------------- mobile

@pytest.mark.parametrize("text", [
    "13812345678", "+86 138 1234 5678", "+8613812345678", "0086-138-1234-5678",
    "8613812345678", "138 1234 5678", "１３８１２３４５６７８",
])
def test_valid_mobile(text: str) -> None:
    result = check_mobile(text)
    assert result.valid
    assert result.normalized == "13812345678"


@pytest.mark.parametrize("text, code", [
    ("", "mobile.empty"),
    (None, "mobile.empty"),
    ("+86", "mobile.empty"),
    ("1381234567", "mobile.length"),
    ("138123456789", "mobile.length"),
    ("12812345678", "mobile.prefix"),
    ("23812345678", "mobile.prefix"),
    ("138l2345678", "mobile.invalid_chars"),
    ("(010)12345678", "mobile.invalid_chars"),
])
def test_invalid_mobile(text: str | None, code: str) -> None:
    result = check_mobile(text)
    assert codes(result.errors) == [code]


def test_86_prefix_only_stripped_before_eleven_digits() -> None:
    # "86" followed by 9 digits is not a country code: it is a too-short number
    assert codes(check_mobile("86138123456").errors) == ["mobile.prefix"]


@PROPERTY
@given(st.from_regex(r"\A1[3-9][0-9]{9}\Z"), st.sampled_from(["", "+86", "0086", "86", "+86 "]))
def test_generated_mobiles_are_valid(number: str, prefix: str) -> None:
    result = check_mobile(prefix + number[:3] + " " + number[3:7] + "-" + number[7:])
    assert result.valid
    assert result.normalized == number


# --------------------------------------------------------------------------- bank card

def test_valid_bank_card() -> None:
    number = "622202123456789344"
    number += luhn_digit(number)
    result = check_bank_card(" ".join(number[i:i + 4] for i in range(0, len(number), 4)))
    assert result.valid and result.warnings == []
    assert result.normalized == number


def test_luhn_failure_is_a_warning() -> None:
    result = check_bank_card("6222021234567893440")
    assert result.valid
    assert codes(result.warnings) == ["bank_card.luhn"]
    assert "老" in result.warnings[0] and "核对" in result.warnings[0]
    assert "older" in result.warnings[0].en
    assert result.normalized == "6222021234567893440"


@pytest.mark.parametrize("text, code", [
    ("", "bank_card.empty"),
    ("622202123456789", "bank_card.length"),
    ("62220212345678934451", "bank_card.length"),
    ("6222 0212 3456 789X", "bank_card.invalid_chars"),
])
def test_invalid_bank_card(text: str, code: str) -> None:
    assert codes(check_bank_card(text).errors) == [code]


card_bodies = st.integers(15, 18).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n))


@PROPERTY
@given(card_bodies)
def test_luhn_valid_cards_have_no_warning(body: str) -> None:
    result = check_bank_card(body + luhn_digit(body))
    assert result.valid
    assert result.warnings == []


@PROPERTY
@given(card_bodies, st.data())
def test_luhn_invalid_cards_have_one_warning(body: str, data: st.DataObject) -> None:
    good = luhn_digit(body)
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != good]))
    result = check_bank_card(body + wrong)
    assert result.valid
    assert codes(result.warnings) == ["bank_card.luhn"]


# --------------------------------------------------------------------------- USCC

def test_enterprise_uscc() -> None:
    result = check_uscc("91350100M000100Y43")
    assert result.valid
    assert result.normalized == "91350100M000100Y43"
    assert result.kind == "企业"
    assert result.region == "福建省福州市"


def test_lower_case_uscc_is_normalized() -> None:
    result = check_uscc(" 91350100m000100y43 ")
    assert result.valid
    assert result.normalized == "91350100M000100Y43"


def test_cooperative_uscc() -> None:
    body = "93510104MA6CXY7L0"
    result = check_uscc(body + uscc_check_char(body))
    assert result.valid
    assert result.kind == "农民专业合作社"
    assert result.region == "四川省锦江区"


def test_collective_economic_organisation_uscc() -> None:
    # stdnum.cn.uscc rejects N… codes; they are valid (农村集体经济组织)
    body = "N2110105MA01ABCD1"
    code = body + uscc_check_char(body)
    result = check_uscc(code)
    assert result.valid, result.errors
    assert result.kind == "农村集体经济组织"
    assert result.normalized == code


def test_bad_uscc_check_char() -> None:
    result = check_uscc("91350100M000100Y44")
    assert codes(result.errors) == ["uscc.check_char"]


@pytest.mark.parametrize("text, code", [
    ("", "uscc.empty"),
    ("913501", "uscc.length"),
    ("91350100M000100Y430", "uscc.length"),
    ("91350100M000100Y4?", "uscc.invalid_chars"),
    ("9135010中M000100Y43", "uscc.invalid_chars"),
    ("91AB0100M000100Y4" + uscc_check_char("91AB0100M000100Y4"), "uscc.region_code"),
])
def test_invalid_uscc(text: str, code: str) -> None:
    assert codes(check_uscc(text).errors) == [code]


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_uscc_letters_are_named(letter: str) -> None:
    result = check_uscc("91350100M000100Y4" + letter)
    assert codes(result.errors) == ["uscc.forbidden_letters"]
    assert "I、O、Z、S、V" in result.errors[0]
    assert f"这里有 {letter}" in result.errors[0]


uscc_bodies = st.builds(
    lambda head, region, rest: head + region + rest,
    st.one_of(st.sampled_from(["91", "92", "93", "N1", "N2", "N3", "51", "Y1"]),
              st.text(alphabet=USCC_ALPHABET, min_size=2, max_size=2)),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
)


@PROPERTY
@given(uscc_bodies)
def test_generated_usccs_are_valid(body: str) -> None:
    code = body + uscc_check_char(body)
    result = check_uscc(code)
    assert result.valid, result.errors
    assert result.normalized == code
    assert check_uscc(code.lower()).normalized == code


@PROPERTY
@given(uscc_bodies, st.integers(0, 17), st.data())
def test_changing_one_character_makes_uscc_invalid(body: str, pos: int,
                                                   data: st.DataObject) -> None:
    code = body + uscc_check_char(body)
    new = data.draw(st.sampled_from([c for c in USCC_ALPHABET if c != code[pos]]))
    result = check_uscc(code[:pos] + new + code[pos + 1:])
    assert not result.valid


# --------------------------------------------------------------------------- robustness

CHECKERS = [check_resident_id, check_mobile, check_bank_card, check_uscc]
number_like = st.text(alphabet="0123456789Xx +-－１２３ＸNIO中①\u200b", max_size=25)


@PROPERTY
@given(st.one_of(st.text(), number_like), st.sampled_from(CHECKERS))
def test_random_text_never_raises(text: str, checker) -> None:
    assert_well_formed(checker(text))


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_random_digits_never_raise(text: str) -> None:
    assert_well_formed(check_resident_id(text, today=TODAY))
    assert_well_formed(check_uscc(text))


def test_check_result_invariant() -> None:
    with pytest.raises(ValueError):
        CheckResult(valid=True, errors=[Message("x", "错", "wrong")])
    assert CheckResult().valid

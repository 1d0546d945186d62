"""Tests for station_app.domain.masking."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.masking import mask_bank_card, mask_mobile, mask_resident_id

MASKERS = [mask_resident_id, mask_mobile, mask_bank_card]


def test_documented_examples() -> None:
    assert mask_resident_id("110101199003071234") == "110101********1234"
    assert mask_resident_id("11010519491231002X") == "110105********002X"
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_bank_card("6222021234567893445") == "**** 3445"
    assert mask_bank_card("6222 0212 3456 7893") == "**** 7893"


def test_mobile_with_country_code() -> None:
    assert mask_mobile("+86 138 1234 5678") == "138****5678"
    assert mask_mobile("0086-13812345678") == "138****5678"


@pytest.mark.parametrize("masker", MASKERS)
@pytest.mark.parametrize("empty", [None, ""])
def test_empty_gives_empty(masker, empty) -> None:
    assert masker(empty) == ""


@pytest.mark.parametrize("masker", MASKERS)
def test_odd_input_keeps_only_last_two(masker) -> None:
    assert masker("12345") == "***45"
    assert masker("1") == "1"
    assert masker("12") == "12"


@settings(deadline=None, database=None)
@given(st.text(), st.sampled_from(MASKERS))
def test_never_raises_and_hides_most(text: str, masker) -> None:
    masked = masker(text)
    assert isinstance(masked, str)
    visible = [ch for ch in masked if ch not in "* "]
    assert len(visible) <= 10

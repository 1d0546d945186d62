"""Tests for station_app.domain.names (pinyin initials for search)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.names import MAX_VARIANTS, pinyin_initials, search_key


def test_simple_name() -> None:
    assert pinyin_initials("张三") == ["zs"]
    assert search_key("张三") == "zs"


@pytest.mark.parametrize("name, first, other", [
    ("曾小明", "zxm", "cxm"),   # 曾 as a surname is zēng
    ("单田芳", "stf", "dtf"),   # 单 shàn
    ("解放", "xf", "jf"),       # 解 xiè
    ("仇人", "qr", "cr"),       # 仇 qiú
    ("查良镛", "zly", "cly"),   # 查 zhā
    ("尉迟恭", "ycg", "wcg"),   # compound surname 尉迟 yùchí
])
def test_surname_reading_comes_first(name: str, first: str, other: str) -> None:
    variants = pinyin_initials(name)
    assert variants[0] == first
    assert other in variants
    assert search_key(name).split(" ")[0] == first


def test_other_characters() -> None:
    assert pinyin_initials("Tom李") == ["toml"]
    assert pinyin_initials("ＡＢ张") == ["abz"]
    assert pinyin_initials("张 三·1") == ["zs"]
    assert pinyin_initials("阿依古丽·买买提")[0] == "ayglmmt"


@pytest.mark.parametrize("name", [None, "", "   ", "123", "·-"])
def test_nothing_to_search(name) -> None:
    assert pinyin_initials(name) == []
    assert search_key(name) == ""


def test_variants_are_capped() -> None:
    variants = pinyin_initials("朝朝暮暮长长乐乐单单")
    assert len(variants) == MAX_VARIANTS == 8
    assert len(set(variants)) == len(variants)


@settings(deadline=None, database=None)
@given(st.text())
def test_never_raises(name: str) -> None:
    variants = pinyin_initials(name)
    assert len(variants) <= MAX_VARIANTS
    assert len(set(variants)) == len(variants)
    for v in variants:
        assert re.fullmatch(r"[a-z]+", v)
    assert search_key(name) == " ".join(variants)


@settings(deadline=None, database=None)
@given(st.text(alphabet="张王李赵曾单解仇区查乐长重朴", min_size=1, max_size=6))
def test_every_chinese_character_gives_one_letter(name: str) -> None:
    for v in pinyin_initials(name):
        assert len(v) == len(name)

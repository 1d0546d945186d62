"""Pinyin initials of Chinese names, for quick search (拼音首字母检索).

A clerk looking for 张三 types ``zs``.  :func:`pinyin_initials` gives all plausible
initial strings of a name and :func:`search_key` joins them with spaces so that they can
be stored in one database column and matched by prefix.

Readings come from ``pypinyin`` (first letters of all readings, ``heteronym=True``).  Many
surnames are read differently from the everyday character (姓氏多音字: 曾 zēng not céng,
单 shàn, 解 xiè, 仇 qiú, 区 ōu …).  pypinyin has no surname mode, so a small table of
surname readings below is consulted for the start of the name, and that reading comes
first.  Variants are ordered most likely first: the surname reading and pypinyin's
in-context reading, then the other readings of one character at a time; at most
:data:`MAX_VARIANTS` are returned.

ASCII letters in a name are kept (lower case, full-width ones too); digits, punctuation and the middle dot
of minority names (·) are dropped, as are characters pypinyin does not know.
"""

from __future__ import annotations

import heapq
import re
import unicodedata

__all__ = ["MAX_VARIANTS", "pinyin_initials", "search_key"]

MAX_VARIANTS = 8

# Surname (姓) → initials of its surname reading, one letter per character.
_COMPOUND_SURNAMES = {
    "万俟": "mq", "尉迟": "yc", "长孙": "zs", "单于": "cy", "澹台": "tt", "乐正": "yz",
}
_SINGLE_SURNAMES = {
    "曾": "z", "单": "s", "解": "x", "仇": "q", "区": "o", "查": "z", "盖": "g",
    "缪": "m", "翟": "z", "覃": "q", "员": "y", "繁": "p", "召": "s", "折": "s",
    "乐": "y", "秘": "b", "隗": "w", "句": "g", "朴": "p", "种": "c", "尉": "w",
    "宿": "s", "沈": "s", "柏": "b", "薄": "b", "祭": "z", "长": "c", "重": "c",
}

_HAN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_LATIN = re.compile(r"[a-z]+")


def _readings(text: str, heteronym: bool) -> list[list[str]]:
    # Style.NORMAL and our own first letter rather than Style.FIRST_LETTER: same result,
    # but pypinyin 0.55's FIRST_LETTER raises IndexError on rare characters whose
    # reading is empty (e.g. U+20C62).  Imported here: its phrase tables take ~0.3 s to load,
    # which only a name being typed needs, not every start of the app.
    from pypinyin import Style, pinyin

    return pinyin(text, style=Style.NORMAL, heteronym=heteronym,
                  errors=lambda chars: [""] * len(chars))


def _first_letters(readings: list[str]) -> list[str]:
    letters = []
    for reading in readings:
        if reading and reading[0].isascii() and reading[0].isalpha():
            letters.append(reading[0].lower())
    return letters


def _han_options(run: str) -> list[list[str]]:
    """Candidate initials for each character of a run of Chinese characters."""
    in_context = _readings(run, heteronym=False)
    aligned = len(in_context) == len(run)
    options = []
    for i, ch in enumerate(run):
        letters = _first_letters(in_context[i]) if aligned else []
        letters += _first_letters(_readings(ch, heteronym=True)[0])
        options.append(letters)
    return options


def _surname_initials(text: str) -> str:
    if text[:2] in _COMPOUND_SURNAMES:
        return _COMPOUND_SURNAMES[text[:2]]
    return _SINGLE_SURNAMES.get(text[:1], "")


def _positions(name: str) -> list[list[str]]:
    """One list of candidate strings per output position, most likely first."""
    text = unicodedata.normalize("NFKC", name).lower()
    positions: list[list[str]] = []
    for match in re.finditer(f"{_HAN.pattern}|{_LATIN.pattern}", text):
        chunk = match.group()
        if _LATIN.fullmatch(chunk):
            positions.append([chunk])
            continue
        options = _han_options(chunk)
        if not positions:  # the name starts here: surname readings go first
            for i, letter in enumerate(_surname_initials(chunk)):
                options[i].insert(0, letter)
        positions.extend(list(dict.fromkeys(o)) for o in options if o)
    return positions


def pinyin_initials(name: str | None) -> list[str]:
    """Lower-case pinyin initial strings of ``name``, most likely first (≤ 8).

    >>> pinyin_initials("张三")
    ['zs']
    >>> pinyin_initials("曾小明")
    ['zxm', 'cxm']
    """
    if not name:
        return []
    positions = _positions(str(name))
    if not positions:
        return []
    # Best-first walk over the combinations: fewest alternative readings first,
    # alternatives for earlier characters (the surname) before later ones.
    start = (0,) * len(positions)
    heap = [(0, start, start)]
    seen = {start}
    variants: list[str] = []
    while heap and len(variants) < MAX_VARIANTS:
        rank, _key, picks = heapq.heappop(heap)
        variant = "".join(options[p] for options, p in zip(positions, picks))
        if variant not in variants:
            variants.append(variant)
        for i, options in enumerate(positions):
            if picks[i] + 1 < len(options):
                nxt = picks[:i] + (picks[i] + 1,) + picks[i + 1:]
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (rank + 1, tuple(-p for p in nxt), nxt))
    return variants


def search_key(name: str | None) -> str:
    """All :func:`pinyin_initials` variants joined by spaces, e.g. ``"zxm cxm"``."""
    return " ".join(pinyin_initials(name))

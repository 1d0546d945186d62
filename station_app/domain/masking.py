"""Masked display of sensitive numbers (个人敏感信息脱敏显示, PIPL).

By default the UI shows these numbers masked; only roles that need the full number may
unmask them (and the unmasking is logged elsewhere).  The functions here only format:

>>> mask_resident_id("110101199003071234")
'110101********1234'
>>> mask_mobile("13812345678")
'138****5678'
>>> mask_bank_card("6222021234567893445")
'**** 3445'

They return ``""`` for empty or ``None`` input and never raise: input that does not
have the expected shape is masked completely except for its last two characters.
Spaces and dashes are ignored before masking.
"""

from __future__ import annotations

__all__ = ["mask_resident_id", "mask_mobile", "mask_bank_card"]

_SEPARATORS = " -\t\u3000\uff0d"


def _compact(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "".join(ch for ch in text if ch not in _SEPARATORS)


def _mask_all_but_last_two(text: str) -> str:
    return "*" * max(0, len(text) - 2) + text[-2:]


def mask_resident_id(value: str | None) -> str:
    """``110101199003071234`` → ``110101********1234`` (region + last 4 kept)."""
    text = _compact(value)
    if len(text) == 18:
        return text[:6] + "*" * 8 + text[-4:]
    return _mask_all_but_last_two(text)


def mask_mobile(value: str | None) -> str:
    """``13812345678`` → ``138****5678`` (a ``+86``/``0086`` prefix is dropped)."""
    text = _compact(value)
    for prefix in ("+86", "0086"):
        if text.startswith(prefix) and len(text) == len(prefix) + 11:
            text = text[len(prefix):]
    if len(text) == 11:
        return text[:3] + "****" + text[-4:]
    return _mask_all_but_last_two(text)


def mask_bank_card(value: str | None) -> str:
    """``6222021234567893445`` → ``**** 3445`` (only the last 4 digits shown)."""
    text = _compact(value)
    if 16 <= len(text) <= 19:
        return "**** " + text[-4:]
    return _mask_all_but_last_two(text)

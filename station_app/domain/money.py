"""Amounts of money: Chinese capital numerals (中文大写金额) and fen/yuan conversion.

Contracts, receipts and loan documents state every amount twice: in Arabic digits and in
capital numerals, written by the rules of 《正确填写票据和结算凭证的基本规定》 (annex of the
《支付结算办法》):

>>> to_chinese_capital(Decimal("100000"))
'壹拾万元整'
>>> to_chinese_capital(Decimal("1005.07"))
'壹仟零伍元零柒分'
>>> to_chinese_capital(Decimal("0.05"))
'伍分'
>>> to_chinese_capital(Decimal("1.50"))
'壹元伍角'

Where the rules leave a choice this module always makes the same one:

* "整" follows an amount that ends at 元 (``壹拾万元整``, ``零元整``) and never one that ends
  at 角 (``壹元伍角``) or 分 (the rules allow 整 after 角 but do not require it).
* Ten to nineteen keep the leading 壹: ``壹拾元整``, ``壹拾伍万元整`` (banks insist on it).
* One 零 stands for each run of zeros that lies *between* non-zero digits inside a
  four-digit section (个/万/亿), that opens a section after a non-zero higher section, or
  that fills whole sections: ``壹仟零伍元``, ``壹拾万零壹拾元整``, ``壹亿零壹元整``,
  ``壹亿零壹佰万元整``.
* Zeros that only close a section (they end at the 万 position) are *not* written when the
  next digit is non-zero (the rules allow either): ``壹拾万柒仟元整`` (107000).  Likewise
  zeros that end the yuan part are never written before a 角 digit: ``壹拾元伍角`` (10.50),
  ``壹万元壹角`` (10000.10), ``壹仟陆佰捌拾元叁角贰分`` (1680.32).
* When the 角 digit is zero but the 分 digit is not, ``零`` follows 元 (the rules require it):
  ``叁佰贰拾伍元零肆分``; without a yuan part there is no 元 and no 零: ``伍分``.

Accepted input is a :class:`~decimal.Decimal` or an ``int`` from 0 up to (not including)
1 万亿 (10¹²) yuan with at most two decimal places *by value* (``Decimal("1.500")`` is 1.50
yuan; ``Decimal("1.005")`` is refused). Anything else raises ``ValueError`` (negative,
sub-fen, NaN, infinity, too large) or ``TypeError`` (``float``, ``str``, ``bool``: floats
cannot hold amounts exactly, convert with ``Decimal(str(x))`` deliberately).
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["to_chinese_capital", "fen", "yuan", "MAX_AMOUNT_EXCLUSIVE"]

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IN_SECTION_UNITS = ("仟", "佰", "拾", "")  # for the digits of a 4-digit section, left to right
_SECTION_UNITS = ("亿", "万", "")  # sections from the highest, each 4 digits

#: 1 万亿 yuan – the first amount :func:`to_chinese_capital` refuses.
MAX_AMOUNT_EXCLUSIVE = 10**12


def _exact_fen(amount: Decimal | int, *, allow_negative: bool) -> int:
    """``amount`` in fen, exactly, or ``TypeError``/``ValueError`` with a plain message."""
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"金额必须是 Decimal 或整数，不能是 {type(amount).__name__}: {amount!r}")
    if isinstance(amount, int):
        value = amount * 100
    else:
        if not amount.is_finite():
            raise ValueError(f"金额不是有效数字: {amount}")
        numerator, denominator = amount.as_integer_ratio()  # exact, never rounds
        if (numerator * 100) % denominator:
            raise ValueError(f"金额最多精确到分（两位小数）: {amount}")
        value = numerator * 100 // denominator
    if value < 0 and not allow_negative:
        raise ValueError(f"金额不能为负数: {amount}")
    return value


def fen(amount: Decimal | int) -> int:
    """Yuan → integer fen, exactly: ``fen(Decimal("12.30")) == 1230``.

    Negative amounts are allowed here (refunds); sub-fen amounts, NaN and infinity are not.
    """
    return _exact_fen(amount, allow_negative=True)


def yuan(fen_amount: int) -> Decimal:
    """Integer fen → yuan with two decimal places: ``yuan(1230) == Decimal("12.30")``."""
    if isinstance(fen_amount, bool) or not isinstance(fen_amount, int):
        raise TypeError(f"分必须是整数: {fen_amount!r}")
    return Decimal(f"{fen_amount}E-2")


def _section(number: int) -> str:
    """A 4-digit section (1..9999) without its leading zeros; inner zero runs → one 零."""
    digits = f"{number:04d}".lstrip("0")
    units = _IN_SECTION_UNITS[4 - len(digits):]
    out: list[str] = []
    pending_zero = False
    for digit, unit in zip(digits, units):
        if digit == "0":
            pending_zero = True
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(DIGITS[int(digit)] + unit)
    return "".join(out)


def _integer_yuan(number: int) -> str:
    """1 ≤ number < 10¹²: the yuan part without ``元``."""
    sections = (number // 10**8, number // 10**4 % 10**4, number % 10**4)
    out: list[str] = []
    zero_between = False  # a zero run since the last written digit
    for value, unit in zip(sections, _SECTION_UNITS):
        if value == 0:
            zero_between = bool(out) or zero_between
            continue
        if out and (zero_between or value < 1000):
            out.append("零")
        out.append(_section(value) + unit)
        zero_between = False
    return "".join(out)


def to_chinese_capital(amount: Decimal | int) -> str:
    """The amount in capital numerals, e.g. ``Decimal("100010")`` → ``壹拾万零壹拾元整``."""
    total_fen = _exact_fen(amount, allow_negative=False)
    if total_fen >= MAX_AMOUNT_EXCLUSIVE * 100:
        raise ValueError(f"金额过大（须小于 1 万亿元）: {amount}")
    whole, cents = divmod(total_fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    if whole == 0 and cents == 0:
        return "零元整"
    out = _integer_yuan(whole) + "元" if whole else ""
    if cents == 0:
        return out + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif whole:
        out += "零"
    if fen_digit:
        out += DIGITS[fen_digit] + "分"
    return out

"""Tests for station_app.documents.signing (QR text format, Ed25519 signatures)."""

from __future__ import annotations

import datetime as dt
import re
import string
import uuid
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.documents import signing
from station_app.documents.qr import qr_version
from station_app.domain.messages import Message

KEY = signing.private_key_from_bytes(bytes(range(32)))
TRUSTED = {signing.public_key_id(KEY): KEY.public_key()}
CONTENT = {"farmer": "张三丰", "score": 87, "amount": Decimal("50000.00"),
           "village": "横渠村三组"}
DOC_ID = "c83d8232-ba77-45d0-a1c7-4e66296fdb8b"
TEXT = signing.sign_document(KEY, doc_id=DOC_ID, kind="credit-report", station_id="MX-HQ-01",
                             issued_on=dt.date(2025, 3, 14), content=CONTENT)
PROPERTY = settings(deadline=None, database=None, max_examples=300)


def test_format() -> None:
    head, signature = TEXT.rsplit(".", 1)
    assert head.startswith(f"SAD1:{DOC_ID.upper()}.CREDIT-REPORT.MX-HQ-01.20250314.")
    digest, key_id = head.split(".")[-2:]
    assert digest == signing.content_digest(CONTENT) and len(digest) == 26
    assert key_id == signing.public_key_id(KEY) and len(key_id) == 13
    assert len(signature) == 103
    # Only QR alphanumeric-mode characters: the compact encoding.
    assert re.fullmatch(r"[0-9A-Z $%*+\-./:]+", TEXT)
    assert len(TEXT) == 218


def test_qr_stays_small() -> None:
    assert qr_version(TEXT) <= 8
    longest = signing.sign_document(
        KEY, doc_id=str(uuid.uuid4()), kind="CREDIT-REPORT", station_id=str(uuid.uuid4()),
        issued_on=dt.date(2025, 3, 14), content=CONTENT)
    assert qr_version(longest) <= 9  # 53 modules: ~0.45 mm a module at 24 mm


def test_valid_with_and_without_content() -> None:
    result = signing.verify_qr_text(TEXT, TRUSTED, CONTENT)
    assert result.status == "valid" and result.valid and result.content_checked
    assert (result.doc_id, result.kind, result.station_id) == (
        DOC_ID.upper(), "CREDIT-REPORT", "MX-HQ-01")
    assert result.issued_on == dt.date(2025, 3, 14)
    assert result.key_id == signing.public_key_id(KEY)
    assert isinstance(result.message, Message) and result.message.code == "documents.valid"
    assert "验证通过" in result.message and "Valid" in result.message.en
    qr_only = signing.verify_qr_text(f"  {TEXT}\n", TRUSTED)
    assert qr_only.valid and not qr_only.content_checked
    assert qr_only.message.code == "documents.valid_qr_only"


def test_content_changed_is_altered() -> None:
    for changed in ({**CONTENT, "score": 88}, {**CONTENT, "farmer": "张三"},
                    {k: v for k, v in CONTENT.items() if k != "village"}, {}):
        result = signing.verify_qr_text(TEXT, TRUSTED, changed)
        assert result.status == "altered" and result.content_checked
        assert result.message.code == "documents.content_altered"


def test_content_is_canonical() -> None:
    reordered = dict(reversed(list(CONTENT.items())))
    assert signing.verify_qr_text(TEXT, TRUSTED, reordered).valid
    assert signing.verify_qr_text(TEXT, TRUSTED, {**CONTENT, "amount": Decimal("5E+4")}).valid
    decomposed = {"name": "e\u0301"}
    composed = {"name": "\u00e9"}
    assert signing.content_digest(decomposed) == signing.content_digest(composed)
    assert signing.canonical_json({"b": [1, None, True], "a": dt.date(2025, 1, 2)}) == (
        b'{"a":"2025-01-02","b":[1,null,true]}')
    assert signing.content_digest({"n": 1}) != signing.content_digest({"n": "1"})
    with pytest.raises(ValueError):
        signing.content_digest({"x": float("nan")})
    with pytest.raises(TypeError):
        signing.content_digest({"x": object()})
    with pytest.raises(TypeError):
        signing.content_digest({1: "x"})


def test_unknown_signer() -> None:
    other = signing.generate_signing_key()
    result = signing.verify_qr_text(TEXT, {signing.public_key_id(other): other.public_key()})
    assert result.status == "unknown_signer" and not result.valid
    assert result.doc_id == DOC_ID.upper()  # fields are shown, but not trusted
    assert signing.public_key_id(KEY) in result.message
    assert signing.verify_qr_text(TEXT, {}).status == "unknown_signer"


def test_signed_by_another_key_with_a_forged_key_id() -> None:
    forger = signing.generate_signing_key()
    forged = signing.sign_document(forger, doc_id=DOC_ID, kind="CREDIT-REPORT",
                                   station_id="MX-HQ-01", issued_on=dt.date(2025, 3, 14),
                                   content=CONTENT)
    head, _key_id, signature = forged.rsplit(".", 2)
    # The forger claims the station's key id; the signature cannot match that key.
    claimed = f"{head}.{signing.public_key_id(KEY)}.{signature}"
    assert signing.verify_qr_text(claimed, TRUSTED).status == "altered"


def test_trusted_keys_as_bytes_and_mismatched_ids() -> None:
    raw = signing.public_key_to_bytes(KEY)
    assert signing.verify_qr_text(TEXT, {signing.public_key_id(raw): raw}).valid
    other = signing.generate_signing_key()
    with pytest.raises(ValueError):
        signing.verify_qr_text(TEXT, {signing.public_key_id(KEY): other.public_key()})


REPLACEMENTS = string.ascii_uppercase + string.digits + "-.:$%*+/ az=|é中"


def test_every_single_character_change_is_caught() -> None:
    seen = set()
    for position in range(len(TEXT)):
        for replacement in REPLACEMENTS:
            if replacement == TEXT[position]:
                continue
            changed = TEXT[:position] + replacement + TEXT[position + 1:]
            result = signing.verify_qr_text(changed, TRUSTED, CONTENT)
            assert result.status != "valid", (position, replacement)
            seen.add(result.status)
    assert seen == {"altered", "malformed", "unknown_signer"}


@PROPERTY
@given(st.data())
def test_random_edits_are_never_valid(data: st.DataObject) -> None:
    text = TEXT
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["replace", "insert", "delete"]))
        char = data.draw(st.characters(codec="utf-8"))
        if action == "insert":
            text = text[:position] + char + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + 1:]
        else:
            text = text[:position] + char + text[position + 1:]
    if text.strip() == TEXT:  # e.g. whitespace added at an end, or a character for itself
        return
    assert signing.verify_qr_text(text, TRUSTED).status != "valid"


@pytest.mark.parametrize("text", ["", "hello", "SAD1:", "https://example.com/?q=1",
                                  TEXT.replace("20250314", "20250230"), TEXT.lower(),
                                  TEXT + ".X", TEXT[:-1], TEXT.replace(".", "|")])
def test_malformed(text: str) -> None:
    result = signing.verify_qr_text(text, TRUSTED)
    assert result.status == "malformed" and result.doc_id is None
    assert result.message.code == "documents.qr_malformed"
    assert "无法识别" in result.message


def test_newer_version_says_so() -> None:
    result = signing.verify_qr_text("SAD2:" + TEXT[5:], TRUSTED)
    assert result.status == "malformed"
    assert result.message.code == "documents.qr_newer_version"


def test_non_canonical_base32_is_malformed() -> None:
    # 103 base32 characters carry 515 bits for 512: the last character has 3 spare bits.
    last = TEXT[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    twin = alphabet[alphabet.index(last) ^ 1]  # same signature bytes, a spare bit set
    assert signing.verify_qr_text(TEXT[:-1] + twin, TRUSTED).status == "malformed"


@pytest.mark.parametrize(("field", "value"), [
    ("doc_id", ""), ("doc_id", "a" * 41), ("doc_id", "id with space"), ("kind", "credit_report"),
    ("station_id", "站点"), ("doc_id", "A.B"),
])
def test_bad_ids_are_refused(field: str, value: str) -> None:
    fields = dict(doc_id="D1", kind="K", station_id="S1")
    fields[field] = value
    with pytest.raises(ValueError, match=field):
        signing.sign_document(KEY, issued_on=dt.date(2025, 1, 1), content={}, **fields)


def test_datetime_issue_date_uses_its_date() -> None:
    text = signing.sign_document(KEY, doc_id="D1", kind="K", station_id="S1",
                                 issued_on=dt.datetime(2025, 1, 2, 23, 59), content={})
    assert signing.parse_qr_text(text).issued_on == dt.date(2025, 1, 2)


def test_key_round_trips() -> None:
    key = signing.generate_signing_key()
    raw = signing.private_key_to_bytes(key)
    assert len(raw) == 32
    again = signing.private_key_from_bytes(raw)
    assert signing.public_key_to_bytes(again) == signing.public_key_to_bytes(key)
    pub = signing.public_key_from_bytes(signing.public_key_to_bytes(key))
    assert signing.public_key_id(pub) == signing.public_key_id(key)
    assert re.fullmatch(r"[A-Z2-7]{13}", signing.public_key_id(pub))
    with pytest.raises(ValueError):
        signing.private_key_from_bytes(b"short")
    with pytest.raises(ValueError):
        signing.public_key_from_bytes(b"\x00" * 31)

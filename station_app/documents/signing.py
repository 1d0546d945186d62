"""Signed QR codes that prove a printed document came from a station and was not altered.

Every document carries a QR code whose text is made by :func:`sign_document`::

    SAD1:<DOC-ID>.<KIND>.<STATION-ID>.<YYYYMMDD>.<DIGEST>.<KEY-ID>.<SIGNATURE>

* ``SAD1:`` – scheme and version ("station app document", format 1).
* ``DOC-ID``, ``KIND``, ``STATION-ID`` – the document id, the document kind (a short code
  such as ``CREDIT-REPORT``) and the issuing station (its id or code).  Each is 1–40
  characters ``A–Z 0–9 -``, *case-insensitive*: they are written in upper case (a UUID
  ``c83d…`` becomes ``C83D…``) and :class:`Verification` returns them in upper case.
* ``YYYYMMDD`` – the issue date.
* ``DIGEST`` – SHA-256 of the canonical JSON of the document's key content (a dict the
  caller passes: farmer name, score, amount, …, see :func:`canonical_json`), truncated to
  128 bits.  The QR does not hold the content, only this fingerprint; with the content at
  hand (from the database, or typed from the paper) the verifier recomputes it.  128 bits
  keep a forger who edits an issued document at 2¹²⁸ work (second pre-image); the 2⁶⁴
  collision bound would only matter if a forger could make the station sign content of
  his choosing, and the content is the station's own data.  The full 256 bits would add
  26 characters to every QR.
* ``KEY-ID`` – :func:`public_key_id`: the first 64 bits of SHA-256 of the raw Ed25519
  public key.  It only selects which trusted key to check with.
* ``SIGNATURE`` – Ed25519 over the ASCII bytes of everything before the last ``.``.

All binary fields are RFC 4648 base32 (upper case, no padding) and the separators are
``:``/``.``, so the whole text stays in the QR *alphanumeric* mode (5.5 bits a character
instead of 8).  A typical text is 200–235 characters: QR version 8–9 at error correction
level M (49–53 modules; at 25 mm about 0.5 mm a module, easy for a phone).  Base64url in
byte mode would need version 10–11.

Decoding is strict (upper case only, canonical base32, exact lengths), so changing any
character of the text never yields a valid result: it is ``malformed``, ``altered`` or,
when the key id itself was changed, ``unknown_signer``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from station_app.domain.messages import Message

__all__ = [
    "SCHEME",
    "QrFields",
    "Status",
    "Verification",
    "canonical_json",
    "content_digest",
    "generate_signing_key",
    "parse_qr_text",
    "private_key_from_bytes",
    "private_key_to_bytes",
    "public_key_from_bytes",
    "public_key_id",
    "public_key_to_bytes",
    "sign_document",
    "verify_qr_text",
]

SCHEME = "SAD1"
DIGEST_BYTES = 16
KEY_ID_BYTES = 8
SIGNATURE_BYTES = 64
MAX_ID_LENGTH = 40

_ID = r"[A-Z0-9-]{1,%d}" % MAX_ID_LENGTH
_ID_RE = re.compile(_ID)


def _b32len(n: int) -> int:
    return math.ceil(n * 8 / 5)


_QR_RE = re.compile(
    rf"{SCHEME}:(?P<doc_id>{_ID})\.(?P<kind>{_ID})\.(?P<station_id>{_ID})"
    rf"\.(?P<issued_on>[0-9]{{8}})"
    rf"\.(?P<digest>[A-Z2-7]{{{_b32len(DIGEST_BYTES)}}})"
    rf"\.(?P<key_id>[A-Z2-7]{{{_b32len(KEY_ID_BYTES)}}})"
    rf"\.(?P<signature>[A-Z2-7]{{{_b32len(SIGNATURE_BYTES)}}})")
_OTHER_VERSION_RE = re.compile(r"SAD[0-9]+:")


# --------------------------------------------------------------------------- encoding

def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str, size: int) -> bytes:
    """Strict base32: the canonical encoding of exactly ``size`` bytes, else ValueError."""
    padded = text + "=" * (-len(text) % 8)
    data = base64.b32decode(padded)  # binascii.Error is a ValueError
    if len(data) != size or _b32(data) != text:  # non-zero spare bits are not canonical
        raise ValueError("not canonical base32")
    return data


def _json_ready(value: object) -> object:
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"content value is not finite: {value!r}")
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"content value is not finite: {value!r}")
        return format(value.normalize(), "f")  # by value: 1.50 and 1.5 are the same
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"content keys must be str, not {type(key).__name__}: {key!r}")
            out[unicodedata.normalize("NFC", key)] = _json_ready(item)
        return out
    if isinstance(value, (list, tuple)):
        return [_json_ready(item) for item in value]
    raise TypeError(f"content value of type {type(value).__name__} cannot be signed: {value!r}")


def canonical_json(content: Mapping[str, object]) -> bytes:
    """The bytes the digest is taken of: sorted keys, no spaces, UTF-8, NFC strings.

    Values may be ``str``, ``int``, ``bool``, ``None``, finite ``float``, ``Decimal``
    (written by value as a string: ``Decimal("1.50")`` → ``"1.5"``), ``date``/``datetime``
    (ISO 8601 strings), lists/tuples and nested dicts with ``str`` keys.
    """
    if not isinstance(content, Mapping):
        raise TypeError("content must be a mapping (dict)")
    return json.dumps(_json_ready(content), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False).encode("utf-8")


def content_digest(content: Mapping[str, object]) -> str:
    """The 128-bit content fingerprint as it appears in the QR text (26 base32 chars)."""
    return _b32(hashlib.sha256(canonical_json(content)).digest()[:DIGEST_BYTES])


# --------------------------------------------------------------------------- keys

def generate_signing_key() -> Ed25519PrivateKey:
    """A new Ed25519 key for a station."""
    return Ed25519PrivateKey.generate()


def private_key_to_bytes(key: Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes of the private key (store them encrypted)."""
    return key.private_bytes_raw()


def private_key_from_bytes(data: bytes) -> Ed25519PrivateKey:
    if len(data) != 32:
        raise ValueError("an Ed25519 private key is 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(bytes(data))


def public_key_to_bytes(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes of the public key (of a private key: its public half)."""
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    return key.public_bytes_raw()


def public_key_from_bytes(data: bytes) -> Ed25519PublicKey:
    if len(data) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(bytes(data))


def _public_key(key: Ed25519PublicKey | Ed25519PrivateKey | bytes) -> Ed25519PublicKey:
    if isinstance(key, (bytes, bytearray, memoryview)):
        return public_key_from_bytes(bytes(key))
    if isinstance(key, Ed25519PrivateKey):
        return key.public_key()
    if isinstance(key, Ed25519PublicKey):
        return key
    raise TypeError(f"not an Ed25519 key: {type(key).__name__}")


def public_key_id(key: Ed25519PublicKey | Ed25519PrivateKey | bytes) -> str:
    """Short fingerprint (13 base32 chars, 64 bits) of a public key, as in the QR text."""
    raw = _public_key(key).public_bytes_raw()
    return _b32(hashlib.sha256(raw).digest()[:KEY_ID_BYTES])


# --------------------------------------------------------------------------- signing

def _check_id(name: str, value: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str")
    upper = value.upper()
    if not _ID_RE.fullmatch(upper):
        raise ValueError(f"{name} must be 1–{MAX_ID_LENGTH} characters A–Z, 0–9 or '-': "
                         f"{value!r}")
    return upper


def _date_text(issued_on: dt.date) -> str:
    if isinstance(issued_on, dt.datetime):
        issued_on = issued_on.date()
    if not isinstance(issued_on, dt.date):
        raise TypeError("issued_on must be a date")
    return f"{issued_on.year:04d}{issued_on.month:02d}{issued_on.day:02d}"


def sign_document(private_key: Ed25519PrivateKey, *, doc_id: str, kind: str, station_id: str,
                  issued_on: dt.date, content: Mapping[str, object]) -> str:
    """The QR text for a document: its fields, the content digest and the signature."""
    head = ".".join([
        f"{SCHEME}:{_check_id('doc_id', doc_id)}",
        _check_id("kind", kind),
        _check_id("station_id", station_id),
        _date_text(issued_on),
        content_digest(content),
        public_key_id(private_key),
    ])
    signature = private_key.sign(head.encode("ascii"))
    return f"{head}.{_b32(signature)}"


# --------------------------------------------------------------------------- verifying

class Status(StrEnum):
    VALID = "valid"
    ALTERED = "altered"
    UNKNOWN_SIGNER = "unknown_signer"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class QrFields:
    """The parsed fields of a QR text (ids in upper case)."""

    doc_id: str
    kind: str
    station_id: str
    issued_on: dt.date
    digest: str
    key_id: str
    signed_part: bytes
    signature: bytes


def parse_qr_text(text: str) -> QrFields:
    """Parse (not verify) a QR text; ``ValueError`` when it is not a well-formed SAD1 text."""
    if not isinstance(text, str):
        raise TypeError("QR text must be a str")
    text = text.strip()
    match = _QR_RE.fullmatch(text)
    if not match:
        raise ValueError("not a SAD1 document QR text")
    day = match["issued_on"]
    issued_on = dt.date(int(day[:4]), int(day[4:6]), int(day[6:]))  # ValueError if invalid
    _unb32(match["digest"], DIGEST_BYTES)
    _unb32(match["key_id"], KEY_ID_BYTES)
    signature = _unb32(match["signature"], SIGNATURE_BYTES)
    return QrFields(
        doc_id=match["doc_id"], kind=match["kind"], station_id=match["station_id"],
        issued_on=issued_on, digest=match["digest"], key_id=match["key_id"],
        signed_part=text[:match.start("signature") - 1].encode("ascii"), signature=signature)


@dataclass(frozen=True)
class Verification:
    """Outcome of :func:`verify_qr_text`.

    ``status`` is a :class:`Status` (a ``str``: ``"valid"``, ``"altered"``,
    ``"unknown_signer"``, ``"malformed"``); ``message`` a plain sentence for the user
    (Chinese, ``.en`` English, ``.code``).  The fields are those read from the QR text
    (None when ``malformed``), so the screen can show them even when the check fails –
    they are only trustworthy when ``valid``.  ``content_checked`` tells whether the
    content digest was compared with content given by the caller.
    """

    status: Status
    message: Message
    doc_id: str | None = None
    kind: str | None = None
    station_id: str | None = None
    issued_on: dt.date | None = None
    digest: str | None = None
    key_id: str | None = None
    content_checked: bool = False

    @property
    def valid(self) -> bool:
        return self.status is Status.VALID


def _malformed(text: str) -> Verification:
    if _OTHER_VERSION_RE.match(text.strip()) and not text.strip().startswith(SCHEME + ":"):
        message = Message(
            "documents.qr_newer_version",
            "无法识别：此二维码由更新版本的软件生成，请升级本软件后再验证。",
            "Not recognised: this QR code was made by a newer version of the software; "
            "update the software and verify again.")
    else:
        message = Message(
            "documents.qr_malformed",
            "无法识别：这不是本系统签发的文件二维码，或二维码已损坏。",
            "Not recognised: this is not a document QR code issued by this system, "
            "or it is damaged.")
    return Verification(Status.MALFORMED, message)


def _trusted_key(trusted: Mapping[str, Ed25519PublicKey | bytes], key_id: str
                 ) -> Ed25519PublicKey | None:
    if key_id not in trusted:
        return None
    key = _public_key(trusted[key_id])
    if public_key_id(key) != key_id:
        raise ValueError(f"trusted key listed under {key_id!r} has id {public_key_id(key)!r}")
    return key


def verify_qr_text(text: str, trusted: Mapping[str, Ed25519PublicKey | bytes],
                   content: Mapping[str, object] | None = None) -> Verification:
    """Check a scanned QR text against the trusted station keys (key id → public key).

    With ``content`` the document's key content is checked too (its digest must match).
    Order of checks: well-formed → signer known → signature → content.
    """
    try:
        fields = parse_qr_text(text)
    except ValueError:
        return _malformed(text)
    found = dict(doc_id=fields.doc_id, kind=fields.kind, station_id=fields.station_id,
                 issued_on=fields.issued_on, digest=fields.digest, key_id=fields.key_id)
    key = _trusted_key(trusted, fields.key_id)
    if key is None:
        return Verification(Status.UNKNOWN_SIGNER, Message(
            "documents.unknown_signer",
            f"无法验证：签发密钥 {fields.key_id} 不在本机的信任列表中。"
            "请先同步数据，或向签发的服务站核实。",
            f"Cannot verify: the signing key {fields.key_id} is not trusted on this "
            "computer. Synchronise first or check with the issuing station."), **found)
    try:
        key.verify(fields.signature, fields.signed_part)
    except InvalidSignature:
        return Verification(Status.ALTERED, Message(
            "documents.signature_invalid",
            "验证失败：二维码内容已被改动，或不是由登记的密钥签发的。此文件不可信。",
            "Not valid: the QR code was altered or was not signed by the registered key. "
            "Do not trust this document."), **found)
    day = fields.issued_on.isoformat()
    if content is not None:
        if content_digest(content) != fields.digest:
            return Verification(Status.ALTERED, Message(
                "documents.content_altered",
                f"验证失败：文件 {fields.doc_id} 的内容与签发时不一致，可能被改动。此文件不可信。",
                f"Not valid: the content of document {fields.doc_id} differs from what was "
                "signed; it may have been altered. Do not trust this document."),
                content_checked=True, **found)
        return Verification(Status.VALID, Message(
            "documents.valid",
            f"验证通过：文件 {fields.doc_id} 由服务站 {fields.station_id} 于 {day} 签发，"
            "内容与签发时一致。",
            f"Valid: document {fields.doc_id} was issued by station {fields.station_id} "
            f"on {day} and its content is unchanged."), content_checked=True, **found)
    return Verification(Status.VALID, Message(
        "documents.valid_qr_only",
        f"二维码验证通过：文件 {fields.doc_id} 由服务站 {fields.station_id} 于 {day} 签发。"
        "请核对纸面内容与系统记录一致。",
        f"QR code valid: document {fields.doc_id} was issued by station {fields.station_id} "
        f"on {day}. Check that the printed content matches the records."), **found)


def check_qr_matches(qr_text: str, *, doc_id: str, issued_on: dt.date,
                     content: Mapping[str, object], content_name: str,
                     kind: str | None = None, station_code: str | None = None,
                     what: str = "document") -> None:
    """Refuse (``ValueError``) a QR text signed for another document: its id, kind (when
    given), station (when given), date and content digest must all be this document's.
    The message names what differs."""
    try:
        fields = parse_qr_text(qr_text)
    except ValueError as exc:
        raise ValueError(f"qr_text is not a document QR text: {exc}") from None
    checks: list[tuple[str, object, object]] = [("doc_id", doc_id.upper(), fields.doc_id)]
    if kind is not None:
        checks.append(("kind", kind, fields.kind))
    if station_code is not None:
        checks.append(("station_code", station_code.upper(), fields.station_id))
    checks += [("issued_on", issued_on, fields.issued_on),
               (f"content ({content_name})", content_digest(content), fields.digest)]
    wrong = [name for name, expected, found in checks if expected != found]
    if wrong:
        raise ValueError(f"qr_text was signed for another {what}: {', '.join(wrong)} differ")


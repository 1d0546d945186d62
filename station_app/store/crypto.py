"""Field-level encryption for sensitive personal data (PIPL 敏感个人信息).

Resident ID, bank card and phone numbers are stored as AES-256-GCM ciphertext.  For exact
lookup and duplicate detection each also gets a *blind index*: an HMAC-SHA256 of the
normalised value under a separate key, so equal values match without the value itself
ever being stored.  Both keys are derived (HKDF) from one master key that lives outside the
database file (see :mod:`station_app.store.keys`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

TOKEN_PREFIX = "v1:"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """Ciphertext does not open with this key (wrong key, or the data was altered)."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


class FieldCipher:
    """Encrypts single field values and computes their blind index."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("master key must be 32 bytes")
        self._aead = AESGCM(_derive(master_key, b"station-app field encryption v1"))
        self._index_key = _derive(master_key, b"station-app blind index v1")
        self.fingerprint = hashlib.sha256(_derive(master_key, b"fingerprint")).hexdigest()[:16]

    def encrypt(self, plaintext: str, *, context: str) -> str:
        """Encrypt ``plaintext``; ``context`` (e.g. ``"farmer.resident_id"``) is bound as
        associated data so a ciphertext cannot be moved to another field unnoticed."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), context.encode())
        return TOKEN_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, token: str, *, context: str) -> str:
        if not token.startswith(TOKEN_PREFIX):
            raise DecryptionError("unknown ciphertext format")
        try:
            raw = base64.urlsafe_b64decode(token[len(TOKEN_PREFIX):].encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise DecryptionError("ciphertext is not valid base64") from exc
        if len(raw) < NONCE_BYTES + 16:  # nonce + GCM tag at the least
            raise DecryptionError("ciphertext is too short")
        try:
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
        except InvalidTag as exc:
            raise DecryptionError("ciphertext does not match the key or was altered") from exc
        return plain.decode("utf-8")

    def blind_index(self, value: str, *, kind: str) -> str:
        """Keyed hash of a normalised value: equal values give equal indexes."""
        msg = kind.encode() + b"\x00" + value.encode("utf-8")
        return hmac.digest(self._index_key, msg, "sha256").hex()

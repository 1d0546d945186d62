"""Field encryption (AES-GCM bound to a context) and the keyed blind index."""

from __future__ import annotations

import base64
import os

import pytest

from station_app.store.crypto import TOKEN_PREFIX, DecryptionError, FieldCipher

RID = "61032619850315001X"


@pytest.fixture(scope="module")
def cipher() -> FieldCipher:
    return FieldCipher(os.urandom(32))


def test_roundtrip(cipher: FieldCipher) -> None:
    for value in (RID, "13912345678", "6222020000000000011", "", "张三 · 中文"):
        token = cipher.encrypt(value, context="farmer.resident_id")
        assert token.startswith(TOKEN_PREFIX)
        assert value == "" or value not in token
        assert cipher.decrypt(token, context="farmer.resident_id") == value


def test_encryption_is_randomised(cipher: FieldCipher) -> None:
    a = cipher.encrypt(RID, context="farmer.resident_id")
    b = cipher.encrypt(RID, context="farmer.resident_id")
    assert a != b
    assert cipher.decrypt(a, context="farmer.resident_id") == cipher.decrypt(
        b, context="farmer.resident_id")


def test_context_is_bound(cipher: FieldCipher) -> None:
    token = cipher.encrypt("13912345678", context="farmer.phone")
    with pytest.raises(DecryptionError):
        cipher.decrypt(token, context="farmer.resident_id")
    with pytest.raises(DecryptionError):
        cipher.decrypt(token, context="farmer.bank_card")


def test_another_key_cannot_decrypt(cipher: FieldCipher) -> None:
    token = cipher.encrypt(RID, context="farmer.resident_id")
    other = FieldCipher(os.urandom(32))
    assert other.fingerprint != cipher.fingerprint
    with pytest.raises(DecryptionError):
        other.decrypt(token, context="farmer.resident_id")


def _flip(token: str, index: int) -> str:
    raw = bytearray(base64.urlsafe_b64decode(token[len(TOKEN_PREFIX):]))
    raw[index] ^= 0x01
    return TOKEN_PREFIX + base64.urlsafe_b64encode(bytes(raw)).decode("ascii")


@pytest.mark.parametrize("where", ["nonce", "ciphertext", "tag"])
def test_tampered_token_fails(cipher: FieldCipher, where: str) -> None:
    token = cipher.encrypt(RID, context="farmer.resident_id")
    index = {"nonce": 0, "ciphertext": 12, "tag": -1}[where]
    with pytest.raises(DecryptionError):
        cipher.decrypt(_flip(token, index), context="farmer.resident_id")


def test_unknown_token_format_fails(cipher: FieldCipher) -> None:
    token = cipher.encrypt(RID, context="farmer.resident_id")
    with pytest.raises(DecryptionError):
        cipher.decrypt("v2:" + token[3:], context="farmer.resident_id")
    with pytest.raises(DecryptionError):
        cipher.decrypt(RID, context="farmer.resident_id")


@pytest.mark.parametrize("damage", ["truncated", "cut_to_nonce", "not_base64", "empty_body"])
def test_damaged_token_raises_decryption_error(cipher: FieldCipher, damage: str) -> None:
    """Any ciphertext that does not open is a DecryptionError, however it was damaged.

    (A stored value cut short by a bad copy or a sync bug must give the documented error the
    UI handles, not a raw binascii.Error / ValueError.)
    """
    token = cipher.encrypt(RID, context="farmer.resident_id")
    bad = {
        "truncated": token[:-1],
        "cut_to_nonce": token[:10],
        "not_base64": TOKEN_PREFIX + "!!!!",
        "empty_body": TOKEN_PREFIX,
    }[damage]
    with pytest.raises(DecryptionError):
        cipher.decrypt(bad, context="farmer.resident_id")


def test_blind_index_is_deterministic_and_keyed(cipher: FieldCipher) -> None:
    a = cipher.blind_index(RID, kind="resident_id")
    assert a == cipher.blind_index(RID, kind="resident_id")
    assert len(a) == 64 and int(a, 16) >= 0
    assert RID not in a
    assert a != cipher.blind_index("61032619850315003X", kind="resident_id")
    # Same key material gives the same index (a reopened database finds its farmers) ...
    key = os.urandom(32)
    assert FieldCipher(key).blind_index(RID, kind="resident_id") == FieldCipher(
        key).blind_index(RID, kind="resident_id")
    # ... another key does not.
    assert FieldCipher(os.urandom(32)).blind_index(RID, kind="resident_id") != a


def test_blind_index_separates_kinds(cipher: FieldCipher) -> None:
    value = "13912345678"
    assert cipher.blind_index(value, kind="phone") != cipher.blind_index(value,
                                                                          kind="resident_id")
    # The kind/value boundary cannot be shifted to forge a match.
    assert cipher.blind_index("1", kind="phone2") != cipher.blind_index("21", kind="phone")


def test_master_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError):
        FieldCipher(os.urandom(16))


def test_a_missing_key_is_not_silently_replaced(tmp_path, station_home):
    """Losing the key file must stop the app, not mint a new key over encrypted data."""
    from station_app.store.db import WrongKeyError, open_database

    path = tmp_path / "keyed.db"
    db = open_database(path)
    key_files = list((station_home / "keys").glob("*.key"))
    db.close()
    assert len(key_files) == 1
    key_files[0].unlink()
    with pytest.raises(WrongKeyError, match="missing"):
        open_database(path)
    assert not any((station_home / "keys").glob("*.key"))


def test_key_goes_to_the_os_keyring_when_one_works(tmp_path, station_home, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    from station_app.store.db import open_database

    class MemoryKeyring(KeyringBackend):
        """Kept in memory; stands in for Secret Service / Credential Locker."""

        priority = 10  # type: ignore[assignment]
        store: dict = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    monkeypatch.delenv("STATION_APP_NO_KEYRING")
    try:
        db = open_database(tmp_path / "kr.db")
        assert db.key_location == "keyring"
        fingerprint = db.cipher.fingerprint
        db.close()
        assert not (station_home / "keys").exists() or not any((station_home / "keys").iterdir())
        again = open_database(tmp_path / "kr.db")
        assert again.cipher.fingerprint == fingerprint
        again.close()
    finally:
        keyring.set_keyring(previous)

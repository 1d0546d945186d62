"""The deployment's data key: the one field-encryption master key every computer shares.

Resident ID, phone and bank card numbers leave a station as AES-GCM ciphertext with keyed
blind indexes (:mod:`station_app.store.crypto`).  For a second computer of the station, or a
branch computer, to read them, and for duplicate detection by resident ID to work across
computers, every enrolled computer must hold the same master key.  The server makes that key
once and hands it to a device in the answer to a successful enrollment (the one-time code is
the authorisation); it never appears in any other answer.

At rest on the server the data key is wrapped (AES-256-GCM) with a key-encryption key that
lives in a file outside the database (``STATION_CENTRAL_KEY_FILE``, default: the server's user
data dir), so a copy of the database alone, which holds the stations' ciphertext, does not
open that ciphertext.  Back the key file up separately from the database: without it the
server does not start (``DataKeyError``: put the file back).  A key file is only ever made for
a database that holds no data key yet — never in place of a lost one, which would only hide
the loss.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

import platformdirs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from station_app.central.models import ServerMeta
from station_app.store.crypto import FieldCipher

KEK_ENV = "STATION_CENTRAL_KEY_FILE"
META_KEY = "data_key_wrapped"
_AAD = b"station-central data key v1"
_meta = ServerMeta.__table__  # type: ignore[attr-defined]


class DataKeyError(RuntimeError):
    """The key-encryption key is missing, unreadable or does not open the stored data key."""


def default_kek_path() -> Path:
    env = os.environ.get(KEK_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("station-central", appauthor=False)) / "data-kek.key"


def _read_kek(path: Path) -> bytes:
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise DataKeyError(f"key file {path} is readable by other users; run chmod 600 on it")
    raw = base64.b64decode(path.read_text(encoding="ascii").strip())
    if len(raw) != 32:
        raise DataKeyError(f"key file {path} does not hold a 32-byte key")
    return raw


def load_or_create_kek(path: Path | None = None, *, create: bool = True) -> bytes:
    """The key-encryption key from ``path`` (made, mode 0600, if absent and ``create``)."""
    path = path or default_kek_path()
    if path.exists():
        return _read_kek(path)
    if not create:
        raise DataKeyError(
            f"the key file {path} is missing, but this server's database holds a data key "
            f"wrapped with it: put the key file back from its backup (or set {KEK_ENV} to "
            "where it is); a new key file would not open the stored data")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another server process made it a moment ago
        return _read_kek(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(secrets.token_bytes(32)).decode("ascii") + "\n")
    return _read_kek(path)


def _unwrap(kek: bytes, wrapped: str) -> bytes:
    raw = base64.b64decode(wrapped)
    try:
        return AESGCM(kek).decrypt(raw[:12], raw[12:], _AAD)
    except InvalidTag as exc:
        raise DataKeyError(
            "the key-encryption key does not open this server's data key: the key file "
            f"({KEK_ENV}) belongs to another server or was replaced") from exc


def has_data_key(engine: Engine) -> bool:
    """Whether the database already holds a wrapped data key (then the key file must exist)."""
    with engine.connect() as conn:
        return conn.execute(select(_meta.c.value).where(_meta.c.key == META_KEY)).scalar() \
            is not None


def ensure_data_key(engine: Engine, kek: bytes) -> bytes:
    """The deployment's data key, made on first use (concurrent first uses agree)."""
    for _ in range(2):
        with engine.connect() as conn:
            wrapped = conn.execute(select(_meta.c.value).where(_meta.c.key == META_KEY)).scalar()
        if wrapped is not None:
            return _unwrap(kek, str(wrapped))
        key, nonce = secrets.token_bytes(32), secrets.token_bytes(12)
        value = base64.b64encode(nonce + AESGCM(kek).encrypt(nonce, key, _AAD)).decode("ascii")
        try:
            with engine.begin() as conn:
                conn.execute(insert(_meta).values(key=META_KEY, value=value))
            return key
        except IntegrityError:
            continue  # lost the race: read the winner's key
    raise DataKeyError("could not store the data key")


def fingerprint(data_key: bytes) -> str:
    """The same fingerprint a station database records for its key."""
    return FieldCipher(data_key).fingerprint

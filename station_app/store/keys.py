"""The master key for field encryption, kept outside the database file.

Preferred home: the operating system's keyring (Windows Credential Locker, macOS Keychain,
Secret Service on Linux desktops).  Kiosks and servers often have no keyring; then the key
lives in a file readable only by its owner (mode 0600) in the user data directory, never in
the database.  The key is tied to one database by that database's id, so two databases on
one machine never share a key by accident.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger(__name__)

KEYRING_SERVICE = "station-app"


class KeyError_(Exception):
    """The key exists but is unusable (bad permissions, wrong format)."""


class MissingKeyError(Exception):
    """No key was found and creating one was not allowed."""


def _usable_keyring():
    """The ``keyring`` module if a real OS keyring backend is available, else None."""
    if os.environ.get("STATION_APP_NO_KEYRING"):
        return None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring install means: use the key file
        return None
    if isinstance(backend, fail.Keyring) or "null" in type(backend).__module__:
        return None
    return keyring


def _keyring_get(name: str) -> str | None:
    keyring = _usable_keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except Exception:  # locked or unreachable keyring: use the key file
        log.info("OS keyring unavailable; using the key file")
        return None


def _keyring_set(name: str, value: str) -> bool:
    keyring = _usable_keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, name, value)
        return keyring.get_password(KEYRING_SERVICE, name) == value
    except Exception:
        log.info("OS keyring refused the key; using the key file")
        return False


def key_file_path(keys_dir: Path, database_id: str) -> Path:
    return keys_dir / f"{database_id}.key"


def _read_key_file(path: Path) -> bytes:
    if os.name == "posix":
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise KeyError_(
                f"key file {path} is readable by other users (mode {oct(mode)}); "
                "run: chmod 600 on it"
            )
    raw = base64.b64decode(path.read_text(encoding="ascii").strip())
    if len(raw) != 32:
        raise KeyError_(f"key file {path} is not a 32-byte key")
    return raw


def _write_key_file(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(key).decode("ascii") + "\n")


def load_or_create_master_key(
    database_id: str, keys_dir: Path, *, create: bool = True
) -> tuple[bytes, str]:
    """Return (key, where) for a database, creating and storing a new key if none exists
    and ``create`` allows it (only for a database that has no encrypted data yet).

    ``where`` is ``"keyring"`` or the key file path, for the admin's information.
    """
    name = f"master-key-{database_id}"
    path = key_file_path(keys_dir, database_id)
    if path.exists():
        return _read_key_file(path), str(path)
    stored = _keyring_get(name)
    if stored:
        return base64.b64decode(stored), "keyring"
    if not create:
        raise MissingKeyError(f"no key for database {database_id}")
    key = secrets.token_bytes(32)
    if _keyring_set(name, base64.b64encode(key).decode("ascii")):
        return key, "keyring"
    _write_key_file(path, key)
    return key, str(path)


# --------------------------------------------------------------------------- replacing the key
#
# Enrollment swaps a station's own key for the deployment's data key (see
# station_app.store.rekey).  The swap must survive a crash at any point, so it goes in three
# steps: the new key is staged under its own name; one database transaction re-encrypts every
# field and records the new key's fingerprint; then the staged key replaces the old one.
# Opening a database whose fingerprint matches the staged key finishes an interrupted swap.

def _staged_name(database_id: str) -> str:
    return f"master-key-{database_id}-next"


def _replace_key_file(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(key).decode("ascii") + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _delete(name: str, path: Path) -> None:
    path.unlink(missing_ok=True)
    keyring = _usable_keyring()
    if keyring is not None:
        try:
            keyring.delete_password(KEYRING_SERVICE, name)
        except Exception:  # not there
            pass


def stage_key(database_id: str, keys_dir: Path, key: bytes) -> None:
    """Keep ``key`` as the database's next key, beside the current one."""
    name = _staged_name(database_id)
    if not _keyring_set(name, base64.b64encode(key).decode("ascii")):
        _replace_key_file(keys_dir / f"{database_id}.next.key", key)


def staged_key(database_id: str, keys_dir: Path) -> bytes | None:
    path = keys_dir / f"{database_id}.next.key"
    if path.exists():
        return _read_key_file(path)
    stored = _keyring_get(_staged_name(database_id))
    return base64.b64decode(stored) if stored else None


def promote_staged_key(database_id: str, keys_dir: Path) -> bytes:
    """Make the staged key the database's key (where the old one lived) and drop the stage."""
    key = staged_key(database_id, keys_dir)
    if key is None:
        raise MissingKeyError(f"no staged key for database {database_id}")
    path = key_file_path(keys_dir, database_id)
    if path.exists() or not _keyring_set(f"master-key-{database_id}",
                                         base64.b64encode(key).decode("ascii")):
        _replace_key_file(path, key)
    _delete(_staged_name(database_id), keys_dir / f"{database_id}.next.key")
    return key

"""The device credential (token, server address, station id), kept outside the database.

Like the field-encryption key (``station_app.store.keys``) it lives in the OS keyring when
one works, else in a file readable only by its owner (mode 0600) in the same ``keys``
directory, named after the database id, so two databases on one machine never share a
credential.  The token is never logged and never shown: ``repr`` hides it.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from station_app import paths
from station_app.store import keys as keystore
from station_app.store.db import Database

log = logging.getLogger(__name__)

__all__ = ["CredentialError", "CredentialStore", "Credentials", "credential_store_for"]


class CredentialError(Exception):
    """The stored credential exists but cannot be used (permissions, format)."""


@dataclass(frozen=True)
class Credentials:
    server_url: str
    token: str = field(repr=False)
    station_id: str
    device_id: str
    server_id: str = ""
    scope_kind: str = "station"  # "station" or "branch"
    station_ids: tuple[str, ...] = ()

    def to_json(self) -> str:
        data = asdict(self)
        data["station_ids"] = list(self.station_ids)
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Credentials":
        data = json.loads(text)
        known = set(cls.__dataclass_fields__)
        data = {k: v for k, v in data.items() if k in known}
        data["station_ids"] = tuple(data.get("station_ids") or ())
        return cls(**data)


class CredentialStore:
    """Save / load / delete the credential of one database."""

    def __init__(self, database_id: str, keys_dir: Path) -> None:
        self.database_id = database_id
        self.keys_dir = Path(keys_dir)

    @property
    def name(self) -> str:
        return f"sync-credentials-{self.database_id}"

    @property
    def file_path(self) -> Path:
        return self.keys_dir / f"{self.database_id}.sync.json"

    def load(self) -> Credentials | None:
        path = self.file_path
        text: str | None = None
        if path.exists():
            if os.name == "posix":
                mode = path.stat().st_mode & 0o777
                if mode & 0o077:
                    raise CredentialError(
                        f"credential file {path} is readable by other users (mode {oct(mode)}); "
                        "run: chmod 600 on it")
            text = path.read_text(encoding="utf-8")
        else:
            text = keystore._keyring_get(self.name)
        if not text:
            return None
        try:
            return Credentials.from_json(text)
        except (ValueError, TypeError) as exc:
            raise CredentialError(f"the stored sync credential is damaged ({type(exc).__name__})") from exc

    def save(self, credentials: Credentials) -> str:
        """Store the credential; returns ``"keyring"`` or the file path."""
        text = credentials.to_json()
        if keystore._keyring_set(self.name, text):
            if self.file_path.exists():
                self.file_path.unlink()
            return "keyring"
        self._write_file(text)
        return str(self.file_path)

    def delete(self) -> None:
        if self.file_path.exists():
            self.file_path.unlink()
        keyring = keystore._usable_keyring()
        if keyring is not None:
            try:
                keyring.delete_password(keystore.KEYRING_SERVICE, self.name)
            except Exception:  # not there, or the keyring is unreachable
                pass

    def _write_file(self, text: str) -> None:
        path = self.file_path
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(path.parent, 0o700)
        tmp = path.with_suffix(".tmp")
        if tmp.exists():
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.replace(tmp, path)


def credential_store_for(db: Database, keys_dir: Path | None = None) -> CredentialStore:
    """The store beside this database's encryption key (same ``keys`` directory)."""
    if keys_dir is None:
        location = db.key_location
        if location and location != "keyring":
            keys_dir = Path(location).parent
        else:
            keys_dir = paths.data_dir() / "keys"
    return CredentialStore(db.database_id, keys_dir)

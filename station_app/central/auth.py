"""Device credentials: enrollment codes, device tokens, and the device (and scope) of a token.

Only SHA-256 digests of codes and tokens are stored.  A token is looked up by its digest
(the lookup itself cannot be timed into revealing a token), and an unknown, revoked or
missing token gets the same ``401 auth.invalid_token``.  Neither codes nor tokens are ever
logged.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from station_app.central.models import CentralStation, Device

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
CODE_HOURS = 72

_devices = Device.__table__  # type: ignore[attr-defined]
_stations = CentralStation.__table__  # type: ignore[attr-defined]


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    """32 random bytes, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode("ascii")


def new_code() -> str:
    """12 characters of :data:`CODE_ALPHABET` (no 0/O, 1/I/L look-alikes)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def show_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalize_code(typed: str) -> str | None:
    """The 12 code characters of what was typed (dashes, spaces, case ignored), or None."""
    code = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


@dataclass(frozen=True)
class DeviceScope:
    device_id: str
    name: str
    kind: str  # "station" | "branch"
    owner_id: str
    station_ids: frozenset[str]
    enrolled_at: datetime

    @property
    def station_id(self) -> str | None:
        """The device's station (None for a branch device)."""
        return self.owner_id if self.kind == "station" else None

    @property
    def read_ids(self) -> frozenset[str]:
        """Owners whose records the device pulls: its stations, plus for a branch device the
        branch itself (the branch officers' own accounts are stored under the branch's id)."""
        return self.station_ids | {self.owner_id} if self.kind == "branch" else self.station_ids

    def scope_json(self) -> dict[str, object]:
        return {"kind": self.kind, "station_ids": sorted(self.station_ids),
                "home_id": self.owner_id}


def scope_station_ids(conn: Connection, kind: str, owner_id: str) -> frozenset[str]:
    if kind == "station":
        return frozenset({owner_id})
    rows = conn.execute(select(_stations.c.id).where(_stations.c.branch_id == owner_id))
    return frozenset(r[0] for r in rows)


def device_for_token(engine: Engine, token: str) -> DeviceScope | None:
    """The live device holding ``token``, or None (unknown and revoked look the same)."""
    digest = sha256_hex(token)
    with engine.connect() as conn:
        row = conn.execute(select(_devices).where(_devices.c.token_sha256 == digest)).first()
        if row is None or row.revoked_at is not None:
            return None
        ids = scope_station_ids(conn, row.scope_kind, row.owner_id)
        conn.rollback()
    return DeviceScope(row.id, row.name, row.scope_kind, row.owner_id, ids, row.enrolled_at)

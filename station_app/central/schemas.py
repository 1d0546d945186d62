"""Request and response bodies of the sync API (docs/sync-protocol.md §2–§4)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_VERSION = 2**62  # fits a BIGINT with room to add


def _plain_text(value: str) -> str:
    """No NUL, other control characters or lone surrogates (PostgreSQL text refuses NUL)."""
    for ch in value:
        code = ord(ch)
        if (code < 32 and ch not in "\t\n\r") or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            raise ValueError("contains control characters or invalid Unicode")
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]
Version = Annotated[int, Field(ge=0, le=MAX_VERSION)]


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    key: PlainText = Field(min_length=1, max_length=200,
                           description='Idempotency key, "<station_id>:<outbox seq>"')
    entity: PlainText = Field(min_length=1, max_length=50)
    entity_id: PlainText = Field(min_length=1, max_length=64)
    op: PlainText = Field(max_length=20,
                          description="insert | update | delete | insert_batch")
    base_version: Version
    version: Version
    hlc: PlainText = Field(default="", max_length=64)
    payload: dict[str, Any]
    body_hash: str = Field(pattern=r"^[0-9a-f]{64}$",
                           description="sha256 hex of the canonical JSON of entity, entity_id, "
                                       "op, base_version, version, payload")


class PushIn(BaseModel):
    device_id: PlainText = Field(min_length=1, max_length=64)
    changes: list[ChangeIn] = Field(max_length=1000)


class Reason(BaseModel):
    code: str
    zh: str
    en: str


class ConflictOut(BaseModel):
    field: str
    kept_value: Any = None
    kept_hlc: str
    lost_value: Any = None
    lost_hlc: str
    lost_side: Literal["incoming"] = Field(
        description='always "incoming": only conflicts the pushing device lost are returned')


class ResultOut(BaseModel):
    key: str
    status: Literal["applied", "duplicate", "merged", "rejected", "key_reused"]
    server_version: int | None = None
    merged: dict[str, Any] | None = None
    conflicts: list[ConflictOut] = Field(default_factory=list)
    reason: Reason | None = None


class PushOut(BaseModel):
    results: list[ResultOut]


class LostValue(BaseModel):
    field: str
    kept_value: Any = None
    kept_hlc: str
    lost_value: Any = None
    lost_hlc: str


class ChangeOut(BaseModel):
    seq: int
    entity: str
    entity_id: str
    version: int
    hlc: str
    payload: dict[str, Any]
    lost: list[LostValue] | None = Field(
        default=None, description="Values the asking device had pushed that this change "
        "overwrote by a concurrent edit (docs/sync-protocol.md §5)")


class ChangesOut(BaseModel):
    changes: list[ChangeOut]
    cursor: int
    more: bool


class EnrollIn(BaseModel):
    code: str = Field(max_length=64, description="XXXX-XXXX-XXXX (dashes optional)")
    device_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    device_name: PlainText = Field(default="", max_length=100)
    app_version: PlainText = Field(default="", max_length=40)
    bound_to: str | None = Field(
        default=None, max_length=64,
        description="A computer already connected: the station (or branch) id it belongs to. "
        "A code for anyone else is refused before the device is touched (enroll.other_station).")


class Scope(BaseModel):
    kind: Literal["station", "branch"]
    station_ids: list[str]
    home_id: str | None = Field(
        default=None, description="The station's id, or the branch's id for a branch device: "
        "the owner of the staff accounts that may log in on the device")


class BranchOut(BaseModel):
    id: str
    code: str
    name: str


class EnrollOut(BaseModel):
    server_id: str
    device_id: str
    token: str
    scope: Scope
    station: dict[str, Any] | None = Field(
        description="The station's record (null for a branch device)")
    branch: BranchOut | None = Field(default=None, description="The branch (branch devices)")
    data_key: str = Field(description="The deployment's field-encryption master key, base64; "
                          "sent only here, once per enrollment")
    data_key_fingerprint: str


class HealthOut(BaseModel):
    status: str
    server_id: str
    protocol: int
    version: str


class WhoamiOut(BaseModel):
    device_id: str
    device_name: str
    scope: Scope
    enrolled_at: datetime
    server_id: str
    server_time: datetime


class ErrorBody(BaseModel):
    error: Reason

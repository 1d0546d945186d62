"""The sync endpoints of docs/sync-protocol.md §2: health, enroll, push, changes, whoami.

Every endpoint except health and enroll needs ``Authorization: Bearer <device token>``.
Handlers are plain functions (FastAPI runs them in its thread pool): the database work is
blocking SQLAlchemy.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import insert, select, text, update
from sqlalchemy.engine import Engine

from station_app import __version__
from station_app.central import datakey, errors
from station_app.central.auth import (
    DeviceScope,
    device_for_token,
    new_token,
    normalize_code,
    scope_station_ids,
    sha256_hex,
)
from station_app.central.db import is_retryable, utcnow, write_tx
from station_app.central.errors import ApiError
from station_app.central.models import Branch, Device, EnrollmentCode
from station_app.central.push import PushHandler
from station_app.central.records import get_record, read_changes
from station_app.central.schemas import (
    MAX_VERSION,
    ChangesOut,
    EnrollIn,
    EnrollOut,
    ErrorBody,
    HealthOut,
    PushIn,
    PushOut,
    WhoamiOut,
)

PROTOCOL = 1
PREFIX = "/api/v1"

router = APIRouter(prefix=PREFIX)

_codes = EnrollmentCode.__table__  # type: ignore[attr-defined]
_devices = Device.__table__  # type: ignore[attr-defined]
_branches = Branch.__table__  # type: ignore[attr-defined]

_UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "auth.invalid_token"}}


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


bearer = HTTPBearer(auto_error=False, description="The device token from /enroll")


def authenticated(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None,
                                         Depends(bearer)]) -> DeviceScope:
    """The device of ``Authorization: Bearer <token>``, or 401 auth.invalid_token."""
    device = None
    if credentials is not None and credentials.scheme.lower() == "bearer" \
            and credentials.credentials:
        device = device_for_token(engine_of(request), credentials.credentials)
    if device is None:
        raise ApiError(401, errors.INVALID_TOKEN, headers={"WWW-Authenticate": "Bearer"})
    return device


AuthedDevice = Annotated[DeviceScope, Depends(authenticated)]


@router.get("/health", response_model=HealthOut,
            responses={503: {"model": ErrorBody, "description": "database unavailable"}})
def health(request: Request) -> dict[str, Any]:
    try:
        with engine_of(request).connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # the online indicator must say "server trouble", not crash
        raise ApiError(503, errors.SERVER_ERROR) from exc
    return {"status": "ok", "server_id": request.app.state.server_id, "protocol": PROTOCOL,
            "version": __version__}


@router.post("/enroll", response_model=EnrollOut,
             responses={400: {"model": ErrorBody, "description": "enroll.code_invalid"},
                        409: {"model": ErrorBody, "description": "enroll.other_station"}})
def enroll(body: EnrollIn, request: Request) -> dict[str, Any]:
    """Trade a one-time enrollment code for a device token (shown once, stored hashed)."""
    code = normalize_code(body.code)
    if code is None:
        raise ApiError(400, errors.CODE_INVALID)
    digest = sha256_hex(code)
    engine = engine_of(request)
    for attempt in range(3):
        token = new_token()
        now = utcnow()
        try:
            with write_tx(engine) as conn:
                claimed = conn.execute(
                    update(_codes)
                    .where(_codes.c.code_sha256 == digest, _codes.c.used_at.is_(None),
                           _codes.c.expires_at > now)
                    .values(used_at=now, used_by_device=body.device_id)
                    .returning(_codes.c.scope_kind, _codes.c.owner_id)).first()
                if claimed is None:
                    raise ApiError(400, errors.CODE_INVALID)
                kind, owner = claimed.scope_kind, claimed.owner_id
                if body.bound_to and body.bound_to != owner:
                    # Refused before the device row changes (the transaction rolls back, so
                    # the code stays unused and the computer's token keeps working).
                    raise ApiError(409, errors.OTHER_STATION)
                values = {"scope_kind": kind, "owner_id": owner, "name": body.device_name,
                          "app_version": body.app_version, "token_sha256": sha256_hex(token),
                          "enrolled_at": now, "revoked_at": None}
                known = conn.execute(select(_devices.c.id)
                                     .where(_devices.c.id == body.device_id)).first()
                if known is None:
                    conn.execute(insert(_devices).values(id=body.device_id, **values))
                else:  # enrolling again (a new code from the admin) replaces the old token
                    conn.execute(update(_devices).where(_devices.c.id == body.device_id)
                                 .values(**values))
                station_ids = scope_station_ids(conn, kind, owner)
                record = get_record(conn, "station", owner) if kind == "station" else None
                branch = None
                if kind == "branch":
                    found = conn.execute(select(_branches.c.id, _branches.c.code, _branches.c.name)
                                         .where(_branches.c.id == owner)).first()
                    branch = dict(found._mapping) if found is not None else None
            break
        except ApiError:
            raise
        except Exception as exc:
            if attempt < 2 and is_retryable(exc):
                continue
            raise
    data_key = request.app.state.data_key
    return {"server_id": request.app.state.server_id, "device_id": body.device_id,
            "token": token,
            "scope": {"kind": kind, "station_ids": sorted(station_ids), "home_id": owner},
            "station": record.payload if record is not None else None, "branch": branch,
            "data_key": base64.b64encode(data_key).decode("ascii"),
            "data_key_fingerprint": datakey.fingerprint(data_key)}


@router.post("/push", response_model=PushOut, responses={
    **_UNAUTHORIZED,
    400: {"model": ErrorBody, "description": "push.device_mismatch, request.bad_encoding"},
    413: {"model": ErrorBody, "description": "request.too_large"}})
def push(body: PushIn, request: Request, device: AuthedDevice) -> dict[str, Any]:
    """Apply outbox entries in order; one result per change, in the same order (§3)."""
    if body.device_id != device.device_id:
        raise ApiError(400, errors.DEVICE_MISMATCH)
    handler = PushHandler(engine_of(request), device)
    return {"results": [handler.handle(change) for change in body.changes]}


@router.get("/changes", response_model=ChangesOut, responses=_UNAUTHORIZED)
def changes(request: Request, device: AuthedDevice,
            after: Annotated[int, Query(ge=0, le=MAX_VERSION)] = 0,
            limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> dict[str, Any]:
    """The change feed after ``after``: the device's stations' rows and shared rows (§4)."""
    with engine_of(request).connect() as conn:
        page, more = read_changes(conn, device.read_ids, after, limit,
                                    device_id=device.device_id)
        conn.rollback()
    cursor = page[-1]["seq"] if page else after
    return {"changes": page, "cursor": cursor, "more": more}


@router.get("/whoami", response_model=WhoamiOut, responses=_UNAUTHORIZED)
def whoami(request: Request, device: AuthedDevice) -> dict[str, Any]:
    return {"device_id": device.device_id, "device_name": device.name,
            "scope": device.scope_json(), "enrolled_at": device.enrolled_at,
            "server_id": request.app.state.server_id, "server_time": utcnow()}

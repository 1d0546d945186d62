"""Tables of the central server's database.

They live in their own SQLAlchemy registry (:class:`CentralModel`), never in the station
database's ``SQLModel.metadata``: the station's migrations are compared with that metadata
exactly, and the server has its own Alembic environment (``central/migrations``).

The server does not mirror each station table.  :class:`SyncRecord` is a generic record
store: one row per synced record (``entity`` + ``entity_id``), the row as stored in
``payload`` (validated with the station's SQLModel class of that entity on the way in).
``station_id`` is NULL for shared catalogue rows (the payload then carries ``""``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, SmallInteger, String
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

# Every server table in one metadata object, separate from the station's SQLModel.metadata.
central_registry = registry()


class CentralModel(SQLModel, registry=central_registry):
    pass


metadata = central_registry.metadata


class ServerMeta(CentralModel, table=True):
    """Facts about this server: ``server_id`` (made by the first migration)."""

    __tablename__ = "server_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)


class ChangeCounter(CentralModel, table=True):
    """One row (id 1): the last ``change_log.seq`` handed out.

    Writers take ``seq`` from here with ``UPDATE … RETURNING`` in the transaction that appends
    to ``change_log``; the row lock serialises them until commit, so change-log rows become
    visible in ``seq`` order and a reader never skips a row committed later with a lower seq.
    """

    __tablename__ = "change_counter"
    id: int = Field(sa_column=Column(SmallInteger, primary_key=True, autoincrement=False))
    last_seq: int = Field(sa_column=Column(BigInteger, nullable=False))


class Branch(CentralModel, table=True):
    """支行: a bank branch; its devices see every station assigned to it."""

    __tablename__ = "branch"
    id: str = Field(primary_key=True, max_length=36)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100)
    created_at: datetime


class CentralStation(CentralModel, table=True):
    """A village service station known to the server (its syncable row is a SyncRecord)."""

    __tablename__ = "station"
    id: str = Field(primary_key=True, max_length=36)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100)
    county: str = Field(max_length=50)
    branch_id: str | None = Field(default=None, foreign_key="branch.id", index=True,
                                  max_length=36)
    is_demo: bool = Field(default=False)
    created_at: datetime


class Device(CentralModel, table=True):
    """An enrolled device: one station's PC or one branch's PC."""

    __tablename__ = "device"
    id: str = Field(primary_key=True, max_length=64)  # the client's local_meta.device_id
    scope_kind: str = Field(max_length=10)  # "station" | "branch"
    owner_id: str = Field(max_length=36, index=True)  # station.id or branch.id
    name: str = Field(default="", max_length=100)
    app_version: str = Field(default="", max_length=40)
    token_sha256: str = Field(max_length=64, unique=True)
    enrolled_at: datetime
    revoked_at: datetime | None = Field(default=None)


class EnrollmentCode(CentralModel, table=True):
    """A one-time enrollment code; only its SHA-256 is kept."""

    __tablename__ = "enrollment_code"
    code_sha256: str = Field(primary_key=True, max_length=64)
    scope_kind: str = Field(max_length=10)
    owner_id: str = Field(max_length=36)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = Field(default=None)
    used_by_device: str | None = Field(default=None, max_length=64)


class SyncRecord(CentralModel, table=True):
    """Every synced row of every station (and the shared catalogue), one row per record."""

    __tablename__ = "sync_record"
    __table_args__ = (Index("ix_sync_record_station_entity", "station_id", "entity"),)
    entity: str = Field(primary_key=True, max_length=50)
    entity_id: str = Field(primary_key=True, max_length=36)
    station_id: str | None = Field(default=None, max_length=36)
    version: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_hlc: str = Field(max_length=64)
    updated_hlc: str = Field(max_length=64)
    deleted: bool = Field(default=False)
    field_clock: dict[str, Any] = Field(default_factory=dict,
                                        sa_column=Column(JSON, nullable=False))
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_by_device: str | None = Field(default=None, max_length=64)
    updated_at: datetime


class ChangeLog(CentralModel, table=True):
    """The change feed: every applied or merged write, the whole row as stored."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_station_seq", "station_id", "seq"),)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    entity: str = Field(max_length=50)
    entity_id: str = Field(max_length=36)
    station_id: str | None = Field(default=None, max_length=36)
    version: int = Field(sa_column=Column(BigInteger, nullable=False))
    hlc: str = Field(max_length=64)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    at: datetime


class Idempotency(CentralModel, table=True):
    """(key, hash of body, result) of every applied, duplicate-able push change."""

    __tablename__ = "idempotency"
    key: str = Field(sa_column=Column(String(200), primary_key=True))
    device_id: str = Field(max_length=64)
    body_hash: str = Field(max_length=64)
    result: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    at: datetime


class ConflictLog(CentralModel, table=True):
    """A field value that lost a merge (either side's), so a person can restore it."""

    __tablename__ = "conflict_log"
    __table_args__ = (Index("ix_conflict_log_record", "entity", "entity_id"),)
    id: str = Field(primary_key=True, max_length=36)
    entity: str = Field(max_length=50)
    entity_id: str = Field(max_length=36)
    station_id: str | None = Field(default=None, index=True, max_length=36)
    field: str = Field(max_length=64)
    kept_value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    kept_hlc: str = Field(max_length=64)
    lost_value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    lost_hlc: str = Field(max_length=64)
    lost_side: str = Field(max_length=10)  # "incoming" (the pushing device's) or "current"
    incoming_device_id: str = Field(max_length=64)
    incoming_station_id: str | None = Field(default=None, max_length=36)
    current_device_id: str | None = Field(default=None, max_length=64)
    server_version: int = Field(sa_column=Column(BigInteger, nullable=False))
    at: datetime
    resolved: bool = Field(default=False)


class SecurityEvent(CentralModel, table=True):
    """A refused attempt to touch data outside a device's scope (who, when, what)."""

    __tablename__ = "security_event"
    id: str = Field(primary_key=True, max_length=36)
    at: datetime = Field(index=True)
    kind: str = Field(max_length=40)  # e.g. "scope.denied"
    device_id: str = Field(max_length=64, index=True)
    scope_kind: str = Field(max_length=10)
    owner_id: str = Field(max_length=36)
    entity: str = Field(max_length=50)
    entity_id: str = Field(max_length=64)
    target_station_id: str | None = Field(default=None, max_length=36)
    op: str = Field(max_length=20)
    idempotency_key: str = Field(max_length=200)


TABLES = (ServerMeta, ChangeCounter, Branch, CentralStation, Device, EnrollmentCode,
          SyncRecord, ChangeLog, Idempotency, ConflictLog, SecurityEvent)

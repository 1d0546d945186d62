"""Digital-skills training sessions (数字技能培训) and who attended them.

Recording needs ``SALES_WRITE`` (the permission for shops, sales, planting and training);
reading needs ``FARMER_READ``.  Every write goes through :mod:`station_app.services.writes`.

Attendance is one row per (session, farmer).  Removing a farmer soft-deletes the row;
ticking the farmer again un-deletes that same row (never a second one).  "Live" attendance
means a row that is not deleted, of a farmer who is not deleted: rows of a farmer deleted
from the registry are neither listed, counted, nor changed by :func:`set_attendance`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from sqlmodel import Session, col, func, select

from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.domain.training import (
    SessionInput,
    TrainingSummary,
    summarize,
    summary_window,
    validate_session,
)
from station_app.services import writes
from station_app.services.context import Actor, ServiceContext
from station_app.services.errors import NotFound, ValidationFailed
from station_app.store.models import Farmer, TrainingAttendance, TrainingSession

__all__ = [
    "SessionRow",
    "Attendee",
    "AttendanceResult",
    "FarmerTraining",
    "EDITABLE_FIELDS",
    "create_session",
    "update_session",
    "delete_session",
    "get_session",
    "list_sessions",
    "set_attendance",
    "attendees",
    "trainings_of_farmer",
    "training_summary",
]

EDITABLE_FIELDS = ("held_on", "topic", "tutor_name", "location", "duration_minutes", "notes")
_CHUNK = 500  # ids per IN (...) list
_NOT_FOUND = Message("training.not_found", "找不到这次培训，可能已经被删除了。",
                     "This training session was not found; it may have been deleted.")


@dataclass(frozen=True)
class SessionRow:
    """One line of the session list (``version`` is the base for edits and deletes)."""

    id: str
    version: int
    held_on: date
    topic: str
    tutor_name: str
    location: str
    duration_minutes: int
    notes: str
    attendees: int


@dataclass(frozen=True)
class Attendee:
    farmer_id: str
    name: str
    village: str
    resident_id_masked: str  # masked only (e.g. 610326********1234), for telling namesakes apart


@dataclass(frozen=True)
class AttendanceResult:
    added: int  # newly inserted or re-added
    removed: int
    attending: int  # live attendance after the change


@dataclass(frozen=True)
class FarmerTraining:
    """A session a farmer attended (the farmer page's training list)."""

    session_id: str
    held_on: date
    topic: str
    tutor_name: str
    duration_minutes: int
    location: str


# --------------------------------------------------------------------------- helpers

def _live(model: Any) -> Any:
    return model.deleted == False  # noqa: E712


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _load_session(session: Session, session_id: str) -> TrainingSession:
    found = session.get(TrainingSession, session_id)
    if found is None or found.deleted:
        raise NotFound(_NOT_FOUND)
    return found


def _row(obj: TrainingSession, count: int) -> SessionRow:
    return SessionRow(obj.id, obj.version, obj.held_on, obj.topic, obj.tutor_name, obj.location,
                      obj.duration_minutes, obj.notes, count)


def _checked(inp: SessionInput) -> SessionInput:
    errors = validate_session(inp, today=date.today())
    if errors:
        raise ValidationFailed(errors)
    return inp.cleaned()


def _tutor_user_id(actor: Actor, tutor_name: str) -> str:
    """The tutor's account when the session is recorded by the tutor; "" for someone else
    (a county trainer, a bank colleague)."""
    return actor.user_id if tutor_name == actor.display_name.strip() else ""


def _attendee_counts(session: Session, session_ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for chunk in _chunks(session_ids):
        rows = session.exec(
            select(TrainingAttendance.session_id, func.count())
            .join(Farmer, col(Farmer.id) == col(TrainingAttendance.farmer_id))
            .where(col(TrainingAttendance.session_id).in_(chunk), _live(TrainingAttendance),
                   _live(Farmer))
            .group_by(TrainingAttendance.session_id))
        counts.update({sid: n for sid, n in rows})
    return counts


# --------------------------------------------------------------------------- sessions

def create_session(ctx: ServiceContext, *, held_on: date | None, topic: str,
                   tutor_name: str | None = None, location: str = "",
                   duration_minutes: int = 0, notes: str = "") -> str:
    """Record a training session; returns its id.  ``tutor_name`` defaults to the name of
    the staff member recording it."""
    actor = ctx.require(Permission.SALES_WRITE)
    inp = _checked(SessionInput(held_on, topic, actor.display_name if tutor_name is None
                                else tutor_name, location, duration_minutes, notes))
    assert inp.held_on is not None  # validated
    with ctx.db.session() as session:
        obj = TrainingSession(
            station_id=actor.station_id, held_on=inp.held_on, topic=inp.topic,
            tutor_user_id=_tutor_user_id(actor, inp.tutor_name), tutor_name=inp.tutor_name,
            location=inp.location, duration_minutes=inp.duration_minutes, notes=inp.notes,
            created_hlc="", updated_hlc="")
        writes.insert(session, ctx.db, actor, obj)
    return obj.id


def update_session(ctx: ServiceContext, session_id: str, base_version: int,
                   **changes: Any) -> writes.Changes | None:
    """Change some of :data:`EDITABLE_FIELDS`; None when nothing actually changed.  Raises
    StaleVersion if the session changed since ``base_version`` was read."""
    actor = ctx.require(Permission.SALES_WRITE)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_session() cannot change {sorted(unknown)}")
    with ctx.db.session() as session:
        obj = _load_session(session, session_id)
        current = {name: getattr(obj, name) for name in EDITABLE_FIELDS}
        inp = _checked(SessionInput(**{**current, **changes}))
        values: dict[str, Any] = {name: getattr(inp, name) for name in EDITABLE_FIELDS}
        if inp.tutor_name != obj.tutor_name:
            values["tutor_user_id"] = _tutor_user_id(actor, inp.tutor_name)
        return writes.update(session, ctx.db, actor, obj, values, base_version=base_version)


def delete_session(ctx: ServiceContext, session_id: str, base_version: int) -> None:
    """Soft-delete the session and its attendance, in one transaction."""
    actor = ctx.require(Permission.SALES_WRITE)
    with ctx.db.session() as session:
        obj = _load_session(session, session_id)
        writes.soft_delete(session, ctx.db, actor, obj, base_version=base_version)
        rows = session.exec(select(TrainingAttendance).where(
            TrainingAttendance.session_id == session_id, _live(TrainingAttendance))).all()
        for row in rows:
            writes.soft_delete(session, ctx.db, actor, row, base_version=row.version)


def get_session(ctx: ServiceContext, session_id: str) -> SessionRow:
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        obj = _load_session(session, session_id)
        return _row(obj, _attendee_counts(session, [obj.id]).get(obj.id, 0))


def list_sessions(ctx: ServiceContext, *, since: date | None = None,
                  limit: int = 500) -> list[SessionRow]:
    """Live sessions held on or after ``since`` (all without it), newest first, at most
    ``limit``, each with its number of attendees."""
    ctx.require(Permission.FARMER_READ)
    query = select(TrainingSession).where(_live(TrainingSession))
    if since is not None:
        query = query.where(TrainingSession.held_on >= since)
    query = query.order_by(col(TrainingSession.held_on).desc(),
                           col(TrainingSession.created_hlc).desc()).limit(max(0, int(limit)))
    with Session(ctx.db.engine) as session:
        found = list(session.exec(query))
        counts = _attendee_counts(session, [s.id for s in found])
    return [_row(s, counts.get(s.id, 0)) for s in found]


# --------------------------------------------------------------------------- attendance

def set_attendance(ctx: ServiceContext, session_id: str,
                   farmer_ids: Iterable[str]) -> AttendanceResult:
    """Make the session's live attendance exactly ``farmer_ids``, in one transaction: new
    farmers are inserted, farmers no longer listed are soft-deleted, farmers ticked again
    get their old row back.  Unknown or deleted farmers are refused (nothing is saved)."""
    actor = ctx.require(Permission.SALES_WRITE)
    wanted = {fid.strip() for fid in farmer_ids if fid and fid.strip()}
    with ctx.db.session() as session:
        _load_session(session, session_id)
        live_farmers: set[str] = set()
        for chunk in _chunks(sorted(wanted)):
            live_farmers.update(session.exec(select(Farmer.id).where(
                col(Farmer.id).in_(chunk), _live(Farmer))))
        missing = wanted - live_farmers
        if missing:
            raise ValidationFailed({"attendees": [Message(
                "training.unknown_farmer",
                f"有 {len(missing)} 位农户找不到或已被删除，请重新搜索后再勾选。",
                f"{len(missing)} farmer(s) could not be found or were deleted; "
                "search again and tick them anew.")]})
        rows = session.exec(
            select(TrainingAttendance, Farmer.deleted)
            .join(Farmer, col(Farmer.id) == col(TrainingAttendance.farmer_id))
            .where(TrainingAttendance.session_id == session_id)).all()
        added = removed = 0
        present: set[str] = set()
        for row, farmer_deleted in rows:
            present.add(row.farmer_id)
            if farmer_deleted:
                continue  # left alone: not shown, not counted
            if row.farmer_id in wanted and row.deleted:
                writes.update(session, ctx.db, actor, row, {"deleted": False},
                              base_version=row.version, action="restore")
                added += 1
            elif row.farmer_id not in wanted and not row.deleted:
                writes.soft_delete(session, ctx.db, actor, row, base_version=row.version)
                removed += 1
        for farmer_id in sorted(wanted - present):
            writes.insert(session, ctx.db, actor, TrainingAttendance(
                station_id=actor.station_id, session_id=session_id, farmer_id=farmer_id,
                created_hlc="", updated_hlc=""))
            added += 1
    return AttendanceResult(added, removed, len(wanted))


def attendees(ctx: ServiceContext, session_id: str) -> list[Attendee]:
    """Who attended (live attendance), by pinyin initials.  Names and villages come from the
    farmer table; ID numbers only masked."""
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        _load_session(session, session_id)
        rows = session.exec(
            select(Farmer.id, Farmer.name, Farmer.village, Farmer.resident_id_masked)
            .join(TrainingAttendance, col(TrainingAttendance.farmer_id) == col(Farmer.id))
            .where(TrainingAttendance.session_id == session_id, _live(TrainingAttendance),
                   _live(Farmer))
            .order_by(Farmer.name_initials, Farmer.name, Farmer.id)).all()
    return [Attendee(*row) for row in rows]


def _attended(session: Session, farmer_id: str) -> list[TrainingSession]:
    return list(session.exec(
        select(TrainingSession)
        .join(TrainingAttendance, col(TrainingAttendance.session_id) == col(TrainingSession.id))
        .where(TrainingAttendance.farmer_id == farmer_id, _live(TrainingAttendance),
               _live(TrainingSession))
        .order_by(col(TrainingSession.held_on).desc(), col(TrainingSession.created_hlc).desc())))


def trainings_of_farmer(ctx: ServiceContext, farmer_id: str) -> list[FarmerTraining]:
    """The live sessions the farmer attended, newest first."""
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        found = _attended(session, farmer_id)
    return [FarmerTraining(s.id, s.held_on, s.topic, s.tutor_name, s.duration_minutes,
                           s.location) for s in found]


def training_summary(ctx: ServiceContext, farmer_id: str,
                     as_of: date | None = None) -> TrainingSummary:
    """Sessions attended and their total length in the 12 months ending on ``as_of``
    (today): see :mod:`station_app.domain.training` for the window."""
    ctx.require(Permission.FARMER_READ)
    as_of = as_of or date.today()
    first, last = summary_window(as_of)
    with Session(ctx.db.engine) as session:
        found = [s for s in _attended(session, farmer_id) if first <= s.held_on <= last]
    return summarize(((s.held_on, s.duration_minutes) for s in found), as_of=as_of)

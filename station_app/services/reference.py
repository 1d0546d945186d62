"""Reference data the station admin may edit (for now the crop calendar, DOMAIN.md §4).

The crop calendar ships as ``resources/reference/crops.json``.  When the admin saves an edited
calendar it is stored as one live :class:`ReferenceDoc` row of kind ``crop_calendar`` (the
whole document as JSON, in the file layout of :func:`dump_calendar`), which syncs like any
other record.  That row, when there is one, is the calendar in use; resetting soft-deletes it
and the shipped file applies again.

Rules of a save (docs/crop-calendar.md, "Editing the calendar"):

* only a role with ``Permission.PRODUCT_MANAGE`` (the admin) may save or reset;
* the whole calendar must pass :func:`load_calendar`; otherwise nothing is stored and the
  calendar in use stays as it was;
* its ``version`` must be above every version this station has used so far (the shipped file
  and every stored edit, also ones reset since), so a season's ``calendar_version`` always
  names one set of figures; :attr:`CalendarInfo.next_version` is the lowest allowed;
* a crop that live planting seasons use may not disappear (neither by a save nor a reset).

:func:`active_calendar` is called often (the season form), so its result is cached per
database, keyed by the live row's id, version and clock: a save, a reset or a synced change
makes a new key, and no explicit invalidation is needed.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

from sqlmodel import Session, col, func, select

from station_app import paths
from station_app.domain.crops import CalendarError, CropCalendar, dump_calendar, load_calendar
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.services import writes
from station_app.services.context import ServiceContext
from station_app.services.errors import ValidationFailed
from station_app.store.db import Database
from station_app.store.models import AuditEntry, PlantingSeason, ReferenceDoc, User

__all__ = [
    "CROP_CALENDAR",
    "CalendarInfo",
    "active_calendar",
    "calendar_info",
    "calendar_source",
    "reset_calendar",
    "save_calendar",
    "shipped_calendar",
    "shipped_calendar_path",
]

log = logging.getLogger(__name__)

CROP_CALENDAR = "crop_calendar"  # ReferenceDoc.kind of the crop calendar
SHIPPED = "shipped"
EDITED = "edited"

_lock = threading.Lock()
_shipped: dict[Path, CropCalendar] = {}
# database_id -> (id, version, updated_hlc of the live row or None, calendar in use, source)
_active: dict[str, tuple[tuple[str, int, str] | None, CropCalendar, str]] = {}


# --------------------------------------------------------------------------- reading

def shipped_calendar_path() -> Path:
    return paths.resources_dir() / "reference" / "crops.json"


def shipped_calendar() -> CropCalendar:
    """The calendar shipped with the app (read and checked once per process).

    A broken shipped file is a packaging fault: its :class:`CalendarError` propagates.
    """
    path = shipped_calendar_path()
    with _lock:
        calendar = _shipped.get(path)
    if calendar is None:
        calendar = load_calendar(path)
        with _lock:
            _shipped[path] = calendar
    return calendar


def _live_row(session: Session) -> ReferenceDoc | None:
    return session.exec(select(ReferenceDoc).where(
        ReferenceDoc.kind == CROP_CALENDAR, ReferenceDoc.deleted == False)  # noqa: E712
    ).first()


def _parse_body(row: ReferenceDoc) -> CropCalendar | None:
    """The stored calendar, or None (with a warning in the log) when it does not pass."""
    try:
        return load_calendar(json.loads(row.body))
    except (CalendarError, ValueError, TypeError) as exc:
        problems = exc.messages if isinstance(exc, CalendarError) else [str(exc)]
        log.warning("stored crop calendar %s (version %s) is not valid, using the shipped "
                    "calendar instead: %s", row.id, row.doc_version,
                    "; ".join(getattr(m, "en", str(m)) for m in problems[:5]))
        return None


def _resolve(db: Database, session: Session | None = None) -> tuple[CropCalendar, str]:
    """(calendar in use, "shipped" | "edited"), through the per-database cache."""
    if session is None:
        with Session(db.engine) as own:
            return _resolve(db, own)
    head = session.exec(select(ReferenceDoc.id, ReferenceDoc.version,
                               ReferenceDoc.updated_hlc).where(
        ReferenceDoc.kind == CROP_CALENDAR, ReferenceDoc.deleted == False)  # noqa: E712
    ).first()
    key = (head[0], head[1], head[2]) if head is not None else None
    with _lock:
        cached = _active.get(db.database_id)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    calendar, source = None, SHIPPED
    if key is not None:
        row = session.get(ReferenceDoc, key[0])
        if row is not None and not row.deleted:
            key = (row.id, row.version, row.updated_hlc)
            calendar = _parse_body(row)
            source = EDITED if calendar is not None else SHIPPED
    if calendar is None:
        calendar = shipped_calendar()
    with _lock:
        _active[db.database_id] = (key, calendar, source)
    return calendar, source


def active_calendar(db: Database) -> CropCalendar:
    """The crop calendar in use: the admin's edited one if stored (and valid), else the
    shipped file.  Cheap to call repeatedly (one small query when nothing changed)."""
    return _resolve(db)[0]


def calendar_source(db: Database) -> str:
    """``"edited"`` when the admin's stored calendar is in use, else ``"shipped"``."""
    return _resolve(db)[1]


@dataclass(frozen=True)
class CalendarInfo:
    """What the calendar screen says about the calendar in use."""

    source: str  # "shipped" | "edited"
    version: int  # version of the calendar in use
    next_version: int  # the lowest version a save may carry
    changed_at: datetime | None  # last save or reset at this station (UTC), if known
    changed_by: str  # who did it (display name, else user name); "" if unknown
    last_action: str  # "save" | "reset" | "" (unknown / never edited)
    stored_invalid: bool  # a stored edit failed validation, so the shipped one is in use


def _highest_version(session: Session) -> int:
    stored = session.exec(select(func.max(ReferenceDoc.doc_version)).where(
        ReferenceDoc.kind == CROP_CALENDAR)).one()
    return max(shipped_calendar().version, stored or 0)


def calendar_info(db: Database) -> CalendarInfo:
    """The source and version in use, the next version to save, and the last change."""
    with Session(db.engine) as session:
        calendar, source = _resolve(db, session)
        highest = _highest_version(session)
        live = _live_row(session)
        ids = list(session.exec(select(ReferenceDoc.id).where(
            ReferenceDoc.kind == CROP_CALENDAR)))
        entry = session.exec(
            select(AuditEntry).where(col(AuditEntry.entity) == "reference_doc",
                                     col(AuditEntry.entity_id).in_(ids),
                                     col(AuditEntry.action).in_(("create", "update", "delete")))
            .order_by(col(AuditEntry.seq).desc())).first() if ids else None
        who = ""
        if entry is not None:
            user = session.get(User, entry.user_id) if entry.user_id else None
            who = (user.display_name if user is not None else "") or entry.username
    return CalendarInfo(
        source=source, version=calendar.version, next_version=highest + 1,
        changed_at=entry.at if entry else None, changed_by=who,
        last_action=("" if entry is None else "reset" if entry.action == "delete" else "save"),
        stored_invalid=live is not None and source == SHIPPED)


# --------------------------------------------------------------------------- writing

def _seasons_by_crop(session: Session) -> dict[str, int]:
    rows = session.exec(select(PlantingSeason.crop_code, func.count()).where(
        PlantingSeason.deleted == False)  # noqa: E712
        .group_by(PlantingSeason.crop_code)).all()
    return {code: count for code, count in rows}


def _crops_in_use(session: Session, current: CropCalendar, kept: CropCalendar) -> list[Message]:
    """A message for each crop of ``current`` that ``kept`` drops while seasons use it."""
    used = _seasons_by_crop(session)
    messages = []
    for code, crop in current.crops.items():
        count = used.get(code, 0)
        if count and code not in kept:
            messages.append(Message(
                "calendar.crop_in_use",
                f"不能去掉作物“{crop.name_zh}”（代码 {code}）：还有 {count} 个种植季在用它。"
                "请保留这种作物，或者先把这些种植季改成别的作物",
                f"The crop “{crop.name_en}” (code {code}) cannot be removed: {count} planting "
                f"season(s) use it. Keep the crop, or first change those seasons to another crop"))
    return messages


def save_calendar(ctx: ServiceContext, data: Mapping[str, Any]) -> CropCalendar:
    """Store an edited crop calendar (the file layout, e.g. from :func:`dump_calendar`).

    Raises ValidationFailed with every problem under ``"calendar"``; then nothing is stored
    and the calendar in use stays as it was.  Returns the calendar now in use.
    """
    actor = ctx.require(Permission.PRODUCT_MANAGE)
    try:
        parsed = load_calendar(data)
    except CalendarError as exc:
        raise ValidationFailed({"calendar": exc.messages}) from exc
    body = json.dumps(dump_calendar(parsed), ensure_ascii=False)
    with ctx.db.session() as session:
        current, _source = _resolve(ctx.db, session)
        problems = _crops_in_use(session, current, parsed)
        highest = _highest_version(session)
        if parsed.version <= highest:
            problems.insert(0, Message(
                "calendar.version_not_raised",
                f"版本号要比这个站点用过的最高版本（第 {highest} 版）大，"
                f"请改成 {highest + 1} 或更大的数，现在是 {parsed.version}",
                f"The version must be above the highest version this station has used "
                f"({highest}); make it {highest + 1} or more (it is {parsed.version})"))
        if problems:
            raise ValidationFailed({"calendar": problems})
        row = _live_row(session)
        if row is None:
            writes.insert(session, ctx.db, actor, ReferenceDoc(
                station_id=actor.station_id, kind=CROP_CALENDAR, doc_version=parsed.version,
                body=body, created_hlc="", updated_hlc=""))
        else:
            writes.update(session, ctx.db, actor, row,
                          {"doc_version": parsed.version, "body": body},
                          base_version=row.version)
    return active_calendar(ctx.db)


def reset_calendar(ctx: ServiceContext) -> CropCalendar:
    """Go back to the shipped calendar (soft-deletes the stored one; a no-op if none).

    Refused, like a save, when a crop that only the edited calendar has is in use.
    """
    actor = ctx.require(Permission.PRODUCT_MANAGE)
    shipped = shipped_calendar()
    with ctx.db.session() as session:
        row = _live_row(session)
        if row is None:
            return shipped
        current, _source = _resolve(ctx.db, session)
        problems = _crops_in_use(session, current, shipped)
        if problems:
            raise ValidationFailed({"calendar": problems})
        writes.soft_delete(session, ctx.db, actor, row, base_version=row.version,
                           reason="back to the shipped crop calendar")
    return active_calendar(ctx.db)


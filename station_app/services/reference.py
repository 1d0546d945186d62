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
makes a new key, and no explicit invalidation is needed.  That bookkeeping (live row, cache,
versions, last change) is shared with the loan products in :mod:`.refdocs`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Mapping

from sqlmodel import Session, func, select

from station_app import paths
from station_app.domain.crops import CalendarError, CropCalendar, dump_calendar, load_calendar
from station_app.domain.messages import Message
from station_app.services.context import ServiceContext
from station_app.services.refdocs import EDITED, SHIPPED, DocInfo, EditableDoc
from station_app.store.db import Database
from station_app.store.models import PlantingSeason

__all__ = [
    "CROP_CALENDAR",
    "EDITED",
    "SHIPPED",
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


# --------------------------------------------------------------------------- reading

def shipped_calendar_path() -> Path:
    return paths.resources_dir() / "reference" / "crops.json"


def _calendar_problems(exc: ValueError) -> list[Any]:
    return exc.messages if isinstance(exc, CalendarError) else [str(exc)]


_DOC: EditableDoc[CropCalendar] = EditableDoc(
    CROP_CALENDAR, shipped_path=shipped_calendar_path, load_file=load_calendar,
    parse=load_calendar, problems=_calendar_problems, version_of=lambda c: c.version, log=log,
    what="crop calendar", error=CalendarError, dump=dump_calendar, field="calendar")


def shipped_calendar() -> CropCalendar:
    """The calendar shipped with the app (read and checked once per process).

    A broken shipped file is a packaging fault: its :class:`CalendarError` propagates.
    """
    return _DOC.shipped()


def _resolve(db: Database, session: Session | None = None) -> tuple[CropCalendar, str]:
    """(calendar in use, "shipped" | "edited"), through the per-database cache."""
    return _DOC.resolve(db, session)


def active_calendar(db: Database) -> CropCalendar:
    """The crop calendar in use: the admin's edited one if stored (and valid), else the
    shipped file.  Cheap to call repeatedly (one small query when nothing changed)."""
    return _resolve(db)[0]


def calendar_source(db: Database) -> str:
    """``"edited"`` when the admin's stored calendar is in use, else ``"shipped"``."""
    return _resolve(db)[1]


CalendarInfo = DocInfo  # what the calendar screen says about the calendar in use


def calendar_info(db: Database) -> CalendarInfo:
    """The source and version in use, the next version to save, and the last change."""
    return _DOC.info(db)


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
    return _DOC.save(ctx, data, _crops_in_use)


def reset_calendar(ctx: ServiceContext) -> CropCalendar:
    """Go back to the shipped calendar (soft-deletes the stored one; a no-op if none).

    Refused, like a save, when a crop that only the edited calendar has is in use.
    """
    return _DOC.reset(ctx, _crops_in_use, reason="back to the shipped crop calendar")

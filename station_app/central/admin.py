"""What the central administrator does from the command line (``station-central …``).

Records the admin makes (a station's own row, staff accounts, shared catalogue documents,
shared daily weather) are ordinary sync records: they go through the record store and the
change feed, so they sync down to the stations.  Their HLC stamps come from a clock whose node is this server.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from station_app.central import auth
from station_app.central.db import server_id, utcnow, write_tx
from station_app.central.models import Branch, CentralStation, Device, EnrollmentCode
from station_app.central.push import validate_row
from station_app.central.records import (
    SHARED,
    get_record,
    insert_records,
    log_changes,
    records,
    update_record,
)
from station_app.domain.crops import CalendarError, dump_calendar, load_calendar
from station_app.domain.hlc import HybridLogicalClock
from station_app.domain.roles import Role
from station_app.domain.weather import (
    WeatherProblem,
    is_weather_station_id,
    parse_weather_csv,
    to_tenths,
    weather_day_id,
)
from station_app.services.auth import hash_password, password_problems
from station_app.store.models import ReferenceDoc, Station, User, WeatherDay, new_id

_branches = Branch.__table__  # type: ignore[attr-defined]
_stations = CentralStation.__table__  # type: ignore[attr-defined]
_devices = Device.__table__  # type: ignore[attr-defined]
_codes = EnrollmentCode.__table__  # type: ignore[attr-defined]

CROP_CALENDAR = "crop_calendar"
_KIND = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class AdminError(Exception):
    """A refusal with a plain sentence for the administrator."""


def server_clock(engine: Engine) -> HybridLogicalClock:
    return HybridLogicalClock(server_id(engine).replace("-", "")[:12])


def _store_new(engine: Engine, entity: str, row: Mapping[str, Any]) -> None:
    with write_tx(engine) as conn:
        insert_records(conn, entity, [row], None)
        log_changes(conn, [(entity, row)])


# --------------------------------------------------------------------------- branches, stations

def create_branch(engine: Engine, *, code: str, name: str) -> str:
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise AdminError("branch code and name are required")
    branch_id = new_id()
    try:
        with write_tx(engine) as conn:
            conn.execute(insert(_branches).values(id=branch_id, code=code, name=name,
                                                  created_at=utcnow()))
    except IntegrityError as exc:
        raise AdminError(f"a branch with code {code!r} exists already") from exc
    return branch_id


def _branch_id(engine: Engine, code: str) -> str:
    with engine.connect() as conn:
        found = conn.execute(select(_branches.c.id).where(_branches.c.code == code)).scalar()
    if found is None:
        raise AdminError(f"no branch with code {code!r}")
    return str(found)


def station_id_for(engine: Engine, code: str) -> str:
    with engine.connect() as conn:
        found = conn.execute(select(_stations.c.id).where(_stations.c.code == code)).scalar()
    if found is None:
        raise AdminError(f"no station with code {code!r}")
    return str(found)


def create_station(engine: Engine, *, code: str, name: str, county: str, province: str = "",
                   county_code: str = "", branch_code: str | None = None,
                   is_demo: bool = False) -> str:
    """The station (server table) and its syncable ``station`` record, in one transaction."""
    code, name, county = code.strip(), name.strip(), county.strip()
    if not code or not name or not county:
        raise AdminError("station code, name and county are required")
    branch_id = _branch_id(engine, branch_code) if branch_code else None
    station_id = new_id()
    stamp = server_clock(engine).now().encode()
    row = validate_row(Station, Station(
        id=station_id, station_id=station_id, created_hlc=stamp, updated_hlc=stamp,
        field_clock="{}", version=1, deleted=False, code=code, name=name, province=province,
        county=county, county_code=county_code, is_demo=is_demo).model_dump(mode="json"))
    try:
        with write_tx(engine) as conn:
            conn.execute(insert(_stations).values(
                id=station_id, code=code, name=name, county=county, branch_id=branch_id,
                is_demo=is_demo, created_at=utcnow()))
            insert_records(conn, "station", [row], None)
            log_changes(conn, [("station", row)])
    except IntegrityError as exc:
        raise AdminError(f"a station with code {code!r} exists already") from exc
    return station_id


def list_stations(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(_stations, _branches.c.code.label("branch_code"))
            .select_from(_stations.outerjoin(_branches, _stations.c.branch_id == _branches.c.id))
            .order_by(_stations.c.code)).mappings().all()
    return [dict(r) for r in rows]


# --------------------------------------------------------------------------- enrollment, devices

def issue_code(engine: Engine, *, station_code: str | None = None,
               branch_code: str | None = None, hours: int = auth.CODE_HOURS) -> str:
    """A one-time enrollment code (returned once in clear; only its SHA-256 is stored)."""
    if (station_code is None) == (branch_code is None):
        raise AdminError("give exactly one of --station or --branch")
    if station_code is not None:
        kind, owner = "station", station_id_for(engine, station_code)
    else:
        kind, owner = "branch", _branch_id(engine, branch_code or "")
    code = auth.new_code()
    now = utcnow()
    with write_tx(engine) as conn:
        conn.execute(insert(_codes).values(
            code_sha256=auth.sha256_hex(code), scope_kind=kind, owner_id=owner, created_at=now,
            expires_at=now + timedelta(hours=hours)))
    return auth.show_code(code)


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    scope_kind: str
    owner_code: str
    name: str
    app_version: str
    enrolled_at: datetime
    revoked_at: datetime | None


def list_devices(engine: Engine) -> list[DeviceInfo]:
    with engine.connect() as conn:
        stations = dict(conn.execute(select(_stations.c.id, _stations.c.code)).all())
        branches = dict(conn.execute(select(_branches.c.id, _branches.c.code)).all())
        rows = conn.execute(select(_devices).order_by(_devices.c.enrolled_at)).all()
    return [DeviceInfo(r.id, r.scope_kind,
                       (stations if r.scope_kind == "station" else branches).get(r.owner_id, "?"),
                       r.name, r.app_version, r.enrolled_at, r.revoked_at) for r in rows]


def security_events(engine: Engine, *, limit: int = 100) -> list[dict[str, Any]]:
    """The latest refused out-of-scope writes, newest first."""
    from station_app.central.models import SecurityEvent

    events = SecurityEvent.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        rows = conn.execute(select(events).order_by(events.c.at.desc()).limit(limit)).all()
    return [dict(r._mapping) for r in rows]


def revoke_device(engine: Engine, device_id: str) -> bool:
    """Stop a device's token from working (True if a live device was revoked)."""
    with write_tx(engine) as conn:
        done = conn.execute(update(_devices)
                            .where(_devices.c.id == device_id, _devices.c.revoked_at.is_(None))
                            .values(revoked_at=utcnow())).rowcount
    return bool(done)


# --------------------------------------------------------------------------- staff accounts

def create_user(engine: Engine, *, station_code: str | None = None, username: str,
                display_name: str, role: str, password: str,
                branch_code: str | None = None) -> str:
    """A ``user_account`` record of a station (its verifier syncs down to the station's
    computers), or with ``branch_code`` a branch officer's account, stored under the branch's
    id and pulled only by that branch's computers."""
    if (station_code is None) == (branch_code is None):
        raise AdminError("give exactly one of --station or --branch")
    username, display_name = username.strip(), display_name.strip()
    try:
        role_value = Role(role).value
    except ValueError as exc:
        raise AdminError(f"unknown role {role!r}; one of: "
                         + ", ".join(r.value for r in Role)) from exc
    if len(username) < 2 or not display_name:
        raise AdminError("the user name needs at least 2 characters and a display name")
    problems = password_problems(password)
    if problems:
        raise AdminError(" ".join(p.en for p in problems))
    if branch_code is not None and role_value != Role.BRANCH_OFFICER.value:
        raise AdminError("a branch's accounts have the role branch_officer")
    station_id = (station_id_for(engine, station_code) if station_code is not None
                  else _branch_id(engine, branch_code or ""))
    with engine.connect() as conn:
        payloads = conn.execute(select(records.c.payload).where(
            records.c.entity == "user_account",
            records.c.station_id == station_id)).scalars().all()
    if any(p.get("username") == username for p in payloads):
        raise AdminError(f"the user name {username!r} is taken")
    stamp = server_clock(engine).now().encode()
    user_id = new_id()
    row = validate_row(User, User(
        id=user_id, station_id=station_id, created_hlc=stamp, updated_hlc=stamp,
        field_clock="{}", version=1, deleted=False, username=username,
        display_name=display_name, role=role_value, password_hash=hash_password(password),
        active=True).model_dump(mode="json"))
    _store_new(engine, "user_account", row)
    return user_id


# --------------------------------------------------------------------------- catalogue

def load_catalogue(engine: Engine, kind: str, path: Path) -> tuple[str, int]:
    """Store a shared ``reference_doc`` of ``kind`` (station_id NULL: every station gets it).

    ``crop_calendar`` files are checked like the station checks them; any other kind must be
    a JSON object with an integer ``version``.  A live shared document of the kind is
    updated (its version must go up), else one is created.  Returns (record id, doc version).
    """
    if not _KIND.match(kind):
        raise AdminError(f"kind {kind!r}: use lower-case letters, digits and _")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AdminError(f"cannot read {path}: {exc}") from exc
    if kind == CROP_CALENDAR:
        try:
            calendar = load_calendar(data)
        except CalendarError as exc:
            raise AdminError("the crop calendar has problems: "
                             + "; ".join(m.en for m in exc.messages)) from exc
        body, doc_version = json.dumps(dump_calendar(calendar), ensure_ascii=False), calendar.version
    else:
        version = data.get("version") if isinstance(data, dict) else None
        if not isinstance(version, int) or isinstance(version, bool):
            raise AdminError("a catalogue document is a JSON object with an integer \"version\"")
        body, doc_version = json.dumps(data, ensure_ascii=False), version
    clock = server_clock(engine)
    with write_tx(engine) as conn:
        live = [r for r in conn.execute(select(records).where(
            records.c.entity == "reference_doc", records.c.station_id.is_(None),
            records.c.deleted == False)).all()  # noqa: E712
                if r.payload.get("kind") == kind]
        if live:
            current = live[0]
            old = current.payload
            if doc_version <= int(old["doc_version"]):
                raise AdminError(f"version {doc_version} is not above the loaded version "
                                 f"{old['doc_version']}")
            clock.observe(current.updated_hlc)
            stamp = clock.now().encode()
            field_clock = json.loads(old.get("field_clock") or "{}")
            field_clock.update({"body": stamp, "doc_version": stamp})
            row = validate_row(ReferenceDoc, {
                **old, "body": body, "doc_version": doc_version, "updated_hlc": stamp,
                "field_clock": json.dumps(field_clock, sort_keys=True),
                "version": int(current.version) + 1})
            update_record(conn, "reference_doc", row, None)
        else:
            stamp = clock.now().encode()
            row = validate_row(ReferenceDoc, ReferenceDoc(
                id=new_id(), station_id=SHARED, created_hlc=stamp, updated_hlc=stamp,
                field_clock="{}", version=1, deleted=False, kind=kind, doc_version=doc_version,
                body=body).model_dump(mode="json"))
            insert_records(conn, "reference_doc", [row], None)
        log_changes(conn, [("reference_doc", row)])
    return row["id"], doc_version


# --------------------------------------------------------------------------- weather

WEATHER_SOURCE = "central"  # WeatherDay.source of the days loaded here
_WEATHER_VALUES = ("precip_x10", "tmax_x10", "tmin_x10", "tmean_x10")
_MAX_LISTED = 30


@dataclass(frozen=True)
class WeatherLoad:
    """What ``station-central weather load`` stored."""

    stations: tuple[str, ...]
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    first: str
    last: str
    warnings: tuple[WeatherProblem, ...]  # gaps, missing values, repeated identical rows


def _problem_lines(problems: list[WeatherProblem]) -> str:
    lines = [p.message.en for p in problems[:_MAX_LISTED]]
    if len(problems) > _MAX_LISTED:
        lines.append(f"… and {len(problems) - _MAX_LISTED} more")
    return "\n  ".join(lines)


def load_weather(engine: Engine, path: Path, *, station: str | None = None) -> WeatherLoad:
    """Store the days of a weather CSV as shared ``weather_day`` records (station_id NULL:
    every station pulls them).

    The file is checked like a station's import (``parse_weather_csv``); a file with any
    error is refused as a whole, with every error listed.  Warnings (gaps, empty values,
    a day repeated with the same values) do not stop it and are returned.  ``station``
    stores a file of a single station id under that id (or picks that station's rows from
    a file of several).  Idempotent: a day's id is ``weather_day_id("", station, day)``, a
    day stored before is updated only when a value changed.
    """
    if station is not None and not is_weather_station_id(station):
        raise AdminError(f"--station {station!r}: use 1 to 40 letters, digits, - and _")
    try:
        parsed = parse_weather_csv(Path(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise AdminError(f"cannot read {path}: {exc}") from exc
    if parsed.errors:
        raise AdminError(f"{path} has {len(parsed.errors)} error(s); nothing was loaded:\n  "
                         + _problem_lines(parsed.errors))
    stations = parsed.stations
    if not stations:
        raise AdminError(f"{path} has no weather data")
    if station is not None:
        if len(stations) == 1:
            targets = {stations[0]: station}
        elif station in stations:
            targets = {station: station}
        else:
            raise AdminError(f"{path} has no rows of station {station} (it has "
                             f"{', '.join(stations)})")
    else:
        bad = [s for s in stations if not is_weather_station_id(s)]
        if bad:
            raise AdminError(f"station id(s) {', '.join(repr(s) for s in bad)}: use 1 to 40 "
                             "letters, digits, - and _ (or give --station)")
        targets = {s: s for s in stations}
    wanted: dict[str, dict[str, Any]] = {}
    for record in parsed.rows:
        target = targets.get(record.station_id)
        if target is None:
            continue
        entity_id = weather_day_id(SHARED, target, record.date)
        wanted.setdefault(entity_id, {
            "weather_station": target, "day": record.date.isoformat(),
            "precip_x10": to_tenths(record.precip_mm), "tmax_x10": to_tenths(record.tmax),
            "tmin_x10": to_tenths(record.tmin), "tmean_x10": to_tenths(record.tmean)})
    clock = server_clock(engine)
    inserted: list[dict[str, Any]] = []
    updated = unchanged = 0
    logged: list[tuple[str, Mapping[str, Any]]] = []
    with write_tx(engine) as conn:
        ids = sorted(wanted)
        current: dict[str, Any] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            for row in conn.execute(select(records).where(records.c.entity == "weather_day",
                                                          records.c.entity_id.in_(part))):
                current[row.entity_id] = row
        for entity_id in ids:
            values = wanted[entity_id]
            found = current.get(entity_id)
            if found is None:
                stamp = clock.now().encode()
                inserted.append(validate_row(WeatherDay, {
                    "id": entity_id, "station_id": SHARED, "created_hlc": stamp,
                    "updated_hlc": stamp, "field_clock": "{}", "version": 1, "deleted": False,
                    **values, "source": WEATHER_SOURCE}))
                continue
            old = found.payload
            changed = [k for k in _WEATHER_VALUES if old.get(k) != values[k]]
            if old.get("deleted"):
                changed.append("deleted")
            if not changed:
                unchanged += 1
                continue
            clock.observe(found.updated_hlc)
            stamp = clock.now().encode()
            field_clock = json.loads(old.get("field_clock") or "{}")
            field_clock.update({k: stamp for k in changed if k != "deleted"})
            row = validate_row(WeatherDay, {
                **old, **{k: values[k] for k in _WEATHER_VALUES}, "deleted": False,
                "source": WEATHER_SOURCE, "updated_hlc": stamp,
                "field_clock": json.dumps(field_clock, sort_keys=True),
                "version": int(found.version) + 1})
            update_record(conn, "weather_day", row, None)
            logged.append(("weather_day", row))
            updated += 1
        insert_records(conn, "weather_day", inserted, None)
        logged.extend(("weather_day", row) for row in inserted)
        log_changes(conn, logged)
    days = sorted(v["day"] for v in wanted.values())
    return WeatherLoad(tuple(dict.fromkeys(targets.values())), parsed.rows_read, len(inserted),
                       updated, unchanged, days[0] if days else "", days[-1] if days else "",
                       tuple(parsed.warnings))


def counts(engine: Engine) -> dict[str, int]:
    """Records per entity (for `station-central status`)."""
    with engine.connect() as conn:
        rows = conn.execute(select(records.c.entity, func.count())
                            .group_by(records.c.entity)).all()
    return {r[0]: int(r[1]) for r in rows}


def record_payload(engine: Engine, entity: str, entity_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        found = get_record(conn, entity, entity_id)
    return dict(found.payload) if found is not None else None

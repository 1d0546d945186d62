"""Daily weather per weather station (气象站逐日数据), stored and synced (DOMAIN.md §7).

Weather-index insurance reads one record per day and weather station: rain, Tmax, Tmin and
Tmean.  Those days live in the ``weather_day`` table (values in tenths; see
:class:`~station_app.store.models.WeatherDay`) and come from three places:

* **the central server** (``station-central weather load FILE``): shared rows (empty
  ``station_id`` here, NULL on the server) that every station pulls;
* **the station's own CSV import** (:func:`import_csv`, the "天气数据 / Weather data" screen):
  rows of the station (``station_id`` = the station), which sync up like any other record;
* **the shipped demo files** ``resources/weather/<id>.csv`` (GENERATED data): read directly
  while the database holds no day of that weather station at all, or copied into the
  database by :func:`load_shipped_into_db` for the demo, together with generated days from
  the file's last day up to yesterday.

Rules:

* Who may import: the admin (``Permission.PRODUCT_MANAGE``: weather data is reference data,
  like the crop calendar and the loan products) and the finance specialist
  (``Permission.APPLICATION_PREPARE``: the one who sells the insurance and is handed the
  weather bureau's file).  Anybody logged in may read.
* An import checks the whole file with :func:`~station_app.domain.weather.parse_weather_csv`.
  Rows with errors are not stored; every problem (with its line number), every gap and the
  counts come back in a :class:`WeatherImportResult` for the screen.  Good rows are stored in
  one transaction: nothing or all of them.
* A stored day's id is ``uuid5(NAMESPACE, "<owner>|<weather station>|<day>")``
  (:func:`~station_app.domain.weather.weather_day_id`; owner = the station's id, ``""`` for
  central rows).  Importing a day again updates that row, and only when a value changed; two
  computers of a station importing the same file make the same ids, which the server merges.
  A row is found by (owner, weather station, day), so rows made before the station enrolled
  (and got the server's station id) are updated too, never duplicated.
* Values are stored in tenths, rounded half-up; a derived Tmean ((Tmax + Tmin) / 2, e.g.
  20.05) is stored as 20.1.  Half-up keeps every "≤ X" test at a one-decimal threshold the
  same as on the exact value.  A value given with more than one decimal gets a warning.
* Reading (:func:`days`): the station's own row of a day overrides the shared row of that
  day.  (On a branch computer, which holds several stations' rows, the most recently
  changed own row wins.)  When the database holds no row of the weather station, the
  shipped file is used and :func:`source` says ``"shipped"``.  A day without a row, or with
  a missing value, is simply absent or ``None``: the insurance rules then call the phase
  incomplete (``IncompleteWeather``) instead of computing it.
* :func:`days` is cached per database and weather station, keyed by the count, the newest
  ``updated_hlc`` and the sum of versions of the station's rows (a pulled update of an old
  day may carry an older stamp than the newest row, but always a higher version), so
  repeated calls cost one small aggregate query.

Writing 11,000 days (a 31-year file) through ``writes.insert`` one by one takes far too long
(about a minute); new rows are therefore written in bulk, with exactly the row, outbox and
audit entries ``writes.insert`` makes, as ``services/demo.py`` does for farmers.  Changed rows
are written in bulk the same way as ``writes.update`` does (version + 1, field clocks of the
changed fields, an outbox entry with the whole row, an audit entry with before and after).
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Session

from station_app import paths
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.domain.weather import (
    DailyWeather,
    Gap,
    WeatherProblem,
    from_tenths,
    generate_days,
    has_finer_than_tenths,
    is_weather_station_id,
    parse_weather_csv,
    to_tenths,
    weather_day_id,
)
from station_app.services.context import Actor, ServiceContext
from station_app.services.errors import NotFound, PermissionDenied, StaleVersion, ValidationFailed
from station_app.store.db import Database, remember_clock
from station_app.store.models import AuditEntry, OutboxEntry, WeatherDay, new_id

__all__ = [
    "DATABASE",
    "IMPORT_PERMISSIONS",
    "NONE",
    "SHIPPED",
    "SOURCE_CENTRAL",
    "SOURCE_GENERATED",
    "SOURCE_IMPORT",
    "SOURCE_SHIPPED",
    "Coverage",
    "WeatherImportResult",
    "WeatherSummary",
    "coverage",
    "days",
    "days_by_year",
    "import_csv",
    "load_shipped_into_db",
    "may_import",
    "shipped_days",
    "shipped_path",
    "source",
    "stations_in_db",
    "summary",
]

# Where the days in use come from (:func:`source`).
DATABASE = "database"
SHIPPED = "shipped"
NONE = "none"
# ``WeatherDay.source`` of a stored row: who wrote it.
SOURCE_IMPORT = "import"  # the station's own CSV import
SOURCE_CENTRAL = "central"  # loaded on the central server for every station
SOURCE_SHIPPED = "shipped"  # the shipped demo file, copied into the database
SOURCE_GENERATED = "generated"  # generated days after the shipped file (demo only)

IMPORT_PERMISSIONS = (Permission.PRODUCT_MANAGE, Permission.APPLICATION_PREPARE)
_VALUES = ("precip_x10", "tmax_x10", "tmin_x10", "tmean_x10")
_FIELDS = tuple(WeatherDay.model_fields)
_TABLE = WeatherDay.__table__  # type: ignore[attr-defined]
_OUTBOX = OutboxEntry.__table__  # type: ignore[attr-defined]
_AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
_CHUNK = 2000


# --------------------------------------------------------------------------- permissions

def may_import(ctx: ServiceContext) -> bool:
    """Whether the logged-in actor may import weather data."""
    return any(ctx.can(p) for p in IMPORT_PERMISSIONS)


def _require_import(ctx: ServiceContext) -> Actor:
    actor = ctx.require_login()
    if not may_import(ctx):
        raise PermissionDenied(Message(
            "weather.import_denied",
            f"您的角色（{actor.role.label}）不能导入天气数据，请找管理员或金融专员办理。",
            f"Your role ({actor.role.label.en}) may not import weather data; ask the "
            "administrator or a finance specialist."))
    return actor


# --------------------------------------------------------------------------- the shipped files

def shipped_path(weather_station: str) -> Path:
    return paths.resources_dir() / "weather" / f"{weather_station}.csv"


def shipped_days(weather_station: str) -> list[DailyWeather]:
    """The shipped (GENERATED demo) days of a weather station, by date; [] when there is no
    file.  Read once per process."""
    if not is_weather_station_id(weather_station):
        return []
    path = shipped_path(weather_station)
    return list(_shipped(path, weather_station)) if path.is_file() else []


@functools.lru_cache(maxsize=None)
def _shipped(path: Path, weather_station: str) -> tuple[DailyWeather, ...]:
    return tuple(parse_weather_csv(path).days(weather_station))


# --------------------------------------------------------------------------- reading

class Coverage(NamedTuple):
    first: date | None
    last: date | None
    days: int  # days with a row
    missing: int  # days between first and last without a row


@dataclass(frozen=True)
class _Loaded:
    days: tuple[DailyWeather, ...]
    by_source: dict[str, int]  # WeatherDay.source of the days in use → count


_cache: dict[tuple[str, str], tuple[tuple[Any, ...], _Loaded]] = {}
_cache_lock = threading.Lock()


def _key(session: Session, weather_station: str) -> tuple[Any, ...]:
    row = session.execute(
        select(func.count(), func.max(_TABLE.c.updated_hlc), func.sum(_TABLE.c.version))
        .where(_TABLE.c.weather_station == weather_station)).one()
    return int(row[0] or 0), row[1] or "", int(row[2] or 0)


def _load(session: Session, weather_station: str) -> _Loaded:
    rows = session.execute(
        select(_TABLE.c.day, _TABLE.c.station_id, _TABLE.c.updated_hlc, _TABLE.c.source,
               *(_TABLE.c[name] for name in _VALUES))
        .where(_TABLE.c.weather_station == weather_station,
               _TABLE.c.deleted == False)  # noqa: E712
        .order_by(_TABLE.c.day)).all()
    chosen: dict[date, Any] = {}
    for row in rows:
        current = chosen.get(row.day)
        if current is None:
            chosen[row.day] = row
            continue
        own, current_own = bool(row.station_id), bool(current.station_id)
        if (own and not current_own) or (own == current_own
                                         and row.updated_hlc > current.updated_hlc):
            chosen[row.day] = row
    out = []
    by_source: dict[str, int] = {}
    for day in sorted(chosen):
        row = chosen[day]
        out.append(DailyWeather(day, from_tenths(row.precip_x10), from_tenths(row.tmax_x10),
                                from_tenths(row.tmin_x10), from_tenths(row.tmean_x10)))
        label = row.source or (SOURCE_CENTRAL if not row.station_id else SOURCE_IMPORT)
        by_source[label] = by_source.get(label, 0) + 1
    return _Loaded(tuple(out), by_source)


def _stored(db: Database, weather_station: str) -> _Loaded:
    """The database's days of ``weather_station`` (empty when it has none), cached."""
    with Session(db.engine) as session:
        key = _key(session, weather_station)
        cache_key = (db.database_id, weather_station)
        with _cache_lock:
            cached = _cache.get(cache_key)
        if cached is not None and cached[0] == key:
            return cached[1]
        loaded = _load(session, weather_station) if key[0] else _Loaded((), {})
    with _cache_lock:
        _cache[cache_key] = (key, loaded)
    return loaded


def days(db: Database, weather_station: str) -> list[DailyWeather]:
    """The days of ``weather_station`` in date order: the database's (own rows over shared
    rows), or the shipped file's when the database has none.  Values are exact Decimals."""
    stored = _stored(db, weather_station)
    if stored.days:
        return list(stored.days)
    return shipped_days(weather_station)


def days_by_year(db: Database, weather_station: str) -> dict[int, list[DailyWeather]]:
    """:func:`days` grouped by calendar year (for the burn analysis)."""
    out: dict[int, list[DailyWeather]] = {}
    for day in days(db, weather_station):
        out.setdefault(day.date.year, []).append(day)
    return out


def source(db: Database, weather_station: str) -> str:
    """``"database"``, ``"shipped"`` (nothing stored, the shipped file is used) or
    ``"none"``."""
    if _stored(db, weather_station).days:
        return DATABASE
    return SHIPPED if shipped_days(weather_station) else NONE


def _coverage_of(found: Sequence[DailyWeather]) -> Coverage:
    if not found:
        return Coverage(None, None, 0, 0)
    first, last = found[0].date, found[-1].date
    return Coverage(first, last, len(found), (last - first).days + 1 - len(found))


def coverage(db: Database, weather_station: str) -> Coverage:
    """(first day, last day, days with a row, days missing in between) of :func:`days`."""
    return _coverage_of(days(db, weather_station))


def stations_in_db(db: Database) -> list[str]:
    """The weather stations with at least one live stored day, sorted."""
    with Session(db.engine) as session:
        found = session.execute(select(_TABLE.c.weather_station).where(
            _TABLE.c.deleted == False).distinct()).scalars().all()  # noqa: E712
    return sorted(found)


@dataclass(frozen=True)
class WeatherSummary:
    """What the weather screen shows for one weather station."""

    weather_station: str
    source: str  # "database" | "shipped" | "none"
    first: date | None
    last: date | None
    days: int
    missing_days: int  # no row between first and last
    days_with_missing_values: int  # a row with an empty value
    by_source: dict[str, int]  # stored rows in use by WeatherDay.source ({} unless database)
    gaps: tuple[tuple[date, date], ...]  # runs of missing days, oldest first

    @property
    def generated_days(self) -> int:
        return self.by_source.get(SOURCE_GENERATED, 0)


def summary(db: Database, weather_station: str) -> WeatherSummary:
    stored = _stored(db, weather_station)
    found: Sequence[DailyWeather] = stored.days or shipped_days(weather_station)
    where = DATABASE if stored.days else (SHIPPED if found else NONE)
    cover = _coverage_of(found)
    gaps = []
    for previous, current in zip(found, found[1:]):
        if (current.date - previous.date).days > 1:
            gaps.append((previous.date + timedelta(days=1), current.date - timedelta(days=1)))
    incomplete = sum(1 for d in found if None in (d.precip_mm, d.tmax, d.tmin, d.tmean))
    return WeatherSummary(weather_station, where, cover.first, cover.last, cover.days,
                          cover.missing, incomplete, dict(stored.by_source), tuple(gaps))


# --------------------------------------------------------------------------- importing

@dataclass
class WeatherImportResult:
    """The whole report of an import, for the screen."""

    file_name: str = ""
    weather_stations: tuple[str, ...] = ()  # stored under these ids
    rows_read: int = 0  # data rows in the file
    rows_kept: int = 0  # rows that passed the checks (and were for a stored station)
    inserted: int = 0  # new days
    updated: int = 0  # days stored before whose values changed
    unchanged: int = 0  # days stored before with the same values
    problems: list[WeatherProblem] = field(default_factory=list)  # with line numbers
    gaps: list[Gap] = field(default_factory=list)
    first: date | None = None
    last: date | None = None
    seconds: float = 0.0

    @property
    def errors(self) -> list[WeatherProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[WeatherProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def rows_not_imported(self) -> int:
        return self.rows_read - self.rows_kept

    @property
    def stored(self) -> int:
        return self.inserted + self.updated


def _problem(code: str, zh: str, en: str, *, severity: str = "error", line: int | None = None,
             station_id: str | None = None) -> WeatherProblem:
    return WeatherProblem(line, Message(f"weather.{code}", zh, en), severity, station_id)


def _read(path_or_text: str | os.PathLike[str] | Iterable[Any]) -> tuple[Any, str]:
    """(what parse_weather_csv reads, file name for the report)."""
    if isinstance(path_or_text, os.PathLike):
        return Path(path_or_text), Path(path_or_text).name
    if isinstance(path_or_text, str) and "\n" not in path_or_text and "," not in path_or_text:
        return Path(path_or_text), Path(path_or_text).name
    return path_or_text, ""


def _targets(file_stations: Sequence[str], weather_station: str | None,
             result: WeatherImportResult) -> dict[str, str]:
    """file station id → stored weather station id; problems for what is not stored."""
    if weather_station is not None:
        if not is_weather_station_id(weather_station):
            raise ValidationFailed({"weather_station": [Message(
                "weather.station_id_invalid",
                "气象站编号只能用字母、数字、“-”和“_”，最多 40 个字符。",
                "A weather station id has 1 to 40 letters, digits, '-' or '_'.")]})
        if set(file_stations) <= {weather_station}:
            return {weather_station: weather_station}
        if len(file_stations) == 1:
            other = file_stations[0]
            result.problems.append(_problem(
                "station_renamed", f"文件里的站号 {other} 的数据按气象站 {weather_station} 保存",
                f"The rows of station {other} in the file were stored as weather station "
                f"{weather_station}", severity="warning", station_id=other))
            return {other: weather_station}
        if weather_station in file_stations:
            for other in file_stations:
                if other != weather_station:
                    result.problems.append(_problem(
                        "station_skipped", f"文件里站号 {other} 的数据没有导入：只导入了气象站 "
                        f"{weather_station} 的数据",
                        f"The rows of station {other} were not imported: only weather station "
                        f"{weather_station} was", severity="warning", station_id=other))
            return {weather_station: weather_station}
        names = "、".join(file_stations)
        result.problems.append(_problem(
            "station_absent", f"文件里没有气象站 {weather_station} 的数据（文件里的站号：{names}），"
            "什么也没有导入",
            f"The file has no rows of weather station {weather_station} (it has "
            f"{', '.join(file_stations)}); nothing was imported"))
        return {}
    targets = {}
    for station in file_stations:
        if is_weather_station_id(station):
            targets[station] = station
        else:
            result.problems.append(_problem(
                "station_id_invalid", f"站号“{station[:60]}”不能用作气象站编号（只能用字母、数字、"
                "“-”和“_”，最多 40 个字符），这个站的数据没有导入",
                f"“{station[:60]}” cannot be a weather station id (1 to 40 letters, digits, "
                "'-' or '_'); its rows were not imported", station_id=station))
    return targets


def import_csv(ctx: ServiceContext, path_or_text: str | os.PathLike[str] | Iterable[Any], *,
               weather_station: str | None = None,
               progress: Callable[[int, int], None] | None = None) -> WeatherImportResult:
    """Check a weather CSV and store its good rows as the station's own days.

    ``path_or_text``: a path (``Path``, or a ``str`` without comma or line break), CSV text
    or rows (whatever :func:`parse_weather_csv` reads).  ``weather_station``: store the rows
    under this id — a file with a single station id is stored under it, a file with several
    only has this station's rows imported; ``None`` stores each row under the file's
    ``station_id``.  ``progress(done, total)`` is called while storing (from the caller's
    thread).  Raises PermissionDenied for a role that may not import and ValidationFailed
    for an impossible ``weather_station``; everything about the file itself is reported in
    the result, never raised.
    """
    actor = _require_import(ctx)
    started = time.perf_counter()
    source_input, name = _read(path_or_text)
    try:
        parsed = parse_weather_csv(source_input)
    except OSError as exc:
        raise ValidationFailed({"file": [Message(
            "weather.file_unreadable", f"文件打不开：{exc.strerror or exc}",
            f"The file cannot be opened: {exc.strerror or exc}")]}) from exc
    except UnicodeDecodeError as exc:
        raise ValidationFailed({"file": [Message(
            "weather.file_encoding", "文件不是 UTF-8 编码的文本，请在 Excel 里另存为“CSV UTF-8”再导入。",
            "The file is not UTF-8 text; save it as “CSV UTF-8” and import it again.")]}) from exc
    result = WeatherImportResult(file_name=name, rows_read=parsed.rows_read,
                                 problems=list(parsed.problems), gaps=list(parsed.gaps))
    targets = _targets(parsed.stations, weather_station, result)
    records = [(targets[r.station_id], r) for r in parsed.rows if r.station_id in targets]
    result.rows_kept = len(records)
    result.weather_stations = tuple(dict.fromkeys(ws for ws, _r in records))
    for ws, record in records:
        for column in ("precip_mm", "tmax", "tmin") + (() if record.tmean_derived else ("tmean",)):
            if has_finer_than_tenths(getattr(record, column)):
                result.problems.append(_problem(
                    "rounded", f"第 {record.line} 行的{column}只保存到 0.1（四舍五入）",
                    f"Line {record.line}: {column} is stored to 0.1 (rounded half-up)",
                    severity="warning", line=record.line, station_id=record.station_id))
    if records:
        result.first = min(r.date for _ws, r in records)
        result.last = max(r.date for _ws, r in records)
        _store(ctx.db, actor, [(ws, r.daily) for ws, r in records], SOURCE_IMPORT, result,
               progress, file_name=name)
    result.seconds = time.perf_counter() - started
    return result


def load_shipped_into_db(ctx: ServiceContext, weather_station: str, *,
                         today: date | None = None) -> WeatherImportResult:
    """Copy the shipped demo file of ``weather_station`` into the database (source
    ``"shipped"``) and add GENERATED days (source ``"generated"``) from the file's last day
    up to yesterday, so the demo runs on database data and this year's phases are complete.

    Same permission and same storing as :func:`import_csv` (idempotent: loading again only
    adds the days up to the new yesterday).  NotFound when there is no shipped file.
    """
    actor = _require_import(ctx)
    started = time.perf_counter()
    shipped = shipped_days(weather_station)
    if not shipped:
        raise NotFound(Message(
            "weather.no_shipped", f"软件没有自带气象站 {weather_station} 的天气数据。",
            f"No weather data of the station {weather_station} is shipped with the app."))
    yesterday = (today or date.today()) - timedelta(days=1)
    generated = generate_days(shipped, shipped[-1].date + timedelta(days=1), yesterday,
                              seed=weather_station)
    result = WeatherImportResult(file_name=shipped_path(weather_station).name,
                                 weather_stations=(weather_station,),
                                 rows_read=len(shipped) + len(generated),
                                 rows_kept=len(shipped) + len(generated),
                                 first=shipped[0].date, last=(generated or shipped)[-1].date)
    items = [(weather_station, d, SOURCE_SHIPPED) for d in shipped]
    items += [(weather_station, d, SOURCE_GENERATED) for d in generated]
    _store(ctx.db, actor, items, None, result, None, file_name=result.file_name)
    result.seconds = time.perf_counter() - started
    return result


# --------------------------------------------------------------------------- storing (bulk)

def _values(day: DailyWeather) -> dict[str, int | None]:
    return {"precip_x10": to_tenths(day.precip_mm), "tmax_x10": to_tenths(day.tmax),
            "tmin_x10": to_tenths(day.tmin), "tmean_x10": to_tenths(day.tmean)}


def _payload(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row as ``WeatherDay.model_dump(mode="json")`` gives it (outbox payload)."""
    out = {name: row[name] for name in _FIELDS}
    out["day"] = row["day"].isoformat()
    return out


def _store(db: Database, actor: Actor, items: Sequence[tuple], source_label: str | None,
           result: WeatherImportResult, progress: Callable[[int, int], None] | None, *,
           file_name: str) -> None:
    """Insert or update the days of ``items`` as the actor's station's rows, in one
    transaction.  ``items``: (weather station, DailyWeather) with ``source_label``, or
    (weather station, DailyWeather, label) when ``source_label`` is None."""
    owner = actor.station_id
    now = datetime.now(timezone.utc)
    total = len(items)
    with db.session() as session:
        conn = session.connection()
        existing = _existing(conn, owner, sorted({item[0] for item in items}))
        new_rows: list[dict[str, Any]] = []
        changes: list[tuple[dict[str, Any], dict[str, Any]]] = []
        seen: set[tuple[str, date]] = set()
        for item in items:
            ws, day = item[0], item[1]
            label = source_label if source_label is not None else item[2]
            if (ws, day.date) in seen:
                continue  # the parser keeps the first of a duplicate day; so does this
            seen.add((ws, day.date))
            values = _values(day)
            old = existing.get((ws, day.date))
            if old is None:
                new_rows.append({"id": weather_day_id(owner, ws, day.date), "station_id": owner,
                                 "weather_station": ws, "day": day.date, "source": label,
                                 **values})
            elif old["deleted"] or any(old[k] != v for k, v in values.items()):
                changes.append((old, {**values, "source": label, "deleted": False}))
            else:
                result.unchanged += 1
        done = result.unchanged
        for start in range(0, len(new_rows), _CHUNK):
            part = new_rows[start:start + _CHUNK]
            _insert_rows(conn, db, actor, part, now)
            done += len(part)
            if progress:
                progress(done, total)
        for start in range(0, len(changes), _CHUNK):
            part = changes[start:start + _CHUNK]
            _update_rows(conn, db, actor, part, now)
            done += len(part)
            if progress:
                progress(done, total)
        result.inserted, result.updated = len(new_rows), len(changes)
        if new_rows or changes:
            conn.execute(insert(_AUDIT), [dict(
                id=new_id(), station_id=owner, at=now, hlc=db.hlc(), user_id=actor.user_id,
                username=actor.username, action="weather_import", entity="weather_day",
                entity_id="", changes=json.dumps({
                    "file": file_name, "weather_stations": list(result.weather_stations),
                    "inserted": result.inserted, "updated": result.updated,
                    "unchanged": result.unchanged, "rows_read": result.rows_read,
                    "errors": len(result.errors)}, ensure_ascii=False))])
        remember_clock(db, session)


def _existing(conn: Connection, owner: str, stations: Sequence[str]
              ) -> dict[tuple[str, date], dict[str, Any]]:
    """The owner's stored rows of ``stations`` (also soft-deleted ones), by (station, day)."""
    found: dict[tuple[str, date], dict[str, Any]] = {}
    if not stations:
        return found
    rows = conn.execute(select(_TABLE).where(_TABLE.c.station_id == owner,
                                             _TABLE.c.weather_station.in_(stations))).mappings()
    for row in rows:
        found[(row["weather_station"], row["day"])] = dict(row)
    return found


def _insert_rows(conn: Connection, db: Database, actor: Actor, part: list[dict[str, Any]],
                 now: datetime) -> None:
    """What ``writes.insert`` does for each row, as three executemany statements."""
    outbox, audit = [], []
    for row in part:
        stamp = db.hlc()
        row.update(created_hlc=stamp, updated_hlc=stamp, field_clock="{}", version=1,
                   deleted=False)
        payload = _payload(row)
        outbox.append(dict(station_id=row["station_id"], entity="weather_day",
                           entity_id=row["id"], op="insert", base_version=0, version=1,
                           hlc=stamp, payload=json.dumps(payload, ensure_ascii=False),
                           status="pending", attempts=0, last_error="", created_at=now))
        data = {k: [None, payload[k]] for k in _FIELDS[7:] if payload[k] not in (None, "")}
        audit.append(dict(id=new_id(), station_id=row["station_id"], at=now, hlc=db.hlc(),
                          user_id=actor.user_id, username=actor.username, action="create",
                          entity="weather_day", entity_id=row["id"],
                          changes=json.dumps(data, ensure_ascii=False)))
    conn.execute(insert(_TABLE), part)
    conn.execute(insert(_OUTBOX), outbox)
    conn.execute(insert(_AUDIT), audit)


def _update_rows(conn: Connection, db: Database, actor: Actor,
                 part: list[tuple[dict[str, Any], dict[str, Any]]], now: datetime) -> None:
    """What ``writes.update`` does for each (stored row, new values)."""
    rows, outbox, audit = [], [], []
    for old, values in part:
        before = _payload(old)
        new = {**old, **values}
        changed = {k: [before[k], new[k]] for k in values if before[k] != new[k]}
        stamp = db.hlc()
        clocks = json.loads(old["field_clock"] or "{}")
        for key in changed:
            if key != "deleted":
                clocks[key] = stamp
        new.update(field_clock=json.dumps(clocks, sort_keys=True), updated_hlc=stamp,
                   version=old["version"] + 1)
        rows.append({"b_id": old["id"], "b_version": old["version"], **{
            k: new[k] for k in ("field_clock", "updated_hlc", "version", "deleted", "source",
                                *_VALUES)}})
        outbox.append(dict(station_id=new["station_id"], entity="weather_day",
                           entity_id=new["id"], op="update", base_version=old["version"],
                           version=new["version"], hlc=stamp,
                           payload=json.dumps(_payload(new), ensure_ascii=False),
                           status="pending", attempts=0, last_error="", created_at=now))
        audit.append(dict(id=new_id(), station_id=new["station_id"], at=now, hlc=db.hlc(),
                          user_id=actor.user_id, username=actor.username, action="update",
                          entity="weather_day", entity_id=new["id"],
                          changes=json.dumps(changed, ensure_ascii=False)))
    statement = (update(_TABLE)
                 .where(_TABLE.c.id == bindparam("b_id"), _TABLE.c.version == bindparam("b_version"))
                 .values({k: bindparam(k) for k in ("field_clock", "updated_hlc", "version",
                                                    "deleted", "source", *_VALUES)}))
    done = conn.execute(statement, rows).rowcount
    if done != len(rows):  # another writer changed a row meanwhile: nothing is stored
        raise StaleVersion(Message(
            "record.stale", "天气数据刚被别人（或同步）改过了，请重新导入一次。",
            "The weather data was changed elsewhere meanwhile; import the file again."))
    conn.execute(insert(_OUTBOX), outbox)
    conn.execute(insert(_AUDIT), audit)

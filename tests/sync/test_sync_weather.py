"""Daily weather from the central server reaches a station (REAL server, real client), and
the station's own import of a day overrides the shared day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, select

from station_app.domain.weather import weather_day_id
from station_app.services import weather, writes
from station_app.services.context import ServiceContext
from station_app.store.models import OutboxEntry, WeatherDay
from station_app.sync.engine import SyncEngine, enroll

WS = "MX-57016"
HEADER = "station_id,date,precip_mm,tmax,tmin,tmean\n"


def _csv(path: Path, tmax_by_day: dict[int, str]) -> Path:
    path.write_text(HEADER + "".join(f"{WS},2024-07-{d:02d},0.0,{t},20.0,25.0\n"
                                     for d, t in sorted(tmax_by_day.items())),
                    encoding="utf-8")
    return path


def test_a_station_pulls_central_weather_and_its_own_import_overrides(
        db, station, central, admin_ctx: ServiceContext, tmp_path: Path) -> None:
    from station_app.central import admin

    station_id, code = central.new_station()
    enroll(db, central.base, central.code(station=code))
    ctx = ServiceContext(db, replace(admin_ctx.actor, station_id=station_id))
    engine = SyncEngine(db, writer=writes)

    loaded = admin.load_weather(central.engine, _csv(tmp_path / "central.csv", {
        1: "30.0", 2: "31.0", 3: "32.0", 4: "33.0", 5: "34.0"}))
    assert loaded.inserted == 5
    assert weather.source(db, WS) == weather.SHIPPED  # nothing stored yet
    report = engine.sync_now()
    assert report.pull.received >= 5
    days = weather.days(db, WS)
    assert weather.source(db, WS) == weather.DATABASE
    assert [(d.date.day, d.tmax) for d in days] == [
        (1, Decimal("30.0")), (2, Decimal("31.0")), (3, Decimal("32.0")),
        (4, Decimal("33.0")), (5, Decimal("34.0"))]
    with Session(db.engine) as session:
        shared = session.get(WeatherDay, weather_day_id("", WS, date(2024, 7, 3)))
    assert shared is not None and shared.station_id == "" and shared.source == "central"
    assert weather.summary(db, WS).by_source == {weather.SOURCE_CENTRAL: 5}

    # The station's own measurement of 07-03 wins over the shared day.
    result = weather.import_csv(ctx, HEADER + f"{WS},2024-07-03,0.0,36.6,20.0,25.0\n")
    assert result.inserted == 1
    assert [d.tmax for d in weather.days(db, WS)][2] == Decimal("36.6")
    own_id = weather_day_id(station_id, WS, date(2024, 7, 3))

    # It syncs up as the station's own record; the central correction of the shared days
    # comes down; the own day still wins, the corrected shared day shows.
    admin.load_weather(central.engine, _csv(tmp_path / "fixed.csv", {
        1: "30.0", 2: "31.0", 3: "32.5", 4: "33.5", 5: "34.0"}))
    report = engine.sync_now()
    assert report.push.applied >= 1 and report.push.quarantined == 0
    record = central.record("weather_day", own_id)
    assert record is not None and record["station_id"] == station_id
    assert record["tmax_x10"] == 366
    with Session(db.engine) as session:
        pending = session.exec(select(OutboxEntry).where(
            OutboxEntry.entity_id == own_id, OutboxEntry.status == "pending")).all()
    assert pending == []
    assert [d.tmax for d in weather.days(db, WS)] == [
        Decimal("30.0"), Decimal("31.0"), Decimal("36.6"), Decimal("33.5"), Decimal("34.0")]

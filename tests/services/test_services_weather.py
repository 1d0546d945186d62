"""Daily weather stored per weather station: CSV import with its report, ids that make a
re-import update instead of duplicate, own rows over shared ones, the shipped fallback,
incomplete phases, and the demo's shipped + generated days."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from station_app.domain.insurance import IncompleteWeather, assess_section
from station_app.domain.weather import days_in_range, weather_day_id
from station_app.services import insurance, weather, writes
from station_app.services.context import ServiceContext
from station_app.services.errors import PermissionDenied, ValidationFailed
from station_app.store.models import AuditEntry, OutboxEntry, WeatherDay

WS = "MX-57016"
HEADER = "station_id,date,precip_mm,tmax,tmin,tmean\n"


def _rows(db, **where) -> list[WeatherDay]:
    with Session(db.engine) as session:
        query = select(WeatherDay)
        for name, value in where.items():
            query = query.where(getattr(WeatherDay, name) == value)
        return list(session.exec(query.order_by(WeatherDay.day)))


def _count(db, model, *conditions) -> int:
    with Session(db.engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*conditions)).one()


def _csv(first: date, last: date, *, station: str = WS, skip: tuple[date, ...] = (),
         tmax: str = "30.0") -> str:
    lines = [HEADER.strip()]
    for day in days_in_range(first, last):
        if day not in skip:
            lines.append(f"{station},{day.isoformat()},1.5,{tmax},20.0,25.0")
    return "\n".join(lines) + "\n"


HAND_MADE = (
    "# hand-made test data\n"                            # line 1
    + HEADER                                             # line 2
    + "WS-1,2021-07-01,0.0,33.1,21.4,27.0\n"             # 3 good
    + "WS-1,2021-07-02,12.5,30.0,22.0,\n"                # 4 good, tmean derived = 26.0
    + "WS-1,2021-07-03,3.0,20.0,25.0,22.0\n"             # 5 tmin > tmax: not imported
    + "WS-1,2021-07-04,-2.0,31.0,21.0,26.0\n"            # 6 precip < 0: not imported
    + "WS-1,2021-07-05,0.0,34.0,22.0,28.0\n"             # 7 good
    + "WS-1,2021-07-05,5.0,34.0,22.0,28.0\n"             # 8 duplicate, other values
    + "WS-1,2021-07-06,0.0,35.2,23.1,29.0\n"             # 9 good
    + "WS-1,2021-07-10,0.0,35.0,23.0,29.0\n"             # 10 good, after a gap 07-07..07-09
)


# --------------------------------------------------------------------------- the report

def test_a_hand_made_file_is_reported_line_by_line_and_its_good_rows_stored(admin_ctx, db):
    result = weather.import_csv(admin_ctx, HAND_MADE)
    assert result.rows_read == 8 and result.rows_kept == 5 and result.rows_not_imported == 3
    assert (result.inserted, result.updated, result.unchanged) == (5, 0, 0)
    assert result.weather_stations == ("WS-1",)
    assert (result.first, result.last) == (date(2021, 7, 1), date(2021, 7, 10))
    errors = {p.line: p for p in result.errors}
    assert set(errors) == {5, 6, 8}
    assert errors[5].code == "weather.tmax_below_tmin" and "第 5 行" in errors[5].text()
    assert errors[6].code == "weather.precip_impossible" and "Line 6" in errors[6].text("en")
    assert errors[8].code == "weather.duplicate" and "line 7" in errors[8].text("en")
    # The gaps: 07-03 and 07-04 (their rows were dropped) and 07-07 … 07-09.
    assert [(g.first, g.last) for g in result.gaps] == [
        (date(2021, 7, 3), date(2021, 7, 4)), (date(2021, 7, 7), date(2021, 7, 9))]
    assert any(p.code == "weather.gap" and "07-07" in p.text() for p in result.warnings)

    stored = weather.days(admin_ctx.db, "WS-1")
    assert [d.date.day for d in stored] == [1, 2, 5, 6, 10]
    first = stored[0]
    assert (first.precip_mm, first.tmax, first.tmin, first.tmean) == (
        Decimal("0.0"), Decimal("33.1"), Decimal("21.4"), Decimal("27.0"))
    assert stored[1].tmean == Decimal("26.0")  # derived (30 + 22) / 2
    assert stored[2].precip_mm == Decimal("0.0")  # the first of the duplicates is kept
    assert weather.source(db, "WS-1") == weather.DATABASE
    assert weather.coverage(db, "WS-1") == (date(2021, 7, 1), date(2021, 7, 10), 5, 5)
    summary = weather.summary(db, "WS-1")
    assert summary.missing_days == 5 and summary.by_source == {weather.SOURCE_IMPORT: 5}
    assert summary.gaps == ((date(2021, 7, 3), date(2021, 7, 4)),
                            (date(2021, 7, 7), date(2021, 7, 9)))
    rows = _rows(db, weather_station="WS-1")
    assert {r.station_id for r in rows} == {admin_ctx.actor.station_id}
    assert all(r.id == weather_day_id(admin_ctx.actor.station_id, "WS-1", r.day) for r in rows)


def test_bulk_rows_carry_the_same_outbox_and_audit_entries_as_writes_insert(admin_ctx, db):
    weather.import_csv(admin_ctx, HAND_MADE)
    with Session(db.engine) as session:
        rows = {r.id: r for r in session.exec(select(WeatherDay))}
        entries = list(session.exec(select(OutboxEntry).where(
            OutboxEntry.entity == "weather_day")))
        audits = list(session.exec(select(AuditEntry).where(
            AuditEntry.entity == "weather_day", AuditEntry.action == "create")))
        summary = session.exec(select(AuditEntry).where(
            AuditEntry.action == "weather_import")).one()
    assert len(entries) == len(rows) == len(audits) == 5
    for entry in entries:
        row = rows[entry.entity_id]
        assert (entry.op, entry.base_version, entry.version, entry.hlc) == (
            "insert", 0, 1, row.updated_hlc)
        assert json.loads(entry.payload) == row.model_dump(mode="json")
        assert writes.field_clocks(row)["tmax_x10"] == row.created_hlc
    audit = next(a for a in audits if a.entity_id == entries[0].entity_id)
    assert audit.user_id == admin_ctx.actor.user_id
    assert json.loads(audit.changes)["weather_station"] == [None, "WS-1"]
    assert json.loads(summary.changes)["inserted"] == 5


def test_a_value_with_more_than_one_decimal_is_rounded_half_up_and_said_so(admin_ctx, db):
    text = HEADER + "WS-2,2021-01-01,0.25,20.2,19.9,\nWS-2,2021-01-02,1.0,20.0,10.0,15.0\n"
    result = weather.import_csv(admin_ctx, text)
    assert [p.line for p in result.warnings if p.code == "weather.rounded"] == [2]
    day = weather.days(db, "WS-2")[0]
    assert day.precip_mm == Decimal("0.3")
    assert day.tmean == Decimal("20.1")  # derived 20.05: still above a 20 °C threshold


def test_who_may_import(tutor_ctx, specialist_ctx, branch_ctx, db):
    for ctx in (tutor_ctx, branch_ctx):
        assert not weather.may_import(ctx)
        with pytest.raises(PermissionDenied):
            weather.import_csv(ctx, HAND_MADE)
    assert weather.may_import(specialist_ctx)
    assert weather.import_csv(specialist_ctx, HAND_MADE).inserted == 5
    with pytest.raises(PermissionDenied):
        weather.load_shipped_into_db(tutor_ctx, WS)


def test_the_station_id_of_the_file_or_the_one_chosen(admin_ctx, db, tmp_path):
    path = tmp_path / "57016.csv"
    path.write_text(_csv(date(2022, 1, 1), date(2022, 1, 3), station="57016"), encoding="utf-8")
    result = weather.import_csv(admin_ctx, path, weather_station="MX-TEST")
    assert result.file_name == "57016.csv" and result.weather_stations == ("MX-TEST",)
    assert [p.code for p in result.warnings] == ["weather.station_renamed"]
    assert len(weather.days(db, "MX-TEST")) == 3 and weather.days(db, "57016") == []

    two = _csv(date(2022, 1, 1), date(2022, 1, 2), station="A1") + _csv(
        date(2022, 1, 1), date(2022, 1, 2), station="B1").split("\n", 1)[1]
    result = weather.import_csv(admin_ctx, two, weather_station="B1")
    assert result.weather_stations == ("B1",) and result.inserted == 2
    assert any(p.code == "weather.station_skipped" for p in result.warnings)
    result = weather.import_csv(admin_ctx, two, weather_station="C1")
    assert result.inserted == 0 and [p.code for p in result.errors] == ["weather.station_absent"]
    result = weather.import_csv(admin_ctx, _csv(date(2022, 1, 1), date(2022, 1, 1),
                                                station="眉县站"))
    assert result.inserted == 0 and [p.code for p in result.errors] == [
        "weather.station_id_invalid"]
    with pytest.raises(ValidationFailed):
        weather.import_csv(admin_ctx, two, weather_station="bad id!")


def test_an_unreadable_or_empty_file_says_so(admin_ctx, tmp_path):
    with pytest.raises(ValidationFailed):
        weather.import_csv(admin_ctx, tmp_path / "missing.csv")
    result = weather.import_csv(admin_ctx, "date,tmax\n2020-01-01,3\n")
    assert result.inserted == 0 and result.errors[0].code == "weather.column_missing"


# --------------------------------------------------------------------------- re-import

def test_importing_again_updates_changed_days_and_never_duplicates(admin_ctx, db):
    text = _csv(date(2022, 7, 1), date(2022, 7, 10))
    assert weather.import_csv(admin_ctx, text).inserted == 10
    again = weather.import_csv(admin_ctx, text)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 10)
    assert _count(db, OutboxEntry, OutboxEntry.entity == "weather_day") == 10

    changed = text.replace(f"{WS},2022-07-04,1.5,30.0", f"{WS},2022-07-04,1.5,36.5")
    changed += f"{WS},2022-07-11,0.0,31.0,21.0,26.0\n"
    result = weather.import_csv(admin_ctx, changed)
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 9)
    assert _count(db, WeatherDay) == 11
    [row] = [r for r in _rows(db) if r.day == date(2022, 7, 4)]
    assert row.tmax_x10 == 365 and row.version == 2
    assert set(json.loads(row.field_clock)) == {"tmax_x10"}
    with Session(db.engine) as session:
        entry = session.exec(select(OutboxEntry).where(OutboxEntry.entity_id == row.id,
                                                       OutboxEntry.op == "update")).one()
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity_id == row.id,
                                                      AuditEntry.action == "update")).one()
    assert (entry.base_version, entry.version) == (1, 2)
    assert json.loads(entry.payload) == row.model_dump(mode="json")
    assert json.loads(audit.changes) == {"tmax_x10": [300, 365]}
    assert weather.days(db, WS)[3].tmax == Decimal("36.5")  # the cache saw the change


def test_rows_made_before_enrollment_are_found_by_owner_and_day(admin_ctx, db):
    """Enrollment moves the station's rows to the server's station id but keeps their ids:
    an import afterwards updates those rows instead of adding rows with new ids."""
    weather.import_csv(admin_ctx, _csv(date(2022, 7, 1), date(2022, 7, 3)))
    new_station = "11111111-2222-3333-4444-555555555555"
    with db.session() as session:
        session.connection().exec_driver_sql(
            "UPDATE weather_day SET station_id = ?", (new_station,))
    moved = ServiceContext(db, admin_ctx.actor.__class__(**{
        **admin_ctx.actor.__dict__, "station_id": new_station}))
    result = weather.import_csv(moved, _csv(date(2022, 7, 1), date(2022, 7, 3), tmax="31.0"))
    assert (result.inserted, result.updated) == (0, 3)
    assert _count(db, WeatherDay) == 3


# --------------------------------------------------------------------------- own over shared

def _shared(db, day: date, tmax_x10: int, station: str = WS) -> WeatherDay:
    """A shared row as the sync pull stores it (station_id "")."""
    row = WeatherDay(id=weather_day_id("", station, day), station_id="", weather_station=station,
                     day=day, precip_x10=0, tmax_x10=tmax_x10, tmin_x10=200, tmean_x10=250,
                     source="central", created_hlc="", updated_hlc="")
    with db.session() as session:
        writes.insert(session, db, None, row)
    return row


def test_the_stations_own_day_overrides_the_shared_day(admin_ctx, db):
    for offset in range(3):
        _shared(db, date(2022, 7, 1) + timedelta(days=offset), 300 + offset)
    assert [d.tmax for d in weather.days(db, WS)] == [Decimal("30.0"), Decimal("30.1"),
                                                      Decimal("30.2")]
    assert weather.summary(db, WS).by_source == {weather.SOURCE_CENTRAL: 3}
    weather.import_csv(admin_ctx, HEADER + f"{WS},2022-07-02,0.0,38.8,20.0,25.0\n")
    found = weather.days(db, WS)
    assert [d.tmax for d in found] == [Decimal("30.0"), Decimal("38.8"), Decimal("30.2")]
    assert weather.summary(db, WS).by_source == {weather.SOURCE_CENTRAL: 2,
                                                 weather.SOURCE_IMPORT: 1}
    assert _count(db, WeatherDay) == 4  # both rows of 07-02 are kept; the own one is used


def test_the_cache_sees_a_pulled_update_with_an_older_stamp(admin_ctx, db):
    """A pulled update of an old shared day can carry a stamp older than the newest row
    (count and newest stamp unchanged); its version went up, so the cache notices."""
    row = _shared(db, date(2022, 7, 1), 300)
    weather.import_csv(admin_ctx, HEADER + f"{WS},2022-07-02,0.0,31.0,20.0,25.0\n")
    assert weather.days(db, WS)[0].tmax == Decimal("30.0")
    with db.session() as session:
        session.connection().exec_driver_sql(
            "UPDATE weather_day SET tmax_x10 = 333, version = version + 1 WHERE id = ?",
            (row.id,))
    assert weather.days(db, WS)[0].tmax == Decimal("33.3")


# --------------------------------------------------------------------------- fallback, quotes

def test_without_stored_days_the_shipped_file_is_used(db, station):
    assert weather.source(db, WS) == weather.SHIPPED
    shipped = weather.days(db, WS)
    assert len(shipped) > 11000 and shipped == weather.shipped_days(WS)
    first, last, count, missing = weather.coverage(db, WS)
    assert (first, missing) == (date(1994, 1, 1), 0) and count == len(shipped)
    assert weather.source(db, "XX-00000") == weather.NONE
    assert weather.days(db, "XX-00000") == [] and weather.days(db, "../x") == []


def test_quotes_use_the_stored_days(specialist_ctx, db):
    product = next(p for p in insurance.catalogue() if p.station_id == WS)
    before = insurance.quote(specialist_ctx, product.id, Decimal(1), today=date(2025, 6, 1))
    assert before.first_year == 1994
    weather.import_csv(specialist_ctx, _csv(date(2020, 1, 1), date(2021, 12, 31)))
    after = insurance.quote(specialist_ctx, product.id, Decimal(1), today=date(2025, 6, 1))
    assert (after.first_year, after.last_year, after.years) == (2020, 2021, 2)
    assert insurance.station_weather(WS, db) == weather.days_by_year(db, WS)


# --------------------------------------------------------------------------- completeness

def test_a_phase_with_a_missing_day_is_incomplete_never_computed(admin_ctx, db):
    product = next(p for p in insurance.catalogue() if p.id == "rice_heat_mx")
    section = product.sections[0]
    hole = date(2023, 7, 15)
    weather.import_csv(admin_ctx, _csv(date(2023, 6, 1), date(2023, 9, 30), skip=(hole,),
                                       tmax="36.0"))
    with pytest.raises(IncompleteWeather) as err:
        assess_section(product, section.code, weather.days(db, WS), season=2023)
    assert list(err.value.missing_dates) == [hole]
    assert "2023-07-15" in err.value.message.text()
    assert weather.coverage(db, WS).missing == 1

    weather.import_csv(admin_ctx, HEADER + f"{WS},2023-07-15,0.0,36.0,20.0,25.0\n")
    result = assess_section(product, section.code, weather.days(db, WS), season=2023)
    assert result.payout_per_mu == section.max_payout_per_mu or result.payout_per_mu > 0


def test_an_empty_value_makes_the_phase_incomplete(admin_ctx, db):
    product = next(p for p in insurance.catalogue() if p.id == "rice_heat_mx")
    text = _csv(date(2023, 6, 1), date(2023, 9, 30)).replace(
        f"{WS},2023-08-02,1.5,30.0,20.0,25.0", f"{WS},2023-08-02,1.5,,20.0,")
    result = weather.import_csv(admin_ctx, text)
    assert any(p.code == "weather.value_missing" for p in result.warnings)
    assert weather.summary(db, WS).days_with_missing_values == 1
    with pytest.raises(IncompleteWeather) as err:
        assess_section(product, "heat", weather.days(db, WS), season=2023)
    assert list(err.value.missing_dates) == [date(2023, 8, 2)]


# --------------------------------------------------------------------------- 31 years, demo

def test_the_31_year_file_imports_in_one_go(admin_ctx, db):
    path = weather.shipped_path(WS)
    result = weather.import_csv(admin_ctx, path)
    shipped = weather.shipped_days(WS)
    assert result.inserted == len(shipped) > 11000 and not result.errors
    print(f"31-year import: {result.inserted} days in {result.seconds:.2f} s")
    assert weather.source(db, WS) == weather.DATABASE
    assert weather.days(db, WS) == shipped  # exact: tenths back to the same Decimals
    assert len(weather.days_by_year(db, WS)) == 31
    again = weather.import_csv(admin_ctx, Path(path))
    assert again.unchanged == len(shipped) and again.inserted == again.updated == 0
    print(f"31-year re-import (nothing changed): {again.seconds:.2f} s")


def test_the_demo_loads_the_shipped_file_and_generated_days_up_to_yesterday(admin_ctx, db):
    result = weather.load_shipped_into_db(admin_ctx, "WY-58527", today=date(2025, 3, 10))
    shipped = weather.shipped_days("WY-58527")
    generated = (date(2025, 3, 9) - date(2024, 12, 31)).days
    assert result.inserted == len(shipped) + generated
    summary = weather.summary(db, "WY-58527")
    assert summary.source == weather.DATABASE and summary.missing_days == 0
    assert summary.last == date(2025, 3, 9) and summary.generated_days == generated
    assert summary.by_source[weather.SOURCE_SHIPPED] == len(shipped)
    found = weather.days(db, "WY-58527")
    assert all(d.tmin <= d.tmean <= d.tmax and d.precip_mm >= 0 for d in found[-generated:])

    later = weather.load_shipped_into_db(admin_ctx, "WY-58527", today=date(2025, 3, 20))
    assert (later.inserted, later.updated) == (10, 0)  # the same generated days, ten more
    assert weather.days(db, "WY-58527")[:len(found)] == found
    # This season's tea frost phase (03-05 … 04-04) is complete once its days are there.
    tea = next(p for p in insurance.catalogue() if p.id == "tea_frost_wy")
    weather.load_shipped_into_db(admin_ctx, "WY-58527", today=date(2025, 4, 10))
    assess_section(tea, tea.sections[0].code, weather.days(db, "WY-58527"), season=2025)

"""``station-central weather load``: daily weather checked like a station's import and
stored as shared ``weather_day`` records every station pulls."""

from __future__ import annotations

import contextlib
import io
import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from unittest import mock

from central_helpers import Central, Device, make_change
from sqlalchemy import func, select

from station_app.central import admin, db
from station_app.central.cli import main
from station_app.central.models import ChangeLog, SyncRecord
from station_app.domain.weather import weather_day_id

HEADER = "station_id,date,precip_mm,tmax,tmin,tmean\n"
_records = SyncRecord.__table__  # type: ignore[attr-defined]
_changes = ChangeLog.__table__  # type: ignore[attr-defined]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args: str, url: str) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch("sys.stdin", io.StringIO("")):
        code = main(["--db-url", url, *args])
    return Ran(code, out.getvalue(), err.getvalue())


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _days(station: str, first_day: int = 1, count: int = 5, tmax: str = "30.0") -> str:
    return "".join(f"{station},2024-07-{d:02d},1.0,{tmax},20.0,25.0\n"
                   for d in range(first_day, first_day + count))


def _weather_records(url: str) -> list[dict]:
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(_records).where(_records.c.entity == "weather_day")
                                .order_by(_records.c.entity_id)).mappings().all()
            return [dict(r) for r in rows]
    finally:
        engine.dispose()


def _feed_count(url: str) -> int:
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(_changes).where(
                _changes.c.entity == "weather_day")).scalar() or 0)
    finally:
        engine.dispose()


def test_weather_load_stores_shared_days_once_and_updates_only_changed_days(tmp_path):
    url = f"sqlite:///{tmp_path / 'central.db'}"
    path = _file(tmp_path, "mx.csv", "# generated\n" + HEADER + _days("MX-57016"))
    loaded = cli("weather", "load", str(path), url=url)
    assert loaded.returncode == 0, loaded.stderr
    assert "MX-57016 2024-07-01..2024-07-05: 5 new, 0 updated, 0 unchanged" in loaded.stdout
    rows = _weather_records(url)
    assert len(rows) == 5 and _feed_count(url) == 5
    for row in rows:
        payload = row["payload"]
        assert row["station_id"] is None and payload["station_id"] == ""
        assert row["entity_id"] == weather_day_id("", "MX-57016",
                                                  date.fromisoformat(payload["day"]))
        assert (payload["tmax_x10"], payload["tmean_x10"], payload["source"]) == (
            300, 250, "central")
        assert payload["version"] == 1 and payload["field_clock"] == "{}"

    # The same file again: nothing changes, nothing goes into the feed.
    again = cli("weather", "load", str(path), url=url)
    assert "0 new, 0 updated, 5 unchanged" in again.stdout
    assert _feed_count(url) == 5

    # One day corrected, one day added.
    fixed = _file(tmp_path, "mx2.csv", HEADER + _days("MX-57016").replace(
        "2024-07-03,1.0,30.0", "2024-07-03,1.0,35.5") + _days("MX-57016", 6, 1))
    assert "1 new, 1 updated, 4 unchanged" in cli("weather", "load", str(fixed),
                                                  url=url).stdout
    rows = {r["payload"]["day"]: r for r in _weather_records(url)}
    changed = rows["2024-07-03"]
    assert changed["version"] == 2 and changed["payload"]["tmax_x10"] == 355
    assert set(json.loads(changed["payload"]["field_clock"])) == {"tmax_x10"}
    assert changed["payload"]["updated_hlc"] > changed["payload"]["created_hlc"]
    assert _feed_count(url) == 7


def test_a_file_with_errors_is_refused_and_every_error_listed(tmp_path):
    url = f"sqlite:///{tmp_path / 'central.db'}"
    bad = _file(tmp_path, "bad.csv", HEADER
                + "WY-58527,2024-07-01,1.0,30.0,20.0,25.0\n"
                + "WY-58527,2024-07-02,-3.0,30.0,20.0,25.0\n"      # line 3
                + "WY-58527,2024-07-03,1.0,18.0,20.0,19.0\n"       # line 4
                + "WY-58527,2024-07-01,2.0,30.0,20.0,25.0\n")      # line 5: line 2 again
    refused = cli("weather", "load", str(bad), url=url)
    assert refused.returncode == 1
    assert "3 error(s); nothing was loaded" in refused.stderr
    for line in ("Line 3", "Line 4", "Line 5"):
        assert line in refused.stderr
    assert _weather_records(url) == []
    missing = cli("weather", "load", str(tmp_path / "nope.csv"), url=url)
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_warnings_do_not_stop_a_load_and_station_renames(tmp_path):
    url = f"sqlite:///{tmp_path / 'central.db'}"
    gappy = _file(tmp_path, "57016.csv", HEADER + _days("57016", 1, 2) + _days("57016", 5, 1))
    loaded = cli("weather", "load", str(gappy), "--station", "MX-57016", url=url)
    assert loaded.returncode == 0, loaded.stderr
    assert "warning: Station 57016 has no data for 2024-07-03 to 2024-07-04" in loaded.stderr
    assert "weather MX-57016" in loaded.stdout
    assert {r["payload"]["weather_station"] for r in _weather_records(url)} == {"MX-57016"}
    assert cli("weather", "load", str(gappy), "--station", "no good", url=url).returncode == 1
    odd = _file(tmp_path, "odd.csv", HEADER + _days("眉县", 1, 1))
    assert "station id" in cli("weather", "load", str(odd), url=url).stderr


def test_stations_pull_shared_weather_and_cannot_change_it(central: Central, tmp_path):
    station_id, code = central.new_station()
    device: Device = central.enroll(station_code=code)
    ws = f"T-{uuid.uuid4().hex[:8]}"
    path = _file(tmp_path, "w.csv", HEADER + _days(ws, 1, 3))
    loaded = admin.load_weather(central.engine, path)
    assert (loaded.inserted, loaded.stations) == (3, (ws,))
    pulled = [c for c in central.pull_all(device) if c["entity"] == "weather_day"
              and c["payload"]["weather_station"] == ws]
    assert len(pulled) == 3 and {c["payload"]["station_id"] for c in pulled} == {""}
    row = dict(pulled[0]["payload"])
    row.update(tmax_x10=999, version=row["version"] + 1, updated_hlc=device.hlc())
    [result] = central.push_ok(device, [make_change(device, "weather_day", row, op="update",
                                                    base_version=row["version"] - 1)])
    assert result["reason"]["code"] == "scope.denied"
    # The station's own day of that weather station is its own record: accepted.
    own = {**pulled[1]["payload"], "station_id": station_id, "source": "import",
           "id": weather_day_id(station_id, ws, date(2024, 7, 2)), "tmax_x10": 333}
    stamp = device.hlc()
    own.update(created_hlc=stamp, updated_hlc=stamp, version=1, field_clock="{}")
    [result] = central.push_ok(device, [make_change(device, "weather_day", own)])
    assert result["status"] == "applied", result

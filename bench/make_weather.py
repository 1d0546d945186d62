"""Generate the demo daily weather of the two demo stations (GENERATED data, not observations).

    python bench/make_weather.py            # writes resources/weather/<station>.csv
    python bench/make_weather.py --check    # ... and prints the burn analysis of each product

Each station gets ``YEARS`` of daily records in the import format of
``station_app.domain.weather.parse_weather_csv`` (``station_id,date,precip_mm,tmax,tmin,tmean``,
one decimal), preceded by a ``#`` comment line that says the data is generated.  The model,
per station, is deliberately simple and seeded (same seed → same files, byte for byte):

* temperature: a mean annual cycle interpolated between the monthly normals, a slow warming
  trend, a per-year offset and a day-to-day AR(1) anomaly (φ = 0.8) whose spread follows the
  season; wet days are cooler by day and milder by night (smaller diurnal range);
* precipitation: a two-state (dry/wet) Markov chain per month fitted to the monthly number
  of wet days (lag-1 persistence 0.35) and gamma-distributed amounts (shape 0.75) scaled to
  the monthly normal;
* occasional events so every shipped product pays in some years but not all: summer heat
  waves, spring cold snaps (frost), late-September cold-air outbreaks (寒露风), rainstorm
  spells in the plum-rain season and mid-summer droughts.

The monthly normals are rounded public climate figures of the two places; they make the
series look right, not true.  Never use these files as real observations.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "weather"
SEED = 20240607
FIRST_YEAR, LAST_YEAR = 1994, 2024  # 31 years
YEARS = LAST_YEAR - FIRST_YEAR + 1


@dataclass(frozen=True)
class Event:
    """With probability ``p`` per year, ``length`` days starting in [start, latest]."""

    kind: str  # "heat" | "cold" | "storm" | "drought"
    p: float
    start: str  # "MM-DD": earliest first day
    latest: str  # "MM-DD": latest first day
    length: tuple[int, int]
    strength: tuple[float, float]  # °C added (heat) / removed (cold), or mm per day (storm)


@dataclass(frozen=True)
class Station:
    station_id: str
    name_zh: str
    place_zh: str
    tmean: tuple[float, ...]  # monthly normal mean temperature, °C, Jan..Dec
    dtr: tuple[float, ...]  # monthly normal diurnal range (tmax − tmin), °C
    sd: tuple[float, ...]  # spread of the daily anomaly, °C
    precip: tuple[float, ...]  # monthly normal precipitation, mm
    wet_days: tuple[float, ...]  # monthly number of days with ≥ 0.1 mm
    events: tuple[Event, ...]


STATIONS = (
    Station(
        "MX-57016", "眉县", "陕西省宝鸡市眉县（关中平原西部，海拔约 500 米）",
        tmean=(-0.6, 2.6, 8.0, 14.3, 19.2, 23.8, 25.9, 24.4, 19.4, 13.4, 6.7, 0.9),
        dtr=(10.5, 10.8, 11.5, 12.2, 12.2, 11.8, 10.6, 10.2, 9.2, 9.4, 10.0, 10.4),
        sd=(2.8, 3.0, 3.0, 2.8, 2.4, 2.0, 1.8, 1.8, 2.1, 2.4, 2.8, 2.8),
        precip=(7, 10, 27, 42, 62, 70, 108, 100, 105, 55, 20, 6),
        wet_days=(3, 4, 7, 8, 10, 10, 12, 11, 13, 11, 6, 3),
        events=(
            Event("heat", 0.40, "07-01", "08-20", (3, 7), (3.5, 6.0)),
            Event("drought", 0.15, "06-20", "07-20", (15, 25), (0.0, 0.0)),
        ),
    ),
    Station(
        "WY-58527", "婺源", "江西省上饶市婺源县（赣东北丘陵茶区，海拔约 100 米）",
        tmean=(5.0, 7.2, 11.0, 17.0, 21.6, 25.0, 28.3, 27.6, 24.3, 19.3, 12.9, 7.2),
        dtr=(8.0, 7.8, 7.8, 8.6, 8.4, 7.4, 8.6, 8.8, 8.8, 9.6, 9.8, 9.2),
        sd=(2.8, 3.0, 2.8, 2.5, 2.0, 1.6, 1.3, 1.4, 1.4, 1.8, 2.6, 2.8),
        precip=(80, 110, 190, 230, 270, 330, 180, 140, 80, 75, 75, 50),
        wet_days=(12, 13, 17, 17, 17, 17, 15, 14, 9, 9, 9, 9),
        events=(
            Event("cold", 0.40, "03-05", "03-28", (2, 4), (5.0, 9.0)),
            Event("cold", 0.20, "09-20", "10-03", (4, 8), (3.5, 6.0)),
            Event("storm", 0.12, "05-10", "06-15", (2, 3), (55.0, 110.0)),
            Event("drought", 0.12, "07-08", "08-05", (18, 30), (0.0, 0.0)),
        ),
    ),
)

_MID = [15.5, 45, 74.5, 105, 135.5, 166, 196.5, 227.5, 258, 288.5, 319, 349.5]  # day of year


def _interp(values: tuple[float, ...], doy: float) -> float:
    """Periodic linear interpolation between mid-month values."""
    for i in range(12):
        j = (i + 1) % 12
        a, b = _MID[i], _MID[j] + (365 if j == 0 else 0)
        x = doy if doy >= _MID[0] else doy + 365
        if a <= x <= b:
            return values[i] + (values[j] - values[i]) * (x - a) / (b - a)
    return values[0]  # pragma: no cover


def _md(year: int, text: str) -> date:
    return date(year, int(text[:2]), int(text[3:]))


def _events(station: Station, year: int, rng: random.Random) -> dict[date, tuple[str, float]]:
    out: dict[date, tuple[str, float]] = {}
    for event in station.events:
        if rng.random() >= event.p:
            continue
        first, latest = _md(year, event.start), _md(year, event.latest)
        start = first + timedelta(days=rng.randint(0, (latest - first).days))
        length = rng.randint(*event.length)
        strength = rng.uniform(*event.strength)
        for k in range(length):
            # heat and cold build up and fade: full strength in the middle
            shape = 1.0 if event.kind in ("storm", "drought") else (
                0.7 + 0.3 * math.sin(math.pi * (k + 0.5) / length))
            value = strength * shape if event.kind != "storm" else rng.uniform(*event.strength)
            out[start + timedelta(days=k)] = (event.kind, value)
    return out


def _markov(wet_days: float, days_in_month: int, persistence: float = 0.35
            ) -> tuple[float, float]:
    """(P(wet | dry yesterday), P(wet | wet yesterday)) for the monthly wet-day frequency."""
    pw = min(0.95, wet_days / days_in_month)
    p11 = pw + (1 - pw) * persistence
    p01 = pw * (1 - p11) / (1 - pw)
    return p01, p11


def generate(station: Station, seed: int = SEED) -> list[tuple[date, float, float, float, float]]:
    """``(date, precip_mm, tmax, tmin, tmean)`` for every day of FIRST_YEAR..LAST_YEAR."""
    rng = random.Random(f"{seed}:{station.station_id}")
    rows = []
    anomaly = 0.0
    wet = False
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        year_offset = rng.gauss(0.0, 0.5) + 0.025 * (year - FIRST_YEAR)
        events = _events(station, year, rng)
        day = date(year, 1, 1)
        while day.year == year:
            doy = day.timetuple().tm_yday
            month = day.month
            days_in_month = ((date(year + (month == 12), month % 12 + 1, 1)
                              - date(year, month, 1)).days)
            p01, p11 = _markov(station.wet_days[month - 1], days_in_month)
            mean_wet = station.precip[month - 1] / max(station.wet_days[month - 1], 0.5)
            kind, strength = events.get(day, ("", 0.0))

            wet = rng.random() < (p11 if wet else p01)
            precip = rng.gammavariate(0.75, mean_wet / 0.75) if wet else 0.0
            if kind in ("heat", "drought"):
                wet, precip = False, 0.0
            elif kind == "storm":
                wet, precip = True, strength
            elif kind == "cold" and wet:
                precip = min(precip, 8.0)

            sd = _interp(station.sd, doy)
            anomaly = 0.8 * anomaly + rng.gauss(0.0, sd * math.sqrt(1 - 0.8 ** 2))
            tmean = _interp(station.tmean, doy) + year_offset + anomaly
            dtr = _interp(station.dtr, doy) * rng.uniform(0.8, 1.15)
            if wet:
                tmean -= 1.0
                dtr *= 0.55 if precip >= 10 else 0.75
            if kind == "heat":
                tmean += strength
                dtr *= 1.1
            elif kind == "cold":
                tmean -= strength
                dtr *= 1.15 if not wet else 1.0
            tmean_r = round(tmean, 1)
            tmax_r = round(tmean + dtr / 2, 1)
            tmin_r = round(tmean - dtr / 2, 1)
            tmax_r = max(tmax_r, tmean_r)
            tmin_r = min(tmin_r, tmean_r)
            precip_r = round(precip, 1)
            rows.append((day, precip_r, tmax_r, tmin_r, tmean_r))
            day += timedelta(days=1)
    return rows


def csv_text(station: Station, rows: list[tuple[date, float, float, float, float]],
             seed: int = SEED) -> str:
    lines = [
        f"# GENERATED demo data, not observations / 生成的演示数据，不是实测：bench/make_weather.py "
        f"seed={seed} station={station.station_id} {station.name_zh} {FIRST_YEAR}-{LAST_YEAR}",
        "station_id,date,precip_mm,tmax,tmin,tmean",
    ]
    for day, precip, tmax, tmin, tmean in rows:
        lines.append(f"{station.station_id},{day.isoformat()},{precip:.1f},{tmax:.1f},"
                     f"{tmin:.1f},{tmean:.1f}")
    return "\n".join(lines) + "\n"


def write_all(out: Path = OUT, seed: int = SEED) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for station in STATIONS:
        path = out / f"{station.station_id}.csv"
        path.write_text(csv_text(station, generate(station, seed), seed), encoding="utf-8",
                        newline="\n")
        paths.append(path)
    return paths


def check(paths: list[Path]) -> None:
    """Print the burn analysis of every shipped product on the generated data."""
    sys.path.insert(0, str(ROOT))
    from station_app.domain.insurance import burn_analysis, load_products
    from station_app.domain.weather import parse_weather_csv

    data = {}
    for path in paths:
        result = parse_weather_csv(path.read_text(encoding="utf-8"))
        assert not result.problems, result.problems[:3]
        for station_id in result.stations:
            data[station_id] = result.days_by_year(station_id)
    for product in load_products(ROOT / "resources" / "insurance" / "products.json"):
        burn = burn_analysis(product, data[product.station_id])
        paid = [f"{y.year}:{y.payout_per_mu}" for y in burn.years if y.payout_per_mu]
        print(f"{product.id}: {burn.payout_years}/{burn.complete_years} years paid, "
              f"avg {burn.average_payout_per_mu}/mu, premium {burn.premium_per_mu}/mu, "
              f"loss ratio {burn.average_loss_ratio}\n    {' '.join(paid)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--check", action="store_true",
                        help="print the burn analysis of the shipped products")
    args = parser.parse_args(argv)
    paths = write_all(args.out, args.seed)
    for path in paths:
        print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
    if args.check:
        check(paths)


if __name__ == "__main__":
    main()

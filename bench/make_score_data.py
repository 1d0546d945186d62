"""Make (or reuse) a county database with scoring data for every farmer, for bench_score.py.

    python bench/make_score_data.py --farmers 100000
    python bench/make_score_data.py --farmers 2000            # small, for a smoke run

Starts from the county made by ``bench/make_data.py`` (``--db``, default
``bench/data/county.db`` for 100,000 farmers, ``bench/data/county_<N>.db`` otherwise; built
first if missing) and writes a COPY (``--out``, default ``<db>`` with ``.scores.db``), so the
county the search benchmark uses is never changed.  The copy is migrated by the app's own
``open_database`` and then filled, for every live farmer (or a ``--with-data-share`` of them,
picked at random), with what the credit score reads:

* 0–2 online shops (~30 % none, ~60 % one, ~10 % two) on the usual platforms, each with
  12–24 months of typed monthly totals (``monthly_sales``; seasonal, some shops dormant);
* for ~10 % of all shops (picked among those on Pinduoduo, Taobao and Douyin, the platforms
  with a shipped import mapping) an imported order export of the last 1–8 months up to today
  (60–340 orders each, ~1.6 M in all for 100,000 farmers): ``import_batch`` and
  ``sales_order`` rows as ``sales_import.commit_import`` stores them (ids = batch UUID
  prefix + row number, buyer pseudonyms keyed with the database's key, times as ISO text,
  ``settled_at`` and the after-sale times empty); typed months stop where the export starts;
* 1–3 plots, 1–4 planting seasons of the crop calendar's crops with harvests (one or two
  picks, a quality pass rate on ~60 %) for the seasons already due, and 1–2 input costs each;
* attendance at 0–4 of 24 training sessions of the last two years.

Rows are written with plain ``sqlite3`` ``executemany`` in the app's exact column formats:
money in fen, areas/yields/prices as ``*_x100`` integers, shares in basis points, dates as
``YYYY-MM-DD``, times as ``YYYY-MM-DD HH:MM:SS.ffffff``, a fresh HLC string from the
database's own clock per row, ``field_clock = '{}'``, ``version = 1``, the county's station
id.  No outbox or audit rows are written for them (a station whose changes the server has
acknowledged keeps none in its outbox; the score never reads the audit log).

Idempotent: the finished file carries a ``bench_score_data`` marker in ``local_meta`` with
the parameters; a file with the same marker is reused, anything else (another share, seed or
size, an interrupted run) is made again.  The file is built under a temporary name and
renamed when complete.  At the end a few farmers are read back through the real services
(``scoring.farmer_inputs``) and their inputs printed and checked for sanity.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_data  # noqa: E402  (bench/ is not a package)

MARKER = "bench_score_data"
GENERATOR_VERSION = 1
CHUNK = 5000  # farmers per transaction

PLATFORMS = (("pinduoduo", 45), ("douyin", 20), ("taobao", 15), ("kuaishou", 8),
             ("wechat", 8), ("jd", 2), ("other", 2))
EXPORT_PLATFORMS = ("pinduoduo", "taobao", "douyin")  # the shipped import mappings
PRODUCTS = (("眉县徐香猕猴桃 5斤装 单果80-100g", 2990, 4990), ("眉县翠香猕猴桃 10斤 礼盒", 5990, 8990),
            ("秦岭红富士苹果 5斤", 1990, 3290), ("眉县大樱桃 2斤 JJ级", 4990, 8990),
            ("农家土鸡蛋 30枚", 3290, 4590), ("秦岭黑木耳 250g", 2590, 3990),
            ("手工挂面 2.5kg", 1890, 2890))
PLOT_NAMES = ("河滩地", "塬上果园", "村东头地", "坡地", "北沟地", "老院子后", "渠边地", "大棚")
FARM_CROPS = (("kiwifruit", 40), ("apple", 12), ("cherry", 10), ("wheat", 12), ("maize", 12),
              ("maize_summer", 4), ("black_fungus", 3), ("tea", 2), ("rice", 5))
TRAINING_TOPICS = ("拼多多开店与商品上架", "抖音短视频拍摄与直播带货", "猕猴桃分级包装与冷链发货",
                   "网店售后与差评处理", "农产品质量安全与溯源", "防范电信诈骗与征信常识")
COST_KINDS = ("fertilizer", "seed", "pesticide", "labour", "packaging", "irrigation")
# Fruit sells after the harvest: kiwifruit Sep–Jan, cherry May–Jun, apples Oct–Mar.
SEASONALITY = (1.3, 1.0, 0.8, 0.6, 0.9, 1.0, 0.7, 0.7, 1.2, 1.5, 1.7, 1.6)


def default_db(farmers: int) -> Path:
    return Path("bench/data/county.db" if farmers == 100_000 else f"bench/data/county_{farmers}.db")


def default_out(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + ".scores.db")


def day(d: date) -> str:
    return d.isoformat()


def moment(t: datetime) -> str:
    return t.isoformat(" ", "microseconds")


def month_add(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


def factor(rng: random.Random, low: float, high: float) -> Decimal:
    """A random factor with two decimals, as a Decimal."""
    return Decimal(str(round(rng.uniform(low, high), 2)))


def read_marker(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM local_meta WHERE key = ?", (MARKER,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None


class Generator:
    """Rows for a chunk of farmers, appended to per-table lists."""

    COLS = {
        "shop": "id, station_id, created_hlc, updated_hlc, field_clock, version, deleted, "
                "farmer_id, platform, shop_name, platform_shop_id, opened_on, notes",
        "monthly_sales": "id, station_id, created_hlc, updated_hlc, field_clock, version, "
                         "deleted, shop_id, month, orders, gmv_fen, refunds_fen",
        "import_batch": "id, station_id, created_hlc, updated_hlc, field_clock, version, deleted, "
                        "shop_id, file_name, file_sha256, mapping_id, rows_total, rows_imported, "
                        "rows_duplicate, rows_error, imported_by, imported_at",
        "sales_order": "id, station_id, created_hlc, updated_hlc, field_clock, version, deleted, "
                       "shop_id, order_no, ordered_at, product, quantity, amount_fen, status, "
                       "buyer_key, shipped_at, signed_at, settled_at, after_sale, "
                       "after_sale_requested_at, after_sale_responded_at, refund_fen, "
                       "import_batch_id",
        "plot": "id, station_id, created_hlc, updated_hlc, field_clock, version, deleted, "
                "farmer_id, name, area_mu_x100, village, latitude, longitude, "
                "land_certificate_no, notes",
        "planting_season": "id, station_id, created_hlc, updated_hlc, field_clock, version, "
                           "deleted, plot_id, farmer_id, crop_code, variety, planting_date, "
                           "expected_harvest_date, area_mu_x100, expected_yield_kg_per_mu_x100, "
                           "expected_price_fen_per_kg, calendar_version, notes",
        "harvest": "id, station_id, created_hlc, updated_hlc, field_clock, version, deleted, "
                   "season_id, harvested_on, yield_kg_x100, sold_online_bp, quality_pass_bp, notes",
        "input_cost": "id, station_id, created_hlc, updated_hlc, field_clock, version, deleted, "
                      "season_id, category, spent_on, amount_fen, notes",
        "training_session": "id, station_id, created_hlc, updated_hlc, field_clock, version, "
                            "deleted, held_on, topic, tutor_user_id, tutor_name, location, "
                            "duration_minutes, notes",
        "training_attendance": "id, station_id, created_hlc, updated_hlc, field_clock, version, "
                               "deleted, session_id, farmer_id",
    }

    def __init__(self, rng: random.Random, db, station_id: str, tutor: tuple[str, str],
                 calendar, today: date) -> None:
        from station_app.domain.crops import expected_harvest_date
        from station_app.store.models import new_id

        self.rng, self.db, self.station_id, self.today = rng, db, station_id, today
        self.tutor_id, self.tutor_name = tutor
        self.calendar = calendar
        self.expected_harvest_date = expected_harvest_date
        self.new_id = new_id
        self.rows: dict[str, list[tuple]] = {t: [] for t in self.COLS}
        self.trainings: list[str] = []
        self.counts: dict[str, int] = {t: 0 for t in self.COLS}

    def common(self) -> tuple:
        stamp = self.db.hlc()
        return (self.new_id(), self.station_id, stamp, stamp, "{}", 1, 0)

    def flush(self, conn: sqlite3.Connection) -> None:
        for table, rows in self.rows.items():
            if rows:
                cols = self.COLS[table]
                marks = ", ".join("?" * len(cols.split(",")))
                conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
                self.counts[table] += len(rows)
                rows.clear()

    # ----------------------------------------------------------------- training sessions
    def training_sessions(self) -> None:
        rng = self.rng
        for number in range(24):
            held = self.today - timedelta(days=10 + 30 * number + rng.randint(0, 12))
            self.rows["training_session"].append((*self.common(), day(held),
                                                  TRAINING_TOPICS[number % len(TRAINING_TOPICS)],
                                                  self.tutor_id, self.tutor_name,
                                                  rng.choice(("横渠镇电商服务站", "村委会会议室",
                                                              "合作社院子")),
                                                  rng.choice((90, 120, 150, 180)), ""))
            self.trainings.append(self.rows["training_session"][-1][0])

    # ----------------------------------------------------------------- one farmer
    def farmer(self, farmer_id: str, village: str) -> None:
        rng = self.rng
        r = rng.random()
        shops = 0 if r < 0.30 else (1 if r < 0.90 else 2)
        for n in range(shops):
            self.shop(farmer_id, village, n)
        self.farm(farmer_id, village)
        k = rng.choices((0, 1, 2, 3, 4), (35, 30, 20, 10, 5))[0]
        for session_id in rng.sample(self.trainings, k):
            self.rows["training_attendance"].append((*self.common(), session_id, farmer_id))

    def shop(self, farmer_id: str, village: str, n: int) -> None:
        rng, today = self.rng, self.today
        platform = weighted(rng, PLATFORMS)
        this_month = today.replace(day=1)
        months = rng.randint(12, 24)
        lag = rng.choices((1, 2, 3), (75, 18, 7))[0]  # typing is a month or more behind
        last = month_add(this_month, -lag)
        first = month_add(last, -(months - 1))
        opened = first - timedelta(days=rng.randint(0, 200))
        shop_id = self.common()
        self.rows["shop"].append((*shop_id, farmer_id, platform,
                                  f"{village}{rng.choice(('鲜果小店', '农家特产', '果园直发', '山货铺'))}"
                                  + ("" if n == 0 else "二店"),
                                  "" if rng.random() < 0.5 else str(rng.randint(10**8, 10**9)),
                                  day(opened), ""))
        sid = shop_id[0]
        export_from = None
        if platform in EXPORT_PLATFORMS and rng.random() < 0.10 / 0.80:  # ≈10 % of all shops
            export_from = month_add(this_month, -rng.randint(1, 8))
            self.orders(sid, platform, export_from)
        level = math.exp(rng.gauss(math.log(40), 0.9))  # orders per month, long-tailed
        value = rng.randint(2500, 7000)  # fen per order
        dormant_from = month_add(last, -rng.randint(2, 7)) if rng.random() < 0.10 else None
        month = first
        while month <= last and (export_from is None or month < export_from):
            if dormant_from is not None and month >= dormant_from:
                orders = 0
            else:
                orders = max(0, int(level * SEASONALITY[month.month - 1] * rng.uniform(0.6, 1.4)))
            gmv = int(orders * value * rng.uniform(0.85, 1.15))
            refunds = int(gmv * rng.uniform(0.0, 0.07))
            self.rows["monthly_sales"].append((*self.common(), sid, day(month), orders, gmv,
                                               refunds))
            month = month_add(month, 1)

    def orders(self, shop_id: str, platform: str, export_from: date) -> None:
        rng, today = self.rng, self.today
        count = rng.randint(60, 340)
        start = datetime.combine(export_from, datetime.min.time())
        end = datetime.combine(today, datetime.min.time()) + timedelta(hours=rng.randint(8, 20))
        span = int((end - start).total_seconds())
        times = sorted(start + timedelta(seconds=rng.randrange(span)) for _ in range(count))
        buyers: list[str] = []
        loyal = rng.uniform(0.1, 0.35)  # share of orders from a buyer who ordered before
        batch = self.common()
        prefix = self.new_id()[:24]
        stamp = batch[2]
        recent = datetime.combine(today, datetime.min.time()) - timedelta(days=12)
        for seq, ordered in enumerate(times, 1):
            product, low, high = rng.choice(PRODUCTS)
            quantity = rng.choices((1, 2, 3), (80, 15, 5))[0]
            amount = rng.randint(low, high) * quantity
            shipped = signed = None
            after, refund = "none", 0
            r = rng.random()
            if r < 0.01:
                status = "pending_payment"
            elif r < 0.05:
                status = "cancelled"
            else:
                late = 60 * rng.choice((30, 40, 60, 96))  # some shops ship later than 48 h
                shipped = ordered + timedelta(minutes=rng.randint(60, late))
                signed = shipped + timedelta(hours=rng.randint(20, 120))
                if ordered >= recent and signed > end:
                    status, signed = ("shipped" if shipped <= end else "paid"), None
                    if shipped > end:
                        shipped = None
                elif r < 0.08:
                    status, after, refund = "closed", "refunded", amount
                else:
                    status = "completed" if rng.random() < 0.9 else "signed"
                    a = rng.random()
                    after = "requested" if a < 0.01 else ("rejected" if a < 0.02 else "none")
            if buyers and rng.random() < loyal:
                buyer: str | None = rng.choice(buyers)
            else:
                buyer = self.db.cipher.blind_index(
                    f"{platform}\x00buyer{rng.randrange(10**9)}", kind="buyer")[:20]
                buyers.append(buyer)
            if rng.random() < 0.03:
                buyer = None  # exports without the buyer column for some rows
            self.rows["sales_order"].append((
                prefix + f"{seq:012x}", self.station_id, stamp, stamp, "{}", 1, 0, shop_id,
                f"{ordered:%y%m%d}-{rng.randrange(10**14, 10**15)}{seq:04d}", moment(ordered),
                product, quantity, amount, status, buyer,
                moment(shipped) if shipped else None, moment(signed) if signed else None, None,
                after, None, None, refund, batch[0]))
        self.rows["import_batch"].append((
            *batch, shop_id, f"{platform}-orders-{today:%Y%m%d}.csv",
            f"{rng.getrandbits(256):064x}", platform, count, count, 0, 0, self.tutor_id,
            moment(datetime.now(timezone.utc).replace(tzinfo=None)
                   - timedelta(days=rng.randint(0, 10)))))

    def farm(self, farmer_id: str, village: str) -> None:
        rng, today, calendar = self.rng, self.today, self.calendar
        plots = rng.choices((1, 2, 3), (55, 35, 10))[0]
        seasons = rng.choices((1, 2, 3, 4), (30, 35, 20, 15))[0]
        plot_rows = []
        for n in range(plots):
            area = (rng.randint(2, 20) if rng.random() < 0.95 else rng.randint(20, 60)) * 50
            row = (*self.common(), farmer_id, PLOT_NAMES[(n + rng.randint(0, 7)) % len(PLOT_NAMES)],
                   area, village, None, None,
                   f"610326{rng.randint(10**11, 10**12 - 1)}" if rng.random() < 0.4 else "", "")
            self.rows["plot"].append(row)
            crop = calendar.get(weighted(rng, FARM_CROPS)) or calendar[calendar.codes[0]]
            window = crop.typical_planting_window
            started = date(today.year, int(window.start[:2]), min(int(window.start[3:]), 28))
            # One season a year on a plot, the last four years (this year once planting began).
            first_back = 0 if started + timedelta(days=20) <= today else 1
            plot_rows.append((row[0], area, crop, list(range(first_back, first_back + 4))))
        for n in range(seasons):
            plot_id, area, crop, years = plot_rows[n % plots]
            if not years:
                continue
            back = years.pop(rng.randrange(len(years)))
            window = crop.typical_planting_window
            early = date(today.year - back, int(window.start[:2]), min(int(window.start[3:]), 28))
            planted = early + timedelta(days=rng.randint(0, 20))
            harvest_on = self.expected_harvest_date(crop, planted)
            season_area = area if rng.random() < 0.8 else max(50, int(area * rng.uniform(0.4, 0.9)))
            yield_x100 = int(crop.typical_yield_per_mu * 100 * factor(rng, 0.85, 1.15))
            price = int(crop.typical_price_yuan_per_kg * 100 * factor(rng, 0.9, 1.1))
            season = self.common()
            self.rows["planting_season"].append((*season, plot_id, farmer_id, crop.code, "",
                                                 day(planted), day(harvest_on), season_area,
                                                 yield_x100, price, calendar.version, ""))
            for _ in range(rng.choice((1, 1, 2))):
                spent = planted + timedelta(days=rng.randint(0, 40))
                if spent > today:
                    spent = today
                self.rows["input_cost"].append((
                    *self.common(), season[0], rng.choice(COST_KINDS), day(spent),
                    int(crop.input_cost_per_mu_yuan * season_area * factor(rng, 0.15, 0.35)),
                    ""))
            if harvest_on < today and rng.random() < 0.9:
                total = yield_x100 * season_area / 100 * rng.uniform(0.5, 1.25)  # hundredths of kg
                picks = 2 if crop.code in ("kiwifruit", "apple") and rng.random() < 0.3 else 1
                for pick in range(picks):
                    on = min(today, harvest_on + timedelta(days=rng.randint(-10, 10) + 12 * pick))
                    on = max(on, planted)
                    self.rows["harvest"].append((
                        *self.common(), season[0], day(on), int(total / picks),
                        rng.randint(0, 80) * 100,
                        rng.randint(70, 99) * 100 if rng.random() < 0.6 else None, ""))


def build(args: argparse.Namespace, source: Path, out: Path, marker: dict) -> dict:
    from station_app.services import reference
    from station_app.store.db import open_database

    tmp = out.with_name(out.name + ".building")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(source)  # fold any WAL in, then copy the settled file
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    started = time.perf_counter()
    shutil.copyfile(source, tmp)
    db = open_database(tmp, backup=False)  # the app's migrations bring the schema up to date
    try:
        calendar = reference.active_calendar(db)
        conn = sqlite3.connect(tmp, isolation_level=None)
        conn.execute("PRAGMA synchronous=OFF")
        station_id = conn.execute("SELECT id FROM station WHERE deleted = 0").fetchone()[0]
        tutor = conn.execute("SELECT id, display_name FROM user_account WHERE role = 'tutor' "
                             "ORDER BY created_hlc LIMIT 1").fetchone() or ("", "王芳")
        have = {r[0] for r in conn.execute("SELECT farmer_id FROM shop UNION "
                                           "SELECT farmer_id FROM plot")}
        farmers = [(f, v) for f, v in conn.execute(
            "SELECT id, village FROM farmer WHERE deleted = 0 ORDER BY id") if f not in have]
        rng = random.Random(args.seed)
        chosen = [f for f in farmers if rng.random() < args.with_data_share]
        gen = Generator(rng, db, station_id, tutor, calendar, date.today())
        conn.execute("BEGIN")
        gen.training_sessions()
        gen.flush(conn)
        conn.execute("COMMIT")
        for start in range(0, len(chosen), CHUNK):
            for farmer_id, village in chosen[start:start + CHUNK]:
                gen.farmer(farmer_id, village)
            conn.execute("BEGIN")
            gen.flush(conn)
            conn.execute("COMMIT")
            done = min(start + CHUNK, len(chosen))
            print(f"  {done:>7,}/{len(chosen):,} farmers  {time.perf_counter() - started:6.1f} s  "
                  f"({gen.counts['sales_order']:,} orders, "
                  f"{gen.counts['monthly_sales']:,} typed months so far)", flush=True)
        marker = dict(marker, farmers_with_data=len(chosen), farmers_skipped=len(have),
                      rows=gen.counts, seconds=round(time.perf_counter() - started, 1),
                      made=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
        conn.execute("BEGIN")
        conn.execute("INSERT OR REPLACE INTO local_meta (key, value) VALUES ('hlc_high_water', ?)",
                     (db.hlc(),))
        conn.execute("INSERT OR REPLACE INTO local_meta (key, value) VALUES (?, ?)",
                     (MARKER, json.dumps(marker)))
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
    finally:
        db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, out)
    return marker


def check(out: Path, samples: int = 4) -> None:
    """Read a few farmers back through the real services and check the numbers are sane."""
    from sqlmodel import Session, select

    from station_app.domain.roles import Role
    from station_app.domain.scoring import score
    from station_app.services import scoring
    from station_app.services.context import Actor, ServiceContext
    from station_app.store.db import open_database
    from station_app.store.models import User

    db = open_database(out, backup=False)
    try:
        with Session(db.engine) as session:
            user = session.exec(select(User).where(User.role == Role.SPECIALIST.value)).first()
            station_id = session.exec(select(User.station_id)).first()
        actor = (Actor(user.id, user.username, user.display_name, Role.SPECIALIST, user.station_id)
                 if user else Actor("", "bench", "bench", Role.SPECIALIST, station_id or ""))
        ctx = ServiceContext(db, actor)
        conn = sqlite3.connect(out)
        picks = {
            "with imported orders": "SELECT s.farmer_id FROM import_batch b JOIN shop s "
                                    "ON s.id = b.shop_id ORDER BY b.id LIMIT 1",
            "two shops": "SELECT farmer_id FROM shop GROUP BY farmer_id HAVING count(*) = 2 "
                         "ORDER BY farmer_id LIMIT 1",
            "typed months only": "SELECT farmer_id FROM shop WHERE id NOT IN (SELECT shop_id "
                                 "FROM import_batch) ORDER BY id LIMIT 1",
            "no shop": "SELECT id FROM farmer WHERE id NOT IN (SELECT farmer_id FROM shop) "
                       "ORDER BY id LIMIT 1",
        }
        model = scoring.shipped_model()
        for label, sql in list(picks.items())[:samples]:
            row = conn.execute(sql).fetchone()
            if row is None:
                continue
            inputs = scoring.farmer_inputs(ctx, row[0])
            result = score(model, inputs)
            shown = {k: (str(v) if v is not None else None) for k, v in inputs.items()}
            print(f"  {label} ({row[0][:8]}…): total {result.total}, grade {result.grade}, "
                  f"limit {result.credit_limit} yuan")
            print("    " + json.dumps(shown, ensure_ascii=False))
            problems = []
            if label != "no shop":
                if inputs.get("net_sales_12m") is None or Decimal(inputs["net_sales_12m"]) <= 0:
                    problems.append("no 12-month sales")
                if inputs.get("shop_age_days") is None or inputs["shop_age_days"] < 300:
                    problems.append("shop younger than its sales")
            if label == "with imported orders":
                if not inputs["paid_orders"] or inputs["refund_rate"] is None:
                    problems.append("orders not seen")
                if not (Decimal("0.5") <= inputs["completion_rate"] <= 1):
                    problems.append("completion rate odd")
            if label == "no shop" and "paid_orders" in inputs:
                problems.append("sales keys for a farmer without shop")
            if inputs["planted_area_mu"] is None or not (0 < inputs["planted_area_mu"] <= 100):
                problems.append("planted area odd")
            if problems:
                raise SystemExit(f"sanity check failed for {label}: {problems}")
        conn.close()
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--farmers", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="the county made by make_data.py "
                        "(default bench/data/county.db, or county_<N>.db for other sizes)")
    parser.add_argument("--out", type=Path, help="default: <db>.scores.db beside it")
    parser.add_argument("--with-data-share", type=float, default=1.0,
                        help="share of the farmers that get scoring data (default 1.0)")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--force", action="store_true", help="make it again even if reusable")
    parser.add_argument("--no-check", action="store_true", help="skip the read-back check")
    args = parser.parse_args(argv)
    if not 0 <= args.with_data_share <= 1:
        parser.error("--with-data-share must be between 0 and 1")
    source = args.db or default_db(args.farmers)
    out = args.out or default_out(source)
    home = make_data.setup_env(source)
    # Data are dated relative to the day they were made (kept in the marker as "made"); a file
    # made on an earlier day is still reused.
    marker = {"version": GENERATOR_VERSION, "farmers": args.farmers, "seed": args.seed,
              "share": args.with_data_share}

    found = read_marker(out)
    if (not args.force and found is not None
            and {k: found.get(k) for k in marker} == marker
            and make_data.existing_state(out, home)[2]):
        print(f"{out}: reusing, scoring data for {found['farmers_with_data']:,} farmers "
              f"({found['rows']['sales_order']:,} orders), made {found['made']}")
    else:
        make_data.main(["--farmers", str(args.farmers), "--db", str(source)])
        why = "forced" if args.force else ("none yet" if found is None else "other parameters")
        print(f"{out}: making ({why}) from {source}", flush=True)
        found = build(args, source, out, marker)
        print(f"{out}: {found['farmers_with_data']:,} farmers with data in {found['seconds']} s; "
              f"rows: {json.dumps(found['rows'])}; {out.stat().st_size / 2**20:.0f} MiB")
        Path(f"{out}.meta.json").write_text(json.dumps(found), encoding="utf-8")
    if not args.no_check:
        check(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

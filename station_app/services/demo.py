"""Demo data: a realistic county station, for first-run tours, screenshots and benchmarks.

The county is 陕西省宝鸡市眉县 (region code 610326), known for kiwifruit.  Townships are
real; village names and people are generated.  Every resident ID has a valid check digit
and an embedded birth date matching the record, phones are valid mainland numbers, bank
cards pass Luhn, cooperative codes pass the GB 32100 check.  The station is flagged
``is_demo`` so nobody mistakes it for real data.

Farmers are written in bulk (one transaction, ``executemany``) with their outbox and audit
rows, because 100,000 of them through the per-record path would take minutes.
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Callable

from sqlalchemy import insert as sa_insert
from sqlmodel import Session, func, select

from station_app.domain import ids, masking, names
from station_app.domain.roles import Role
from station_app.services import auth, writes
from station_app.services.context import Actor
from station_app.domain.messages import Message
from station_app.services.errors import ServiceError
from station_app.store.db import Database, remember_clock
from station_app.store.models import (
    AuditEntry,
    Consent,
    Farmer,
    Harvest,
    InputCost,
    MonthlySales,
    OutboxEntry,
    PlantingSeason,
    Plot,
    Shop,
    TrainingAttendance,
    TrainingSession,
    User,
    Village,
    new_id,
)

DEMO_PASSWORD = "demo1234"
PROVINCE, CITY, COUNTY, COUNTY_CODE = "陕西省", "宝鸡市", "眉县", "610326"
TOWNSHIPS = ("首善街道", "横渠镇", "槐芽镇", "汤峪镇", "常兴镇", "金渠镇", "营头镇", "齐镇")
log = logging.getLogger(__name__)

DEMO_USERS = (
    ("admin", "李建国", Role.ADMIN),
    ("tutor", "王芳", Role.TUTOR),
    ("specialist", "赵磊", Role.SPECIALIST),
    ("branch", "陈静", Role.BRANCH_OFFICER),
)
# Common surnames, roughly by frequency in rural Shaanxi (more weight first).
SURNAMES = ("王李张刘杨赵陈孙周吴徐马胡朱郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
            "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷")
GIVEN_MALE = "建国军华强伟明勇军峰斌杰涛鹏辉刚平东林福贵生才龙海兴旺安康志红文武成"
GIVEN_FEMALE = "芳丽娟英霞敏静燕玲梅兰秀凤红琴珍娥桂芬云萍雪慧丹艳莉"
VILLAGE_STEMS = ("东", "西", "南", "北", "上", "下", "前", "后", "杨", "王", "刘", "张",
                 "马", "寺", "河", "坡", "沟", "堡", "庄", "营", "新", "红", "青", "枣")
VILLAGE_TAILS = ("家村", "坪村", "河村", "沟村", "庄村", "堡村", "湾村", "塬村")
COOPS = ("猕猴桃专业合作社", "果蔬种植专业合作社", "电商农产品专业合作社", "樱桃种植专业合作社")
EDUCATION = ("primary", "junior", "junior", "junior", "senior", "senior", "college")


class DemoRefused(ServiceError):
    pass


@dataclass
class DemoResult:
    station_id: str
    farmers: int
    villages: int


def _village_names(rng: random.Random, count: int) -> list[str]:
    made: list[str] = []
    while len(made) < count:
        name = rng.choice(VILLAGE_STEMS) + rng.choice(VILLAGE_STEMS[8:]) + rng.choice(VILLAGE_TAILS)
        if name[0] != name[1] and name not in made:
            made.append(name)
    return made


def _resident_id(rng: random.Random, birth: date, male: bool) -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    body = f"{COUNTY_CODE}{birth:%Y%m%d}{seq:03d}"
    return body + ids.resident_id_check_digit(body)


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def _bank_card(rng: random.Random) -> str:
    body = "6" + rng.choice(["2", "2", "2", "0"]) + "".join(rng.choice("0123456789") for _ in range(16))
    for digit in "0123456789":
        if not ids.check_bank_card(body + digit).warnings:
            return body + digit
    raise AssertionError("no Luhn digit found")


def _uscc(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "93" + COUNTY_CODE + "".join(rng.choice(alphabet) for _ in range(9))
    return body + ids.uscc_check_char(body)


def create_demo_station(db: Database) -> tuple[str, Actor]:
    """Station + four demo users (password ``demo1234``); returns (station id, tutor)."""
    station, _admin = auth.create_station(
        db, station_name="眉县横渠镇农村电商金融服务站", station_code="MX-HQ-01",
        province=PROVINCE, county=COUNTY, county_code=COUNTY_CODE,
        admin_username="admin", admin_display_name="李建国", admin_password=DEMO_PASSWORD,
        is_demo=True,
    )
    tutor_actor: Actor | None = None
    with db.session() as session:
        for username, display, role in DEMO_USERS[1:]:
            user = User(station_id=station.id, username=username, display_name=display,
                        role=role.value, password_hash=auth.hash_password(DEMO_PASSWORD),
                        created_hlc="", updated_hlc="")
            writes.insert(session, db, None, user)
            if role is Role.TUTOR:
                tutor_actor = auth.actor_for(user)
    assert tutor_actor is not None
    return station.id, tutor_actor


def populate(
    db: Database,
    farmers: int,
    *,
    seed: int = 20261122,
    villages_per_township: int = 12,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 5000,
) -> DemoResult:
    """Create the demo station (if none) and ``farmers`` demo farmers."""
    rng = random.Random(seed)
    station = auth.current_station(db)
    if station is not None and not station.is_demo:
        raise DemoRefused(Message("demo.real_station", "这里已经有一个真实的服务站，不能加入演示数据。",
                                  "This database holds a real station; demo data is not added."))
    with Session(db.engine) as session:
        if session.exec(select(func.count()).select_from(Farmer)).one():
            raise DemoRefused(Message("demo.already", "演示数据已经载入过了。",
                                      "The demo data is already loaded."))
    if station is None:
        station_id, actor = create_demo_station(db)
    else:
        station_id = station.id
        actor = Actor("", "demo", "演示数据", Role.TUTOR, station_id)

    village_rows = []
    for township in TOWNSHIPS:
        for village in _village_names(rng, villages_per_township):
            village_rows.append((township, village))
    # Villages and farmers in one transaction: a failure or a kill leaves no half county.
    with db.session() as session:
        for township, village in village_rows:
            writes.insert(session, db, actor, Village(
                station_id=station_id, province=PROVINCE, county=COUNTY, township=township,
                name=village, created_hlc="", updated_hlc=""))
        farmer_ids = _insert_farmers(session, db, rng, farmers, station_id, actor, village_rows,
                                     progress, batch)
        _add_farm_data(session, db, rng, actor, station_id, farmer_ids[:FARM_DATA_FARMERS])
        remember_clock(db, session)
    growers = [f for f, _v in farmer_ids[:FARM_DATA_FARMERS]]
    staff = _demo_staff(db)
    if staff is not None and growers:
        loan_ids = _add_loans(staff, rng, growers)
        _add_insurance(staff, growers, loan_ids)
    return DemoResult(station_id, farmers, len(village_rows))


def _insert_farmers(session: Session, db: Database, rng: random.Random, farmers: int,
                    station_id: str, actor: Actor, village_rows: list[tuple[str, str]],
                    progress: Callable[[int, int], None] | None, batch: int) -> list[tuple[str, str]]:
    """Bulk rows (with their outbox and audit rows) in ``session``, ``batch`` at a time.

    Returns (farmer id, village) of every farmer made."""
    made: list[tuple[str, str]] = []
    cipher = db.cipher
    today = date.today()
    used_ids: set[str] = set()
    done = 0
    now = datetime.now(timezone.utc)
    while done < farmers:
        size = min(batch, farmers - done)
        farmer_rows, consent_rows, outbox_rows, audit_rows = [], [], [], []
        for _ in range(size):
            male = rng.random() < 0.52
            surname = rng.choice(SURNAMES)
            pool = GIVEN_MALE if male else GIVEN_FEMALE
            given = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2))))
            name = surname + given
            birth = today - timedelta(days=rng.randint(20 * 365, 72 * 365))
            rid = _resident_id(rng, birth, male)
            while rid in used_ids:
                rid = _resident_id(rng, birth, male)
            used_ids.add(rid)
            phone = _phone(rng)
            card = _bank_card(rng) if rng.random() < 0.8 else None
            township, village = rng.choice(village_rows)
            in_coop = rng.random() < 0.35
            stamp = db.hlc()
            farmer_id = new_id()
            row = dict(
                id=farmer_id, station_id=station_id, created_hlc=stamp, updated_hlc=stamp,
                version=1, deleted=False, name=name,
                name_initials=(names.pinyin_initials(name) or [""])[0],
                gender="male" if male else "female", birth_date=birth,
                resident_id_cipher=cipher.encrypt(rid, context="farmer.resident_id"),
                resident_id_hash=cipher.blind_index(rid, kind="resident_id"),
                resident_id_masked=masking.mask_resident_id(rid), resident_id_last4=rid[-4:],
                phone_cipher=cipher.encrypt(phone, context="farmer.phone"),
                phone_hash=cipher.blind_index(phone, kind="phone"),
                phone_masked=masking.mask_mobile(phone), phone_last4=phone[-4:],
                bank_card_cipher=cipher.encrypt(card, context="farmer.bank_card") if card else None,
                bank_card_masked=masking.mask_bank_card(card) if card else "",
                province=PROVINCE, county=COUNTY, township=township, village=village,
                address_detail=f"{rng.randint(1, 12)}组{rng.randint(1, 80)}号",
                household_size=rng.randint(1, 7), education=rng.choice(EDUCATION),
                coop_name=f"眉县{township[:2]}{rng.choice(COOPS)}" if in_coop else "",
                coop_uscc=_uscc(rng) if in_coop else "", registered_by=actor.user_id, notes="",
            )
            row["field_clock"] = "{}"  # every field as of created_hlc (writes.field_clocks)
            farmer_rows.append(row)
            made.append((farmer_id, village))
            consent = dict(
                id=new_id(), station_id=station_id, created_hlc=stamp, updated_hlc=stamp,
                field_clock="{}", version=1, deleted=False, farmer_id=farmer_id,
                scopes="basic,sensitive,platform_data,share_with_bank", granted_at=now,
                staff_user_id=actor.user_id, staff_name=actor.display_name, form_printed=True,
            )
            consent_rows.append(consent)
            for entity, payload in (("farmer", row), ("consent", consent)):
                outbox_rows.append(dict(
                    station_id=station_id, entity=entity, entity_id=payload["id"], op="insert",
                    base_version=0, version=1, hlc=stamp,
                    payload=json.dumps(payload, ensure_ascii=False, default=str),
                    status="pending", attempts=0, last_error="", created_at=now))
            audit_rows.append(dict(
                id=new_id(), station_id=station_id, at=now, hlc=stamp, user_id=actor.user_id,
                username=actor.username, action="create", entity="farmer",
                entity_id=farmer_id, changes=json.dumps({"source": ["demo", "demo"]})))
        conn = session.connection()
        conn.execute(sa_insert(Farmer.__table__), farmer_rows)  # type: ignore[attr-defined]
        conn.execute(sa_insert(Consent.__table__), consent_rows)  # type: ignore[attr-defined]
        conn.execute(sa_insert(OutboxEntry.__table__), outbox_rows)  # type: ignore[attr-defined]
        conn.execute(sa_insert(AuditEntry.__table__), audit_rows)  # type: ignore[attr-defined]
        done += size
        if progress:
            progress(done, farmers)
    return made


# Shops, plots, seasons and training for the first farmers, so every tab has something to
# show.  Written through ``writes.insert`` (outbox + audit), as the app itself would.
FARM_DATA_FARMERS = 60
DEMO_CROPS = ("kiwifruit", "kiwifruit", "kiwifruit", "apple", "cherry", "wheat", "maize")
TRAINING_TOPICS = ("拼多多开店与商品上架", "抖音短视频拍摄与直播带货", "猕猴桃分级包装与冷链发货",
                   "网店售后与差评处理", "农产品质量安全与溯源", "防范电信诈骗与征信常识")


def _add_farm_data(session: Session, db: Database, rng: random.Random, actor: Actor,
                   station_id: str, farmers: list[tuple[str, str]]) -> None:
    from station_app.domain.crops import expected_harvest_date
    from station_app.services import reference

    calendar = reference.active_calendar(db)
    today = date.today()
    common = dict(station_id=station_id, created_hlc="", updated_hlc="")

    def add(obj: object) -> None:
        writes.insert(session, db, actor, obj)  # type: ignore[arg-type]

    trainings = []
    for number in range(8):
        held = today - timedelta(days=20 + 45 * number + rng.randint(0, 10))
        training = TrainingSession(held_on=held, topic=TRAINING_TOPICS[number % len(TRAINING_TOPICS)],
                                   tutor_user_id=actor.user_id, tutor_name=actor.display_name,
                                   location="横渠镇电商服务站", duration_minutes=rng.choice((90, 120, 180)),
                                   **common)
        add(training)
        trainings.append(training)
    for farmer_id, village in farmers:
        if rng.random() < 0.7:
            platform = rng.choice(("pinduoduo", "pinduoduo", "douyin", "taobao"))
            shop = Shop(farmer_id=farmer_id, platform=platform, shop_name=f"{village}鲜果小店",
                        opened_on=today - timedelta(days=rng.randint(200, 1500)), **common)
            add(shop)
            level = rng.randint(20, 200)
            for back in range(1, 13):
                month = (today.replace(day=1) - timedelta(days=31 * back)).replace(day=1)
                orders = max(0, int(level * rng.uniform(0.4, 1.6)))
                gmv = orders * rng.randint(2500, 6000)
                add(MonthlySales(shop_id=shop.id, month=month, orders=orders, gmv_fen=gmv,
                                 refunds_fen=int(gmv * rng.uniform(0, 0.08)), **common))
        for plot_number in range(rng.choice((1, 1, 2))):
            area = rng.randint(2, 16) * 50  # 1–8 mu in half-mu steps (hundredths)
            plot = Plot(farmer_id=farmer_id, name=("河滩地", "塬上果园", "村东头地", "坡地")[plot_number + rng.randint(0, 2)],
                        area_mu_x100=area, village=village, **common)
            add(plot)
            crop = calendar.get(rng.choice(DEMO_CROPS)) or calendar[calendar.codes[0]]
            for years_back in range(3, -1, -1):
                start = crop.typical_planting_window.start  # "MM-DD"
                planted = date(today.year - years_back, int(start[:2]), min(int(start[3:]), 28))
                if planted > today:
                    continue
                expected = crop.typical_yield_per_mu
                season = PlantingSeason(
                    plot_id=plot.id, farmer_id=farmer_id, crop_code=crop.code, planting_date=planted,
                    expected_harvest_date=expected_harvest_date(crop, planted), area_mu_x100=area,
                    expected_yield_kg_per_mu_x100=int(expected * 100),
                    expected_price_fen_per_kg=int(crop.typical_price_yuan_per_kg * 100),
                    calendar_version=calendar.version, **common)
                add(season)
                add(InputCost(season_id=season.id, category="fertilizer", spent_on=planted,
                              amount_fen=int(crop.input_cost_per_mu_yuan * area
                                             * Decimal(str(round(rng.uniform(0.3, 0.6), 2)))),
                              **common))
                if season.expected_harvest_date < today:
                    kg = expected * area / 100 * Decimal(str(round(rng.uniform(0.6, 1.15), 2)))
                    add(Harvest(season_id=season.id, harvested_on=season.expected_harvest_date,
                                yield_kg_x100=int(kg * 100), sold_online_bp=rng.randint(10, 70) * 100,
                                quality_pass_bp=rng.randint(78, 99) * 100 if rng.random() < 0.6 else None,
                                **common))
        for training in rng.sample(trainings, rng.randint(0, 4)):
            add(TrainingAttendance(session_id=training.id, farmer_id=farmer_id, **common))


# Loan applications in every state for the first farmers, made through the loan services by
# the demo specialist (files) and branch officer (decides, disburses, collects), as if the
# station had been running for a few months.  (days ago filed, steps, payments made)
DEMO_LOANS = (
    (2, (), 0), (3, (), 0), (4, ("start_review",), 0),
    (6, ("start_review", "return"), 0), (8, ("start_review", "reject"), 0),
    (5, ("start_review", "approve"), 0),
    (130, ("start_review", "approve", "print_contract", "sign", "disburse"), 4),
    (100, ("start_review", "approve", "print_contract", "sign", "disburse"), 3),
    (160, ("start_review", "approve", "print_contract", "sign", "disburse"), 3),  # overdue
    (200, ("start_review", "approve", "print_contract", "sign", "disburse"), -1),  # paid off
)
_DEMO_REASONS = {"return": "请补充合作社出具的担保函原件", "reject": "近一年网店退款率过高，建议半年后再申请"}


def _demo_staff(db: Database) -> tuple[Any, Any] | None:
    """Service contexts of the demo specialist (files) and branch officer (decides), or None
    when this station has no such accounts."""
    from station_app.services.context import ServiceContext

    with Session(db.engine) as session:
        users = {u.username: u for u in session.exec(select(User))}
    if "specialist" not in users or "branch" not in users:
        return None
    return (ServiceContext(db, auth.actor_for(users["specialist"])),
            ServiceContext(db, auth.actor_for(users["branch"])))


def _add_loans(staff: tuple[Any, Any], rng: random.Random, farmer_ids: list[str]
               ) -> dict[int, str]:
    """The demo applications (number in DEMO_LOANS → application id)."""
    from station_app.domain.loans import quote_planting_loan
    from station_app.services import loan_applications, loans

    specialist, branch = staff
    made: dict[int, str] = {}
    product = loans.catalogue()["farm_input_standard"]
    today = date.today()
    for number, (days_ago, steps, payments) in enumerate(DEMO_LOANS):
        farmer_id = farmer_ids[(number * 5) % len(farmer_ids)]
        filed = datetime.combine(today - timedelta(days=days_ago), datetime.min.time(),
                                 timezone.utc) + timedelta(hours=9)
        start = filed.date() + timedelta(days=3)
        quote = quote_planting_loan(
            product, score_grade=rng.choice("ABC"), credit_limit=Decimal("100000"),
            planted_area_mu=Decimal(rng.randint(20, 40)), input_cost_per_mu=Decimal("1500"),
            disbursement=start, expected_harvest=start + timedelta(days=rng.randint(300, 330)),
            requested_amount=Decimal(rng.randint(20, 60) * 500),
            method=rng.choice([m for m in product.methods if m != "bullet"]),
            requested_term_months=rng.choice((6, 10, 12)))
        if not quote.eligible:  # pragma: no cover - the figures above are always lendable
            log.warning("demo loan %d not lendable: %s", number, quote.reason_codes)
            continue
        app_id = loan_applications.file_application(specialist, farmer_id, quote, now=filed)
        made[number] = app_id
        moment = filed
        for step in steps:
            moment += timedelta(hours=20)
            loan_applications.move(branch, app_id, step, reason=_DEMO_REASONS.get(step),
                                   disbursed_on=start, now=moment)
        if not payments:
            continue
        view = loan_applications.get_application(branch, app_id, as_of=start)
        schedule = view.schedule
        if payments < 0:  # paid on time twice, then everything at once
            for inst in schedule[:2]:
                _pay(loan_applications, branch, app_id, inst.total, inst.due_date)
            day = schedule[2].due_date - timedelta(days=9)
            status = loan_applications.get_application(branch, app_id, as_of=day).status
            _pay(loan_applications, branch, app_id, status.payoff, day)
            continue
        for inst in schedule[:payments]:
            if inst.due_date <= today:
                _pay(loan_applications, branch, app_id, inst.total, inst.due_date)
    return made


def _pay(service, ctx, app_id: str, amount: Decimal, day: date) -> None:
    when = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=10)
    service.record_repayment(ctx, app_id, amount, day, source="bank", now=when)


def _add_insurance(staff: tuple[Any, Any], farmer_ids: list[str],
                   loan_ids: dict[int, str]) -> None:
    """The demo stations' weather in the database (the shipped 1994–2024 record plus generated
    days up to yesterday, labelled generated), and policies in each state: issued this year
    (their ended phases claimed right away), one assigned to the overdue demo loan, and one
    waiting for the branch."""
    from station_app.services import insurance, insurance_policies, loan_applications, weather

    specialist, branch = staff
    for station in dict.fromkeys(p.station_id for p in insurance.catalogue()):
        weather.load_shipped_into_db(specialist, station)
    today = date.today()
    new_year = datetime(today.year, 1, 10, 9, tzinfo=timezone.utc)
    plans: list[tuple[str, str, str, datetime, str | None, bool]] = [
        (farmer_ids[0], "cherry_rain_mx", "6", new_year, None, True),
        (farmer_ids[min(10, len(farmer_ids) - 1)], "rice_jieqi_wy", "12", new_year, None, True),
        (farmer_ids[min(15, len(farmer_ids) - 1)], "tea_frost_wy", "3",
         datetime.combine(today - timedelta(days=1), datetime.min.time(), timezone.utc), None,
         False),
    ]
    overdue_loan = loan_ids.get(8)
    if overdue_loan:  # the farmer of the overdue loan insured the rice on it
        view = loan_applications.get_application(branch, overdue_loan)
        filed = view.filed_at + timedelta(days=1)
        plans.append((view.farmer_id, "rice_heat_mx", "10", filed, overdue_loan, True))
    for farmer_id, product_id, mu, filed, loan_id, issue in plans:
        policy_id = insurance_policies.file_policy(specialist, farmer_id, product_id,
                                                   Decimal(mu), loan_application_id=loan_id,
                                                   now=filed)
        if issue:
            insurance_policies.move(branch, policy_id, "issue", now=filed + timedelta(days=2))
    insurance_policies.run_claims(specialist, today=today)

"""Rescoring a whole station with the set-based path (``scoring_batch``) gives, farmer by
farmer, the inputs, results and stored rows of the per-farmer path (``scoring``).

The station is the demo county (60 farmers with shops, typed monthly sales, plots, seasons,
harvests, costs and training) plus hand-made farmers for what the demo lacks: imported orders
with every time column filled, two shops typing the same month, deleted shops, orders,
months, plots, seasons, harvests, costs, attendance and training sessions, seasons planted
on the same day, a harvest weighing nothing, a farmer without any data and a deleted farmer.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest
from sqlmodel import Session, func, select

from station_app import paths
from station_app.domain import ids
from station_app.domain.farmers import FarmerInput
from station_app.domain.planting import CostInput, HarvestInput, PlotInput, SeasonInput
from station_app.domain.roles import Role
from station_app.domain.scoring import score
from station_app.services import (
    auth,
    demo,
    farmers,
    planting,
    sales_import,
    scoring,
    scoring_batch,
    shops,
    training,
    writes,
)
from station_app.services.context import Actor, ServiceContext
from station_app.services.errors import NotLoggedIn, PermissionDenied
from station_app.store.db import Database, open_database
from station_app.store.keys import key_file_path
from station_app.store.models import (
    AuditEntry,
    CreditScore,
    Farmer,
    MonthlySales,
    OutboxEntry,
    SalesOrder,
    Shop,
    User,
)

TODAY = date.today()
# The shipped sample export holds orders of June 2025: a day after it puts them in every
# window; today shows the demo's data as the score page would.
AS_OF_DATES = (TODAY, date(2025, 9, 30))
DEMO_FARMERS = 60
SAMPLE = paths.resources_dir() / "samples" / "pinduoduo-orders.csv"


# --------------------------------------------------------------------------- the station

@dataclass(frozen=True)
class Template:
    db_path: Path
    key_path: Path
    actors: dict[Role, Actor]
    cases: dict[str, str]  # hand-made case → farmer id


def _farmer_input(serial: int, name: str, **overrides: object) -> FarmerInput:
    birth = date(1980, 1, 1) + timedelta(days=97 * serial)
    body = f"610326{birth:%Y%m%d}{(serial % 500) * 2 + 1:03d}"
    values: dict[str, object] = dict(
        name=name, gender="male", birth_date=birth,
        resident_id=body + ids.resident_id_check_digit(body), phone=f"1391234{serial:04d}",
        bank_card="", province="陕西省", county="眉县", township="横渠镇", village="东河村",
        consent_scopes=["basic", "sensitive"], consent_form_printed=True)
    values.update(overrides)
    return FarmerInput(**values)  # type: ignore[arg-type]


def _hand_made(db: Database, actors: dict[Role, Actor]) -> dict[str, str]:
    tutor = ServiceContext(db, actors[Role.TUTOR])
    specialist = ServiceContext(db, actors[Role.SPECIALIST])
    cases: dict[str, str] = {}

    # Two shops: an imported export plus typed months, and a second shop typing some of the
    # same months (the later shop's typed month wins); a deleted third shop.
    seller = farmers.register_farmer(tutor, confirmed=True, inp=_farmer_input(1, "张两店"))
    cases["two shops"] = seller
    first = shops.create_shop(tutor, seller, platform="pinduoduo", shop_name="张家果园",
                              opened_on=date(2024, 3, 1))
    preview = sales_import.preview_import(tutor, first, SAMPLE)
    sales_import.commit_import(tutor, preview)
    for month in range(3, 9):  # June has imported orders: they win over the typed total
        shops.record_monthly_total(tutor, first, month=date(2025, month, 1), orders=10 + month,
                                   gmv=Decimal(f"{800 + 37 * month}.50"), refunds=Decimal("12.30"))
    second = shops.create_shop(tutor, seller, platform="douyin", shop_name="张家二店")
    for month in (4, 5, 9):
        shops.record_monthly_total(tutor, second, month=date(2025, month, 1), orders=3,
                                   gmv=Decimal("99.90"))
    third = shops.create_shop(tutor, seller, platform="taobao", shop_name="关掉的店",
                              opened_on=date(2020, 1, 1))
    shops.record_monthly_total(tutor, third, month=date(2025, 7, 1), orders=500,
                               gmv=Decimal("50000"))
    with db.session() as session:
        # An order with every time column set, as a sync from the server may bring one.
        writes.insert(session, db, actors[Role.TUTOR], SalesOrder(
            station_id=actors[Role.TUTOR].station_id, shop_id=first, order_no="HAND-1",
            ordered_at=datetime(2025, 6, 20, 9, 30, 15, 250000), product="猕猴桃 10斤",
            quantity=2, amount_fen=12_880, status="completed", buyer_key="b" * 20,
            shipped_at=datetime(2025, 6, 21, 8, 0), signed_at=datetime(2025, 6, 23, 18, 5),
            settled_at=datetime(2025, 7, 2, 10, 0), after_sale="refunded",
            after_sale_requested_at=datetime(2025, 6, 24, 9, 0),
            after_sale_responded_at=datetime(2025, 6, 24, 21, 30), refund_fen=3_000,
            created_hlc="", updated_hlc=""))
        gone_shop = session.get(Shop, third)
        writes.soft_delete(session, db, actors[Role.TUTOR], gone_shop,
                           base_version=gone_shop.version)
        order = session.exec(select(SalesOrder).where(SalesOrder.shop_id == first)
                             .order_by(SalesOrder.order_no)).first()  # an imported one
        writes.soft_delete(session, db, actors[Role.TUTOR], order, base_version=order.version)
        month_row = session.exec(select(MonthlySales).where(
            MonthlySales.shop_id == second, MonthlySales.month == date(2025, 9, 1))).one()
        writes.soft_delete(session, db, actors[Role.TUTOR], month_row,
                           base_version=month_row.version)

    # A shop without opening date or any sales.
    quiet = farmers.register_farmer(tutor, confirmed=True, inp=_farmer_input(2, "赵空店"))
    cases["empty shop"] = quiet
    shops.create_shop(tutor, quiet, platform="wechat", shop_name="赵家小店")

    # Planting: a deleted plot, seasons planted on the same day on two plots, a harvest that
    # weighed nothing, a deleted season, harvest and cost, a season still growing.
    grower = farmers.register_farmer(tutor, confirmed=True, inp=_farmer_input(
        3, "李种地", coop_name="眉县猕猴桃专业合作社"))
    cases["plots and seasons"] = grower
    east = planting.add_plot(tutor, grower, PlotInput(name="东坡", area_mu=Decimal("5.25")))
    gone_plot = planting.add_plot(tutor, grower, PlotInput(name="卖掉的地", area_mu=Decimal("2")))
    planting.delete_plot(tutor, gone_plot, base_version=1)
    west = planting.add_plot(tutor, grower, PlotInput(name="西河滩", area_mu=Decimal("3")))
    recent = TODAY - timedelta(days=40)

    def season(plot: str, planted: date, area: str, harvests: list[tuple[int, str, str | None]],
               crop: str = "kiwifruit") -> str:
        season_id = planting.add_season(tutor, plot, SeasonInput(
            crop_code=crop, planting_date=planted, area_mu=Decimal(area)))
        for days, kg, quality in harvests:
            planting.record_harvest(tutor, season_id, HarvestInput(
                harvested_on=min(TODAY, planted + timedelta(days=days)), yield_kg=Decimal(kg),
                sold_online_percent=Decimal("35.5"),
                quality_pass_percent=None if quality is None else Decimal(quality)))
        planting.add_input_cost(tutor, season_id, CostInput(
            category="fertilizer", spent_on=min(TODAY, planted + timedelta(days=3)),
            amount_yuan=Decimal("412.35")))
        return season_id

    picked_twice = season(east, date(2024, 5, 1), "5",
                          [(150, "9000", "91"), (165, "1200.5", None)])
    season(west, date(2024, 5, 1), "3", [(150, "6100", "84.5")])
    season(east, date(2025, 5, 1), "5.25", [(150, "9800", "93")])
    season(west, date(2025, 5, 1), "3", [(150, "0", "70")])
    dropped = season(west, date(2023, 5, 1), "3", [(150, "5000", "99")])
    growing = season(east, recent, "4", [], crop="cherry")
    with db.session() as session:
        from station_app.store.models import Harvest, InputCost, PlantingSeason

        row = session.get(PlantingSeason, dropped)
        writes.soft_delete(session, db, actors[Role.TUTOR], row, base_version=row.version)
        harvest = session.exec(select(Harvest).where(Harvest.season_id == picked_twice,
                                                     Harvest.yield_kg_x100 == 120_050)).one()
        writes.soft_delete(session, db, actors[Role.TUTOR], harvest, base_version=harvest.version)
        cost = session.exec(select(InputCost).where(InputCost.season_id == growing)).one()
        writes.soft_delete(session, db, actors[Role.TUTOR], cost, base_version=cost.version)

    # Training: a session in the window, one outside it, a deleted one, an attendance removed.
    nothing = farmers.register_farmer(tutor, confirmed=True, inp=_farmer_input(4, "王无数据"))
    cases["no data"] = nothing
    inside = training.create_session(tutor, held_on=TODAY - timedelta(days=30), topic="直播带货",
                                     duration_minutes=120)
    outside = training.create_session(tutor, held_on=TODAY - timedelta(days=400),
                                      topic="开店", duration_minutes=90)
    deleted = training.create_session(tutor, held_on=TODAY - timedelta(days=60),
                                      topic="取消的课", duration_minutes=60)
    training.set_attendance(tutor, inside, [seller, grower, nothing])
    training.set_attendance(tutor, inside, [seller, grower])  # nothing's attendance removed
    training.set_attendance(tutor, outside, [grower])
    training.set_attendance(tutor, deleted, [seller])
    training.delete_session(tutor, deleted, 1)

    # A deleted farmer keeps its rows but is scored by neither path.
    leaver = farmers.register_farmer(tutor, confirmed=True, inp=_farmer_input(5, "孙已删"))
    shop = shops.create_shop(tutor, leaver, platform="jd", shop_name="孙家店")
    shops.record_monthly_total(tutor, shop, month=date(2025, 8, 1), orders=9, gmv=Decimal("900"))
    farmers.delete_farmer(specialist, leaver, base_version=1, reason="搬走了")
    cases["deleted"] = leaver
    return cases


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    root = tmp_path_factory.mktemp("scoring-batch")
    home = root / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STATION_APP_HOME", str(home))
        mp.setenv("STATION_APP_NO_KEYRING", "1")
        db = open_database(root / "station.db")
        try:
            demo.populate(db, DEMO_FARMERS, seed=11)
            with Session(db.engine) as session:
                actors = {Role(u.role): auth.actor_for(u) for u in session.exec(select(User))}
            cases = _hand_made(db, actors)
            key_path = key_file_path(home / "keys", db.database_id)
        finally:
            db.close()
    yield Template(root / "station.db", key_path, actors, cases)


@dataclass
class Station:
    db: Database
    actors: dict[Role, Actor]
    cases: dict[str, str]

    def ctx(self, role: Role) -> ServiceContext:
        return ServiceContext(self.db, self.actors[role])


@pytest.fixture
def station(_template: Template, tmp_path: Path, station_home: Path) -> Iterator[Station]:
    """A fresh copy of the demo station (with the hand-made farmers) for each test."""
    path = tmp_path / "station.db"
    shutil.copyfile(_template.db_path, path)
    keys = station_home / "keys"
    keys.mkdir(mode=0o700, exist_ok=True)
    shutil.copyfile(_template.key_path, keys / _template.key_path.name)
    os.chmod(keys / _template.key_path.name, 0o600)
    db = open_database(path)
    try:
        yield Station(db, _template.actors, _template.cases)
    finally:
        db.close()


def _live_ids(db: Database) -> list[str]:
    with Session(db.engine) as session:
        return list(session.exec(select(Farmer.id).where(Farmer.deleted == False)  # noqa: E712
                                 .order_by(Farmer.id)))


def _scores(db: Database) -> list[CreditScore]:
    with Session(db.engine) as session:
        return list(session.exec(select(CreditScore).order_by(CreditScore.farmer_id)))


def _count(db: Database, model: type, *where: object) -> int:
    with Session(db.engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


# --------------------------------------------------------------------------- equivalence

@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=["today", "2025-09-30"])
@pytest.mark.parametrize("chunk", [7, 2000])
def test_every_farmers_inputs_and_result_equal_the_per_farmer_path(
        station: Station, as_of: date, chunk: int) -> None:
    ctx = station.ctx(Role.SPECIALIST)
    model = scoring.active_model(station.db)
    batch = list(scoring_batch.station_inputs(ctx, as_of=as_of, chunk=chunk))
    assert [f for f, _ in batch] == _live_ids(station.db)
    assert len(batch) == DEMO_FARMERS + len(station.cases) - 1  # the deleted one is left out
    assert station.cases["deleted"] not in dict(batch)
    for farmer_id, inputs in batch:
        expected = scoring.farmer_inputs(ctx, farmer_id, as_of=as_of)
        assert inputs == expected, farmer_id
        assert list(inputs) == list(expected)  # same keys in the same order
        assert ({k: type(v) for k, v in inputs.items()}
                == {k: type(v) for k, v in expected.items()})
        assert (score(model, inputs).to_dict()
                == scoring.score_farmer(ctx, farmer_id, as_of=as_of).result.to_dict())


def test_the_hand_made_cases_reach_the_indicators(station: Station) -> None:
    """The cases do what they are there for (else the equality above proves little)."""
    ctx = station.ctx(Role.SPECIALIST)
    batch = dict(scoring_batch.station_inputs(ctx, as_of=date(2025, 9, 30)))
    seller = batch[station.cases["two shops"]]
    assert seller["paid_orders"] > 10 and seller["settlement_days"] is not None
    assert seller["after_sales_response_hours"] is not None
    assert seller["shop_age_days"] == (date(2025, 9, 30) - date(2024, 3, 1)).days
    grower = dict(scoring_batch.station_inputs(ctx))[station.cases["plots and seasons"]]
    assert grower["planted_area_mu"] == Decimal("8.25")  # the deleted plot does not count
    assert grower["harvest_stability"] is not None and grower["quality_change_percent"] is not None
    assert grower["expected_harvest_value_yuan"] > 0  # the cherries still growing
    assert grower["training_sessions_12m"] == 1
    assert batch[station.cases["empty shop"]]["paid_orders"] == 0
    nothing = batch[station.cases["no data"]]
    assert nothing["training_sessions_12m"] == 0 and nothing["planted_area_mu"] is None
    assert "paid_orders" not in nothing
    demo_inputs = list(dict(scoring_batch.station_inputs(ctx)).values())
    assert sum(1 for i in demo_inputs if i.get("net_sales_12m")) >= 20
    assert sum(1 for i in demo_inputs if i["harvest_stability"] is not None) >= 10


# --------------------------------------------------------------------------- storing

_ROW_FIELDS = ("station_id", "farmer_id", "model_id", "model_version", "model_digest",
               "inputs_digest", "total", "grade", "credit_limit_fen", "trigger", "scored_by",
               "result", "version", "field_clock", "deleted")


def _row_values(row: CreditScore) -> tuple:
    return tuple(getattr(row, name) for name in _ROW_FIELDS)


def test_the_stored_rows_are_those_of_rescore_all_and_a_second_run_stores_nothing(
        station: Station, tmp_path: Path) -> None:
    ctx = station.ctx(Role.SPECIALIST)
    live = len(_live_ids(station.db))
    # The same station scored by the per-farmer path, in a copy of the file.
    copy_path = tmp_path / "copy.db"
    with contextlib.closing(sqlite3.connect(station.db.path)) as source, \
            contextlib.closing(sqlite3.connect(copy_path)) as target:
        source.backup(target)  # WAL included
    other = open_database(copy_path)
    try:
        assert scoring.rescore_all(ServiceContext(other, ctx.actor)) == (live, live)
        expected = [_row_values(r) for r in _scores(other)]
    finally:
        other.close()

    seen: list[tuple[int, int]] = []
    assert scoring_batch.rescore_station(ctx, chunk=9, write_chunk=4,
                                         progress=lambda d, t: seen.append((d, t))
                                         ) == (live, live)
    assert seen[-1] == (live, live) and len(seen) == -(-live // 9)
    stored = _scores(station.db)
    assert [_row_values(r) for r in stored] == expected
    # Each stored row went through writes.insert: an outbox entry and an audit line.
    assert _count(station.db, OutboxEntry, OutboxEntry.entity == "credit_score") == live
    assert _count(station.db, AuditEntry, AuditEntry.entity == "credit_score",
                  AuditEntry.action == "create") == live
    with Session(station.db.engine) as session:
        entry = session.exec(select(OutboxEntry).where(
            OutboxEntry.entity_id == stored[0].id)).one()
    assert json.loads(entry.payload)["result"] == stored[0].result

    # Nothing changed: nothing stored, by either path.
    assert scoring_batch.rescore_station(ctx) == (live, 0)
    for farmer_id in _live_ids(station.db)[:10]:
        record = scoring.score_farmer(ctx, farmer_id, trigger="batch")
        assert not record.stored_now
        assert scoring.stored_result(ctx, record.record_id) == json.loads(
            json.dumps(record.result.to_dict(), default=str))
    assert len(_scores(station.db)) == live


def test_a_change_stores_that_farmer_again_and_the_per_farmer_path_agrees(
        station: Station) -> None:
    ctx, tutor = station.ctx(Role.SPECIALIST), station.ctx(Role.TUTOR)
    live = len(_live_ids(station.db))
    assert scoring.rescore_all(ctx) == (live, live)  # stored by the per-farmer path …
    assert scoring_batch.rescore_station(ctx) == (live, 0)  # … is what the batch would store
    grower = station.cases["plots and seasons"]
    planting.add_plot(tutor, grower, PlotInput(name="新租的地", area_mu=Decimal("10")))
    assert scoring_batch.rescore_station(ctx, trigger="data") == (live, 1)
    latest = scoring.history(ctx, grower)[-1]
    assert latest.trigger == "data"
    assert not scoring.score_farmer(ctx, grower).stored_now
    assert scoring.rescore_all(ctx) == (live, 0)


def test_a_new_model_stores_everyone_again(station: Station) -> None:
    ctx = station.ctx(Role.SPECIALIST)
    live = len(_live_ids(station.db))
    assert scoring_batch.rescore_station(ctx) == (live, live)
    newer = scoring.shipped_model().to_dict()
    newer["version"] = 2
    newer["variables"][0]["bins"][0]["points"] += 1
    scoring.install_model(station.ctx(Role.ADMIN), newer)
    assert scoring_batch.rescore_station(ctx, trigger="model") == (live, live)
    assert {r.model_version for r in _scores(station.db) if r.trigger == "model"} == {2}
    assert scoring.rescore_all(ctx) == (live, 0)


# --------------------------------------------------------------------------- permissions

@pytest.mark.parametrize("role", [Role.TUTOR, Role.BRANCH_OFFICER, Role.ADMIN])
def test_only_roles_that_compute_scores_may_rescore(station: Station, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        scoring_batch.rescore_station(station.ctx(role))
    assert _count(station.db, CreditScore) == 0


def test_reading_inputs_needs_farmer_read_and_a_login(station: Station) -> None:
    tutor = station.ctx(Role.TUTOR)  # may read farmers, may not store scores
    assert len(list(scoring_batch.station_inputs(tutor))) == len(_live_ids(station.db))
    with pytest.raises(NotLoggedIn):
        list(scoring_batch.station_inputs(ServiceContext(station.db)))
    with pytest.raises(NotLoggedIn):
        scoring_batch.rescore_station(ServiceContext(station.db))

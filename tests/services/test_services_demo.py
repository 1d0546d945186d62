"""Demo data: a realistic, valid, clearly flagged demo station."""

from __future__ import annotations

import json
from collections import Counter
from typing import Iterator

import pytest
from sqlmodel import Session, func, select

from station_app.domain import ids, masking
from station_app.domain.roles import Role
from station_app.services import auth, demo, farmers
from station_app.services.context import ServiceContext
from station_app.store.db import Database, open_database
from station_app.store.models import Consent, Farmer, OutboxEntry, User, Village

FARMERS = 200


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, demo.DemoResult]]:
    root = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STATION_APP_HOME", str(root / "home"))
        mp.setenv("STATION_APP_NO_KEYRING", "1")
        database = open_database(root / "station.db")
        try:
            result = demo.populate(database, FARMERS)
            yield database, result
        finally:
            database.close()


def _all(db: Database, model: type) -> list:
    with Session(db.engine) as session:
        return list(session.exec(select(model)))


def test_demo_station_and_users(demo_db: tuple[Database, demo.DemoResult]) -> None:
    db, result = demo_db
    station = auth.current_station(db)
    assert station is not None
    assert station.is_demo is True
    assert station.id == result.station_id
    assert station.county_code == demo.COUNTY_CODE
    users = _all(db, User)
    assert len(users) == 4
    assert sorted((u.username, u.role) for u in users) == sorted(
        (name, role.value) for name, _display, role in demo.DEMO_USERS)
    assert all(u.password_hash.startswith("$argon2id$") for u in users)
    assert all(u.station_id == station.id for u in users)


def test_all_demo_users_log_in(demo_db: tuple[Database, demo.DemoResult]) -> None:
    db, _ = demo_db
    for username, display, role in demo.DEMO_USERS:
        actor = auth.login(db, username, demo.DEMO_PASSWORD)
        assert (actor.username, actor.display_name, actor.role) == (username, display, role)


def test_demo_farmers_are_valid(demo_db: tuple[Database, demo.DemoResult]) -> None:
    db, result = demo_db
    rows = _all(db, Farmer)
    assert len(rows) == FARMERS == result.farmers
    cipher = db.cipher
    seen: set[str] = set()
    for farmer in rows:
        rid = cipher.decrypt(farmer.resident_id_cipher, context="farmer.resident_id")
        check = ids.check_resident_id(rid, expected_birth_date=farmer.birth_date,
                                      expected_gender=farmer.gender)
        assert check.valid, (rid, [str(e) for e in check.errors])
        assert check.warnings == []
        assert check.birth_date == farmer.birth_date
        assert check.gender == farmer.gender
        assert rid.startswith(demo.COUNTY_CODE)
        assert farmer.resident_id_hash == cipher.blind_index(rid, kind="resident_id")
        assert farmer.resident_id_masked == masking.mask_resident_id(rid)
        assert farmer.resident_id_last4 == rid[-4:]
        seen.add(rid)

        phone = cipher.decrypt(farmer.phone_cipher, context="farmer.phone")
        assert ids.check_mobile(phone).valid
        assert farmer.phone_hash == cipher.blind_index(phone, kind="phone")
        assert farmer.phone_last4 == phone[-4:]
        if farmer.bank_card_cipher:
            card = cipher.decrypt(farmer.bank_card_cipher, context="farmer.bank_card")
            card_check = ids.check_bank_card(card)
            assert card_check.valid and card_check.warnings == []
            assert farmer.bank_card_masked == masking.mask_bank_card(card)
        if farmer.coop_uscc:
            assert ids.check_uscc(farmer.coop_uscc).valid
            assert farmer.coop_name
        assert farmer.version == 1 and farmer.deleted is False
        assert farmer.name_initials and farmer.village and farmer.station_id == result.station_id
    assert len(seen) == FARMERS  # one farmer per resident ID
    genders = Counter(f.gender for f in rows)
    assert genders["male"] > 0 and genders["female"] > 0


def test_demo_writes_consent_villages_and_outbox(demo_db: tuple[Database, demo.DemoResult]) -> None:
    db, result = demo_db
    farmer_ids = {f.id for f in _all(db, Farmer)}
    consents = _all(db, Consent)
    assert {c.farmer_id for c in consents} == farmer_ids
    assert all({"basic", "sensitive"} <= set(c.scopes.split(",")) for c in consents)
    assert len(_all(db, Village)) == result.villages > 0
    with Session(db.engine) as session:
        farmer_outbox = session.exec(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.entity == "farmer", OutboxEntry.op == "insert")).one()
        payload = json.loads(session.exec(select(OutboxEntry.payload).where(
            OutboxEntry.entity == "farmer")).first())
    assert farmer_outbox == FARMERS
    assert payload["id"] in farmer_ids and "resident_id_cipher" in payload


def test_demo_farmers_are_found_by_the_registry(demo_db: tuple[Database, demo.DemoResult]) -> None:
    """The blind index the demo wrote matches the one the services compute."""
    db, _ = demo_db
    farmer = _all(db, Farmer)[0]
    rid = db.cipher.decrypt(farmer.resident_id_cipher, context="farmer.resident_id")
    branch = auth.actor_for(next(u for u in _all(db, User) if u.role == Role.BRANCH_OFFICER.value))
    ctx = ServiceContext(db, branch)
    found = farmers.find_by_resident_id(ctx, rid)
    assert found is not None and found.id == farmer.id


def test_demo_twice_is_refused_and_changes_nothing(tmp_path):
    from sqlmodel import Session, func, select

    from station_app.services import demo
    from station_app.store.db import open_database
    from station_app.store.models import OutboxEntry, Village

    db = open_database(tmp_path / "twice.db")
    try:
        demo.populate(db, 20, seed=5)
        with Session(db.engine) as session:
            before = (session.exec(select(func.count()).select_from(Village)).one(),
                      session.exec(select(func.count()).select_from(OutboxEntry)).one())
        with pytest.raises(demo.DemoRefused, match="已经载入"):
            demo.populate(db, 20, seed=5)
        with Session(db.engine) as session:
            after = (session.exec(select(func.count()).select_from(Village)).one(),
                     session.exec(select(func.count()).select_from(OutboxEntry)).one())
        assert after == before
    finally:
        db.close()


def test_demo_refuses_a_real_station(db, station):
    from station_app.services import demo

    with pytest.raises(demo.DemoRefused, match="真实"):
        demo.populate(db, 5)


def test_demo_farmers_have_shops_planting_and_training(demo_db):
    from station_app.domain.crops import expected_harvest_date
    from station_app.services import planting, reference, shops
    from station_app.store.models import Harvest, PlantingSeason, Shop, TrainingAttendance

    database, _result = demo_db
    tutor = auth.login(database, "tutor", demo.DEMO_PASSWORD)
    ctx = ServiceContext(database, tutor)
    calendar = reference.active_calendar(database)
    with Session(database.engine) as session:
        seasons = session.exec(select(PlantingSeason)).all()
        assert seasons and session.exec(select(func.count()).select_from(Harvest)).one() > 0
        for season in seasons:
            crop = calendar[season.crop_code]
            assert season.expected_harvest_date == expected_harvest_date(crop, season.planting_date)
        shop = session.exec(select(Shop)).first()
        attended = session.exec(select(func.count()).select_from(TrainingAttendance)).one()
        outboxed = set(session.exec(select(OutboxEntry.entity).distinct()))
    assert attended > 0
    assert {"plot", "planting_season", "harvest", "input_cost", "shop", "monthly_sales",
            "training_session", "training_attendance"} <= outboxed
    assert len(shops.monthly_totals(ctx, shop.id)) == 12
    overview = planting.farm_overview(ctx, seasons[0].farmer_id)
    assert overview.planted_area_mu > 0 and overview.harvests_recorded >= 1

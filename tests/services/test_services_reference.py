"""The crop calendar edited by the station admin and stored in the database."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from station_app.domain.crops import dump_calendar, load_calendar
from station_app.services import farmers, reference, writes
from station_app.services.errors import PermissionDenied, ValidationFailed
from station_app.store.models import AuditEntry, OutboxEntry, PlantingSeason, Plot, ReferenceDoc


def _edited(db, **changes) -> dict:
    """The calendar in use as data, re-versioned to the next allowed version."""
    data = dump_calendar(reference.active_calendar(db))
    data["version"] = reference.calendar_info(db).next_version
    for code, values in changes.items():
        crop = next(c for c in data["crops"] if c["code"] == code)
        crop.update(values)
    return data


def _season(ctx, farmer_ctx, valid_farmer_input, crop_code: str) -> str:
    """A live planting season of ``crop_code`` (farmer through the service, rows via writes)."""
    farmer_id = farmers.register_farmer(farmer_ctx, valid_farmer_input())
    actor = farmer_ctx.actor
    planted = date(2024, 5, 1)
    with ctx.db.session() as session:
        plot = Plot(station_id=actor.station_id, farmer_id=farmer_id, name="东河滩地",
                    area_mu_x100=350, created_hlc="", updated_hlc="")
        writes.insert(session, ctx.db, actor, plot)
        season = PlantingSeason(
            station_id=actor.station_id, plot_id=plot.id, farmer_id=farmer_id,
            crop_code=crop_code, planting_date=planted,
            expected_harvest_date=planted + timedelta(days=145), area_mu_x100=350,
            expected_yield_kg_per_mu_x100=50000, expected_price_fen_per_kg=260,
            calendar_version=1, created_hlc="", updated_hlc="")
        writes.insert(session, ctx.db, actor, season)
    return season.id


def test_the_shipped_calendar_is_in_use_by_default(db, station):
    calendar = reference.active_calendar(db)
    assert calendar == reference.shipped_calendar()
    assert calendar["rice"].growth_days == 145
    assert reference.calendar_source(db) == "shipped"
    info = reference.calendar_info(db)
    assert (info.source, info.version, info.next_version) == ("shipped", 1, 2)
    assert info.changed_at is None and info.changed_by == "" and not info.stored_invalid


def test_repeated_calls_reuse_the_parsed_calendar(db, admin_ctx):
    assert reference.active_calendar(db) is reference.active_calendar(db)
    saved = reference.save_calendar(admin_ctx, _edited(db, rice={"growth_days": 150}))
    assert reference.active_calendar(db) is saved
    assert reference.active_calendar(db) is reference.active_calendar(db)


def test_saving_changes_the_calendar_in_use_with_outbox_and_audit(db, admin_ctx):
    saved = reference.save_calendar(admin_ctx, _edited(db, rice={"growth_days": 150}))

    assert saved.version == 2
    calendar = reference.active_calendar(db)
    assert calendar["rice"].growth_days == 150
    assert calendar["wheat"] == reference.shipped_calendar()["wheat"]
    assert reference.calendar_source(db) == "edited"
    info = reference.calendar_info(db)
    assert (info.source, info.version, info.next_version) == ("edited", 2, 3)
    assert info.changed_by == "李建国" and info.last_action == "save"
    assert info.changed_at is not None
    with Session(db.engine) as session:
        row = session.exec(select(ReferenceDoc).where(ReferenceDoc.kind == "crop_calendar")).one()
        outbox = session.exec(select(OutboxEntry).where(OutboxEntry.entity_id == row.id)).all()
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity_id == row.id)).all()
    assert row.doc_version == 2 and not row.deleted
    assert "水稻" in row.body  # stored as readable UTF-8 (ensure_ascii=False)
    assert load_calendar(json.loads(row.body)) == calendar
    assert [(e.entity, e.op) for e in outbox] == [("reference_doc", "insert")]
    assert [(e.action, e.username) for e in audit] == [("create", "admin")]

    # A second save updates the same row.
    reference.save_calendar(admin_ctx, _edited(db, rice={"growth_days": 155}))
    assert reference.active_calendar(db)["rice"].growth_days == 155
    with Session(db.engine) as session:
        rows = session.exec(select(ReferenceDoc)).all()
        ops = [e.op for e in session.exec(select(OutboxEntry).where(
            OutboxEntry.entity == "reference_doc").order_by(OutboxEntry.seq))]
    assert [(r.id, r.doc_version, r.version) for r in rows] == [(row.id, 3, 2)]
    assert ops == ["insert", "update"]


def test_invalid_data_is_refused_with_the_domain_messages(db, admin_ctx):
    reference.save_calendar(admin_ctx, _edited(db, rice={"growth_days": 150}))
    before = reference.active_calendar(db)
    data = _edited(db, rice={"growth_days": 120}, wheat={"input_cost_per_mu_yuan": "570.005"})

    with pytest.raises(ValidationFailed) as info:
        reference.save_calendar(admin_ctx, data)

    codes = [m.code for m in info.value.fields["calendar"]]
    assert "crops.phase_past_harvest" in codes and "crops.money_precision" in codes
    past = next(m for m in info.value.fields["calendar"] if m.code == "crops.phase_past_harvest")
    assert "水稻" in past and "超过了生长天数 120 天" in past
    assert reference.active_calendar(db) is before
    assert reference.active_calendar(db)["rice"].growth_days == 150
    assert reference.calendar_info(db).version == 2


def test_the_version_must_be_raised(db, admin_ctx):
    data = _edited(db, rice={"growth_days": 150})
    data["version"] = 1
    with pytest.raises(ValidationFailed) as info:
        reference.save_calendar(admin_ctx, data)
    assert [m.code for m in info.value.fields["calendar"]] == ["calendar.version_not_raised"]
    assert reference.calendar_source(db) == "shipped"


def test_only_the_admin_may_save_or_reset(db, tutor_ctx, specialist_ctx):
    for ctx in (tutor_ctx, specialist_ctx):
        with pytest.raises(PermissionDenied):
            reference.save_calendar(ctx, _edited(db, rice={"growth_days": 150}))
        with pytest.raises(PermissionDenied):
            reference.reset_calendar(ctx)
    assert reference.calendar_source(db) == "shipped"
    with Session(db.engine) as session:
        assert session.exec(select(ReferenceDoc)).all() == []


def test_a_crop_in_use_cannot_be_removed(db, admin_ctx, tutor_ctx, valid_farmer_input):
    for _ in range(2):
        _season(admin_ctx, tutor_ctx, valid_farmer_input, "rice")
    data = _edited(db)
    data["crops"] = [c for c in data["crops"] if c["code"] not in ("rice", "cherry")]

    with pytest.raises(ValidationFailed) as info:
        reference.save_calendar(admin_ctx, data)

    (message,) = info.value.fields["calendar"]
    assert message.code == "calendar.crop_in_use"
    assert "水稻" in message and "rice" in message and "2 个种植季" in message
    assert "2 planting season(s)" in message.en
    assert "rice" in reference.active_calendar(db)

    # Removing a crop nobody plants is fine.
    data["crops"] = [c for c in _edited(db)["crops"] if c["code"] != "cherry"]
    saved = reference.save_calendar(admin_ctx, data)
    assert "cherry" not in saved and "rice" in saved


def test_a_deleted_season_no_longer_holds_its_crop(db, admin_ctx, tutor_ctx, valid_farmer_input):
    season_id = _season(admin_ctx, tutor_ctx, valid_farmer_input, "cherry")
    with db.session() as session:
        season = session.get(PlantingSeason, season_id)
        writes.soft_delete(session, db, admin_ctx.actor, season, base_version=season.version)
    data = _edited(db)
    data["crops"] = [c for c in data["crops"] if c["code"] != "cherry"]
    assert "cherry" not in reference.save_calendar(admin_ctx, data)


def test_reset_returns_to_the_shipped_calendar(db, admin_ctx):
    reference.save_calendar(admin_ctx, _edited(db, rice={"growth_days": 150}))

    calendar = reference.reset_calendar(admin_ctx)

    assert calendar == reference.shipped_calendar()
    assert reference.active_calendar(db)["rice"].growth_days == 145
    assert reference.calendar_source(db) == "shipped"
    info = reference.calendar_info(db)
    assert (info.version, info.next_version, info.last_action) == (1, 3, "reset")
    with Session(db.engine) as session:
        (row,) = session.exec(select(ReferenceDoc)).all()
        ops = [e.op for e in session.exec(select(OutboxEntry).where(
            OutboxEntry.entity_id == row.id).order_by(OutboxEntry.seq))]
    assert row.deleted and ops == ["insert", "delete"]
    # Version 2 is taken by the reset edit: the next save must be 3 or more.
    data = _edited(db, rice={"growth_days": 160})
    assert data["version"] == 3
    assert reference.save_calendar(admin_ctx, data).version == 3
    # A reset with nothing stored is a no-op.
    reference.reset_calendar(admin_ctx)
    assert reference.reset_calendar(admin_ctx) == reference.shipped_calendar()


def test_reset_is_refused_when_a_new_crop_is_in_use(db, admin_ctx, tutor_ctx,
                                                    valid_farmer_input):
    data = _edited(db)
    potato = json.loads(json.dumps(next(c for c in data["crops"] if c["code"] == "maize")))
    potato.update(code="potato", name_zh="马铃薯", name_en="Potato")
    data["crops"].append(potato)
    reference.save_calendar(admin_ctx, data)
    _season(admin_ctx, tutor_ctx, valid_farmer_input, "potato")

    with pytest.raises(ValidationFailed) as info:
        reference.reset_calendar(admin_ctx)

    (message,) = info.value.fields["calendar"]
    assert message.code == "calendar.crop_in_use" and "马铃薯" in message
    assert "potato" in reference.active_calendar(db)


def test_a_broken_stored_calendar_falls_back_to_the_shipped_one(db, admin_ctx, caplog):
    reference.save_calendar(admin_ctx, _edited(db, rice={"growth_days": 150}))
    with db.session() as session:
        row = session.exec(select(ReferenceDoc)).one()
        body = json.loads(row.body)
        body["crops"][0]["growth_days"] = 10  # its phases now run past the harvest
        writes.update(session, db, admin_ctx.actor, row, {"body": json.dumps(body)},
                      base_version=row.version)

    with caplog.at_level(logging.WARNING, logger="station_app.services.reference"):
        calendar = reference.active_calendar(db)
        reference.active_calendar(db)

    assert calendar == reference.shipped_calendar()
    assert reference.calendar_source(db) == "shipped"
    assert reference.calendar_info(db).stored_invalid
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "not valid" in warnings[0].getMessage()
    # The admin can still save a good calendar over it.
    reference.save_calendar(admin_ctx, _edited(db, rice={"growth_days": 150}))
    assert reference.calendar_source(db) == "edited"

"""The loan product catalogue edited by the station admin and stored in the database."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from station_app.domain.loans import dump_products, load_products
from station_app.domain.planting import PlotInput, SeasonInput
from station_app.services import farmers, loan_products, loans, planting, reference, writes
from station_app.services.errors import PermissionDenied, ValidationFailed
from station_app.store.models import AuditEntry, OutboxEntry, ReferenceDoc


def _edited(db, **changes) -> dict:
    """The catalogue in use as data, re-versioned to the next allowed version."""
    data = dump_products(loan_products.active_products(db))
    data["version"] = loan_products.products_info(db).next_version
    for product_id, values in changes.items():
        product = next(p for p in data["products"] if p["id"] == product_id)
        product.update(values)
    return data


def _grower(tutor_ctx, valid_farmer_input):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="孟庆丰"))
    plot = planting.add_plot(tutor_ctx, farmer_id, PlotInput(name="南沟", area_mu=Decimal("20")))
    season = planting.add_season(tutor_ctx, plot, SeasonInput(
        crop_code="kiwifruit", planting_date=date.today() - timedelta(days=30),
        area_mu=Decimal("20")))
    return farmer_id, season


def _file_application(db, actor, farmer_id: str, product_id: str) -> None:
    """A ``loan_application`` row naming ``product_id`` (raw SQL, whatever the other columns
    are: the loan applications are written by their own service; here only the reference
    matters).  Without the table (an older database) a minimal one is made."""
    inspector = sa.inspect(db.engine)
    with db.engine.begin() as conn:
        if not inspector.has_table("loan_application"):
            conn.exec_driver_sql("CREATE TABLE loan_application (id VARCHAR(36) PRIMARY KEY, "
                                 "product_id VARCHAR(40) NOT NULL, "
                                 "deleted BOOLEAN NOT NULL DEFAULT 0)")
            inspector = sa.inspect(conn)
        values: dict[str, object] = {}
        for column in inspector.get_columns("loan_application"):
            if column["nullable"] or column.get("default") is not None:
                continue
            try:
                python_type = column["type"].python_type
            except NotImplementedError:
                python_type = str
            values[column["name"]] = {int: 0, bool: False, date: date(2025, 3, 1),
                                      datetime: datetime(2025, 3, 1)}.get(python_type, "x")
        values.update(id=str(uuid.uuid4()), product_id=product_id)
        if "farmer_id" in values:
            values["farmer_id"] = farmer_id
        if "station_id" in values:
            values["station_id"] = actor.station_id
        names = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        conn.execute(sa.text(f"INSERT INTO loan_application ({names}) VALUES ({marks})"), values)


def test_the_shipped_catalogue_is_in_use_by_default(db, station):
    catalogue = loan_products.active_products(db)
    assert catalogue == loan_products.shipped_products() == loans.catalogue()
    assert catalogue is loan_products.active_products(db)  # cached
    assert loans.catalogue_for(db) is catalogue
    assert loan_products.products_source(db) == "shipped"
    info = loan_products.products_info(db)
    assert (info.source, info.version, info.next_version) == ("shipped", 1, 2)
    assert info.changed_at is None and info.changed_by == "" and info.last_action == ""


def test_saving_changes_the_catalogue_in_use_with_outbox_and_audit(db, admin_ctx):
    saved = loan_products.save_products(
        admin_ctx, _edited(db, planting_standard={"annual_rate": "0.0399"}))

    assert saved.version == 2 and saved is loan_products.active_products(db)
    assert saved["planting_standard"].annual_rate == Decimal("0.0399")
    assert saved["order_standard"] == loan_products.shipped_products()["order_standard"]
    info = loan_products.products_info(db)
    assert (info.source, info.version, info.next_version) == ("edited", 2, 3)
    assert info.changed_by == "李建国" and info.last_action == "save"
    with Session(db.engine) as session:
        row = session.exec(select(ReferenceDoc).where(
            ReferenceDoc.kind == loan_products.LOAN_PRODUCTS)).one()
        outbox = session.exec(select(OutboxEntry).where(OutboxEntry.entity_id == row.id)).all()
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity_id == row.id)).all()
    assert row.doc_version == 2 and "种植贷" in row.body
    assert load_products(json.loads(row.body)) == saved
    assert [(e.entity, e.op) for e in outbox] == [("reference_doc", "insert")]
    assert [(e.action, e.username) for e in audit] == [("create", "admin")]
    # The crop calendar is another document: it is untouched.
    assert reference.calendar_source(db) == "shipped"
    assert reference.calendar_info(db).next_version == 2

    loan_products.save_products(admin_ctx, _edited(db, planting_standard={"annual_rate": "0.041"}))
    with Session(db.engine) as session:
        rows = session.exec(select(ReferenceDoc)).all()
    assert [(r.id, r.doc_version, r.version) for r in rows] == [(row.id, 3, 2)]


def test_only_the_admin_may_save_or_reset(db, tutor_ctx, specialist_ctx, branch_ctx):
    for ctx in (tutor_ctx, specialist_ctx, branch_ctx):
        with pytest.raises(PermissionDenied):
            loan_products.save_products(ctx, _edited(db, order_standard={"annual_rate": "0.03"}))
        with pytest.raises(PermissionDenied):
            loan_products.reset_products(ctx)
    assert loan_products.products_source(db) == "shipped"
    with Session(db.engine) as session:
        assert session.exec(select(ReferenceDoc)).all() == []


def test_an_invalid_catalogue_stores_nothing(db, admin_ctx):
    data = _edited(db, planting_standard={"amount_min_yuan": "900000.00",
                                          "methods": [], "annual_rate": "4.8"})

    with pytest.raises(ValidationFailed) as info:
        loan_products.save_products(admin_ctx, data)

    messages = info.value.fields["products"]
    codes = {m.code for m in messages}
    assert {"products.amount_bounds", "products.methods_invalid",
            "products.number_too_large"} <= codes
    bounds = next(m for m in messages if m.code == "products.amount_bounds")
    assert "planting_standard" in bounds and "最低金额" in bounds and "minimum amount" in bounds.en
    assert loan_products.products_source(db) == "shipped"
    with Session(db.engine) as session:
        assert session.exec(select(ReferenceDoc)).all() == []
        assert session.exec(select(OutboxEntry).where(
            OutboxEntry.entity == "reference_doc")).all() == []
    # Not a catalogue at all (and never read as a file path).
    with pytest.raises(ValidationFailed) as info:
        loan_products.save_products(admin_ctx, "resources/products/loans.json")  # type: ignore
    assert [m.code for m in info.value.fields["products"]] == ["products.not_object"]


def test_the_version_must_rise(db, admin_ctx):
    data = _edited(db, order_standard={"annual_rate": "0.0420"})
    data["version"] = 1
    with pytest.raises(ValidationFailed) as info:
        loan_products.save_products(admin_ctx, data)
    (message,) = info.value.fields["products"]
    assert message.code == "products.version_not_raised" and "2" in message
    assert loan_products.products_source(db) == "shipped"

    data["version"] = 5
    assert loan_products.save_products(admin_ctx, data).version == 5
    assert loan_products.products_info(db).next_version == 6
    data["version"] = 5  # the same version again is not enough
    with pytest.raises(ValidationFailed):
        loan_products.save_products(admin_ctx, data)


def test_a_quote_uses_the_saved_rate(db, admin_ctx, specialist_ctx, tutor_ctx,
                                     valid_farmer_input):
    farmer_id, season_id = _grower(tutor_ctx, valid_farmer_input)
    before = loans.planting_quote(specialist_ctx, farmer_id, "farm_input_standard", season_id)
    assert before.annual_rate == Decimal("0.0520")

    loan_products.save_products(admin_ctx, _edited(
        db, farm_input_standard={"annual_rate": "0.0390", "insurance_rate_discount": "0"}))

    after = loans.planting_quote(specialist_ctx, farmer_id, "farm_input_standard", season_id)
    assert after.annual_rate == Decimal("0.0390")
    assert loans.catalogue()["farm_input_standard"].annual_rate == Decimal("0.0520")  # shipped

    loan_products.reset_products(admin_ctx)
    again = loans.planting_quote(specialist_ctx, farmer_id, "farm_input_standard", season_id)
    assert again.annual_rate == Decimal("0.0520")


def test_reset_returns_to_the_shipped_catalogue(db, admin_ctx):
    loan_products.save_products(admin_ctx, _edited(db, order_standard={"annual_rate": "0.04"}))

    catalogue = loan_products.reset_products(admin_ctx)

    assert catalogue == loan_products.shipped_products()
    assert loan_products.active_products(db)["order_standard"].annual_rate == Decimal("0.0450")
    info = loan_products.products_info(db)
    assert (info.source, info.version, info.next_version, info.last_action) == (
        "shipped", 1, 3, "reset")
    with Session(db.engine) as session:
        (row,) = session.exec(select(ReferenceDoc)).all()
        ops = [e.op for e in session.exec(select(OutboxEntry).where(
            OutboxEntry.entity_id == row.id).order_by(OutboxEntry.seq))]
    assert row.deleted and ops == ["insert", "delete"]
    assert _edited(db)["version"] == 3  # version 2 stays taken
    # A reset with nothing stored is a no-op.
    assert loan_products.reset_products(admin_ctx) == loan_products.shipped_products()


def test_no_product_is_in_use_without_the_applications_table(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        with Session(engine) as session:
            assert loan_products._products_in_use(session) == set()
    finally:
        engine.dispose()


def test_a_product_that_applications_use_cannot_vanish(db, admin_ctx, tutor_ctx,
                                                       valid_farmer_input):
    data = _edited(db)
    extra = json.loads(json.dumps(next(p for p in data["products"]
                                       if p["id"] == "order_standard")))
    extra.update(id="order_coop", name_zh="合作社订单贷", name_en="Cooperative order loan")
    data["products"].append(extra)
    loan_products.save_products(admin_ctx, data)
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input())
    _file_application(db, admin_ctx.actor, farmer_id, "order_coop")
    with Session(db.engine) as session:
        assert "order_coop" in loan_products._products_in_use(session)

    dropped = _edited(db)
    dropped["products"] = [p for p in dropped["products"] if p["id"] != "order_coop"]
    with pytest.raises(ValidationFailed) as info:
        loan_products.save_products(admin_ctx, dropped)
    (message,) = info.value.fields["products"]
    assert message.code == "products.product_in_use"
    assert "合作社订单贷" in message and "order_coop" in message.en
    with pytest.raises(ValidationFailed):
        loan_products.reset_products(admin_ctx)  # the shipped catalogue lacks it
    assert "order_coop" in loan_products.active_products(db)
    # Dropping a product nobody applied for is fine.
    dropped = _edited(db)
    dropped["products"] = [p for p in dropped["products"] if p["id"] != "prepayment_standard"]
    assert "prepayment_standard" not in loan_products.save_products(admin_ctx, dropped)


def test_a_broken_stored_catalogue_falls_back_to_the_shipped_one(db, admin_ctx, caplog):
    loan_products.save_products(admin_ctx, _edited(db, order_standard={"annual_rate": "0.04"}))
    with db.session() as session:
        row = session.exec(select(ReferenceDoc)).one()
        body = json.loads(row.body)
        body["products"][0]["methods"] = []
        writes.update(session, db, admin_ctx.actor, row, {"body": json.dumps(body)},
                      base_version=row.version)

    with caplog.at_level(logging.WARNING, logger="station_app.services.loan_products"):
        catalogue = loan_products.active_products(db)
        loan_products.active_products(db)

    assert catalogue == loan_products.shipped_products()
    assert loan_products.products_info(db).stored_invalid
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "not valid" in warnings[0].getMessage()

"""Importing order exports into a real database: preview, confirm, idempotence, cancel."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, func, select

from station_app import paths
from station_app.domain.sales import compute_indicators
from station_app.services import farmers, sales_import, shops
from station_app.services.errors import PermissionDenied
from station_app.services.sales_import import ImportCancelled, ImportRefused
from station_app.store.models import AuditEntry, ImportBatch, OutboxEntry, SalesOrder

SAMPLES = paths.resources_dir() / "samples"


@pytest.fixture
def shop_id(tutor_ctx, valid_farmer_input):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="李秀英"))
    made = shops.create_shop(tutor_ctx, farmer_id, platform="pinduoduo",
                             shop_name="秀英家猕猴桃", opened_on=date(2024, 3, 1))
    assert [s.id for s in shops.list_shops(tutor_ctx, farmer_id)] == [made]
    return made


def _count(db, model):
    with Session(db.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _snapshot(db):
    return tuple(_count(db, m) for m in (SalesOrder, ImportBatch, OutboxEntry, AuditEntry))


@pytest.mark.parametrize("sample", ["pinduoduo-orders.csv", "taobao-orders-gbk.csv",
                                    "douyin-orders.xlsx"])
def test_preview_then_confirm_then_reimport_adds_nothing(db, tutor_ctx, shop_id, sample):
    before = _snapshot(db)
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / sample)
    assert _snapshot(db) == before  # a preview writes nothing
    assert (preview.rows_total, preview.rows_valid, preview.rows_error) == (40, 40, 0)
    assert preview.importable == 40 and preview.amount_total > 0
    result = sales_import.commit_import(tutor_ctx, preview)
    assert (result.imported, result.duplicates, result.errors) == (40, 0, 0)
    assert _count(db, SalesOrder) == before[0] + 40

    again = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / sample)
    assert again.duplicates_existing == 40 and again.importable == 0
    after_first = _snapshot(db)
    second = sales_import.commit_import(tutor_ctx, again)
    assert (second.imported, second.duplicates) == (0, 40)
    # Nothing new: no batch, no outbox entry; one audit line says it was tried.
    assert _snapshot(db)[:3] == after_first[:3]
    assert _snapshot(db)[3] == after_first[3] + 1


def test_money_is_exact_to_the_fen(db, tutor_ctx, shop_id):
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "pinduoduo-orders.csv")
    sales_import.commit_import(tutor_ctx, preview)
    orders = shops.orders_of_shop(tutor_ctx, shop_id)
    assert sum((o.amount for o in orders), Decimal(0)) == preview.amount_total
    with Session(db.engine) as session:
        total_fen = session.exec(select(func.sum(SalesOrder.amount_fen))).one()
    assert Decimal(total_fen) / 100 == preview.amount_total


def test_one_outbox_entry_and_one_audit_entry_per_import(db, tutor_ctx, shop_id):
    before_outbox = _count(db, OutboxEntry)
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "taobao-orders-gbk.csv")
    result = sales_import.commit_import(tutor_ctx, preview)
    with Session(db.engine) as session:
        new = session.exec(select(OutboxEntry).where(OutboxEntry.seq > before_outbox)).all()
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity == "import_batch")).all()
    assert sorted((e.entity, e.op) for e in new) == [("import_batch", "insert"),
                                                     ("sales_order", "insert_batch")]
    assert [a.entity_id for a in audit] == [result.batch_id]


def test_buyer_names_are_not_stored(db, tutor_ctx, shop_id):
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "pinduoduo-orders.csv")
    sales_import.commit_import(tutor_ctx, preview)
    db.close()
    raw = db.path.read_bytes() + (db.path.with_name(db.path.name + "-wal").read_bytes()
                                  if db.path.with_name(db.path.name + "-wal").exists() else b"")
    assert b"buyer028" not in raw


def test_rows_with_errors_refuse_the_import_unless_skipped(db, tutor_ctx, shop_id, tmp_path):
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[5].split(",")
    cells[4] = "abc"
    lines[5] = ",".join(cells)
    path = tmp_path / "with-error.csv"
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    preview = sales_import.preview_import(tutor_ctx, shop_id, path)
    assert preview.rows_error == 1 and preview.errors[0].row == 6
    before = _snapshot(db)
    with pytest.raises(ImportRefused, match="1 行有错误"):
        sales_import.commit_import(tutor_ctx, preview)
    assert _snapshot(db) == before
    result = sales_import.commit_import(tutor_ctx, preview, skip_invalid=True)
    assert (result.imported, result.errors) == (39, 1)


def test_cancel_leaves_no_trace(db, tutor_ctx, shop_id, tmp_path, monkeypatch):
    monkeypatch.setattr(sales_import, "CHUNK", 10)  # several chunks written before the cancel
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "douyin-orders.xlsx")
    before = _snapshot(db)
    calls = {"n": 0}

    def cancel_late() -> bool:
        calls["n"] += 1
        return True

    big = tmp_path / "big.csv"
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    rows = []
    for copy in range(120):  # 4,800 distinct orders
        for line in body:
            cells = line.split(",")
            cells[1] = f"{cells[1]}-{copy}"
            rows.append(",".join(cells))
    big.write_text("\n".join([header, *rows]), encoding="utf-8-sig")
    big_preview = sales_import.preview_import(tutor_ctx, shop_id, big)
    assert big_preview.importable == 4800
    with pytest.raises(ImportCancelled):
        sales_import.commit_import(tutor_ctx, big_preview, should_cancel=cancel_late)
    assert calls["n"] >= 1
    assert _snapshot(db) == before
    assert preview.importable == 40


def test_file_changed_after_preview_is_refused(db, tutor_ctx, shop_id, tmp_path):
    path = tmp_path / "orders.csv"
    shutil.copy(SAMPLES / "pinduoduo-orders.csv", path)
    preview = sales_import.preview_import(tutor_ctx, shop_id, path)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n")
    with pytest.raises(ImportRefused, match="改动"):
        sales_import.commit_import(tutor_ctx, preview)


def test_branch_officer_cannot_import(branch_ctx, shop_id):
    with pytest.raises(PermissionDenied):
        sales_import.preview_import(branch_ctx, shop_id, SAMPLES / "pinduoduo-orders.csv")


def test_unknown_layout_asks_for_a_mapping(tutor_ctx, shop_id, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("编号,金额,时间\n1,2,2025-01-01\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        sales_import.preview_import(tutor_ctx, shop_id, path)
    assert caught.value.message.code == "import.layout_unknown"


def test_a_saved_mapping_is_used_next_time(tutor_ctx, shop_id, tmp_path):
    from station_app.domain.order_import import load_mapping

    path = tmp_path / "odd.csv"
    path.write_text("编号,金额,状态,时间\nA1,12.50,完成,2025-01-01 10:00:00\n", encoding="utf-8")
    mapping = load_mapping({
        "id": "my-shop-export", "platform": "other", "name_zh": "自定义",
        "columns": {"order_id": ["编号"], "amount": ["金额"], "status": ["状态"],
                    "ordered_at": ["时间"]},
        "required": ["order_id", "amount", "status", "ordered_at"],
        "status_map": {"完成": "completed"}})
    sales_import.save_mapping(mapping)
    preview = sales_import.preview_import(tutor_ctx, shop_id, path)
    assert preview.mapping.id == "my-shop-export" and preview.importable == 1


def test_indicators_from_imported_orders(tutor_ctx, shop_id):
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "taobao-orders-gbk.csv")
    sales_import.commit_import(tutor_ctx, preview)
    orders = shops.orders_of_shop(tutor_ctx, shop_id)
    result = compute_indicators(orders, [], opened_on=date(2024, 3, 1), as_of=date(2025, 12, 31))
    assert result.paid_orders > 0
    assert result.refund_rate is not None and 0 <= result.refund_rate <= 1


def test_monthly_totals_typed_in(tutor_ctx, shop_id):
    shops.record_monthly_total(tutor_ctx, shop_id, month=date(2025, 3, 15), orders=120,
                               gmv=Decimal("8650.40"), refunds=Decimal("120.00"))
    shops.record_monthly_total(tutor_ctx, shop_id, month=date(2025, 3, 1), orders=121,
                               gmv=Decimal("8700.00"))
    totals = shops.monthly_totals(tutor_ctx, shop_id)
    assert [(t.month, t.orders, t.gmv) for t in totals] == [(date(2025, 3, 1), 121,
                                                             Decimal("8700.00"))]


def test_buyer_pseudonyms_are_keyed(db, tutor_ctx, shop_id):
    """A plain hash of a name is reversed with a list of names; ours needs the station key."""
    import hashlib

    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "pinduoduo-orders.csv")
    sales_import.commit_import(tutor_ctx, preview)
    with Session(db.engine) as session:
        keys = set(session.exec(select(SalesOrder.buyer_key)))
    assert len(keys) > 10
    for name in ("buyer028", "王**"):
        plain = hashlib.sha256(f"pinduoduo\x00{name}".encode()).hexdigest()[:20]
        assert plain not in keys
    assert sales_import.buyer_pseudonym(tutor_ctx)("pinduoduo\x00buyer028") in keys


def test_shop_form_rules(tutor_ctx, valid_farmer_input):
    from station_app.services.errors import ValidationFailed

    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="周小红"))
    with pytest.raises(ValidationFailed) as caught:
        shops.create_shop(tutor_ctx, farmer_id, platform="ebay", shop_name=" ",
                          opened_on=date(2999, 1, 1))
    assert set(caught.value.fields) == {"platform", "shop_name", "opened_on"}

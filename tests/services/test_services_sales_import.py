"""Importing order exports into a real database: preview, confirm, idempotence, cancel."""

from __future__ import annotations

import shutil
from datetime import date, datetime
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


# --------------------------------------------------------------------------- mapping by hand

UNKNOWN_LAYOUT = "单号,货品,金额,状态,成交时间\n"


def test_unknown_layout_hands_over_headers_and_sample_rows(tutor_ctx, shop_id, tmp_path):
    path = tmp_path / "kuaituantuan.csv"
    rows = [f"KT{n:04d},猕猴桃 5斤,{n}.50,已完成,2026-03-01 09:{n % 60:02d}:00" for n in range(1, 31)]
    path.write_text(UNKNOWN_LAYOUT + "\n".join(rows[:10]) + "\n,,,,\n" + "\n".join(rows[10:]),
                    encoding="utf-8-sig")
    with pytest.raises(ImportRefused) as caught:  # callers that only know ImportRefused still work
        sales_import.preview_import(tutor_ctx, shop_id, path)
    assert isinstance(caught.value, sales_import.LayoutUnknown)
    assert caught.value.message.code == "import.layout_unknown"
    assert "认不出" in str(caught.value)
    assert caught.value.headers == ["单号", "货品", "金额", "状态", "成交时间"]

    headers, sample = sales_import.read_headers(path)
    assert headers == ["单号", "货品", "金额", "状态", "成交时间"]
    assert len(sample) == 30  # the blank line is left out
    assert sample[0] == ["KT0001", "猕猴桃 5斤", "1.50", "已完成", "2026-03-01 09:01:00"]
    headers, sample = sales_import.read_headers(path, max_rows=5)
    assert [row[0] for row in sample] == ["KT0001", "KT0002", "KT0003", "KT0004", "KT0005"]


def test_read_headers_of_an_excel_file_and_of_a_bad_file(tmp_path):
    from station_app.services.order_files import FileProblem

    headers, sample = sales_import.read_headers(SAMPLES / "douyin-orders.xlsx", max_rows=3)
    assert "订单状态" in headers and len(sample) == 3
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(FileProblem):
        sales_import.read_headers(empty)


def test_read_headers_can_be_cancelled(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(UNKNOWN_LAYOUT + "".join(f"K{n},苹果,1.00,已完成,2026-03-01\n" for n in range(3000)),
                    encoding="utf-8")
    with pytest.raises(ImportCancelled):
        sales_import.read_headers(path, should_cancel=lambda: True)


def test_a_hand_made_mapping_cannot_replace_a_shipped_one(tutor_ctx, shop_id):
    from station_app.domain.order_import import load_mapping

    shipped = {m.id: m for m in sales_import.load_mappings()}
    assert {"pinduoduo", "taobao", "douyin"} <= set(shipped)
    impostor = load_mapping({
        "id": "pinduoduo", "platform": "pinduoduo", "name_zh": "拼多多",
        "columns": {"order_id": ["单号"], "amount": ["金额"], "status": ["状态"],
                    "ordered_at": ["成交时间"]},
        "required": ["order_id", "amount", "status", "ordered_at"],
        "status_map": {"已完成": "completed"}})
    with pytest.raises(ImportRefused) as caught:
        sales_import.save_mapping(impostor)
    assert caught.value.message.code == "import.mapping_id_shipped"
    assert not (paths.data_dir() / "mappings" / "pinduoduo.json").exists()
    assert {m.id: m for m in sales_import.load_mappings()} == shipped
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "pinduoduo-orders.csv")
    assert preview.mapping.id == "pinduoduo" and preview.importable == 40

    fresh = {sales_import.new_mapping_id() for _ in range(50)}
    assert len(fresh) == 50 and not fresh & set(shipped)
    assert all(i.startswith("user_") for i in fresh)


def test_a_damaged_saved_mapping_does_not_break_imports(tutor_ctx, shop_id):
    folder = paths.data_dir() / "mappings"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "user_broken.json").write_text("{ not json", encoding="utf-8")
    (folder / "user_wrong.json").write_text('{"id": "user_wrong"}', encoding="utf-8")
    assert {m.id for m in sales_import.load_mappings()} == {"pinduoduo", "taobao", "douyin"}
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "taobao-orders-gbk.csv")
    assert preview.mapping.id == "taobao"


def test_guessing_columns_for_the_mapping_dialog():
    from station_app.domain.order_import import distinct_states, guess_columns, guess_states

    known = sales_import.load_mappings()
    headers = ["单号", "货品", "金额", "状态", "成交时间", "售后", "退款金额", ""]
    guess = guess_columns(known, headers)
    assert guess == {"order_id": 0, "amount": 2, "status": 3, "ordered_at": 4, "after_sale": 5,
                     "refund_amount": 6}
    rows = [["A", "", "1", " 已完成 ", ""], ["B", "", "1", "已完成", ""], ["C", "", "1", "待成团", ""],
            ["D"]]
    assert distinct_states(rows, 3) == [("已完成", 2), ("待成团", 1)]
    states = guess_states([m.status_map for m in known], ["已完成", "待发货", "待成团", "已关闭"])
    assert {k: v.value for k, v in states.items()} == {
        "已完成": "completed", "待发货": "paid", "已关闭": "closed"}


# --------------------------------------------------------------------------- bulk import path
# preview_import stages the parsed rows in a scratch SQLite file; commit_import copies them.

def _staging_files(db):
    folder = db.path.parent / "import-staging"
    return sorted(folder.glob("*" + sales_import.STAGING_SUFFIX)) if folder.is_dir() else []


def _big_csv(path, copies=120):
    """The 拼多多 sample repeated with distinct order numbers (40 × copies rows)."""
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    rows = []
    for copy in range(copies):
        for line in body:
            cells = line.split(",")
            cells[1] = f"{cells[1]}-{copy}"
            rows.append(",".join(cells))
    path.write_text("\n".join([header, *rows]), encoding="utf-8-sig")
    return path


def test_cancel_in_the_middle_of_the_commit_rolls_back_and_can_be_retried(
        db, tutor_ctx, shop_id, tmp_path, monkeypatch):
    monkeypatch.setattr(sales_import, "CHUNK", 100)  # 49 chunks for 4,800 rows
    preview = sales_import.preview_import(tutor_ctx, shop_id, _big_csv(tmp_path / "big.csv"))
    before = _snapshot(db)
    calls = {"n": 0}

    def cancel_after_five_chunks() -> bool:
        calls["n"] += 1
        return calls["n"] > 5

    with pytest.raises(ImportCancelled):
        sales_import.commit_import(tutor_ctx, preview, should_cancel=cancel_after_five_chunks)
    assert calls["n"] == 6  # five chunks were copied inside the transaction, then rolled back
    assert _snapshot(db) == before
    # The staged rows are kept for another try, which imports everything once.
    result = sales_import.commit_import(tutor_ctx, preview)
    assert (result.imported, result.duplicates, result.errors) == (4800, 0, 0)
    assert _count(db, SalesOrder) == before[0] + 4800
    assert _staging_files(db) == []


def test_preview_and_reading_hold_no_write_lock(db, tutor_ctx, shop_id, tmp_path, monkeypatch):
    """Other writes go through while a file is read; only the copy takes the lock."""
    import sqlite3

    monkeypatch.setattr(sales_import, "PROGRESS_EVERY", 500)
    path = _big_csv(tmp_path / "big.csv")
    other = sqlite3.connect(db.path, timeout=0, isolation_level=None)  # never waits
    seen = []

    def write_meanwhile(done: int, _total: int) -> None:
        other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if someone holds it
        other.execute("ROLLBACK")
        seen.append(done)

    preview = sales_import.preview_import(tutor_ctx, shop_id, path, progress=write_meanwhile)
    assert len(seen) >= 9
    preview.discard()  # the commit has to read the file again: that too takes no lock
    locked = []

    def during_commit(_done: int, _total: int) -> None:
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            locked.append(False)
        except sqlite3.OperationalError:
            locked.append(True)

    sales_import.commit_import(tutor_ctx, preview, progress=during_commit)
    # Free while the file is read again (every 500 rows), locked only while copying.
    assert locked.count(False) >= 9 and locked.count(True) >= 1
    assert locked == sorted(locked)
    other.close()


def test_the_commit_does_not_read_the_file_again(db, tutor_ctx, shop_id, monkeypatch):
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "taobao-orders-gbk.csv")

    def no_reading(*_args, **_kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(sales_import, "open_table", no_reading)
    assert sales_import.commit_import(tutor_ctx, preview).imported == 40


def test_without_its_staged_rows_the_commit_reads_the_file_again(db, tutor_ctx, shop_id):
    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "douyin-orders.xlsx")
    preview.discard()
    assert _staging_files(db) == []
    result = sales_import.commit_import(tutor_ctx, preview)
    assert (result.imported, result.duplicates, result.errors) == (40, 0, 0)


def test_staging_files_never_stay_behind(db, tutor_ctx, shop_id, tmp_path):
    import gc
    import os
    import time

    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "pinduoduo-orders.csv")
    assert len(_staging_files(db)) == 1
    del preview
    gc.collect()
    assert _staging_files(db) == []  # an abandoned preview takes its file with it

    with pytest.raises(ImportCancelled):
        sales_import.preview_import(tutor_ctx, shop_id, _big_csv(tmp_path / "big.csv"),
                                    should_cancel=lambda: True)
    odd = tmp_path / "odd.csv"
    odd.write_text("编号,金额\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportRefused):
        sales_import.preview_import(tutor_ctx, shop_id, odd)
    assert _staging_files(db) == []

    # A file a crash left behind is swept by the next preview once it is a day old.
    folder = db.path.parent / "import-staging"
    stale = folder / ("crashed" + sales_import.STAGING_SUFFIX)
    stale.write_bytes(b"x")
    os.utime(stale, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    fresh = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "pinduoduo-orders.csv")
    assert not stale.exists() and len(_staging_files(db)) == 1
    sales_import.commit_import(tutor_ctx, fresh)
    assert _staging_files(db) == []


def test_repeated_order_numbers_in_a_file_the_first_one_counts(db, tutor_ctx, shop_id, tmp_path):
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first, second = lines[0], lines[1].split(","), lines[2].split(",")
    again = list(first)
    again[4] = "999.99"  # same order number, another amount: ignored
    path = tmp_path / "repeated.csv"
    path.write_text("\n".join([header, ",".join(first), ",".join(again), ",".join(second),
                               ",".join(first)]), encoding="utf-8-sig")
    preview = sales_import.preview_import(tutor_ctx, shop_id, path)
    assert (preview.rows_total, preview.rows_valid, preview.duplicates_in_file) == (4, 4, 2)
    assert preview.importable == 2
    assert preview.amount_total == Decimal(first[4]) + Decimal(second[4])
    result = sales_import.commit_import(tutor_ctx, preview)
    assert (result.imported, result.duplicates) == (2, 2)
    stored = {o.order_id: o.amount for o in shops.orders_of_shop(tutor_ctx, shop_id)}
    assert stored == {first[1]: Decimal(first[4]), second[1]: Decimal(second[4])}
    with Session(db.engine) as session:
        batch = session.exec(select(ImportBatch)).one()
    assert (batch.rows_total, batch.rows_imported, batch.rows_duplicate) == (4, 2, 2)


def test_orders_already_there_are_counted_and_skipped(db, tutor_ctx, shop_id, tmp_path):
    first = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / "pinduoduo-orders.csv")
    bigger = _big_csv(tmp_path / "big.csv", copies=2)  # order numbers -0, -1: all new
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    with open(bigger, "a", encoding="utf-8") as handle:
        handle.write("\n" + "\n".join(lines[1:11]))  # 10 orders of the first file
    second = sales_import.preview_import(tutor_ctx, shop_id, bigger)
    assert second.duplicates_existing == 0 and second.importable == 90
    sales_import.commit_import(tutor_ctx, first)  # meanwhile the first file is imported
    again = sales_import.preview_import(tutor_ctx, shop_id, bigger)
    assert again.duplicates_existing == 10 and again.importable == 80
    result = sales_import.commit_import(tutor_ctx, second)  # the older preview: still right
    assert (result.imported, result.duplicates) == (80, 10)


def test_errors_kept_are_capped_but_all_counted(tutor_ctx, shop_id, tmp_path):
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = []
    for n in range(600):
        cells = lines[1 + n % 40].split(",")
        cells[1] = f"X{n}"
        cells[4] = "abc" if n % 2 else cells[4]
        rows.append(",".join(cells))
    path = tmp_path / "errors.csv"
    path.write_text("\n".join([lines[0], *rows]), encoding="utf-8-sig")
    preview = sales_import.preview_import(tutor_ctx, shop_id, path)
    assert (preview.rows_total, preview.rows_error, preview.importable) == (600, 300, 300)
    assert len(preview.errors) == sales_import.MAX_ERRORS_KEPT
    assert [e.row for e in preview.errors[:2]] == [3, 5]


@pytest.mark.parametrize("sample", ["pinduoduo-orders.csv", "taobao-orders-gbk.csv",
                                    "douyin-orders.xlsx"])
def test_stored_orders_are_what_parse_row_reads(db, tutor_ctx, shop_id, sample):
    """The bulk path (flat rows, SQL copy) stores exactly the records parse_row makes, in
    the text format SQLAlchemy uses for datetimes, with UUID-shaped unique ids."""
    import sqlite3
    import uuid

    from station_app.domain.order_import import best_mapping, parse_row
    from station_app.services.order_files import open_table

    preview = sales_import.preview_import(tutor_ctx, shop_id, SAMPLES / sample)
    sales_import.commit_import(tutor_ctx, preview)
    pseudonym = sales_import.buyer_pseudonym(tutor_ctx)
    with open_table(SAMPLES / sample) as table:
        match = best_mapping(sales_import.load_mappings(), table.headers)
        expected = [parse_row(match, n, v, pseudonym).record for n, v in table.rows()]
    stored = shops.orders_of_shop(tutor_ctx, shop_id)
    key = lambda o: o.order_id  # noqa: E731
    assert sorted(stored, key=key) == sorted(expected, key=key)

    dialect = db.engine.dialect
    processor = SalesOrder.__table__.c.ordered_at.type.dialect_impl(dialect).bind_processor(dialect)
    raw = sqlite3.connect(db.path)
    rows = raw.execute("SELECT id, order_no, ordered_at, shipped_at FROM sales_order").fetchall()
    raw.close()
    by_no = {r.order_id: r for r in expected}
    for _id, order_no, ordered_at, shipped_at in rows:
        assert ordered_at == processor(by_no[order_no].ordered_at)
        assert shipped_at == (processor(by_no[order_no].shipped_at)
                              if by_no[order_no].shipped_at else None)
    ids = [r[0] for r in rows]
    assert len(set(ids)) == len(ids) == 40
    assert all(str(uuid.UUID(i)) == i and uuid.UUID(i).version == 4 for i in ids)


def test_ids_of_two_imports_do_not_collide(db, tutor_ctx, shop_id, valid_farmer_input):
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="王小梅"))
    other_shop = shops.create_shop(tutor_ctx, farmer_id, platform="pinduoduo", shop_name="小梅果园")
    for shop in (shop_id, other_shop):  # same file, same row numbers, two shops
        preview = sales_import.preview_import(tutor_ctx, shop, SAMPLES / "pinduoduo-orders.csv")
        assert sales_import.commit_import(tutor_ctx, preview).imported == 40
    with Session(db.engine) as session:
        ids = session.exec(select(SalesOrder.id)).all()
    assert len(set(ids)) == len(ids) == 80
    assert len({i[:24] for i in ids}) == 2  # one random prefix per import


# --------------------------------------------------------------------------- flat_parser
# The bulk path parses with order_import.flat_parser; it must agree with parse_row always.

def _mapping(name):
    import json

    from station_app.domain.order_import import load_mapping

    return load_mapping(json.loads((paths.resources_dir() / "mappings" / f"{name}.json")
                                   .read_text(encoding="utf-8")))


def _pseudonym(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _expected(match, number, values):
    from station_app.domain.order_import import flat_order, parse_row

    parsed = parse_row(match, number, values, _pseudonym)
    flat = flat_order(parsed.record) if parsed.record else None
    return flat, [(e.row, e.column, e.message.code, str(e.message)) for e in parsed.errors]


def _cells():
    from datetime import datetime as dt

    from hypothesis import strategies as st

    text = st.text(max_size=12)
    odd = st.one_of(st.none(), text, st.integers(-10, 10**9), st.floats(allow_nan=True),
                    st.booleans())
    times = st.one_of(
        st.sampled_from(["2025-11-01 09:00:00", "2025-11-01 15:30:00", "2025/11/01 09:05:00",
                         "2025-11-01", "2025-13-01 00:00:00", "2025-02-30 10:00:00",
                         "2025-11-01 24:00:00", " 2025-11-01 09:00:00 ", "2025-11-01T09:00:00",
                         "２０２５-11-01 09:00:00", "2025年11月01日", "'2025-11-01 09:00:00", "",
                         "2025-10-01 08:00:00", "0000-01-01 00:00:00", "2025-11-01 09:00:00+08"]),
        st.datetimes(min_value=dt(2020, 1, 1), max_value=dt(2030, 1, 1)),
        st.floats(20000, 80000), odd)
    money = st.one_of(
        st.sampled_from(["59.80", "0.5", "12", "0.00", "10000000.00", "10000000.01", "-3",
                         "1,234.50", "¥12", "１２.３", " 12.30 ", "12.345", "12.", ".5", "1e3",
                         "NaN", "abc", "", "'12.30", "0012.30", "1_000"]),
        st.decimals(min_value=-10, max_value=10**8, places=3).map(str),
        st.floats(min_value=-1, max_value=2e7), st.integers(-5, 2 * 10**7), odd)
    quantity = st.one_of(st.sampled_from(["1", "2", "100000", "100001", "1.5", "-1", "'2", "",
                                          " 3 ", "００２", "0", "2.0", "0002", "1234567"]),
                         st.integers(-2, 200000), odd)
    order_id = st.one_of(st.sampled_from(["251101-000000000000001", "'3900000000000000001",
                                          '="692000000000000000"', "", "  A1  ", "\tB2"]),
                         st.integers(0, 10**12), odd)
    buyer = st.one_of(st.sampled_from(["王**", "buyer1", " buyer1 ", "'x", "", "ｂｕｙｅｒ１",
                                       "a b"]), odd)
    product = st.one_of(st.sampled_from(["猕猴桃 5斤", "'abc", '="x"', "", "x" * 300]), odd)
    return dict(order_id=order_id, product=product, quantity=quantity, amount=money,
                refund_amount=money, ordered_at=times, shipped_at=times, signed_at=times,
                buyer=buyer, money=money)


def _plain_cells(mapping):
    """Cells as real exports hold them (the fast path's cases), per field."""
    from datetime import datetime as dt
    from datetime import timedelta

    from hypothesis import strategies as st

    moment = st.datetimes(min_value=dt(2020, 1, 1), max_value=dt(2030, 1, 1))
    text_time = moment.map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S"))
    yuan = st.one_of(st.integers(0, 10**9).map(lambda f: f"{f // 100}.{f % 100:02d}"),
                     st.integers(0, 10**9).map(lambda f: f / 100),
                     st.integers(0, 10**7), st.integers(0, 10**7).map(str),
                     st.integers(0, 10**8).map(lambda f: f"{f / 10:.1f}"))
    later = st.one_of(st.none(), st.just(""), st.timedeltas(timedelta(hours=-2), timedelta(days=9)))
    return dict(
        order_id=st.one_of(st.from_regex(r"[0-9A-Za-z-]{1,24}", fullmatch=True),
                           st.sampled_from(["'3900000000000000001", '="692000000000000000"',
                                            " 250601-300000000000000 "])),
        product=st.sampled_from(["眉县徐香猕猴桃 5斤", "红心猕猴桃 3斤 礼盒装", "", None]),
        quantity=st.one_of(st.integers(0, 100000).map(str), st.integers(0, 100000),
                           st.sampled_from(["", None])),
        amount=yuan, refund_amount=st.one_of(yuan, st.sampled_from(["", None, "0.00"])),
        status=st.sampled_from(list(mapping.status_map) + ["已发货，待签收"]),
        after_sale=st.sampled_from(list(mapping.after_sale_map) + ["", None]),
        ordered_at=st.one_of(text_time, moment), shipped_at=later, signed_at=later,
        buyer=st.sampled_from(["王**", "buyer028", "张三", "", None]),
    )


@pytest.mark.parametrize("platform", ["pinduoduo", "taobao", "douyin"])
def test_flat_parser_agrees_with_parse_row(platform):
    """Rows of plain cells with up to two odd cells: the fast path must take exactly the
    rows parse_row takes, and make the same of them."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from station_app.domain.order_import import FIELDS, flat_parser, match_headers

    mapping = _mapping(platform)
    names = [n for n in FIELDS if mapping.columns.get(n)]
    headers = [mapping.columns[n][0] for n in names] + ["备注"]
    match = match_headers(mapping, headers)
    odd = _cells()
    odd_states = st.one_of(st.sampled_from(["已发货，待签收", " 交易成功 ", "飞走了", "", "'交易成功",
                                            "不知道", " 退款成功", "退款成功 "]), odd["buyer"])
    odd.update(status=odd_states, after_sale=odd_states)
    plain = _plain_cells(mapping)
    parse = flat_parser(match, _pseudonym)
    taken = {"fast": 0}

    @settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        values = {n: data.draw(plain[n], label=n) for n in names}
        for name in ("shipped_at", "signed_at"):  # a time after (or just before) the order
            if name in values and hasattr(values[name], "total_seconds"):
                ordered = values["ordered_at"]
                if isinstance(ordered, str):
                    ordered = datetime.fromisoformat(ordered)
                moment = ordered + values[name]
                values[name] = moment if data.draw(st.booleans()) else f"{moment:%Y-%m-%d %H:%M:%S}"
        for name in data.draw(st.lists(st.sampled_from(names), max_size=2, unique=True)):
            values[name] = data.draw(odd[name], label=f"odd {name}")
        cells = [values[n] for n in names] + ["x"]
        keep = data.draw(st.sampled_from([len(cells), len(cells) - 2, 3]))
        flat, errors = parse(7, cells[:keep])
        got = (flat, [(e.row, e.column, e.message.code, str(e.message)) for e in errors])
        assert got == _expected(match, 7, cells[:keep])
        taken["fast"] += flat is not None

    check()
    assert taken["fast"] > 100  # the fast path really was exercised


def _edge_cells():
    from datetime import date, timedelta, timezone

    money = ["59.80", "0.5", "12", "0.00", "10000000.00", "10000000.01", "10000000", "-3",
             "-0.00", "1,234.50", "¥12", "１２.３", " 12.30 ", "12.345", "12.", ".5", "1e3", "NaN",
             "inf", "abc", "", "'12.30", "0012.30", "1_000", "999999999", "999999999.99",
             "1000000000", 59.8, 0.1 + 0.2, 1e-7, -1.0, float("nan"), float("inf"), 1e16, True,
             12, 0, -5, 10000000, 10000001, None]
    times = ["2025-11-01 09:00:00", "2025/11/01 09:05:00", "2025-11-01", "2025-13-01 00:00:00",
             "2025-02-30 10:00:00", "2025-11-01 24:00:00", "2025-11-01 23:59:60",
             " 2025-11-01 09:00:00 ", "2025-11-01T09:00:00", "２０２５-11-01 09:00:00",
             "2025年11月01日", "'2025-11-01 09:00:00", "", "2025-10-01 08:00:00",
             "0000-01-01 00:00:00", "0999-01-01 00:00:00", "2025-11-01 09:00:00+08",
             "2025-11-01 9:00:00", "2025-11-01 09:00", "2025-11-01 09:00:00.5", 45962.375, 45962,
             1000, True, datetime(2025, 11, 1, 9), datetime(2025, 11, 1, 9, 0, 0, 123456),
             datetime(2025, 11, 1, 9, tzinfo=timezone(timedelta(hours=8))), date(2025, 11, 1),
             None]
    return dict(
        order_id=["", " ", "'", "'123", '="123"', '="', "  A1  ", "\tB2", "Ａ１", 123456789012,
                  3.9e18, True, None],
        product=["猕猴桃", "'abc", '="x"', "", "x" * 300, None, 12, 0, 1.5],
        quantity=["1", "2", "0", "100000", "100001", "999999", "1234567", "1.5", "-1", "'2", "",
                  " 3 ", "００２", "2.0", "0002", 2, 0, 100000, 100001, -1, 2.0, 2.5, True, None,
                  "abc"],
        amount=money, refund_amount=money, ordered_at=times, shipped_at=times, signed_at=times,
        status=["已发货，待签收", " 交易成功 ", "飞走了", "", "'交易成功", "退款成功 ", "　已签收",
                None, 1, True],
        after_sale=["已发货，待签收", "退款成功", " 退款成功", "'退款成功", "", " ", "不知道", None, 1],
        buyer=["王**", "buyer1", " buyer1 ", "'x", "", "ｂｕｙｅｒ１", "a b", None, 12, 1.5],
    )


@pytest.mark.parametrize("platform", ["pinduoduo", "taobao", "douyin"])
def test_flat_parser_agrees_with_parse_row_on_each_odd_cell(platform):
    """Every odd cell we could think of, alone in an otherwise plain row (text as in a CSV,
    or typed as in an Excel file), in every column."""
    from station_app.domain.order_import import FIELDS, flat_parser, match_headers

    mapping = _mapping(platform)
    names = [n for n in FIELDS if mapping.columns.get(n)]
    match = match_headers(mapping, [mapping.columns[n][0] for n in names])
    status = next(iter(mapping.status_map))
    after_sale = next(k for k in mapping.after_sale_map if k)
    plain = [
        dict(order_id="251101-000000000000001", product="猕猴桃 5斤", quantity="2",
             amount="59.80", refund_amount="0.00", status=status, after_sale=after_sale,
             ordered_at="2025-11-01 09:00:00", shipped_at="2025-11-01 15:00:00",
             signed_at="2025-11-04 10:00:00", buyer="王**"),
        dict(order_id="692000000000000000", product="猕猴桃 5斤", quantity=2, amount=59.8,
             refund_amount=None, status=status, after_sale=None,
             ordered_at=datetime(2025, 11, 1, 9), shipped_at=None,
             signed_at=datetime(2025, 11, 4, 10), buyer="buyer1"),
    ]
    parse = flat_parser(match, _pseudonym)
    fast = 0
    for base in plain:
        for name in names:
            for value in _edge_cells()[name]:
                values = [value if n == name else base[n] for n in names]
                flat, errors = parse(5, values)
                got = (flat, [(e.row, e.column, e.message.code, str(e.message)) for e in errors])
                assert got == _expected(match, 5, values), (name, value)
                fast += flat is not None
    assert fast > 100


@pytest.mark.parametrize("sample", ["pinduoduo-orders.csv", "taobao-orders-gbk.csv",
                                    "douyin-orders.xlsx"])
def test_flat_parser_reads_the_samples_without_falling_back(sample, monkeypatch):
    """The fast path is what a real export takes (else a million rows would be slow)."""
    from station_app.domain import order_import
    from station_app.services.order_files import open_table

    with open_table(SAMPLES / sample) as table:
        match = order_import.best_mapping(sales_import.load_mappings(), table.headers)
        rows = list(table.rows())
    expected = [_expected(match, n, v) for n, v in rows]
    parse = order_import.flat_parser(match, _pseudonym)
    monkeypatch.setattr(order_import, "parse_row", None)  # the slow path would fail now
    got = [parse(n, v) for n, v in rows]
    assert [(flat, list(errors)) for flat, errors in got] == expected


def test_a_shop_is_corrected_with_its_version_and_never_moves_platform(
        tutor_ctx, branch_ctx, shop_id):
    """update_shop: name and opening date, checked like a new shop, against the version the
    clerk saw (a stale one is refused), audited and queued for sync; not for the branch."""
    from station_app.services.errors import StaleVersion, ValidationFailed
    from station_app.store.models import Shop

    with Session(tutor_ctx.db.engine) as session:
        before = session.get(Shop, shop_id)
    with pytest.raises(ValidationFailed) as bad:
        shops.update_shop(tutor_ctx, shop_id, shop_name=" ", opened_on=date(2099, 1, 1),
                          base_version=before.version)
    assert set(bad.value.fields) == {"shop_name", "opened_on"}
    with pytest.raises(PermissionDenied):
        shops.update_shop(branch_ctx, shop_id, shop_name="别家", opened_on=None,
                          base_version=before.version)
    shops.update_shop(tutor_ctx, shop_id, shop_name="  眉县猕猴桃旗舰店 ", opened_on=date(2023, 5, 1),
                      base_version=before.version)
    with pytest.raises(StaleVersion):
        shops.update_shop(tutor_ctx, shop_id, shop_name="又改", opened_on=None,
                          base_version=before.version)
    with Session(tutor_ctx.db.engine) as session:
        after = session.get(Shop, shop_id)
        assert (after.shop_name, after.opened_on, after.platform, after.version) == (
            "眉县猕猴桃旗舰店", date(2023, 5, 1), before.platform, before.version + 1)
        assert session.exec(select(AuditEntry).where(AuditEntry.entity_id == shop_id,
                                                     AuditEntry.action == "update")).first()
        assert session.exec(select(OutboxEntry).where(OutboxEntry.entity_id == shop_id,
                                                      OutboxEntry.op == "update")).first()

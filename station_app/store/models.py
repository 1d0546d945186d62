"""Tables of the station database.

Every table that syncs with the central server uses :class:`SyncFields`: a client-made UUID
key, the owning station, hybrid-logical-clock timestamps (``created_hlc``/``updated_hlc``
plus a per-field clock map for field-level conflict resolution), a version that each write
increments, and a soft-delete flag.  Writes go through ``station_app.services``, which bump
these fields and append the matching :class:`OutboxEntry` and :class:`AuditEntry` in the same
transaction.

Sensitive values (resident ID, phone, bank card) are never stored in clear: ``*_cipher`` holds
AES-GCM ciphertext, ``*_hash`` a keyed blind index for exact lookup, ``*_masked`` the form
shown on screen, and ``*_last4`` the trailing digits used by search-as-you-type (the masked
form displays those same digits).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def new_id() -> str:
    return str(uuid.uuid4())


class SyncFields(SQLModel):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    station_id: str = Field(index=True, max_length=36)
    created_hlc: str = Field(max_length=64)
    updated_hlc: str = Field(max_length=64)
    # JSON {field: HLC} of fields changed since creation; absent fields date from created_hlc.
    field_clock: str = Field(default="{}", sa_column_kwargs={"server_default": "{}"})
    version: int = Field(default=0)
    deleted: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})


class LocalMeta(SQLModel, table=True):
    """Facts about this database itself: its id, the device id, the HLC high-water mark."""

    __tablename__ = "local_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str


class Station(SyncFields, table=True):
    __tablename__ = "station"
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    province: str = Field(default="", max_length=50)
    county: str = Field(default="", max_length=50)
    county_code: str = Field(default="", max_length=6)
    is_demo: bool = Field(default=False)


class Village(SyncFields, table=True):
    """A village (行政村) the station serves; feeds the address picker."""

    __tablename__ = "village"
    province: str = Field(max_length=50)
    county: str = Field(max_length=50)
    township: str = Field(max_length=50)
    name: str = Field(max_length=50, index=True)


class User(SyncFields, table=True):
    """A staff account.  User names are unique per owner (a station, or a branch for branch
    officers): a branch computer holds the accounts of all its stations, and two stations may
    both have an ``admin``.  Only the home owner's accounts log in on a computer."""

    __tablename__ = "user_account"
    __table_args__ = (
        UniqueConstraint("station_id", "username", name="uq_user_account_station_username"),
    )
    username: str = Field(max_length=50)
    display_name: str = Field(max_length=50)
    role: str = Field(max_length=20)
    password_hash: str
    active: bool = Field(default=True)


class LoginState(SQLModel, table=True):
    """Failed log-ins, lockout and last log-in of a user on THIS device.

    Kept out of ``user_account`` on purpose: that row syncs (staff verifiers come down from
    the server), and a pulled copy must never reset a lockout or carry counters around.
    """

    __tablename__ = "login_state"
    user_id: str = Field(foreign_key="user_account.id", primary_key=True, max_length=36)
    failed_attempts: int = Field(default=0)
    locked_until: datetime | None = Field(default=None)
    last_login_at: datetime | None = Field(default=None)


class Farmer(SyncFields, table=True):
    """农户: a registered farmer (KYC record)."""

    __tablename__ = "farmer"
    __table_args__ = (
        # One live farmer per resident ID; soft-deleted rows may repeat.
        Index("uq_farmer_resident_id_live", "resident_id_hash", unique=True,
              sqlite_where=text("deleted = 0")),
        Index("ix_farmer_name_live", "name", "id", sqlite_where=text("deleted = 0")),
        Index("ix_farmer_initials_live", "name_initials", "id", sqlite_where=text("deleted = 0")),
        Index("ix_farmer_village_live", "village", "name", "id", sqlite_where=text("deleted = 0")),
        Index("ix_farmer_id_last4_live", "resident_id_last4", "name", sqlite_where=text("deleted = 0")),
        Index("ix_farmer_phone_last4_live", "phone_last4", "name", sqlite_where=text("deleted = 0")),
        Index("ix_farmer_phone_hash", "phone_hash"),
    )

    name: str = Field(max_length=50)
    name_initials: str = Field(default="", max_length=200)
    gender: str = Field(max_length=10)  # "male" / "female"
    birth_date: date
    resident_id_cipher: str = Field(sa_column=Column(Text, nullable=False))
    resident_id_hash: str = Field(max_length=64)
    resident_id_masked: str = Field(max_length=18)
    resident_id_last4: str = Field(max_length=4)
    phone_cipher: str = Field(sa_column=Column(Text, nullable=False))
    phone_hash: str = Field(max_length=64)
    phone_masked: str = Field(max_length=11)
    phone_last4: str = Field(max_length=4)
    bank_card_cipher: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    bank_card_masked: str = Field(default="", max_length=12)
    province: str = Field(default="", max_length=50)
    county: str = Field(default="", max_length=50)
    township: str = Field(default="", max_length=50)
    village: str = Field(default="", max_length=50)
    address_detail: str = Field(default="", max_length=200)
    household_size: int | None = Field(default=None)
    education: str = Field(default="", max_length=20)
    coop_name: str = Field(default="", max_length=100)
    coop_uscc: str = Field(default="", max_length=18)
    registered_by: str = Field(default="", max_length=36)
    notes: str = Field(default="", max_length=500)


class Consent(SyncFields, table=True):
    """数据使用授权: a farmer's consent to data use, with who took it and when."""

    __tablename__ = "consent"
    farmer_id: str = Field(foreign_key="farmer.id", index=True, max_length=36)
    scopes: str = Field(max_length=200)  # comma-separated scope codes
    granted_at: datetime
    staff_user_id: str = Field(max_length=36)
    staff_name: str = Field(max_length=50)
    form_printed: bool = Field(default=False)
    withdrawn_at: datetime | None = Field(default=None)


class OutboxEntry(SQLModel, table=True):
    """A local change waiting to be pushed to the central server (transactional outbox).

    ``seq`` is the local sequence; with the station id it forms the idempotency key.  The
    payload holds the row as stored (sensitive fields as ciphertext).  Entries are only
    removed after the server acknowledged them.
    """

    __tablename__ = "outbox"
    seq: int | None = Field(default=None, primary_key=True)
    station_id: str = Field(max_length=36)
    entity: str = Field(max_length=50)
    entity_id: str = Field(max_length=36, index=True)
    op: str = Field(max_length=10)  # insert / update / delete
    base_version: int
    version: int
    hlc: str = Field(max_length=64)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=12, index=True)
    attempts: int = Field(default=0)
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime


class AuditEntry(SQLModel, table=True):
    """审计日志: who did what to which record, and what changed (never sensitive values)."""

    __tablename__ = "audit_log"
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(default_factory=new_id, max_length=36, unique=True)
    station_id: str = Field(max_length=36)
    at: datetime = Field(index=True)
    hlc: str = Field(max_length=64)
    user_id: str = Field(default="", max_length=36)
    username: str = Field(default="", max_length=50)
    action: str = Field(max_length=30)
    entity: str = Field(max_length=50)
    entity_id: str = Field(default="", max_length=36, index=True)
    changes: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))


SYNCABLE_TABLES: dict[str, type[SyncFields]] = {
    "station": Station,
    "village": Village,
    "user_account": User,
    "farmer": Farmer,
    "consent": Consent,
}


class Shop(SyncFields, table=True):
    """网店: one online shop of a farmer on one platform."""

    __tablename__ = "shop"
    farmer_id: str = Field(foreign_key="farmer.id", index=True, max_length=36)
    platform: str = Field(max_length=20)  # pinduoduo / taobao / douyin / kuaishou / jd / wechat / other
    shop_name: str = Field(max_length=100)
    platform_shop_id: str = Field(default="", max_length=64)
    opened_on: date | None = Field(default=None)
    notes: str = Field(default="", max_length=500)


class ImportBatch(SyncFields, table=True):
    """One confirmed import of a platform order export (订单导入批次)."""

    __tablename__ = "import_batch"
    shop_id: str = Field(foreign_key="shop.id", index=True, max_length=36)
    file_name: str = Field(max_length=255)
    file_sha256: str = Field(max_length=64)
    mapping_id: str = Field(max_length=50)
    rows_total: int
    rows_imported: int
    rows_duplicate: int
    rows_error: int
    imported_by: str = Field(max_length=36)
    imported_at: datetime


class SalesOrder(SyncFields, table=True):
    """订单: one order of a shop, from an import.  Money in integer fen (exact in SQL sums).

    Rows of one import travel to the server as one outbox entry for their batch
    (op ``insert_batch``), not one entry per order: a county imports millions of orders.
    """

    __tablename__ = "sales_order"
    __table_args__ = (
        UniqueConstraint("shop_id", "order_no", name="uq_sales_order_shop_order_no"),
        Index("ix_sales_order_shop_time", "shop_id", "ordered_at"),
    )
    shop_id: str = Field(foreign_key="shop.id", max_length=36)
    order_no: str = Field(max_length=64)
    # Platform times are China Standard Time as exported, stored naive (not UTC).
    ordered_at: NaiveDatetime
    product: str = Field(default="", max_length=200)
    quantity: int = Field(default=1)
    amount_fen: int
    status: str = Field(max_length=20)
    buyer_key: str | None = Field(default=None, max_length=40)
    shipped_at: NaiveDatetime | None = Field(default=None)
    signed_at: NaiveDatetime | None = Field(default=None)
    settled_at: NaiveDatetime | None = Field(default=None)
    after_sale: str = Field(default="none", max_length=20)
    after_sale_requested_at: NaiveDatetime | None = Field(default=None)
    after_sale_responded_at: NaiveDatetime | None = Field(default=None)
    refund_fen: int = Field(default=0)
    import_batch_id: str | None = Field(default=None, foreign_key="import_batch.id",
                                        index=True, max_length=36)


class MonthlySales(SyncFields, table=True):
    """月度销售: monthly totals typed in by staff where no export exists."""

    __tablename__ = "monthly_sales"
    __table_args__ = (UniqueConstraint("shop_id", "month", name="uq_monthly_sales_shop_month"),)
    shop_id: str = Field(foreign_key="shop.id", index=True, max_length=36)
    month: date  # first day of the month
    orders: int
    gmv_fen: int
    refunds_fen: int = Field(default=0)


SYNCABLE_TABLES.update({
    "shop": Shop,
    "import_batch": ImportBatch,
    "sales_order": SalesOrder,
    "monthly_sales": MonthlySales,
})


class ReferenceDoc(SyncFields, table=True):
    """Reference data edited by an admin (for now the crop calendar, kind ``crop_calendar``).

    The body is the whole document as JSON, exactly as the shipped file would hold it; the
    shipped file in ``resources/`` applies until a row of that kind exists.
    """

    __tablename__ = "reference_doc"
    __table_args__ = (Index("uq_reference_doc_kind_live", "kind", unique=True,
                            sqlite_where=text("deleted = 0")),)
    kind: str = Field(max_length=40)
    doc_version: int
    body: str = Field(sa_column=Column(Text, nullable=False))


# Planting data.  Quantities with decimals are stored as exact integers: ``*_x100`` holds
# hundredths (0.01 mu, 0.01 kg), ``*_bp`` basis points (1/10000), money in fen.


class Plot(SyncFields, table=True):
    """地块: a piece of land a farmer plants."""

    __tablename__ = "plot"
    farmer_id: str = Field(foreign_key="farmer.id", index=True, max_length=36)
    name: str = Field(max_length=50)
    area_mu_x100: int
    village: str = Field(default="", max_length=50)
    latitude: float | None = Field(default=None)
    longitude: float | None = Field(default=None)
    land_certificate_no: str = Field(default="", max_length=40)  # 土地承包经营权证编号
    notes: str = Field(default="", max_length=500)


class PlantingSeason(SyncFields, table=True):
    """种植季: one crop on one plot from planting to harvest."""

    __tablename__ = "planting_season"
    plot_id: str = Field(foreign_key="plot.id", index=True, max_length=36)
    farmer_id: str = Field(foreign_key="farmer.id", index=True, max_length=36)
    crop_code: str = Field(max_length=40)
    variety: str = Field(default="", max_length=50)
    planting_date: date
    expected_harvest_date: date
    # Area planted this season (may be less than the plot).
    area_mu_x100: int
    expected_yield_kg_per_mu_x100: int
    expected_price_fen_per_kg: int
    calendar_version: int = Field(default=0)
    notes: str = Field(default="", max_length=500)


class Harvest(SyncFields, table=True):
    """收获: what a season actually brought in; one season may be picked several times."""

    __tablename__ = "harvest"
    season_id: str = Field(foreign_key="planting_season.id", index=True, max_length=36)
    harvested_on: date
    yield_kg_x100: int
    sold_online_bp: int  # share of this harvest sold through the farmer's online shops
    quality_pass_bp: int | None = Field(default=None)  # 质检合格率 of this harvest, if tested
    notes: str = Field(default="", max_length=500)


class InputCost(SyncFields, table=True):
    """投入成本: money spent on a season (seed, fertiliser, pesticide, …)."""

    __tablename__ = "input_cost"
    season_id: str = Field(foreign_key="planting_season.id", index=True, max_length=36)
    category: str = Field(max_length=20)
    spent_on: date
    amount_fen: int
    notes: str = Field(default="", max_length=200)


class TrainingSession(SyncFields, table=True):
    """培训: a digital-skills session the station runs."""

    __tablename__ = "training_session"
    held_on: date = Field(index=True)
    topic: str = Field(max_length=100)
    tutor_user_id: str = Field(default="", max_length=36)
    tutor_name: str = Field(max_length=50)
    location: str = Field(default="", max_length=100)
    duration_minutes: int = Field(default=0)
    notes: str = Field(default="", max_length=500)


class TrainingAttendance(SyncFields, table=True):
    """Who attended a training session (one row per farmer; removing soft-deletes it)."""

    __tablename__ = "training_attendance"
    __table_args__ = (UniqueConstraint("session_id", "farmer_id",
                                       name="uq_training_attendance_session_farmer"),)
    session_id: str = Field(foreign_key="training_session.id", index=True, max_length=36)
    farmer_id: str = Field(foreign_key="farmer.id", index=True, max_length=36)


SYNCABLE_TABLES.update({
    "reference_doc": ReferenceDoc,
    "plot": Plot,
    "planting_season": PlantingSeason,
    "harvest": Harvest,
    "input_cost": InputCost,
    "training_session": TrainingSession,
    "training_attendance": TrainingAttendance,
})


class CreditScore(SyncFields, table=True):
    """信用分记录: one scoring of a farmer exactly as computed, kept as history.

    ``result`` is :meth:`ScoreResult.to_dict` (inputs, points per variable, reasons, limit
    arithmetic); the columns beside it are what lists and charts need without parsing it.
    A new row is written only when the inputs or the model differ from the farmer's latest.
    """

    __tablename__ = "credit_score"
    __table_args__ = (Index("ix_credit_score_farmer_at", "farmer_id", "scored_at"),)
    farmer_id: str = Field(foreign_key="farmer.id", max_length=36)
    scored_at: datetime
    model_id: str = Field(max_length=60)
    model_version: int
    model_digest: str = Field(max_length=64)
    inputs_digest: str = Field(max_length=64)
    total: int
    grade: str = Field(max_length=8)
    credit_limit_fen: int
    trigger: str = Field(default="view", max_length=20)  # view / batch / model / what changed
    scored_by: str = Field(default="", max_length=36)
    result: str = Field(sa_column=Column(Text, nullable=False))


SYNCABLE_TABLES["credit_score"] = CreditScore


class SigningKey(SyncFields, table=True):
    """A computer's public document-signing key (Ed25519).  Each computer signs the QR codes
    of what it prints with its own private key (kept encrypted in ``local_meta``); the public
    halves sync, so every computer of the station and its branch verifies offline."""

    __tablename__ = "signing_key"
    key_id: str = Field(max_length=16, index=True)
    public_key: str = Field(max_length=64)  # base64 of the 32 raw bytes
    device_id: str = Field(max_length=36)
    label: str = Field(default="", max_length=100)
    revoked: bool = Field(default=False)


SYNCABLE_TABLES["signing_key"] = SigningKey


class IssuedDocument(SyncFields, table=True):
    """A document printed here (credit report, later contracts and policies): its id, the
    key content its QR's digest covers, and the QR text.  Verification shows the content so
    a person can compare it with the paper in front of them."""

    __tablename__ = "issued_document"
    doc_id: str = Field(max_length=40, index=True)
    kind: str = Field(max_length=40)
    farmer_id: str | None = Field(default=None, foreign_key="farmer.id", index=True,
                                  max_length=36)
    issued_on: date
    content: str = Field(sa_column=Column(Text, nullable=False))  # JSON, as signed
    qr_text: str = Field(sa_column=Column(Text, nullable=False))
    issued_by: str = Field(default="", max_length=36)


SYNCABLE_TABLES["issued_document"] = IssuedDocument


class LoanApplication(SyncFields, table=True):
    """贷款申请: what the specialist filed for a farmer, from a quote (docs/loans.md).

    The terms are fixed when it is filed (amount, rate, term, method, planned disbursement);
    the station edits nothing after submitting.  Its state is not a column: it is the replay
    of its :class:`LoanTransition` rows (``services.loan_applications.effective_state``), so
    a decision made on a branch computer and a withdrawal made at the station never overwrite
    each other.  ``quote`` is the quote's figures as JSON (caps, inputs, notes); ``order_ids``
    the platform orders an order loan stands on (JSON list).  ``chain_head`` and
    ``chain_length`` pin the order-loan event log (:class:`LoanEvent`).
    """

    __tablename__ = "loan_application"
    application_no: str = Field(max_length=40, index=True)
    farmer_id: str = Field(foreign_key="farmer.id", index=True, max_length=36)
    product_id: str = Field(max_length=40)
    product_kind: str = Field(max_length=20)
    product_name: str = Field(max_length=50)
    purpose: str = Field(default="", max_length=200)
    amount_fen: int
    annual_rate: str = Field(max_length=12)  # fraction as Decimal text, e.g. "0.0450"
    fees_fen: int = Field(default=0)
    annualized_rate: str = Field(default="", max_length=12)
    term_months: int
    method: str = Field(max_length=20)
    planned_disbursement: date
    maturity: date
    season_id: str | None = Field(default=None, foreign_key="planting_season.id", max_length=36)
    guarantor: str = Field(default="", max_length=100)
    insurance_policy_no: str = Field(default="", max_length=40)
    score_id: str | None = Field(default=None, foreign_key="credit_score.id", max_length=36)
    grade: str = Field(default="", max_length=8)
    credit_limit_fen: int = Field(default=0)
    quote: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    order_ids: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    filed_by: str = Field(max_length=36)
    filed_by_name: str = Field(default="", max_length=50)
    filed_at: datetime
    chain_head: str = Field(default="", max_length=64)
    chain_length: int = Field(default=0)


class TransitionFields(SQLModel):
    """What one move of a workflow records (loans and insurance): the action, the states
    before and after, who, why, when, and JSON ``data``.  A move is never changed once
    written: the state is replayed from the moves."""

    action: str = Field(max_length=20)
    from_state: str = Field(max_length=20)
    to_state: str = Field(max_length=20)
    actor_id: str = Field(max_length=36)
    actor_name: str = Field(default="", max_length=50)
    actor_role: str = Field(max_length=20)
    reason: str = Field(default="", max_length=500)
    at: datetime
    # sa_type, not a shared Column object: one Column cannot belong to two tables.
    data: str = Field(default="{}", sa_type=Text, nullable=False)


class LoanTransition(TransitionFields, SyncFields, table=True):
    """One move of an application's workflow, never changed once written.  ``data`` is JSON
    (the disbursement date for ``disburse``)."""

    __tablename__ = "loan_transition"
    application_id: str = Field(foreign_key="loan_application.id", index=True, max_length=36)


class LoanRepayment(SyncFields, table=True):
    """Money received for a loan (还款): cash or bank transfer recorded by the branch, or an
    insurance payout applied to the loan.  Never changed once written."""

    __tablename__ = "loan_repayment"
    application_id: str = Field(foreign_key="loan_application.id", index=True, max_length=36)
    paid_on: date
    amount_fen: int
    source: str = Field(default="cash", max_length=20)  # cash / bank / insurance
    reference: str = Field(default="", max_length=60)
    recorded_by: str = Field(max_length=36)
    recorded_by_name: str = Field(default="", max_length=50)
    recorded_at: datetime
    note: str = Field(default="", max_length=200)


class LoanEvent(SyncFields, table=True):
    """One event of an order loan's hash-chained log (``domain.event_chain``).  ``at`` is kept
    as the ISO text that was hashed, so reading it back gives the same hash."""

    __tablename__ = "loan_event"
    __table_args__ = (UniqueConstraint("application_id", "seq", name="uq_loan_event_seq"),)
    application_id: str = Field(foreign_key="loan_application.id", index=True, max_length=36)
    seq: int
    kind: str = Field(max_length=30)
    at: str = Field(max_length=40)
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    recorded_by: str = Field(default="", max_length=36)


SYNCABLE_TABLES.update({
    "loan_application": LoanApplication,
    "loan_transition": LoanTransition,
    "loan_repayment": LoanRepayment,
    "loan_event": LoanEvent,
})


class WeatherDay(SyncFields, table=True):
    """One day of weather at one weather station (气象站), in tenths (0.1 mm, 0.1 °C);
    ``None`` is a missing value.  Rows loaded on the central server are shared (empty
    ``station_id``, every station gets them); a station's own CSV import writes rows of its
    own.  The id is derived from (owner, weather station, day), so importing a day again
    updates it instead of adding a second row (``services.weather``)."""

    __tablename__ = "weather_day"
    __table_args__ = (Index("ix_weather_day_station_day", "weather_station", "day"),)
    weather_station: str = Field(max_length=40)
    day: date
    precip_x10: int | None = Field(default=None)
    tmax_x10: int | None = Field(default=None)
    tmin_x10: int | None = Field(default=None)
    tmean_x10: int | None = Field(default=None)
    source: str = Field(default="", max_length=60)


class InsuranceApplication(SyncFields, table=True):
    """投保申请 → 保单: a farmer's weather-index insurance for one season, as quoted.

    ``product`` is the product's definition when filed (JSON, ``dump_products`` layout), so
    claims use the terms insured even if the catalogue changes.  Money in fen; ``shares`` is
    the premium split (central / province / county / farmer) in fen, JSON.  Like loans, the
    state is the replay of :class:`InsuranceTransition` rows; the policy number is in the
    ``issue`` move.  ``loan_application_id``: the planting loan the payouts go to first.
    """

    __tablename__ = "insurance_application"
    application_no: str = Field(max_length=40, index=True)
    farmer_id: str = Field(foreign_key="farmer.id", index=True, max_length=36)
    product_id: str = Field(max_length=40)
    product_name: str = Field(max_length=60)
    product: str = Field(sa_column=Column(Text, nullable=False))
    weather_station: str = Field(max_length=40)
    season_year: int
    insured_mu_x100: int
    sum_insured_fen: int
    premium_fen: int
    shares: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    season_id: str | None = Field(default=None, foreign_key="planting_season.id", max_length=36)
    loan_application_id: str | None = Field(default=None, foreign_key="loan_application.id",
                                            max_length=36)
    filed_by: str = Field(max_length=36)
    filed_by_name: str = Field(default="", max_length=50)
    filed_at: datetime


class InsuranceTransition(TransitionFields, SyncFields, table=True):
    """One move of an insurance application (submit, issue, reject, withdraw); never changed."""

    __tablename__ = "insurance_transition"
    application_id: str = Field(foreign_key="insurance_application.id", index=True,
                                max_length=36)


class InsuranceClaim(SyncFields, table=True):
    """理赔: one index section of a policy in one season, computed once its phase has ended and
    its weather is complete.  The id is derived from (policy, section, season), so computing
    again — on this computer or another — makes the same row, never a second claim.
    ``to_loan_fen`` went to the linked loan (``loan_repayment_id``), the rest to the farmer."""

    __tablename__ = "insurance_claim"
    application_id: str = Field(foreign_key="insurance_application.id", index=True,
                                max_length=36)
    section_code: str = Field(max_length=40)
    season_year: int
    phase_first: date
    phase_last: date
    index_value: str = Field(max_length=24)
    payout_per_mu: str = Field(max_length=24)
    payout_fen: int
    to_loan_fen: int = Field(default=0)
    loan_repayment_id: str | None = Field(default=None, max_length=36)
    computed_on: date


SYNCABLE_TABLES.update({
    "weather_day": WeatherDay,
    "insurance_application": InsuranceApplication,
    "insurance_transition": InsuranceTransition,
    "insurance_claim": InsuranceClaim,
})


# Local sync bookkeeping (never synced; see docs/sync-protocol.md §6 and §7).  Outbox entry
# states (``OutboxEntry.status``): pending → sending → done, or quarantined → pending on
# retry / discarded by a person.
OUTBOX_PENDING = "pending"
OUTBOX_SENDING = "sending"
OUTBOX_DONE = "done"
OUTBOX_QUARANTINED = "quarantined"
OUTBOX_DISCARDED = "discarded"
OUTBOX_STATUSES = (OUTBOX_PENDING, OUTBOX_SENDING, OUTBOX_DONE, OUTBOX_QUARANTINED,
                   OUTBOX_DISCARDED)


class SyncConflict(SQLModel, table=True):
    """同步冲突: a field both sides changed; the losing value is kept so a person can restore it.

    ``kept_value`` / ``lost_value`` are JSON; ``lost_side`` is ``"local"`` (this device's value
    lost) or ``"remote"`` (the server's value lost).  ``resolution`` is ``"keep_mine"`` or
    ``"keep_theirs"`` once a person decided (``resolved_by`` = their user id).
    """

    __tablename__ = "sync_conflict"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    entity: str = Field(max_length=50)
    entity_id: str = Field(max_length=36, index=True)
    field: str = Field(max_length=64)
    kept_value: str = Field(default="null", sa_column=Column(Text, nullable=False))
    lost_value: str = Field(default="null", sa_column=Column(Text, nullable=False))
    kept_hlc: str = Field(default="", max_length=64)
    lost_hlc: str = Field(default="", max_length=64)
    lost_side: str = Field(max_length=10)
    at: datetime = Field(index=True)
    resolved_at: datetime | None = Field(default=None)
    resolution: str | None = Field(default=None, max_length=12)
    resolved_by: str | None = Field(default=None, max_length=36)

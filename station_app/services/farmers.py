"""Farmer registry use cases: register, edit, view (masked), reveal (audited), delete."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from station_app.domain import masking, names
from station_app.domain.farmers import FarmerCheck, FarmerInput, validate_farmer
from station_app.domain.messages import Message
from station_app.domain.roles import Permission, can
from station_app.services import writes
from station_app.services.context import ServiceContext
from station_app.services.errors import (
    DuplicateFarmer,
    NeedsConfirmation,
    NotFound,
    ValidationFailed,
)
from station_app.store.models import Consent, Farmer, Village

SENSITIVE_FIELDS = ("resident_id", "phone", "bank_card")


@dataclass(frozen=True)
class FarmerView:
    """A farmer as screens show it: sensitive fields masked."""

    id: str
    version: int
    name: str
    gender: str
    birth_date: date
    resident_id_masked: str
    phone_masked: str
    bank_card_masked: str
    province: str
    county: str
    township: str
    village: str
    address_detail: str
    household_size: int | None
    education: str
    coop_name: str
    coop_uscc: str
    notes: str
    consents: tuple[str, ...]
    consent_at: datetime | None
    consent_staff: str
    registered_hlc: str


def _id_context(column: str) -> str:
    return f"farmer.{column}"


def _hash(ctx: ServiceContext, kind: str, value: str) -> str:
    return ctx.db.cipher.blind_index(value, kind=kind)


def find_by_resident_id(ctx: ServiceContext, resident_id: str) -> Farmer | None:
    ctx.require(Permission.FARMER_READ)
    from station_app.domain.ids import check_resident_id

    result = check_resident_id(resident_id)
    if not result.valid or not result.normalized:
        return None
    digest = _hash(ctx, "resident_id", result.normalized)
    with Session(ctx.db.engine) as session:
        return session.exec(
            select(Farmer).where(Farmer.resident_id_hash == digest, Farmer.deleted == False)  # noqa: E712
        ).first()


def _raise_on_problems(check: FarmerCheck, confirmed: bool) -> None:
    if check.errors:
        raise ValidationFailed(check.errors, check.warnings)
    if check.warnings and not confirmed:
        raise NeedsConfirmation(check.warnings)


def _sensitive_columns(ctx: ServiceContext, check: FarmerCheck) -> dict[str, object]:
    cipher = ctx.db.cipher
    values: dict[str, object] = {}
    if check.resident_id:
        rid = check.resident_id
        values.update(
            resident_id_cipher=cipher.encrypt(rid, context=_id_context("resident_id")),
            resident_id_hash=_hash(ctx, "resident_id", rid),
            resident_id_masked=masking.mask_resident_id(rid),
            resident_id_last4=rid[-4:],
        )
    if check.phone:
        values.update(
            phone_cipher=cipher.encrypt(check.phone, context=_id_context("phone")),
            phone_hash=_hash(ctx, "phone", check.phone),
            phone_masked=masking.mask_mobile(check.phone),
            phone_last4=check.phone[-4:],
        )
    if check.bank_card:
        values.update(
            bank_card_cipher=cipher.encrypt(check.bank_card, context=_id_context("bank_card")),
            bank_card_masked=masking.mask_bank_card(check.bank_card),
        )
    return values


def _plain_columns(inp: FarmerInput, check: FarmerCheck) -> dict[str, object]:
    name = inp.name.strip()
    initials = names.pinyin_initials(name)
    return dict(
        name=name,
        name_initials=initials[0] if initials else "",
        gender=inp.gender,
        birth_date=check.birth_date,
        province=inp.province.strip(),
        county=inp.county.strip(),
        township=inp.township.strip(),
        village=inp.village.strip(),
        address_detail=inp.address_detail.strip(),
        household_size=inp.household_size,
        education=inp.education,
        coop_name=inp.coop_name.strip(),
        coop_uscc=check.coop_uscc or "",
        notes=inp.notes.strip(),
    )


def _ensure_village(session: Session, ctx: ServiceContext, columns: dict[str, object]) -> None:
    """A village typed in the form joins the station's village list (the picker and the
    village search use that list)."""
    name = str(columns.get("village") or "")
    if not name:
        return
    known = session.exec(select(Village).where(Village.name == name,
                                               Village.deleted == False)).first()  # noqa: E712
    if known is None:
        actor = ctx.actor
        assert actor is not None
        writes.insert(session, ctx.db, actor, Village(
            station_id=actor.station_id, province=str(columns.get("province") or ""),
            county=str(columns.get("county") or ""), township=str(columns.get("township") or ""),
            name=name, created_hlc="", updated_hlc=""))


def _check_duplicate(session: Session, resident_id_hash: str, exclude_id: str | None) -> None:
    query = select(Farmer).where(Farmer.resident_id_hash == resident_id_hash,
                                 Farmer.deleted == False)  # noqa: E712
    existing = session.exec(query).first()
    if existing is not None and existing.id != exclude_id:
        raise DuplicateFarmer(existing.id, existing.name)


def register_farmer(ctx: ServiceContext, inp: FarmerInput, *, confirmed: bool = False) -> str:
    """登记农户. Returns the new farmer's id.

    Raises ValidationFailed (fix the fields), NeedsConfirmation (confirm the warnings and
    call again with ``confirmed=True``) or DuplicateFarmer (already registered).
    """
    actor = ctx.require(Permission.FARMER_WRITE)
    check = validate_farmer(inp, is_new=True)
    _raise_on_problems(check, confirmed)
    columns = {**_plain_columns(inp, check), **_sensitive_columns(ctx, check)}
    try:
        with ctx.db.session() as session:
            _check_duplicate(session, str(columns["resident_id_hash"]), None)
            farmer = Farmer(station_id=actor.station_id, registered_by=actor.user_id,
                            created_hlc="", updated_hlc="", **columns)
            writes.insert(session, ctx.db, actor, farmer)
            _ensure_village(session, ctx, columns)
            consent = Consent(
                station_id=actor.station_id, farmer_id=farmer.id,
                scopes=",".join(inp.consent_scopes),
                granted_at=datetime.now(timezone.utc), staff_user_id=actor.user_id,
                staff_name=actor.display_name, form_printed=inp.consent_form_printed,
                created_hlc="", updated_hlc="",
            )
            writes.insert(session, ctx.db, actor, consent)
            if check.warnings:
                writes.audit(session, ctx.db, actor, "warnings_confirmed", "farmer", farmer.id,
                             {k: [m.code for m in v] for k, v in check.warnings.items()})
    except IntegrityError as exc:  # a concurrent registration won the unique index
        existing = find_by_resident_id(ctx, check.resident_id or "")
        if existing is None:
            raise
        raise DuplicateFarmer(existing.id, existing.name) from exc
    return farmer.id


def _load(session: Session, farmer_id: str) -> Farmer:
    farmer = session.get(Farmer, farmer_id)
    if farmer is None or farmer.deleted:
        raise NotFound(Message("farmer.not_found", "找不到这位农户（可能已被删除）。",
                               "Farmer not found (it may have been deleted)."))
    return farmer


def update_farmer(
    ctx: ServiceContext, farmer_id: str, inp: FarmerInput, *, base_version: int,
    confirmed: bool = False,
) -> writes.Changes | None:
    """修改农户信息. Sensitive fields given as None keep their stored values."""
    actor = ctx.require(Permission.FARMER_WRITE)
    kept_id = inp.resident_id is None
    if kept_id:
        # The ID is kept, but birth date and gender must still agree with it.
        with Session(ctx.db.engine) as session:
            stored = _load(session, farmer_id)
            inp = replace(inp, resident_id=ctx.db.cipher.decrypt(
                stored.resident_id_cipher, context=_id_context("resident_id")))
    check = validate_farmer(inp, is_new=False)
    if kept_id:
        # Its warnings (e.g. an abolished region code) were confirmed at registration.
        check.warnings.pop("resident_id", None)
    _raise_on_problems(check, confirmed)
    values = {**_plain_columns(inp, check), **_sensitive_columns(ctx, check)}
    if inp.bank_card == "":
        values.update(bank_card_cipher=None, bank_card_masked="")
    with ctx.db.session() as session:
        farmer = _load(session, farmer_id)
        if check.birth_date is None:
            values["birth_date"] = farmer.birth_date
        if "resident_id_hash" in values:
            _check_duplicate(session, str(values["resident_id_hash"]), farmer.id)
        # Re-encrypting an unchanged value makes new ciphertext; keep the old one so the
        # record (and the sync) only changes when the value does.
        for column, digest in (("resident_id", "resident_id_hash"), ("phone", "phone_hash")):
            if values.get(digest) == getattr(farmer, digest):
                values[f"{column}_cipher"] = getattr(farmer, f"{column}_cipher")
        if inp.bank_card and farmer.bank_card_cipher and check.bank_card:
            old = ctx.db.cipher.decrypt(farmer.bank_card_cipher, context=_id_context("bank_card"))
            if old == check.bank_card:
                values["bank_card_cipher"] = farmer.bank_card_cipher
        _ensure_village(session, ctx, values)
        return writes.update(session, ctx.db, actor, farmer, values, base_version=base_version)


def delete_farmer(ctx: ServiceContext, farmer_id: str, *, base_version: int, reason: str) -> None:
    actor = ctx.require(Permission.FARMER_DELETE)
    if not reason.strip():
        raise ValidationFailed({"reason": [Message("farmer.delete_reason", "请写明删除原因。",
                                                   "Please give the reason for deleting.")]})
    with ctx.db.session() as session:
        farmer = _load(session, farmer_id)
        writes.soft_delete(session, ctx.db, actor, farmer, base_version=base_version,
                           reason=reason.strip())


def get_farmer(ctx: ServiceContext, farmer_id: str) -> FarmerView:
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        farmer = _load(session, farmer_id)
        consents = session.exec(
            select(Consent).where(Consent.farmer_id == farmer_id, Consent.deleted == False)  # noqa: E712
            .order_by(Consent.granted_at.desc())  # type: ignore[attr-defined]
        ).all()
    latest = consents[0] if consents else None
    return FarmerView(
        id=farmer.id, version=farmer.version, name=farmer.name, gender=farmer.gender,
        birth_date=farmer.birth_date, resident_id_masked=farmer.resident_id_masked,
        phone_masked=farmer.phone_masked, bank_card_masked=farmer.bank_card_masked,
        province=farmer.province, county=farmer.county, township=farmer.township,
        village=farmer.village, address_detail=farmer.address_detail,
        household_size=farmer.household_size, education=farmer.education,
        coop_name=farmer.coop_name, coop_uscc=farmer.coop_uscc, notes=farmer.notes,
        consents=tuple(latest.scopes.split(",")) if latest and latest.scopes else (),
        consent_at=latest.granted_at if latest else None,
        consent_staff=latest.staff_name if latest else "",
        registered_hlc=farmer.created_hlc,
    )


def may_reveal(ctx: ServiceContext) -> bool:
    return ctx.actor is not None and can(ctx.actor.role, Permission.FARMER_REVEAL_SENSITIVE)


def reveal(ctx: ServiceContext, farmer_id: str, field_name: str, *, purpose: str = "") -> str:
    """Show one sensitive value in full.  Only for roles that need it; always audited."""
    actor = ctx.require(Permission.FARMER_REVEAL_SENSITIVE)
    if field_name not in SENSITIVE_FIELDS:
        raise ValueError(f"not a sensitive field: {field_name}")
    with ctx.db.session() as session:
        farmer = _load(session, farmer_id)
        token = getattr(farmer, f"{field_name}_cipher")
        value = ctx.db.cipher.decrypt(token, context=_id_context(field_name)) if token else ""
        writes.audit(session, ctx.db, actor, "reveal", "farmer", farmer_id,
                     {"field": field_name, "purpose": purpose[:100]})
    return value


def add_consent(ctx: ServiceContext, farmer_id: str, scopes: list[str], *, form_printed: bool) -> None:
    """Record a new consent (replaces the scopes shown; history stays)."""
    actor = ctx.require(Permission.FARMER_WRITE)
    with ctx.db.session() as session:
        _load(session, farmer_id)
        writes.insert(session, ctx.db, actor, Consent(
            station_id=actor.station_id, farmer_id=farmer_id, scopes=",".join(scopes),
            granted_at=datetime.now(timezone.utc), staff_user_id=actor.user_id,
            staff_name=actor.display_name, form_printed=form_printed,
            created_hlc="", updated_hlc="",
        ))


def input_for_edit(ctx: ServiceContext, farmer_id: str) -> tuple[FarmerInput, int]:
    """The stored values as form input; sensitive fields None (unchanged unless retyped)."""
    view = get_farmer(ctx, farmer_id)
    inp = FarmerInput(
        name=view.name, gender=view.gender, birth_date=view.birth_date,
        resident_id=None, phone=None, bank_card=None, province=view.province,
        county=view.county, township=view.township, village=view.village,
        address_detail=view.address_detail, household_size=view.household_size,
        education=view.education, coop_name=view.coop_name, coop_uscc=view.coop_uscc,
        notes=view.notes, consent_scopes=list(view.consents),
    )
    return inp, view.version


def audit_trail(ctx: ServiceContext, farmer_id: str) -> list[dict]:
    """The audit entries about one farmer, newest first."""
    ctx.require(Permission.FARMER_READ)
    from station_app.store.models import AuditEntry

    with Session(ctx.db.engine) as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.entity_id == farmer_id)
                            .order_by(AuditEntry.seq.desc())).all()  # type: ignore[union-attr]
    return [dict(at=r.at, user=r.username, action=r.action, changes=json.loads(r.changes))
            for r in rows]

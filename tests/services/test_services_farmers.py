"""Farmer registry use cases (DOMAIN.md §2): register, duplicates, warnings, edit, reveal."""

from __future__ import annotations

import json
from datetime import date
from typing import Callable

import pytest
from sqlmodel import Session, func, select

from station_app.domain import ids, masking
from station_app.domain.farmers import FarmerInput
from station_app.services import farmers
from station_app.services.context import ServiceContext
from station_app.services.errors import (
    DuplicateFarmer,
    NeedsConfirmation,
    NotFound,
    ValidationFailed,
)
from station_app.store.db import Database
from station_app.store.models import AuditEntry, Consent, Farmer, OutboxEntry


def _counts(db: Database) -> dict[str, int]:
    with Session(db.engine) as session:
        return {m.__name__: session.exec(select(func.count()).select_from(m)).one()
                for m in (Farmer, Consent, OutboxEntry, AuditEntry)}


def _farmer(db: Database, farmer_id: str) -> Farmer:
    with Session(db.engine) as session:
        farmer = session.get(Farmer, farmer_id)
        assert farmer is not None
        return farmer


def _bad_check_digit(resident_id: str) -> str:
    wrong = "0" if resident_id[-1] != "0" else "1"
    return resident_id[:17] + wrong


def test_register_stores_masked_and_encrypted_values(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    inp = valid_farmer_input(name="张三")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    rid, phone, card = str(inp.resident_id), str(inp.phone), str(inp.bank_card)
    stored = _farmer(db, farmer_id)
    assert stored.resident_id_masked == masking.mask_resident_id(rid)
    assert stored.resident_id_last4 == rid[-4:]
    assert stored.phone_masked == masking.mask_mobile(phone) and stored.phone_last4 == phone[-4:]
    assert stored.bank_card_masked == masking.mask_bank_card(card)
    assert rid not in stored.resident_id_cipher and phone not in stored.phone_cipher
    assert stored.resident_id_hash == db.cipher.blind_index(rid, kind="resident_id")
    assert stored.name_initials == "zs"
    assert stored.registered_by == tutor_ctx.actor.user_id  # type: ignore[union-attr]

    view = farmers.get_farmer(tutor_ctx, farmer_id)
    assert view.resident_id_masked == masking.mask_resident_id(rid)
    assert rid not in repr(view) and phone not in repr(view) and card not in repr(view)
    assert view.consents == ("basic", "sensitive")
    assert view.consent_staff == tutor_ctx.actor.display_name  # type: ignore[union-attr]
    assert view.birth_date == inp.birth_date and view.version == 1

    assert farmers.reveal(specialist_ctx, farmer_id, "resident_id") == rid
    assert farmers.reveal(specialist_ctx, farmer_id, "phone") == phone
    assert farmers.reveal(specialist_ctx, farmer_id, "bank_card") == card
    with pytest.raises(ValueError):
        farmers.reveal(specialist_ctx, farmer_id, "name")


def test_messy_input_is_normalised(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    clean = valid_farmer_input()
    rid, phone, card = str(clean.resident_id), str(clean.phone), str(clean.bank_card)
    messy = valid_farmer_input(
        resident_id=" " + rid[:6] + " " + rid[6:14] + " " + rid[14:].lower() + " ",
        phone="+86 " + phone[:3] + "-" + phone[3:7] + "-" + phone[7:],
        bank_card=" ".join(card[i:i + 4] for i in range(0, len(card), 4)),
        name=" 张三 ", village=" 东河村 ")
    farmer_id = farmers.register_farmer(tutor_ctx, messy)
    assert farmers.reveal(specialist_ctx, farmer_id, "resident_id") == rid
    assert farmers.reveal(specialist_ctx, farmer_id, "phone") == phone
    assert farmers.reveal(specialist_ctx, farmer_id, "bank_card") == card
    stored = _farmer(db, farmer_id)
    assert (stored.name, stored.village) == ("张三", "东河村")
    assert farmers.find_by_resident_id(tutor_ctx, rid).id == farmer_id  # type: ignore[union-attr]


def test_bad_check_digit_is_refused_and_writes_nothing(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    good = valid_farmer_input()
    before = _counts(db)
    with pytest.raises(ValidationFailed) as caught:
        farmers.register_farmer(tutor_ctx, valid_farmer_input(
            resident_id=_bad_check_digit(str(good.resident_id))))
    assert "resident_id" in caught.value.fields
    assert [m.code for m in caught.value.fields["resident_id"]] == ["resident_id.check_digit"]
    assert _counts(db) == before
    # Even with confirmed=True: errors are never confirmable.
    with pytest.raises(ValidationFailed):
        farmers.register_farmer(tutor_ctx, valid_farmer_input(
            resident_id=_bad_check_digit(str(good.resident_id))), confirmed=True)
    assert _counts(db) == before


@pytest.mark.parametrize("field, overrides", [
    ("resident_id", {"birth_date": "mismatch"}),  # filled below
    ("resident_id", {"gender": "mismatch"}),  # filled below
    ("phone", {"phone": "12912345678"}),
    ("phone", {"phone": "1391234567"}),
    ("bank_card", {"bank_card": "622202123"}),
    ("village", {"village": " "}),
    ("name", {"name": "张"}),
    ("gender", {"gender": ""}),
    ("household_size", {"household_size": 0}),
    ("coop_uscc", {"coop_name": "眉县猕猴桃专业合作社", "coop_uscc": "93610326MA6X0000X0"}),
])
def test_field_errors_name_the_field(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
    field: str, overrides: dict,
) -> None:
    if overrides.get("birth_date") == "mismatch":
        # The ID number says 1985-03-15; the form says the 16th.
        overrides = {"birth_date": date(1985, 3, 16),
                     "resident_id": valid_farmer_input(birth_date=date(1985, 3, 15)).resident_id}
    if overrides.get("gender") == "mismatch":
        # A man's ID number (digit 17 odd) entered for a woman.
        overrides = {"gender": "female",
                     "resident_id": valid_farmer_input(gender="male").resident_id}
    before = _counts(db)
    with pytest.raises(ValidationFailed) as caught:
        farmers.register_farmer(tutor_ctx, valid_farmer_input(**overrides))
    assert field in caught.value.fields
    assert _counts(db) == before


def test_duplicate_resident_id_points_to_the_first_farmer(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    first_input = valid_farmer_input(name="张三")
    first = farmers.register_farmer(tutor_ctx, first_input)
    before = _counts(db)
    # Same person typed again, with spaces and a different phone: still a duplicate.
    again = valid_farmer_input(name="张叁", resident_id=" ".join(str(first_input.resident_id)))
    with pytest.raises(DuplicateFarmer) as caught:
        farmers.register_farmer(specialist_ctx, again)
    assert caught.value.existing_id == first
    assert caught.value.existing_name == "张三"
    assert "张三" in str(caught.value)
    assert _counts(db) == before


def test_after_soft_delete_the_same_id_registers_again(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    inp = valid_farmer_input()
    first = farmers.register_farmer(tutor_ctx, inp)
    farmers.delete_farmer(specialist_ctx, first, base_version=1, reason="登记错了")
    assert farmers.find_by_resident_id(tutor_ctx, str(inp.resident_id)) is None
    second = farmers.register_farmer(tutor_ctx, valid_farmer_input(resident_id=inp.resident_id))
    assert second != first
    assert farmers.find_by_resident_id(tutor_ctx, str(inp.resident_id)).id == second  # type: ignore[union-attr]
    with pytest.raises(DuplicateFarmer) as caught:
        farmers.register_farmer(tutor_ctx, valid_farmer_input(resident_id=inp.resident_id))
    assert caught.value.existing_id == second
    with pytest.raises(NotFound):
        farmers.get_farmer(tutor_ctx, first)


def test_luhn_failure_needs_confirmation(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    good = str(valid_farmer_input().bank_card)
    bad_card = good[:-1] + str((int(good[-1]) + 1) % 10)
    inp = valid_farmer_input(bank_card=bad_card)
    before = _counts(db)
    with pytest.raises(NeedsConfirmation) as caught:
        farmers.register_farmer(tutor_ctx, inp)
    assert [m.code for m in caught.value.warnings["bank_card"]] == ["bank_card.luhn"]
    assert _counts(db) == before
    farmer_id = farmers.register_farmer(tutor_ctx, inp, confirmed=True)
    assert farmers.reveal(specialist_ctx, farmer_id, "bank_card") == bad_card
    with Session(db.engine) as session:
        confirmed = session.exec(select(AuditEntry).where(
            AuditEntry.entity_id == farmer_id,
            AuditEntry.action == "warnings_confirmed")).one()
    assert json.loads(confirmed.changes) == {"bank_card": ["bank_card.luhn"]}


def test_bank_card_is_optional(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(bank_card=""))
    stored = _farmer(db, farmer_id)
    assert stored.bank_card_cipher is None and stored.bank_card_masked == ""
    assert farmers.reveal(specialist_ctx, farmer_id, "bank_card") == ""


@pytest.mark.parametrize("scopes", [[], ["basic"], ["sensitive"], ["basic", "sensitive", "x"]])
def test_missing_or_unknown_consent_is_refused(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
    scopes: list[str],
) -> None:
    before = _counts(db)
    with pytest.raises(ValidationFailed) as caught:
        farmers.register_farmer(tutor_ctx, valid_farmer_input(consent_scopes=scopes))
    assert "consent" in caught.value.fields
    assert _counts(db) == before


def test_update_with_sensitive_fields_none_keeps_the_ciphertext(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    inp = valid_farmer_input()
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    before = _farmer(db, farmer_id)
    edit, version = farmers.input_for_edit(tutor_ctx, farmer_id)
    assert (edit.resident_id, edit.phone, edit.bank_card) == (None, None, None)
    edit.village, edit.notes = "西河村", "搬家了"
    farmers.update_farmer(tutor_ctx, farmer_id, edit, base_version=version)
    after = _farmer(db, farmer_id)
    assert after.version == 2 and after.village == "西河村"
    for column in ("resident_id_cipher", "resident_id_hash", "resident_id_masked",
                   "phone_cipher", "phone_hash", "phone_masked", "bank_card_cipher",
                   "bank_card_masked"):
        assert getattr(after, column) == getattr(before, column), column
    assert farmers.reveal(specialist_ctx, farmer_id, "resident_id") == inp.resident_id
    assert farmers.reveal(specialist_ctx, farmer_id, "phone") == inp.phone
    assert farmers.reveal(specialist_ctx, farmer_id, "bank_card") == inp.bank_card


def test_retyping_unchanged_numbers_changes_nothing(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    inp = valid_farmer_input()
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    before = _counts(db)
    assert farmers.update_farmer(tutor_ctx, farmer_id, inp, base_version=1) is None
    assert _counts(db) == before
    assert _farmer(db, farmer_id).version == 1


def test_update_changes_sensitive_values_and_lookups(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    inp = valid_farmer_input()
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    fresh = valid_farmer_input()
    edit, version = farmers.input_for_edit(tutor_ctx, farmer_id)
    edit.phone, edit.bank_card = fresh.phone, fresh.bank_card
    farmers.update_farmer(tutor_ctx, farmer_id, edit, base_version=version)
    stored = _farmer(db, farmer_id)
    assert stored.phone_hash == db.cipher.blind_index(str(fresh.phone), kind="phone")
    assert stored.phone_last4 == str(fresh.phone)[-4:]
    assert farmers.reveal(specialist_ctx, farmer_id, "phone") == fresh.phone
    assert farmers.reveal(specialist_ctx, farmer_id, "bank_card") == fresh.bank_card
    # An empty bank card removes it.
    edit, version = farmers.input_for_edit(tutor_ctx, farmer_id)
    edit.bank_card = ""
    farmers.update_farmer(tutor_ctx, farmer_id, edit, base_version=version)
    stored = _farmer(db, farmer_id)
    assert stored.bank_card_cipher is None and stored.bank_card_masked == ""


def test_update_to_another_farmers_id_is_a_duplicate(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    first_input = valid_farmer_input(name="张三")
    first = farmers.register_farmer(tutor_ctx, first_input)
    second = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="李四"))
    edit, version = farmers.input_for_edit(tutor_ctx, second)
    edit.resident_id = first_input.resident_id
    before = _counts(db)
    with pytest.raises(DuplicateFarmer) as caught:
        farmers.update_farmer(tutor_ctx, second, edit, base_version=version)
    assert caught.value.existing_id == first
    assert _counts(db) == before


@pytest.mark.parametrize("change", ["birth_date", "gender"])
def test_edit_cannot_contradict_the_stored_resident_id(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
    change: str,
) -> None:
    """DOMAIN.md §2: the birth date (and gender) in the ID must match the entered ones.

    A tutor edits with the resident ID left as None (kept); changing the birth date or the
    gender to one the stored ID contradicts must be refused, as it is at registration.
    """
    inp = valid_farmer_input(birth_date=date(1985, 3, 15), gender="male")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    edit, version = farmers.input_for_edit(tutor_ctx, farmer_id)
    assert edit.resident_id is None
    if change == "birth_date":
        edit.birth_date = date(1990, 1, 1)
    else:
        edit.gender = "female"
    with pytest.raises(ValidationFailed) as caught:
        farmers.update_farmer(tutor_ctx, farmer_id, edit, base_version=version)
    assert {change, "resident_id"} & set(caught.value.fields)
    stored = _farmer(db, farmer_id)
    assert (stored.birth_date, stored.gender) == (date(1985, 3, 15), "male")


def test_deleting_needs_a_reason(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input())
    with pytest.raises(ValidationFailed) as caught:
        farmers.delete_farmer(specialist_ctx, farmer_id, base_version=1, reason="  ")
    assert "reason" in caught.value.fields
    assert _farmer(db, farmer_id).deleted is False
    farmers.delete_farmer(specialist_ctx, farmer_id, base_version=1, reason="重复")
    with pytest.raises(NotFound):
        farmers.delete_farmer(specialist_ctx, farmer_id, base_version=2, reason="再删")
    with pytest.raises(NotFound):
        farmers.reveal(specialist_ctx, farmer_id, "phone")


def test_confirmed_region_warning_is_not_asked_again_on_unrelated_edits(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    """An unknown (e.g. abolished) region code is a warning confirmed once, at registration.

    A later edit that leaves the resident ID untouched (None: a tutor cannot even see it)
    must not ask to confirm that warning again.
    """
    body = "110199" + "19850315" + "001"  # 110199: not in the region table
    rid = body + ids.resident_id_check_digit(body)
    inp = valid_farmer_input(resident_id=rid, birth_date=date(1985, 3, 15), gender="male")
    with pytest.raises(NeedsConfirmation) as caught:
        farmers.register_farmer(tutor_ctx, inp)
    assert [m.code for m in caught.value.warnings["resident_id"]] == [
        "resident_id.region_unknown"]
    farmer_id = farmers.register_farmer(tutor_ctx, inp, confirmed=True)
    edit, version = farmers.input_for_edit(tutor_ctx, farmer_id)
    edit.notes = "补充备注"
    farmers.update_farmer(tutor_ctx, farmer_id, edit, base_version=version)
    assert _farmer(db, farmer_id).notes == "补充备注"

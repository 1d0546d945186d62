"""Roles (DOMAIN.md §1) are enforced by the services, not only hidden in the UI."""

from __future__ import annotations

from typing import Callable

import pytest
from sqlmodel import Session, func, select

from station_app.domain.farmers import FarmerInput
from station_app.domain.roles import PERMISSIONS, Permission, Role, can
from station_app.services import auth, farmers
from station_app.services.context import ServiceContext
from station_app.services.errors import NotLoggedIn, PermissionDenied
from station_app.store.db import Database
from station_app.store.models import AuditEntry, Farmer, OutboxEntry

P = Permission

# DOMAIN.md §1, written out permission by permission.
EXPECTED = {
    # register farmers, record shops/sales/planting/training, import platform exports
    Role.TUTOR: {P.FARMER_READ, P.FARMER_WRITE, P.SALES_WRITE},
    # all of the above + credit scores + prepare/submit loan and insurance applications
    # (and, as the role that files applications, sees and corrects the full numbers)
    Role.SPECIALIST: {P.FARMER_READ, P.FARMER_WRITE, P.SALES_WRITE, P.FARMER_DELETE,
                      P.FARMER_REVEAL_SENSITIVE, P.SCORE_COMPUTE, P.APPLICATION_PREPARE},
    # review/decide, print and sign contracts, record disbursement and repayments
    Role.BRANCH_OFFICER: {P.FARMER_READ, P.FARMER_REVEAL_SENSITIVE, P.APPLICATION_DECIDE,
                          P.CONTRACT_PRINT, P.REPAYMENT_RECORD},
    # station users, enrollment, products, backups
    Role.ADMIN: {P.FARMER_READ, P.USER_MANAGE, P.STATION_ENROLL, P.PRODUCT_MANAGE,
                 P.BACKUP_MANAGE},
}


def _counts(db: Database) -> tuple[int, int, int]:
    with Session(db.engine) as session:
        return tuple(session.exec(select(func.count()).select_from(m)).one()  # type: ignore[return-value]
                     for m in (Farmer, OutboxEntry, AuditEntry))


@pytest.mark.parametrize("role", list(Role))
def test_permission_table_matches_domain_guide(role: Role) -> None:
    assert set(PERMISSIONS[role]) == EXPECTED[role]
    for permission in Permission:
        assert can(role, permission) == (permission in EXPECTED[role])
        assert can(role.value, permission) == (permission in EXPECTED[role])


def test_every_permission_belongs_to_some_role() -> None:
    assert set().union(*EXPECTED.values()) == set(Permission)


def test_maker_checker_no_role_both_prepares_and_decides() -> None:
    for role in Role:
        assert not (can(role, P.APPLICATION_PREPARE) and can(role, P.APPLICATION_DECIDE))


def test_only_field_roles_write_farmers_and_only_admin_manages_users() -> None:
    assert {r for r in Role if can(r, P.FARMER_WRITE)} == {Role.TUTOR, Role.SPECIALIST}
    assert {r for r in Role if can(r, P.USER_MANAGE)} == {Role.ADMIN}


def test_tutor_registers_and_edits_but_cannot_reveal_or_delete(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input())
    edit, version = farmers.input_for_edit(tutor_ctx, farmer_id)
    edit.notes = "辅导员修改"
    assert farmers.update_farmer(tutor_ctx, farmer_id, edit, base_version=version) is not None
    assert farmers.may_reveal(tutor_ctx) is False
    before = _counts(db)
    for field in ("resident_id", "phone", "bank_card"):
        with pytest.raises(PermissionDenied):
            farmers.reveal(tutor_ctx, farmer_id, field)
    with pytest.raises(PermissionDenied):
        farmers.delete_farmer(tutor_ctx, farmer_id, base_version=2, reason="想删")
    assert _counts(db) == before  # refused attempts write nothing
    assert farmers.get_farmer(tutor_ctx, farmer_id).version == 2


def test_specialist_reveals_and_deletes(
    db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    inp = valid_farmer_input()
    farmer_id = farmers.register_farmer(specialist_ctx, inp)
    assert farmers.may_reveal(specialist_ctx) is True
    assert farmers.reveal(specialist_ctx, farmer_id, "resident_id") == inp.resident_id
    farmers.delete_farmer(specialist_ctx, farmer_id, base_version=1, reason="农户要求删除")
    with Session(db.engine) as session:
        assert session.get(Farmer, farmer_id).deleted is True  # type: ignore[union-attr]


def test_branch_officer_cannot_register_or_edit(
    db: Database, tutor_ctx: ServiceContext, branch_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input())
    before = _counts(db)
    with pytest.raises(PermissionDenied):
        farmers.register_farmer(branch_ctx, valid_farmer_input())
    edit, version = farmers.input_for_edit(branch_ctx, farmer_id)  # reading is allowed
    edit.notes = "支行修改"
    with pytest.raises(PermissionDenied):
        farmers.update_farmer(branch_ctx, farmer_id, edit, base_version=version)
    with pytest.raises(PermissionDenied):
        farmers.delete_farmer(branch_ctx, farmer_id, base_version=version, reason="x")
    with pytest.raises(PermissionDenied):
        farmers.add_consent(branch_ctx, farmer_id, ["basic"], form_printed=False)
    assert _counts(db) == before
    # The branch checks the full numbers of an applicant (audited).
    assert len(farmers.reveal(branch_ctx, farmer_id, "phone")) == 11


def test_admin_cannot_register_farmers_but_creates_users(
    db: Database, admin_ctx: ServiceContext, tutor_ctx: ServiceContext,
    valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    with pytest.raises(PermissionDenied):
        farmers.register_farmer(admin_ctx, valid_farmer_input())
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input())
    with pytest.raises(PermissionDenied):
        farmers.reveal(admin_ctx, farmer_id, "resident_id")
    with pytest.raises(PermissionDenied):
        farmers.delete_farmer(admin_ctx, farmer_id, base_version=1, reason="x")
    user = auth.create_user(admin_ctx, username="tutor2", display_name="刘洋",
                            role=Role.TUTOR, password="Another-pass-1")
    assert user.role == "tutor" and user.station_id == admin_ctx.actor.station_id  # type: ignore[union-attr]
    assert "tutor2" in [u.username for u in auth.list_users(admin_ctx)]


@pytest.mark.parametrize("role", [Role.TUTOR, Role.SPECIALIST, Role.BRANCH_OFFICER])
def test_only_admin_manages_users(make_ctx: Callable[..., ServiceContext], role: Role,
                                  station: tuple) -> None:
    ctx = make_ctx(role)
    _station, admin = station
    with pytest.raises(PermissionDenied):
        auth.create_user(ctx, username="sneaky", display_name="某人", role=Role.ADMIN,
                         password="Sneaky-pass-1")
    with pytest.raises(PermissionDenied):
        auth.list_users(ctx)
    with pytest.raises(PermissionDenied):
        auth.unlock_user(ctx, admin.id)
    with pytest.raises(PermissionDenied):
        auth.reset_password(ctx, admin.id, "Taken-over-1")


def test_no_actor_means_not_logged_in(
    db: Database, tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> None:
    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input())
    anonymous = ServiceContext(db)
    before = _counts(db)
    calls = [
        lambda: farmers.register_farmer(anonymous, valid_farmer_input()),
        lambda: farmers.get_farmer(anonymous, farmer_id),
        lambda: farmers.reveal(anonymous, farmer_id, "resident_id"),
        lambda: farmers.delete_farmer(anonymous, farmer_id, base_version=1, reason="x"),
        lambda: farmers.update_farmer(anonymous, farmer_id, valid_farmer_input(), base_version=1),
        lambda: farmers.audit_trail(anonymous, farmer_id),
        lambda: auth.create_user(anonymous, username="x1", display_name="某人", role="tutor",
                                 password="Whatever-1"),
        lambda: auth.list_users(anonymous),
    ]
    for call in calls:
        with pytest.raises(NotLoggedIn):
            call()
    assert farmers.may_reveal(anonymous) is False
    assert _counts(db) == before


def test_screen_search_needs_a_logged_in_reader(db, station, tutor_ctx):
    from station_app.services.context import ServiceContext
    from station_app.services.errors import NotLoggedIn
    from station_app.services.farmer_search import FarmerSearch

    nobody = ServiceContext(db, None)
    search = FarmerSearch(db, nobody)
    try:
        with pytest.raises(NotLoggedIn):
            search.search("张")
        with pytest.raises(NotLoggedIn):
            search.count()
        nobody.actor = tutor_ctx.actor
        assert search.search("张") == []
    finally:
        search.close()

"""Staff log-in: Argon2id hashes, lockout after repeated failures, admin unlock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session, func, select

from station_app.domain.roles import Role
from station_app.services import auth
from station_app.services.context import ServiceContext
from station_app.services.errors import AccountLocked, LoginFailed, ValidationFailed
from station_app.store.db import Database
from station_app.store.models import AuditEntry, LoginState, OutboxEntry, User

T0 = datetime(2024, 6, 1, 9, 0, tzinfo=timezone.utc)


def _user(db: Database, username: str) -> User:
    with Session(db.engine) as session:
        return session.exec(select(User).where(User.username == username)).one()


def _state(db: Database, username: str) -> LoginState:
    """This device's log-in counters for a user (defaults if never touched)."""
    user = _user(db, username)
    with Session(db.engine) as session:
        return session.get(LoginState, user.id) or LoginState(user_id=user.id)


def _lock(db: Database, username: str, now: datetime = T0) -> None:
    for attempt in range(auth.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(LoginFailed):
            auth.login(db, username, f"wrong-password-{attempt}", now=now)
    with pytest.raises(AccountLocked):
        auth.login(db, username, "wrong-password-last", now=now)


def test_login_returns_the_actor(db: Database, station: tuple,
                                 staff_passwords: dict[str, str]) -> None:
    actor = auth.login(db, "tutor", staff_passwords["tutor"], now=T0)
    user = _user(db, "tutor")
    assert (actor.user_id, actor.username, actor.role, actor.station_id) == (
        user.id, "tutor", Role.TUTOR, station[0].id)
    state = _state(db, "tutor")
    assert auth._utc(state.last_login_at) == T0
    assert state.failed_attempts == 0


def test_five_wrong_passwords_lock_even_the_right_one(
    db: Database, station: tuple, staff_passwords: dict[str, str],
) -> None:
    _lock(db, "tutor")
    user = _user(db, "tutor")
    assert auth._utc(_state(db, "tutor").locked_until) == T0 + timedelta(minutes=auth.LOCKOUT_MINUTES)
    with pytest.raises(AccountLocked):
        auth.login(db, "tutor", staff_passwords["tutor"], now=T0 + timedelta(minutes=1))
    with pytest.raises(AccountLocked):
        auth.login(db, "tutor", staff_passwords["tutor"],
                   now=T0 + timedelta(minutes=auth.LOCKOUT_MINUTES - 1))
    with Session(db.engine) as session:
        actions = [a.action for a in session.exec(
            select(AuditEntry).where(AuditEntry.entity_id == user.id).order_by(AuditEntry.seq))]
    assert actions[-auth.MAX_FAILED_ATTEMPTS:] == ["login_failed"] * (
        auth.MAX_FAILED_ATTEMPTS - 1) + ["account_locked"]
    # Other staff are not affected.
    assert _state(db, "specialist").locked_until is None


def test_failures_are_counted_in_a_row_only(
    db: Database, station: tuple, staff_passwords: dict[str, str],
) -> None:
    for _ in range(auth.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(LoginFailed):
            auth.login(db, "tutor", "not-it-at-all", now=T0)
    auth.login(db, "tutor", staff_passwords["tutor"], now=T0)  # success resets the count
    state = _state(db, "tutor")
    assert state.failed_attempts == 0 and state.locked_until is None


def test_lock_expires(db: Database, station: tuple, staff_passwords: dict[str, str]) -> None:
    _lock(db, "tutor")
    later = T0 + timedelta(minutes=auth.LOCKOUT_MINUTES, seconds=1)
    actor = auth.login(db, "tutor", staff_passwords["tutor"], now=later)
    assert actor.username == "tutor"
    state = _state(db, "tutor")
    assert state.locked_until is None and state.failed_attempts == 0


def test_admin_unlock_clears_the_lock(
    db: Database, station: tuple, admin_ctx: ServiceContext, staff_passwords: dict[str, str],
) -> None:
    _lock(db, "tutor")
    user = _user(db, "tutor")
    auth.unlock_user(admin_ctx, user.id)
    unlocked = _state(db, "tutor")
    assert unlocked.locked_until is None and unlocked.failed_attempts == 0
    assert auth.login(db, "tutor", staff_passwords["tutor"],
                      now=T0 + timedelta(minutes=1)).username == "tutor"
    with Session(db.engine) as session:
        unlock = session.exec(select(AuditEntry).where(AuditEntry.action == "unlock")).one()
    assert unlock.entity_id == user.id
    assert unlock.user_id == admin_ctx.actor.user_id  # type: ignore[union-attr]


def test_password_hash_is_argon2id(db: Database, station: tuple,
                                   staff_passwords: dict[str, str]) -> None:
    for username, role in (("admin", "admin"), ("tutor", "tutor"), ("branch", "branch_officer")):
        stored = _user(db, username).password_hash
        assert stored.startswith("$argon2id$")
        assert staff_passwords[role] not in stored


def test_unknown_user_fails_like_a_wrong_password(
    db: Database, station: tuple, staff_passwords: dict[str, str],
) -> None:
    with pytest.raises(LoginFailed) as unknown:
        auth.login(db, "nobody", staff_passwords["tutor"], now=T0)
    with pytest.raises(LoginFailed) as wrong:
        auth.login(db, "tutor", "wrong-password", now=T0)
    assert str(unknown.value) == str(wrong.value)
    assert unknown.value.message.code == wrong.value.message.code
    assert unknown.value.message.en == wrong.value.message.en


def test_the_unknown_user_check_costs_as_much_as_a_real_one() -> None:
    """The written-out dummy hash verifies with the hasher's current parameters (an unknown
    user name costs a full Argon2id verification, like a real account)."""
    assert auth._hasher.verify(auth._DUMMY_HASH, "not-a-real-password")
    assert not auth._hasher.check_needs_rehash(auth._DUMMY_HASH)
    real = auth.hash_password("another-password")
    assert real.split("$")[3] == auth._DUMMY_HASH.split("$")[3]  # m, t, p


def test_deactivated_user_cannot_log_in(
    db: Database, station: tuple, admin_ctx: ServiceContext, staff_passwords: dict[str, str],
) -> None:
    auth.set_active(admin_ctx, _user(db, "tutor").id, False)
    with pytest.raises(LoginFailed):
        auth.login(db, "tutor", staff_passwords["tutor"], now=T0)


def test_short_password_refused(db: Database, admin_ctx: ServiceContext) -> None:
    with pytest.raises(ValidationFailed) as caught:
        auth.create_user(admin_ctx, username="newbie", display_name="新人", role="tutor",
                         password="short1")
    assert list(caught.value.fields) == ["password"]
    assert caught.value.fields["password"][0].code == "password.too_short"
    with pytest.raises(ValidationFailed) as simple:
        auth.create_user(admin_ctx, username="newbie", display_name="新人", role="tutor",
                         password="11111111")
    assert "password" in simple.value.fields
    with pytest.raises(ValidationFailed) as reset:
        auth.reset_password(admin_ctx, _user(db, "tutor").id, "1234567")
    assert "password" in reset.value.fields
    with Session(db.engine) as session:
        assert session.exec(select(User).where(User.username == "newbie")).first() is None


def test_station_set_up_once(db: Database) -> None:
    assert not auth.is_initialized(db)
    with pytest.raises(ValidationFailed) as caught:
        auth.create_station(db, station_name="站", station_code="S1", province="陕西省",
                            county="眉县", admin_username="admin", admin_display_name="管理员",
                            admin_password="short")
    assert "password" in caught.value.fields
    assert not auth.is_initialized(db)


def test_user_names_are_unique(db: Database, admin_ctx: ServiceContext) -> None:
    with pytest.raises(ValidationFailed) as caught:
        auth.create_user(admin_ctx, username=" tutor ", display_name="另一个王芳", role="tutor",
                         password="Some-other-pass-1")
    assert list(caught.value.fields) == ["username"]
    with pytest.raises(ValidationFailed) as bad_role:
        auth.create_user(admin_ctx, username="boss", display_name="老板", role="owner",
                         password="Some-other-pass-1")
    assert list(bad_role.value.fields) == ["role"]


def test_login_counters_never_touch_the_synced_user_row(
    db: Database, station: tuple, staff_passwords: dict[str, str],
) -> None:
    before = _user(db, "tutor")
    with Session(db.engine) as session:
        outbox_before = session.exec(select(func.count()).select_from(OutboxEntry)).one()
    _lock(db, "tutor")
    auth.login(db, "tutor", staff_passwords["tutor"],
               now=T0 + timedelta(minutes=auth.LOCKOUT_MINUTES, seconds=1))
    after = _user(db, "tutor")
    assert (after.version, after.updated_hlc) == (before.version, before.updated_hlc)
    with Session(db.engine) as session:
        assert session.exec(select(func.count()).select_from(OutboxEntry)).one() == outbox_before


def test_the_last_admin_cannot_be_deactivated(db: Database, station: tuple,
                                              admin_ctx: ServiceContext) -> None:
    admin = _user(db, "admin")
    with pytest.raises(ValidationFailed) as caught:
        auth.set_active(admin_ctx, admin.id, False)
    assert caught.value.fields["active"][0].code == "user.last_admin"
    assert _user(db, "admin").active

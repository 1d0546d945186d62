"""Station set-up, staff accounts, log-in with lockout.

Passwords are hashed with Argon2id (argon2-cffi, memory-hard).  After
``MAX_FAILED_ATTEMPTS`` wrong passwords in a row an account is locked for
``LOCKOUT_MINUTES``; an admin can unlock it earlier.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, func, select

from station_app.domain.messages import Message
from station_app.domain.roles import Permission, Role
from station_app.services import writes
from station_app.services.context import Actor, ServiceContext
from station_app.services.errors import (
    AccountLocked,
    LoginFailed,
    NotFound,
    ValidationFailed,
)
from station_app.store.db import HOME_ID_META, Database, _meta
from station_app.store.models import LoginState, Station, User, new_id

MAX_FAILED_ATTEMPTS = 5
LOCKOUT_MINUTES = 15
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()  # Argon2id, library defaults (t=3, m=64 MiB, p=4)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def password_problems(password: str) -> list[Message]:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(Message(
            "password.too_short",
            f"密码至少要 {MIN_PASSWORD_LENGTH} 位。",
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters.",
        ))
    elif password.isdigit() and len(set(password)) <= 2:
        problems.append(Message(
            "password.too_simple", "密码太简单了，请不要用重复的数字。",
            "The password is too simple; avoid repeated digits.",
        ))
    return problems


def is_initialized(db: Database) -> bool:
    """True once someone can log in here: a station was created (or demo data loaded), or
    this computer joined a station or branch and its accounts arrived."""
    with Session(db.engine) as session:
        return session.exec(_accounts(session).where(User.deleted == False)  # noqa: E712
                            .limit(1)).first() is not None


def is_joined(db: Database) -> bool:
    """Enrolled with a central server (its home recorded), whether or not data arrived yet."""
    with Session(db.engine) as session:
        return bool(_meta(session, HOME_ID_META))


def current_station(db: Database) -> Station | None:
    """This computer's station (None on a branch computer)."""
    with Session(db.engine) as session:
        home = home_owner_id(session)
        station = session.get(Station, home) if home else None
        return station if station is not None and not station.deleted else None


def _check_user_fields(username: str, display_name: str, password: str) -> dict[str, list[Message]]:
    errors: dict[str, list[Message]] = {}
    if not username.strip() or len(username.strip()) < 2:
        errors["username"] = [Message("user.username_short", "登录名至少 2 个字。",
                                      "The user name needs at least 2 characters.")]
    if not display_name.strip():
        errors["display_name"] = [Message("user.display_name_empty", "请填写姓名。",
                                          "Please enter the person's name.")]
    problems = password_problems(password)
    if problems:
        errors["password"] = problems
    return errors


def create_station(
    db: Database,
    *,
    station_name: str,
    station_code: str,
    province: str,
    county: str,
    county_code: str = "",
    admin_username: str,
    admin_display_name: str,
    admin_password: str,
    is_demo: bool = False,
) -> tuple[Station, User]:
    """First-run set-up: the station and its first administrator."""
    errors = _check_user_fields(admin_username, admin_display_name, admin_password)
    if not station_name.strip():
        errors["station_name"] = [Message("station.name_empty", "请填写服务站名称。",
                                          "Please enter the station's name.")]
    if not county.strip():
        errors["county"] = [Message("station.county_empty", "请填写所在县（区）。",
                                    "Please enter the county.")]
    if errors:
        raise ValidationFailed(errors)
    if is_initialized(db) or is_joined(db) or current_station(db) is not None:
        raise ValidationFailed({"station_name": [Message(
            "station.exists", "这台电脑上已经建立了服务站。", "A station already exists here.")]})
    station_id = new_id()
    with db.session() as session:
        station = Station(
            id=station_id, station_id=station_id, code=station_code.strip() or "ST01",
            name=station_name.strip(), province=province.strip(), county=county.strip(),
            county_code=county_code, is_demo=is_demo, created_hlc="", updated_hlc="",
        )
        writes.insert(session, db, None, station)
        admin = User(
            station_id=station_id, username=admin_username.strip(),
            display_name=admin_display_name.strip(), role=Role.ADMIN.value,
            password_hash=hash_password(admin_password), created_hlc="", updated_hlc="",
        )
        writes.insert(session, db, None, admin)
        writes.audit(session, db, None, "station_setup", "station", station_id,
                     {"admin": admin.username}, station_id=station_id)
    return station, admin


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, Role(user.role), user.station_id)


def login_state(session: Session, user_id: str) -> LoginState:
    """This device's log-in counters for a user (created on first use)."""
    state = session.get(LoginState, user_id)
    if state is None:
        state = LoginState(user_id=user_id)
        session.add(state)
    return state


def home_owner_id(session: Session) -> str | None:
    """Whose accounts log in here: the id recorded at enrollment (the station, or the branch
    on a branch computer), else the one local station; None when that is ambiguous."""
    home = _meta(session, HOME_ID_META)
    if home:
        return home
    ids = session.exec(select(Station.id).where(Station.deleted == False)).all()  # noqa: E712
    return ids[0] if len(ids) == 1 else None


def _accounts(session: Session):
    """The user query limited to this computer's own accounts (a branch computer also holds
    its stations' accounts, which must not log in there)."""
    query = select(User)
    home = home_owner_id(session)
    return query.where(User.station_id == home) if home else query


def login(db: Database, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check a password; count failures and lock the account after too many."""
    now = now or datetime.now(timezone.utc)
    generic = Message("auth.bad_credentials", "登录名或密码不对，请再试一次。",
                      "Wrong user name or password; please try again.")
    with db.session() as session:
        user = session.exec(_accounts(session).where(User.username == username.strip())
                            .order_by(User.deleted)).first()
        if user is None or user.deleted or not user.active:
            _verify(_DUMMY_HASH, password)  # same cost whether or not the user exists
            writes.audit(session, db, None, "login_failed", "user_account", "",
                         {"username": username.strip()[:50]},
                         station_id=user.station_id if user else "")
            session.commit()
            raise LoginFailed(generic)
        state = login_state(session, user.id)
        locked_until = _utc(state.locked_until)
        if locked_until and locked_until > now:
            minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
            raise AccountLocked(Message(
                "auth.locked",
                f"密码错误次数太多，账号已锁定，请 {minutes} 分钟后再试，或请管理员解锁。",
                f"Too many wrong passwords; the account is locked for {minutes} more "
                "minute(s), or ask an administrator to unlock it.",
            ))
        actor = actor_for(user)
        if not _verify(user.password_hash, password):
            state.failed_attempts += 1
            action = "login_failed"
            if state.failed_attempts >= MAX_FAILED_ATTEMPTS:
                state.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
                state.failed_attempts = 0
                action = "account_locked"
            writes.audit(session, db, actor, action, "user_account", user.id, {})
            session.commit()
            if action == "account_locked":
                raise AccountLocked(Message(
                    "auth.locked_now",
                    f"密码连续错了 {MAX_FAILED_ATTEMPTS} 次，账号已锁定 {LOCKOUT_MINUTES} 分钟。",
                    f"{MAX_FAILED_ATTEMPTS} wrong passwords in a row: the account is locked "
                    f"for {LOCKOUT_MINUTES} minutes.",
                ))
            raise LoginFailed(generic)
        state.failed_attempts = 0
        state.locked_until = None
        state.last_login_at = now
        if _hasher.check_needs_rehash(user.password_hash):
            # A stronger hash is a real change of the synced row: through the write path.
            writes.update(session, db, actor, user, {"password_hash": hash_password(password)},
                          base_version=user.version, action="rehash_password")
        writes.audit(session, db, actor, "login", "user_account", user.id, {})
    return actor


# An unknown user name is checked against this hash, so a log-in costs the same whether or not
# the account exists.  It is the Argon2id hash of "not-a-real-password" with the hasher's
# parameters (a fixed salt; nothing secret), written out instead of hashed at import, which
# cost ~0.25 s of every app start; a test checks it still matches the hasher's parameters.
_DUMMY_HASH = ("$argon2id$v=19$m=65536,t=3,p=4$c3RhdGlvbi1hcHAtc2FsdA"
               "$IUL458wtb60f84a/BHy3ZbwHauuOjeX2U70fueZJn08")


def login_states(ctx: ServiceContext) -> dict[str, LoginState]:
    """user id -> this device's log-in state (for the staff screen)."""
    ctx.require(Permission.USER_MANAGE)
    with Session(ctx.db.engine) as session:
        return {s.user_id: s for s in session.exec(select(LoginState))}


def list_users(ctx: ServiceContext) -> list[User]:
    ctx.require(Permission.USER_MANAGE)
    with Session(ctx.db.engine) as session:
        return list(session.exec(_accounts(session).where(User.deleted == False)  # noqa: E712
                                 .order_by(User.username)))


BRANCH_ON_STATION = Message(
    "user.branch_on_station",
    "这台电脑已经连接中心服务器：支行客户经理在支行自己的电脑上办业务（服务器不接受服务站电脑上的审批），"
    "账号请中心管理员在支行下建立。",
    "This computer is connected to the central server: branch officers work on the branch's own "
    "computer (the server refuses decisions made on a station computer); ask the central "
    "administrator to create their account under the branch.")


def offers_branch_officer(db: Database) -> bool:
    """Whether a branch officer's account may be made here: not on a station computer that is
    connected to a central server (a standalone station may let the branch decide on it)."""
    return not (is_joined(db) and current_station(db) is not None)


def create_user(
    ctx: ServiceContext, *, username: str, display_name: str, role: Role | str, password: str
) -> User:
    actor = ctx.require(Permission.USER_MANAGE)
    errors = _check_user_fields(username, display_name, password)
    try:
        role = Role(role)
    except ValueError:
        errors["role"] = [Message("user.role_unknown", "请选择角色。", "Please choose a role.")]
    else:
        if role is Role.BRANCH_OFFICER and not offers_branch_officer(ctx.db):
            errors["role"] = [BRANCH_ON_STATION]
    if errors:
        raise ValidationFailed(errors)
    with ctx.db.session() as session:
        taken = session.exec(select(User).where(User.username == username.strip(),
                                                User.station_id == actor.station_id)).first()
        if taken:
            raise ValidationFailed({"username": [Message(
                "user.username_taken", "这个登录名已经有人用了，请换一个。",
                "This user name is taken; choose another.")]})
        user = User(station_id=actor.station_id, username=username.strip(),
                    display_name=display_name.strip(), role=Role(role).value,
                    password_hash=hash_password(password), created_hlc="", updated_hlc="")
        writes.insert(session, ctx.db, actor, user)
    return user


def _get_user(session: Session, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None or user.deleted:
        raise NotFound(Message("user.not_found", "找不到这个用户。", "User not found."))
    return user


def unlock_user(ctx: ServiceContext, user_id: str) -> None:
    actor = ctx.require(Permission.USER_MANAGE)
    with ctx.db.session() as session:
        user = _get_user(session, user_id)
        state = login_state(session, user.id)
        state.failed_attempts = 0
        state.locked_until = None
        writes.audit(session, ctx.db, actor, "unlock", "user_account", user.id, {})


def set_active(ctx: ServiceContext, user_id: str, active: bool) -> None:
    actor = ctx.require(Permission.USER_MANAGE)
    with ctx.db.session() as session:
        user = _get_user(session, user_id)
        if not active and user.role == Role.ADMIN.value:
            admins = session.exec(select(func.count()).select_from(User).where(
                User.role == Role.ADMIN.value, User.active == True,  # noqa: E712
                User.deleted == False)).one()  # noqa: E712
            if user.id == actor.user_id or admins <= 1:
                raise ValidationFailed({"active": [Message(
                    "user.last_admin",
                    "不能停用自己，也不能停用最后一个管理员，否则就没有人能管理账号了。",
                    "You cannot deactivate yourself or the last administrator.")]})
        writes.update(session, ctx.db, actor, user, {"active": active}, base_version=user.version)


def reset_password(ctx: ServiceContext, user_id: str, new_password: str) -> None:
    actor = ctx.require(Permission.USER_MANAGE)
    problems = password_problems(new_password)
    if problems:
        raise ValidationFailed({"password": problems})
    with ctx.db.session() as session:
        user = _get_user(session, user_id)
        writes.update(session, ctx.db, actor, user, {"password_hash": hash_password(new_password)},
                      base_version=user.version, action="reset_password")

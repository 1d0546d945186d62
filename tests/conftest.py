"""Shared fixtures: an isolated home, a real station database, staff of every role.

Every test runs with ``STATION_APP_HOME`` pointing into its own ``tmp_path`` and with the OS
keyring switched off (``STATION_APP_NO_KEYRING=1``), so keys and databases never touch the
real user directory or keyring.

Argon2id hashing costs about a quarter of a second per password, so the station with its
four staff accounts (admin, tutor, specialist, branch officer) is built once per session
through the real services (``auth.create_station``, ``auth.create_user``, ``auth.login``),
and each test that asks for ``station`` gets its own copy of that database file and its key.

Fixtures for reuse:

* ``db`` – ``open_database(tmp_path / "station.db")``; empty unless the test uses ``station``
  (directly or through a ``*_ctx`` / ``make_actor`` fixture), then a copy of the template.
* ``station`` – ``(Station, admin User)`` as made by ``auth.create_station``.
* ``make_actor(role)`` – the logged-in :class:`Actor` of that role; with ``username=`` a new
  user is created via the admin and logged in.
* ``make_ctx(role)`` and ``admin_ctx`` / ``tutor_ctx`` / ``specialist_ctx`` / ``branch_ctx``.
* ``valid_farmer_input(**overrides)`` – a :class:`FarmerInput` that passes validation, with a
  fresh resident ID, mobile and Luhn-valid bank card on every call.
* ``staff_passwords`` – role value → password of the template users.
"""

from __future__ import annotations

import itertools
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import pytest
from sqlmodel import Session, select

from station_app.domain import ids
from station_app.domain.farmers import FarmerInput
from station_app.domain.roles import Role
from station_app.services import auth
from station_app.services.context import Actor, ServiceContext
from station_app.store.db import Database, open_database
from station_app.store.keys import key_file_path
from station_app.store.models import Station, User

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "Admin-pass-2024"
STAFF = {
    Role.TUTOR: ("tutor", "王芳", "Tutor-pass-2024"),
    Role.SPECIALIST: ("specialist", "赵磊", "Specialist-pass-2024"),
    Role.BRANCH_OFFICER: ("branch", "陈静", "Branch-pass-2024"),
}


# --------------------------------------------------------------------------- isolation

def _isolate(mp: pytest.MonkeyPatch, home: Path) -> None:
    mp.setenv("STATION_APP_HOME", str(home))
    mp.setenv("STATION_APP_NO_KEYRING", "1")
    mp.delenv("STATION_APP_DB", raising=False)


@pytest.fixture(scope="session", autouse=True)
def _central_key_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Central servers started by the tests (in-process or as processes, which inherit the
    environment) keep their key-encryption key in a temporary file, never the user dir."""
    path = tmp_path_factory.mktemp("central-kek") / "data-kek.key"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STATION_CENTRAL_KEY_FILE", str(path))
        yield path


@pytest.fixture(autouse=True)
def station_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Per-test STATION_APP_HOME (keys, default database) with the OS keyring disabled."""
    home = tmp_path / "home"
    home.mkdir()
    _isolate(monkeypatch, home)
    return home


# --------------------------------------------------------------------------- station template

@dataclass(frozen=True)
class StationTemplate:
    db_path: Path
    key_path: Path
    actors: dict[Role, Actor]
    passwords: dict[str, str]


@pytest.fixture(scope="session")
def _station_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StationTemplate]:
    root = tmp_path_factory.mktemp("station-template")
    home = root / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, home)
        database = open_database(root / "station.db")
        try:
            auth.create_station(
                database, station_name="眉县横渠镇农村电商金融服务站", station_code="MX-HQ-01",
                province="陕西省", county="眉县", county_code="610326",
                admin_username=ADMIN_USERNAME, admin_display_name="李建国",
                admin_password=ADMIN_PASSWORD,
            )
            admin = auth.login(database, ADMIN_USERNAME, ADMIN_PASSWORD)
            admin_ctx = ServiceContext(database, admin)
            actors = {Role.ADMIN: admin}
            passwords = {Role.ADMIN.value: ADMIN_PASSWORD}
            for role, (username, display, password) in STAFF.items():
                auth.create_user(admin_ctx, username=username, display_name=display,
                                 role=role, password=password)
                actors[role] = auth.login(database, username, password)
                passwords[role.value] = password
            key_path = key_file_path(home / "keys", database.database_id)
            assert key_path.is_file(), "template key must be in the key file (keyring is off)"
        finally:
            database.close()
    # Closing the last connection checkpoints the WAL into the main file.
    assert not (root / "station.db-wal").exists()
    yield StationTemplate(root / "station.db", key_path, actors, passwords)


def _install_template(template: StationTemplate, path: Path, home: Path) -> None:
    shutil.copyfile(template.db_path, path)
    keys = home / "keys"
    keys.mkdir(mode=0o700, exist_ok=True)
    target = keys / template.key_path.name
    shutil.copyfile(template.key_path, target)
    os.chmod(target, 0o600)


# --------------------------------------------------------------------------- database fixtures

@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.db"


@pytest.fixture
def db(request: pytest.FixtureRequest, db_path: Path, station_home: Path) -> Iterator[Database]:
    """The station database at ``tmp_path / "station.db"``, opened with ``open_database``."""
    if "station" in request.fixturenames:
        _install_template(request.getfixturevalue("_station_template"), db_path, station_home)
    database = open_database(db_path)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def station(db: Database, _station_template: StationTemplate) -> tuple[Station, User]:
    """(station, admin user) made by ``auth.create_station`` (copied from the template)."""
    found = auth.current_station(db)
    assert found is not None
    with Session(db.engine) as session:
        admin = session.exec(select(User).where(User.username == ADMIN_USERNAME)).one()
    return found, admin


@pytest.fixture
def staff_passwords(_station_template: StationTemplate) -> dict[str, str]:
    return dict(_station_template.passwords)


@pytest.fixture
def make_actor(
    db: Database, station: tuple[Station, User], _station_template: StationTemplate
) -> Callable[..., Actor]:
    """``make_actor(role)`` → logged-in Actor of that role.

    ``make_actor(role, username="x", password="...")`` creates a new user of ``role`` through
    the admin (``auth.create_user``) and logs it in (costs two Argon2 computations).
    """
    made: dict[str, Actor] = {}

    def factory(role: Role | str, *, username: str | None = None,
                display_name: str = "测试用户", password: str = "Test-pass-2024") -> Actor:
        role = Role(role)
        if username is None:
            return _station_template.actors[role]
        if username not in made:
            admin_ctx = ServiceContext(db, _station_template.actors[Role.ADMIN])
            auth.create_user(admin_ctx, username=username, display_name=display_name,
                             role=role, password=password)
            made[username] = auth.login(db, username, password)
        return made[username]

    return factory


@pytest.fixture
def make_ctx(db: Database, make_actor: Callable[..., Actor]) -> Callable[..., ServiceContext]:
    def factory(role: Role | str, **kwargs: object) -> ServiceContext:
        return ServiceContext(db, make_actor(role, **kwargs))

    return factory


@pytest.fixture
def admin_ctx(make_ctx: Callable[..., ServiceContext]) -> ServiceContext:
    return make_ctx(Role.ADMIN)


@pytest.fixture
def tutor_ctx(make_ctx: Callable[..., ServiceContext]) -> ServiceContext:
    return make_ctx(Role.TUTOR)


@pytest.fixture
def specialist_ctx(make_ctx: Callable[..., ServiceContext]) -> ServiceContext:
    return make_ctx(Role.SPECIALIST)


@pytest.fixture
def branch_ctx(make_ctx: Callable[..., ServiceContext]) -> ServiceContext:
    return make_ctx(Role.BRANCH_OFFICER)


# --------------------------------------------------------------------------- farmer input

REGION = "610326"  # 陕西省宝鸡市眉县
_serial = itertools.count(1)


def luhn_complete(body: str) -> str:
    """``body`` plus the digit that makes it pass the Luhn check."""
    for digit in "0123456789":
        number = body + digit
        total = 0
        for i, ch in enumerate(reversed(number)):
            d = int(ch)
            if i % 2 == 1:
                d = d * 2 - 9 if d > 4 else d * 2
            total += d
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable")


def make_resident_id(birth: date, male: bool, serial: int, region: str = REGION) -> str:
    """A valid 18-character resident ID; digit 17 odd for men, even for women."""
    seq = (serial % 500) * 2 + (1 if male else 0)
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ids.resident_id_check_digit(body)


def make_farmer_input(**overrides: object) -> FarmerInput:
    serial = next(_serial)
    gender = str(overrides.get("gender", "male"))
    birth = overrides.get("birth_date", date(1985, 3, 15))
    assert isinstance(birth, date)
    values: dict[str, object] = dict(
        name="张三",
        gender=gender,
        birth_date=birth,
        resident_id=make_resident_id(birth, gender == "male", serial),
        phone=f"139{serial:08d}",
        bank_card=luhn_complete(f"622202{serial:012d}"),
        province="陕西省",
        county="眉县",
        township="横渠镇",
        village="东河村",
        address_detail="3组12号",
        household_size=4,
        education="junior",
        consent_scopes=["basic", "sensitive"],
        consent_form_printed=True,
    )
    values.update(overrides)
    return FarmerInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def valid_farmer_input() -> Callable[..., FarmerInput]:
    """``valid_farmer_input(**overrides)`` → a FarmerInput that passes validation."""
    return make_farmer_input

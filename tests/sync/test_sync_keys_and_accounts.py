"""The deployment's data key and whose accounts log in where, against a REAL server.

* A station that registered farmers offline moves them to the deployment's data key when it
  enrolls; a second computer of the station, joining with an empty database, reads their
  resident IDs and refuses a duplicate registration on its own.
* A branch computer reads the sensitive fields of its stations' farmers, holds two stations'
  ``admin`` accounts without a conflict, and lets only the branch's own officers log in.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Callable

import pytest
from sqlmodel import Session, select

from station_app.central import admin
from station_app.domain.farmers import FarmerInput
from station_app.domain.roles import Role
from station_app.services import auth, farmers, writes
from station_app.services.context import ServiceContext
from station_app.services.errors import DuplicateFarmer, LoginFailed
from station_app.store.db import Database, open_database
from station_app.store.models import OutboxEntry, User
from station_app.sync.engine import SyncEngine, enroll


def _engine(db: Database) -> SyncEngine:
    return SyncEngine(db, writer=writes)


def _station_code(central, station_id: str) -> str:
    return next(s["code"] for s in admin.list_stations(central.engine) if s["id"] == station_id)


def test_offline_farmers_move_to_the_data_key_and_a_joining_computer_reads_them(
        db: Database, station, central, open_db, tutor_ctx: ServiceContext,
        staff_passwords: dict[str, str],
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    inp = valid_farmer_input(name="孙丽")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)  # offline, under the station's own key
    own_fingerprint = db.cipher.fingerprint
    station_id, code = central.new_station()
    enroll(db, central.base, central.code(station=code))
    assert db.cipher.fingerprint != own_fingerprint
    # The swap is complete: the new key is the stored one (reopening works) ...
    reopened = open_database(db.path)
    try:
        assert reopened.cipher.fingerprint == db.cipher.fingerprint
    finally:
        reopened.close()
    # ... the queued copy of the farmer carries the new ciphertext ...
    with Session(db.engine) as session:
        entry = session.exec(select(OutboxEntry).where(OutboxEntry.entity == "farmer",
                                                       OutboxEntry.entity_id == farmer_id)).one()
    body = json.loads(entry.payload)
    assert db.cipher.decrypt(body["resident_id_cipher"], context="farmer.resident_id") \
        == inp.resident_id.upper()
    _engine(db).sync_now()

    # A second computer of the station joins with an empty database.
    db2 = open_db("second")
    creds = enroll(db2, central.base, central.code(station=_station_code(central, station_id)))
    assert creds.station_id == station_id
    assert db2.cipher.fingerprint == db.cipher.fingerprint
    _engine(db2).sync_now()
    specialist = auth.login(db2, "specialist", staff_passwords["specialist"])
    ctx2 = ServiceContext(db2, specialist)
    assert farmers.reveal(ctx2, farmer_id, "resident_id") == inp.resident_id.upper()
    assert farmers.reveal(ctx2, farmer_id, "phone") == inp.phone
    found = farmers.find_by_resident_id(ctx2, inp.resident_id)
    assert found is not None and found.id == farmer_id
    tutor2 = ServiceContext(db2, auth.login(db2, "tutor", staff_passwords["tutor"]))
    with pytest.raises(DuplicateFarmer):
        farmers.register_farmer(tutor2, replace(valid_farmer_input(name="孙丽"),
                                                resident_id=inp.resident_id))


def test_a_branch_computer_reads_its_stations_and_logs_in_only_its_officers(
        db: Database, station, central, open_db, tutor_ctx: ServiceContext,
        staff_passwords: dict[str, str],
        valid_farmer_input: Callable[..., FarmerInput]) -> None:
    branch = central.new_branch()
    id_a, code_a = central.new_station(branch=branch)
    inp = valid_farmer_input(name="钱进")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    enroll(db, central.base, central.code(station=code_a))
    _engine(db).sync_now()
    # Station B also calls its administrator "admin".
    db_b = open_db("station-b")
    auth.create_station(db_b, station_name="槐芽镇服务站", station_code="MX-HY-02",
                        province="陕西省", county="眉县", admin_username="admin",
                        admin_display_name="周明", admin_password="Admin-b-pass-2024")
    id_b, code_b = central.new_station(branch=branch)
    enroll(db_b, central.base, central.code(station=code_b))
    _engine(db_b).sync_now()
    # The branch's own officer, made on the server, is called "admin" too.
    officer_id = admin.create_user(central.engine, branch_code=branch, username="admin",
                                  display_name="陈经理", role="branch_officer",
                                  password="Branch-admin-2024")
    with pytest.raises(admin.AdminError):
        admin.create_user(central.engine, branch_code=branch, username="clerk",
                          display_name="x", role="tutor", password="Branch-admin-2024")

    db_branch = open_db("branch")
    enroll(db_branch, central.base, central.code(branch=branch))
    engine = _engine(db_branch)
    report = engine.sync_now()
    assert engine.conflicts() == [] and report.pull.inserted > 0
    with Session(db_branch.engine) as session:
        admins = session.exec(select(User).where(User.username == "admin")).all()
    assert sorted(u.station_id for u in admins) == sorted(
        [id_a, id_b, admin._branch_id(central.engine, branch)])
    officer = auth.login(db_branch, "admin", "Branch-admin-2024")
    assert officer.role is Role.BRANCH_OFFICER and officer.user_id == officer_id
    for username, password in (("tutor", staff_passwords["tutor"]),
                               ("admin", "Admin-b-pass-2024")):
        with pytest.raises(LoginFailed):
            auth.login(db_branch, username, password)
    # Branch officers may unmask for a decision; the station's key is the branch's key.
    assert farmers.reveal(ServiceContext(db_branch, officer), farmer_id, "resident_id") \
        == inp.resident_id.upper()
    # The station computers never receive the branch's accounts.
    with Session(db.engine) as session:
        assert session.get(User, officer_id) is None


def test_a_code_for_another_station_leaves_a_connected_computer_as_it_was(
        db: Database, station, central, open_db) -> None:
    """A connected computer given another station's code by mistake: the server refuses before
    it touches the device, so the computer keeps syncing with its own token and the code is
    still good for the computer it was meant for."""
    from station_app.sync.errors import EnrollmentRefused

    _station_a, code_a = central.new_station()
    creds = enroll(db, central.base, central.code(station=code_a))
    _engine(db).sync_now()
    station_b, code_b = central.new_station()
    other_code = central.code(station=code_b)
    with pytest.raises(EnrollmentRefused) as refused:
        enroll(db, central.base, other_code)
    assert refused.value.message.code == "enroll.other_station"
    devices = {d.id: d for d in admin.list_devices(central.engine)}
    assert devices[db.device_id].owner_code == code_a  # not moved to station B
    assert _engine(db).credentials().token == creds.token
    assert _engine(db).sync_now().finished_at is not None  # the old token still works
    # The code was not used up: the computer it was meant for joins with it.
    other = open_db("station-b")
    assert enroll(other, central.base, other_code).station_id == station_b


def test_a_connected_station_computer_makes_no_branch_officer_accounts(
        db: Database, station, central, admin_ctx: ServiceContext, qapp) -> None:
    """Once connected, a branch officer's account on a station computer could never decide
    (the server refuses decisions from station computers): the service refuses it in plain
    words and the new-account dialog does not offer the role; a standalone station still may."""
    from station_app.services.errors import ValidationFailed
    from station_app.settings import Settings
    from station_app.ui.runner import Runner
    from station_app.ui.state import AppState
    from station_app.ui.users_screen import NewUserDialog

    def dialog_roles() -> list[str]:
        state = AppState(db, settings=Settings(), runner=Runner(synchronous=True))
        state.set_actor(admin_ctx.actor)
        dialog = NewUserDialog(state)
        roles = [dialog.role.itemData(i) for i in range(dialog.role.count())]
        dialog.deleteLater()
        state.search.close()
        return roles

    assert "branch_officer" in dialog_roles()  # standalone: the branch may decide here
    _station_id, code = central.new_station()
    enroll(db, central.base, central.code(station=code))
    with pytest.raises(ValidationFailed) as refused:
        auth.create_user(admin_ctx, username="zhanghang", display_name="张航",
                         role=Role.BRANCH_OFFICER, password="Good-pass-99")
    assert refused.value.fields["role"][0].code == "user.branch_on_station"
    assert "branch_officer" not in dialog_roles()
    assert auth.create_user(admin_ctx, username="lina", display_name="李娜",
                            role=Role.TUTOR, password="Good-pass-99").role == "tutor"

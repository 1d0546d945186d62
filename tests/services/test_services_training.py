"""Training sessions and attendance (数字技能培训) on a real station database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Callable

import pytest
from sqlmodel import Session, select

from station_app.domain.farmers import FarmerInput
from station_app.services import farmers, training
from station_app.services.context import ServiceContext
from station_app.services.errors import (
    NotFound,
    NotLoggedIn,
    PermissionDenied,
    StaleVersion,
    ValidationFailed,
)
from station_app.store.db import Database
from station_app.store.models import AuditEntry, OutboxEntry, TrainingAttendance, TrainingSession

AS_OF = date(2025, 6, 30)


@pytest.fixture
def register(tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput]
             ) -> Callable[..., str]:
    def do(name: str, village: str = "东河村") -> str:
        return farmers.register_farmer(tutor_ctx, valid_farmer_input(name=name, village=village))
    return do


def _session(ctx: ServiceContext, held_on: date = date(2025, 3, 10), minutes: int = 90,
             topic: str = "手机开网店") -> str:
    return training.create_session(ctx, held_on=held_on, topic=topic, location="东河村村委会",
                                   duration_minutes=minutes)


def _rows(db: Database, session_id: str) -> list[TrainingAttendance]:
    with Session(db.engine) as s:
        return list(s.exec(select(TrainingAttendance)
                           .where(TrainingAttendance.session_id == session_id)))


def _entries(db: Database, model: type, entity_id: str) -> list:
    with Session(db.engine) as s:
        return list(s.exec(select(model).where(model.entity_id == entity_id)  # type: ignore[attr-defined]
                           .order_by(model.seq)))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- sessions

def test_create_session_defaults_the_tutor_to_the_recording_staff(
        db: Database, tutor_ctx: ServiceContext) -> None:
    session_id = training.create_session(tutor_ctx, held_on=date(2025, 3, 10),
                                         topic="  拼多多开店  ", duration_minutes=120)
    with Session(db.engine) as s:
        row = s.get(TrainingSession, session_id)
    assert row is not None
    assert row.topic == "拼多多开店"
    assert row.tutor_name == "王芳" == tutor_ctx.actor.display_name  # type: ignore[union-attr]
    assert row.tutor_user_id == tutor_ctx.actor.user_id  # type: ignore[union-attr]
    assert row.version == 1
    assert [e.op for e in _entries(db, OutboxEntry, session_id)] == ["insert"]
    (audit,) = _entries(db, AuditEntry, session_id)
    assert (audit.action, audit.username) == ("create", "tutor")


def test_someone_else_may_be_named_as_tutor(db: Database, specialist_ctx: ServiceContext) -> None:
    session_id = training.create_session(specialist_ctx, held_on=date(2025, 3, 10),
                                         topic="直播带货", tutor_name="县商务局 刘老师")
    with Session(db.engine) as s:
        row = s.get(TrainingSession, session_id)
    assert row is not None and row.tutor_name == "县商务局 刘老师" and row.tutor_user_id == ""


def test_validation_messages_are_plain_chinese_per_field(tutor_ctx: ServiceContext) -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        training.create_session(tutor_ctx, held_on=tomorrow, topic="  ", duration_minutes=1441)
    fields = caught.value.fields
    assert set(fields) == {"held_on", "topic", "duration_minutes"}
    assert fields["topic"][0] == "请填写培训主题，比如“手机开网店”。"
    assert fields["held_on"][0] == "培训日期不能晚于今天。"
    assert fields["duration_minutes"][0] == "培训时长应在 0 到 1440 分钟（一整天）之间。"
    assert fields["held_on"][0].en == "The training date cannot be later than today."
    assert str(caught.value) == "有 3 处需要改正，请看每一项旁边的红字说明。"
    # Today and the limits are fine.
    assert training.create_session(tutor_ctx, held_on=date.today(), topic="a", duration_minutes=0)
    assert training.create_session(tutor_ctx, held_on=date.today(), topic="a", duration_minutes=1440)


def test_nothing_is_written_when_validation_fails(db: Database, tutor_ctx: ServiceContext) -> None:
    with Session(db.engine) as s:
        before = len(s.exec(select(OutboxEntry)).all())
    with pytest.raises(ValidationFailed):
        training.create_session(tutor_ctx, held_on=date(2025, 1, 1), topic="")
    with Session(db.engine) as s:
        assert len(s.exec(select(OutboxEntry)).all()) == before
        assert s.exec(select(TrainingSession)).all() == []


def test_update_session_changes_fields_and_checks_the_version(
        db: Database, tutor_ctx: ServiceContext) -> None:
    session_id = _session(tutor_ctx)
    changes = training.update_session(tutor_ctx, session_id, 1, topic="网店客服", duration_minutes=60)
    assert changes is not None and changes.op == "update"
    row = training.get_session(tutor_ctx, session_id)
    assert (row.topic, row.duration_minutes, row.version) == ("网店客服", 60, 2)
    assert training.update_session(tutor_ctx, session_id, 2, topic="网店客服") is None  # no change
    with pytest.raises(StaleVersion):
        training.update_session(tutor_ctx, session_id, 1, topic="别的")
    with pytest.raises(ValidationFailed) as caught:
        training.update_session(tutor_ctx, session_id, 2, topic="")
    assert list(caught.value.fields) == ["topic"]
    with pytest.raises(TypeError):
        training.update_session(tutor_ctx, session_id, 2, station_id="x")
    audits = _entries(db, AuditEntry, session_id)
    assert [a.action for a in audits] == ["create", "update"]
    assert '"topic": ["手机开网店", "网店客服"]' in audits[1].changes


def test_list_sessions_newest_first_with_attendee_counts(
        tutor_ctx: ServiceContext, register: Callable[..., str]) -> None:
    old = _session(tutor_ctx, date(2024, 11, 2), topic="老课")
    new = _session(tutor_ctx, date(2025, 5, 20), topic="新课")
    mid = _session(tutor_ctx, date(2025, 1, 8), topic="中课")
    a, b = register("张三"), register("李四")
    training.set_attendance(tutor_ctx, new, [a, b])
    training.set_attendance(tutor_ctx, old, [a])
    rows = training.list_sessions(tutor_ctx)
    assert [r.id for r in rows] == [new, mid, old]
    assert [r.attendees for r in rows] == [2, 0, 1]
    assert [r.id for r in training.list_sessions(tutor_ctx, since=date(2025, 1, 8))] == [new, mid]
    assert [r.id for r in training.list_sessions(tutor_ctx, limit=1)] == [new]


def test_delete_session_removes_it_and_its_attendance(
        db: Database, tutor_ctx: ServiceContext, register: Callable[..., str]) -> None:
    session_id = _session(tutor_ctx)
    farmer = register("张三")
    training.set_attendance(tutor_ctx, session_id, [farmer])
    assert len(training.trainings_of_farmer(tutor_ctx, farmer)) == 1
    with pytest.raises(StaleVersion):
        training.delete_session(tutor_ctx, session_id, 0)
    training.delete_session(tutor_ctx, session_id, 1)
    assert training.list_sessions(tutor_ctx) == []
    assert training.trainings_of_farmer(tutor_ctx, farmer) == []
    assert training.training_summary(tutor_ctx, farmer, AS_OF).sessions == 0
    (row,) = _rows(db, session_id)
    assert row.deleted
    assert [e.op for e in _entries(db, OutboxEntry, session_id)] == ["insert", "delete"]
    assert [e.op for e in _entries(db, OutboxEntry, row.id)] == ["insert", "delete"]
    with pytest.raises(NotFound):
        training.get_session(tutor_ctx, session_id)
    with pytest.raises(NotFound):
        training.set_attendance(tutor_ctx, session_id, [farmer])


# --------------------------------------------------------------------------- attendance

def test_set_attendance_add_remove_readd_keeps_one_row_per_pair(
        db: Database, tutor_ctx: ServiceContext, register: Callable[..., str]) -> None:
    session_id = _session(tutor_ctx)
    a, b, c = register("张三"), register("李四"), register("王五", village="西岭村")

    result = training.set_attendance(tutor_ctx, session_id, [a, b, b])
    assert (result.added, result.removed, result.attending) == (2, 0, 2)
    result = training.set_attendance(tutor_ctx, session_id, [b, c])  # a removed, c added
    assert (result.added, result.removed, result.attending) == (1, 1, 2)
    result = training.set_attendance(tutor_ctx, session_id, [a, b, c])  # a ticked again
    assert (result.added, result.removed, result.attending) == (1, 0, 3)
    result = training.set_attendance(tutor_ctx, session_id, [a, b, c])  # no change: no writes
    assert (result.added, result.removed, result.attending) == (0, 0, 3)

    rows = {r.farmer_id: r for r in _rows(db, session_id)}
    assert len(rows) == 3 and not any(r.deleted for r in rows.values())
    assert rows[a].version == 3 and rows[b].version == 1 and rows[c].version == 1
    assert [(e.op, e.base_version, e.version) for e in _entries(db, OutboxEntry, rows[a].id)] == [
        ("insert", 0, 1), ("delete", 1, 2), ("update", 2, 3)]
    assert [e.action for e in _entries(db, AuditEntry, rows[a].id)] == ["create", "delete", "restore"]
    assert len(_entries(db, OutboxEntry, rows[b].id)) == 1
    assert {x.name for x in training.attendees(tutor_ctx, session_id)} == {"张三", "李四", "王五"}

    training.set_attendance(tutor_ctx, session_id, [])
    assert training.attendees(tutor_ctx, session_id) == []
    assert len(_rows(db, session_id)) == 3


def test_attendees_show_name_village_and_masked_id_only(
        tutor_ctx: ServiceContext, register: Callable[..., str]) -> None:
    session_id = _session(tutor_ctx)
    a, b = register("张三"), register("王五", village="西岭村")
    training.set_attendance(tutor_ctx, session_id, [b, a])
    people = training.attendees(tutor_ctx, session_id)
    assert [(p.farmer_id, p.name, p.village) for p in people] == [
        (b, "王五", "西岭村"), (a, "张三", "东河村")]  # by pinyin initials: wangwu, zhangsan
    for person in people:
        assert "********" in person.resident_id_masked


def test_unknown_or_deleted_farmers_are_refused_and_nothing_is_saved(
        db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
        register: Callable[..., str]) -> None:
    session_id = _session(tutor_ctx)
    a, gone = register("张三"), register("李四")
    view = farmers.get_farmer(specialist_ctx, gone)
    farmers.delete_farmer(specialist_ctx, gone, base_version=view.version, reason="重复登记")
    for ids in ([a, "no-such-farmer"], [a, gone]):
        with pytest.raises(ValidationFailed) as caught:
            training.set_attendance(tutor_ctx, session_id, ids)
        assert caught.value.fields["attendees"][0].code == "training.unknown_farmer"
        assert "1 位农户找不到或已被删除" in caught.value.fields["attendees"][0]
    assert _rows(db, session_id) == []


def test_attendance_of_a_farmer_deleted_later_is_hidden_and_left_alone(
        db: Database, tutor_ctx: ServiceContext, specialist_ctx: ServiceContext,
        register: Callable[..., str]) -> None:
    session_id = _session(tutor_ctx)
    a, b = register("张三"), register("李四")
    training.set_attendance(tutor_ctx, session_id, [a, b])
    view = farmers.get_farmer(specialist_ctx, b)
    farmers.delete_farmer(specialist_ctx, b, base_version=view.version, reason="重复登记")
    assert [p.farmer_id for p in training.attendees(tutor_ctx, session_id)] == [a]
    assert training.list_sessions(tutor_ctx)[0].attendees == 1
    training.set_attendance(tutor_ctx, session_id, [a])  # what the dialog shows
    rows = {r.farmer_id: r for r in _rows(db, session_id)}
    assert not rows[b].deleted and rows[b].version == 1  # untouched


# --------------------------------------------------------------------------- per farmer

def test_trainings_of_farmer_and_summary_with_hand_computed_numbers(
        tutor_ctx: ServiceContext, branch_ctx: ServiceContext,
        register: Callable[..., str]) -> None:
    farmer, other = register("张三"), register("李四")
    # 12 months ending 2025-06-30: 2024-07-01 … 2025-06-30.
    sessions = {
        "s1": _session(tutor_ctx, date(2025, 6, 30), 90, "直播带货"),      # in: 90
        "s2": _session(tutor_ctx, date(2025, 2, 14), 120, "网店客服"),     # in: 120
        "s3": _session(tutor_ctx, date(2024, 7, 1), 45, "手机拍照"),       # in (first day): 45
        "s4": _session(tutor_ctx, date(2024, 6, 30), 600, "电商政策"),     # out: a year before
        "s5": _session(tutor_ctx, date(2024, 12, 1), 180, "农产品包装"),   # deleted below
        "s6": _session(tutor_ctx, date(2025, 1, 5), 300, "其他人的课"),    # farmer not there
    }
    for key in ("s1", "s2", "s3", "s4", "s5"):
        training.set_attendance(tutor_ctx, sessions[key], [farmer])
    training.set_attendance(tutor_ctx, sessions["s6"], [other])
    training.delete_session(tutor_ctx, sessions["s5"], 1)

    listed = training.trainings_of_farmer(branch_ctx, farmer)  # read-only roles may read
    assert [(t.held_on, t.topic, t.tutor_name, t.duration_minutes) for t in listed] == [
        (date(2025, 6, 30), "直播带货", "王芳", 90),
        (date(2025, 2, 14), "网店客服", "王芳", 120),
        (date(2024, 7, 1), "手机拍照", "王芳", 45),
        (date(2024, 6, 30), "电商政策", "王芳", 600),
    ]
    summary = training.training_summary(tutor_ctx, farmer, AS_OF)
    assert (summary.sessions, summary.minutes) == (3, 255)  # 90 + 120 + 45
    assert summary.hours == Decimal("4.25")
    assert (summary.first, summary.last) == (date(2024, 7, 1), AS_OF)
    # A day later the first session drops out: 2024-07-01 is now exactly a year back.
    later = training.training_summary(tutor_ctx, farmer, date(2025, 7, 1))
    assert (later.sessions, later.minutes) == (2, 210)
    # Removing the farmer from a session takes it out of the summary.
    training.set_attendance(tutor_ctx, sessions["s2"], [])
    assert training.training_summary(tutor_ctx, farmer, AS_OF).minutes == 135
    assert training.training_summary(tutor_ctx, other, AS_OF).hours == Decimal("5.00")


# --------------------------------------------------------------------------- permissions

@pytest.mark.parametrize("ctx_name", ["branch_ctx", "admin_ctx"])
def test_read_only_roles_may_not_record_training(
        request: pytest.FixtureRequest, ctx_name: str, tutor_ctx: ServiceContext,
        register: Callable[..., str]) -> None:
    ctx: ServiceContext = request.getfixturevalue(ctx_name)
    session_id = _session(tutor_ctx)
    farmer = register("张三")
    calls = [
        lambda: training.create_session(ctx, held_on=date(2025, 1, 1), topic="直播"),
        lambda: training.update_session(ctx, session_id, 1, topic="直播"),
        lambda: training.delete_session(ctx, session_id, 1),
        lambda: training.set_attendance(ctx, session_id, [farmer]),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as caught:
            call()
        assert "不能做这件事" in str(caught.value)
    # ... but they may read.
    assert [r.id for r in training.list_sessions(ctx)] == [session_id]
    assert training.attendees(ctx, session_id) == []


def test_nobody_logged_in_may_not_read(db: Database, tutor_ctx: ServiceContext) -> None:
    session_id = _session(tutor_ctx)
    anonymous = ServiceContext(db)
    with pytest.raises(NotLoggedIn):
        training.list_sessions(anonymous)
    with pytest.raises(NotLoggedIn):
        training.attendees(anonymous, session_id)

"""Search-as-you-type over the farmer registry (FarmerSearch)."""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterator

import pytest
from sqlmodel import Session, select

from station_app.domain.farmers import FarmerInput
from station_app.services import auth, demo, farmers
from station_app.services.context import ServiceContext
from station_app.services.farmer_search import FarmerRow, FarmerSearch, SearchKind
from station_app.store.db import Database, open_database
from station_app.store.models import Farmer


@pytest.fixture
def search(db: Database) -> Iterator[FarmerSearch]:
    finder = FarmerSearch(db)
    try:
        yield finder
    finally:
        finder.close()


@pytest.fixture
def registry(
    tutor_ctx: ServiceContext, valid_farmer_input: Callable[..., FarmerInput],
) -> dict[str, tuple[str, FarmerInput]]:
    """A few farmers registered through the service: name → (id, input)."""
    people = {
        "张三": dict(village="东河村"),
        "张三丰": dict(village="东河村"),
        "张丽": dict(gender="female", village="西河村"),
        "李四": dict(village="西河村"),
        "王五": dict(village="杨家堡"),
    }
    made = {}
    for name, extra in people.items():
        inp = valid_farmer_input(name=name, **extra)
        made[name] = (farmers.register_farmer(tutor_ctx, inp), inp)
    return made


def _names(rows: list[FarmerRow]) -> list[str]:
    return [r.name for r in rows]


def test_name_prefix(search: FarmerSearch, registry: dict) -> None:
    assert search.plan("张").kind is SearchKind.NAME
    assert sorted(_names(search.search("张"))) == sorted(["张三", "张三丰", "张丽"])
    assert sorted(_names(search.search("张三"))) == ["张三", "张三丰"]
    assert _names(search.search(" 张 三 丰 ")) == ["张三丰"]
    assert search.search("赵") == []


def test_pinyin_initials(search: FarmerSearch, registry: dict) -> None:
    assert search.plan("zs").kind is SearchKind.INITIALS
    assert sorted(_names(search.search("zs"))) == ["张三", "张三丰"]
    assert _names(search.search("ZSF")) == ["张三丰"]
    assert _names(search.search("zl")) == ["张丽"]
    assert _names(search.search("ls")) == ["李四"]
    assert sorted(_names(search.search("z"))) == sorted(["张三", "张三丰", "张丽"])


def test_last_four_digits_of_id_and_phone(db: Database, search: FarmerSearch,
                                          registry: dict) -> None:
    farmer_id, inp = registry["李四"]
    for last4 in (str(inp.resident_id)[-4:], str(inp.phone)[-4:]):
        plan = search.plan(last4)
        assert plan.kind is SearchKind.LAST_DIGITS
        rows = search.search(last4)
        assert farmer_id in [r.id for r in rows]
        with Session(db.engine) as session:
            for row in rows:  # everything found really ends in those digits
                found = session.get(Farmer, row.id)
                assert last4 in (found.resident_id_last4, found.phone_last4)  # type: ignore[union-attr]


def test_last_digits_with_x(db: Database, search: FarmerSearch, tutor_ctx: ServiceContext,
                            valid_farmer_input: Callable[..., FarmerInput]) -> None:
    for _ in range(40):  # find an input whose ID ends in X (about one in eleven)
        inp = valid_farmer_input(name="马六")
        if str(inp.resident_id).endswith("X"):
            break
    else:
        pytest.fail("no ID ending in X generated")
    farmer_id = farmers.register_farmer(tutor_ctx, inp)
    last4 = str(inp.resident_id)[-4:].lower()
    assert search.plan(last4).kind is SearchKind.LAST_DIGITS
    assert [r.id for r in search.search(last4)] == [farmer_id]
    assert [r.id for r in search.search(str(inp.resident_id).lower())] == [farmer_id]


def test_full_phone_and_full_id(search: FarmerSearch, registry: dict) -> None:
    farmer_id, inp = registry["张丽"]
    assert search.plan(str(inp.phone)).kind is SearchKind.PHONE
    assert [r.id for r in search.search(str(inp.phone))] == [farmer_id]
    assert search.plan(str(inp.resident_id)).kind is SearchKind.RESIDENT_ID
    rows = search.search(str(inp.resident_id))
    assert [r.id for r in rows] == [farmer_id]
    # Results carry only masked numbers.
    assert rows[0].resident_id_masked.count("*") == 8
    assert str(inp.resident_id) not in repr(rows[0]) and str(inp.phone) not in repr(rows[0])
    # A valid number nobody has finds nothing.
    assert search.search("13700000000") == []


def test_village(search: FarmerSearch, registry: dict) -> None:
    assert search.plan("西河村").kind is SearchKind.VILLAGE
    assert sorted(_names(search.search("西河村"))) == sorted(["张丽", "李四"])
    assert sorted(_names(search.search("东河村"))) == ["张三", "张三丰"]
    # A known village without the 村 suffix is still a village search.
    assert search.plan("杨家堡").kind is SearchKind.VILLAGE
    assert _names(search.search("杨家堡")) == ["王五"]
    assert search.search("南河村") == []


@pytest.mark.parametrize("text", ["12", "1", "123", "13912", "abc1", "1391234567890"])
def test_unsearchable_input_gives_none(search: FarmerSearch, registry: dict, text: str) -> None:
    assert search.plan(text).kind is SearchKind.NONE
    assert search.search(text) == []


def test_empty_query_lists_everyone(search: FarmerSearch, registry: dict) -> None:
    assert search.plan("  ").kind is SearchKind.ALL
    rows = search.search("")
    assert sorted(_names(rows)) == sorted(registry)
    assert search.count() == len(registry)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """300 demo farmers (7 of them soft-deleted through the service), shared read-only."""
    root = tmp_path_factory.mktemp("search-demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STATION_APP_HOME", str(root / "home"))
        mp.setenv("STATION_APP_NO_KEYRING", "1")
        database = open_database(root / "station.db")
        try:
            demo.populate(database, 300)
            specialist = auth.login(database, "specialist", demo.DEMO_PASSWORD)
            ctx = ServiceContext(database, specialist)
            with Session(database.engine) as session:
                victims = list(session.exec(select(Farmer).order_by(Farmer.id).limit(7)))
            for farmer in victims:
                farmers.delete_farmer(ctx, farmer.id, base_version=farmer.version,
                                      reason="演示删除")
            yield database
        finally:
            database.close()


def _live_ids(db: Database) -> set[str]:
    with Session(db.engine) as session:
        return set(session.exec(select(Farmer.id).where(Farmer.deleted == False)))  # noqa: E712


def _page_through(search: FarmerSearch, text: str, limit: int) -> list[FarmerRow]:
    rows: list[FarmerRow] = []
    after = None
    for _ in range(1000):
        page = search.search(text, limit=limit, after=after)
        assert len(page) <= limit
        rows += page
        if len(page) < limit:
            return rows
        after = page[-1].sort_key
    raise AssertionError("pagination does not end")


@pytest.mark.parametrize("limit", [1, 37, 293, 1000])
def test_keyset_pagination_returns_every_live_farmer_once(demo_db: Database, limit: int) -> None:
    finder = FarmerSearch(demo_db)
    try:
        rows = _page_through(finder, "", limit)
        ids = [r.id for r in rows]
        assert len(ids) == len(set(ids)), "duplicates across pages"
        assert set(ids) == _live_ids(demo_db)
        assert len(ids) == 300 - 7 == finder.count()
        keys = [r.sort_key for r in rows]
        assert keys == sorted(keys)
    finally:
        finder.close()


def test_keyset_pagination_in_narrower_searches(demo_db: Database) -> None:
    with Session(demo_db.engine) as session:
        live = list(session.exec(select(Farmer).where(Farmer.deleted == False)  # noqa: E712
                                 .order_by(Farmer.name)))
    surname = Counter(f.name[0] for f in live).most_common(1)[0][0]
    village = Counter(f.village for f in live).most_common(1)[0][0]
    initial = live[0].name_initials[0]
    cases = [
        (surname, {f.id for f in live if f.name.startswith(surname)}),
        (village, {f.id for f in live if f.village == village}),
        (initial, {f.id for f in live if f.name_initials.startswith(initial)}),
    ]
    finder = FarmerSearch(demo_db)
    try:
        for text, expected in cases:
            assert len(expected) > 3, text  # more than one page
            rows = _page_through(finder, text, 3)
            ids = [r.id for r in rows]
            assert len(ids) == len(set(ids)), text
            assert set(ids) == expected, text
    finally:
        finder.close()

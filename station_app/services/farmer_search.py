"""Search-as-you-type over the farmer registry.

What the clerk types decides the kind of search (each one an index range scan, so it stays
fast at a county's 100,000 farmers):

* Chinese text → name prefix (``张`` finds 张三, 张丽); text ending in 村/组, or equal to a
  village of the station → that village;
* Latin letters → pinyin initials prefix (``zs`` finds 张三, ``zsf`` finds 张三丰);
* 4 characters of digits (or 3 digits + X) → last four digits of the resident ID or the phone;
* 11 digits → the full mobile number, 18 characters → the full resident ID (both matched
  through their keyed hash, the clear values are never stored).

Results come in pages ordered by the index used, with a keyset cursor (the last row's sort
key), so scrolling far down stays as fast as the first page.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple, Sequence

from station_app.domain.roles import Permission
from station_app.services.context import ServiceContext
from station_app.store.db import Database

COLUMNS = (
    "id, name, gender, birth_date, resident_id_masked, phone_masked, township, village, "
    "coop_name"
)
LIVE = "deleted = 0"


class SearchKind(str, Enum):
    ALL = "all"
    NAME = "name"
    INITIALS = "initials"
    VILLAGE = "village"
    LAST_DIGITS = "last_digits"
    PHONE = "phone"
    RESIDENT_ID = "resident_id"
    NONE = "none"  # input that cannot match anything (e.g. 2 digits)


class FarmerRow(NamedTuple):
    """One line of the farmer list (masked values only).  A named tuple: building a few
    hundred of these per keystroke must cost next to nothing."""

    id: str
    name: str
    gender: str
    birth_date: str
    resident_id_masked: str
    phone_masked: str
    township: str
    village: str
    coop_name: str
    sort_key: tuple  # the row's values of the plan's ORDER BY columns (the keyset cursor)


@dataclass(frozen=True)
class SearchPlan:
    kind: SearchKind
    where: str
    params: tuple
    order: tuple[str, ...]
    source: str = "farmer"  # the FROM clause
    source_params: tuple = ()

    def sql(self, limit: int, after: Sequence[Any] | None) -> tuple[str, tuple]:
        where, params = self.where, self.source_params + self.params
        order_cols = ", ".join(self.order)
        if after is not None:
            marks = ", ".join("?" for _ in self.order)
            where = f"({where}) AND ({order_cols}) > ({marks})"
            params = params + tuple(after)
        select_cols = COLUMNS + ", " + order_cols
        return (f"SELECT {select_cols} FROM {self.source} WHERE {where} "
                f"ORDER BY {order_cols} LIMIT {int(limit)}", params)


_DIGITS4 = re.compile(r"^\d{3}[\dXx]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_RESIDENT_ID = re.compile(r"^\d{17}[\dXx]$")
# The few farmers matching 4 trailing digits, found through both last-4 indexes; CROSS JOIN
# makes SQLite start from them instead of walking the whole name index in order.
_LAST4_SOURCE = (
    "(SELECT id AS mid FROM farmer WHERE deleted = 0 AND resident_id_last4 = ? "
    "UNION SELECT id FROM farmer WHERE deleted = 0 AND phone_last4 = ?) AS m "
    "CROSS JOIN farmer ON farmer.id = m.mid"
)
_LETTERS = re.compile(r"^[A-Za-z]+$")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _prefix(column: str, text: str) -> tuple[str, tuple]:
    # A range instead of LIKE: uses the index whatever the collation.
    return f"{column} >= ? AND {column} < ?", (text, text + "\U0010ffff")


class FarmerSearch:
    """Plans and runs farmer searches on one reusable read connection."""

    def __init__(self, db: Database, ctx: ServiceContext | None = None) -> None:
        """``ctx``: the screens' context; every search then needs FARMER_READ.  Without one
        (benchmarks, demo tooling) the caller is trusted, as with any service internals."""
        self._db = db
        self._ctx = ctx
        self._conn = sqlite3.connect(db.path, check_same_thread=False)
        self._conn.execute("PRAGMA query_only=ON")
        self._lock = threading.Lock()
        self._villages: set[str] | None = None
        self._count: int | None = None

    def close(self) -> None:
        self._conn.close()

    def invalidate(self) -> None:
        """Forget cached counts and village names (call after farmers or villages change)."""
        self._villages = None
        self._count = None

    def _known_villages(self) -> set[str]:
        # The station's village list (a few hundred rows), not a DISTINCT over all farmers,
        # which costs ~13 ms at 100,000 farmers on the first keystroke after any change.
        if self._villages is None:
            with self._lock:
                rows = self._conn.execute(
                    f"SELECT name FROM village WHERE {LIVE}").fetchall()
            self._villages = {r[0] for r in rows if r[0]}
        return self._villages

    def plan(self, query: str) -> SearchPlan:
        text = query.strip().replace(" ", "")
        if not text:
            # Pinyin-initial order (张三 under z) is what clerks expect of a name list.
            return SearchPlan(SearchKind.ALL, LIVE, (), ("name_initials", "id"))
        if _CJK.search(text):
            if text.endswith(("村", "组")) or text in self._known_villages():
                return SearchPlan(SearchKind.VILLAGE, f"{LIVE} AND village = ?", (text,),
                                  ("village", "name", "id"))
            where, params = _prefix("name", text)
            return SearchPlan(SearchKind.NAME, f"{LIVE} AND {where}", params, ("name", "id"))
        if _LETTERS.match(text):
            where, params = _prefix("name_initials", text.lower())
            return SearchPlan(SearchKind.INITIALS, f"{LIVE} AND {where}", params,
                              ("name_initials", "id"))
        if _DIGITS4.match(text):
            last4 = text.upper()
            return SearchPlan(SearchKind.LAST_DIGITS, "farmer.deleted = 0", (),
                              ("name", "id"), _LAST4_SOURCE, (last4, last4))
        # Full numbers: the stored blind index is of the normalised value, which for these
        # shapes is the text itself (upper-case X); a wrong number simply finds nobody.
        if _MOBILE.match(text):
            digest = self._db.cipher.blind_index(text, kind="phone")
            return SearchPlan(SearchKind.PHONE, f"{LIVE} AND phone_hash = ?", (digest,),
                              ("name", "id"))
        if _RESIDENT_ID.match(text):
            digest = self._db.cipher.blind_index(text.upper(), kind="resident_id")
            return SearchPlan(SearchKind.RESIDENT_ID, f"{LIVE} AND resident_id_hash = ?",
                              (digest,), ("name", "id"))
        return SearchPlan(SearchKind.NONE, "0", (), ("name", "id"))

    def search(
        self, query: str, *, limit: int = 100, after: Sequence[Any] | None = None,
        plan: SearchPlan | None = None,
    ) -> list[FarmerRow]:
        if self._ctx is not None:
            self._ctx.require(Permission.FARMER_READ)
        plan = plan or self.plan(query)
        if plan.kind is SearchKind.NONE:
            return []
        sql, params = plan.sql(limit, after)
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return [FarmerRow(*row[:9], row[9:]) for row in rows]

    def count(self) -> int:
        """Live farmers (cached until :meth:`invalidate`; a full count takes ~10 ms)."""
        if self._ctx is not None:
            self._ctx.require(Permission.FARMER_READ)
        if self._count is None:
            with self._lock:
                self._count = self._conn.execute(
                    f"SELECT count(*) FROM farmer WHERE {LIVE}").fetchone()[0]
        return self._count

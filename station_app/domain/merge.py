"""The conflict rule of docs/sync-protocol.md §6, as one pure function the server and the
client both use, so both sides merge the same two rows into the same result.

A row is the dict a syncable record serialises to (``SyncFields`` plus its data fields);
``field_clock`` may be a JSON string (as stored) or a dict.  A field's stamp is
``field_clock[field]`` if present, else the row's ``created_hlc``.  HLC strings sort in
causal order as plain text (``station_app.domain.hlc``), ties broken by the node id that is
part of the string, so the comparison is deterministic everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

__all__ = ["FieldConflict", "MergeResult", "SYNC_COLUMNS", "merge_rows", "stamps"]

# Bookkeeping columns: never merged as data.
SYNC_COLUMNS = frozenset({"id", "station_id", "created_hlc", "updated_hlc", "field_clock",
                          "version", "deleted"})


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed; ``kept`` won, ``lost`` is what a person may restore."""

    field: str
    kept_value: Any
    kept_hlc: str
    lost_value: Any
    lost_hlc: str
    lost_side: str  # "current" (the row we had) or "incoming"


@dataclass(frozen=True)
class MergeResult:
    row: dict[str, Any]
    conflicts: tuple[FieldConflict, ...] = field(default=())

    @property
    def field_clock(self) -> dict[str, str]:
        return _clock(self.row)


def _clock(row: Mapping[str, Any]) -> dict[str, str]:
    value = row.get("field_clock") or {}
    if isinstance(value, str):
        value = json.loads(value or "{}")
    return dict(value)


def stamps(row: Mapping[str, Any]) -> dict[str, str]:
    """Every data field's HLC stamp."""
    clock = _clock(row)
    base = row.get("created_hlc") or ""
    return {k: clock.get(k, base) for k in row if k not in SYNC_COLUMNS}


def merge_rows(current: Mapping[str, Any], incoming: Mapping[str, Any], *,
               authoritative: Iterable[str] = (), incoming_may_decide: bool = False,
               changed_since_base: Iterable[str] | None = None) -> MergeResult:
    """Merge ``incoming`` into ``current`` (same record id) field by field.

    * Per data field the newer stamp wins.  A conflict is reported only where the two values
      differ **and** the losing side had really changed the field (its stamp is newer than
      the record's creation), so fields nobody touched never show up as conflicts.
    * ``authoritative`` fields (decisions) keep ``current``'s value unless
      ``incoming_may_decide``; that is not a conflict, the incoming side was not allowed.
    * A delete wins over edits: if either side is deleted the result is deleted, and the
      edits of the other side are reported as conflicts so they can be restored.
    * ``changed_since_base``: fields the incoming side changed since the version it started
      from (when known); other incoming fields are treated as unchanged.

    The result's ``field_clock`` holds the winning stamp of every field that differs from
    ``created_hlc``; ``updated_hlc`` is the newest stamp seen; ``version`` is left to the
    caller (the server sets its own counter).
    """
    if current.get("id") != incoming.get("id"):
        raise ValueError("merge_rows needs two versions of the same record")
    decided = frozenset(authoritative)
    cur_stamps, inc_stamps = stamps(current), stamps(incoming)
    created = min(filter(None, (current.get("created_hlc"), incoming.get("created_hlc"))),
                  default="")
    limited = None if changed_since_base is None else frozenset(changed_since_base)
    row: dict[str, Any] = dict(current)
    clock: dict[str, str] = {}
    conflicts: list[FieldConflict] = []
    fields = [k for k in dict.fromkeys([*current, *incoming]) if k not in SYNC_COLUMNS]
    for name in fields:
        cur_value, inc_value = current.get(name), incoming.get(name)
        cur_hlc, inc_hlc = cur_stamps.get(name, created), inc_stamps.get(name, created)
        if limited is not None and name not in limited:
            inc_hlc = min(inc_hlc, created) if created else inc_hlc
        if name in decided and not incoming_may_decide:
            row[name], winner = cur_value, cur_hlc
        elif name not in current:
            row[name], winner = inc_value, inc_hlc
        elif name not in incoming:
            row[name], winner = cur_value, cur_hlc
        elif inc_hlc > cur_hlc:
            row[name], winner = inc_value, inc_hlc
            if cur_value != inc_value and cur_hlc > created:
                conflicts.append(FieldConflict(name, inc_value, inc_hlc, cur_value, cur_hlc, "current"))
        else:
            row[name], winner = cur_value, cur_hlc
            if cur_value != inc_value and inc_hlc > created:
                conflicts.append(FieldConflict(name, cur_value, cur_hlc, inc_value, inc_hlc, "incoming"))
        if winner and winner != created:
            clock[name] = winner
    cur_deleted, inc_deleted = bool(current.get("deleted")), bool(incoming.get("deleted"))
    row["deleted"] = cur_deleted or inc_deleted
    if cur_deleted != inc_deleted:
        # The delete wins; if the live side had edited the record, say so once, so a person
        # can restore it ("deleted" lost: False).
        live_stamps, side = (inc_stamps, "incoming") if cur_deleted else (cur_stamps, "current")
        edited = [s for s in live_stamps.values() if s > created]
        if edited:
            deleter = current if cur_deleted else incoming
            conflicts.append(FieldConflict("deleted", True, deleter.get("updated_hlc") or created,
                                           False, max(edited), side))
    row["created_hlc"] = created
    all_stamps = [s for s in (current.get("updated_hlc"), incoming.get("updated_hlc")) if s]
    row["updated_hlc"] = max(all_stamps + list(clock.values()) + [created])
    row["field_clock"] = json.dumps(clock, sort_keys=True)
    return MergeResult(row=row, conflicts=tuple(conflicts))

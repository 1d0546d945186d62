"""Tamper-evident event log of an order loan (订单贷事件链).

Seed 000, Table 1 (全链路协同模式中的智能合约触发条件) names the stages an order loan goes
through; each becomes an event kind:

==========================  ==================================================  ==========
kind                        stage (seed 000 Table 1)                             中文
==========================  ==================================================  ==========
``order_confirmed``         订单确权阶段: the platform order is confirmed        订单确权
``application_matched``     融资申请与审核阶段: application matched to orders    申请匹配订单
``shipped``                 物流节点核验阶段: 货物出库                            已发货
``in_transit``              物流节点核验阶段: 货物在途                            运输中
``signed``                  物流节点核验阶段: 货物签收                            已签收
``due``                     还款履约阶段: 付款期限届满                            到期
``settlement_received``     还款履约阶段: 款项到账确认                            回款到账
==========================  ==================================================  ==========

Each :class:`Event` stores ``seq`` (1, 2, 3, … without gaps), ``kind``, ``at`` (when it
happened, a ``datetime`` given by the caller), ``data`` (JSON values: ``str``, ``int``,
``bool``, ``None``, lists and string-keyed dicts of them; ``Decimal`` is kept as its string,
``date``/``datetime`` as ISO text; ``float`` is refused so that no rounding can change a
hash), ``prev_hash`` (the previous event's hash; 64 zeros for the first) and ``hash`` =
SHA-256 hex of the canonical JSON of ``{"seq", "kind", "at", "data", "prev_hash"}`` (keys
sorted, no spaces, UTF-8, ``at`` in ISO 8601).

:func:`verify_chain` recomputes every hash and link and reports the first position that does
not hold (:class:`ChainCheck` ``.first_bad_seq``): an edited event fails its own hash, a
removed, inserted or reordered one breaks the numbering or the link.  Removing events from the
*end* leaves a shorter chain that is still consistent, and someone who rewrites every later
hash can forge a consistent chain; so the service keeps the head hash (``chain[-1].hash``)
with the application and syncs it to the central server, and passes it back as
``expected_head`` (and the count as ``expected_length``) when verifying.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Mapping, Sequence

from station_app.domain.messages import Message

__all__ = [
    "GENESIS_HASH",
    "KINDS",
    "KIND_LABELS",
    "ChainCheck",
    "Event",
    "append_event",
    "canonical_json",
    "event_from_dict",
    "event_hash",
    "verify_chain",
]

GENESIS_HASH = "0" * 64
KINDS = ("order_confirmed", "application_matched", "shipped", "in_transit", "signed", "due",
         "settlement_received")
KIND_LABELS: dict[str, Message] = {
    "order_confirmed": Message("event.order_confirmed", "订单确权", "Order confirmed"),
    "application_matched": Message("event.application_matched", "申请已匹配订单",
                                   "Application matched to orders"),
    "shipped": Message("event.shipped", "已发货", "Shipped"),
    "in_transit": Message("event.in_transit", "运输中", "In transit"),
    "signed": Message("event.signed", "已签收", "Signed for"),
    "due": Message("event.due", "还款到期", "Due"),
    "settlement_received": Message("event.settlement_received", "回款到账", "Settlement received"),
}


def _normalize(value: Any, path: str = "data") -> Any:
    """``value`` as plain JSON types (what the hash covers); TypeError for the rest."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"{path}: {value} is not a finite number")
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be strings, not {key!r}")
            out[key] = _normalize(item, f"{path}.{key}")
        return out
    if isinstance(value, (list, tuple)):
        return [_normalize(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise TypeError(f"{path}: {type(value).__name__} is not allowed in event data "
                    "(use str, int, bool, None, Decimal, date, lists and dicts)")


def canonical_json(seq: int, kind: str, at: datetime, data: Mapping[str, Any],
                   prev_hash: str) -> str:
    """The exact text that is hashed."""
    record = {"seq": seq, "kind": kind, "at": at.isoformat(), "data": _normalize(data),
              "prev_hash": prev_hash}
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def event_hash(seq: int, kind: str, at: datetime, data: Mapping[str, Any],
               prev_hash: str) -> str:
    return hashlib.sha256(canonical_json(seq, kind, at, data, prev_hash).encode()).hexdigest()


@dataclass(frozen=True)
class Event:
    seq: int
    kind: str
    at: datetime
    data: dict[str, Any]
    prev_hash: str
    hash: str

    @property
    def label(self) -> Message:
        return KIND_LABELS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; :func:`event_from_dict` reads it back to an equal event."""
        return {"seq": self.seq, "kind": self.kind, "at": self.at.isoformat(),
                "data": self.data, "prev_hash": self.prev_hash, "hash": self.hash}


def event_from_dict(raw: Mapping[str, Any]) -> Event:
    """The event stored by :meth:`Event.to_dict` (nothing is checked: use verify_chain)."""
    return Event(seq=raw["seq"], kind=raw["kind"], at=datetime.fromisoformat(raw["at"]),
                 data=dict(raw["data"]), prev_hash=raw["prev_hash"], hash=raw["hash"])


def append_event(chain: Sequence[Event], kind: str, at: datetime,
                 data: Mapping[str, Any] | None = None) -> Event:
    """The next event of ``chain`` (which is not changed: store the returned event).

    ``kind`` must be one of :data:`KINDS`; ``at`` a ``datetime``.  The chain itself is not
    re-verified here (call :func:`verify_chain` on what you read from storage).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown event kind {kind!r}; use one of {', '.join(KINDS)}")
    if not isinstance(at, datetime):
        raise TypeError(f"at must be a datetime, not {type(at).__name__}")
    normalized = _normalize(dict(data or {}))
    seq = len(chain) + 1
    prev = chain[-1].hash if chain else GENESIS_HASH
    return Event(seq, kind, at, normalized, prev, event_hash(seq, kind, at, normalized, prev))


@dataclass(frozen=True)
class ChainCheck:
    """Result of :func:`verify_chain`; ``first_bad_seq`` is the first position (1-based)
    that does not hold, None when ``ok``; ``problem`` says what is wrong there."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: Message | None = None

    @property
    def code(self) -> str | None:
        return self.problem.code if self.problem else None


def _bad(checked: int, position: int, code: str, zh: str, en: str) -> ChainCheck:
    return ChainCheck(False, checked, position, Message(f"event_chain.{code}", zh, en))


def verify_chain(events: Sequence[Event], *, expected_head: str | None = None,
                 expected_length: int | None = None) -> ChainCheck:
    """Check numbering, links and hashes of ``events`` in the order given."""
    prev = GENESIS_HASH
    for index, event in enumerate(events):
        position = index + 1
        if event.seq != position:
            return _bad(index, position, "seq_mismatch",
                        f"第 {position} 条事件的序号是 {event.seq}：事件被删除、插入或调换了顺序",
                        f"Event {position} carries number {event.seq}: an event was removed, "
                        "inserted or moved")
        if event.prev_hash != prev:
            return _bad(index, position, "link_broken",
                        f"第 {position} 条事件与前一条接不上：前面的事件被替换或删除了",
                        f"Event {position} does not link to the one before: an earlier event "
                        "was replaced or removed")
        try:
            recomputed = event_hash(event.seq, event.kind, event.at, event.data, event.prev_hash)
        except (TypeError, ValueError, AttributeError):
            recomputed = None
        if event.kind not in KINDS or recomputed != event.hash:
            return _bad(index, position, "hash_mismatch",
                        f"第 {position} 条事件的内容被改过（校验值对不上）",
                        f"Event {position} was edited (its hash does not match)")
        prev = event.hash
    count = len(events)
    if expected_length is not None and count != expected_length:
        position = min(count, expected_length) + 1
        return _bad(count, position, "length_mismatch",
                    f"事件链应有 {expected_length} 条事件，现在有 {count} 条",
                    f"The chain should have {expected_length} events; it has {count}")
    if expected_head is not None and prev != expected_head:
        return _bad(count, count or 1, "head_mismatch",
                    "事件链的最后一条与登记的不一致：末尾的事件被删除或重写了",
                    "The last event differs from the one on record: events at the end were "
                    "removed or rewritten")
    return ChainCheck(True, count)

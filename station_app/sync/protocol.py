"""Pure pieces of docs/sync-protocol.md: canonical JSON, body hashes, idempotency keys,
enrollment-code form, which payload fields point at parent records, the backoff schedule,
and which outbox entries must wait behind a quarantined one (§3).  No I/O here, so all of it
is unit tested directly.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

PROTOCOL_VERSION = 1
MAX_BATCH_ENTRIES = 200
MAX_BATCH_BYTES = 2 * 1024 * 1024  # before compression
PAGE_LIMIT = 500

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12

# Payload fields that name a parent record (§3): an entry whose payload points at a
# quarantined record waits for it.  ``import_batch_id`` ties orders to their batch.
REFERENCE_FIELDS = ("farmer_id", "shop_id", "plot_id", "season_id", "session_id",
                    "import_batch_id")

BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 300.0
BACKOFF_JITTER = 0.2


def canonical_json(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def body_hash(entity: str, entity_id: str, op: str, base_version: int, version: int,
              payload: Any) -> str:
    return hashlib.sha256(canonical_json({
        "entity": entity, "entity_id": entity_id, "op": op, "base_version": base_version,
        "version": version, "payload": payload,
    })).hexdigest()


def idempotency_key(prefix: str, seq: int) -> str:
    """``<prefix>:<seq>``; the engine's prefix is ``<station_id>:<device_id>``."""
    return f"{prefix}:{seq}"


def normalize_code(text: str) -> str | None:
    """``"abcd-efgh-jkmn"`` → ``"ABCD-EFGH-JKMN"``; None if it cannot be a code.

    People type codes with spaces, dashes and lower case; O/I/L/0/1 are not in the alphabet
    (they look alike), so a code containing them is certainly mistyped.
    """
    raw = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-_")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def backoff_delay(failures: int, *, base: float = BACKOFF_BASE_S, cap: float = BACKOFF_CAP_S,
                  jitter: float = BACKOFF_JITTER,
                  rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait after ``failures`` consecutive failures (1 → ~2 s, 2 → ~4 s, …,
    at most ~5 min), each ±``jitter`` (20 %) so many stations do not retry in step.
    There is no cap on the number of retries (SYNC.md invariant 8)."""
    if failures <= 0:
        return 0.0
    exponent = min(failures - 1, 32)  # 2 * 2**32 is far past the cap already
    nominal = min(cap, base * (2 ** exponent))
    return nominal * (1.0 + jitter * (2.0 * rand() - 1.0))


def references(entity: str, op: str, payload: Mapping[str, Any]) -> set[str]:
    """Ids of the records this entry's payload points at."""
    found: set[str] = set()
    sources: list[Mapping[str, Any]] = [payload]
    if op == "insert_batch":
        batch = payload.get("batch")
        if isinstance(batch, Mapping):
            sources.append(batch)
        if payload.get("import_batch_id"):
            found.add(str(payload["import_batch_id"]))
    for source in sources:
        for name in REFERENCE_FIELDS:
            value = source.get(name)
            if value:
                found.add(str(value))
    return found


@dataclass(frozen=True)
class EntryRef:
    """What the hold-back rule needs to know about one outbox entry."""

    seq: int
    entity_id: str
    status: str
    refs: frozenset[str] = frozenset()


class HoldBack:
    """The hold-back rule of §3, applied to entries one by one in ``seq`` order.

    An entry waits when it is quarantined itself, when an earlier blocked entry has its
    ``entity_id``, or when its payload points at a blocked record.  The rule is transitive:
    a farmer held back holds back its shops, and their orders.
    """

    def __init__(self, blocked: Iterable[str] = ()) -> None:
        self.blocked: set[str] = set(blocked)

    def block(self, entity_id: str) -> None:
        self.blocked.add(entity_id)

    def waits(self, entry: EntryRef) -> bool:
        if entry.status == "quarantined":
            self.blocked.add(entry.entity_id)
            return True
        if entry.entity_id in self.blocked or entry.refs & self.blocked:
            self.blocked.add(entry.entity_id)
            return True
        return False


def held_back(entries: Sequence[EntryRef], blocked: Iterable[str] = ()) -> set[int]:
    """The seqs of entries that must wait (§3), quarantined ones included.

    ``blocked`` adds ids known to be blocked already (e.g. from quarantined entries
    outside ``entries``).
    """
    rule = HoldBack(blocked)
    return {e.seq for e in sorted(entries, key=lambda e: e.seq) if rule.waits(e)}

"""The bookkeeping shared by reference documents the admin may edit (the crop calendar in
:mod:`.reference`, the loan products in :mod:`.loan_products`).

Each kind ships as a file in ``resources/`` and may be replaced by one live
:class:`ReferenceDoc` row of that ``kind`` (the whole document as JSON).  :class:`EditableDoc`
holds what is the same for every kind:

* the shipped document, read and checked once per process (per path);
* the live row, and the document in use (the row's if it passes the checks, else the shipped
  one, with a warning in the log), cached per database and keyed by the live row's id,
  version and clock, so a save, a reset or a synced change makes a new key by itself;
* the highest version this station has used (the shipped file and every stored row of the
  kind, also soft-deleted ones): a save must go above it;
* who saved or reset last, from the audit log;
* storing (insert or update of the live row) and resetting (soft-delete);
* the save and reset use cases themselves (:meth:`EditableDoc.save`, :meth:`EditableDoc.reset`):
  only the admin (``Permission.PRODUCT_MANAGE``) may do them, a saved document must pass its
  checks and raise the version, and neither may drop a part that records still use.

What a document must satisfy (its domain checks, the records that still use parts of it)
stays with each kind's service module.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Generic, Mapping, Sequence, TypeVar

from sqlmodel import Session, col, func, select

from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.services import writes
from station_app.services.context import Actor, ServiceContext
from station_app.services.errors import ValidationFailed
from station_app.store.db import Database
from station_app.store.models import AuditEntry, ReferenceDoc, User

__all__ = ["EDITED", "SHIPPED", "DocInfo", "EditableDoc"]

SHIPPED = "shipped"
EDITED = "edited"

T = TypeVar("T")
_Key = tuple[str, int, str] | None  # (id, version, updated_hlc) of the live row
# (session, document in use, document that would replace it) -> a message for each part that
# records still use and the replacement drops
StillUsed = Callable[[Session, T, T], list[Message]]


@dataclass(frozen=True)
class DocInfo:
    """What an admin screen says about the document in use."""

    source: str  # "shipped" | "edited"
    version: int  # version of the document in use
    next_version: int  # the lowest version a save may carry
    changed_at: datetime | None  # last save or reset at this station (UTC), if known
    changed_by: str  # who did it (display name, else user name); "" if unknown
    last_action: str  # "save" | "reset" | "" (unknown / never edited)
    stored_invalid: bool  # a stored edit failed validation, so the shipped one is in use


class EditableDoc(Generic[T]):
    """One kind of editable reference document.

    ``shipped_path()`` names the shipped file and ``load_file(path)`` reads and checks it;
    ``parse(data)`` checks stored data; both raise a ``ValueError`` when it does not pass, and
    ``problems(exc)`` lists that error's messages (for the log).  ``version_of(doc)`` reads a
    document's version.  ``log`` and ``what`` name the kind in log warnings.

    For :meth:`save`: ``error`` is the exception ``parse`` raises for data that does not pass
    (its ``problems(exc)`` are what the admin is told), ``dump(doc)`` gives the file layout that
    is stored, and ``field`` is the key of every problem in :class:`ValidationFailed` (and the
    prefix of the message codes).
    """

    def __init__(self, kind: str, *, shipped_path: Callable[[], Path],
                 load_file: Callable[[Path], T], parse: Callable[[Any], T],
                 problems: Callable[[ValueError], Sequence[Any]],
                 version_of: Callable[[T], int], log: logging.Logger, what: str,
                 error: type[ValueError], dump: Callable[[T], Any], field: str) -> None:
        self.kind = kind
        self.shipped_path = shipped_path
        self._load_file = load_file
        self._parse = parse
        self._problems = problems
        self._version_of = version_of
        self._error = error
        self._dump = dump
        self.field = field
        self._log = log
        self._what = what
        self._lock = threading.Lock()
        self._shipped_docs: dict[Path, T] = {}
        # database_id -> (key of the live row or None, document in use, source)
        self._active: dict[str, tuple[_Key, T, str]] = {}

    # ----------------------------------------------------------------------- reading

    def shipped(self) -> T:
        """The document shipped with the app (read and checked once per process).

        A broken shipped file is a packaging fault: its error propagates.
        """
        path = self.shipped_path()
        with self._lock:
            doc = self._shipped_docs.get(path)
        if doc is None:
            doc = self._load_file(path)
            with self._lock:
                self._shipped_docs[path] = doc
        return doc

    def _live(self):
        return (ReferenceDoc.kind == self.kind, ReferenceDoc.deleted == False)  # noqa: E712

    def live_row(self, session: Session) -> ReferenceDoc | None:
        return session.exec(select(ReferenceDoc).where(*self._live())).first()

    def _parse_body(self, row: ReferenceDoc) -> T | None:
        """The stored document, or None (with a warning in the log) when it does not pass."""
        try:
            return self._parse(json.loads(row.body))
        except (ValueError, TypeError) as exc:
            problems = self._problems(exc) if isinstance(exc, ValueError) else []
            problems = list(problems) or [str(exc)]
            self._log.warning("stored %s %s (version %s) is not valid, using the shipped "
                              "%s instead: %s", self._what, row.id, row.doc_version, self._what,
                              "; ".join(getattr(m, "en", str(m)) for m in problems[:5]))
            return None

    def resolve(self, db: Database, session: Session | None = None) -> tuple[T, str]:
        """(document in use, "shipped" | "edited"), through the per-database cache."""
        if session is None:
            with Session(db.engine) as own:
                return self.resolve(db, own)
        head = session.exec(select(ReferenceDoc.id, ReferenceDoc.version,
                                   ReferenceDoc.updated_hlc).where(*self._live())).first()
        key: _Key = (head[0], head[1], head[2]) if head is not None else None
        with self._lock:
            cached = self._active.get(db.database_id)
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        doc, source = None, SHIPPED
        if key is not None:
            row = session.get(ReferenceDoc, key[0])
            if row is not None and not row.deleted:
                key = (row.id, row.version, row.updated_hlc)
                doc = self._parse_body(row)
                source = EDITED if doc is not None else SHIPPED
        if doc is None:
            doc = self.shipped()
        with self._lock:
            self._active[db.database_id] = (key, doc, source)
        return doc, source

    def highest_version(self, session: Session) -> int:
        """The highest version used here: the shipped file's and every stored row's."""
        stored = session.exec(select(func.max(ReferenceDoc.doc_version)).where(
            ReferenceDoc.kind == self.kind)).one()
        return max(self._version_of(self.shipped()), stored or 0)

    def info(self, db: Database) -> DocInfo:
        """The source and version in use, the next version to save, and the last change."""
        with Session(db.engine) as session:
            doc, source = self.resolve(db, session)
            highest = self.highest_version(session)
            live = self.live_row(session)
            ids = list(session.exec(select(ReferenceDoc.id).where(
                ReferenceDoc.kind == self.kind)))
            entry = session.exec(
                select(AuditEntry).where(col(AuditEntry.entity) == "reference_doc",
                                         col(AuditEntry.entity_id).in_(ids),
                                         col(AuditEntry.action).in_(("create", "update",
                                                                     "delete")))
                .order_by(col(AuditEntry.seq).desc())).first() if ids else None
            who = ""
            if entry is not None:
                user = session.get(User, entry.user_id) if entry.user_id else None
                who = (user.display_name if user is not None else "") or entry.username
        return DocInfo(
            source=source, version=self._version_of(doc), next_version=highest + 1,
            changed_at=entry.at if entry else None, changed_by=who,
            last_action=("" if entry is None else "reset" if entry.action == "delete"
                         else "save"),
            stored_invalid=live is not None and source == SHIPPED)

    # ----------------------------------------------------------------------- writing

    def store(self, session: Session, db: Database, actor: Actor, version: int,
              body: str) -> None:
        """Make ``body`` (already checked) the live row of the kind: update it, or insert
        one.  Outbox and audit entries go into the same transaction."""
        row = self.live_row(session)
        if row is None:
            writes.insert(session, db, actor, ReferenceDoc(
                station_id=actor.station_id, kind=self.kind, doc_version=version, body=body,
                created_hlc="", updated_hlc=""))
        else:
            writes.update(session, db, actor, row, {"doc_version": version, "body": body},
                          base_version=row.version)

    def remove(self, session: Session, db: Database, actor: Actor, row: ReferenceDoc,
               reason: str) -> None:
        """Soft-delete the live row: the shipped document applies again."""
        writes.soft_delete(session, db, actor, row, base_version=row.version, reason=reason)

    # ----------------------------------------------------------------------- use cases

    def save(self, ctx: ServiceContext, data: Mapping[str, Any],
             still_used: StillUsed[T]) -> T:
        """Store an edited document (the file layout).

        Raises ValidationFailed with every problem under ``field``: when the data does not
        pass ``parse``, when its version is not above :meth:`highest_version`, or when it drops
        what ``still_used`` finds in use; then nothing is stored and the document in use stays
        as it was.  Returns the document now in use.
        """
        actor = ctx.require(Permission.PRODUCT_MANAGE)
        try:
            parsed = self._parse(data)
        except self._error as exc:
            raise ValidationFailed({self.field: list(self._problems(exc))}) from exc
        body = json.dumps(self._dump(parsed), ensure_ascii=False)
        version = self._version_of(parsed)
        with ctx.db.session() as session:
            current, _source = self.resolve(ctx.db, session)
            problems = still_used(session, current, parsed)
            highest = self.highest_version(session)
            if version <= highest:
                problems.insert(0, Message(
                    f"{self.field}.version_not_raised",
                    f"版本号要比这个站点用过的最高版本（第 {highest} 版）大，"
                    f"请改成 {highest + 1} 或更大的数，现在是 {version}",
                    f"The version must be above the highest version this station has used "
                    f"({highest}); make it {highest + 1} or more (it is {version})"))
            if problems:
                raise ValidationFailed({self.field: problems})
            self.store(session, ctx.db, actor, version, body)
        return self.resolve(ctx.db)[0]

    def reset(self, ctx: ServiceContext, still_used: StillUsed[T], *, reason: str) -> T:
        """Go back to the shipped document (soft-deletes the stored one; a no-op if none).

        Refused, like a save, when it drops what ``still_used`` finds in use.
        """
        actor = ctx.require(Permission.PRODUCT_MANAGE)
        shipped = self.shipped()
        with ctx.db.session() as session:
            row = self.live_row(session)
            if row is None:
                return shipped
            current, _source = self.resolve(ctx.db, session)
            problems = still_used(session, current, shipped)
            if problems:
                raise ValidationFailed({self.field: problems})
            self.remove(session, ctx.db, actor, row, reason=reason)
        return self.resolve(ctx.db)[0]

"""Signing what this computer prints, and checking what someone shows us (验真).

Every computer has its own Ed25519 key.  The private half is kept in ``local_meta``
encrypted with the database's master key (so it is as safe as the farmers' ID numbers, and
never leaves the computer); the public half is a synced :class:`SigningKey` record, so every
computer of the station and of its branch can check a document offline.  A document signed
by a key no computer here knows is "unknown signer" — e.g. a paper from another county.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, select

from station_app.documents.signing import (
    Verification,
    generate_signing_key,
    private_key_from_bytes,
    private_key_to_bytes,
    public_key_id,
    public_key_to_bytes,
    sign_document,
    verify_qr_text,
)
from station_app.services import writes
from station_app.services.context import ServiceContext
from station_app.store.db import Database, _meta, _set_meta
from station_app.store.models import IssuedDocument, SigningKey, Station

META_PRIVATE_KEY = "signing_private_key"
KEY_CONTEXT = "local.signing_key"  # associated data of the encrypted private key


def _load_private(db: Database, session: Session) -> Ed25519PrivateKey | None:
    token = _meta(session, META_PRIVATE_KEY)
    if not token:
        return None
    raw = db.cipher.decrypt(token, context=KEY_CONTEXT)
    return private_key_from_bytes(base64.b64decode(raw))


def signer(ctx: ServiceContext, station_id: str | None = None) -> tuple[Ed25519PrivateKey, str]:
    """This computer's signing key (made and published on first use) and its key id.

    The public key is published under ``station_id`` (default: the actor's own).  A branch
    computer signs documents of several stations and publishes its key to each of them when it
    first signs for it, so every station's computers can verify what the branch printed.
    """
    actor = ctx.require_login()
    owner = station_id or actor.station_id
    with ctx.db.session() as session:
        key = _load_private(ctx.db, session)
        if key is None:
            key = generate_signing_key()
            raw = base64.b64encode(private_key_to_bytes(key)).decode("ascii")
            _set_meta(session, META_PRIVATE_KEY, ctx.db.cipher.encrypt(raw, context=KEY_CONTEXT))
        key_id = public_key_id(key)
        published = session.exec(select(SigningKey).where(
            SigningKey.key_id == key_id, SigningKey.station_id == owner)).first()
        if published is None:
            writes.insert(session, ctx.db, actor, SigningKey(
                station_id=owner, key_id=key_id,
                public_key=base64.b64encode(public_key_to_bytes(key)).decode("ascii"),
                device_id=ctx.db.device_id, label=f"{actor.display_name} @ {ctx.db.device_id}",
                created_hlc="", updated_hlc=""))
    return key, key_id


def trusted_keys(db: Database) -> dict[str, bytes]:
    """key id → public key of every live, unrevoked signing key this computer knows."""
    with Session(db.engine) as session:
        rows = session.exec(select(SigningKey).where(
            SigningKey.deleted == False, SigningKey.revoked == False)).all()  # noqa: E712
    return {r.key_id: base64.b64decode(r.public_key) for r in rows}


def station_code_for_qr(db: Database, station_id: str) -> str:
    """The station as the QR names it: its code in the QR's alphabet (A–Z 0–9 -)."""
    with Session(db.engine) as session:
        station = session.get(Station, station_id)
    text = (station.code if station is not None and station.code else station_id).upper()
    return (re.sub(r"[^A-Z0-9-]", "-", text).strip("-") or "STATION")[:40]


def new_document_id(prefix: str, on: date | None = None) -> str:
    """e.g. ``CR-20261123-8F3A2C``: readable, sortable by day, unique enough per station."""
    return f"{prefix}-{(on or date.today()):%Y%m%d}-{secrets.token_hex(3).upper()}"


def sign(ctx: ServiceContext, *, doc_id: str, kind: str, content: Mapping[str, Any],
         issued_on: date, station_id: str | None = None) -> str:
    """The QR text for a document this computer prints for ``station_id`` (default: the
    actor's station; a branch officer prints for the station whose farmer it is)."""
    actor = ctx.require_login()
    owner = station_id or actor.station_id
    key, _key_id = signer(ctx, owner)
    return sign_document(key, doc_id=doc_id, kind=kind,
                         station_id=station_code_for_qr(ctx.db, owner),
                         issued_on=issued_on, content=dict(content))


def verify(db: Database, text: str, content: Mapping[str, Any] | None = None) -> Verification:
    """Check a QR text against every signing key this computer knows (offline)."""
    return verify_qr_text(text.strip(), trusted_keys(db),
                          dict(content) if content is not None else None)


def record_issued(ctx: ServiceContext, *, doc_id: str, kind: str, farmer_id: str | None,
                  issued_on: date, content: Mapping[str, Any], qr_text: str,
                  station_id: str | None = None) -> None:
    """Keep what was printed (synced), so a verifier can show the signed content."""
    actor = ctx.require_login()
    with ctx.db.session() as session:
        writes.insert(session, ctx.db, actor, IssuedDocument(
            station_id=station_id or actor.station_id, doc_id=doc_id.upper(), kind=kind, farmer_id=farmer_id,
            issued_on=issued_on, content=json.dumps(dict(content), ensure_ascii=False,
                                                    sort_keys=True, default=str),
            qr_text=qr_text, issued_by=actor.user_id, created_hlc="", updated_hlc=""))


@dataclass(frozen=True)
class Checked:
    """A verification, plus what this computer knows of the document and its signer."""

    verification: Verification
    content: dict[str, Any] | None = None  # as signed, when the document is on record here
    signer: str | None = None  # the signing key's label (who printed it, on which computer)


def check(db: Database, text: str) -> Checked:
    """Verify a QR text; when the document is on record here, also check that the record's
    content is what was signed and return it for the person to compare with the paper."""
    trusted = trusted_keys(db)
    result = verify_qr_text(text.strip(), trusted)
    if not result.valid:
        return Checked(result)
    with Session(db.engine) as session:
        record = session.exec(select(IssuedDocument).where(
            IssuedDocument.doc_id == (result.doc_id or "").upper(),
            IssuedDocument.deleted == False)).first()  # noqa: E712
        key = session.exec(select(SigningKey).where(SigningKey.key_id == result.key_id)).first()
    signer = key.label if key is not None else None
    if record is None:
        return Checked(result, None, signer)
    content = json.loads(record.content)
    return Checked(verify_qr_text(text.strip(), trusted, content), content, signer)

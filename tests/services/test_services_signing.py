"""Document signing keys: one per computer, private half sealed, public half synced."""

from __future__ import annotations

import base64
import secrets
from datetime import date

from sqlmodel import Session, select

from station_app.documents.signing import private_key_to_bytes
from station_app.services import signing
from station_app.services.context import ServiceContext
from station_app.store.models import OutboxEntry, SigningKey
from station_app.store.rekey import rekey


def test_a_signed_text_verifies_here_and_an_edit_does_not(specialist_ctx: ServiceContext) -> None:
    content = {"farmer": "张三", "total": 640}
    text = signing.sign(specialist_ctx, doc_id="CR-1", kind="CREDIT-REPORT", content=content,
                        issued_on=date(2026, 11, 23))
    assert text.startswith("SAD1:CR-1.CREDIT-REPORT.MX-HQ-01.20261123.")
    assert signing.verify(specialist_ctx.db, text, content).status == "valid"
    assert signing.verify(specialist_ctx.db, text, {**content, "total": 700}).status == "altered"
    flipped = text[:-3] + ("A" if text[-3] != "A" else "B") + text[-2:]
    assert signing.verify(specialist_ctx.db, flipped).status != "valid"


def test_one_key_per_computer_published_once_and_sealed_at_rest(
        specialist_ctx: ServiceContext, tutor_ctx: ServiceContext) -> None:
    key, key_id = signing.signer(specialist_ctx)
    again, same_id = signing.signer(tutor_ctx)
    assert same_id == key_id and private_key_to_bytes(again) == private_key_to_bytes(key)
    with Session(specialist_ctx.db.engine) as session:
        rows = session.exec(select(SigningKey)).all()
        queued = session.exec(select(OutboxEntry).where(OutboxEntry.entity == "signing_key")).all()
    assert [r.key_id for r in rows] == [key_id] and len(queued) == 1
    raw = specialist_ctx.db.path.read_bytes() + specialist_ctx.db.path.with_name(
        specialist_ctx.db.path.name + "-wal").read_bytes()
    secret = private_key_to_bytes(key)
    assert secret not in raw and base64.b64encode(secret) not in raw


def test_a_key_this_computer_does_not_know_is_an_unknown_signer(
        specialist_ctx: ServiceContext) -> None:
    text = signing.sign(specialist_ctx, doc_id="CR-2", kind="CREDIT-REPORT", content={"a": 1},
                        issued_on=date(2026, 11, 23))
    with specialist_ctx.db.session() as session:
        for row in session.exec(select(SigningKey)):
            row.revoked = True
            session.add(row)
    assert signing.verify(specialist_ctx.db, text).status == "unknown_signer"


def test_the_signing_key_survives_the_enrollment_key_swap(specialist_ctx: ServiceContext) -> None:
    key, key_id = signing.signer(specialist_ctx)
    rekey(specialist_ctx.db, secrets.token_bytes(32))
    again, again_id = signing.signer(specialist_ctx)
    assert again_id == key_id and private_key_to_bytes(again) == private_key_to_bytes(key)


def test_a_recorded_document_shows_its_signed_content_when_checked(
        specialist_ctx: ServiceContext) -> None:
    content = {"farmer": "李梅", "total": 655, "grade": "B"}
    issued = date(2026, 11, 23)
    text = signing.sign(specialist_ctx, doc_id="CR-20261123-ABC123", kind="CREDIT-REPORT",
                        content=content, issued_on=issued)
    unknown = signing.check(specialist_ctx.db, text)
    assert unknown.verification.valid and unknown.content is None and unknown.signer
    signing.record_issued(specialist_ctx, doc_id="CR-20261123-ABC123", kind="CREDIT-REPORT",
                          farmer_id=None, issued_on=issued, content=content, qr_text=text)
    known = signing.check(specialist_ctx.db, text)
    assert known.verification.valid and known.verification.content_checked
    assert known.content == content
    # Someone edits the stored record: the check no longer matches what was signed.
    from station_app.store.models import IssuedDocument

    with specialist_ctx.db.session() as session:
        row = session.exec(select(IssuedDocument)).one()
        row.content = row.content.replace("655", "755")
        session.add(row)
    assert signing.check(specialist_ctx.db, text).verification.status == "altered"

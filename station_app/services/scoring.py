"""Credit scores (农村电商信用分): gather a farmer's inputs, score them, keep the history.

The engine and the model are :mod:`station_app.domain.scoring`; this module feeds it from the
database (sales indicators, farm indicators, training, cooperative membership) and stores
each result as a :class:`CreditScore` row.  A farmer is scored again only when the inputs or
the model differ from the latest stored score, so opening the score page after new data is
what "rescore when data change" means here; :func:`rescore_all` covers a new model.

The model in use is the shipped ``resources/scorecard/credit_v1.json`` unless an admin
installed a newer one (:func:`install_model`, stored as a synced reference document so it
reaches every computer); a stored model that no longer loads is skipped with a warning and
the shipped one stays in use.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from sqlmodel import Session, func, select

from station_app import paths
from station_app.domain.messages import Message
from station_app.domain.roles import Permission
from station_app.domain.scoring import ModelError, ScoreModel, ScoreResult, load_model, score
from station_app.services import loan_applications, planting, shops, training, writes
from station_app.services.context import ServiceContext
from station_app.services.errors import NotFound
from station_app.store.db import Database
from station_app.store.models import CreditScore, Farmer, ReferenceDoc

log = logging.getLogger(__name__)

SCORECARD = "scorecard_model"  # ReferenceDoc.kind of an installed model
FEN = Decimal("0.01")

_lock = threading.Lock()
_installed: dict[tuple[str, int], ScoreModel | None] = {}


# --------------------------------------------------------------------------- the model

def shipped_model_path() -> Path:
    return paths.resources_dir() / "scorecard" / "credit_v1.json"


def shipped_model() -> ScoreModel:
    return _load_shipped(shipped_model_path())


@functools.lru_cache(maxsize=None)
def _load_shipped(path: Path) -> ScoreModel:
    return load_model(path)  # a broken shipped file is a packaging fault: it propagates


def _parse(row: ReferenceDoc) -> ScoreModel | None:
    key = (row.id, row.version)
    with _lock:
        if key in _installed:
            return _installed[key]
    try:
        model: ScoreModel | None = load_model(json.loads(row.body))
    except (ModelError, ValueError, TypeError) as exc:
        log.warning("installed scorecard %s (version %s) does not load; the shipped model "
                    "stays in use: %s", row.id, row.doc_version, str(exc)[:300])
        model = None
    with _lock:
        _installed[key] = model
    return model


def active_model(db: Database, session: Session | None = None) -> ScoreModel:
    """The model in use: the installed one when it loads and is newer, else the shipped."""
    if session is None:
        with Session(db.engine) as own:
            return active_model(db, own)
    row = session.exec(select(ReferenceDoc).where(
        ReferenceDoc.kind == SCORECARD, ReferenceDoc.deleted == False)  # noqa: E712
    ).first()
    shipped = shipped_model()
    installed = _parse(row) if row is not None else None
    if installed is not None and installed.version >= shipped.version:
        return installed
    return shipped


def install_model(ctx: ServiceContext, source: Path | str | Mapping[str, Any]) -> ScoreModel:
    """Check a model file and make it the one in use (admin).  A malformed or inconsistent
    model raises :class:`ModelError` listing every problem, and nothing changes."""
    actor = ctx.require(Permission.PRODUCT_MANAGE)
    if isinstance(source, Mapping):
        data = dict(source)
    else:
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ModelError([Message(
                "scorecard.unreadable", f"模型文件打不开或不是 JSON：{exc}",
                f"The model file cannot be read as JSON: {exc}")]) from exc
    model = load_model(data)
    current = active_model(ctx.db)
    if model.version <= current.version and model.digest != current.digest:
        raise ModelError([Message(
            "scorecard.version_not_newer",
            f"新模型的版本号 {model.version} 不比正在用的 {current.version} 大，请提高版本号。",
            f"The new model's version {model.version} is not above the one in use "
            f"({current.version}); raise the version.")])
    body = json.dumps(model.to_dict(), ensure_ascii=False, sort_keys=True)
    with ctx.db.session() as session:
        row = session.exec(select(ReferenceDoc).where(
            ReferenceDoc.kind == SCORECARD, ReferenceDoc.deleted == False)  # noqa: E712
        ).first()
        if row is None:
            writes.insert(session, ctx.db, actor, ReferenceDoc(
                station_id=actor.station_id, kind=SCORECARD, doc_version=model.version,
                body=body, created_hlc="", updated_hlc=""))
        elif row.body != body:
            writes.update(session, ctx.db, actor, row,
                          {"doc_version": model.version, "body": body},
                          base_version=row.version, action="install_scorecard")
    return model


# --------------------------------------------------------------------------- inputs

def _expected_harvest_value(seasons: Iterable[planting.SeasonRow], as_of: date) -> Decimal:
    """Value of the seasons still to be harvested within 12 months (area × yield × price)."""
    horizon = date(as_of.year + 1, as_of.month, min(as_of.day, 28))
    total = Decimal(0)
    for s in seasons:
        if s.harvested_kg is None and as_of <= s.expected_harvest_date <= horizon:
            total += s.expected_total_kg * s.expected_price_yuan_per_kg
    return total.quantize(FEN)


def farmer_inputs(ctx: ServiceContext, farmer_id: str, *, as_of: date | None = None
                  ) -> dict[str, Any]:
    """Everything the scorecard reads about one farmer, keyed as the model expects."""
    ctx.require(Permission.FARMER_READ)
    as_of = as_of or date.today()
    with Session(ctx.db.engine) as session:
        farmer = session.get(Farmer, farmer_id)
        if farmer is None or farmer.deleted:
            raise NotFound(Message("farmer.not_found", "找不到这位农户。", "Farmer not found."))
        coop_member = bool(farmer.coop_uscc)
    inputs: dict[str, Any] = {}
    overview = shops.sales_overview(ctx, farmer_id, as_of=as_of)
    if overview is not None:
        inputs.update(overview[0].values())
    plots, seasons = planting.list_plots(ctx, farmer_id), planting.list_seasons(ctx, farmer_id)
    farm = planting.overview_of(plots, seasons, as_of=as_of)
    inputs.update({
        "planted_area_mu": farm.planted_area_mu if plots else None,
        "harvest_stability": farm.harvest_stability,
        "quality_change_percent": farm.quality_change,
        "expected_harvest_value_yuan": _expected_harvest_value(seasons, as_of),
        "training_sessions_12m": training.training_summary(ctx, farmer_id, as_of=as_of).sessions,
        # Until loans record real guarantees (issue 6), membership of a registered
        # cooperative (its USCC on file) stands for the cooperative's backing.
        "cooperative_guarantee": coop_member,
        "insurance_coverage_percent": None,  # weather-index insurance is not recorded yet
        "repayment_on_time_rate": loan_applications.repayment_on_time_rate(
            ctx, farmer_id, as_of=as_of),  # None without loans: the neutral bin
    })
    return inputs


def inputs_digest(result: ScoreResult) -> str:
    canonical = json.dumps(result.inputs, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- scoring

@dataclass(frozen=True)
class ScoreRecord:
    """A farmer's score as shown: the result, when it was computed, and whether it is new."""

    result: ScoreResult
    scored_at: datetime
    record_id: str | None
    stored_now: bool


def _latest(session: Session, farmer_id: str) -> CreditScore | None:
    return session.exec(select(CreditScore).where(
        CreditScore.farmer_id == farmer_id, CreditScore.deleted == False)  # noqa: E712
        .order_by(CreditScore.scored_at.desc())).first()  # type: ignore[union-attr]


def score_farmer(ctx: ServiceContext, farmer_id: str, *, as_of: date | None = None,
                 trigger: str = "view", model: ScoreModel | None = None) -> ScoreRecord:
    """Score the farmer from the data as it is now.  Stored (and synced) when the caller may
    compute scores and the inputs or the model changed since the latest stored score; for
    other roles the fresh result is shown without being stored."""
    ctx.require(Permission.FARMER_READ)
    model = model or active_model(ctx.db)
    result = score(model, farmer_inputs(ctx, farmer_id, as_of=as_of))
    digest = inputs_digest(result)
    now = datetime.now(timezone.utc)
    if not ctx.can(Permission.SCORE_COMPUTE):
        return ScoreRecord(result, now, None, False)
    with ctx.db.session() as session:
        latest = _latest(session, farmer_id)
        if (latest is not None and latest.inputs_digest == digest
                and latest.model_digest == model.digest):
            return ScoreRecord(result, latest.scored_at, latest.id, False)
        row = CreditScore(
            station_id=ctx.actor.station_id, farmer_id=farmer_id, scored_at=now,
            model_id=model.id, model_version=model.version, model_digest=model.digest,
            inputs_digest=digest, total=result.total, grade=result.grade,
            credit_limit_fen=int((result.credit_limit * 100).to_integral_value()),
            trigger=trigger, scored_by=ctx.actor.user_id,
            result=json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True, default=str),
            created_hlc="", updated_hlc="")
        writes.insert(session, ctx.db, ctx.actor, row)
    return ScoreRecord(result, now, row.id, True)


@dataclass(frozen=True)
class ScoreHistoryItem:
    id: str
    scored_at: datetime
    total: int
    grade: str
    credit_limit: Decimal
    model_id: str
    model_version: int
    trigger: str


def history(ctx: ServiceContext, farmer_id: str) -> list[ScoreHistoryItem]:
    """The farmer's stored scores, oldest first."""
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        rows = session.exec(select(CreditScore).where(
            CreditScore.farmer_id == farmer_id, CreditScore.deleted == False)  # noqa: E712
            .order_by(CreditScore.scored_at)).all()  # type: ignore[arg-type]
    return [ScoreHistoryItem(r.id, r.scored_at, r.total, r.grade,
                             (Decimal(r.credit_limit_fen) / 100).quantize(FEN), r.model_id,
                             r.model_version, r.trigger) for r in rows]


def stored_result(ctx: ServiceContext, record_id: str) -> dict[str, Any]:
    """A stored score exactly as it was computed (``ScoreResult.to_dict()``)."""
    ctx.require(Permission.FARMER_READ)
    with Session(ctx.db.engine) as session:
        row = session.get(CreditScore, record_id)
        if row is None or row.deleted:
            raise NotFound(Message("score.not_found", "找不到这条信用分记录。",
                                   "Score record not found."))
        return json.loads(row.result)


@dataclass(frozen=True)
class Distribution:
    """Latest score of every scored farmer of the station: counts per grade and per band."""

    by_grade: dict[str, int]
    by_band: dict[int, int]  # band start (multiple of ``band``) -> farmers
    band: int
    scored: int
    farmers: int


def distribution(ctx: ServiceContext, *, band: int = 20) -> Distribution:
    ctx.require(Permission.FARMER_READ)
    model = active_model(ctx.db)
    with Session(ctx.db.engine) as session:
        latest = (select(CreditScore.farmer_id, func.max(CreditScore.scored_at).label("at"))
                  .where(CreditScore.deleted == False)  # noqa: E712
                  .group_by(CreditScore.farmer_id).subquery())
        rows = session.exec(select(CreditScore.total, CreditScore.grade).join(
            latest, (CreditScore.farmer_id == latest.c.farmer_id)
            & (CreditScore.scored_at == latest.c.at))).all()
        farmers = session.exec(select(func.count()).select_from(Farmer).where(
            Farmer.deleted == False)).one()  # noqa: E712
    by_grade = {g.id: 0 for g in model.grades}
    by_band: dict[int, int] = {}
    for total, grade in rows:
        by_grade[grade] = by_grade.get(grade, 0) + 1
        start = (total // band) * band
        by_band[start] = by_band.get(start, 0) + 1
    return Distribution(by_grade, dict(sorted(by_band.items())), band, len(rows), int(farmers))


def rescore_all(ctx: ServiceContext, *, trigger: str = "batch",
                progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Score every live farmer of the station (e.g. after a new model); returns (scored,
    newly stored)."""
    ctx.require(Permission.SCORE_COMPUTE)
    model = active_model(ctx.db)
    with Session(ctx.db.engine) as session:
        ids = list(session.exec(select(Farmer.id).where(Farmer.deleted == False)  # noqa: E712
                                .order_by(Farmer.id)))
    stored = 0
    for n, farmer_id in enumerate(ids, 1):
        stored += score_farmer(ctx, farmer_id, trigger=trigger, model=model).stored_now
        if progress and (n % 50 == 0 or n == len(ids)):
            progress(n, len(ids))
    return len(ids), stored

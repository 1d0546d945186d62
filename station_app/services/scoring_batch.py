"""Credit scores for a whole station at once (批量评分): the set-based twin of
:func:`station_app.services.scoring.rescore_all`.

:func:`scoring.score_farmer` reads one farmer with about a dozen queries (shops, orders and
typed months per shop, plots, seasons, harvests, costs, training, the latest score); for a
county of 100,000 farmers that is over a million queries.  Here the farmers are taken in
chunks (``chunk`` farmers in id order) and each chunk's feature rows are read with eight
queries over the id range of the chunk (:data:`FEATURE_QUERIES`), plus one for the latest
stored scores, in one read snapshot.  The
inputs built from them are exactly those of :func:`scoring.farmer_inputs` — the same domain
functions (:func:`~station_app.domain.sales.compute_indicators`, :func:`planting.overview_of`
→ :func:`~station_app.domain.planting.farm_indicators`,
:func:`~station_app.domain.training.summarize`) on the same values in the same order — and
are scored by the pure engine.  A new :class:`CreditScore` row is stored, through
:func:`writes.insert` (outbox + audit), only for a farmer whose inputs digest or model
differ from the latest stored score, with the row contents :func:`scoring.score_farmer`
gives it, in write transactions of at most ``write_chunk`` rows, each checking the latest
scores again under the write lock; when nothing changed nothing is written at all.

``tests/services/test_services_scoring_batch.py`` checks, farmer by farmer, that inputs and
results equal the per-farmer path's.  What is copied rather than called, because the
per-farmer services compute it inline: the harvest and cost totals of a season
(``planting.list_seasons``) and the fields of the stored row (``scoring.score_farmer``).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator

from station_app.domain.planting import from_bp, from_x100
from station_app.domain.roles import Permission
from station_app.domain.sales import (
    AfterSale,
    MonthlyTotal,
    OrderRecord,
    OrderStatus,
    combine_shops,
    compute_indicators,
)
from station_app.domain.scoring import ScoreModel, ScoreResult, score
from station_app.domain.training import summarize
from station_app.services import loan_applications, planting, reference, scoring, writes
from station_app.services.context import ServiceContext
from station_app.store.models import CreditScore

__all__ = ["CHUNK_QUERIES", "FARMERS_QUERY", "FEATURE_QUERIES", "LATEST_QUERY",
           "rescore_station", "station_inputs"]

FEN = Decimal("0.01")
DEFAULT_CHUNK = 2000
DEFAULT_WRITE_CHUNK = 200
"""Most rows stored in one write transaction: SQLite's write lock is held that long, and the
app's other connections give up after waiting 5 s (``busy_timeout``); a stored score costs
1–3 ms (row, outbox entry and audit line through ``writes.insert``)."""

FARMERS_QUERY = ("SELECT id, coop_uscc FROM farmer WHERE deleted = 0 AND id > ? "
                 "ORDER BY id LIMIT ?")
"""One page of live farmers after an id (keyset), ``(after_id, chunk)``."""

# Each takes the chunk's first and last farmer id (both inclusive).  Rows of farmers in that
# range that are not live (deleted ones) are read and ignored.  Tie orders follow the
# per-farmer queries, which return equal keys in rowid order.
FEATURE_QUERIES: dict[str, str] = {
    "shops": "SELECT farmer_id, id, opened_on FROM shop "
             "WHERE farmer_id BETWEEN ? AND ? AND deleted = 0 "
             "ORDER BY farmer_id, created_hlc, rowid",
    "orders": "SELECT o.shop_id, o.order_no, o.ordered_at, o.amount_fen, o.quantity, "
              "o.product, o.status, o.buyer_key, o.shipped_at, o.signed_at, o.settled_at, "
              "o.after_sale, o.after_sale_requested_at, o.after_sale_responded_at, o.refund_fen "
              "FROM shop AS s JOIN sales_order AS o ON o.shop_id = s.id "
              "WHERE s.farmer_id BETWEEN ? AND ? AND s.deleted = 0 AND o.deleted = 0 "
              "ORDER BY o.shop_id, o.ordered_at, o.rowid",
    "monthly": "SELECT m.shop_id, m.month, m.orders, m.gmv_fen, m.refunds_fen "
               "FROM shop AS s JOIN monthly_sales AS m ON m.shop_id = s.id "
               "WHERE s.farmer_id BETWEEN ? AND ? AND s.deleted = 0 AND m.deleted = 0 "
               "ORDER BY m.shop_id, m.month, m.rowid",
    # Deleted plots too: a season keeps showing its plot's name (as list_seasons does).
    "plots": "SELECT farmer_id, id, deleted, version, name, area_mu_x100, village, latitude, "
             "longitude, land_certificate_no, notes FROM plot "
             "WHERE farmer_id BETWEEN ? AND ? ORDER BY farmer_id, created_hlc, rowid",
    "seasons": "SELECT farmer_id, id, version, plot_id, crop_code, variety, planting_date, "
               "expected_harvest_date, area_mu_x100, expected_yield_kg_per_mu_x100, "
               "expected_price_fen_per_kg, notes FROM planting_season "
               "WHERE farmer_id BETWEEN ? AND ? AND deleted = 0 "
               "ORDER BY farmer_id, planting_date DESC, rowid",
    "harvests": "SELECT h.season_id, h.yield_kg_x100, h.sold_online_bp, h.quality_pass_bp "
                "FROM planting_season AS p JOIN harvest AS h ON h.season_id = p.id "
                "WHERE p.farmer_id BETWEEN ? AND ? AND p.deleted = 0 AND h.deleted = 0 "
                "ORDER BY h.season_id, h.rowid",
    "costs": "SELECT c.season_id, sum(c.amount_fen) "
             "FROM planting_season AS p JOIN input_cost AS c ON c.season_id = p.id "
             "WHERE p.farmer_id BETWEEN ? AND ? AND p.deleted = 0 AND c.deleted = 0 "
             "GROUP BY c.season_id",
    "training": "SELECT a.farmer_id, t.held_on, t.duration_minutes "
                "FROM training_attendance AS a JOIN training_session AS t ON t.id = a.session_id "
                "WHERE a.farmer_id BETWEEN ? AND ? AND a.deleted = 0 AND t.deleted = 0",
}

LATEST_QUERY = ("SELECT farmer_id, inputs_digest, model_digest FROM credit_score "
                "WHERE farmer_id BETWEEN ? AND ? AND deleted = 0 "
                "ORDER BY farmer_id, scored_at DESC")
"""The stored scores of the farmers in an id range, newest first: read with the features to
pick the scores that changed, and again inside each write transaction before storing."""

CHUNK_QUERIES: dict[str, str] = {**FEATURE_QUERIES, "latest_scores": LATEST_QUERY}
"""Everything read for a chunk, in one snapshot (``bench/bench_score.py``'s bare loop runs
exactly these)."""

_day = date.fromisoformat


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _date_or_none(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


# --------------------------------------------------------------------------- reading

def _read_chunk(raw: sqlite3.Connection, first: str, last: str) -> dict[str, list[tuple]]:
    """Every row of :data:`CHUNK_QUERIES` for the farmers with ids in ``[first, last]``."""
    raw.execute("BEGIN")  # a deferred read transaction: all the queries see one state
    try:
        return {name: raw.execute(sql, (first, last)).fetchall()
                for name, sql in CHUNK_QUERIES.items()}
    finally:
        raw.execute("ROLLBACK")


def _season_rows(rows: list[tuple], plot_names: dict[str, str],
                 harvests: dict[str, list[tuple]], costs: dict[str, int],
                 calendar: Any) -> list[planting.SeasonRow]:
    """The farmer's seasons as :func:`planting.list_seasons` returns them (same order)."""
    out = []
    for (_f, season_id, version, plot_id, crop_code, variety, planted, expected, area,
         yield_x100, price_x100, notes) in rows:
        crop = calendar.get(crop_code)
        picked = harvests.get(season_id, [])
        # The totals below are list_seasons' expressions, term for term.
        harvested = (sum((from_x100(h[1]) for h in picked), Decimal(0)) if picked else None)
        online = sum((from_x100(h[1]) * from_bp(h[2]) / 100 for h in picked),
                     Decimal(0)).quantize(FEN)
        quality = tuple((from_bp(h[3]), from_x100(h[1])) for h in picked if h[3] is not None)
        quality_rate = None
        if quality:
            weight = sum((kg for _, kg in quality), Decimal(0))
            quality_rate = (sum((r * kg for r, kg in quality), Decimal(0)) / weight).quantize(FEN) \
                if weight else quality[-1][0]
        out.append(planting.SeasonRow(
            id=season_id, version=version, plot_id=plot_id, plot_name=plot_names.get(plot_id, ""),
            crop_code=crop_code, crop_name_zh=crop.name_zh if crop else crop_code,
            crop_name_en=crop.name_en if crop else crop_code, variety=variety,
            planting_date=_day(planted), expected_harvest_date=_day(expected),
            area_mu=from_x100(area), expected_yield_kg_per_mu=from_x100(yield_x100),
            expected_price_yuan_per_kg=from_x100(price_x100), notes=notes,
            harvested_kg=harvested, sold_online_kg=online, quality_pass_percent=quality_rate,
            input_cost_yuan=from_x100(costs.get(season_id, 0) or 0), quality=quality))
    return out


def _group(rows: list[tuple], key: int = 0) -> dict[Any, list[tuple]]:
    grouped: dict[Any, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _chunk_inputs(farmers: list[tuple[str, str]], data: dict[str, list[tuple]],
                  as_of: date, calendar: Any, on_time: dict[str, Decimal | None] | None = None
                  ) -> Iterator[tuple[str, dict[str, Any]]]:
    """(farmer id, inputs) of each farmer of the chunk, as :func:`scoring.farmer_inputs`."""
    shops = _group(data["shops"])
    orders: dict[str, list[OrderRecord]] = {}
    for (shop_id, order_no, ordered_at, amount_fen, quantity, product, status, buyer_key,
         shipped_at, signed_at, settled_at, after_sale, requested_at, responded_at,
         refund_fen) in data["orders"]:
        orders.setdefault(shop_id, []).append(OrderRecord(
            order_id=order_no, ordered_at=datetime.fromisoformat(ordered_at),
            amount=(Decimal(amount_fen) * FEN), quantity=quantity, product=product,
            status=OrderStatus(status), buyer_key=buyer_key, shipped_at=_moment(shipped_at),
            signed_at=_moment(signed_at), settled_at=_moment(settled_at),
            after_sale=AfterSale(after_sale), after_sale_requested_at=_moment(requested_at),
            after_sale_responded_at=_moment(responded_at),
            refund_amount=Decimal(refund_fen) * FEN))
    typed: dict[str, list[MonthlyTotal]] = {}
    for shop_id, month, count, gmv_fen, refunds_fen in data["monthly"]:
        typed.setdefault(shop_id, []).append(MonthlyTotal(
            month=_day(month), orders=count, gmv=Decimal(gmv_fen) * FEN,
            refunds=Decimal(refunds_fen) * FEN))
    plots = _group(data["plots"])
    seasons = _group(data["seasons"])
    harvests = _group(data["harvests"])
    costs = dict(data["costs"])
    training = _group(data["training"])

    for farmer_id, coop_uscc in farmers:
        inputs: dict[str, Any] = {}
        farmer_shops = shops.get(farmer_id)
        if farmer_shops:  # shops.sales_overview: None (no sales keys) without a live shop
            per_shop = [(orders.get(shop_id, []), typed.get(shop_id, []))
                        for _f, shop_id, _opened in farmer_shops]
            farmer_orders = [o for shop_orders, _t in per_shop for o in shop_orders]
            opened = [_day(o) for _f, _s, o in farmer_shops if o]
            indicators = compute_indicators(farmer_orders, [],
                                            opened_on=min(opened) if opened else None,
                                            as_of=as_of, monthly=combine_shops(per_shop))
            inputs.update(indicators.values())
        all_plots = plots.get(farmer_id, [])
        season_rows = seasons.get(farmer_id, [])
        counts: dict[str, int] = {}
        for row in season_rows:
            counts[row[3]] = counts.get(row[3], 0) + 1
        plot_rows = [planting.PlotRow(
            id=p[1], version=p[3], name=p[4], area_mu=from_x100(p[5]), village=p[6],
            latitude=p[7], longitude=p[8], land_certificate_no=p[9], notes=p[10],
            seasons=counts.get(p[1], 0)) for p in all_plots if not p[2]]
        season_list = _season_rows(season_rows, {p[1]: p[4] for p in all_plots}, harvests,
                                   costs, calendar)
        farm = planting.overview_of(plot_rows, season_list, as_of=as_of)
        attended = training.get(farmer_id, ())
        inputs.update({
            "planted_area_mu": farm.planted_area_mu if plot_rows else None,
            "harvest_stability": farm.harvest_stability,
            "quality_change_percent": farm.quality_change,
            "expected_harvest_value_yuan": scoring._expected_harvest_value(season_list, as_of),
            "training_sessions_12m": summarize(((_day(held), minutes)
                                                for _f, held, minutes in attended),
                                               as_of=as_of).sessions,
            "cooperative_guarantee": bool(coop_uscc),
            "insurance_coverage_percent": None,
            "repayment_on_time_rate": (on_time or {}).get(farmer_id),
        })
        yield farmer_id, inputs


def _on_time_rates(ctx: ServiceContext, as_of: date) -> dict[str, Decimal | None]:
    """Farmer id → on-time repayment share, for the farmers with a disbursed loan (a few per
    station: the applications are read whole, once)."""
    by_farmer: dict[str, list[loan_applications.ApplicationView]] = {}
    for view in loan_applications.list_applications(ctx, as_of=as_of):
        if view.status is not None:
            by_farmer.setdefault(view.farmer_id, []).append(view)
    return {farmer_id: loan_applications.on_time_rate(views, as_of)
            for farmer_id, views in by_farmer.items()}


def _latest(rows: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """Farmer id → (inputs digest, model digest) of the latest stored score."""
    latest: dict[str, tuple[str, str]] = {}
    for farmer_id, inputs_digest, model_digest in rows:
        latest.setdefault(farmer_id, (inputs_digest, model_digest))  # newest first
    return latest


def _chunks(ctx: ServiceContext, as_of: date, chunk: int
            ) -> Iterator[tuple[int, list[tuple[str, dict[str, Any]]], dict[str, tuple[str, str]]]]:
    """(live farmers in all, inputs of the next chunk's farmers, their latest stored scores)
    until every farmer is done."""
    calendar = reference.active_calendar(ctx.db)
    on_time = _on_time_rates(ctx, as_of)
    with ctx.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        total = raw.execute("SELECT count(*) FROM farmer WHERE deleted = 0").fetchone()[0]
        after = ""
        while True:
            farmers = raw.execute(FARMERS_QUERY, (after, chunk)).fetchall()
            if not farmers:
                return
            after = farmers[-1][0]
            data = _read_chunk(raw, farmers[0][0], after)
            yield (total, list(_chunk_inputs(farmers, data, as_of, calendar, on_time)),
                   _latest(data["latest_scores"]))


def station_inputs(ctx: ServiceContext, *, as_of: date | None = None,
                   chunk: int = DEFAULT_CHUNK) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(farmer id, inputs)`` of every live farmer in id order, each equal to
    ``scoring.farmer_inputs(ctx, farmer_id, as_of=as_of)``."""
    ctx.require(Permission.FARMER_READ)
    for _total, items, _latest_scores in _chunks(ctx, as_of or date.today(), chunk):
        yield from items


# --------------------------------------------------------------------------- scoring

def _store(ctx: ServiceContext, model: ScoreModel, scored: list[tuple[str, ScoreResult, str]],
           trigger: str) -> int:
    """Store those of ``scored`` (in farmer id order) that differ from the latest stored
    score, checked again under the write lock; one transaction."""
    actor = ctx.actor
    assert actor is not None
    stored = 0
    with ctx.db.session() as session:
        raw = session.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        latest = _latest(raw.execute(LATEST_QUERY, (scored[0][0], scored[-1][0])))
        for farmer_id, result, digest in scored:
            if latest.get(farmer_id) == (digest, model.digest):
                continue
            # The row scoring.score_farmer stores, field for field.
            row = CreditScore(
                station_id=actor.station_id, farmer_id=farmer_id,
                scored_at=datetime.now(timezone.utc), model_id=model.id,
                model_version=model.version, model_digest=model.digest, inputs_digest=digest,
                total=result.total, grade=result.grade,
                credit_limit_fen=int((result.credit_limit * 100).to_integral_value()),
                trigger=trigger, scored_by=actor.user_id,
                result=json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True,
                                  default=str),
                created_hlc="", updated_hlc="")
            writes.insert(session, ctx.db, actor, row)
            stored += 1
    return stored


def rescore_station(ctx: ServiceContext, *, progress: Callable[[int, int], None] | None = None,
                    chunk: int = DEFAULT_CHUNK, write_chunk: int = DEFAULT_WRITE_CHUNK,
                    trigger: str = "batch", as_of: date | None = None,
                    model: ScoreModel | None = None) -> tuple[int, int]:
    """Score every live farmer of the station; returns (scored, newly stored), as
    :func:`scoring.rescore_all` does, with the same stored rows.

    ``chunk`` farmers are read and scored together; the scores that changed are stored in
    write transactions of at most ``write_chunk`` rows (none when nothing changed).
    ``progress(done, total)`` is called after each chunk."""
    ctx.require(Permission.SCORE_COMPUTE)
    ctx.require(Permission.FARMER_READ)
    model = model or scoring.active_model(ctx.db)
    done = stored = 0
    for total, items, latest in _chunks(ctx, as_of or date.today(), chunk):
        changed = []
        for farmer_id, inputs in items:
            result = score(model, inputs)
            digest = scoring.inputs_digest(result)
            if latest.get(farmer_id) != (digest, model.digest):
                changed.append((farmer_id, result, digest))
        for start in range(0, len(changed), write_chunk):
            stored += _store(ctx, model, changed[start:start + write_chunk], trigger)
        done += len(items)
        if progress:
            progress(done, max(total, done))
    return done, stored


"""The central server's FastAPI application.

``create_app(db_url)`` opens (and migrates) the database and returns the app; ``station-central
serve`` runs it under uvicorn.  For ``uvicorn --factory`` use
``station_app.central.app:app_from_env`` (the URL comes from ``STATION_CENTRAL_DB_URL``).
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.middleware.gzip import GZipMiddleware

from station_app import __version__
from station_app.central import datakey, db
from station_app.central.errors import INVALID_REQUEST, SERVER_ERROR, ApiError, reason
from station_app.central.middleware import MAX_BODY, BodyLimitMiddleware
from station_app.central.sync_api import PREFIX, health, router

log = logging.getLogger(__name__)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Never echo the input back (it may be large, or hold what it was refused for).
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
             "type": str(e.get("type", ""))} for e in exc.errors()[:20]]


def create_app(db_url: str | None = None, *, migrate: bool = True,
               kek_path: Path | None = None) -> FastAPI:
    url = db.normalize_url(db_url or db.default_db_url())
    engine = db.make_engine(url)
    if migrate:
        db.migrate(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="station-app central server", version=__version__,
                  description="Sync protocol v1 (docs/sync-protocol.md)", lifespan=lifespan)
    app.state.engine = engine
    app.state.server_id = db.server_id(engine)
    app.state.db_url = db.safe_url(url)
    # Made (or opened) now, so a missing or foreign key file stops the start, not an enroll.
    try:
        kek = datakey.load_or_create_kek(kek_path, create=not datakey.has_data_key(engine))
        app.state.data_key = datakey.ensure_data_key(engine, kek)
    except datakey.DataKeyError:
        engine.dispose()
        raise
    app.include_router(router)
    # /health without the prefix too, for load balancers and quick checks.
    app.add_api_route("/health", health, methods=["GET"], include_in_schema=False)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": reason(INVALID_REQUEST),
                             "detail": _validation_details(exc)}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected failure on %s %s", request.method, request.url.path,
                  exc_info=exc)
        return JSONResponse({"error": reason(SERVER_ERROR)}, status_code=500)

    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory station_app.central.app:app_from_env``."""
    return create_app(db.default_db_url())


__all__ = ["PREFIX", "app_from_env", "create_app"]

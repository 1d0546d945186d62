"""HTTP client of the sync protocol (docs/sync-protocol.md §2): one ``requests.Session``.

Push bodies are gzip-compressed; responses may be (``requests`` decodes them).  Every call
has a 5 s connect and 60 s read timeout.  HTTP failures become the typed errors of
:mod:`station_app.sync.errors`; the token never appears in a log or an error.
"""

from __future__ import annotations

import gzip
import json
import logging
from typing import Any

import requests

from station_app.domain.messages import Message
from station_app.sync.errors import (
    AuthError,
    EnrollCodeInvalid,
    EnrollmentRefused,
    NetworkError,
    ProtocolError,
    RequestTooLarge,
    ServerError,
    SyncError,
)

log = logging.getLogger(__name__)

__all__ = ["SyncClient", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = (5.0, 60.0)  # (connect, read) seconds
API = "/api/v1"


def _error_code(body: Any) -> tuple[str, dict[str, Any]]:
    """The protocol error code and its object from an error body, whatever the nesting
    (``{"code": …}``, ``{"detail": {"code": …}}``, ``{"error": {"code": …}}``)."""
    if isinstance(body, dict):
        for candidate in (body, body.get("detail"), body.get("error")):
            if isinstance(candidate, dict) and isinstance(candidate.get("code"), str):
                return candidate["code"], candidate
    return "", {}


def _server_message(code: str, found: dict[str, Any], fallback: Message) -> Message:
    zh, en = found.get("zh"), found.get("en")
    if isinstance(zh, str) and isinstance(en, str) and zh and en:
        return Message(code or fallback.code, zh, en)
    return fallback


class SyncClient:
    """Talks to one central server.  ``token`` is needed for everything but health/enroll."""

    def __init__(self, base_url: str, token: str | None = None, *,
                 session: requests.Session | None = None,
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> None:
        self.base_url = normalize_url(base_url)
        self._token = token
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers.update({"Accept": "application/json",
                                     "Accept-Encoding": "gzip"})
        self.bytes_sent = 0
        self.bytes_received = 0

    def __repr__(self) -> str:  # never shows the token
        return f"SyncClient({self.base_url!r})"

    def close(self) -> None:
        self.session.close()

    # ------------------------------------------------------------------ endpoints

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/health", auth=False)

    def enroll(self, *, code: str, device_id: str, device_name: str,
               app_version: str, bound_to: str | None = None) -> dict[str, Any]:
        body = {"code": code, "device_id": device_id, "device_name": device_name,
                "app_version": app_version}
        if bound_to:
            body["bound_to"] = bound_to
        return self._request("POST", "/enroll", auth=False, body=body)

    def whoami(self) -> dict[str, Any]:
        return self._request("GET", "/whoami")

    def push(self, device_id: str, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answer = self._request("POST", "/push", body={"device_id": device_id, "changes": changes},
                               gzip_body=True)
        results = answer.get("results")
        if not isinstance(results, list):
            raise ProtocolError(detail="push answer without results")
        return results

    def changes(self, after: int, limit: int) -> dict[str, Any]:
        answer = self._request("GET", "/changes", params={"after": after, "limit": limit})
        if not isinstance(answer.get("changes"), list) or "cursor" not in answer:
            raise ProtocolError(detail="changes answer without changes/cursor")
        return answer

    # ------------------------------------------------------------------ plumbing

    def _request(self, method: str, path: str, *, auth: bool = True,
                 body: Any = None, params: dict[str, Any] | None = None,
                 gzip_body: bool = False) -> dict[str, Any]:
        headers: dict[str, str] = {}
        data: bytes | None = None
        if auth:
            if not self._token:
                raise AuthError(detail="no device token")
            headers["Authorization"] = f"Bearer {self._token}"
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
            if gzip_body:
                data = gzip.compress(data, compresslevel=6)
                headers["Content-Encoding"] = "gzip"
        url = self.base_url + API + path
        try:
            response = self.session.request(method, url, data=data, params=params,
                                            headers=headers, timeout=self.timeout)
            raw = response.content  # read the whole body inside the try: it may drop
        except requests.Timeout as exc:
            raise NetworkError(detail=f"{method} {path}: timeout") from exc
        except requests.RequestException as exc:  # connection refused/reset, bad chunking, …
            raise NetworkError(detail=f"{method} {path}: {type(exc).__name__}") from exc
        self.bytes_sent += len(data or b"")
        wire = response.headers.get("Content-Length")
        self.bytes_received += int(wire) if wire and wire.isdigit() else len(raw)
        status = response.status_code
        try:
            payload = json.loads(raw.decode("utf-8")) if raw else {}
        except (ValueError, UnicodeDecodeError):
            payload = None
        if status >= 500:
            raise ServerError(detail=f"{method} {path}: HTTP {status}")
        if status >= 400:
            raise self._client_error(method, path, status, payload)
        if not isinstance(payload, dict):
            raise ProtocolError(detail=f"{method} {path}: HTTP {status}, body is not a JSON object")
        return payload

    @staticmethod
    def _client_error(method: str, path: str, status: int, payload: Any) -> SyncError:
        code, found = _error_code(payload)
        detail = f"{method} {path}: HTTP {status} {code}".strip()
        if status == 401:
            return AuthError(_server_message(code, found, AuthError.default), detail=detail)
        if status == 413:
            return RequestTooLarge(_server_message(code, found, RequestTooLarge.default),
                                   detail=detail)
        if code == "enroll.code_invalid":
            return EnrollCodeInvalid(detail=detail)
        if code == "enroll.other_station":  # the code is for another station than this one's
            return EnrollmentRefused(_server_message(code, found, ProtocolError.default),
                                     detail=detail)
        if status == 400 and path == "/enroll":
            return EnrollCodeInvalid(_server_message(code, found, EnrollCodeInvalid.default),
                                     detail=detail)
        return ProtocolError(_server_message(code, found, ProtocolError.default), detail=detail)


def normalize_url(text: str) -> str:
    """``"192.168.1.5:8000/"`` → ``"http://192.168.1.5:8000"``."""
    url = text.strip().rstrip("/")
    if url.endswith(API):
        url = url[: -len(API)]
    if url and "://" not in url:
        url = "http://" + url
    return url

"""Error codes of docs/sync-protocol.md §8 as bilingual messages, and the HTTP error type.

HTTP errors answer ``{"error": {"code", "zh", "en"}}``; a rejected push change carries the
same ``{code, zh, en}`` object as its ``reason``.
"""

from __future__ import annotations

from typing import Any

from station_app.domain.messages import Message


def reason(message: Message) -> dict[str, str]:
    return {"code": message.code, "zh": message.zh, "en": message.en}


class ApiError(Exception):
    """Answered as ``status`` with ``{"error": reason(message)}``."""

    def __init__(self, status: int, message: Message, headers: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(message.code)
        self.status = status
        self.message = message
        self.headers = headers
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        return {"error": reason(self.message), **self.extra}


class Rejection(Exception):
    """A push change the server refuses (status ``rejected``; never cached)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.code)
        self.message = message


INVALID_TOKEN = Message(
    "auth.invalid_token", "这台电脑的同步凭证无效或已被停用，请联系管理员重新登记。",
    "This device's sync credential is unknown or revoked; ask the administrator to enroll it again.")
CODE_INVALID = Message(
    "enroll.code_invalid", "登记码不对、已经用过或已经过期，请向管理员要一个新的登记码。",
    "The enrollment code is wrong, already used or expired; ask the administrator for a new one.")
OTHER_STATION = Message(
    "enroll.other_station",
    "这台电脑已经属于中心服务器上的另一个服务站，这个登记码不是给它的。请核对登记码是不是给本站的。",
    "This computer already belongs to another station on the server; the code is not for it. "
    "Check that the code was issued for this station.")
TOO_LARGE = Message(
    "request.too_large", "一次发送的数据太多了（解压后超过 16 MB）。",
    "The request body is over 16 MB after decompression.")
BAD_ENCODING = Message(
    "request.bad_encoding", "数据的压缩格式不对（只支持 gzip）。",
    "The request body's Content-Encoding is unsupported or the gzip data is broken.")
INVALID_REQUEST = Message(
    "request.invalid", "请求的格式不对。", "The request does not have the expected shape.")
DEVICE_MISMATCH = Message(
    "push.device_mismatch", "请求里的设备编号和同步凭证不符。",
    "The device_id in the body does not belong to this device's token.")
SERVER_ERROR = Message(
    "server.error", "服务器出错了，稍后会自动重试。",
    "The server failed unexpectedly; the client retries later.")


def scope_denied() -> Message:
    return Message("scope.denied", "这条记录不属于这台电脑可以修改的范围。",
                   "The record is outside this device's scope.")


def unknown_entity(entity: str) -> Message:
    return Message("push.unknown_entity", f"服务器不认识数据类型“{entity[:50]}”。",
                   f"“{entity[:50]}” is not a syncable table.")


def missing_parent(column: str) -> Message:
    return Message("push.missing_parent",
                   f"这条记录引用的上级记录（{column}）服务器上还没有，等它先同步上来。",
                   f"The record refers to a record ({column}) the server does not have yet.")


def key_reused() -> Message:
    return Message("push.key_reused",
                   "同一个同步编号以前发过不同的内容（程序错误），请联系技术支持。",
                   "This idempotency key was used before with a different body (a client bug).")


def validation(zh: str, en: str) -> Message:
    return Message("push.validation", f"数据格式不对：{zh}", f"The payload does not fit: {en}")


def clock_ahead(minutes: int) -> Message:
    hours = minutes / 60
    return Message(
        "push.clock_ahead",
        f"这台电脑的时钟比中心服务器快了约 {hours:.1f} 小时，这条记录先不接收。请把电脑的日期和时间"
        "校准（设置为自动同步时间），等记录上的时间到了再点“重试”。",
        f"This computer's clock is about {hours:.1f} hours ahead of the server's, so the "
        "record is not accepted yet. Set the computer's date and time correctly (automatic "
        "time), then press Retry once the record's time has passed.")

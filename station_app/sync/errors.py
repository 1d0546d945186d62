"""Sync failures, each with a plain sentence in Chinese and English (a domain ``Message``).

``station_app.sync`` sits beside the services layer and may not import it, so these do not
derive from ``services.errors.ServiceError``; the UI shows ``error.message`` itself.
"""

from __future__ import annotations

from station_app.domain.messages import Message

__all__ = [
    "AuthError", "CredentialsUnusable", "DemoStationRefused", "EnrollCodeInvalid",
    "EnrollmentRefused", "NetworkError", "NotEnrolled", "ProtocolError", "RequestTooLarge",
    "ServerError", "SyncError", "retryable",
]


class SyncError(Exception):
    """A known sync failure; ``message`` says what happened and what to do."""

    default = Message("sync.failed", "同步没有完成，请稍后再试。",
                      "The sync did not finish; please try again later.")

    def __init__(self, message: Message | None = None, *, detail: str = "") -> None:
        self.message = message or self.default
        self.detail = detail
        super().__init__(f"{self.message.code}: {self.message.en}" + (f" ({detail})" if detail else ""))

    @property
    def code(self) -> str:
        return self.message.code


class NetworkError(SyncError):
    """No connection, a timeout or a dropped connection: retry later with backoff."""

    default = Message("sync.offline", "连不上中心服务器（网络不通或服务器没开）。数据都保存在本机，网络恢复后会自动同步。",
                      "Cannot reach the central server (no network or the server is down). "
                      "Everything is kept on this computer and syncs when the network is back.")


class ServerError(SyncError):
    """The server failed (5xx): nothing is lost, the batch is retried with backoff."""

    default = Message("sync.server_error", "中心服务器暂时出错了，稍后会自动重试，本机数据不会丢。",
                      "The central server had a problem; the sync retries by itself later. "
                      "Nothing on this computer is lost.")


class AuthError(SyncError):
    default = Message("auth.invalid_token",
                      "这台电脑的联网登记已失效（可能被中心管理员注销了）。请管理员重新输入登记码连接服务器。",
                      "This computer's registration with the server is no longer valid (it may "
                      "have been revoked). An administrator must connect it again with a new code.")


class EnrollCodeInvalid(SyncError):
    default = Message("enroll.code_invalid",
                      "登记码不对、已经用过或已过期（72 小时内有效）。请向中心管理员要一个新的登记码。",
                      "The enrollment code is wrong, already used or expired (codes last 72 hours). "
                      "Ask the central administrator for a new one.")


class RequestTooLarge(SyncError):
    default = Message("request.too_large", "一次要发送的数据太大，服务器拒收了。请联系技术支持。",
                      "The data to send at once is too large for the server; contact support.")


class ProtocolError(SyncError):
    default = Message("sync.protocol", "服务器的回答看不懂（版本可能不一致）。请联系技术支持。",
                      "The server's answer was not understood (versions may differ); contact support.")


class NotEnrolled(SyncError):
    default = Message("sync.not_enrolled", "这台电脑还没有连接中心服务器。请管理员在“同步”页面输入服务器地址和登记码。",
                      "This computer is not connected to a central server yet. An administrator "
                      "enters the server address and enrollment code on the Sync page.")


class DemoStationRefused(SyncError):
    default = Message("station.is_demo", "这是演示数据，不能连接中心服务器。请在正式的服务站数据库里连接。",
                      "This is demo data and cannot be connected to the central server. Connect "
                      "from the real station database instead.")


class EnrollmentRefused(SyncError):
    """Enrollment would mix two stations' data in one database."""


class CredentialsUnusable(SyncError):
    default = Message("sync.credentials_unusable", "本机保存的联网凭据不能用了。请管理员重新连接服务器。",
                      "The stored connection credential cannot be used; an administrator must "
                      "connect to the server again.")


def retryable(exc: BaseException) -> bool:
    """Errors that back off and retry by themselves (network trouble, server failures)."""
    return isinstance(exc, (NetworkError, ServerError))

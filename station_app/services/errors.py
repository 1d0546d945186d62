"""Failures a use case reports to its caller, each with a plain-Chinese message.

The UI shows ``str(error)`` (Chinese) or ``error.message.en``; field errors are kept per
field so a form can put each message beside its input.
"""

from __future__ import annotations

from station_app.domain.messages import Message


class ServiceError(Exception):
    """A known, expected failure of a use case."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class PermissionDenied(ServiceError):
    pass


class NotLoggedIn(ServiceError):
    pass


class LoginFailed(ServiceError):
    pass


class AccountLocked(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class StaleVersion(ServiceError):
    """The record changed since the caller read it (another window or a sync)."""


class ValidationFailed(ServiceError):
    """Input did not pass validation; ``fields`` maps a field name to its messages."""

    def __init__(
        self,
        fields: dict[str, list[Message]],
        warnings: dict[str, list[Message]] | None = None,
    ) -> None:
        count = sum(len(v) for v in fields.values())
        super().__init__(
            Message(
                "validation.failed",
                f"有 {count} 处需要改正，请看每一项旁边的红字说明。",
                f"{count} field(s) need correcting; see the message beside each field.",
            )
        )
        self.fields = fields
        self.warnings = warnings or {}


class NeedsConfirmation(ServiceError):
    """Input is acceptable only after the user confirms the listed warnings."""

    def __init__(self, warnings: dict[str, list[Message]]) -> None:
        super().__init__(
            Message(
                "validation.confirm",
                "有几项需要您再确认一下：请核对橙色标出的内容，再勾选下面的确认框。",
                "Some entries need your confirmation: check what is marked in orange, then "
                "tick the confirmation box below.",
            )
        )
        self.warnings = warnings


class DuplicateFarmer(ServiceError):
    """The resident ID is already registered; ``existing_id`` points to that farmer."""

    def __init__(self, existing_id: str, existing_name: str) -> None:
        super().__init__(
            Message(
                "farmer.duplicate_id",
                f"这个身份证号已经登记过了（农户：{existing_name}），不能重复登记。",
                f"This resident ID is already registered (farmer: {existing_name}).",
            )
        )
        self.existing_id = existing_id
        self.existing_name = existing_name

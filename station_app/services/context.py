"""Who is acting, on which database: the context every use case receives."""

from __future__ import annotations

from dataclasses import dataclass, field

from station_app.domain.messages import Message
from station_app.domain.roles import Permission, Role, can
from station_app.services.errors import NotLoggedIn, PermissionDenied
from station_app.store.db import Database


@dataclass(frozen=True)
class Actor:
    """The logged-in staff member."""

    user_id: str
    username: str
    display_name: str
    role: Role
    station_id: str


@dataclass
class ServiceContext:
    db: Database
    actor: Actor | None = None
    language: str = "zh_CN"
    extra: dict = field(default_factory=dict)

    def require(self, permission: Permission) -> Actor:
        """The actor, if logged in and allowed ``permission``; raises otherwise."""
        if self.actor is None:
            raise NotLoggedIn(Message("auth.not_logged_in", "请先登录。", "Please log in first."))
        if not can(self.actor.role, permission):
            raise PermissionDenied(
                Message(
                    "auth.permission_denied",
                    f"您的角色（{self.actor.role.label}）不能做这件事，请找有权限的同事办理。",
                    f"Your role ({self.actor.role.label.en}) may not do this; "
                    "ask a colleague who may.",
                )
            )
        return self.actor

    def can(self, permission: Permission) -> bool:
        """Whether the logged-in actor may ``permission`` (False when nobody is logged in)."""
        return self.actor is not None and can(self.actor.role, permission)

    def require_login(self) -> Actor:
        """The actor; raises when nobody is logged in (any role will do)."""
        if self.actor is None:
            raise NotLoggedIn(Message("auth.not_logged_in", "请先登录。", "Please log in first."))
        return self.actor

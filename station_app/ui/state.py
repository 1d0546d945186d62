"""What every screen shares: the database, the logged-in user, the runner, the error channel,
and one ``changed`` signal that announces what a use case changed (screens decide whether to
reload)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from station_app.domain.messages import Message
from station_app.domain.roles import Permission, can
from station_app.services.context import Actor, ServiceContext
from station_app.services.farmer_search import FarmerSearch
from station_app.settings import Settings
from station_app.store.db import Database
from station_app.ui.errors import ErrorChannel
from station_app.ui.runner import Runner


class AppState(QObject):
    changed = Signal(object)  # writes.Changes or an entity name
    actor_changed = Signal(object)  # Actor | None

    def __init__(self, db: Database, *, settings: Settings | None = None,
                 runner: Runner | None = None, errors: ErrorChannel | None = None) -> None:
        super().__init__()
        self.db = db
        self.settings = settings or Settings()
        self.runner = runner or Runner()
        self.errors = errors or ErrorChannel(self.settings.language)
        self.ctx = ServiceContext(db, None, self.settings.language)
        self.search = FarmerSearch(db, self.ctx)

    @property
    def language(self) -> str:
        return self.settings.language

    @property
    def actor(self) -> Actor | None:
        return self.ctx.actor

    def set_actor(self, actor: Actor | None) -> None:
        self.ctx.actor = actor
        self.actor_changed.emit(actor)

    def can(self, permission: Permission) -> bool:
        return self.actor is not None and can(self.actor.role, permission)

    def text(self, message: Message) -> str:
        return message.text(self.language)

    def announce(self, changes: object) -> None:
        self.search.invalidate()
        self.changed.emit(changes)

    def close(self) -> None:
        self.search.close()
        self.db.close()

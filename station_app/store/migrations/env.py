"""Alembic environment: the engine comes from the caller (station_app.store.migrate)."""

from alembic import context

from station_app.store.models import SQLModel

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite needs batch mode to alter tables
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()

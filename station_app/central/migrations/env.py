"""Alembic environment of the central server: the engine comes from the caller
(``station_app.central.db.migrate``); the target is the server's own metadata, never the
station database's ``SQLModel.metadata``."""

from alembic import context

from station_app.central.models import metadata

target_metadata = metadata


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite needs batch mode to alter tables
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()

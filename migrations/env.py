"""Alembic environment: the models' metadata, the URL of the settings unless a caller passes its own.

`service.bootstrap.upgrade(url)` passes the URL as `sqlalchemy.url`; the SQLite pragmas and BEGIN
handling come from `service.db.Database`, so migrations run on a connection configured like the app's.
"""

from __future__ import annotations

from alembic import context

import service.models
from service.bootstrap import is_ours
from service.config import settings
from service.db import Database

config = context.config
target_metadata = service.models.Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or settings.database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    database = Database(config.get_main_option("sqlalchemy.url") or settings.database_url)
    try:
        with database.engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=database.is_sqlite,  # SQLite alters tables by copying them
                include_name=is_ours,  # procrastinate's queue tables are not our models
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        database.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

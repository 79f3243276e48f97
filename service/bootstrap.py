"""Prepares the embedded default before `make run` starts the server (database folder, migrations).

`upgrade(url)` brings any database to the newest schema (`alembic upgrade head`); tests call it on the
SQLite file and the PostgreSQL database they create, so the schema under test is the migrated one.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from service.config import ROOT, settings


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


def main() -> None:
    (ROOT / "data").mkdir(exist_ok=True)
    upgrade(settings.database_url)


if __name__ == "__main__":
    main()

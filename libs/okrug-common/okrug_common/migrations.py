"""Alembic, per service, run as the database owner role."""

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def alembic_config(migrations_dir: str, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", migrations_dir)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(migrations_dir: str, url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(migrations_dir, url), revision)


def revision(migrations_dir: str, url: str, message: str) -> None:
    """Autogenerate a revision against a database at head (RLS and grants are added by hand)."""
    command.revision(alembic_config(migrations_dir, url), message=message, autogenerate=True)


def run_env(target_metadata: MetaData | None = None) -> None:
    """Body of every service's migrations/env.py: online migrations over asyncpg."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            # Several replicas may start at once (an init container per pod): one migrates,
            # the others wait here and then find nothing left to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('okrug-migrations'))"))
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url)
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    asyncio.run(run())


def migrations_dir_of(package_file: str) -> str:
    return str(Path(package_file).resolve().parent / "migrations")

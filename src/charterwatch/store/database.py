"""Opening the store: which database, creating it, and bringing its schema up to date."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from charterwatch.errors import StoreError


def open_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and foreign keys enforced.

    :param url: any SQLAlchemy URL, e.g. ``sqlite:///charterwatch.db`` or
        ``postgresql+psycopg://user@localhost/charterwatch``
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"--db {url!r}: not a database URL (e.g. sqlite:///path.db)") from None
    if parsed.drivername == "postgresql":  # psycopg 3 is the driver we ship
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed, future=True)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"--db {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()
    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("charterwatch.store") / "migrations"))
    return config


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration, in one transaction."""
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"database {engine.url.render_as_string(hide_password=True)}: {reason}") from None
    except SQLAlchemyError as exc:
        raise StoreError(f"database {engine.url.render_as_string(hide_password=True)}: {exc}") from None


def schema_revision(engine: Engine) -> tuple[str | None, str]:
    """(the revision the database is at, the newest revision the package ships)."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head

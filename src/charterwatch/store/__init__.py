"""The store: SQLAlchemy 2 tables, Alembic migrations, and the only database code."""

from charterwatch.store.database import migrate, open_engine, schema_revision

__all__ = ["migrate", "open_engine", "schema_revision"]

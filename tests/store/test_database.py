"""The schema: migrations create it on SQLite and PostgreSQL and match the models exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from charterwatch.errors import StoreError
from charterwatch.store import migrate, open_engine, schema_revision
from charterwatch.store.schema import Base

TABLES = {"assessments", "agreements", "provisions", "bodies", "records", "record_revisions", "documents", "paragraphs", "copies", "understanding",
          "feeds", "entities", "entity_variants", "evidence", "stories", "status_history", "embeddings", "briefings",
          "store_state", "alembic_version"}


def test_migrations_create_every_table_and_reach_head(database_url):
    engine = open_engine(database_url)
    migrate(engine)
    assert set(inspect(engine).get_table_names()) == TABLES
    current, head = schema_revision(engine)
    assert current == head == "0006"
    migrate(engine)  # a second run is a no-op
    assert schema_revision(engine)[0] == head
    engine.dispose()


def test_migrations_match_the_models(database_url):
    engine = open_engine(database_url)
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                       Base.metadata)
    engine.dispose()
    assert differences == []


def test_sqlite_enforces_foreign_keys(sqlite_url):
    engine = open_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


@pytest.mark.parametrize("url, message", [
    ("not a url", "--db 'not a url': not a database URL"),
    ("nosuchdialect://x", "--db 'nosuchdialect://x':"),
])
def test_bad_database_urls(url, message):
    with pytest.raises(StoreError) as caught:
        open_engine(url)
    assert str(caught.value).startswith(message)


def test_unreachable_postgres_is_one_line():
    engine = open_engine("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(StoreError, match=r"^database postgresql\+psycopg://nobody@127\.0\.0\.1:1/none"):
        migrate(engine)

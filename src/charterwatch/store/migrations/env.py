"""Alembic environment: migrations run on the connection charterwatch passes in."""

from alembic import context

from charterwatch.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite needs table rebuilds to alter columns
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

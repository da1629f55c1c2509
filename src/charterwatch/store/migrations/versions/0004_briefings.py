"""Briefings: which were written, so the next one reports what changed since; the store's revision;
an index that answers document counts and coverage without reading the documents.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 06:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'briefings',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('agreement_id', sa.String(length=80), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('since', sa.Date(), nullable=False),
        sa.Column('format', sa.String(length=10), nullable=False),
        sa.Column('path', sa.Text(), nullable=False),
        sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_briefings')),
    )
    with op.batch_alter_table('briefings', schema=None) as batch_op:
        batch_op.create_index('ix_briefings_agreement_as_of', ['agreement_id', 'as_of'], unique=False)
    state = op.create_table(
        'store_state',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_store_state')),
    )
    op.bulk_insert(state, [{'key': 'revision', 'value': 0}])
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_listing', ['published', 'status', 'language', 'outlet'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_listing')
    op.drop_table('store_state')
    with op.batch_alter_table('briefings', schema=None) as batch_op:
        batch_op.drop_index('ix_briefings_agreement_as_of')
    op.drop_table('briefings')

"""Embedding cache: paragraph vectors keyed by text hash and model, so re-runs skip the model.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 03:38:18.153309
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('embeddings',
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('model', sa.String(length=60), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('text_sha256', 'model', name=op.f('pk_embeddings'))
    )


def downgrade() -> None:
    op.drop_table('embeddings')

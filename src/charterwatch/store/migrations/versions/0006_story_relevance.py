"""Stories gather every report the relevance gate let through, not only those on topic: each
understanding records whether the gate passed for some agreement.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 20:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL until the document is understood again (the rules' version changed with this revision)
    with op.batch_alter_table('understanding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('relevant', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('understanding', schema=None) as batch_op:
        batch_op.drop_column('relevant')

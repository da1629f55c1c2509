"""Entity curation: merged entities point to their survivor; variants carry known|proposed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 04:01:24.647974
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('changed_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_entities_merged_into_entities'), 'entities', ['merged_into'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('entity_variants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), nullable=False, server_default='known'))



def downgrade() -> None:
    with op.batch_alter_table('entity_variants', schema=None) as batch_op:
        batch_op.drop_column('status')

    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_entities_merged_into_entities'), type_='foreignkey')
        batch_op.drop_column('changed_at')
        batch_op.drop_column('changed_by')
        batch_op.drop_column('merged_into')


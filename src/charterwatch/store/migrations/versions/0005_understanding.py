"""Understanding per document: with what it was understood, its relevance verdicts and story names,
so that a monitoring cycle only understands what is new; assessments stored by the writer.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 07:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'understanding',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('copy_of', sa.Integer(), nullable=True),
        sa.Column('story_entities', sa.JSON(), nullable=False),
        sa.Column('relevance', sa.JSON(), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=True),
        sa.Column('names', sa.JSON(), nullable=False),
        sa.Column('understood_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_understanding_document_id_documents'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id', name=op.f('pk_understanding')),
    )
    with op.batch_alter_table('understanding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_understanding_fingerprint'), ['fingerprint'], unique=False)


    # stories are derived data, named from now on by their first original's id: every document is
    # understood again after this upgrade, which forms them anew
    op.execute("UPDATE documents SET story_id = NULL")
    op.execute("DELETE FROM stories")
    op.create_table(
        'assessments',
        sa.Column('agreement_id', sa.String(length=80), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('stall_after_days', sa.Integer(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('agreement_id', 'as_of', 'stall_after_days', name=op.f('pk_assessments')),
    )


def downgrade() -> None:
    op.drop_table('assessments')
    with op.batch_alter_table('understanding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_understanding_fingerprint'))
    op.drop_table('understanding')

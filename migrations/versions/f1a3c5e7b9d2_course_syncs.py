"""course syncs: each import of the course files, its outcome and problems

Revision ID: f1a3c5e7b9d2
Revises: a7c9e1f3b5d7
Create Date: 2026-12-03 05:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a3c5e7b9d2'
down_revision = 'a7c9e1f3b5d7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('course_syncs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_course_syncs_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_syncs'))
    )
    with op.batch_alter_table('course_syncs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_syncs_finished_at'), ['finished_at'], unique=False)


def downgrade():
    with op.batch_alter_table('course_syncs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_syncs_finished_at'))
    op.drop_table('course_syncs')

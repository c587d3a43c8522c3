"""discussions: following, digests, how people are named

Revision ID: f5d1f9c7e4b6
Revises: f4c0e8b6d3a5
Create Date: 2026-12-02 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5d1f9c7e4b6'
down_revision = 'f4c0e8b6d3a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('professional_role', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('discussion_email', sa.String(length=8), server_default='daily', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('discussion_email')
        batch_op.drop_column('country')
        batch_op.drop_column('professional_role')

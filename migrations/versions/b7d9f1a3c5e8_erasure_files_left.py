"""erasure files left: an erasure keeps the files it still has to delete

Revision ID: b7d9f1a3c5e8
Revises: a6c8e0f2b4d7
Create Date: 2026-12-03 09:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d9f1a3c5e8'
down_revision = 'a6c8e0f2b4d7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('account_erasures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('files_left', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('account_erasures', schema=None) as batch_op:
        batch_op.drop_column('files_left')

"""e-mail claims name their sender

Revision ID: c7d2e5a91f30
Revises: 5c1f2b7d9e40
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d2e5a91f30'
down_revision = '5c1f2b7d9e40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_claimed_by', sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('email_claimed_by')

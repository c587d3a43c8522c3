"""discussions: moderation (a reply hidden or removed is withdrawn from the notifications by its key)

Revision ID: f4c0e8b6d3a5
Revises: f3b9d7a5c2e4
Create Date: 2026-12-02 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4c0e8b6d3a5'
down_revision = 'f3b9d7a5c2e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_key', ['key'], unique=False)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_key')

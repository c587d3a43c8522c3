"""discussions: moderation

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
    pass


def downgrade():
    pass

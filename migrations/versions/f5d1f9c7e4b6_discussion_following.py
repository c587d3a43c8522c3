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
    pass


def downgrade():
    pass

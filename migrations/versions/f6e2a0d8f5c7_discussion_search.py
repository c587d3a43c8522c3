"""discussions: full-text search

Revision ID: f6e2a0d8f5c7
Revises: f5d1f9c7e4b6
Create Date: 2026-12-02 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6e2a0d8f5c7'
down_revision = 'f5d1f9c7e4b6'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

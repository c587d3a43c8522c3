"""learning record: (tables to come)

Revision ID: e4a6c8d0f2b5
Revises: d3f5b7c9e1a4
Create Date: 2026-12-03 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a6c8d0f2b5'
down_revision = 'd3f5b7c9e1a4'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

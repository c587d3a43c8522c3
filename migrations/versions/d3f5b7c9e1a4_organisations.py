"""organisations: (tables to come)

Revision ID: d3f5b7c9e1a4
Revises: c2e4a6b8d0f3
Create Date: 2026-12-03 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3f5b7c9e1a4'
down_revision = 'c2e4a6b8d0f3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

"""awards standalone: (tables to come)

Revision ID: c2e4a6b8d0f3
Revises: b1d3f5a7c9e2
Create Date: 2026-12-03 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2e4a6b8d0f3'
down_revision = 'b1d3f5a7c9e2'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

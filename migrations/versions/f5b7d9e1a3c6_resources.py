"""resources: (tables to come)

Revision ID: f5b7d9e1a3c6
Revises: e4a6c8d0f2b5
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5b7d9e1a3c6'
down_revision = 'e4a6c8d0f2b5'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

"""events: (tables to come)

Revision ID: a6c8e0f2b4d7
Revises: f5b7d9e1a3c6
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6c8e0f2b4d7'
down_revision = 'f5b7d9e1a3c6'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

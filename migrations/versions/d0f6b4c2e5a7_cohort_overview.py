"""cohort: what the overview and modules table aggregate

Revision ID: d0f6b4c2e5a7
Revises: c9e5a3b1d4f6
Create Date: 2026-12-02 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd0f6b4c2e5a7'
down_revision = 'c9e5a3b1d4f6'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

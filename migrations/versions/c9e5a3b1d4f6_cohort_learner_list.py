"""cohort: what the learner list searches, filters and sorts by

Revision ID: c9e5a3b1d4f6
Revises: b8d4f2a0c3e5
Create Date: 2026-12-02 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9e5a3b1d4f6'
down_revision = 'b8d4f2a0c3e5'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

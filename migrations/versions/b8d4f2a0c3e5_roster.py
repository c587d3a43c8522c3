"""roster: invitations, personal deadlines, moving learners between runs

Revision ID: b8d4f2a0c3e5
Revises: a7c3e1f9b2d4
Create Date: 2026-12-02 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d4f2a0c3e5'
down_revision = 'a7c3e1f9b2d4'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

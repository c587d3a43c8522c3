"""cohort: tutors' announcements to a run or a filtered group

Revision ID: a7c3e1f9b2d4
Revises: d41a7e9c3b25
Create Date: 2026-12-02 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e1f9b2d4'
down_revision = 'd41a7e9c3b25'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

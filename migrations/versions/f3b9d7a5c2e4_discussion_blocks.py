"""discussions: the completion rule of a module's discussion prompts

Revision ID: f3b9d7a5c2e4
Revises: f2a8c6e4b1d3
Create Date: 2026-12-02 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3b9d7a5c2e4'
down_revision = 'f2a8c6e4b1d3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

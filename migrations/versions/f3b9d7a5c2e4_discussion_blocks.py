"""discussions: the completion rule of a module's discussion prompts

A learner's visible posts in a module's forum, kept in their module progress so that the
"discussion_posts" rule (post N contributions) is decided from the one row like the others.

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
    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('discussion_posts', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.drop_column('discussion_posts')

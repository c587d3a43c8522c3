"""notifications: a message's words stored once, named by each ledger row's payload

Revision ID: e1a7c5d3f6b8
Revises: d0f6b4c2e5a7
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1a7c5d3f6b8'
down_revision = 'd0f6b4c2e5a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_texts'))
    )


def downgrade():
    op.drop_table('notification_texts')

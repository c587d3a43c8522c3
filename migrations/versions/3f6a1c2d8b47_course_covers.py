"""course covers

Revision ID: 3f6a1c2d8b47
Revises: c7d2e5a91f30
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f6a1c2d8b47'
down_revision = 'c7d2e5a91f30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cover_path', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('cover_alt', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_column('cover_alt')
        batch_op.drop_column('cover_path')

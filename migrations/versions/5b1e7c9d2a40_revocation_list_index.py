"""index on assertions.revoked_at: the revocation list's state in one indexed read

Revision ID: 5b1e7c9d2a40
Revises: 3f6a1c2d8b47
Create Date: 2026-12-03 09:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5b1e7c9d2a40'
down_revision = '3f6a1c2d8b47'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assertions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assertions_revoked_at'), ['revoked_at'], unique=False)


def downgrade():
    with op.batch_alter_table('assertions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assertions_revoked_at'))

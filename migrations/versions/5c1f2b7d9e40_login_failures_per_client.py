"""failed log-ins remember the client they came from

Revision ID: 5c1f2b7d9e40
Revises: 088e3ca697af
Create Date: 2026-11-23 10:00:00

The limits now count failures per account and client. The rows are short-lived (a
quarter of an hour matters), so the table is simply made anew rather than altered
(SQLite cannot add a NOT NULL column without a default).
"""
from alembic import op
import sqlalchemy as sa


revision = '5c1f2b7d9e40'
down_revision = '088e3ca697af'
branch_labels = None
depends_on = None


def _create(with_client: bool):
    columns = [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        *([sa.Column('client', sa.String(length=64), nullable=False)] if with_client else []),
        sa.Column('attempted_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts')),
    ]
    op.create_table('login_attempts', *columns)
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempts_email_at', ['email', 'attempted_at'], unique=False)


def _drop():
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempts_email_at')
    op.drop_table('login_attempts')


def upgrade():
    _drop()
    _create(with_client=True)


def downgrade():
    _drop()
    _create(with_client=False)

"""programmes: programmes and programme enrolments

Revision ID: b1d3f5a7c9e2
Revises: f1a3c5e7b9d2
Create Date: 2026-12-03 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b1d3f5a7c9e2'
down_revision = 'f1a3c5e7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('synced_at', sa.DateTime(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    sa.UniqueConstraint('slug', name=op.f('uq_programmes_slug'))
    )
    op.create_table('programme_enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_enrolments_programme_id_programmes')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_enrolments_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_enrolments')),
    sa.UniqueConstraint('programme_id', 'user_id', name=op.f('uq_programme_enrolments_programme_id_user_id'))
    )
    with op.batch_alter_table('programme_enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_enrolments_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_enrolments_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('programme_enrolments')
    op.drop_table('programmes')

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
    sa.Column('award_uid', sa.String(length=40), nullable=True),
    sa.Column('certificate_uid', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_enrolments_programme_id_programmes')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_enrolments_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_enrolments')),
    sa.UniqueConstraint('programme_id', 'user_id', name=op.f('uq_programme_enrolments_programme_id_user_id'))
    )
    with op.batch_alter_table('programme_enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_enrolments_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_enrolments_user_id'), ['user_id'], unique=False)

    op.create_table('programme_workshops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('attended_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_programme_workshops_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_workshops_programme_id_programmes')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_workshops_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_workshops')),
    sa.UniqueConstraint('programme_id', 'user_id', 'title', 'attended_on', name=op.f('uq_programme_workshops_programme_id_user_id_title_attended_on'))
    )
    with op.batch_alter_table('programme_workshops', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_workshops_user_id'), ['user_id'], unique=False)

    op.create_table('programme_placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Double(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('supervisor_name', sa.String(length=200), nullable=False),
    sa.Column('supervisor_email', sa.String(length=254), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('link_hash', sa.String(length=64), nullable=True),
    sa.Column('link_expires_at', sa.DateTime(), nullable=True),
    sa.Column('link_sent_at', sa.DateTime(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_placements_programme_id_programmes')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_placements_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_placements')),
    sa.UniqueConstraint('link_hash', name=op.f('uq_programme_placements_link_hash')),
    sa.UniqueConstraint('programme_id', 'user_id', name=op.f('uq_programme_placements_programme_id_user_id'))
    )
    with op.batch_alter_table('programme_placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_placements_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('programme_placements')
    op.drop_table('programme_workshops')
    op.drop_table('programme_enrolments')
    op.drop_table('programmes')

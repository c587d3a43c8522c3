"""events: workshops and conference sessions, registrations with a waiting list, wrong
attendance codes, feedback and the organisers' messages

Revision ID: a6c8e0f2b4d7
Revises: f5b7d9e1a3c6
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6c8e0f2b4d7'
down_revision = 'f5b7d9e1a3c6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('starts_at', sa.DateTime(), nullable=False),
        sa.Column('ends_at', sa.DateTime(), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('place', sa.String(length=300), nullable=True),
        sa.Column('online_link', sa.String(length=500), nullable=True),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('registration_opens_at', sa.DateTime(), nullable=True),
        sa.Column('registration_closes_at', sa.DateTime(), nullable=True),
        sa.Column('course_slug', sa.String(length=80), nullable=True),
        sa.Column('programme_slug', sa.String(length=80), nullable=True),
        sa.Column('presenters', sa.JSON(), nullable=False),
        sa.Column('awards_badge', sa.Boolean(), nullable=False),
        sa.Column('attendance_code', sa.String(length=16), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_events_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
        sa.UniqueConstraint('slug', name=op.f('uq_events_slug')),
    )
    op.create_index('ix_events_starts_at', 'events', ['starts_at', 'id'], unique=False)
    op.create_table(
        'event_registrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('queued_at', sa.DateTime(), nullable=False),
        sa.Column('promoted_at', sa.DateTime(), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(), nullable=True),
        sa.Column('attended_at', sa.DateTime(), nullable=True),
        sa.Column('attendance_by', sa.String(length=16), nullable=True),
        sa.Column('invitation_sent_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_registrations_event_id_events')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_registrations_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
        sa.UniqueConstraint('event_id', 'user_id', name=op.f('uq_event_registrations_event_id_user_id')),
    )
    op.create_index('ix_event_registrations_event_id', 'event_registrations', ['event_id', 'status', 'queued_at', 'id'],
                    unique=False)
    op.create_index('ix_event_registrations_user_id', 'event_registrations', ['user_id'], unique=False)
    op.create_index('ix_event_registrations_invitation', 'event_registrations', ['status', 'invitation_sent_at'],
                    unique=False)
    op.create_table(
        'event_code_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('attempted_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_code_attempts_event_id_events')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_code_attempts_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_code_attempts')),
    )
    op.create_index('ix_event_code_attempts_event_id', 'event_code_attempts', ['event_id', 'user_id', 'attempted_at'],
                    unique=False)
    op.create_table(
        'event_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('rating', sa.Integer(), nullable=False),
        sa.Column('liked', sa.Text(), nullable=False),
        sa.Column('improve', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_feedback_event_id_events')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_feedback_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_feedback')),
        sa.UniqueConstraint('event_id', 'user_id', name=op.f('uq_event_feedback_event_id_user_id')),
    )
    op.create_table(
        'event_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('sent_by', sa.Integer(), nullable=True),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('recipients', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_messages_event_id_events')),
        sa.ForeignKeyConstraint(['sent_by'], ['users.id'], name=op.f('fk_event_messages_sent_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_messages')),
        sa.UniqueConstraint('event_id', 'token', name=op.f('uq_event_messages_event_id_token')),
    )


def downgrade():
    op.drop_table('event_messages')
    op.drop_table('event_feedback')
    op.drop_index('ix_event_code_attempts_event_id', table_name='event_code_attempts')
    op.drop_table('event_code_attempts')
    op.drop_index('ix_event_registrations_invitation', table_name='event_registrations')
    op.drop_index('ix_event_registrations_user_id', table_name='event_registrations')
    op.drop_index('ix_event_registrations_event_id', table_name='event_registrations')
    op.drop_table('event_registrations')
    op.drop_index('ix_events_starts_at', table_name='events')
    op.drop_table('events')

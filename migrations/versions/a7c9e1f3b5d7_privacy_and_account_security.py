"""privacy, accounts security, audit log, site settings

Data exports and erasures (worked through by scheduler jobs), recovery codes for two-factor sign-in,
the audit log, settings administrators change at run time; on users, e-mail verification,
deactivation, activity for retention and TOTP; on log-in sessions, what the sessions list shows.
Accounts made before verification existed count as verified, and as last active at their latest
log-in (else when they registered), so that retention does not erase anyone on upgrade.

Revision ID: a7c9e1f3b5d7
Revises: e5f7a9b1c3d4
Create Date: 2026-12-03 04:30:11.508871

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c9e1f3b5d7'
down_revision = 'e5f7a9b1c3d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_erasures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('erased_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_erasures_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_erasures')),
    sa.UniqueConstraint('user_id', name=op.f('uq_account_erasures_user_id'))
    )
    with op.batch_alter_table('account_erasures', schema=None) as batch_op:
        batch_op.create_index('ix_account_erasures_pending', ['erased_at', 'requested_at'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('subject_user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('target_kind', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_user_id'], ['users.id'], name=op.f('fk_audit_events_subject_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_actor', ['actor_id', 'created_at'], unique=False)
        batch_op.create_index('ix_audit_events_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_audit_events_subject', ['subject_user_id', 'created_at'], unique=False)

    op.create_table('data_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('file_name', sa.String(length=128), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_data_exports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_exports')),
    sa.UniqueConstraint('uid', name=op.f('uq_data_exports_uid'))
    )
    with op.batch_alter_table('data_exports', schema=None) as batch_op:
        batch_op.create_index('ix_data_exports_status', ['status', 'requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_exports_user_id'), ['user_id'], unique=False)

    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)

    op.create_table('site_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_site_settings_updated_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_site_settings'))
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_agent', sa.String(length=256), server_default='', nullable=False))
        batch_op.add_column(sa.Column('client', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('deactivated_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_active_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('inactivity_warned_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('totp_secret_sealed', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))

    op.execute(sa.text("UPDATE users SET email_verified_at = created_at"))
    op.execute(sa.text(
        "UPDATE users SET last_active_at = COALESCE("
        "(SELECT MAX(s.created_at) FROM login_sessions AS s WHERE s.user_id = users.id), created_at)"))



def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch copy of users: copying would drop a
    # table that every other table's foreign keys point at, which SQLite refuses while rows refer to it.
    for column in ('totp_last_step', 'totp_enabled_at', 'totp_secret_sealed', 'inactivity_warned_at',
                   'last_active_at', 'deactivated_at', 'email_verified_at'):
        op.drop_column('users', column)

    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('client')
        batch_op.drop_column('user_agent')

    op.drop_table('site_settings')
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))

    op.drop_table('recovery_codes')
    with op.batch_alter_table('data_exports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_exports_user_id'))
        batch_op.drop_index('ix_data_exports_status')

    op.drop_table('data_exports')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_subject')
        batch_op.drop_index('ix_audit_events_created_at')
        batch_op.drop_index('ix_audit_events_actor')

    op.drop_table('audit_events')
    with op.batch_alter_table('account_erasures', schema=None) as batch_op:
        batch_op.drop_index('ix_account_erasures_pending')

    op.drop_table('account_erasures')

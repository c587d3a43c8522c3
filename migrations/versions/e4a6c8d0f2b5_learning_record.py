"""learning record: standards frameworks, external entries, tags and settings

Revision ID: e4a6c8d0f2b5
Revises: d3f5b7c9e1a4
Create Date: 2026-12-03 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a6c8d0f2b5'
down_revision = 'd3f5b7c9e1a4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('standards_frameworks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('source_hash', sa.String(length=64), nullable=False),
    sa.Column('synced_at', sa.DateTime(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standards_frameworks')),
    sa.UniqueConstraint('slug', name=op.f('uq_standards_frameworks_slug'))
    )
    op.create_table('standards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('group_name', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['framework_id'], ['standards_frameworks.id'], name=op.f('fk_standards_framework_id_standards_frameworks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standards')),
    sa.UniqueConstraint('framework_id', 'code', name=op.f('uq_standards_framework_id_code'))
    )
    with op.batch_alter_table('standards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standards_framework_id'), ['framework_id'], unique=False)
    op.create_table('record_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('form_token', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('hours', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('note_html', sa.Text(), nullable=False),
    sa.Column('file_key', sa.String(length=64), nullable=True),
    sa.Column('file_name', sa.String(length=120), nullable=True),
    sa.Column('file_type', sa.String(length=120), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_record_entries_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_entries')),
    sa.UniqueConstraint('user_id', 'form_token', name=op.f('uq_record_entries_user_id_form_token'))
    )
    with op.batch_alter_table('record_entries', schema=None) as batch_op:
        batch_op.create_index('ix_record_entries_user_started', ['user_id', 'started_on'], unique=False)
    op.create_table('record_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('entry_kind', sa.String(length=16), nullable=False),
    sa.Column('entry_ref', sa.String(length=80), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], name=op.f('fk_record_tags_standard_id_standards')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_record_tags_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_tags')),
    sa.UniqueConstraint('user_id', 'entry_kind', 'entry_ref', 'standard_id', name=op.f('uq_record_tags_user_id_entry_kind_entry_ref_standard_id'))
    )
    with op.batch_alter_table('record_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_tags_standard_id'), ['standard_id'], unique=False)
        batch_op.create_index('ix_record_tags_user_standard', ['user_id', 'standard_id'], unique=False)
    op.create_table('record_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('include_reflections', sa.Boolean(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['framework_id'], ['standards_frameworks.id'], name=op.f('fk_record_settings_framework_id_standards_frameworks')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_record_settings_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_record_settings'))
    )


def downgrade():
    op.drop_table('record_settings')
    op.drop_table('record_tags')
    op.drop_table('record_entries')
    op.drop_table('standards')
    op.drop_table('standards_frameworks')

"""organisations: settings and their members (with consent to share completions), award schemes,
assessors, applications with their evidence portfolio and attachments

Revision ID: d3f5b7c9e1a4
Revises: c2e4a6b8d0f3
Create Date: 2026-12-03 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3f5b7c9e1a4'
down_revision = 'c2e4a6b8d0f3'
branch_labels = None
depends_on = None


def _user(column, nullable=True):
    return sa.Column(column, sa.Integer(), nullable=nullable)


def upgrade():
    op.create_table(
        'organisations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('region', sa.String(length=120), nullable=False),
        sa.Column('web_address', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        _user('created_by_id'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_organisations_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    )
    op.create_index(op.f('ix_organisations_name'), 'organisations', ['name'])
    op.create_table(
        'organisation_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        _user('user_id', nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('role', sa.String(length=12), nullable=False),
        sa.Column('shares_completions', sa.Boolean(), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        _user('decided_by_id'),
        sa.Column('consent_changed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_organisation_members_organisation_id_organisations')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_members_user_id_users')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_organisation_members_decided_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_members')),
        sa.UniqueConstraint('organisation_id', 'user_id', name=op.f('uq_organisation_members_organisation_id_user_id')),
    )
    op.create_index('ix_organisation_members_queue', 'organisation_members', ['organisation_id', 'status', 'requested_at'])
    op.create_index(op.f('ix_organisation_members_user_id'), 'organisation_members', ['user_id'])
    op.create_table(
        'award_schemes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('spec', sa.JSON(), nullable=False),
        sa.Column('source_hash', sa.String(length=64), nullable=False),
        sa.Column('synced_at', sa.DateTime(), nullable=False),
        sa.Column('archived_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_schemes')),
        sa.UniqueConstraint('slug', name=op.f('uq_award_schemes_slug')),
    )
    op.create_table(
        'award_assessors',
        sa.Column('id', sa.Integer(), nullable=False),
        _user('user_id', nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_award_assessors_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_assessors')),
        sa.UniqueConstraint('user_id', name=op.f('uq_award_assessors_user_id')),
    )
    op.create_table(
        'award_applications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('scheme_id', sa.Integer(), nullable=False),
        sa.Column('level_slug', sa.String(length=80), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('open_slot', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(), nullable=True),
        _user('claimed_by_id'),
        sa.Column('claimed_at', sa.DateTime(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        _user('decided_by_id'),
        sa.Column('awarded_level', sa.String(length=80), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('judgements', sa.JSON(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('award_uid', sa.String(length=40), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('revocation_reason', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_award_applications_organisation_id_organisations')),
        sa.ForeignKeyConstraint(['scheme_id'], ['award_schemes.id'], name=op.f('fk_award_applications_scheme_id_award_schemes')),
        sa.ForeignKeyConstraint(['claimed_by_id'], ['users.id'], name=op.f('fk_award_applications_claimed_by_id_users')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_award_applications_decided_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_applications')),
        sa.UniqueConstraint('organisation_id', 'scheme_id', 'open_slot',
                            name=op.f('uq_award_applications_organisation_id_scheme_id_open_slot')),
    )
    op.create_index('ix_award_applications_queue', 'award_applications', ['status', 'submitted_at', 'id'])
    op.create_index(op.f('ix_award_applications_organisation_id'), 'award_applications', ['organisation_id'])
    op.create_table(
        'award_evidence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('evidence_slug', sa.String(length=80), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        _user('updated_by_id'),
        sa.ForeignKeyConstraint(['application_id'], ['award_applications.id'],
                                name=op.f('fk_award_evidence_application_id_award_applications')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_award_evidence_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_evidence')),
        sa.UniqueConstraint('application_id', 'evidence_slug', name=op.f('uq_award_evidence_application_id_evidence_slug')),
    )
    op.create_index(op.f('ix_award_evidence_updated_by_id'), 'award_evidence', ['updated_by_id'])
    op.create_table(
        'award_evidence_attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('mimetype', sa.String(length=120), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(), nullable=False),
        _user('uploaded_by_id'),
        sa.ForeignKeyConstraint(['entry_id'], ['award_evidence.id'], name=op.f('fk_award_evidence_attachments_entry_id_award_evidence')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_award_evidence_attachments_uploaded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_evidence_attachments')),
        sa.UniqueConstraint('key', name=op.f('uq_award_evidence_attachments_key')),
    )
    op.create_index(op.f('ix_award_evidence_attachments_entry_id'), 'award_evidence_attachments', ['entry_id'])
    op.create_index(op.f('ix_award_evidence_attachments_uploaded_by_id'), 'award_evidence_attachments', ['uploaded_by_id'])


def downgrade():
    op.drop_table('award_evidence_attachments')
    op.drop_table('award_evidence')
    op.drop_table('award_applications')
    op.drop_table('award_assessors')
    op.drop_table('award_schemes')
    op.drop_table('organisation_members')
    op.drop_table('organisations')

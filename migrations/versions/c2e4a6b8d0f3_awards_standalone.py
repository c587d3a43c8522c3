"""awards standalone: badges issued outside courses (programmes, award schemes), their Open Badges 3.0
credentials, and programme certificates with a transcript

Revision ID: c2e4a6b8d0f3
Revises: b1d3f5a7c9e2
Create Date: 2026-12-03 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2e4a6b8d0f3'
down_revision = 'b1d3f5a7c9e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'standalone_badge_classes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=120), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('criteria', sa.Text(), nullable=False),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('image', sa.LargeBinary(), nullable=False),
        sa.Column('image_kind', sa.String(length=3), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_standalone_badge_classes')),
        sa.UniqueConstraint('slug', name=op.f('uq_standalone_badge_classes_slug')),
    )
    op.create_table(
        'standalone_awards',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(length=40), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('badge_class_id', sa.Integer(), nullable=False),
        sa.Column('recipient_kind', sa.String(length=12), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('recipient_email', sa.String(length=254), nullable=True),
        sa.Column('recipient_url', sa.String(length=2000), nullable=True),
        sa.Column('recipient_name', sa.String(length=200), nullable=False),
        sa.Column('salt', sa.String(length=64), nullable=False),
        sa.Column('evidence', sa.JSON(), nullable=False),
        sa.Column('issued_on', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('revocation_reason', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['badge_class_id'], ['standalone_badge_classes.id'],
                                name=op.f('fk_standalone_awards_badge_class_id_standalone_badge_classes')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_standalone_awards_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_standalone_awards')),
        sa.UniqueConstraint('source', name=op.f('uq_standalone_awards_source')),
        sa.UniqueConstraint('uid', name=op.f('uq_standalone_awards_uid')),
    )
    op.create_index(op.f('ix_standalone_awards_badge_class_id'), 'standalone_awards', ['badge_class_id'])
    op.create_index(op.f('ix_standalone_awards_user_id'), 'standalone_awards', ['user_id'])
    op.create_index(op.f('ix_standalone_awards_revoked_at'), 'standalone_awards', ['revoked_at'])
    op.create_table(
        'standalone_credentials',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('award_id', sa.Integer(), nullable=False),
        sa.Column('credential_id', sa.String(length=80), nullable=False),
        sa.Column('key_id', sa.Integer(), nullable=False),
        sa.Column('document', sa.Text(), nullable=False),
        sa.Column('jwt', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['award_id'], ['standalone_awards.id'],
                                name=op.f('fk_standalone_credentials_award_id_standalone_awards'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['key_id'], ['issuer_keys.id'], name=op.f('fk_standalone_credentials_key_id_issuer_keys')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_standalone_credentials')),
        sa.UniqueConstraint('award_id', name=op.f('uq_standalone_credentials_award_id')),
        sa.UniqueConstraint('credential_id', name=op.f('uq_standalone_credentials_credential_id')),
    )
    op.create_table(
        'programme_certificates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(length=40), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('recipient_name', sa.String(length=120), nullable=False),
        sa.Column('hours', sa.Double(), nullable=False),
        sa.Column('lines', sa.JSON(), nullable=False),
        sa.Column('issued_on', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('revocation_reason', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_certificates_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_certificates')),
        sa.UniqueConstraint('source', name=op.f('uq_programme_certificates_source')),
        sa.UniqueConstraint('uid', name=op.f('uq_programme_certificates_uid')),
    )
    op.create_index(op.f('ix_programme_certificates_user_id'), 'programme_certificates', ['user_id'])


def downgrade():
    op.drop_index(op.f('ix_programme_certificates_user_id'), table_name='programme_certificates')
    op.drop_table('programme_certificates')
    op.drop_table('standalone_credentials')
    op.drop_index(op.f('ix_standalone_awards_revoked_at'), table_name='standalone_awards')
    op.drop_index(op.f('ix_standalone_awards_user_id'), table_name='standalone_awards')
    op.drop_index(op.f('ix_standalone_awards_badge_class_id'), table_name='standalone_awards')
    op.drop_table('standalone_awards')
    op.drop_table('standalone_badge_classes')

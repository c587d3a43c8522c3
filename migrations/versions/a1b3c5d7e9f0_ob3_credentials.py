"""awards: Open Badges 3.0 issuer keys and signed credentials

Revision ID: a1b3c5d7e9f0
Revises: f6e2a0d8f5c7
Create Date: 2026-12-02 15:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1b3c5d7e9f0'
down_revision = 'f6e2a0d8f5c7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'issuer_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kid', sa.String(length=40), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('encrypted_seed', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('retired_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_issuer_keys')),
        sa.UniqueConstraint('kid', name=op.f('uq_issuer_keys_kid')),
    )
    op.create_table(
        'award_credentials',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assertion_id', sa.Integer(), nullable=False),
        sa.Column('credential_id', sa.String(length=80), nullable=False),
        sa.Column('key_id', sa.Integer(), nullable=False),
        sa.Column('document', sa.Text(), nullable=False),
        sa.Column('jwt', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['assertion_id'], ['assertions.id'], name=op.f('fk_award_credentials_assertion_id_assertions'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['key_id'], ['issuer_keys.id'], name=op.f('fk_award_credentials_key_id_issuer_keys')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_credentials')),
        sa.UniqueConstraint('assertion_id', name=op.f('uq_award_credentials_assertion_id')),
        sa.UniqueConstraint('credential_id', name=op.f('uq_award_credentials_credential_id')),
    )


def downgrade():
    op.drop_table('award_credentials')
    op.drop_table('issuer_keys')

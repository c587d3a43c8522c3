"""wallets: one registration per wallet discovery URL, not per origin

One host may serve several wallets, each under its own path (/tenant/ims/ob/v3p0/discovery): our
registration with one must not be used for another. The origin stays, no longer unique.

Revision ID: e5f7a9b1c3d4
Revises: d4e6f8a0b2c3
Create Date: 2026-12-02 19:14:21.501493

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5f7a9b1c3d4'
down_revision = 'd4e6f8a0b2c3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wallet_providers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_wallet_providers_origin'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_wallet_providers_discovery_url'), ['discovery_url'])


def downgrade():
    # One registration per origin again: the first registration at each origin is kept; the others (wallets
    # under other paths of the same host) are forgotten with their pushes (which their rows would no longer
    # describe), pushes first, since SQLite may not cascade here.
    later = ("SELECT id FROM wallet_providers AS p WHERE EXISTS "
             "(SELECT 1 FROM wallet_providers AS q WHERE q.origin = p.origin AND q.id < p.id)")
    op.execute(sa.text(f"DELETE FROM wallet_pushes WHERE provider_id IN ({later})"))
    op.execute(sa.text(f"DELETE FROM wallet_providers WHERE id IN ({later})"))
    with op.batch_alter_table('wallet_providers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_wallet_providers_discovery_url'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_wallet_providers_origin'), ['origin'])

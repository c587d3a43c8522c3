"""resources: the library (resources with their audiences and subjects as bit masks, ratings, saved lists,
modules' attached resources) and its full-text search

SQLite: an FTS5 table ``resources_fts`` written by the sync service. PostgreSQL: a stored
generated tsvector column ``resources.search_words`` with a GIN index. The same DDL as
lms/resources/models.py (migrations never import the application).

Revision ID: f5b7d9e1a3c6
Revises: e4a6c8d0f2b5
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5b7d9e1a3c6'
down_revision = 'e4a6c8d0f2b5'
branch_labels = None
depends_on = None

SQLITE = (
    "CREATE VIRTUAL TABLE resources_fts USING fts5(title, summary, author, tokenize='porter unicode61 remove_diacritics 2')",
)
POSTGRESQL = (
    "ALTER TABLE resources ADD COLUMN search_words tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(author, '')), 'C')) STORED",
    "CREATE INDEX ix_resources_search_words ON resources USING gin (search_words)",
)


def upgrade():
    op.create_table('resources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('licence', sa.String(length=64), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('audience_mask', sa.Integer(), nullable=False),
    sa.Column('subject_mask', sa.Integer(), nullable=False),
    sa.Column('file', sa.String(length=300), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('source_hash', sa.String(length=64), nullable=False),
    sa.Column('rating_total', sa.Integer(), nullable=False),
    sa.Column('rating_count', sa.Integer(), nullable=False),
    sa.Column('synced_at', sa.DateTime(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resources')),
    sa.UniqueConstraint('slug', name=op.f('uq_resources_slug'))
    )
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resources_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_resources_language'), ['language'], unique=False)
    op.create_table('resource_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('stars', sa.SmallInteger(), nullable=False),
    sa.Column('rated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], name=op.f('fk_resource_ratings_resource_id_resources')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_resource_ratings_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_ratings')),
    sa.UniqueConstraint('resource_id', 'user_id', name=op.f('uq_resource_ratings_resource_id_user_id'))
    )
    with op.batch_alter_table('resource_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_ratings_user_id'), ['user_id'], unique=False)
    op.create_table('saved_resources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], name=op.f('fk_saved_resources_resource_id_resources')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_resources_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_resources')),
    sa.UniqueConstraint('user_id', 'resource_id', name=op.f('uq_saved_resources_user_id_resource_id'))
    )
    with op.batch_alter_table('saved_resources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_resources_resource_id'), ['resource_id'], unique=False)
    op.create_table('module_resources',
    sa.Column('course_slug', sa.String(length=80), nullable=False),
    sa.Column('module_slug', sa.String(length=80), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], name=op.f('fk_module_resources_resource_id_resources')),
    sa.PrimaryKeyConstraint('course_slug', 'module_slug', 'resource_id', name=op.f('pk_module_resources'))
    )
    with op.batch_alter_table('module_resources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_resources_resource_id'), ['resource_id'], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in SQLITE if dialect == "sqlite" else POSTGRESQL if dialect == "postgresql" else ():
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS resources_fts")
    for table in ('module_resources', 'saved_resources', 'resource_ratings'):
        op.drop_table(table)  # their indexes with them
    op.drop_table('resources')  # and, on PostgreSQL, its column of words and that column's index

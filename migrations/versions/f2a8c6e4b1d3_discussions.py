"""discussions: threads, posts, their history, helpful marks, follows, read marks, reports; the moderation audit

Revision ID: f2a8c6e4b1d3
Revises: e1a7c5d3f6b8
Create Date: 2026-12-02 13:30:57.941520

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2a8c6e4b1d3'
down_revision = 'e1a7c5d3f6b8'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('moderation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_moderation_actions_actor_id_users')),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_moderation_actions_run_id_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_actions'))
    )
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_actions_run', ['run_id', 'created_at'], unique=False)

    op.create_table('discussion_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('prompt_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_post_at', sa.DateTime(), nullable=False),
    sa.Column('last_post_id', sa.Integer(), nullable=True),
    sa.Column('reply_count', sa.Integer(), nullable=False),
    sa.Column('pinned_at', sa.DateTime(), nullable=True),
    sa.Column('locked_at', sa.DateTime(), nullable=True),
    sa.Column('endorsed_post_id', sa.Integer(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_discussion_threads_author_id_users')),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_discussion_threads_module_id_modules')),
    sa.ForeignKeyConstraint(['prompt_id'], ['activities.id'], name=op.f('fk_discussion_threads_prompt_id_activities')),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_discussion_threads_run_id_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_threads'))
    )
    with op.batch_alter_table('discussion_threads', schema=None) as batch_op:
        batch_op.create_index('ix_discussion_threads_list', ['run_id', 'module_id', 'pinned_at', 'last_post_at', 'id'], unique=False)
        batch_op.create_index('ix_discussion_threads_run_activity', ['run_id', 'last_post_at', 'id'], unique=False)

    op.create_table('discussion_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['discussion_threads.id'], name=op.f('fk_discussion_follows_thread_id_discussion_threads')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_discussion_follows_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_follows')),
    sa.UniqueConstraint('thread_id', 'user_id', name=op.f('uq_discussion_follows_thread_id_user_id'))
    )
    with op.batch_alter_table('discussion_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discussion_follows_user_id'), ['user_id'], unique=False)

    op.create_table('discussion_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=36), nullable=False),
    sa.Column('quoted_post_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(), nullable=True),
    sa.Column('helpful_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_discussion_posts_author_id_users')),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_discussion_posts_module_id_modules')),
    sa.ForeignKeyConstraint(['quoted_post_id'], ['discussion_posts.id'], name=op.f('fk_discussion_posts_quoted_post_id_discussion_posts')),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_discussion_posts_run_id_runs')),
    sa.ForeignKeyConstraint(['thread_id'], ['discussion_threads.id'], name=op.f('fk_discussion_posts_thread_id_discussion_threads')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_posts')),
    sa.UniqueConstraint('author_id', 'token', name=op.f('uq_discussion_posts_author_id_token'))
    )
    with op.batch_alter_table('discussion_posts', schema=None) as batch_op:
        batch_op.create_index('ix_discussion_posts_author', ['author_id', 'created_at'], unique=False)
        batch_op.create_index('ix_discussion_posts_run_author', ['run_id', 'author_id'], unique=False)
        batch_op.create_index('ix_discussion_posts_thread', ['thread_id', 'id'], unique=False)

    op.create_table('discussion_read_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('last_read_post_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['discussion_threads.id'], name=op.f('fk_discussion_read_marks_thread_id_discussion_threads')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_discussion_read_marks_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_read_marks')),
    sa.UniqueConstraint('user_id', 'thread_id', name=op.f('uq_discussion_read_marks_user_id_thread_id'))
    )
    op.create_table('discussion_helpful_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['discussion_posts.id'], name=op.f('fk_discussion_helpful_marks_post_id_discussion_posts')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_discussion_helpful_marks_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_helpful_marks')),
    sa.UniqueConstraint('post_id', 'user_id', name=op.f('uq_discussion_helpful_marks_post_id_user_id'))
    )
    op.create_table('discussion_post_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('replaced_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['discussion_posts.id'], name=op.f('fk_discussion_post_revisions_post_id_discussion_posts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_post_revisions'))
    )
    with op.batch_alter_table('discussion_post_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discussion_post_revisions_post_id'), ['post_id'], unique=False)

    op.create_table('discussion_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.String(length=16), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['discussion_posts.id'], name=op.f('fk_discussion_reports_post_id_discussion_posts')),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_discussion_reports_reporter_id_users')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_discussion_reports_resolved_by_id_users')),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_discussion_reports_run_id_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discussion_reports')),
    sa.UniqueConstraint('post_id', 'reporter_id', name=op.f('uq_discussion_reports_post_id_reporter_id'))
    )
    with op.batch_alter_table('discussion_reports', schema=None) as batch_op:
        batch_op.create_index('ix_discussion_reports_open', ['run_id', 'resolved_at'], unique=False)




def downgrade():

    with op.batch_alter_table('discussion_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_discussion_reports_open')

    op.drop_table('discussion_reports')
    with op.batch_alter_table('discussion_post_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discussion_post_revisions_post_id'))

    op.drop_table('discussion_post_revisions')
    op.drop_table('discussion_helpful_marks')
    op.drop_table('discussion_read_marks')
    with op.batch_alter_table('discussion_posts', schema=None) as batch_op:
        batch_op.drop_index('ix_discussion_posts_thread')
        batch_op.drop_index('ix_discussion_posts_run_author')
        batch_op.drop_index('ix_discussion_posts_author')

    op.drop_table('discussion_posts')
    with op.batch_alter_table('discussion_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discussion_follows_user_id'))

    op.drop_table('discussion_follows')
    with op.batch_alter_table('discussion_threads', schema=None) as batch_op:
        batch_op.drop_index('ix_discussion_threads_run_activity')
        batch_op.drop_index('ix_discussion_threads_list')

    op.drop_table('discussion_threads')
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_actions_run')

    op.drop_table('moderation_actions')


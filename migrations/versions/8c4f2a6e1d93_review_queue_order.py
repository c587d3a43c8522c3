"""the review queue's order kept on each submission (load and when to count again), by index

Revision ID: 8c4f2a6e1d93
Revises: 5b1e7c9d2a40
Create Date: 2026-12-03 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c4f2a6e1d93'
down_revision = '5b1e7c9d2a40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queue_load', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('queue_load_until', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_submissions_queue', ['activity_id', 'run_id', 'queue_load', 'submitted_at', 'id'], unique=False)
        batch_op.create_index('ix_submissions_queue_recount', ['activity_id', 'run_id', 'queue_load_until'], unique=False)
        batch_op.create_index('ix_submissions_tutor_queue', ['activity_id', 'run_id', 'tutor_queue_at'], unique=False)
    # Finished visible reviews only: never more than the load (live claims come on top), which
    # is all the queue needs; it counts the rest as it meets them.
    op.execute(
        "UPDATE submissions SET queue_load = (SELECT count(*) FROM reviews WHERE reviews.submission_id = submissions.id"
        " AND reviews.status = 'done' AND reviews.hidden_at IS NULL)"
    )


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_tutor_queue')
        batch_op.drop_index('ix_submissions_queue_recount')
        batch_op.drop_index('ix_submissions_queue')
        batch_op.drop_column('queue_load_until')
        batch_op.drop_column('queue_load')

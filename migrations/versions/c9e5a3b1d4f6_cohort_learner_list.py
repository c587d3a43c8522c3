"""cohort: what the learner list searches, filters and sorts by

Each enrolment keeps the course's live modules completed (kept by learning's progress when a
module completes), so that a run's tutors sort and filter 50,000 learners without counting
every learner's progress rows; indexes for the list's orders (enrolment, progress). Existing
enrolments are filled in: their modules completed, and their last activity as the latest of
what they did (pages done, quiz attempts, reflections, peer work and reviews), which only page
reads recorded before.

Revision ID: c9e5a3b1d4f6
Revises: b8d4f2a0c3e5
Create Date: 2026-12-02 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9e5a3b1d4f6'
down_revision = 'b8d4f2a0c3e5'
branch_labels = None
depends_on = None

MODULES_COMPLETED = """
UPDATE enrolments SET modules_completed = (
    SELECT count(*) FROM module_progress JOIN modules ON modules.id = module_progress.module_id
    WHERE module_progress.enrolment_id = enrolments.id AND module_progress.completed_at IS NOT NULL
      AND modules.archived_at IS NULL)
WHERE EXISTS (SELECT 1 FROM module_progress WHERE module_progress.enrolment_id = enrolments.id
              AND module_progress.completed_at IS NOT NULL)
"""

# The latest of everything a learner did (the same on SQLite and PostgreSQL: max over a union).
LAST_ACTIVE = """
UPDATE enrolments SET last_active_at = (
    SELECT max(at) FROM (
        SELECT enrolments.last_active_at AS at
        UNION ALL SELECT max(completed_at) FROM unit_progress WHERE unit_progress.enrolment_id = enrolments.id
        UNION ALL SELECT max(submitted_at) FROM quiz_attempts WHERE quiz_attempts.enrolment_id = enrolments.id
        UNION ALL SELECT max(updated_at) FROM reflections WHERE reflections.enrolment_id = enrolments.id
        UNION ALL SELECT max(updated_at) FROM submissions WHERE submissions.enrolment_id = enrolments.id
        UNION ALL SELECT max(submitted_at) FROM reviews  -- found by the reviewer's (indexed) user id
            WHERE reviews.reviewer_id = enrolments.user_id AND reviews.reviewer_enrolment_id = enrolments.id
    ) AS activity)
"""


def upgrade():
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('modules_completed', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_enrolments_run_enrolled', ['run_id', 'enrolled_at', 'id'], unique=False)
        batch_op.create_index('ix_enrolments_run_completed', ['run_id', 'modules_completed', 'id'], unique=False)
    op.execute(MODULES_COMPLETED)
    op.execute(LAST_ACTIVE)


def downgrade():
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index('ix_enrolments_run_completed')
        batch_op.drop_index('ix_enrolments_run_enrolled')
        batch_op.drop_column('modules_completed')

"""languages: what each person reads, each submission's language, courses linked as translations

Revision ID: d41a7e9c3b25
Revises: 8c4f2a6e1d93
Create Date: 2026-12-02 10:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd41a7e9c3b25'
down_revision = '8c4f2a6e1d93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reads_languages', sa.JSON(), server_default='[]', nullable=False))
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translation_group', sa.String(length=80), nullable=True))
        batch_op.create_index('ix_courses_translation_group', ['translation_group'], unique=False)
    # Work handed in before languages were recorded: its author's interface language.
    op.execute("UPDATE submissions SET language = (SELECT users.language FROM enrolments JOIN users"
               " ON users.id = enrolments.user_id WHERE enrolments.id = submissions.enrolment_id)")


def downgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index('ix_courses_translation_group')
        batch_op.drop_column('translation_group')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('reads_languages')

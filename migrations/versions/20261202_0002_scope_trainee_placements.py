"""trainee placements; QA reviews gain the status `proposed`

Existing trainees get no placements (the table starts empty), so schools read none of them until their
provider records placements. Existing QA reviews keep their status: `proposed` is a new value of the
string column and needs no schema change.

Revision ID: 0002_scope
Revises: 0001
Create Date: 2026-12-02 15:43:40.922047
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002_scope'
down_revision: str | None = '20261202_01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('trainee_placement',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_trainee_placement_school_id_school')),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainee.id'], name=op.f('fk_trainee_placement_trainee_id_trainee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainee_placement'))
    )
    with op.batch_alter_table('trainee_placement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainee_placement_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainee_placement_trainee_id'), ['trainee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainee_placement_updated_at'), ['updated_at'], unique=False)



def downgrade() -> None:
    # The previous code knows no `proposed` review; such a review was never agreed, so it goes (turning it
    # into `planned` would hand its reviewer the reviewed provider's figures).
    op.execute("DELETE FROM qa_review WHERE status = 'proposed'")
    with op.batch_alter_table('trainee_placement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainee_placement_updated_at'))
        batch_op.drop_index(batch_op.f('ix_trainee_placement_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_trainee_placement_school_id'))

    op.drop_table('trainee_placement')

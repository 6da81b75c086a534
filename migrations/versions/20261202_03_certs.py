"""certs: external records superseded by issued certificates; flags on certificates

Existing certificates keep their records: `superseded_by` null, `flags` empty,
`flagged` false (external ones stop having credentials by the API's rule, not here).

Revision ID: 20261202_02
Revises: 20261202_01
Create Date: 2026-12-02 15:49:42
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '20261202_03'
down_revision: str | None = '20261202_02'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added nullable with a default for existing rows, then made NOT NULL without a lasting default
    # (the models give the default), so models and migrations do not drift.
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('superseded_by', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('flags', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('flagged', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE certificate SET flags = '[]'")
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.alter_column('flags', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('flagged', existing_type=sa.Boolean(), server_default=None)
        batch_op.create_index(batch_op.f('ix_certificate_flagged'), ['flagged'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_certificate_superseded_by_certificate'), 'certificate', ['superseded_by'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_certificate_superseded_by_certificate'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_certificate_flagged'))
        batch_op.drop_column('flagged')
        batch_op.drop_column('flags')
        batch_op.drop_column('superseded_by')

"""safety: idempotency records are claimed before the request runs (in progress: no status yet)

Revision ID: 20261202_01
Revises: 0001
Create Date: 2026-12-02 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '20261202_01'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.alter_column('body_sha256', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
                              nullable=True)
        batch_op.alter_column('status_code', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('response_body', existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM idempotency_record WHERE status_code IS NULL")
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.alter_column('response_body', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.alter_column('status_code', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('body_sha256', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
                              nullable=False)

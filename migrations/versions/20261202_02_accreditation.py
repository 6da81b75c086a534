"""accreditation: dated periods per provider, replacing the provider's accredited flag

Existing flags become periods: accredited -> open from 1900-01-01; not accredited -> none.
The downgrade puts back the flag as "accredited today" (England's date).

Revision ID: 20261202_02
Revises: 20261202_01
Create Date: 2026-12-02 15:50:48
"""
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '20261202_02'
down_revision: str | None = '0002_partial_clock_time'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SINCE_EVER = date(1900, 1, 1)
SINCE_EVER_AT = datetime(1900, 1, 1, tzinfo=UTC)  # England's 1900-01-01 starts at midnight UTC (GMT)

provider = sa.table('provider', sa.column('id', sa.Uuid()), sa.column('accredited', sa.Boolean()))
period = sa.table('provider_accreditation', sa.column('id', sa.Uuid()), sa.column('provider_id', sa.Uuid()),
                  sa.column('from_on', sa.Date()), sa.column('until_on', sa.Date()),
                  sa.column('from_at', sqlmodel.sql.sqltypes.UTCDateTime()))


def upgrade() -> None:
    op.create_table('provider_accreditation',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('provider_id', sa.Uuid(), nullable=False),
    sa.Column('from_on', sa.Date(), nullable=False),
    sa.Column('until_on', sa.Date(), nullable=True),
    sa.Column('from_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('until_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_provider_accreditation_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_accreditation'))
    )
    with op.batch_alter_table('provider_accreditation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_accreditation_provider_id'), ['provider_id'], unique=False)

    bind = op.get_bind()
    accredited = bind.execute(sa.select(provider.c.id).where(provider.c.accredited.is_(True))).scalars().all()
    if accredited:
        op.bulk_insert(period, [{"id": uuid.uuid4(), "provider_id": p, "from_on": SINCE_EVER, "until_on": None,
                                 "from_at": SINCE_EVER_AT} for p in accredited])

    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.drop_column('accredited')


def downgrade() -> None:
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accredited', sa.Boolean(), nullable=False, server_default=sa.false()))

    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/London")).date()
    now = sa.select(period.c.provider_id).where(
        period.c.from_on <= today, sa.or_(period.c.until_on.is_(None), period.c.until_on >= today))
    op.execute(provider.update().where(provider.c.id.in_(now)).values(accredited=True))
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.alter_column('accredited', server_default=None)

    with op.batch_alter_table('provider_accreditation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_accreditation_provider_id'))

    op.drop_table('provider_accreditation')

"""rate limit buckets: fixed-window counters shared by every app process"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "rate_limit_bucket",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("window_start", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_bucket")),
    )
    with op.batch_alter_table("rate_limit_bucket", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rate_limit_bucket_window_start"), ["window_start"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("rate_limit_bucket", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_bucket_window_start"))

    op.drop_table("rate_limit_bucket")

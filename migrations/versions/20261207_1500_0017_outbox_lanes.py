"""outbox lanes: events written in bulk (a capacity import) wait in their own lane

`bulk` marks the events a bulk write enqueued (app/outbox/service.py enqueue_many); the search
worker takes every interactive event first and the bulk lane a slice of documents at a time,
so an approval is never queued behind a 100,000-row import. Existing rows are interactive.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    # A plain ADD COLUMN on both backends: SQLite's table keeps its AUTOINCREMENT (0016).
    op.add_column(
        "outbox_event",
        sa.Column("bulk", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_outbox_event_lane", "outbox_event", ["processed_at", "bulk", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_event_lane", table_name="outbox_event")
    op.execute("ALTER TABLE outbox_event DROP COLUMN bulk")  # SQLite 3.35+ and PostgreSQL

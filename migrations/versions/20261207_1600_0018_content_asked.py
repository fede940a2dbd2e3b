"""curation events keep the content the curators asked changes of

`content_asked` holds the revision's content when a curator requested changes (null for every
other event and for the requests made before): the queue and the review page show what the
author changed since. Existing rows keep null (no diff to show for them).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"


def upgrade() -> None:
    op.add_column("curation_event", sa.Column("content_asked", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE curation_event DROP COLUMN content_asked")  # SQLite 3.35+, PostgreSQL

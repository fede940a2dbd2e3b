"""privacy: consent records, private data access audit, deleted accounts

Existing practices get their consent history back-filled from their revisions (a grant at the
first revision that consented to publish the contact, a withdrawal at the first that stopped),
dated by each revision and attributed to its author.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    from migrations.shapes import (
        column,
        create_table,
        created_at,
        enum,
        id_column,
        integer,
        string,
        utc_datetime,
    )

    create_table(
        "private_data_access",
        id_column(),
        integer("actor_id", references="user_account"),
        string("actor_role", 20),
        integer("practice_id", references="practice"),
        integer("organisation_id", references="organisation"),
        column("fields", sa.JSON()),
        string("route", 300),
        created_at(),
        indexes=["actor_id", "created_at", "practice_id"],
    )
    create_table(
        "consent_record",
        id_column(),
        integer("practice_id", references="practice"),
        integer("revision_id", references="practice_revision"),
        integer("actor_id", references="user_account"),
        enum("purpose", "consentpurpose", "publish_contact"),
        column("granted", sa.Boolean()),
        created_at(),
        indexes=["actor_id", "practice_id"],
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(utc_datetime("deleted_at", nullable=True))

    _backfill_consents()


def _backfill_consents() -> None:
    conn = op.get_bind()
    revisions = conn.execute(
        sa.text(
            "SELECT id, practice_id, content, created_by_id, created_at "
            "FROM practice_revision ORDER BY practice_id, number"
        )
    )
    rows, state, current = [], False, None
    for rev in revisions:
        if rev.practice_id != current:
            current, state = rev.practice_id, False
        content = json.loads(rev.content) if isinstance(rev.content, str) else rev.content
        public = bool((content or {}).get("contact_public"))
        if public != state:
            state = public
            rows.append(
                {
                    "practice_id": rev.practice_id,
                    "revision_id": rev.id,
                    "actor_id": rev.created_by_id,
                    "purpose": "publish_contact",
                    "granted": public,
                    "created_at": rev.created_at,
                }
            )
    if rows:
        table = sa.table(
            "consent_record",
            *(sa.column(c) for c in ("practice_id", "revision_id", "actor_id", "purpose")),
            sa.column("granted", sa.Boolean()),
            sa.column("created_at"),  # as read: text on SQLite, a timestamp on PostgreSQL
        )
        op.bulk_insert(table, rows)


def downgrade() -> None:
    from migrations.shapes import drop_table

    # Plain ALTER (SQLite 3.35+ has DROP COLUMN): a batch copy of user_account would break
    # the foreign keys that point at it.
    op.execute("ALTER TABLE user_account DROP COLUMN deleted_at")

    drop_table("consent_record", indexes=["actor_id", "practice_id"])
    drop_table("private_data_access", indexes=["actor_id", "created_at", "practice_id"])

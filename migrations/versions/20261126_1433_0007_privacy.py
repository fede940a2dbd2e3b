"""privacy: consent records, private data access audit, deleted accounts

Existing practices get their consent history back-filled from their revisions (a grant at the
first revision that consented to publish the contact, a withdrawal at the first that stopped),
dated by each revision and attributed to its author.
"""

import json

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.create_table(
        "private_data_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("actor_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("route", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_private_data_access_actor_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_private_data_access_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_private_data_access_practice_id_practice"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_private_data_access")),
    )
    with op.batch_alter_table("private_data_access", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_private_data_access_actor_id"), ["actor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_private_data_access_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_private_data_access_practice_id"), ["practice_id"], unique=False
        )

    op.create_table(
        "consent_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum("publish_contact", name="consentpurpose", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_consent_record_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_consent_record_practice_id_practice")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["practice_revision.id"],
            name=op.f("fk_consent_record_revision_id_practice_revision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_record")),
    )
    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_record_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consent_record_practice_id"), ["practice_id"], unique=False
        )

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )

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
    # Plain ALTER (SQLite 3.35+ has DROP COLUMN): a batch copy of user_account would break
    # the foreign keys that point at it.
    op.execute("ALTER TABLE user_account DROP COLUMN deleted_at")

    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_record_practice_id"))
        batch_op.drop_index(batch_op.f("ix_consent_record_actor_id"))

    op.drop_table("consent_record")
    with op.batch_alter_table("private_data_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_private_data_access_practice_id"))
        batch_op.drop_index(batch_op.f("ix_private_data_access_created_at"))
        batch_op.drop_index(batch_op.f("ix_private_data_access_actor_id"))

    op.drop_table("private_data_access")

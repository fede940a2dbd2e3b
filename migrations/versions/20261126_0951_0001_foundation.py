"""foundation

Revision ID: 0001
Revises:
Create Date: 2026-11-26 09:51:54.259285
"""

import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade() -> None:
    from migrations.shapes import (
        column,
        create_table,
        created_at,
        enum,
        id_column,
        integer,
        lifecycle_columns,
        revision_columns,
        string,
        utc_datetime,
    )

    create_table(
        "organisation",
        id_column(),
        string("name", 200),
        string("type", 40),
        string("uf", 2, nullable=True),
        created_at(),
        unique=["name"],
    )
    create_table(
        "outbox_event",
        id_column(),
        enum("entity_type", "entitytype", "practice policy municipality organisation"),
        integer("entity_id"),
        string("kind", 40),
        created_at(),
        utc_datetime("processed_at", nullable=True),
        integer("attempts"),
        utc_datetime("next_attempt_at"),
        string("last_error", 2000, nullable=True),
        indexes=["processed_at"],
    )
    create_table(
        "state",
        string("uf", 2),
        integer("ibge_code"),
        string("name", 60),
        string("region", 20),
        column("latitude", sa.Float()),
        column("longitude", sa.Float()),
        primary_key=["uf"],
        unique=["ibge_code"],
    )
    create_table(
        "municipality",
        integer("ibge_code"),
        string("name", 100),
        string("uf", 2, references="state.uf"),
        column("latitude", sa.Float()),
        column("longitude", sa.Float()),
        column("is_capital", sa.Boolean()),
        primary_key=["ibge_code"],
        indexes=["uf"],
    )
    create_table(
        "user_account",
        id_column(),
        string("email", 254),
        string("name", 200),
        string("password_hash", 200),
        enum("role", "role", "contributor curator gov_editor admin"),
        integer("organisation_id", nullable=True, references="organisation"),
        string("scope_uf", 2, nullable=True),
        integer("scope_ibge", nullable=True),
        column("is_active", sa.Boolean()),
        created_at(),
        unique=["email"],
        indexes=["organisation_id"],
    )
    create_table(
        "apikey",
        id_column(),
        integer("user_id", references="user_account"),
        string("name", 100),
        string("prefix", 16),
        string("key_hash", 64),
        created_at(),
        utc_datetime("revoked_at", nullable=True),
        utc_datetime("last_used_at", nullable=True),
        unique=["prefix"],
        indexes=["user_id"],
    )
    create_table(
        "practice",
        id_column(),
        integer("organisation_id", references="organisation"),
        string("template", 40),
        *lifecycle_columns("practicestatus"),
        indexes=["organisation_id", "status"],
    )
    create_table(
        "idempotency_record",
        id_column(),
        integer("user_id", references="user_account"),
        string("key", 200),
        string("request_hash", 64),
        integer("practice_id", references="practice"),
        created_at(),
        unique=["user_id", "key"],
    )
    create_table(
        "practice_revision",
        id_column(),
        integer("practice_id", references="practice"),
        integer("number"),
        *revision_columns(),
        unique=["practice_id", "number"],
        indexes=["practice_id", "status"],
    )
    create_table(
        "curation_event",
        id_column(),
        enum("subject_type", "subjecttype", "practice policy"),
        integer("subject_id"),
        integer("revision_id"),
        integer("actor_id", references="user_account"),
        enum(
            "action",
            "action",
            "create submit claim request_changes approve reject withdraw edit verify",
        ),
        string("from_status", 20),
        string("to_status", 20),
        string("reason", 5000, nullable=True),
        column("checklist", sa.JSON(), nullable=True),
        created_at(),
        indexes=["subject_id", "revision_id"],
    )


def downgrade() -> None:
    from migrations.shapes import drop_table

    drop_table("curation_event", indexes=["subject_id", "revision_id"])
    drop_table("practice_revision", indexes=["practice_id", "status"])
    drop_table("idempotency_record")
    drop_table("practice", indexes=["organisation_id", "status"])
    drop_table("apikey", indexes=["user_id"])
    drop_table("user_account", indexes=["organisation_id"])
    drop_table("municipality", indexes=["uf"])
    drop_table("state")
    drop_table("outbox_event", indexes=["processed_at"])
    drop_table("organisation")

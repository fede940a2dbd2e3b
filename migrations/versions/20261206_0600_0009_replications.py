"""replications: a curated kind recording who replicated which practice, where

Two new tables, replication and replication_revision, in the shape of every curated kind; no
existing row changes.
"""

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    from migrations.shapes import (
        create_table,
        id_column,
        integer,
        lifecycle_columns,
        revision_columns,
    )

    create_table(
        "replication",
        *lifecycle_columns("lifecyclestatus"),
        id_column(),
        integer("organisation_id", references="organisation"),
        integer("practice_id", references="practice"),
        indexes=["organisation_id", "practice_id", "status"],
    )
    create_table(
        "replication_revision",
        integer("number"),
        *revision_columns(),
        id_column(),
        integer("replication_id", references="replication"),
        integer("ibge_code", nullable=True, references="municipality.ibge_code"),
        unique=["replication_id", "number"],
        indexes=["ibge_code", "replication_id", "status"],
    )


def downgrade() -> None:
    from migrations.shapes import drop_table

    drop_table("replication_revision", indexes=["ibge_code", "replication_id", "status"])
    drop_table("replication", indexes=["organisation_id", "practice_id", "status"])

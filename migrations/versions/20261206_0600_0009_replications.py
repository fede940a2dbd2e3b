"""replications: a curated kind recording who replicated which practice, where

Two new tables, replication and replication_revision, in the shape of every curated kind; no
existing row changes.
"""

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    from migrations import shapes as s

    s.create_table(
        "replication",
        *s.lifecycle_columns("lifecyclestatus"),
        s.id_column(),
        s.integer("organisation_id", references="organisation"),
        s.integer("practice_id", references="practice"),
        indexes=["organisation_id", "practice_id", "status"],
    )
    s.create_table(
        "replication_revision",
        s.integer("number"),
        *s.revision_columns(),
        s.id_column(),
        s.integer("replication_id", references="replication"),
        s.integer("ibge_code", nullable=True, references="municipality.ibge_code"),
        unique=["replication_id", "number"],
        indexes=["ibge_code", "replication_id", "status"],
    )


def downgrade() -> None:
    from migrations.shapes import drop_table

    drop_table("replication_revision", indexes=["ibge_code", "replication_id", "status"])
    drop_table("replication", indexes=["organisation_id", "practice_id", "status"])

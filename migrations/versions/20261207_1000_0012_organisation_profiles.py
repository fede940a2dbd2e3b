"""organisation profiles: a curated kind holding what an organisation says publicly about itself

Two new tables, organisation_profile (its id is the organisation's) and
organisation_profile_revision, in the shape of every curated kind; no existing row changes.
"""

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    from migrations import shapes as s

    s.create_table(
        "organisation_profile",
        *s.lifecycle_columns("lifecyclestatus"),
        s.integer("id", references="organisation"),
        indexes=["status"],
    )
    s.create_table(
        "organisation_profile_revision",
        s.integer("number"),
        *s.revision_columns(),
        s.id_column(),
        s.integer("organisation_profile_id", references="organisation_profile"),
        s.string("municipalities_key", 1000),
        unique=["organisation_profile_id", "number"],
        indexes=["organisation_profile_id", "status"],
    )


def downgrade() -> None:
    from migrations.shapes import drop_table

    drop_table("organisation_profile_revision", indexes=["organisation_profile_id", "status"])
    drop_table("organisation_profile", indexes=["status"])

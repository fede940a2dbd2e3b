"""policy registry"""

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    from migrations.shapes import (
        create_table,
        id_column,
        integer,
        lifecycle_columns,
        revision_columns,
        utc_datetime,
    )

    create_table(
        "policy",
        *lifecycle_columns("lifecyclestatus"),
        id_column(),
        integer("organisation_id", nullable=True, references="organisation"),
        utc_datetime("last_verified_at", nullable=True),
        integer("last_verified_by_id", nullable=True, references="user_account"),
        indexes=["organisation_id", "status"],
    )
    create_table(
        "policy_revision",
        integer("number"),
        *revision_columns(),
        id_column(),
        integer("policy_id", references="policy"),
        unique=["policy_id", "number"],
        indexes=["policy_id", "status"],
    )


def downgrade() -> None:
    from migrations.shapes import drop_table

    drop_table("policy_revision", indexes=["policy_id", "status"])
    drop_table("policy", indexes=["organisation_id", "status"])

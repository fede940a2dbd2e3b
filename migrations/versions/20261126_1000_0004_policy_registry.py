"""policy registry"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "policy",
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "in_review",
                "changes_requested",
                "published",
                "rejected",
                "archived",
                name="lifecyclestatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("latest_revision_id", sa.Integer(), nullable=True),
        sa.Column("published_revision_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("archived_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("last_verified_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_verified_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_policy_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["last_verified_by_id"],
            ["user_account.id"],
            name=op.f("fk_policy_last_verified_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_policy_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy")),
    )
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_policy_status"), ["status"], unique=False)

    op.create_table(
        "policy_revision",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "in_review",
                "changes_requested",
                "approved",
                "rejected",
                name="revisionstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("themes_key", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("ufs_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claimed_by_id"],
            ["user_account.id"],
            name=op.f("fk_policy_revision_claimed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_policy_revision_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["policy.id"], name=op.f("fk_policy_revision_policy_id_policy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_revision")),
        sa.UniqueConstraint("policy_id", "number", name=op.f("uq_policy_revision_policy_id")),
    )
    with op.batch_alter_table("policy_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_revision_policy_id"), ["policy_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_policy_revision_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("policy_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_revision_status"))
        batch_op.drop_index(batch_op.f("ix_policy_revision_policy_id"))

    op.drop_table("policy_revision")
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_status"))
        batch_op.drop_index(batch_op.f("ix_policy_organisation_id"))

    op.drop_table("policy")

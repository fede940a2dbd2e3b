"""capacity report versions: a dated report replaced by its organisation's import is kept

Only new replacements are recorded; no existing data changes shape.
"""

import sqlalchemy as sa

revision = "0015"
down_revision = "0014"


def upgrade() -> None:
    from migrations import shapes as s

    s.create_table(
        "capacity_report_version",
        s.id_column(),
        s.integer("report_id", references="capacity_report"),
        s.integer("organisation_id", nullable=True, references="organisation"),
        s.integer("reported_by_id", references="user_account"),
        s.column("content", sa.JSON()),
        s.utc_datetime("written_at"),
        s.utc_datetime("replaced_at"),
        s.integer("replaced_by_id", references="user_account"),
        indexes=["report_id"],
    )


def downgrade() -> None:
    from migrations import shapes as s

    s.drop_table("capacity_report_version", indexes=["report_id"])

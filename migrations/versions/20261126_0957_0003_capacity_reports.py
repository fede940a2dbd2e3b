"""capacity reports (dated, with facility places as rows) and practice_revision.municipalities_key"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    from migrations.shapes import (
        column,
        create_table,
        created_at,
        id_column,
        integer,
        string,
        utc_datetime,
    )

    create_table(
        "capacity_report",
        id_column(),
        integer("ibge_code", references="municipality.ibge_code"),
        column("as_of", sa.Date()),
        string("source", 40),
        integer("reported_by_id", references="user_account"),
        integer("organisation_id", nullable=True, references="organisation"),
        column("receives_interiorizacao", sa.Boolean()),
        integer("families_per_month", nullable=True),
        column("services", sa.JSON()),
        string("notes", 2000),
        created_at(),
        utc_datetime("updated_at"),
        checks={"families_non_negative": "families_per_month >= 0"},
        unique=["ibge_code", "as_of"],
        indexes=["as_of"],
    )
    create_table(
        "capacity_place",
        integer("report_id", references="capacity_report"),
        string("facility_type", 40),
        integer("total"),
        integer("occupied"),
        checks={
            "occupied_within_total": "occupied >= 0 AND occupied <= total",
            "total_non_negative": "total >= 0",
        },
        primary_key=["report_id", "facility_type"],
    )
    with op.batch_alter_table("practice_revision", schema=None) as batch_op:
        batch_op.add_column(string("municipalities_key", 300, server_default=""))

    _backfill_municipalities_key()


def _backfill_municipalities_key() -> None:
    """Existing revisions get the same "|code|code|" key the practices service now writes."""
    revisions = sa.table(
        "practice_revision",
        sa.column("id", sa.Integer()),
        sa.column("content", sa.JSON()),
        sa.column("municipalities_key", sa.String()),
    )
    conn = op.get_bind()
    updates = []
    for rid, content in conn.execute(sa.select(revisions.c.id, revisions.c.content)):
        codes = [str(code) for code in (content or {}).get("municipalities") or []]
        if codes:
            updates.append({"rid": rid, "key": "|" + "|".join(codes) + "|"})
    if updates:
        conn.execute(
            revisions.update()
            .where(revisions.c.id == sa.bindparam("rid"))
            .values(municipalities_key=sa.bindparam("key")),
            updates,
        )


def downgrade() -> None:
    from migrations.shapes import drop_table

    with op.batch_alter_table("practice_revision", schema=None) as batch_op:
        batch_op.drop_column("municipalities_key")

    drop_table("capacity_place")
    drop_table("capacity_report", indexes=["as_of"])

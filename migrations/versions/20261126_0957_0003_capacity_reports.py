"""capacity reports (dated, with facility places as rows) and practice_revision.municipalities_key"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "capacity_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ibge_code", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("receives_interiorizacao", sa.Boolean(), nullable=False),
        sa.Column("families_per_month", sa.Integer(), nullable=True),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "families_per_month >= 0", name=op.f("ck_capacity_report_families_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["ibge_code"],
            ["municipality.ibge_code"],
            name=op.f("fk_capacity_report_ibge_code_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_capacity_report_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["user_account.id"],
            name=op.f("fk_capacity_report_reported_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capacity_report")),
        sa.UniqueConstraint("ibge_code", "as_of", name=op.f("uq_capacity_report_ibge_code")),
    )
    with op.batch_alter_table("capacity_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_capacity_report_as_of"), ["as_of"], unique=False)

    op.create_table(
        "capacity_place",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("facility_type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("occupied", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "occupied >= 0 AND occupied <= total",
            name=op.f("ck_capacity_place_occupied_within_total"),
        ),
        sa.CheckConstraint("total >= 0", name=op.f("ck_capacity_place_total_non_negative")),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["capacity_report.id"],
            name=op.f("fk_capacity_place_report_id_capacity_report"),
        ),
        sa.PrimaryKeyConstraint("report_id", "facility_type", name=op.f("pk_capacity_place")),
    )
    with op.batch_alter_table("practice_revision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "municipalities_key",
                sqlmodel.sql.sqltypes.AutoString(length=300),
                nullable=False,
                server_default="",
            )
        )

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
    with op.batch_alter_table("practice_revision", schema=None) as batch_op:
        batch_op.drop_column("municipalities_key")

    op.drop_table("capacity_place")
    with op.batch_alter_table("capacity_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capacity_report_as_of"))

    op.drop_table("capacity_report")

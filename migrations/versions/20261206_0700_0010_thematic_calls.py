"""thematic calls: the call table, and the call a practice revision answers

practice_revision gains a nullable call_id; existing revisions answer no call (NULL).
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    from migrations.shapes import column, create_table, id_column, integer, string, utc_datetime

    create_table(
        "call",
        id_column(),
        string("title", 200),
        string("description", 10000),
        column("themes", sa.JSON()),
        string("scope", 20),
        column("ufs", sa.JSON()),
        column("municipalities", sa.JSON()),
        column("opens_on", sa.Date()),
        column("closes_on", sa.Date()),
        integer("created_by_id", references="user_account"),
        utc_datetime("created_at"),
        utc_datetime("updated_at"),
        indexes=["closes_on", "opens_on"],
    )
    with op.batch_alter_table("practice_revision") as batch:
        batch.add_column(sa.Column("call_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_practice_revision_call_id"), ["call_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_practice_revision_call_id_call"), "call", ["call_id"], ["id"]
        )


def downgrade() -> None:
    from migrations.shapes import drop_table

    with op.batch_alter_table("practice_revision") as batch:
        batch.drop_constraint(batch.f("fk_practice_revision_call_id_call"), type_="foreignkey")
        batch.drop_index(batch.f("ix_practice_revision_call_id"))
        batch.drop_column("call_id")
    drop_table("call", indexes=["closes_on", "opens_on"])

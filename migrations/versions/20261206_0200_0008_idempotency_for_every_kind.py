"""idempotency for every curated kind: idempotency_record names the kind and the item

Before, a record pointed at a practice (practice_id); now it names the kind (subject_type) and
the item (subject_id), and keys are unique per user and kind. Existing records are carried
across as practice records with the same ids.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"

TABLE = "idempotency_record"
UNIQUE = "uq_idempotency_record_user_id"  # the naming convention names it by its first column
PRACTICE_FK = "fk_idempotency_record_practice_id_practice"


def upgrade() -> None:
    from migrations.shapes import string

    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(string("subject_type", 20, server_default="practice"))
        batch.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
    op.execute(sa.text(f"UPDATE {TABLE} SET subject_id = practice_id"))
    with op.batch_alter_table(TABLE) as batch:
        batch.alter_column("subject_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column(
            "subject_type",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=20),
            server_default=None,
        )
        batch.drop_constraint(UNIQUE, type_="unique")
        batch.drop_constraint(PRACTICE_FK, type_="foreignkey")
        batch.drop_column("practice_id")
        batch.create_unique_constraint(UNIQUE, ["user_id", "subject_type", "key"])


def downgrade() -> None:
    # Records of other kinds have no place in the old shape: their retries create anew.
    op.execute(sa.text(f"DELETE FROM {TABLE} WHERE subject_type <> 'practice'"))
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(sa.Column("practice_id", sa.Integer(), nullable=True))
    op.execute(sa.text(f"UPDATE {TABLE} SET practice_id = subject_id"))
    with op.batch_alter_table(TABLE) as batch:
        batch.alter_column("practice_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint(UNIQUE, type_="unique")
        batch.drop_column("subject_id")
        batch.drop_column("subject_type")
        batch.create_foreign_key(PRACTICE_FK, "practice", ["practice_id"], ["id"])
        batch.create_unique_constraint(UNIQUE, ["user_id", "key"])

"""API-key scopes: apikey gains scopes (read, submit, curate, admin, space-separated)

Existing keys keep what they could do: every scope their owner's role allows (a contributor's
or gov_editor's keys read and submit, a curator's also curate, an admin's hold all four).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"

BY_ROLE = """
UPDATE apikey SET scopes = CASE
    (SELECT role FROM user_account WHERE user_account.id = apikey.user_id)
    WHEN 'admin' THEN 'read submit curate admin'
    WHEN 'curator' THEN 'read submit curate'
    ELSE 'read submit'
END
"""


def upgrade() -> None:
    from migrations import shapes as s

    with op.batch_alter_table("apikey") as batch:
        batch.add_column(s.string("scopes", 40, nullable=True))
    op.execute(sa.text(BY_ROLE))
    with op.batch_alter_table("apikey") as batch:
        batch.alter_column(
            "scopes", existing_type=sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("apikey") as batch:
        batch.drop_column("scopes")

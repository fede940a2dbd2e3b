"""joining: accounts say whether their e-mail is confirmed, and people ask to join

`email_verified` is true for every existing account (admins and the CLI made them) and for new
ones unless the person signed up at /participar. `join_request` holds what they asked: an
existing organisation or a new one (its name and type), their message, the sha256 of the
confirmation link's token, and the decision.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"


def upgrade() -> None:
    from migrations import shapes as s

    # Plain ADD COLUMN (no batch copy of user_account, which every table references).
    verified = sa.Column("email_verified", sa.Boolean(), nullable=False, server_default=sa.true())
    op.add_column("user_account", verified)
    s.create_table(
        "join_request",
        s.id_column(),
        s.integer("user_id", references="user_account"),
        s.integer("organisation_id", nullable=True, references="organisation"),
        s.string("new_organisation", 200, nullable=True),
        s.string("new_organisation_type", 50, nullable=True),
        s.string("message", 2000),
        s.enum("status", "joinstatus", "unconfirmed pending approved refused"),
        s.string("token_hash", 64),
        s.integer("decided_by", nullable=True, references="user_account"),
        s.utc_datetime("decided_at", nullable=True),
        s.created_at(),
        unique=["token_hash"],
        indexes=["user_id", "organisation_id", "status"],
    )


def downgrade() -> None:
    from migrations import shapes as s

    s.drop_table("join_request", indexes=["user_id", "organisation_id", "status"])
    op.drop_column("user_account", "email_verified")  # SQLite 3.35+, PostgreSQL

"""password resets: the single-use links "forgot my password" mails

Only the sha256 of each link's token is kept; a link expires an hour after it was asked for
and is spent once used. A new table: existing rows are untouched.
"""

revision = "0019"
down_revision = "0018"


def upgrade() -> None:
    from migrations import shapes as s

    s.create_table(
        "password_reset",
        s.id_column(),
        s.string("token_hash", 64),
        s.integer("user_id", references="user_account"),
        s.created_at(),
        s.utc_datetime("expires_at"),
        s.utc_datetime("used_at", nullable=True),
        unique=["token_hash"],
        indexes=["user_id"],
    )


def downgrade() -> None:
    from migrations import shapes as s

    s.drop_table("password_reset", indexes=["user_id"])

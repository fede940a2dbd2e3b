"""account security: server-side web sessions, the addresses owners signed in from, the
accounts' audit, and on user_account the credential epoch and the chosen language

Existing users get epoch 0 (the value their bearer tokens carry, or are read as carrying) and
no language (the browser's). Signed-cookie sessions from before end: people sign in again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    from migrations import shapes as s

    # Plain ADD COLUMN, no batch: on SQLite a batch would copy user_account, which every
    # other table references, and the copy's DROP TABLE fails with rows pointing at it.
    epoch = sa.Column("credential_epoch", sa.Integer(), nullable=False, server_default="0")
    op.add_column("user_account", epoch)
    op.add_column("user_account", s.string("language", 5, nullable=True))
    s.create_table(
        "web_session",
        s.id_column(),
        s.string("token_hash", 64),
        s.integer("user_id", references="user_account"),
        s.created_at(),
        s.utc_datetime("last_seen_at"),
        unique=["token_hash"],
        indexes=["user_id"],
    )
    s.create_table(
        "sign_in_address",
        s.integer("user_id", references="user_account"),
        s.string("address_hash", 40),
        s.utc_datetime("last_success_at"),
        primary_key=["user_id", "address_hash"],
    )
    kinds = "sign_in_throttled sessions_ended password_changed deactivated reactivated role_changed"
    s.create_table(
        "security_event",
        s.id_column(),
        s.enum("kind", "securityeventkind", kinds),
        s.integer("user_id", nullable=True, references="user_account"),
        s.integer("actor_id", nullable=True, references="user_account"),
        s.string("address", 64, nullable=True),
        s.string("detail", 300),
        s.created_at(),
        indexes=["created_at", "user_id"],
    )


def downgrade() -> None:
    from migrations import shapes as s

    s.drop_table("security_event", indexes=["created_at", "user_id"])
    s.drop_table("sign_in_address")
    s.drop_table("web_session", indexes=["user_id"])
    op.drop_column("user_account", "language")  # ALTER TABLE DROP COLUMN (SQLite 3.35+)
    op.drop_column("user_account", "credential_epoch")

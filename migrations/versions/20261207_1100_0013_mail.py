"""mail: the mail outbox, failing addresses, opt-outs, digest subscriptions, freshness notices

Five new tables; no existing row changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    from migrations import shapes as s

    op.create_table(
        "mail_message",
        s.id_column(),
        s.string("message_id", 200),
        s.string("dedupe_key", 200, nullable=True),
        s.string("to_address", 254),
        s.string("template", 60),
        s.string("topic", 60),
        s.string("language", 5),
        s.column("about_own_account", sa.Boolean()),
        s.string("subject", 300),
        s.column("text_body", sa.Text()),
        s.column("html_body", sa.Text()),
        s.string("unsubscribe_url", 500, nullable=True),
        s.enum("status", "mailstatus", "pending sent failed"),
        s.integer("attempts"),
        s.integer("refusals"),
        s.integer("deferrals"),
        s.utc_datetime("next_attempt_at"),
        s.string("last_error", 500, nullable=True),
        s.string("transport", 10, nullable=True),
        s.created_at(),
        s.utc_datetime("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_mail_message_dedupe_key")),
        sa.UniqueConstraint("message_id", name=op.f("uq_mail_message_message_id")),
    )
    with op.batch_alter_table("mail_message") as batch:
        batch.create_index("ix_mail_message_status_next", ["status", "next_attempt_at"])
        batch.create_index(op.f("ix_mail_message_to_address"), ["to_address"])
    s.create_table(
        "mail_address",
        s.string("address", 254),
        s.integer("refusals"),
        s.utc_datetime("failing_since", nullable=True),
        s.string("last_error", 500, nullable=True),
        s.utc_datetime("updated_at"),
        primary_key=["address"],
    )
    s.create_table(
        "mail_opt_out",
        s.id_column(),
        s.string("address", 254),
        s.string("topic", 60),
        s.created_at(),
        unique=["address", "topic"],
        indexes=["address"],
    )
    s.create_table(
        "digest_subscription",
        s.id_column(),
        s.integer("user_id", references="user_account"),
        s.enum("frequency", "frequency", "daily weekly"),
        s.column("themes", sa.JSON()),
        s.string("uf", 2, nullable=True),
        s.integer("ibge_code", nullable=True, references="municipality.ibge_code"),
        s.integer("call_id", nullable=True, references="call"),
        s.created_at(),
        indexes=["user_id"],
    )
    s.create_table(
        "freshness_notice",
        s.id_column(),
        s.integer("ibge_code", references="municipality.ibge_code"),
        s.column("as_of", sa.Date()),
        s.enum("stage", "freshnessstage", "nearing passed overdue"),
        s.created_at(),
        unique=["ibge_code", "as_of", "stage"],
    )


def downgrade() -> None:
    from migrations import shapes as s

    s.drop_table("freshness_notice")
    s.drop_table("digest_subscription", indexes=["user_id"])
    s.drop_table("mail_opt_out", indexes=["address"])
    s.drop_table("mail_address")
    with op.batch_alter_table("mail_message") as batch:
        batch.drop_index(op.f("ix_mail_message_to_address"))
        batch.drop_index("ix_mail_message_status_next")
    op.drop_table("mail_message")

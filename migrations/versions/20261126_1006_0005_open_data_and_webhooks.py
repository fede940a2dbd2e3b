"""open data and webhooks: outbox_event.txid (commit-order-safe readers), batch external ids,
webhook subscriptions, deliveries and the dispatcher cursor
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    from migrations.shapes import (
        column,
        create_table,
        created_at,
        enum,
        id_column,
        integer,
        string,
        utc_datetime,
    )

    create_table(
        "webhook_cursor",
        string("name", 40),
        column("txid", sa.BigInteger()),
        integer("event_id"),
        utc_datetime("updated_at"),
        primary_key=["name"],
    )
    create_table(
        "webhook_subscription",
        id_column(),
        integer("owner_id", references="user_account"),
        string("url", 2000),
        column("events", sa.JSON()),
        string("description", 200),
        string("secret", 100),
        column("allow_private", sa.Boolean()),
        created_at(),
        indexes=["owner_id"],
    )
    create_table(
        "practice_external_id",
        id_column(),
        integer("organisation_id", references="organisation"),
        string("external_id", 200),
        integer("practice_id", references="practice"),
        integer("user_id", references="user_account"),
        created_at(),
        unique=["organisation_id", "external_id"],
    )
    create_table(
        "webhook_delivery",
        id_column(),
        integer("subscription_id", references="webhook_subscription"),
        integer("outbox_event_id", references="outbox_event"),
        string("event", 40),
        string("entity_type", 20),
        integer("entity_id"),
        column("body", sa.Text()),
        enum("status", "deliverystatus", "pending delivered failed"),
        integer("attempts"),
        utc_datetime("next_attempt_at"),
        utc_datetime("last_attempt_at", nullable=True),
        utc_datetime("delivered_at", nullable=True),
        integer("last_status_code", nullable=True),
        string("last_error", 500, nullable=True),
        column("attempt_log", sa.JSON()),
        created_at(),
        unique=["subscription_id", "outbox_event_id"],
    )
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_delivery_status_next", ["status", "next_attempt_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_webhook_delivery_subscription_id"), ["subscription_id"], unique=False
        )

    # Rows written before this revision get 0: they all committed before any reader existed.
    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("txid", sa.BigInteger(), server_default="0", nullable=False))
        batch_op.create_index("ix_outbox_event_txid_id", ["txid", "id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # The writing transaction's id (xid8 as bigint; 64 bits, never wraps). SQLite keeps 0:
        # its writers are serialised, so id order is commit order there (app/outbox/feed.py).
        op.alter_column(
            "outbox_event", "txid", server_default=sa.text("(pg_current_xact_id()::text::bigint)")
        )


def downgrade() -> None:
    from migrations.shapes import drop_table

    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_event_txid_id")
        batch_op.drop_column("txid")

    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_delivery_subscription_id"))
        batch_op.drop_index("ix_webhook_delivery_status_next")

    drop_table("webhook_delivery")
    drop_table("practice_external_id")
    drop_table("webhook_subscription", indexes=["owner_id"])
    drop_table("webhook_cursor")

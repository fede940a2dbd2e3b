"""search worker lease: one outbox worker at a time across app processes"""

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    from migrations.shapes import create_table, string, utc_datetime

    create_table(
        "worker_lease",
        string("name", 60),
        string("holder", 120),
        utc_datetime("expires_at"),
        primary_key=["name"],
    )


def downgrade() -> None:
    from migrations.shapes import drop_table

    drop_table("worker_lease")

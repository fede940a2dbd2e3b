"""rate limit buckets: fixed-window counters shared by every app process"""

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    from migrations.shapes import create_table, integer, string, utc_datetime

    create_table(
        "rate_limit_bucket",
        string("key", 200),
        utc_datetime("window_start"),
        integer("hits"),
        primary_key=["key"],
        indexes=["window_start"],
    )


def downgrade() -> None:
    from migrations.shapes import drop_table

    drop_table("rate_limit_bucket", indexes=["window_start"])

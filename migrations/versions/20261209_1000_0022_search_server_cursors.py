"""search server cursors: how far each Meilisearch server has been fed the outbox

One row per server (its host:port name): `in_sync` servers receive every pass and their
`delivered_through` follows the frontier (every search event up to it processed); a `behind`
server is caught up by replaying, in the order they were processed, the events processed after
(`replay_at`, `replay_id`), or filled whole when `replay_at` is NULL (a server never fed).
No row is written here: an empty table means "every configured server is in sync" (the one
server of an existing installation), and the worker writes the rows at the frontier.
"""

revision = "0022"
down_revision = "0021"


def upgrade() -> None:
    from migrations import shapes as s

    s.create_table(
        "search_server_cursor",
        s.string("server", 200),
        s.string("state", 20),
        s.integer("delivered_through"),
        s.utc_datetime("replay_at", nullable=True),
        s.integer("replay_id"),
        s.utc_datetime("updated_at"),
        primary_key=["server"],
    )


def downgrade() -> None:
    from migrations import shapes as s

    s.drop_table("search_server_cursor")

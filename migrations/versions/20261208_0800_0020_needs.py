"""needs: what a municipality lacks, and organisations' offers of help

Two new tables: existing rows are untouched.
"""

revision = "0020"
down_revision = "0019"


def upgrade() -> None:
    import sqlalchemy as sa

    from migrations import shapes as s

    s.create_table(
        "need",
        s.id_column(),
        s.integer("ibge_code", references="municipality.ibge_code"),
        s.string("uf", 2),
        s.string("title", 200),
        s.column("themes", sa.JSON()),
        s.string("description", 10_000),
        s.integer("people_concerned"),
        s.column("until", sa.Date()),
        s.enum("state", "needstate", "open met"),
        s.integer("created_by_id", references="user_account"),
        s.integer("organisation_id", nullable=True, references="organisation"),
        s.created_at(),
        s.utc_datetime("updated_at"),
        indexes=["ibge_code", "uf", "until"],
    )
    s.create_table(
        "need_offer",
        s.id_column(),
        s.integer("need_id", references="need"),
        s.integer("organisation_id", references="organisation"),
        s.integer("created_by_id", references="user_account"),
        s.string("message", 5_000),
        s.string("gives", 2_000),
        s.string("contact", 300),
        s.created_at(),
        indexes=["need_id", "organisation_id"],
    )


def downgrade() -> None:
    from migrations import shapes as s

    s.drop_table("need_offer", indexes=["need_id", "organisation_id"])
    s.drop_table("need", indexes=["ibge_code", "uf", "until"])

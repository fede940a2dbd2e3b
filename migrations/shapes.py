"""The column, constraint and index shapes the revisions in versions/ build again and again.

Frozen history: a revision that calls a function here runs it whenever a database upgrades or
downgrades through that revision, so changing what a function builds changes old migrations
(and databases migrated before and after the change would differ). Keep these as they are; when
a new revision needs another shape, add a new function.

Names follow the naming convention in app/db.py and are marked as final (op.f): pk_<table>,
fk_<table>_<column>_<referred table>, uq_<table>_<first column>, ck_<table>_<name>,
ix_<table>_<column>.

Revisions import this inside upgrade() and downgrade(), not at their top: Alembic and the backup
code (app/backup/service.py) load a revision file to read its ids without running env.py, and
env.py is what makes sure the project root, where this package lives, is on sys.path.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op


def column(name: str, type_: Any, *, nullable: bool = False, **kw: Any) -> sa.Column:
    return sa.Column(name, type_, nullable=nullable, **kw)


def integer(name: str, *, nullable: bool = False, references: str | None = None) -> sa.Column:
    """An INTEGER; `references`: see create_table."""
    info = {"references": references} if references else {}
    return sa.Column(name, sa.Integer(), nullable=nullable, info=info)


def string(
    name: str, length: int, *, nullable: bool = False, references: str | None = None, **kw: Any
) -> sa.Column:
    """SQLModel's str column, VARCHAR(length); `references`: see create_table."""
    info = {"references": references} if references else {}
    kind = sqlmodel.sql.sqltypes.AutoString(length=length)
    return sa.Column(name, kind, nullable=nullable, info=info, **kw)


def utc_datetime(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.UTCDateTime(), nullable=nullable)


def id_column() -> sa.Column:
    """The surrogate key; create_table makes "id" the primary key unless told otherwise."""
    return integer("id")


def created_at() -> sa.Column:
    """When the row was written."""
    return utc_datetime("created_at")


def enum(name: str, type_name: str, values: str) -> sa.Column:
    """A non-null Python enum stored as VARCHAR(20); `values` separated by spaces."""
    kind = sa.Enum(*values.split(), name=type_name, native_enum=False, length=20)
    return sa.Column(name, kind, nullable=False)


def lifecycle_columns(status_type: str) -> list[sa.Column]:
    """A curated item's status and lifecycle, as the practice (0001) and policy (0004) tables
    have them; the status enum is named `status_type`."""
    statuses = "draft submitted in_review changes_requested published rejected archived"
    return [
        enum("status", status_type, statuses),
        integer("created_by_id", references="user_account"),
        integer("latest_revision_id", nullable=True),
        integer("published_revision_id", nullable=True),
        utc_datetime("published_at", nullable=True),
        utc_datetime("archived_at", nullable=True),
        integer("version"),
        created_at(),
        utc_datetime("updated_at"),
    ]


def revision_columns() -> list[sa.Column]:
    """A curated revision's status, content and review, as the practice_revision (0001) and
    policy_revision (0004) tables have them after their `number`."""
    statuses = "draft submitted in_review changes_requested approved rejected"
    return [
        enum("status", "revisionstatus", statuses),
        column("content", sa.JSON()),
        string("themes_key", 1000),
        string("ufs_key", 200),
        integer("created_by_id", references="user_account"),
        integer("claimed_by_id", nullable=True, references="user_account"),
        utc_datetime("created_at"),
        utc_datetime("updated_at"),
        utc_datetime("submitted_at", nullable=True),
    ]


def create_table(
    name: str,
    *columns: sa.Column,
    checks: Mapping[str, str] = {},
    primary_key: Iterable[str] = ("id",),
    unique: Iterable[str] = (),
    indexes: Iterable[str] = (),
) -> None:
    """The table with, after its columns: its check constraints ({name: condition}), a foreign
    key for each column built with `references` ("table" for table.id, or "table.column"), in
    the order of the columns' names as Alembic's autogenerate writes them, its primary key, its
    unique constraint (its columns, if any); then, in a batch, an index on each of `indexes`."""
    constraints: list[Any] = [
        sa.CheckConstraint(condition, name=op.f(f"ck_{name}_{check}"))
        for check, condition in checks.items()
    ]
    for col in sorted((c for c in columns if "references" in c.info), key=lambda c: c.name):
        referred, _, referred_column = col.info["references"].partition(".")
        constraints.append(
            sa.ForeignKeyConstraint(
                [col.name],
                [f"{referred}.{referred_column or 'id'}"],
                name=op.f(f"fk_{name}_{col.name}_{referred}"),
            )
        )
    constraints.append(sa.PrimaryKeyConstraint(*primary_key, name=op.f(f"pk_{name}")))
    unique = list(unique)
    if unique:
        constraints.append(sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_{unique[0]}")))
    op.create_table(name, *columns, *constraints)
    create_indexes(name, indexes)


def create_indexes(table: str, columns: Iterable[str]) -> None:
    """A non-unique index on each column, in one batch (none when there are no columns)."""
    columns = list(columns)
    if columns:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for col in columns:
                batch_op.create_index(op.f(f"ix_{table}_{col}"), [col], unique=False)


def drop_table(name: str, indexes: Iterable[str] = ()) -> None:
    """Undoes create_table: the indexes on `indexes` in reverse order, then the table."""
    columns = list(indexes)
    if columns:
        with op.batch_alter_table(name, schema=None) as batch_op:
            for col in reversed(columns):
                batch_op.drop_index(op.f(f"ix_{name}_{col}"))
    op.drop_table(name)

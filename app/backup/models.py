"""What the backends report about a database: its schema revision and rows per table."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Snapshot:
    """A database as seen in one consistent snapshot (the one the backup copied)."""

    revision: str | None  # alembic revision; None: no schema yet
    tables: dict[str, int] = field(default_factory=dict)
    tool: str = ""
    server_version: str | None = None

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass(frozen=True)
class Target:
    """The configured database a restore would overwrite."""

    description: str
    exists: bool
    snapshot: Snapshot

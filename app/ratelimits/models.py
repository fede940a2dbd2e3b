"""Rate-limit counters kept in the database, so every app process shares them."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class RateLimitBucket(SQLModel, table=True):
    """Hits of one key (rule + IP or account) in the current fixed window."""

    __tablename__ = "rate_limit_bucket"

    key: str = Field(primary_key=True, max_length=200)
    window_start: datetime = Field(index=True)
    hits: int = 0

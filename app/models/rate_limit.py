"""Per-client request counters of the rate limit, shared by every API process."""

from sqlmodel import Field, SQLModel


class RateLimitCounter(SQLModel, table=True):
    """How many requests one client made in one minute (a fixed window)."""

    __tablename__ = "rate_limit_counter"
    key: str = Field(max_length=200, primary_key=True)
    minute: int = Field(primary_key=True, description="Minutes since the epoch.")
    count: int = 0

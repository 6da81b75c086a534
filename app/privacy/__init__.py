"""Personal data: a mentor's export (everything held) and erasure (anonymisation)."""

"""Benchmarks: each module exposes ``run() -> list[dict]``; ``python -m bench`` prints them as one table."""

"""Academic-year arithmetic: a year runs from 1 September to 31 August."""

from __future__ import annotations

from datetime import date

__all__ = [
    "academic_year",
    "academic_year_label",
    "academic_year_start",
    "academic_year_start_year",
]


def academic_year_start_year(d: date) -> int:
    """Calendar year in which the academic year containing `d` started (2025 for 2025/26)."""
    return d.year if d.month >= 9 else d.year - 1


def academic_year_start(d: date) -> date:
    """1 September that starts the academic year containing `d`."""
    return date(academic_year_start_year(d), 9, 1)


def academic_year_label(start_year: int) -> str:
    """Label of the academic year starting in `start_year`, e.g. 2025 -> "2025/26"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def academic_year(d: date) -> str:
    """Label of the academic year containing `d`: 2025-08-31 -> "2024/25", 2025-09-01 -> "2025/26"."""
    return academic_year_label(academic_year_start_year(d))

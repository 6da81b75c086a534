"""Hours at the edges: the engine keeps integers of hundredths, JSON carries numbers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["hours_in", "hours_out"]


def hours_out(hundredths: int) -> int | float:
    """Hundredths of an hour as a JSON number: 600 -> 6, 450 -> 4.5, 599 -> 5.99."""
    if hundredths % 100 == 0:
        return hundredths // 100
    return hundredths / 100


def hours_in(value: object) -> int:
    """A JSON number of hours with at most two decimals as exact hundredths; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError("must be a number of hours")
    try:
        scaled = Decimal(str(value)) * 100
    except InvalidOperation as exc:  # pragma: no cover - str() of a number always parses
        raise ValueError("must be a number of hours") from exc
    if not scaled.is_finite():
        raise ValueError("must be a finite number of hours")
    if scaled != scaled.to_integral_value():
        raise ValueError("must have at most two decimal places")
    return int(scaled)

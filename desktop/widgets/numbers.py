"""Numbers as officers type them: a decimal comma or point, an optional percent sign."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def parse_number(text: str) -> Decimal | None:
    """ "8,17", "8.17", "-47,43 %" -> Decimal; "" -> None; ValueError for anything else."""
    cleaned = text.strip().replace("%", "").replace(" ", "")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not value.is_finite():
        raise ValueError(text)
    return value

"""Which export actions a signed-in role may use (the server enforces the same on sync)."""

from __future__ import annotations

PACKAGE_ROLES = frozenset({"admin", "verifikator"})
"""Build the Paket kirim: the pemda's coordinators (admin) and verifiers."""
CARRY_OVER_ROLES = frozenset({"operator", "admin", ""})
"""Carry an innovation into the next year: whoever may write innovations ("" = not signed in
yet: drafts made offline before the first sign-in)."""


def may_package(role: str | None) -> bool:
    return (role or "") in PACKAGE_ROLES


def may_carry_over(role: str | None) -> bool:
    return (role or "") in CARRY_OVER_ROLES

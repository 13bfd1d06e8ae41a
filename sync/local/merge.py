"""Three-way, field-by-field merge of record content (JSON-safe dicts).

``merge(base, local, remote)``: a field changed on one side only takes that side's value; a
field changed on both sides to different values is a :class:`FieldConflict` for the officer to
decide (the merged result keeps the local value there until they do). Dicts merge key by key,
recursively; a list of dicts that all carry an ``"id"`` (evidence documents) merges item by item
by id; any other list is one value. A key missing on one side counts as that side's change
(a removal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_MISSING: Any = object()


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed differently. ``path`` is dotted (``profile.nama``,
    ``answers.16.claimed_level``, ``documents.<id>.tentang``); a removed value is ``None``."""

    path: str
    local: Any
    remote: Any


@dataclass
class MergeResult:
    merged: dict[str, Any]
    conflicts: list[FieldConflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge(
    base: dict[str, Any] | None, local: dict[str, Any], remote: dict[str, Any]
) -> MergeResult:
    """Merge ``local`` and ``remote``, both edited from ``base`` (None: no common base)."""
    conflicts: list[FieldConflict] = []
    merged = _merge_dict(base or {}, local, remote, "", conflicts)
    return MergeResult(merged=merged, conflicts=conflicts)


def _is_id_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in value
    )


def _merge_value(base: Any, local: Any, remote: Any, path: str, out: list[FieldConflict]) -> Any:
    if local == remote:
        return local
    if local == base:
        return remote
    if remote == base:
        return local
    if isinstance(local, dict) and isinstance(remote, dict):
        return _merge_dict(base if isinstance(base, dict) else {}, local, remote, path + ".", out)
    if (
        _is_id_list(local)
        and _is_id_list(remote)
        and (base is _MISSING or base is None or _is_id_list(base))
    ):
        return _merge_id_list(base if isinstance(base, list) else [], local, remote, path, out)
    out.append(
        FieldConflict(
            path=path,
            local=None if local is _MISSING else local,
            remote=None if remote is _MISSING else remote,
        )
    )
    return local


def _merge_dict(
    base: dict[str, Any],
    local: dict[str, Any],
    remote: dict[str, Any],
    prefix: str,
    out: list[FieldConflict],
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    keys = (
        list(local)
        + [k for k in remote if k not in local]
        + [k for k in base if k not in local and k not in remote]
    )
    for key in keys:
        value = _merge_value(
            base.get(key, _MISSING),
            local.get(key, _MISSING),
            remote.get(key, _MISSING),
            f"{prefix}{key}",
            out,
        )
        if value is not _MISSING:
            merged[key] = value
    return merged


def _merge_id_list(
    base: list[dict[str, Any]],
    local: list[dict[str, Any]],
    remote: list[dict[str, Any]],
    path: str,
    out: list[FieldConflict],
) -> list[dict[str, Any]]:
    by_base = {item["id"]: item for item in base}
    by_local = {item["id"]: item for item in local}
    by_remote = {item["id"]: item for item in remote}
    order = [item["id"] for item in local] + [
        item["id"] for item in remote if item["id"] not in by_local
    ]
    merged: list[dict[str, Any]] = []
    for item_id in order:
        value = _merge_value(
            by_base.get(item_id, _MISSING),
            by_local.get(item_id, _MISSING),
            by_remote.get(item_id, _MISSING),
            f"{path}.{item_id}",
            out,
        )
        if value is not _MISSING:
            merged.append(value)
    return merged

"""Three-way merge: one-sided changes merge, both-sided different changes are conflicts."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.local.merge import FieldConflict, merge


def content(**profile: Any) -> dict[str, Any]:
    base_profile = {"nama": "A", "tujuan": "t", "urusan_lain": ["x"]}
    return {
        "id": "i1",
        "rule_year": 2026,
        "profile": {**base_profile, **profile},
        "answers": {"16": {"claimed_level": 1}},
        "documents": [{"id": "d1", "tentang": "SK"}, {"id": "d2", "tentang": "Perbup"}],
    }


def test_changes_on_different_fields_merge_without_conflict() -> None:
    base = content()
    local = content(nama="Lokal")
    remote = content(tujuan="Server")
    result = merge(base, local, remote)
    assert result.clean
    assert result.merged["profile"] == {"nama": "Lokal", "tujuan": "Server", "urusan_lain": ["x"]}


def test_same_field_changed_differently_on_both_sides_is_a_conflict() -> None:
    result = merge(content(), content(nama="Lokal"), content(nama="Server"))
    assert result.conflicts == [FieldConflict("profile.nama", "Lokal", "Server")]
    assert result.merged["profile"]["nama"] == "Lokal"  # kept until the officer decides


def test_same_change_on_both_sides_is_not_a_conflict() -> None:
    result = merge(content(), content(nama="Sama"), content(nama="Sama"))
    assert result.clean and result.merged["profile"]["nama"] == "Sama"


def test_plain_lists_are_one_value() -> None:
    result = merge(content(), content(urusan_lain=["x", "y"]), content(urusan_lain=["z"]))
    assert result.conflicts == [FieldConflict("profile.urusan_lain", ["x", "y"], ["z"])]


def test_documents_merge_by_id_additions_removals_and_edits() -> None:
    base = content()
    local = content()
    local["documents"] = [{"id": "d1", "tentang": "SK baru"}, {"id": "d2", "tentang": "Perbup"},
                          {"id": "d3", "tentang": "Foto"}]  # fmt: skip
    remote = content()
    remote["documents"] = [{"id": "d1", "tentang": "SK"}, {"id": "d4", "tentang": "Video"}]
    result = merge(base, local, remote)
    assert result.clean
    assert result.merged["documents"] == [
        {"id": "d1", "tentang": "SK baru"},
        {"id": "d3", "tentang": "Foto"},
        {"id": "d4", "tentang": "Video"},
    ]


def test_a_document_edited_here_and_removed_there_is_a_conflict() -> None:
    local = content()
    local["documents"][1] = {"id": "d2", "tentang": "Perbup 2"}
    remote = content()
    remote["documents"] = remote["documents"][:1]
    result = merge(content(), local, remote)
    assert result.conflicts == [
        FieldConflict("documents.d2", {"id": "d2", "tentang": "Perbup 2"}, None)
    ]


def test_answers_merge_per_indicator_and_a_key_removed_on_one_side_stays_removed() -> None:
    base = content()
    local = content()
    local["answers"]["17"] = {"claimed_level": 2}
    remote = content()
    remote["answers"] = {}
    result = merge(base, local, remote)
    assert result.clean
    assert result.merged["answers"] == {"17": {"claimed_level": 2}}


def test_without_a_base_differing_fields_conflict_and_equal_fields_merge() -> None:
    result = merge(None, {"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4})
    assert result.merged == {"a": 1, "b": 2, "c": 4}
    assert result.conflicts == [FieldConflict("b", 2, 3)]


# --- properties -------------------------------------------------------------------------------

_leaf = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3))
_docs = st.lists(
    st.fixed_dictionaries({"id": st.sampled_from("abcd"), "tentang": st.text(max_size=2)}),
    max_size=3,
    unique_by=lambda d: d["id"],
)
_content = st.dictionaries(
    st.sampled_from(["nama", "tujuan", "level", "profile", "documents"]),
    st.one_of(_leaf, st.dictionaries(st.sampled_from("xyz"), _leaf, max_size=3), _docs),
    max_size=5,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_content, _content)
def test_property_one_sided_changes_always_merge_cleanly(
    base: dict[str, Any], local: dict[str, Any]
) -> None:
    mine = merge(base, local, base)
    assert mine.clean and mine.merged == local
    theirs = merge(base, base, local)
    assert theirs.clean and theirs.merged == local


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_content, _content, _content)
def test_property_conflicts_mirror_when_sides_swap(
    base: dict[str, Any], a: dict[str, Any], b: dict[str, Any]
) -> None:
    ab, ba = merge(base, a, b), merge(base, b, a)
    assert sorted(c.path for c in ab.conflicts) == sorted(c.path for c in ba.conflicts)
    for conflict in ab.conflicts:
        mirrored = next(c for c in ba.conflicts if c.path == conflict.path)
        assert (mirrored.local, mirrored.remote) == (conflict.remote, conflict.local)
    if ab.clean:
        assert _canonical(ab.merged) == _canonical(ba.merged)


def _canonical(value: Any) -> Any:
    """Order-insensitive form (documents merged from two sides may differ in order only)."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list) and all(isinstance(v, dict) and "id" in v for v in value):
        return sorted((_canonical(v) for v in value), key=lambda d: d["id"])
    return value

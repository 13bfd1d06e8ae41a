"""sync.batches: long lists in consecutive slices for one statement each."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.batches import IN_BATCH, batches


@given(st.lists(st.integers(), max_size=40), st.integers(1, 12))
def test_the_slices_are_the_list_in_order_none_empty_none_too_long(
    items: list[int], size: int
) -> None:
    pieces = list(batches(items, size))
    assert [x for piece in pieces for x in piece] == items
    assert all(0 < len(piece) <= size for piece in pieces)
    assert all(len(piece) == size for piece in pieces[:-1])


def test_the_default_keeps_an_in_list_under_sqlites_old_limit_of_999_values() -> None:
    assert [len(p) for p in batches(list(range(1001)))] == [IN_BATCH, IN_BATCH, 1]
    assert IN_BATCH < 999


def test_a_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(batches([1, 2], 0))

"""The chunk-size decision (``sync.client.chunking``): round trips against cuts, as numbers."""

from __future__ import annotations

import pytest

from sync.client.chunking import (
    CHUNK_ALIGN,
    MIN_CHUNK,
    WATCHED_CHUNK_SECONDS,
    LinkEstimate,
    answer_timeout,
    best_chunk_seconds,
    next_chunk,
)

KIB = 1024
MIB = 1024 * 1024
LINE_1M = 125_000.0  # bytes/s
LINE_256K = 32_000.0


def chunk(est: LinkEstimate, remaining: int = 64 * MIB, **kw: object) -> int:
    return next_chunk(est, remaining=remaining, initial=256 * KIB, max_chunk=8 * MIB, **kw)  # type: ignore[arg-type]


def test_the_first_chunk_is_the_initial_one_until_a_rate_is_known() -> None:
    assert chunk(LinkEstimate()) == 256 * KIB
    assert chunk(LinkEstimate(rtt=0.3)) == 256 * KIB
    assert answer_timeout(LinkEstimate(), 256 * KIB, longest=60.0) == 60.0


def test_a_slow_line_with_a_long_round_trip_gets_chunks_of_many_round_trips() -> None:
    # 256 kbit/s, 600 ms: 64 KiB would be 2 s of line per 0.65 s of idle answer (a quarter lost)
    est = LinkEstimate(rate=LINE_256K, rtt=0.6)
    size = chunk(est)
    seconds = size / LINE_256K
    assert seconds >= 10.0
    assert est.overhead / (seconds + est.overhead) < 0.06  # under 6 % lost to round trips


def test_cuts_with_a_reset_do_not_shrink_chunks_but_silent_ones_do() -> None:
    fresh = LinkEstimate(rate=LINE_1M, rtt=0.3, seconds=60.0, acked=int(60 * LINE_1M))
    resets = fresh.note_cut(silent=False).note_cut(silent=False).note_cut(silent=False)
    silent = fresh.note_cut(silent=True).note_cut(silent=True).note_cut(silent=True)
    assert resets.resets == 3 and silent.silent == 3
    # A reset cut costs a reconnect whatever the chunk (the server keeps what arrived) ...
    assert chunk(resets) >= chunk(fresh)
    # ... a silent one is noticed only when the chunk's answer is overdue: smaller chunks.
    assert chunk(silent) < chunk(fresh) / 2
    assert 2.0 <= chunk(silent) / LINE_1M <= 8.0


def test_the_more_often_a_silent_line_cuts_the_smaller_the_chunks() -> None:
    base = LinkEstimate(rate=LINE_1M, rtt=0.3)
    rare = base.note_cut(silent=True, elapsed=300.0)
    often = base.note_cut(silent=True, elapsed=20.0).note_cut(silent=True, elapsed=20.0)
    assert best_chunk_seconds(often) < best_chunk_seconds(rare)


def test_a_watched_body_does_not_shrink_chunks_for_silent_cuts() -> None:
    # With the body kept a short lead ahead of the line (Linux), a silent cut is noticed by the
    # send stall whatever the chunk: chunks are sized by round trips alone, up to the watched
    # bound and to what gets through between two cuts (what waits in the server's socket
    # buffer is lost with a reset, and the lead does not bound that).
    silent = LinkEstimate(rate=LINE_1M, rtt=0.3, seconds=60.0, silent=3, acked=int(60 * LINE_1M))
    assert best_chunk_seconds(silent, watched=True) == float("inf")
    watched = chunk(silent, watched=True)
    assert watched > 2 * chunk(silent)
    assert watched == int(silent.bytes_between_cuts) // CHUNK_ALIGN * CHUNK_ALIGN
    rare = LinkEstimate(rate=LINE_1M, rtt=0.3, seconds=60.0, silent=1, acked=int(60 * LINE_1M))
    bound = int(WATCHED_CHUNK_SECONDS * LINE_1M) // CHUNK_ALIGN * CHUNK_ALIGN
    assert chunk(rare, watched=True) == bound
    # a whole 3 MiB file goes in one PATCH on a 1 Mbit/s line
    assert chunk(rare, remaining=3 * MIB, watched=True) == 3 * MIB
    # with checksums a cut throws the chunk away: sized against the cuts again
    assert chunk(rare, watched=True, keeps_partial=False) < bound


def test_per_chunk_checksums_make_every_cut_cost_half_a_chunk() -> None:
    est = LinkEstimate(rate=LINE_1M, rtt=0.3, seconds=120.0, resets=6, acked=15_000_000)
    assert chunk(est, keeps_partial=False) < chunk(est, keeps_partial=True)


def test_a_long_history_of_reset_cuts_only_grows_chunks_to_tens_of_seconds() -> None:
    # The silent prior fades with every reset cut seen; the chunk grows with it.
    short = LinkEstimate(rate=LINE_1M, rtt=0.3, seconds=60.0, resets=3)
    long = LinkEstimate(rate=LINE_1M, rtt=0.3, seconds=3600.0, resets=180)
    assert best_chunk_seconds(long) > best_chunk_seconds(short) > 10.0
    assert best_chunk_seconds(long) > 30.0


def test_a_chunk_stays_within_what_gets_through_between_two_cuts() -> None:
    # A fast line that cuts every ~1 MB: the bytes waiting in the server's socket buffer are
    # lost with each reset, so chunks far beyond what gets through between cuts only waste.
    est = LinkEstimate(rate=25e6, rtt=0.01, seconds=0.4, resets=10, acked=10 * MIB)
    assert est.bytes_between_cuts == MIB
    assert chunk(est) <= MIB
    # one cut says nothing about the spacing yet
    assert LinkEstimate(rate=25e6, rtt=0.01, resets=1, acked=100).bytes_between_cuts > 8 * MIB
    # a slow line cutting every 20 s allows far more than its round-trip optimum
    slow = LinkEstimate(rate=LINE_1M, rtt=0.3, seconds=60.0, resets=3, acked=int(60 * LINE_1M))
    assert slow.bytes_between_cuts > chunk(slow)


def test_sizes_are_aligned_bounded_and_a_small_tail_rides_along() -> None:
    lan = LinkEstimate(rate=50e6, rtt=0.002)
    assert chunk(lan) == 8 * MIB  # max_chunk bounds a fast line
    slow = LinkEstimate(rate=1_000.0, rtt=2.0)
    assert chunk(slow) == MIN_CHUNK  # never below the minimum
    est = LinkEstimate(rate=LINE_1M, rtt=0.3)
    planned = chunk(est)
    assert planned % CHUNK_ALIGN == 0
    # 10 % more than a chunk left: sent in one go instead of a chunk plus a tiny tail
    assert chunk(est, remaining=int(planned * 1.1)) == int(planned * 1.1)
    # twice a chunk left: a chunk now, the rest later
    assert chunk(est, remaining=2 * planned) == planned
    assert chunk(est, remaining=1000) == 1000
    assert chunk(est, remaining=0) == 0
    assert chunk(est, max_seconds=1.0) <= LINE_1M


def test_rate_and_round_trip_estimates() -> None:
    est = LinkEstimate().note_round_trip(0.3).note_round_trip(0.3)
    assert est.rtt == pytest.approx(0.3)
    # 1.25 MB confirmed in 10.35 s of which 0.35 s were the answer's round trip and server work
    est = est.note_chunk(1_250_000, 10.0 + est.overhead)
    assert est.rate == pytest.approx(LINE_1M, rel=0.01)
    assert est.seconds == pytest.approx(10.35)
    # a short last chunk (the server hashes the whole file before answering) leaves the rate
    after = est.note_chunk(10_000, 5.0, full=False)
    assert after.rate == est.rate and after.seconds == pytest.approx(15.35)
    # the prior: one cut in two minutes, a quarter of them silent
    assert LinkEstimate().cut_rate == pytest.approx(1 / 120)
    assert LinkEstimate().silent_share == pytest.approx(0.25)


def test_the_answer_is_awaited_a_little_longer_than_the_chunk_needs() -> None:
    est = LinkEstimate(rate=LINE_1M, rtt=0.3)
    size = 1_250_000  # 10 s of line
    timeout = answer_timeout(est, size, longest=60.0)
    assert 10.35 < timeout <= 1.25 * 10.35 + 1.0 + 1e-9
    assert answer_timeout(est, 10_000, longest=60.0) == 4.0  # never below the minimum
    assert answer_timeout(est, 100 * MIB, longest=60.0) == 60.0  # never above the read timeout
    assert answer_timeout(est, 10_000, longest=1.0) == 1.0  # not even above a short one
    # the last chunk: the server hashes and stores the whole file before it answers
    last = answer_timeout(est, size, longest=60.0, finishing=40 * MIB)
    assert last > timeout + 5.0 + 2.0

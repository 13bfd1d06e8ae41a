"""How big the next tus PATCH should be, and how long to wait for its answer: a pure decision
from what the upload has seen of the line (its rate, its round trip, its cuts).

What a chunk costs and what a cut costs, per second of line time:

- every chunk ends with its answer: the line sits idle for about one round trip plus the
  server's fsync and bookkeeping (``overhead``). A chunk of ``tau`` seconds of line time loses
  ``overhead / tau`` of the line: small chunks drown in round trips (at 256 kbit/s and 600 ms a
  64 KiB chunk loses a quarter of the line);
- a cut with a reset is heard at once. The server keeps every byte it had read (no per-chunk
  checksum), so on a line slower than the server the cut costs a reconnect, a ``HEAD`` and the
  bytes still on the wire, whatever the chunk's size: halving the chunk after such a cut only
  adds round trips. Where the line outruns the server, the bytes waiting in the server's socket
  buffer are lost with the reset too, up to a chunk's worth: so a chunk is kept to about what
  gets through between two cuts (``bytes_between_cuts``), which on slow lines is far more than
  the round-trip optimum below;
- a silent cut (packets vanish) is noticed only when the answer is overdue, and the wait scales
  with the chunk: about ``SILENT_SLACK * tau`` seconds on average with :func:`answer_timeout`'s
  margin. Where the body is *watched* (the socket tells how much it still holds, Linux), the
  body stays :func:`send_lead` ahead of the line and a silent cut is noticed by the send stall
  (:func:`send_stall`) whatever the chunk's size: it then costs the stall and a reconnect, like
  a reset, so the silent slack does not apply (the chunk is bounded by
  ``WATCHED_CHUNK_SECONDS`` of line instead, so the server's durable offset still moves every
  so often; the bytes-between-cuts cap stays: the lead bounds what the client's socket holds,
  not what waits in the server's). A per-chunk checksum makes every cut lose half a chunk on
  average too.

So the expected loss per second is ``overhead / tau + cut_rate * slack * tau`` (plus terms that
do not depend on ``tau``), smallest at ``tau = sqrt(overhead / (cut_rate * slack))``. The cut
rate and the share of silent cuts are estimated from what was seen, starting from a prior (one
cut in ``PRIOR_SECONDS``, a quarter of them silent) that the line's own history soon outweighs.
A line that only ever cut with resets ends up with chunks of tens of seconds; one that cuts
silently, with chunks of a few seconds.

:class:`LinkEstimate` holds the observations (the uploader learns one per server and process);
:func:`next_chunk` and :func:`answer_timeout` are the decisions. No I/O, no clock: tests feed
numbers (``tests/sync/test_chunking.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

MIN_CHUNK = 64 * 1024
CHUNK_ALIGN = 64 * 1024

SERVER_OVERHEAD = 0.05
"""Seconds a server spends per chunk besides the bytes (fsync, offset update)."""
DEFAULT_RTT = 0.5
"""Round trip assumed until one is measured (a poor mobile line)."""
PRIOR_CUTS = 1.0
PRIOR_SECONDS = 120.0
"""Before the line has shown anything: one cut in two minutes."""
PRIOR_SILENT = 0.25
"""... and one cut in four silent (weight of one cut): a line's own cuts soon outweigh it."""
SILENT_SLACK = 0.75
"""A silent cut costs about this many seconds per second of chunk (waiting for the overdue
answer: a cut falls mid-chunk on average, the answer is awaited ``ANSWER_FACTOR`` chunk-times
plus a margin)."""
CHECKSUM_LOSS = 0.5
"""With per-chunk checksums a cut chunk is thrown away whole: half a chunk on average."""
WATCHED_CHUNK_SECONDS = 30.0
"""Most line time per chunk of a watched body (a cut costs the same whatever the chunk; the
server makes the bytes durable and moves the offset at a chunk's end)."""
TAIL_FRACTION = 0.25
"""A remainder smaller than this share of a chunk goes with it (not as a chunk of its own)."""
ANSWER_FACTOR = 1.25
ANSWER_MARGIN = 1.0
MIN_ANSWER_TIMEOUT = 4.0
SEND_STALL_MIN = 1.0
"""Least seconds a PATCH body's socket may take nothing before the line is taken for silently
cut, whatever was measured."""
SEND_STALL_PIECES = 2.0
"""... and at least the time this many body pieces take at the measured rate ..."""
SEND_STALL_RTTS = 4.0
"""... and this many round trips (a lost segment is sent again after a retransmission timeout
of at least a round trip plus its variance; this covers one, and the resent segment's own
round trip) ..."""
SEND_STALL_GAPS = 2.0
"""... and twice the longest pause the line's drain showed on healthy bodies (the peer's kernel
acknowledges in lumps: a loopback proxy only when its buffer frees 64 KiB, which at 1 Mbit/s is
about every 0.8 s) ..."""
SEND_STALL_UNMEASURED = 2.5
"""... or, before any healthy body showed its pauses, this much."""
SEND_LEAD_SECONDS = 2.0
SEND_LEAD_MIN = 128 * 1024
"""Where the socket tells how much it still holds (Linux), a PATCH body stays at most this far
ahead of the line: ``SEND_LEAD_SECONDS`` of the measured rate, at least ``SEND_LEAD_MIN``."""
FINISH_SECONDS = 5.0
FINISH_RATE = 20e6
"""The last chunk's answer also waits for the server to hash and store the whole file: allow
``FINISH_SECONDS`` plus the file at ``FINISH_RATE`` bytes/s (a slow disk or object store)."""


@dataclass(frozen=True)
class LinkEstimate:
    """What the uploads to one server have seen of the line (immutable: ``note_*`` return a new
    estimate). ``rate``: bytes/s the server confirmed while a PATCH ran (smoothed); ``rtt``:
    seconds for a request without a body (smoothed); ``seconds``: upload time observed;
    ``resets`` / ``silent``: cuts heard at once / noticed only by a timeout; ``acked``: bytes
    the server confirmed; ``drain_gap``: the longest pause in which the socket of a healthy
    watched PATCH body took nothing (rises at once, falls slowly)."""

    rate: float | None = None
    rtt: float | None = None
    seconds: float = 0.0
    resets: int = 0
    silent: int = 0
    acked: int = 0
    drain_gap: float | None = None

    def note_round_trip(self, seconds: float) -> LinkEstimate:
        """A request without a body (``POST``, ``HEAD``) took ``seconds``."""
        if seconds <= 0:
            return self
        rtt = seconds if self.rtt is None else 0.7 * self.rtt + 0.3 * seconds
        return replace(self, rtt=rtt)

    def note_chunk(self, acked: int, elapsed: float, *, full: bool = True) -> LinkEstimate:
        """A PATCH made the server confirm ``acked`` bytes in ``elapsed`` seconds; ``full``:
        it was as big as planned (a short last chunk says little about the rate)."""
        if elapsed <= 0:
            return self
        seconds = self.seconds + elapsed
        total = self.acked + max(0, acked)
        if acked <= 0 or not full:
            return replace(self, seconds=seconds, acked=total)
        # The answer's round trip and the server's work are in ``elapsed``, not the line's rate.
        busy = max(elapsed - self.overhead, elapsed * 0.5)
        rate = acked / busy
        if self.rate is not None:
            rate = 0.5 * self.rate + 0.5 * rate
        return replace(self, rate=rate, seconds=seconds, acked=total)

    def note_drain_gap(self, seconds: float) -> LinkEstimate:
        """A watched PATCH body that reached the server whole paused ``seconds`` at most."""
        if seconds <= 0:
            return self
        gap = (
            seconds
            if self.drain_gap is None
            else max(seconds, 0.8 * self.drain_gap + 0.2 * seconds)
        )
        return replace(self, drain_gap=gap)

    def note_kept(self, nbytes: int) -> LinkEstimate:
        """After a cut the server reported ``nbytes`` more than it had confirmed before."""
        return replace(self, acked=self.acked + max(0, nbytes)) if nbytes > 0 else self

    def note_cut(self, *, silent: bool, elapsed: float = 0.0) -> LinkEstimate:
        """A request was cut after ``elapsed`` seconds; ``silent``: noticed by a timeout."""
        return replace(
            self,
            seconds=self.seconds + max(0.0, elapsed),
            resets=self.resets + (0 if silent else 1),
            silent=self.silent + (1 if silent else 0),
        )

    @property
    def overhead(self) -> float:
        """Seconds of idle line per chunk: the answer's round trip and the server's work."""
        return (self.rtt if self.rtt is not None else DEFAULT_RTT) + SERVER_OVERHEAD

    @property
    def cut_rate(self) -> float:
        """Cuts per second of upload time (with the prior)."""
        return (self.resets + self.silent + PRIOR_CUTS) / (self.seconds + PRIOR_SECONDS)

    @property
    def bytes_between_cuts(self) -> float:
        """Bytes that got through per cut, once two cuts were seen (else infinite)."""
        cuts = self.resets + self.silent
        return self.acked / cuts if cuts >= 2 else math.inf

    @property
    def silent_share(self) -> float:
        """The share of cuts that are silent (with the prior)."""
        return (self.silent + PRIOR_SILENT) / (self.resets + self.silent + 1.0)


def best_chunk_seconds(
    est: LinkEstimate, *, keeps_partial: bool = True, watched: bool = False
) -> float:
    """Seconds of line time per chunk that lose the least to round trips and cuts together
    (``math.inf`` when no cut costs more with a bigger chunk: only reset cuts were ever
    possible, or the body is ``watched``, and no checksums)."""
    silent = 0.0 if watched else est.silent_share * SILENT_SLACK
    slack = silent + (0.0 if keeps_partial else CHECKSUM_LOSS)
    if slack <= 0:
        return math.inf
    return math.sqrt(est.overhead / (est.cut_rate * slack))


def next_chunk(
    est: LinkEstimate,
    *,
    remaining: int,
    initial: int,
    max_chunk: int,
    keeps_partial: bool = True,
    max_seconds: float | None = None,
    watched: bool = False,
) -> int:
    """Bytes for the next PATCH: ``initial`` until a rate is known, then
    :func:`best_chunk_seconds` of the line (at most ``max_seconds``) but no more than gets
    through between two cuts, within [``MIN_CHUNK``, ``max_chunk``], 64 KiB aligned, never more
    than ``remaining``; a small tail rides along. ``watched``: the body is kept
    :func:`send_lead` ahead of the line, so a silent cut costs no more with a bigger chunk (at
    most ``WATCHED_CHUNK_SECONDS`` of line)."""
    if remaining <= 0:
        return 0
    if est.rate is None:
        size = float(initial)
    else:
        seconds = best_chunk_seconds(est, keeps_partial=keeps_partial, watched=watched)
        if watched:
            seconds = min(seconds, WATCHED_CHUNK_SECONDS)
        if max_seconds is not None:
            seconds = min(seconds, max_seconds)
        size = est.rate * seconds if math.isfinite(seconds) else float(max_chunk)
        size = min(size, est.bytes_between_cuts)
    size = max(MIN_CHUNK, min(float(max_chunk), size))
    chunk = max(MIN_CHUNK, int(size) - int(size) % CHUNK_ALIGN)
    if remaining - chunk < TAIL_FRACTION * chunk and remaining <= max_chunk:
        return remaining  # the tail would cost a round trip of its own for a few bytes
    return min(chunk, remaining)


def answer_timeout(
    est: LinkEstimate, length: int, *, longest: float, finishing: int | None = None
) -> float:
    """How long to wait for a PATCH's answer: the chunk's expected line time and round trip,
    ``ANSWER_FACTOR`` times, plus a margin; never more than ``longest`` (the configured read
    timeout), which also applies until a rate is known. ``finishing``: the whole file's size
    when this is the last chunk (the server verifies and stores it first). Waiting longer only
    delays noticing a silent cut; giving up early costs a reconnect (the server keeps what
    arrived)."""
    if est.rate is None or est.rate <= 0:
        return longest
    expected = length / est.rate + est.overhead
    margin = max(ANSWER_MARGIN, 2 * est.overhead)
    if finishing is not None:
        margin += FINISH_SECONDS + finishing / FINISH_RATE
    return min(longest, max(MIN_ANSWER_TIMEOUT, ANSWER_FACTOR * expected + margin))


def send_stall(est: LinkEstimate, piece: int, *, longest: float) -> float:
    """How long a PATCH body's socket may take nothing (the kernel takes bytes only as the line
    drains them; a silent cut stops it) before the line is taken for silently cut: the longest
    of ``SEND_STALL_PIECES`` pieces' time at the measured rate, ``SEND_STALL_RTTS`` round trips
    and ``SEND_STALL_GAPS`` times the longest pause healthy bodies showed
    (``SEND_STALL_UNMEASURED`` until one did), at least ``SEND_STALL_MIN``; never more than
    ``longest`` (the configured connect timeout, which also applies until a rate is known). A
    silent cut in mid-body is then noticed in a second or two on a line that drains smoothly,
    whatever the chunk's size, and a line that pauses is given room for its pauses. Taking a
    healthy line for cut costs a reconnect (the server keeps what arrived). A cut in the last
    bytes the socket buffers hold is left to :func:`answer_timeout`."""
    if est.rate is None or est.rate <= 0:
        return longest
    rtt = est.rtt if est.rtt is not None else DEFAULT_RTT
    gaps = SEND_STALL_UNMEASURED if est.drain_gap is None else SEND_STALL_GAPS * est.drain_gap
    return min(
        longest,
        max(SEND_STALL_MIN, SEND_STALL_PIECES * piece / est.rate, SEND_STALL_RTTS * rtt, gaps),
    )


def send_lead(est: LinkEstimate) -> int | None:
    """Bytes a PATCH body may have waiting in the socket (None until a rate is known: no
    limit). Above a round trip's worth on any line the rate was measured on, so it never
    slows the line; on a slow line it keeps a silent cut's stalled send visible."""
    if est.rate is None or est.rate <= 0:
        return None
    return max(SEND_LEAD_MIN, int(est.rate * SEND_LEAD_SECONDS))

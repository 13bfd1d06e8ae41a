"""Evidence uploads: one vault blob to the server's tus endpoint, resumable over cuts and restarts.

Built on tuspy (``tusclient``): :class:`_TusUpload` subclasses ``tusclient.uploader.Uploader`` and
``_TusRequest`` subclasses ``tusclient.request.TusRequest``, keeping tuspy's protocol pieces
(headers, metadata encoding, chunk length, offset bookkeeping) and replacing what its defaults get
wrong on a bad line: tuspy sends one chunk of ``sys.maxsize`` bytes, makes no retries, calls the
module-level ``requests`` functions without timeouts and reads each chunk into memory whole. Here:

- every request goes through the engine's ``requests.Session`` with connect/read timeouts and the
  bearer token asked for per request;
- a PATCH body streams from the vault reader (``Vault.open_blob``, seekable) in 64 KiB pieces, so
  memory stays small, progress is reported while bytes flow, and ``should_stop()`` is checked
  between pieces: a stop aborts the request within one piece (the server keeps what arrived);
- the chunk size is decided by :mod:`sync.client.chunking` from what a round trip and what a cut
  cost on this line: the rate the server confirms, the round trip of the body-less requests, and
  the cuts seen (heard at once, or noticed only by a timeout). It starts at ``initial_chunk``
  (256 KiB) and stays within [``MIN_CHUNK``, ``max_chunk``]; a chunk's answer is awaited a little
  longer than its expected line time (``chunking.answer_timeout``), so a silent cut is noticed
  soon. What was learned of a server's line is the starting point of the next upload to it in
  this process;
- after each chunk the upload URL and the server's offset go to the vault
  (``set_upload_state(UPLOADING, upload_url=, server_offset=)``); an interrupted upload, even
  in another process after a crash, resumes where ``HEAD`` says the server is;
- retries are ours, per chunk: after a cut, a timeout, a 5xx/429/423 or a 409 the offset is asked
  again (``HEAD``) and the upload goes on; ``MAX_FAILURES`` consecutive attempts without progress
  end the call as ``transient`` (the engine backs off and calls again later);
- the server verifies the whole file's SHA-256 (declared in ``Upload-Metadata``) before the last
  PATCH is answered 204, so reaching the full offset means *verified*: the vault is marked
  ``UPLOADED`` + verified. A 422 ``blob-hash-mismatch`` first re-checks the local blob (damaged:
  permanent), then starts once more from zero, then gives up as permanent;
- 404/410 for a stored upload URL (expired or unknown): a new upload is created, once per call;
- 413/415 (too large, type not accepted), 403 and other 4xx: permanent with the server's own words;
  a 413 on a PATCH (a reverse proxy's body limit) first halves the chunk size; 401: ``auth``.

Per-chunk checksums (tus checksum extension) are off by default (``chunk_checksum=False``): hashing
is cheap (SHA-256 runs at several hundred MB/s, far above any uplink), but the server must throw a
chunk away when its checksum cannot be met, which includes every chunk cut short. Without a
checksum it keeps the bytes that arrived and the upload resumes exactly there; with one, every cut
costs the whole chunk in flight (bench/sync_link.py measures both). Integrity is still end to end:
the server compares the whole file's SHA-256 before the blob exists.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import select
import socket
import threading
import time
from base64 import b64encode
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Literal
from urllib.parse import urljoin, urlsplit

import requests
from tusclient.client import TusClient
from tusclient.request import TusRequest
from tusclient.uploader.uploader import Uploader as TusUploader

from sync.client import chunking
from sync.client.chunking import CHUNK_ALIGN, MIN_CHUNK, LinkEstimate
from sync.client.http import (
    AuthError,
    PermanentError,
    SyncError,
    Timeouts,
    can_watch_sends,
    classify,
    sending_socket,
    unsent_bytes,
)
from sync.local.vault import UploadState, Vault, VaultError

PIECE = 64 * 1024
MAX_FAILURES = 4
"""Consecutive attempts without the server's offset moving before the call gives up (transient)."""
RETRY_DELAYS = (0.1, 1.0, 2.0, 4.0)
MAX_INLINE_RETRY_AFTER = 10.0
"""A ``Retry-After`` longer than this ends the call (transient) instead of waiting inside it."""
PROGRESS_EVERY = 0.2
DRAIN_POLL = 0.05
"""Seconds between looks at how much the socket still holds, while a body waits for the line."""
MIN_PATCH_TIMEOUT = chunking.MIN_ANSWER_TIMEOUT
BLOB_HASH_MISMATCH = "blob-hash-mismatch"

Status = Literal["verified", "transient", "permanent", "stopped", "auth"]

# What was learned of the line to each server (scheme://host:port) in this process: the next
# upload starts from what the line did last time instead of from the small initial chunk.
_LEARNED: dict[str, LinkEstimate] = {}
_LEARNED_LOCK = threading.Lock()


@dataclass
class UploadOutcome:
    """How one ``Uploader.upload`` call ended. ``status`` is one of :data:`Status`;
    ``message``: the server's words (Indonesian / English) for permanent refusals, else an
    English technical text; ``http_status`` if any. (Not frozen and ``status: str`` so that it
    matches the engine's ``UploadOutcomeLike`` protocol of plain attributes.)"""

    status: str
    message: str = ""
    http_status: int | None = None
    detail: str = ""
    """The server's own words (Indonesian) when it refused; ``detail_en`` in English."""
    detail_en: str = ""


class _StopRequested(Exception):
    """``should_stop()`` turned true while a chunk was being sent."""


class _SendStalled(TimeoutError):
    """A PATCH body's socket drained nothing for the stall limit (a silent cut)."""


class _HttpError(Exception):
    """A tus request got an answer other than the one it wanted."""

    def __init__(self, response: requests.Response, what: str) -> None:
        self.response = response
        self.status = response.status_code
        self.error: SyncError | None = classify(response)
        text = self.error.user_text() if self.error is not None else response.reason
        super().__init__(f"{what}: HTTP {self.status} {text}")

    @property
    def problem_type(self) -> str:
        return self.error.problem_type if self.error is not None else ""

    def user_text(self) -> str:
        return self.error.user_text() if self.error is not None else str(self)

    def words(self) -> dict[str, str]:
        """The server's problem+json ``detail``/``detail_en`` for an ``UploadOutcome``."""
        if self.error is None:
            return {}
        return {"detail": self.error.detail, "detail_en": self.error.detail_en}


class RateMeter:
    """Smoothed bytes/s (exponential moving average over samples at least ``min_dt`` apart)."""

    def __init__(self, tau: float = 4.0, min_dt: float = 0.5) -> None:
        self.tau = tau
        self.min_dt = min_dt
        self._rate: float | None = None
        self._t = time.monotonic()
        self._pending = 0

    def add(self, nbytes: int, now: float | None = None) -> float | None:
        now = time.monotonic() if now is None else now
        self._pending += nbytes
        dt = now - self._t
        if dt >= self.min_dt:
            inst = self._pending / dt
            if self._rate is None:
                self._rate = inst
            else:
                weight = min(1.0, dt / self.tau)
                self._rate += weight * (inst - self._rate)
            self._t = now
            self._pending = 0
        return self._rate

    @property
    def rate(self) -> float | None:
        return self._rate


class _ChunkBody:
    """A PATCH body read from the vault stream piece by piece. ``__len__`` makes requests send a
    Content-Length (no chunked encoding); iterating checks ``should_stop`` between pieces."""

    def __init__(
        self,
        stream: IO[bytes],
        length: int,
        should_stop: Callable[[], bool],
        on_sent: Callable[[int], None],
        watch: tuple[int, float] | None = None,
    ) -> None:
        self._stream = stream
        self._length = length
        self._should_stop = should_stop
        self._on_sent = on_sent
        self._watch = watch
        self._drained_at: float | None = None  # when the socket was last seen to take bytes
        self._expected: int | None = None  # what it would hold had it taken nothing since
        self.longest_gap = 0.0
        """The longest time the socket was seen to take nothing (seconds; 0 if not watched)."""

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[bytes]:
        left = self._length
        while left > 0:
            if self._should_stop():
                raise _StopRequested
            if self._watch is not None:
                self._drain_to(self._watch[0])
            piece = self._stream.read(min(PIECE, left))
            if not piece:
                raise VaultError("The vault blob ended before its recorded size.")
            left -= len(piece)
            yield piece  # in the socket when the request asks for the next piece
            if self._expected is not None:
                self._expected += len(piece)
            self._on_sent(len(piece))
        if self._watch is not None:
            self._drain_to(0)  # the answer is then awaited for the bytes in the network only

    def _drain_to(self, most: int) -> None:
        """Wait until the socket holds at most ``most`` unacknowledged bytes. A socket the line
        takes nothing from for the watch's stall limit was cut silently: :class:`_SendStalled`
        (the request fails like a timeout; the server keeps what reached it)."""
        assert self._watch is not None
        sock = sending_socket()
        queued = unsent_bytes(sock) if sock is not None else None
        if sock is None or queued is None:
            return
        self._saw(queued, time.monotonic())
        while queued > most:
            if self._should_stop():
                raise _StopRequested
            # Readable: the server answered early (a refusal) or the line closed or reset;
            # the send then meets the real answer or error, not a stall.
            readable, _w, _x = select.select([sock], [], [], DRAIN_POLL)
            if readable or sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                return
            now_queued = unsent_bytes(sock)
            if now_queued is None:
                return
            now = time.monotonic()
            since = self._saw(now_queued, now)
            if now - since > self._watch[1]:
                raise _SendStalled(f"timed out: the line took nothing for {now - since:.1f} s")
            queued = now_queued
        self._expected = queued

    def _saw(self, queued: int, now: float) -> float:
        """The socket holds ``queued`` bytes at ``now``: note whether it took any since the
        last look (and the pause before, if so); returns when it last took some."""
        if self._drained_at is None:
            self._drained_at = now
        elif self._expected is None or queued < self._expected:
            self.longest_gap = max(self.longest_gap, now - self._drained_at)
            self._drained_at = now
        self._expected = queued
        return self._drained_at


class _TusRequest(TusRequest):
    """tuspy's PATCH, sent through our session: streamed, abortable, with timeouts."""

    def __init__(self, uploader: _TusUpload) -> None:
        super().__init__(uploader)  # type: ignore[no-untyped-call]  # seek + tus headers
        self._up = uploader
        self.response: requests.Response | None = None
        self.body: _ChunkBody | None = None

    def perform(self) -> None:
        up = self._up
        if up.upload_checksum:
            start = self.file.tell()
            digest = hashlib.sha256()
            left = self._content_length
            while left > 0:
                piece = self.file.read(min(PIECE, left))
                if not piece:
                    break
                digest.update(piece)
                left -= len(piece)
            self.file.seek(start)
            value = b64encode(digest.digest()).decode("ascii")
            self._request_headers["upload-checksum"] = f"sha256 {value}"
        body = _ChunkBody(
            self.file, self._content_length, up.should_stop, up.on_sent, up.send_watch
        )
        self.body = body
        response = up.session.patch(
            self._url,
            data=body,
            headers={**self._request_headers, **up.auth_headers()},
            # urllib3 holds the socket to the connect timeout while the body is sent: the send
            # stall limit (a silent cut in mid-body is noticed in seconds).
            timeout=(
                up.patch_send_timeout or up.timeouts.connect,
                up.patch_read_timeout or up.timeouts.read,
            ),
            allow_redirects=False,
        )
        self.response = response
        self.status_code = response.status_code
        self.response_content = response.content
        self.response_headers = {k.lower(): v for k, v in response.headers.items()}


class _TusUpload(TusUploader):
    """tuspy's uploader with our session, timeouts, token and error handling (no tuspy retries:
    the chunk loop in :class:`Uploader` decides)."""

    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)

    def __init__(
        self,
        *,
        stream: IO[bytes],
        uploads_url: str,
        metadata: dict[str, str],
        session: requests.Session,
        token: Callable[[], str],
        timeouts: Timeouts,
        should_stop: Callable[[], bool],
        on_sent: Callable[[int], None],
        chunk_checksum: bool,
    ) -> None:
        self.session = session
        self.token = token
        self.timeouts = timeouts
        self.should_stop = should_stop
        self.on_sent = on_sent
        self.uploads_url = uploads_url
        self.upload_url = ""
        self.last_request: _TusRequest | None = None
        self.patch_read_timeout: float | None = None
        self.patch_send_timeout: float | None = None
        self.send_watch: tuple[int, float] | None = None
        """(bytes the socket may hold ahead of the line, seconds it may take none) while a
        PATCH body is sent, where the socket tells (:func:`sync.client.http.unsent_bytes`)."""
        super().__init__(
            file_stream=stream,
            client=TusClient(uploads_url),
            metadata=metadata,
            chunk_size=MIN_CHUNK,
            retries=0,
            upload_checksum=chunk_checksum,
        )

    def auth_headers(self) -> dict[str, str]:
        token = self.token()
        if not token:
            raise AuthError("Not signed in.")
        return {"Authorization": f"Bearer {token}"}

    def get_headers(self) -> dict[str, str]:
        return {**self.DEFAULT_HEADERS, **self.auth_headers()}

    def get_offset(self) -> int:
        """The server's offset (``HEAD``); an upload already complete answers its length."""
        response = self.session.head(
            self.upload_url,
            headers=self.get_headers(),
            timeout=(self.timeouts.connect, self.timeouts.read),
            allow_redirects=False,
        )
        raw = response.headers.get("Upload-Offset")
        if response.status_code != 200 or raw is None or not raw.isdigit():
            raise _HttpError(response, "HEAD (upload offset)")
        return int(raw)

    def sync_offset(self, offset: int) -> int:
        """The server's offset, asked with an empty ``PATCH`` at ``offset``: the server answers
        once it holds the upload's lock, i.e. after an earlier PATCH still writing has ended
        (204 at the same offset, or 409 with the offset it has)."""
        response = self.session.patch(
            self.upload_url,
            data=b"",
            headers={
                **self.get_headers(),
                "upload-offset": str(offset),
                "content-type": "application/offset+octet-stream",
            },
            timeout=(self.timeouts.connect, self.timeouts.read),
            allow_redirects=False,
        )
        raw = response.headers.get("Upload-Offset", "")
        if response.status_code in (204, 409) and raw.isdigit():
            return int(raw)
        raise _HttpError(response, "PATCH (offset)")

    def create(self) -> tuple[str, int]:
        """``POST`` a new upload; returns its URL and the offset the server reports (the full
        length when the server already holds the blob)."""
        response = self.session.post(
            self.uploads_url,
            headers=self.get_url_creation_headers(),  # type: ignore[no-untyped-call]
            timeout=(self.timeouts.connect, self.timeouts.read),
            allow_redirects=False,
        )
        location = response.headers.get("Location")
        if response.status_code != 201 or not location:
            raise _HttpError(response, "POST (create upload)")
        raw = response.headers.get("Upload-Offset", "0")
        url = urljoin(self.uploads_url, location)
        if not same_server(url, self.uploads_url):
            # The token goes with every request to this address: never to another host.
            raise ForeignLocation(url)
        return url, int(raw) if raw.isdigit() else 0

    def drain_gap(self) -> float:
        """The longest pause of the last PATCH body's socket (0 when it was not watched)."""
        request = self.last_request
        return request.body.longest_gap if request is not None and request.body is not None else 0.0

    def use_url(self, url: str) -> None:
        self.upload_url = url
        self.set_url(url)

    def _do_request(self) -> None:
        request = _TusRequest(self)
        self.request = request  # type: ignore[assignment]
        self.last_request = request
        request.perform()
        response = request.response
        assert response is not None
        raw = response.headers.get("Upload-Offset", "")
        if response.status_code != 204 or not raw.isdigit():
            raise _HttpError(response, "PATCH (chunk)")


def _server_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def same_server(url: str, base: str) -> bool:
    """True if ``url`` is on the server of ``base`` (scheme, host and port all equal)."""
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme.lower(), a.hostname, a.port) == (b.scheme.lower(), b.hostname, b.port)


class ForeignLocation(Exception):
    """The server named an upload address on another host; nothing is sent there."""


class Uploader:
    """Uploads vault blobs to ``uploads_url`` (``<server>/api/v1/uploads``). One instance per
    thread; ``upload`` blocks until the blob is verified on the server, the line gave out
    (``transient``), the server refused it for good (``permanent``), the token is no longer
    valid (``auth``) or ``should_stop()`` turned true (``stopped``)."""

    def __init__(
        self,
        vault: Vault,
        *,
        uploads_url: str,
        session: requests.Session,
        token: Callable[[], str],
        initial_chunk: int = 256 * 1024,
        max_chunk: int = 8 * 1024 * 1024,
        on_progress: Callable[[str, int, int, float | None], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        timeouts: Timeouts | None = None,
        chunk_checksum: bool = False,
        target_chunk_seconds: float | None = None,
        learn: bool = True,
    ) -> None:
        self.vault = vault
        self.uploads_url = uploads_url
        self.session = session
        self.token = token
        self.max_chunk = max(MIN_CHUNK, max_chunk)
        self.on_progress = on_progress
        self.should_stop = should_stop
        self.timeouts = timeouts or Timeouts()
        self.chunk_checksum = chunk_checksum
        self.target_chunk_seconds = target_chunk_seconds
        self.learn = learn
        self._key = _server_key(uploads_url)
        self._watchable = can_watch_sends(session, uploads_url)
        self.initial_chunk = initial_chunk
        self.link = LinkEstimate()
        if learn:
            with _LEARNED_LOCK:
                self.link = _LEARNED.get(self._key, self.link)
        self.chunk_size = self._plan(self.max_chunk)
        self._meter = RateMeter()
        self.chunks_sent = 0
        self.cuts = 0
        self.chunk_sizes: list[int] = []

    # --- public ------------------------------------------------------------------------------

    def upload(self, sha256: str, filename: str, media_type: str) -> UploadOutcome:
        """Send the blob (resuming a stored upload), see the class docstring."""
        try:
            status = self.vault.upload_status(sha256)
            if status.damaged:
                return UploadOutcome(
                    "permanent",
                    "Berkas di arsip lokal rusak; jalankan 'Periksa arsip'. / The file in the "
                    "local vault is damaged; run 'Check data'.",
                )
            if status.state is UploadState.UPLOADED and status.verified:
                return UploadOutcome("verified")
            stream = self.vault.open_blob(sha256)
        except VaultError as exc:
            return UploadOutcome("permanent", f"Local vault: {exc}")
        with stream:
            try:
                return self._run(sha256, filename, media_type, stream, status.upload_url,
                                 status.size_bytes)  # fmt: skip
            except AuthError as exc:
                return UploadOutcome("auth", exc.message, exc.status)
            except VaultError as exc:
                return UploadOutcome("permanent", f"Local vault: {exc}")

    # --- the chunk loop ---------------------------------------------------------------------

    def _run(
        self,
        sha: str,
        filename: str,
        media_type: str,
        stream: IO[bytes],
        stored_url: str | None,
        size: int,
    ) -> UploadOutcome:
        sent_in_request = [0]
        base = [0]
        last_report = [0.0]

        def on_sent(n: int) -> None:
            sent_in_request[0] += n
            rate = self._meter.add(n)
            now = time.monotonic()
            if self.on_progress is not None and now - last_report[0] >= PROGRESS_EVERY:
                last_report[0] = now
                self.on_progress(sha, min(size, base[0] + sent_in_request[0]), size, rate)

        tus = _TusUpload(
            stream=stream,
            uploads_url=self.uploads_url,
            metadata={
                "sha256": sha,
                "filename": filename or f"{sha[:16]}.bin",
                "filetype": media_type or "application/octet-stream",
            },
            session=self.session,
            token=self.token,
            timeouts=self.timeouts,
            should_stop=self.should_stop,
            on_sent=on_sent,
            chunk_checksum=self.chunk_checksum,
        )
        # An address from an earlier run on another server (the server's address changed, or
        # a stored value was tampered with) is dropped: the token never leaves our server.
        url = stored_url if stored_url and same_server(stored_url, self.uploads_url) else None
        synced = False  # True when tus.offset is what the server said last
        recreated = False
        restarted_after_mismatch = False
        failures = 0
        best = -1  # the highest offset the server confirmed in this call
        started_at: float | None = None  # when the request in flight started
        after_silence = False  # the last request ended by a timeout (a silent line)
        last_error: _HttpError | Exception | None = None

        while True:
            if self.should_stop():
                return UploadOutcome("stopped", "Stopped; resumes from the server's offset.")
            if failures >= MAX_FAILURES:
                return self._transient(last_error)
            try:
                if url is None:
                    started_at = time.monotonic()
                    url, offset = tus.create()
                    self.link = self.link.note_round_trip(time.monotonic() - started_at)
                    tus.use_url(url)
                    tus.offset = offset
                    synced = True
                    self.vault.set_upload_state(
                        sha, UploadState.UPLOADING, upload_url=url, server_offset=offset
                    )
                elif not synced and after_silence:
                    # The cut chunk's PATCH may still hold the upload at the server (it has
                    # not noticed the silence yet): a HEAD would report the offset from before
                    # it. An empty PATCH waits for it to end, then says where the server is.
                    tus.use_url(url)
                    started_at = time.monotonic()
                    tus.offset = tus.sync_offset(tus.offset)
                    after_silence = False
                    synced = True
                    self.vault.set_upload_state(
                        sha, UploadState.UPLOADING, upload_url=url, server_offset=tus.offset
                    )
                elif not synced:
                    tus.use_url(url)
                    started_at = time.monotonic()
                    tus.offset = tus.get_offset()
                    self.link = self.link.note_round_trip(time.monotonic() - started_at)
                    synced = True
                    self.vault.set_upload_state(
                        sha, UploadState.UPLOADING, upload_url=url, server_offset=tus.offset
                    )
                if tus.offset > best:
                    if best >= 0:
                        failures = 0  # the server kept bytes of a cut chunk: progress
                        self.link = self.link.note_kept(tus.offset - best)
                    best = tus.offset
                if tus.offset >= size:
                    return self._verified(sha, size)
                before = tus.offset
                self.chunk_size = self._plan(size - before)
                final = before + self.chunk_size >= size
                tus.chunk_size = self.chunk_size
                stall = chunking.send_stall(self.link, PIECE, longest=self.timeouts.connect)
                lead = chunking.send_lead(self.link) if self._watchable else None
                tus.send_watch = (lead, stall) if lead is not None else None
                # A watched body ends only once the socket has drained: its answer is awaited
                # for the bytes still in the network, not for the whole chunk.
                awaited = self.chunk_size if lead is None else min(self.chunk_size, lead)
                tus.patch_read_timeout = self._patch_timeout(awaited, size, final)
                tus.patch_send_timeout = stall
                base[0], sent_in_request[0] = before, 0
                started = started_at = time.monotonic()
                synced = False
                tus.upload_chunk()  # type: ignore[no-untyped-call]
                elapsed = time.monotonic() - started
                started_at = None
                after = tus.offset
                synced = True
                self.chunks_sent += 1
                self.chunk_sizes.append(after - before)
                self.vault.set_upload_state(
                    sha, UploadState.UPLOADING, upload_url=url, server_offset=after
                )
                self.link = self.link.note_chunk(
                    after - before, elapsed, full=not final and after - before >= self.chunk_size
                ).note_drain_gap(tus.drain_gap())
                if after > before:
                    failures = 0
                    best = max(best, after)
                else:
                    failures += 1  # a server that accepts nothing must not keep us spinning
                if self.on_progress is not None:
                    last_report[0] = time.monotonic()
                    self.on_progress(sha, after, size, self._meter.rate)
                if after >= size:
                    return self._verified(sha, size)
            except _StopRequested:
                return UploadOutcome("stopped", "Stopped; resumes from the server's offset.")
            except ForeignLocation as exc:
                return UploadOutcome(
                    "permanent",
                    "Server memberi alamat unggahan di server lain; berkas tidak dikirim ke "
                    "sana. Hubungi admin pemda (periksa public_url server). / The server named "
                    f"an upload address on another server ({_server_key(str(exc))}); nothing "
                    "was sent there. Contact the pemda admin (check the server's public_url).",
                )
            except requests.RequestException as exc:
                # A cut, a reset, a timeout: ask the server where it is and go on. The chunk
                # size is not halved: the server kept what arrived, so a cut costs the same
                # whatever the chunk (chunking weighs how often, and whether silently).
                last_error = exc
                self.cuts += 1
                failures += 1
                after_silence = _is_timeout(exc)
                if started_at is not None:
                    self.link = self.link.note_cut(
                        silent=after_silence, elapsed=time.monotonic() - started_at
                    )
                    started_at = None
                synced = False
                if failures >= MAX_FAILURES:
                    return self._transient(exc)
                if not self._pause(failures):
                    return UploadOutcome("stopped", "Stopped; resumes from the server's offset.")
            except _HttpError as exc:
                last_error = exc
                outcome, action = self._on_http_error(exc, sha, recreated, restarted_after_mismatch)
                if outcome is not None:
                    return outcome
                synced = False
                if action == "recreate":
                    recreated = True
                    url = None
                    best = -1
                elif action == "restart":
                    restarted_after_mismatch = True
                    url = None
                    best = -1
                elif action == "resync":
                    failures += 1
                elif action == "offset":
                    failures += 1
                    raw = exc.response.headers.get("Upload-Offset", "")
                    if raw.isdigit():
                        tus.offset = int(raw)
                        synced = True
                elif action == "wait":
                    failures += 1
                    retry_after = getattr(exc.error, "retry_after", None)
                    if failures >= MAX_FAILURES or (
                        retry_after is not None and retry_after > MAX_INLINE_RETRY_AFTER
                    ):
                        return self._transient(exc)
                    if not self._pause(failures, retry_after):
                        return UploadOutcome(
                            "stopped", "Stopped; resumes from the server's offset."
                        )

    def _on_http_error(
        self, exc: _HttpError, sha: str, recreated: bool, restarted: bool
    ) -> tuple[UploadOutcome | None, str]:
        """What to do about an HTTP answer: (final outcome, None) or (None, action)."""
        status = exc.status
        if status == 401 or isinstance(exc.error, AuthError):
            return UploadOutcome("auth", exc.user_text(), status, **exc.words()), ""
        from_tus = "Tus-Resumable" in exc.response.headers  # a HEAD answer has no body
        if status in (404, 410) and (from_tus or isinstance(exc.error, PermanentError)):
            # The stored upload expired or is unknown to the server: a new upload from zero.
            if recreated:
                return self._transient(exc), ""
            with contextlib.suppress(VaultError):
                self.vault.set_upload_state(sha, UploadState.IN_VAULT)
            return None, "recreate"
        if status == 409:
            return None, "offset"
        if status == 422 and exc.problem_type.endswith(BLOB_HASH_MISMATCH):
            # The server discarded the upload. A damaged local copy must not be sent again.
            if not self.vault.verify(sha):
                return UploadOutcome(
                    "permanent",
                    "Berkas di arsip lokal rusak (SHA-256 tidak cocok); jalankan 'Periksa "
                    "arsip'. / The file in the local vault is damaged (SHA-256 mismatch); run "
                    "'Check data'.",
                    status,
                ), ""
            if restarted:
                return UploadOutcome("permanent", exc.user_text(), status, **exc.words()), ""
            self.vault.set_upload_state(sha, UploadState.IN_VAULT)
            return None, "restart"
        if status == 460:
            return None, "resync"  # damaged in transit: send that chunk again
        patch = exc.response.request.method == "PATCH"
        if status == 413 and patch and self.chunk_size > MIN_CHUNK:
            # A reverse proxy's body limit, not the server's file limit: smaller chunks.
            half = self.chunk_size // 2
            self.max_chunk = max(MIN_CHUNK, half - half % CHUNK_ALIGN)
            self.chunk_size = self.max_chunk
            return None, "resync"
        if status == 423 or (exc.error is not None and not isinstance(exc.error, PermanentError)):
            return None, "wait"  # 5xx, 429, 408, a captive portal, a locked upload
        return UploadOutcome("permanent", exc.user_text(), status, **exc.words()), ""

    # --- helpers -----------------------------------------------------------------------------

    def _verified(self, sha: str, size: int) -> UploadOutcome:
        """The server answered the full offset: it verified the SHA-256 and stored the blob."""
        self.vault.set_upload_state(sha, UploadState.UPLOADED, server_offset=size, verified=True)
        if self.on_progress is not None:
            self.on_progress(sha, size, size, self._meter.rate)
        if self.learn:
            with _LEARNED_LOCK:
                _LEARNED[self._key] = self.link
        return UploadOutcome("verified")

    def _transient(self, error: BaseException | None) -> UploadOutcome:
        if isinstance(error, _HttpError):
            return UploadOutcome("transient", error.user_text(), error.status, **error.words())
        return UploadOutcome("transient", f"Upload interrupted: {error}")

    def _pause(self, failures: int, retry_after: float | None = None) -> bool:
        """Sleep before the next attempt (False when asked to stop meanwhile)."""
        delay = RETRY_DELAYS[min(failures, len(RETRY_DELAYS)) - 1]
        delay = delay * random.uniform(0.75, 1.25)
        if retry_after is not None:
            delay = max(delay, retry_after)
        end = time.monotonic() + delay
        while (left := end - time.monotonic()) > 0:
            if self.should_stop():
                return False
            time.sleep(min(left, 0.1))
        return not self.should_stop()

    def _patch_timeout(self, length: int, size: int, final: bool) -> float | None:
        """How long to wait for a PATCH's answer. The body is mostly handed to the kernel at
        once, so the wait spans the whole chunk (``chunking.answer_timeout``): a line that went
        silent is noticed a little after the chunk's expected time instead of after the full
        read timeout. The last chunk also allows for the server hashing and storing the file;
        the first waits the full read timeout (nothing measured yet)."""
        if self.link.rate is None:
            return None
        return chunking.answer_timeout(
            self.link, length, longest=self.timeouts.read, finishing=size if final else None
        )

    def _plan(self, remaining: int) -> int:
        return chunking.next_chunk(
            self.link,
            remaining=remaining,
            initial=self.initial_chunk,
            max_chunk=self.max_chunk,
            keeps_partial=not self.chunk_checksum,
            max_seconds=self.target_chunk_seconds,
            watched=self._watchable,
        )


def _is_timeout(exc: BaseException) -> bool:
    """A request that ended because nothing came back in time (a silent line), not a reset."""
    if isinstance(exc, requests.Timeout):
        return True
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimeoutError) or "timed out" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False

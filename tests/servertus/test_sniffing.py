"""The server reads a file's type from its bytes before a type's limit applies, and refuses PDFs
with active content (issue 16). Real PDF, JPEG and MP4 files; hostile PDFs made by pikepdf."""

from __future__ import annotations

import httpx
import pytest

from tests.files import hostile_pdf, jpeg_bytes, mp4_bytes, pdf_bytes
from tests.server.helpers import assert_problem
from tests.server.live import LiveServer
from tests.servertus.conftest import LIMITS, MIB, TUS, create, patch, sha256


def _send(c: httpx.Client, data: bytes, filetype: str, chunk: int = MIB) -> httpx.Response:
    """Create an upload and send ``data`` in chunks; the last answer (or the first refusal)."""
    r = create(c, len(data), sha256(data), filetype)
    assert r.status_code == 201, r.text
    url = r.headers["location"]
    offset = 0
    while offset < len(data):
        r = patch(c, url, offset, data[offset : offset + chunk])
        if r.status_code != 204:
            r.request.extensions["offset"] = offset
            return r
        offset = int(r.headers["upload-offset"])
    return r


def test_a_pdf_declared_as_video_does_not_get_the_video_limit(live: LiveServer) -> None:
    data = pdf_bytes(LIMITS["max_file_bytes"] + MIB)  # over the document limit
    with live.client("operator") as c:
        r = create(c, len(data), sha256(data), "video/mp4")
        assert r.status_code == 201  # the declared type allows it... until the bytes speak
        url = r.headers["location"]
        # The first PATCH carries enough bytes to read the type: refused there, not at the end.
        r = patch(c, url, 0, data[:MIB])
        body = assert_problem(r, 413, "payload-too-large")
        assert "8 MB" in body["detail"] and "dibuang" in body["detail"]
        assert c.head(url, headers=TUS).status_code == 404
        assert c.post("/blobs/missing", json={"hashes": [sha256(data)]}).json()["missing"]


def test_the_type_is_read_once_enough_bytes_have_arrived(live: LiveServer) -> None:
    data = pdf_bytes(LIMITS["max_file_bytes"] + 100_000)
    with live.client("operator") as c:
        r = _send(c, data, "video/mp4", chunk=1000)
        assert_problem(r, 413)
        # 4,096 bytes decide: the fifth 1,000-byte chunk (offset 4,000) is the one refused.
        assert r.request.extensions["offset"] == 4000


def test_a_real_video_keeps_the_video_limit_and_is_served_as_video(live: LiveServer) -> None:
    data = mp4_bytes(LIMITS["max_file_bytes"] + MIB)
    with live.client("operator") as c:
        assert _send(c, data, "video/mp4", chunk=4 * MIB).status_code == 204
        r = c.get(f"/blobs/{sha256(data)}")
        assert r.status_code == 200 and r.content == data
        assert r.headers["content-type"] == "video/mp4"


def test_a_file_is_served_with_the_type_of_its_bytes_not_the_declared_one(
    live: LiveServer,
) -> None:
    data = jpeg_bytes()
    with live.client("operator") as c:
        assert _send(c, data, "application/pdf").status_code == 204
        r = c.get(f"/blobs/{sha256(data)}")
        assert r.headers["content-type"] == "image/jpeg"
        assert r.headers["x-content-type-options"] == "nosniff"


def test_bytes_of_no_accepted_type_are_refused(live: LiveServer) -> None:
    data = b"MZ\x90\x00" + bytes(8000)  # a Windows program named bukti.pdf
    with live.client("operator") as c:
        r = _send(c, data, "application/pdf")
        body = assert_problem(r, 415, "unsupported-media-type")
        assert "bukan jenis yang diterima" in body["detail"]
        assert c.post("/blobs/missing", json={"hashes": [sha256(data)]}).json()["missing"]


def test_a_small_file_is_judged_at_completion(live: LiveServer) -> None:
    data = b"#!/bin/sh\nrm -rf ~\n"
    with live.client("operator") as c:
        assert_problem(_send(c, data, "application/pdf"), 415)


@pytest.mark.parametrize(
    ("kind", "found"),
    [
        ("javascript", ["javascript"]),
        ("annotation_js", ["javascript"]),
        ("launch", ["launch"]),
        ("embedded", ["embedded_file"]),
    ],
)
def test_a_pdf_with_active_content_is_refused_saying_which(
    live: LiveServer, kind: str, found: list[str]
) -> None:
    data = hostile_pdf(kind)
    with live.client("operator") as c:
        r = _send(c, data, "application/pdf")
        body = assert_problem(r, 422, "pdf-active-content")
        assert body["found"] == found
        assert "Cetak ke PDF" in body["detail"] and "Print to PDF" in body["detail_en"]
        sha = sha256(data)
        assert c.post("/blobs/missing", json={"hashes": [sha]}).json() == {"missing": [sha]}
        assert c.get(f"/blobs/{sha}").status_code == 404


def test_an_empty_file_is_refused_at_creation(live: LiveServer) -> None:
    with live.client("operator") as c:
        assert_problem(create(c, 0, sha256(b"")), 415)

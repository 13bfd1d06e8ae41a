"""Blob downloads: who may read which evidence file (role x own/other/foreign OPD), HTTP Range
(partial, open, suffix, 416, If-Range, If-None-Match, HEAD) and ``blobs/missing``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from sync.protocol import Role
from sync.server import accounts
from sync.server.db import Database
from tests.files import pdf_bytes
from tests.server.helpers import innovation, push
from tests.server.live import LiveServer
from tests.servertus.conftest import sha256, uploader

SIZE = 1000


@dataclass
class Files:
    data: bytes  # referenced by an innovation of the operator's OPD (DISDIK) only
    own: str
    other: str  # uploaded by operator2 and referenced by a DINKES innovation only
    unreferenced: str  # uploaded by operator, referenced by nothing
    foreign_token: str  # an operator of a second pemda on the same server


def _upload(live: LiveServer, user: str, data: bytes, folder: Path) -> str:
    path = folder / f"{sha256(data)[:8]}.pdf"
    path.write_bytes(data)
    uploader(live, user, path).upload()
    return sha256(data)


@pytest.fixture(scope="module")
def files(live: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Files:
    folder = tmp_path_factory.mktemp("files")
    data = pdf_bytes(SIZE)
    own = _upload(live, "operator", data, folder)
    other = _upload(live, "operator2", pdf_bytes(900), folder)
    unreferenced = _upload(live, "operator", pdf_bytes(800), folder)
    with live.client("operator") as c:
        doc = {"id": "d1", "slot": "16", "sha256": own, "file_name": "sk.pdf"}
        env = innovation(live.user("operator")["opd_id"], documents=[doc])
        assert push(c, env)[0]["status"] == "applied"
    with live.client("operator2") as c:
        doc = {"id": "d2", "slot": "16", "sha256": other, "file_name": "sk.pdf"}
        env = innovation(live.user("operator2")["opd_id"], documents=[doc])
        assert push(c, env)[0]["status"] == "applied"
    db = Database(live.settings)
    with db.session_scope() as session:
        pemda = accounts.get_or_create_pemda(session, "kota-lain", "Kota Lain")
        opd, _ = accounts.upsert_opd(session, pemda, "DISDIK", "Dinas Pendidikan Kota Lain")
        accounts.create_user(
            session,
            pemda,
            username="op-lain",
            password="kunci-opd-lain-8",
            role=Role.OPERATOR,
            opd=opd,
        )
    db.dispose()
    return Files(data, own, other, unreferenced, live.login("op-lain", "kunci-opd-lain-8"))


# who          own (DISDIK record)  other (DINKES record)  unreferenced (operator's upload)
ACCESS = {
    "operator": (True, False, True),
    "operator2": (False, True, False),
    "verifikator": (True, True, False),
    "admin": (True, True, False),
    "pimpinan": (True, True, False),
    "foreign": (False, False, False),
}


@pytest.mark.parametrize("who", list(ACCESS))
def test_who_may_download_which_evidence(live: LiveServer, files: Files, who: str) -> None:
    token = files.foreign_token if who == "foreign" else live.token(who)
    headers = {"Authorization": f"Bearer {token}"}
    for sha, allowed in zip((files.own, files.other, files.unreferenced), ACCESS[who], strict=True):
        for method in ("GET", "HEAD"):
            r = httpx.request(method, f"{live.api}/blobs/{sha}", headers=headers)
            assert r.status_code == (200 if allowed else 404), (who, sha, method)
            if not allowed and method == "GET":
                assert r.headers["content-type"].startswith("application/problem+json")
                assert r.json()["type"].endswith("/not-found")


def test_an_operator_of_another_opd_cannot_download_a_file_only_its_neighbour_uses(
    live: LiveServer, files: Files
) -> None:
    with live.client("operator2") as c:
        r = c.get(f"/blobs/{files.own}", headers={"Range": "bytes=0-9"})
        assert r.status_code == 404
        assert files.data[:10] not in r.content


@pytest.mark.parametrize(
    ("range_header", "span"),
    [
        ("bytes=10-19", (10, 19)),
        ("bytes=990-", (990, 999)),
        ("bytes=-5", (995, 999)),
        ("bytes=995-2000", (995, 999)),
        ("bytes=0-0", (0, 0)),
        ("bytes=-5000", (0, 999)),
        ("bytes=-" + "9" * 5000, (0, 999)),
        ("bytes=10-" + "9" * 5000, (10, 999)),
    ],
)
def test_range_requests_return_206_with_the_asked_bytes(
    live: LiveServer, files: Files, range_header: str, span: tuple[int, int]
) -> None:
    start, end = span
    with live.client("operator") as c:
        r = c.get(f"/blobs/{files.own}", headers={"Range": range_header})
        assert r.status_code == 206
        assert r.content == files.data[start : end + 1]
        assert r.headers["content-range"] == f"bytes {start}-{end}/{SIZE}"
        assert r.headers["content-length"] == str(end - start + 1)
        h = c.head(f"/blobs/{files.own}", headers={"Range": range_header})
        assert h.status_code == 206 and h.content == b""
        assert h.headers["content-length"] == str(end - start + 1)


@pytest.mark.parametrize(
    "range_header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0", "bytes=" + "9" * 5000 + "-"]
)
def test_unsatisfiable_ranges_get_416_with_the_size(
    live: LiveServer, files: Files, range_header: str
) -> None:
    with live.client("operator") as c:
        r = c.get(f"/blobs/{files.own}", headers={"Range": range_header})
        assert r.status_code == 416
        assert r.headers["content-range"] == f"bytes */{SIZE}"
        assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("range_header", ["bytes=5-2", "bytes=0-1,5-6", "items=0-5", "bytes=x-"])
def test_unusable_ranges_are_ignored_and_the_whole_file_is_sent(
    live: LiveServer, files: Files, range_header: str
) -> None:
    with live.client("operator") as c:
        r = c.get(f"/blobs/{files.own}", headers={"Range": range_header})
        assert r.status_code == 200
        assert r.content == files.data


def test_if_range_and_if_none_match_use_the_sha256_etag(live: LiveServer, files: Files) -> None:
    etag = f'"{files.own}"'
    with live.client("operator") as c:
        r = c.get(f"/blobs/{files.own}", headers={"Range": "bytes=0-9", "If-Range": etag})
        assert r.status_code == 206
        r = c.get(f"/blobs/{files.own}", headers={"Range": "bytes=0-9", "If-Range": '"other"'})
        assert r.status_code == 200 and r.content == files.data
        r = c.get(f"/blobs/{files.own}", headers={"If-None-Match": etag})
        assert r.status_code == 304 and r.content == b""


def test_an_interrupted_download_resumes_with_range(live: LiveServer, tmp_path: Path) -> None:
    data = pdf_bytes(3 * 1024 * 1024 + 11)
    sha = _upload(live, "operator", data, tmp_path)
    got = bytearray()
    with (
        live.client("operator") as c,
        c.stream("GET", f"/blobs/{sha}") as r,
    ):
        for piece in r.iter_bytes(64 * 1024):
            got += piece
            if len(got) > len(data) // 3:
                break  # the connection drops
    with live.client("operator") as c:
        r = c.get(f"/blobs/{sha}", headers={"Range": f"bytes={len(got)}-", "If-Range": f'"{sha}"'})
        assert r.status_code == 206
        got += r.content
    assert bytes(got) == data


def test_blobs_missing_names_the_hashes_the_caller_cannot_read(
    live: LiveServer, files: Files
) -> None:
    absent = sha256(b"not uploaded")
    with live.client("operator") as c:
        r = c.post("/blobs/missing", json={"hashes": [files.own, absent, absent, files.other]})
        assert r.status_code == 200
        # files.other is operator2's (another OPD): outside operator's scope, so "missing".
        assert r.json() == {"missing": [absent, files.other]}
        assert c.post("/blobs/missing", json={"hashes": ["XYZ"]}).status_code == 422
        assert c.post("/blobs/missing", json={"hashes": [absent] * 5001}).status_code == 422
        assert c.get("/blobs/missing").status_code == 405
    with live.client("admin") as c:
        r = c.post("/blobs/missing", json={"hashes": [files.own, absent, files.other]})
        assert r.json() == {"missing": [absent]}


def test_a_malformed_hash_in_the_path_is_a_422(live: LiveServer) -> None:
    with live.client("operator") as c:
        assert c.get("/blobs/ABC").status_code == 422
        assert c.get("/blobs/" + "A" * 64).status_code == 422

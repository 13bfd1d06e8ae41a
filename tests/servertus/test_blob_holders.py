"""A file's hash is not a read key (issue 16): citing another OPD's or pemda's blob hash in a
pushed record grants nothing, and existence questions answer only within the caller's scope.

The attacks as an attacker runs them: learn a hash (from a shared document, a log, a
colleague's screen), push a record that cites it, then ask the server for the file, whether it
has it, and for an upload born complete.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync.protocol import Role
from sync.server import accounts
from sync.server.db import Database
from tests.files import pdf_bytes, png_bytes
from tests.server.helpers import innovation, push
from tests.server.live import LiveServer
from tests.servertus.conftest import create, sha256, uploader


@dataclass
class Scene:
    secret: bytes  # OPD A's (DISDIK) file, cited by DISDIK's innovation
    sha: str
    stranger_only: str  # held only by the other pemda's operator, cited by operator2 too
    foreign: httpx.Client  # an operator of another pemda on the same server


def _upload(
    live: LiveServer, user: str, data: bytes, folder: Path, token: str | None = None
) -> str:
    path = folder / f"{sha256(data)[:10]}.pdf"
    path.write_bytes(data)
    up = uploader(live, user, path) if token is None else _foreign_uploader(live, token, path)
    up.upload()
    return sha256(data)


def _foreign_uploader(live: LiveServer, token: str, path: Path):  # type: ignore[no-untyped-def]
    from tusclient.client import TusClient

    from tests.servertus.conftest import Sha256Uploader

    client = TusClient(live.api + "/uploads", headers={"Authorization": f"Bearer {token}"})
    return Sha256Uploader(
        file_path=str(path),
        client=client,
        chunk_size=1024 * 1024,
        metadata={"sha256": sha256(path.read_bytes()), "filename": path.name},
        upload_checksum=True,
    )


def _doc_id() -> str:
    """A document id of its own (one record of a pemda holds each, ``record_documents``)."""
    return str(uuid.uuid4())


def _cite(c: httpx.Client, opd_id: str, sha: str) -> str:
    env = innovation(
        opd_id, documents=[{"id": _doc_id(), "slot": "16", "sha256": sha, "file_name": "sk.pdf"}]
    )
    result = push(c, env)[0]
    assert result["status"] == "applied", result.get("problem")
    return str(env["id"])


@pytest.fixture(scope="module")
def scene(live: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Scene:
    folder = tmp_path_factory.mktemp("holders")
    db = Database(live.settings)
    with db.session_scope() as session:
        pemda = accounts.get_or_create_pemda(session, "kota-seberang", "Kota Seberang")
        opd, _ = accounts.upsert_opd(session, pemda, "DISDIK", "Dinas Pendidikan Seberang")
        accounts.create_user(
            session,
            pemda,
            username="op-seberang",
            password="kunci-seberang-9",
            role=Role.OPERATOR,
            opd=opd,
        )
    db.dispose()
    token = live.login("op-seberang", "kunci-seberang-9")
    foreign = httpx.Client(
        base_url=live.api, headers={"Authorization": f"Bearer {token}"}, timeout=60
    )
    foreign_opd = foreign.get("/probe").json()["user"]["opd_id"]

    secret = pdf_bytes(5000)
    sha = _upload(live, "operator", secret, folder)
    with live.client("operator") as c:
        _cite(c, live.user("operator")["opd_id"], sha)
    # The attackers cite the hash they learned.
    with live.client("operator2") as c:
        _cite(c, live.user("operator2")["opd_id"], sha)
    _cite(foreign, foreign_opd, sha)

    stranger_only = _upload(live, "op-seberang", pdf_bytes(3000), folder, token=token)
    _cite(foreign, foreign_opd, stranger_only)
    with live.client("operator2") as c:
        _cite(c, live.user("operator2")["opd_id"], stranger_only)
    return Scene(secret, sha, stranger_only, foreign)


def _status(c: httpx.Client, sha: str) -> int:
    return c.get(f"/blobs/{sha}").status_code


def test_citing_another_opds_hash_does_not_open_the_file(live: LiveServer, scene: Scene) -> None:
    with live.client("operator2") as c:
        r = c.get(f"/blobs/{scene.sha}", headers={"Range": "bytes=0-99"})
        assert r.status_code == 404
        assert scene.secret[:100] not in r.content
        assert c.head(f"/blobs/{scene.sha}").status_code == 404


def test_citing_another_pemdas_hash_does_not_open_the_file(scene: Scene) -> None:
    assert _status(scene.foreign, scene.sha) == 404


def test_a_verifier_reads_the_file_through_the_owners_record(
    live: LiveServer, scene: Scene
) -> None:
    with live.client("verifikator") as c:
        r = c.get(f"/blobs/{scene.sha}")
        assert r.status_code == 200 and r.content == scene.secret
    with live.client("operator") as c:
        assert _status(c, scene.sha) == 200


def test_a_record_whose_author_does_not_hold_the_file_grants_nothing_to_its_readers(
    live: LiveServer, scene: Scene
) -> None:
    # Only operator2's innovation (in this pemda) cites the other pemda's file: operator2
    # never held it, so not even the pemda's verifier may open it through that record.
    for who in ("verifikator", "admin", "operator2"):
        with live.client(who) as c:
            assert _status(c, scene.stranger_only) == 404, who


def test_existence_is_answered_only_within_the_callers_scope(
    live: LiveServer, scene: Scene
) -> None:
    with live.client("operator2") as c:
        assert c.post("/blobs/missing", json={"hashes": [scene.sha]}).json() == {
            "missing": [scene.sha]
        }
        # tus creation is not born complete (no Upload-Offset): the bytes must be sent.
        r = create(c, len(scene.secret), scene.sha)
        assert r.status_code == 201 and "upload-offset" not in r.headers
        assert (
            c.delete(r.headers["location"], headers={"Tus-Resumable": "1.0.0"}).status_code == 204
        )
    r = scene.foreign.post("/blobs/missing", json={"hashes": [scene.sha]})
    assert r.json() == {"missing": [scene.sha]}
    with live.client("operator") as c:
        assert c.post("/blobs/missing", json={"hashes": [scene.sha]}).json() == {"missing": []}
        r = create(c, len(scene.secret), scene.sha)
        assert r.status_code == 201 and r.headers["upload-offset"] == str(len(scene.secret))


def test_sending_the_bytes_makes_the_sender_a_holder(
    live: LiveServer, scene: Scene, tmp_path: Path
) -> None:
    data = pdf_bytes(4000)
    sha = _upload(live, "operator", data, tmp_path)
    with live.client("operator2") as c:
        _cite(c, live.user("operator2")["opd_id"], sha)
        assert _status(c, sha) == 404
        # operator2 really has the file: it uploads it, the server verifies it, access follows.
        assert c.post("/blobs/missing", json={"hashes": [sha]}).json() == {"missing": [sha]}
    assert _upload(live, "operator2", data, tmp_path) == sha
    with live.client("operator2") as c:
        assert c.get(f"/blobs/{sha}").content == data
        assert c.post("/blobs/missing", json={"hashes": [sha]}).json() == {"missing": []}


def test_an_upload_that_fails_verification_makes_no_holder(live: LiveServer, scene: Scene) -> None:
    with live.client("operator2") as c:
        wrong = pdf_bytes(len(scene.secret))[: len(scene.secret)]
        r = create(c, len(scene.secret), scene.sha)
        url = r.headers["location"]
        headers = {
            "Tus-Resumable": "1.0.0",
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
        }
        assert c.patch(url, content=wrong, headers=headers).status_code == 422
        assert _status(c, scene.sha) == 404


def test_reusing_a_colleagues_file_grants_the_readers_of_the_new_record(
    live: LiveServer, tmp_path: Path
) -> None:
    """The admin writes an innovation of DISDIK citing operator's file, which the admin can
    read: the admin becomes a holder, and the file stays readable through the admin's record
    after operator's own record drops it."""
    data = pdf_bytes(2500)
    sha = _upload(live, "operator", data, tmp_path)
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as c:
        own = innovation(
            opd, documents=[{"id": _doc_id(), "slot": "16", "sha256": sha, "file_name": "a.pdf"}]
        )
        assert push(c, own)[0]["status"] == "applied"
    with live.client("admin") as c:
        _cite(c, opd, sha)
    with live.client("operator") as c:
        dropped = innovation(opd, own["id"], base=1, documents=[])
        assert push(c, dropped)[0]["status"] == "applied"
    with live.client("verifikator") as c:
        assert c.get(f"/blobs/{sha}").content == data


def test_a_workflow_request_does_not_tell_whether_another_opd_holds_a_file(
    live: LiveServer, scene: Scene
) -> None:
    """Ajukan checks that the server holds every cited file; for hashes copied from another
    OPD the answer is "not uploaded", exactly as for hashes the server never saw, while the
    owners' own submission of the same evidence goes through."""
    from tests.server.helpers import complete_content, move, upload_evidence

    with live.client("operator") as c:
        png = upload_evidence(c, png_bytes(), "foto.png", "image/png")
    files = {"application/pdf": scene.sha, "image/png": png}

    def submit(who: str) -> dict[str, Any]:
        opd = live.user(who)["opd_id"]
        env = innovation(opd)
        env["content"] = complete_content(opd, env["id"], files=files)
        with live.client(who) as c:
            assert push(c, env)[0]["status"] == "applied"
            return push(c, move(env["id"], "ajukan"))[0]

    refused = submit("operator2")
    assert refused["status"] == "rejected", refused
    assert refused["problem"]["code"] == "workflow.evidence_not_uploaded"
    assert sorted(refused["problem"]["params"]["hashes"]) == sorted(files.values())
    assert submit("operator")["status"] == "applied"

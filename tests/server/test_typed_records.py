"""Typed records on the server: pushed content is read with the domain codec; malformed content
is a 422 naming the field, server-owned fields are a 403, and a role may not change what is not
its own (an operator the workflow state or the verifier's fields, a verifier the officer's text).
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iid.codec import Loc, innovation_content
from iid.records import EvidenceDocument, IndicatorAnswer, Innovation, InnovationProfile
from sync.server import typed
from sync.server.problems import ProblemError
from tests.server.helpers import PROBLEM_BASE, innovation, new_id, push, spd_profile
from tests.server.live import LiveServer

SHA = "ab" * 32


def full_content(record_id: str = "inov-1", opd_id: str = "opd-1") -> dict[str, Any]:
    """Valid content using every kind of field: texts, dates, lists, levels, documents."""
    return innovation_content(
        Innovation(
            id=record_id,
            rule_year=2026,
            opd_id=opd_id,
            profile=InnovationProfile(
                nama="Sekolah Ramah Anak",
                tahapan="Penerapan",
                urusan_utama="Pendidikan",
                urusan_lain=["Sosial", "Kesehatan"],
                waktu_uji_coba=date(2024, 2, 1),
                waktu_penerapan=date(2024, 8, 1),
                rancang_bangun="Latar belakang ...",
                extra={"haki": True},
            ),
            answers={
                "16": IndicatorAnswer("16", claimed_level=3),
                "17": IndicatorAnswer("17", claimed_level=None),
            },
            documents=[
                EvidenceDocument(
                    id="d1",
                    slot="16",
                    nomor="188/12/2024",
                    tanggal=date(2024, 3, 1),
                    tentang="SK Bupati",
                    sha256=SHA,
                    file_name="sk.pdf",
                    media_type="application/pdf",
                    size_bytes=1000,
                    duration_seconds=None,
                    page_count=3,
                ),
                EvidenceDocument(id="d2", slot="video", link="https://youtu.be/x"),
            ],
            created_at=datetime(2026, 5, 1, 7, 30, tzinfo=UTC),
        )
    )


def problem_of(record_id: str, content: dict[str, Any]) -> ProblemError:
    with pytest.raises(ProblemError) as caught:
        typed.read_innovation(record_id, content)
    return caught.value


def locs(exc: ProblemError) -> list[list[str | int]]:
    return [list(e.loc) for e in exc.errors or []]


# --- the pure reader ------------------------------------------------------------------------------


def test_valid_content_reads_as_the_typed_record() -> None:
    got = typed.read_innovation("inov-1", full_content())
    assert got.profile.nama == "Sekolah Ramah Anak"
    assert got.answers["16"].claimed_level == 3
    assert [d.id for d in got.documents] == ["d1", "d2"]


def _leaves(value: Any, loc: Loc = ()) -> list[tuple[Loc, Any]]:
    """Every leaf of content with its path (free-form ``profile.extra`` left out)."""
    if loc == ("profile", "extra"):
        return []
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*loc, k))]
    if isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            return [(loc, value)]  # a list of texts is one value
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*loc, i))]
    return [(loc, value)]


def _dicts(value: Any, loc: Loc = ()) -> list[Loc]:
    """Every object of content where a stray key could be put (not ``profile.extra``)."""
    if loc == ("profile", "extra"):
        return []
    found: list[Loc] = []
    if isinstance(value, dict):
        found.append(loc)
        for k, v in value.items():
            found += _dicts(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _dicts(v, (*loc, i))
    return found


def _at(content: Any, loc: Loc) -> Any:
    for part in loc:
        content = content[part]
    return content


def _wrong(value: Any) -> Any:
    """A value of the wrong type for a leaf holding ``value``."""
    if isinstance(value, bool):
        return "ya"
    if isinstance(value, str):
        return 12345
    if isinstance(value, int | float):
        return "banyak"
    if isinstance(value, list):
        return [1, 2]
    return {"nested": True}  # None (an empty optional): an object is wrong everywhere


VALID = full_content()
LEAVES = [(loc, v) for loc, v in _leaves(VALID)]
OBJECTS = _dicts(VALID)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(LEAVES))
def test_property_a_wrongly_typed_field_is_a_422_naming_that_field(
    leaf: tuple[Loc, Any],
) -> None:
    loc, value = leaf
    content = copy.deepcopy(VALID)
    _at(content, loc[:-1])[loc[-1]] = _wrong(value)
    exc = problem_of("inov-1", content)
    assert exc.status == 422 and exc.type == PROBLEM_BASE + "invalid-record"
    named = locs(exc)[0]
    assert named[0] == "content"
    # The field named is the corrupted one (or, inside a list of texts, that list).
    assert tuple(named[1:]) == loc[: len(named) - 1] and len(named) > 1, (named, loc)
    assert exc.detail_id and exc.detail_en


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(OBJECTS), st.from_regex(r"[a-z]{3,12}", fullmatch=True))
def test_property_a_stray_key_is_a_422_naming_it(where: Loc, key: str) -> None:
    content = copy.deepcopy(VALID)
    target = _at(content, where)
    if key in target:
        return
    target[key] = "x"
    exc = problem_of("inov-1", content)
    assert exc.status == 422
    assert locs(exc)[0] == ["content", *where, key]


@settings(max_examples=40, deadline=None)
@given(st.integers().filter(lambda n: not 0 <= n <= 3))
def test_property_a_level_outside_0_to_3_is_named(level: int) -> None:
    content = copy.deepcopy(VALID)
    content["answers"]["16"]["claimed_level"] = level
    assert locs(problem_of("inov-1", content)) == [["content", "answers", "16", "claimed_level"]]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.update(rule_year=1999), [["content", "rule_year"]]),
        (lambda c: c.update(id="lain"), [["content", "id"]]),
        (lambda c: c.update(opd_id=""), [["content", "opd_id"]]),
        (
            lambda c: c["answers"].update({"99": {"indicator": "99", "claimed_level": 1}}),
            [["content", "answers", "99"]],
        ),
        (
            lambda c: c["answers"]["16"].update(indicator="17"),
            [["content", "answers", "16", "indicator"]],
        ),
        (lambda c: c["documents"][0].update(slot="99"), [["content", "documents", 0, "slot"]]),
        (
            lambda c: c["documents"][0].update(sha256="AB" * 32),
            [["content", "documents", 0, "sha256"]],
        ),
        (lambda c: c["documents"][1].update(id="d1"), [["content", "documents", 1, "id"]]),
        (
            lambda c: c["documents"][0].update(size_bytes=-1),
            [["content", "documents", 0, "size_bytes"]],
        ),
        (lambda c: c["documents"][0].pop("id"), [["content", "documents", 0, "id"]]),
        (lambda c: c.pop("rule_year"), [["content", "rule_year"]]),
        (
            # Independent problems are all named at once.
            lambda c: (c.update(id="lain"), c["documents"][0].update(slot="99")),
            [["content", "id"], ["content", "documents", 0, "slot"]],
        ),
    ],
)
def test_content_its_rule_year_does_not_allow_is_named(change: Any, expected: list[Any]) -> None:
    content = copy.deepcopy(VALID)
    change(content)
    exc = problem_of("inov-1", content)
    assert exc.status == 422
    assert locs(exc) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.update(workflow_state="disetujui"), [["content", "workflow_state"]]),
        (lambda c: c.update(workflow_state="draft"), [["content", "workflow_state"]]),
        (lambda c: c.update(qc_status="accept"), [["content", "qc_status"]]),
        (
            lambda c: c["answers"]["16"].update(verdict="sesuai", verified_level=3),
            [
                ["content", "answers", "16", "verified_level"],
                ["content", "answers", "16", "verdict"],
            ],
        ),
        (
            lambda c: c["answers"]["17"].update(verifier_note="ok"),
            [["content", "answers", "17", "verifier_note"]],
        ),
    ],
)
def test_server_owned_fields_in_content_are_forbidden(change: Any, expected: list[Any]) -> None:
    content = copy.deepcopy(VALID)
    change(content)
    exc = problem_of("inov-1", content)
    assert exc.status == 403 and exc.type == PROBLEM_BASE + "server-owned-field"
    assert sorted(locs(exc)) == sorted(expected)
    assert "Ajukan" in exc.detail_id


def test_changed_paths_name_leaves_and_documents_by_position() -> None:
    old = full_content()
    new = copy.deepcopy(old)
    new["profile"]["nama"] = "Lain"
    new["documents"][1]["tentang"] = "Video baru"
    new["answers"]["16"]["claimed_level"] = 2
    assert typed.changed_paths(old, new) == [
        ("profile", "nama"),
        ("answers", "16", "claimed_level"),
        ("documents", 1, "tentang"),
    ]
    assert typed.changed_paths(old, copy.deepcopy(old)) == []


# --- over HTTP ---------------------------------------------------------------------------------


def _rejected(result: dict[str, Any], status: int, slug: str) -> dict[str, Any]:
    assert result["status"] == "rejected", result
    problem: dict[str, Any] = result["problem"]
    assert problem["status"] == status and problem["type"] == PROBLEM_BASE + slug, problem
    assert problem["detail"] and problem["detail_en"]
    return problem


def _record(client: httpx.Client, record_id: str) -> dict[str, Any]:
    r = client.get(f"/records/{record_id}")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


@pytest.mark.parametrize("state", ["disetujui", "terkirim", "diajukan"])
def test_an_operator_cannot_set_the_state_of_their_own_innovation(
    live: LiveServer, state: str
) -> None:
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as c:
        env = innovation(opd)
        assert push(c, env)[0]["status"] == "applied"
        forged = innovation(opd, env["id"], base=1)
        forged["content"]["workflow_state"] = state
        problem = _rejected(push(c, forged)[0], 403, "server-owned-field")
        assert [e["loc"] for e in problem["errors"]] == [["content", "workflow_state"]]
        stored = _record(c, env["id"])
    assert stored["version"] == 1 and "workflow_state" not in stored["content"]


@pytest.mark.parametrize("role", ["operator", "admin"])
def test_no_writer_of_content_can_write_the_verifier_fields(live: LiveServer, role: str) -> None:
    opd = live.user("operator")["opd_id"]
    with live.client(role) as c:
        env = innovation(opd, answers={"16": 3})
        env["content"]["answers"]["16"].update(verdict="sesuai", verified_level=3)
        env["content"]["qc_status"] = "accept"
        problem = _rejected(push(c, env)[0], 403, "server-owned-field")
        assert sorted(e["loc"] for e in problem["errors"]) == [
            ["content", "answers", "16", "verdict"],
            ["content", "answers", "16", "verified_level"],
            ["content", "qc_status"],
        ]
        assert c.get(f"/records/{env['id']}").status_code == 404


def test_a_verifier_cannot_change_an_officer_s_text(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as op, live.client("verifikator") as ver:
        env = innovation(opd, tujuan="Tujuan asli")
        assert push(op, env)[0]["status"] == "applied"
        edited = innovation(opd, env["id"], base=1, tujuan="Diubah verifikator")
        problem = _rejected(push(ver, edited)[0], 403, "forbidden")
        assert [e["loc"] for e in problem["errors"]] == [["content", "profile", "tujuan"]]
        assert _record(op, env["id"])["content"]["profile"]["tujuan"] == "Tujuan asli"


def test_malformed_content_over_http_is_a_422_with_its_path(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as c:
        rid = new_id()
        env = innovation(opd, rid, documents=[{"id": "d1", "slot": "16", "tanggal": "1 Maret"}])
        problem = _rejected(push(c, env)[0], 422, "invalid-record")
        assert problem["errors"][0]["loc"] == ["content", "documents", 0, "tanggal"]
        assert "documents.0.tanggal" in problem["detail"]
        # Fixed, the same record goes through.
        env["content"]["documents"][0]["tanggal"] = "2025-03-01"
        assert push(c, env)[0]["status"] == "applied"


def test_spd_content_is_read_with_the_codec(live: LiveServer) -> None:
    with live.client("admin") as c:
        bad = spd_profile()
        bad["content"]["answers"] = {"4": {"row": "4", "raw_value": "lima"}}
        problem = _rejected(push(c, bad)[0], 422, "invalid-record")
        assert problem["errors"][0]["loc"] == ["content", "answers", "4", "raw_value"]
        stray = spd_profile()
        stray["content"]["answers"] = {"99": {"row": "99", "level": 1}}
        problem = _rejected(push(c, stray)[0], 422, "invalid-record")
        assert problem["errors"][0]["loc"] == ["content", "answers", "99"]
        other_pemda = spd_profile()
        other_pemda["content"]["pemda_id"] = "pemda-lain"
        problem = _rejected(push(c, other_pemda)[0], 422, "invalid-record")
        assert problem["errors"][0]["loc"] == ["content", "pemda_id"]
        assert push(c, spd_profile())[0]["status"] == "applied"

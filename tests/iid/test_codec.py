"""Codec: records survive JSON exactly, newer keys are ignored, bad values are named."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iid.codec import (
    CodecError,
    innovation_from_dict,
    innovation_to_dict,
    spd_profile_from_dict,
    spd_profile_to_dict,
)
from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    JenisDokumen,
    QcStatus,
    Readability,
    SpdAnswer,
    SpdProfile,
    SyncState,
    Verdict,
    WorkflowState,
)

TEXT = st.text(max_size=30)
DATES = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
LEVELS = st.one_of(st.none(), st.integers(0, 3))
MOMENTS = st.one_of(
    st.none(),
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=7))]),
    ),
)
JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    TEXT,
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
)
EXTRA = st.dictionaries(
    st.from_regex(r"[a-z_]{1,10}", fullmatch=True),
    st.recursive(
        JSON_LEAF,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.from_regex(r"[a-z]{1,5}", fullmatch=True), inner, max_size=3)
        ),
        max_leaves=6,
    ),
    max_size=4,
)
QUANTITIES = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=2))
KEYS = st.sampled_from([str(n) for n in range(16, 36)])


@st.composite
def documents(draw: Any) -> EvidenceDocument:
    is_link = draw(st.booleans())
    return EvidenceDocument(
        id=draw(st.uuids()).hex,
        slot=draw(st.sampled_from(["16", "2a", "anggaran", "video"])),
        nomor=draw(TEXT),
        tanggal=draw(DATES),
        tentang=draw(TEXT),
        sha256=None if is_link else draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
        link=draw(st.just("https://youtu.be/x")) if is_link else None,
        file_name=draw(st.one_of(st.none(), TEXT)),
        media_type=draw(st.one_of(st.none(), st.sampled_from(["application/pdf", "video/mp4"]))),
        size_bytes=draw(st.one_of(st.none(), st.integers(0, 10**10))),
        duration_seconds=draw(st.one_of(st.none(), st.floats(0, 10**5, allow_nan=False))),
        page_count=draw(st.one_of(st.none(), st.integers(0, 5000))),
        position=draw(st.integers(0, 100)),
        jenis=draw(st.sampled_from(["", *(j.value for j in JenisDokumen)])),
        tahun=draw(st.one_of(st.none(), st.integers(1990, 2040))),
        names_innovation=draw(st.sampled_from([None, True, False])),
        name_page=draw(st.one_of(st.none(), st.integers(1, 500))),
        readability=draw(st.sampled_from([r.value for r in Readability])),
        prefilled=tuple(
            draw(st.lists(st.sampled_from(["nomor", "tanggal", "jenis"]), unique=True))
        ),
    )


@st.composite
def innovations(draw: Any) -> Innovation:
    profile = InnovationProfile(
        nama=draw(TEXT),
        tahapan=draw(TEXT),
        inisiator=draw(TEXT),
        inisiator_nama=draw(TEXT),
        jenis=draw(TEXT),
        bentuk=draw(TEXT),
        urusan_utama=draw(TEXT),
        urusan_lain=draw(st.lists(TEXT, max_size=4)),
        waktu_uji_coba=draw(DATES),
        waktu_penerapan=draw(DATES),
        waktu_pengembangan=draw(DATES),
        rancang_bangun=draw(st.text(max_size=300)),
        tujuan=draw(TEXT),
        manfaat=draw(TEXT),
        hasil=draw(TEXT),
        video_link=draw(TEXT),
        extra=draw(EXTRA),
    )
    keys = draw(st.lists(KEYS, unique=True, max_size=6))
    answers = {
        k: IndicatorAnswer(
            k,
            draw(LEVELS),
            draw(LEVELS),
            draw(st.sampled_from(list(Verdict))),
            draw(TEXT),
            quantity=draw(QUANTITIES),
            quantity_base=draw(QUANTITIES),
            basis=draw(st.sampled_from(["", "penerima_manfaat", "efisiensi"])),
            checklist=tuple(
                draw(st.lists(st.sampled_from(["2024", "2025", "media"]), unique=True))
            ),
        )
        for k in keys
    }
    return Innovation(
        id=draw(st.uuids()).hex,
        rule_year=draw(st.integers(2020, 2035)),
        opd_id=draw(TEXT),
        profile=profile,
        answers=answers,
        documents=draw(st.lists(documents(), max_size=4)),
        workflow_state=draw(st.sampled_from(list(WorkflowState))),
        sync_state=draw(st.sampled_from(list(SyncState))),
        qc_status=draw(st.sampled_from(list(QcStatus))),
        version=draw(st.integers(0, 10**6)),
        base_version=draw(st.integers(0, 10**6)),
        created_at=draw(MOMENTS),
        updated_at=draw(MOMENTS),
    )


@st.composite
def spd_profiles(draw: Any) -> SpdProfile:
    keys = draw(st.lists(st.sampled_from(["1", "2a", "4", "5b", "11a"]), unique=True))
    answers = {
        k: SpdAnswer(
            k,
            draw(LEVELS),
            draw(st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False))),
        )
        for k in keys
    }
    return SpdProfile(
        pemda_id=draw(TEXT),
        rule_year=draw(st.integers(2020, 2035)),
        answers=answers,
        documents=draw(st.lists(documents(), max_size=3)),
        version=draw(st.integers(0, 99)),
        base_version=draw(st.integers(0, 99)),
    )


def through_json(data: dict[str, Any]) -> Any:
    return json.loads(json.dumps(data, allow_nan=False))


@settings(max_examples=80, deadline=None)
@given(innovations())
def test_innovation_round_trips_exactly_through_json(innovation: Innovation) -> None:
    assert innovation_from_dict(through_json(innovation_to_dict(innovation))) == innovation


@settings(max_examples=60, deadline=None)
@given(spd_profiles())
def test_spd_profile_round_trips_exactly_through_json(profile: SpdProfile) -> None:
    again = spd_profile_from_dict(through_json(spd_profile_to_dict(profile)))
    assert again == profile
    for key, answer in profile.answers.items():
        assert str(again.answers[key].raw_value) == str(answer.raw_value)


def sample() -> Innovation:
    return Innovation(
        id="0192-abc",
        rule_year=2026,
        opd_id="opd-7",
        profile=InnovationProfile(
            nama="Si Cepat",
            waktu_penerapan=date(2025, 3, 1),
            extra={"koordinat": [-6.2, 106.8], "haki": True},
        ),
        answers={"16": IndicatorAnswer("16", claimed_level=3)},
        documents=[
            EvidenceDocument(
                id="d1", slot="16", tanggal=date(2025, 1, 2), sha256="ab" * 32, size_bytes=1000
            )
        ],
    )


def test_the_shape_is_plain_json_with_iso_dates_and_the_server_keys() -> None:
    data = innovation_to_dict(sample())
    assert data["opd_id"] == "opd-7" and data["rule_year"] == 2026
    assert data["profile"]["waktu_penerapan"] == "2025-03-01"
    assert data["documents"][0]["tanggal"] == "2025-01-02"
    assert data["answers"]["16"]["verdict"] == "pending"
    assert data["workflow_state"] == "draft"
    profile = SpdProfile("p", 2026, {"4": SpdAnswer("4", raw_value=Decimal("5.23"))})
    assert spd_profile_to_dict(profile)["answers"]["4"]["raw_value"] == "5.23"


def test_keys_from_a_newer_version_are_ignored() -> None:
    data = innovation_to_dict(sample())
    data["lokasi_baru"] = {"x": 1}
    data["profile"]["kolom_2030"] = "baru"
    data["answers"]["16"]["bobot_2030"] = 9
    data["documents"][0]["hash_blake3"] = "ff"
    assert innovation_from_dict(data) == sample()


def test_content_without_machinery_reads_with_defaults() -> None:
    content = {"id": "x", "rule_year": 2026, "opd_id": "o", "profile": {"nama": "A"}}
    innovation = innovation_from_dict(content)
    assert innovation.sync_state is SyncState.LOCAL and innovation.version == 0
    assert innovation.profile.nama == "A" and innovation.answers == {}


def test_fields_of_evidence_reading_travel_and_are_left_out_when_unset() -> None:
    plain = innovation_to_dict(sample())
    assert "jenis" not in plain["documents"][0] and "quantity" not in plain["answers"]["16"]
    read = sample()
    read.documents[0] = EvidenceDocument(
        id="d1",
        slot="16",
        tanggal=date(2025, 1, 2),
        sha256="ab" * 32,
        size_bytes=1000,
        jenis="perkada",
        tahun=2025,
        names_innovation=True,
        name_page=3,
        prefilled=("nomor", "jenis"),
    )
    read.answers["17"] = IndicatorAnswer("17", 2, quantity=Decimal("12"))
    read.answers["29"] = IndicatorAnswer(
        "29", 3, quantity=Decimal("38"), quantity_base=Decimal("40")
    )
    read.answers["35"] = IndicatorAnswer("35", 3, checklist=("latar_belakang", "manfaat"))
    data = through_json(innovation_to_dict(read))
    assert data["documents"][0]["prefilled"] == ["nomor", "jenis"]
    assert data["documents"][0]["names_innovation"] is True
    assert data["answers"]["29"]["quantity_base"] == "40"
    assert innovation_from_dict(data) == read


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.pop("rule_year"), "innovation.rule_year: missing"),
        (lambda d: d.update(rule_year="2026"), "innovation.rule_year"),
        (lambda d: d["profile"].update(waktu_penerapan="1 Maret"), "profile.waktu_penerapan"),
        (lambda d: d["answers"]["16"].update(claimed_level="tiga"), "answers.16.claimed_level"),
        (lambda d: d["answers"]["16"].update(verdict="mungkin"), "answers.16.verdict"),
        (lambda d: d["documents"][0].update(size_bytes="1 MB"), "documents[0].size_bytes"),
        (
            lambda d: d["documents"][0].update(names_innovation="ya"),
            "documents[0].names_innovation",
        ),
        (lambda d: d["documents"][0].update(prefilled="nomor"), "documents[0].prefilled"),
        (lambda d: d["answers"]["16"].update(quantity="banyak"), "answers.16.quantity"),
        (lambda d: d.update(documents={"a": 1}), "innovation.documents"),
        (lambda d: d.update(workflow_state="arsip"), "innovation.workflow_state"),
    ],
)
def test_bad_values_are_refused_naming_the_key(change: Any, where: str) -> None:
    data = innovation_to_dict(sample())
    change(data)
    with pytest.raises(CodecError, match=where.replace("[", r"\[").replace("]", r"\]")):
        innovation_from_dict(data)


def test_spd_bad_number_is_named() -> None:
    with pytest.raises(CodecError, match=r"answers\.4\.raw_value"):
        spd_profile_from_dict({"rule_year": 2026, "answers": {"4": {"raw_value": "lima"}}})


def test_decoded_answers_and_documents_are_the_records_their_constructor_makes() -> None:
    # The codec builds these frozen records without their generated __init__ (a first pull's
    # cost): every field set, equal and hashable like constructed ones, still frozen.
    import dataclasses

    read = innovation_from_dict(innovation_to_dict(sample()))
    for made in (read.answers["16"], read.documents[0]):
        cls = type(made)
        assert not hasattr(cls, "__post_init__")
        names = {f.name for f in dataclasses.fields(cls)}
        assert vars(made).keys() == names
        built = cls(**vars(made))
        assert made == built and hash(made) == hash(built)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, "id" if "id" in names else "indicator", "17")


def test_a_bad_value_deep_in_a_record_names_its_path() -> None:
    data = innovation_to_dict(sample())
    data["documents"][0]["size_bytes"] = "1 MB"
    with pytest.raises(CodecError) as caught:
        innovation_from_dict(data)
    assert caught.value.loc == ("documents", 0, "size_bytes")
    assert caught.value.where == "innovation.documents[0].size_bytes"
    data = innovation_to_dict(sample())
    data["answers"]["16"] = ["not", "an", "object"]
    with pytest.raises(CodecError) as caught:
        innovation_from_dict(data)
    assert caught.value.loc == ("answers", "16")
    assert caught.value.where == "innovation.answers.16"
    assert caught.value.problem == "must be an object, not list"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"indicator": "16", "claimed_level": 2}, IndicatorAnswer("16", claimed_level=2)),
        ({"claimed_level": None}, IndicatorAnswer("16")),
        ({}, IndicatorAnswer("16")),
        ({"indicator": "", "claimed_level": 0}, IndicatorAnswer("16", claimed_level=0)),
        ({"claimed_level": 3, "basis": "x"}, IndicatorAnswer("16", claimed_level=3, basis="x")),
    ],
)
def test_a_plain_answer_reads_as_the_full_reader_reads_it(
    answer: dict[str, Any], expected: IndicatorAnswer
) -> None:
    data = innovation_to_dict(sample())
    data["answers"] = {"16": answer}
    read = innovation_from_dict(data).answers["16"]
    assert read == expected and vars(read) == vars(expected)


@pytest.mark.parametrize("bad", [{"claimed_level": True}, {"claimed_level": "2"},
                                 {"claimed_level": 2.0}, {"indicator": 16}])  # fmt: skip
def test_a_plain_looking_answer_of_a_wrong_type_is_refused_naming_it(bad: dict[str, Any]) -> None:
    data = innovation_to_dict(sample())
    data["answers"] = {"16": bad}
    with pytest.raises(CodecError, match=r"answers\.16\.(claimed_level|indicator)"):
        innovation_from_dict(data)

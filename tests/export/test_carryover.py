"""Yearly carry-over: a 2026 innovation carried to 2027 keeps its fields and evidence, the
vault does not grow, the verifier's view stays behind, and a second carry-over is refused."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from iid.records import Verdict, WorkflowState
from iid.rules import load_rules
from sync.local.carryover import (
    CARRYABLE_STATES,
    FROM_ID,
    CarryOverError,
    carry_over,
    next_rule_year,
    plan_carry_over,
)
from sync.local.repository import InnovationFilter
from tests.export.conftest import DemoData

DEVELOPED = "Layanan kini terhubung dengan aplikasi Dapodik dan dipakai di 40 sekolah baru."


def _approved(demo: DemoData) -> Any:
    summary = demo.repo.list_innovations(InnovationFilter(search="Sekolah Ramah"))[0]
    innovation = demo.repo.get_innovation(summary.id)
    assert innovation is not None and innovation.workflow_state is WorkflowState.DISETUJUI
    return innovation


def test_carried_to_2027_keeps_fields_and_evidence_without_growing_the_vault(
    demo: DemoData,
) -> None:
    old = _approved(demo)
    blobs, stored = demo.vault.list_blobs(), demo.vault.stored_bytes()
    vault_file = demo.folder / "vault.sqlite"
    size_before = vault_file.stat().st_size
    assert next_rule_year(2026) == 2027

    new = carry_over(demo.repo, old.id, development=DEVELOPED, developed_on=date(2026, 3, 1))

    assert new.id != old.id and new.rule_year == 2027 and new.opd_id == old.opd_id
    assert new.workflow_state is WorkflowState.DRAFT
    for name in ("nama", "tahapan", "inisiator", "jenis", "bentuk", "urusan_utama",
                 "waktu_uji_coba", "waktu_penerapan", "rancang_bangun", "tujuan", "manfaat",
                 "hasil"):  # fmt: skip
        assert getattr(new.profile, name) == getattr(old.profile, name), name
    assert new.profile.waktu_pengembangan == date(2026, 3, 1)
    assert new.profile.extra["uraian_pengembangan"] == DEVELOPED
    assert new.profile.extra[FROM_ID] == old.id
    # Claims carried, the verifier's levels and verdicts not (a new year is a new review).
    assert new.claimed_levels() == old.claimed_levels()
    assert all(a.verified_level is None and a.verdict is Verdict.PENDING
               for a in new.answers.values())  # fmt: skip
    assert any(a.verified_level for a in old.answers.values())
    # Every document again, by the same hash, under new ids; the vault holds nothing new.
    key = lambda d: (d.slot, d.position, d.sha256, d.link, d.nomor, d.tentang)  # noqa: E731
    assert sorted(map(key, new.documents)) == sorted(map(key, old.documents))
    assert not {d.id for d in new.documents} & {d.id for d in old.documents}
    assert demo.vault.list_blobs() == blobs and demo.vault.stored_bytes() == stored
    assert vault_file.stat().st_size == size_before
    # The 2026 record is untouched.
    again = demo.repo.get_innovation(old.id)
    assert again is not None and dataclasses.replace(again, updated_at=None) == (
        dataclasses.replace(old, updated_at=None)
    )


def test_a_second_carry_over_points_to_the_first(demo: DemoData) -> None:
    old = _approved(demo)
    first = carry_over(demo.repo, old.id, development=DEVELOPED)
    with pytest.raises(CarryOverError) as refused:
        carry_over(demo.repo, old.id, development=DEVELOPED)
    assert refused.value.code == "carryover.exists"
    assert refused.value.params["existing_id"] == first.id


def test_what_was_developed_is_required(demo: DemoData) -> None:
    old = _approved(demo)
    before = demo.repo.count_innovations()
    with pytest.raises(CarryOverError) as refused:
        carry_over(demo.repo, old.id, development="  sama  ")
    assert refused.value.code == "carryover.development_missing"
    assert demo.repo.count_innovations() == before


def test_no_rules_after_the_newest_year(demo: DemoData) -> None:
    old = _approved(demo)
    carried = carry_over(demo.repo, old.id, development=DEVELOPED)
    demo.repo.set_innovation_state(carried.id, WorkflowState.DISETUJUI)  # its year is done too
    with pytest.raises(CarryOverError) as refused:
        carry_over(demo.repo, carried.id, development=DEVELOPED)
    assert refused.value.code == "carryover.no_next_year"


@pytest.mark.parametrize(
    "state", [s for s in WorkflowState if s not in CARRYABLE_STATES], ids=lambda s: s.value
)
def test_an_innovation_still_in_this_years_process_is_not_carried(
    demo: DemoData, state: WorkflowState
) -> None:
    old = _approved(demo)
    demo.repo.set_innovation_state(old.id, state)
    before = demo.repo.count_innovations()
    with pytest.raises(CarryOverError) as refused:
        carry_over(demo.repo, old.id, development=DEVELOPED)
    assert refused.value.code == "carryover.year_not_done"
    assert refused.value.params == {"state": state.value}
    assert demo.repo.count_innovations() == before


@pytest.mark.parametrize("state", sorted(CARRYABLE_STATES), ids=lambda s: s.value)
def test_every_state_where_the_year_is_done_is_carried(
    demo: DemoData, state: WorkflowState
) -> None:
    old = _approved(demo)
    demo.repo.set_innovation_state(old.id, state)
    new = carry_over(demo.repo, old.id, development=DEVELOPED)
    assert new.rule_year == old.rule_year + 1 and new.workflow_state is WorkflowState.DRAFT


def test_a_changed_form_maps_fields_drops_what_it_cannot_hold_and_leaves_new_ones_empty(
    demo: DemoData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 2028 form: "asta_cita" is gone, "inisiator" lost the choice "OPD", a field is new.
    old_choices = '["Kepala Daerah", "Anggota DPRD", "OPD", "ASN", "Masyarakat"]'
    new_choices = old_choices.replace('"OPD", ', "")
    text = Path(load_rules(2026).path).read_text("utf-8").replace("year = 2026", "year = 2028", 1)
    text = text.replace(f"choices = {old_choices}", f"choices = {new_choices}")
    start = text.index('name = "asta_cita"')
    text = text[:start] + 'name = "sdgs"\nlabel = "Tujuan SDGs"' + text[
        text.index("kind", start) - 1:]  # fmt: skip
    (tmp_path / "2028.toml").write_text(text, "utf-8")
    monkeypatch.setenv("INOVASI_RULES_DIR", str(tmp_path))
    old = _approved(demo)
    profile = old.profile
    profile.extra["asta_cita"] = "Ketahanan pangan"
    demo.repo.update_profile(old.id, profile)
    old = demo.repo.get_innovation(old.id)
    rules_2028 = load_rules(2028)

    plan = plan_carry_over(old, rules_2028)
    assert {d.name for d in plan.dropped} == {"asta_cita", "inisiator"}
    assert "sdgs" in plan.new_fields and "nama" in plan.fields
    new = carry_over(demo.repo, old.id, development=DEVELOPED, to_year=2028)
    assert new.profile.inisiator == "" and "asta_cita" not in new.profile.extra
    assert "sdgs" not in new.profile.extra and new.profile.nama == old.profile.nama
    assert len(new.documents) == len(old.documents)

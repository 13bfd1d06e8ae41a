"""Backoff, metered detection, the policy gate, the rate meter."""

from __future__ import annotations

import random

import pytest

from sync.client import policy
from sync.client.policy import (
    POOR_LINE_BPS,
    RateMeter,
    SyncMode,
    SyncPolicy,
    backoff_delay,
    may_sync_automatically,
    parse_nmcli_metered,
)


def test_backoff_grows_exponentially_with_jitter_and_caps_at_15_minutes() -> None:
    lows = [backoff_delay(n, rng=lambda: 0.0) for n in range(1, 12)]
    highs = [backoff_delay(n, rng=lambda: 0.999999) for n in range(1, 12)]
    assert lows[:4] == [2.5, 5.0, 10.0, 20.0]  # half of 5, 10, 20, 40 s
    assert all(b > a for a, b in zip(highs[:6], highs[1:7], strict=True))
    assert max(highs) <= 900.0 and highs[-1] == pytest.approx(900.0, rel=1e-5)
    assert lows[-1] == 450.0  # jitter never below half the capped delay
    rng = random.Random(1)
    samples = {round(backoff_delay(5, rng=rng.random), 3) for _ in range(50)}
    assert len(samples) > 40  # really jittered: devices do not retry in step
    assert all(40.0 <= s <= 80.0 for s in samples)


def test_backoff_honours_retry_after_as_a_floor_and_a_custom_cap() -> None:
    assert backoff_delay(1, retry_after=120, rng=lambda: 0.0) == 120
    assert backoff_delay(1, retry_after=99999, rng=lambda: 0.0) == 3600.0
    assert backoff_delay(30, cap=60.0, rng=lambda: 1.0) == 60.0


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("GENERAL.METERED:no (guessed)\nGENERAL.METERED:unknown\n", False),
        ("GENERAL.METERED:yes\nGENERAL.METERED:no\n", True),
        ("GENERAL.METERED:yes (guessed)\n", True),
        ("GENERAL.METERED:unknown\n", None),
        ("", None),
    ],
)
def test_nmcli_output(output: str, expected: bool | None) -> None:
    assert parse_nmcli_metered(output) is expected


def test_metered_unknown_without_networkmanager(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policy, "_metered_dbus", lambda: None)
    monkeypatch.setattr(policy.shutil, "which", lambda name: None)
    assert policy.network_metered() is None
    monkeypatch.setattr(policy, "_metered_dbus", lambda: False)
    assert policy.network_metered() in (False, None)  # False on Linux, None elsewhere


def test_policy_gate() -> None:
    auto, unmetered = SyncPolicy(), SyncPolicy(mode=SyncMode.UNMETERED)
    manual = SyncPolicy(mode=SyncMode.MANUAL)
    assert may_sync_automatically(auto, lambda: True)
    assert not may_sync_automatically(manual, lambda: False)
    assert may_sync_automatically(unmetered, lambda: False)
    assert not may_sync_automatically(unmetered, lambda: True)
    assert not may_sync_automatically(unmetered, lambda: None)  # unknown counts as metered


def test_rate_meter_smooths_and_flags_a_poor_line() -> None:
    now = [0.0]
    meter = RateMeter(window=5.0, clock=lambda: now[0])
    assert meter.rate() is None and not meter.poor()
    for _ in range(20):  # 1 Mbit/s: 125 kB/s in 0.5 s steps
        now[0] += 0.5
        meter.add(62_500)
    rate = meter.rate()
    assert rate is not None and rate == pytest.approx(125_000, rel=0.05)
    assert meter.poor() and rate < POOR_LINE_BPS
    for _ in range(40):  # then a fast line: the estimate follows
        now[0] += 0.5
        meter.add(5_000_000)
    assert not meter.poor()


def test_rate_meter_does_not_count_idle_time_as_a_slow_line() -> None:
    now = [0.0]
    meter = RateMeter(window=5.0, clock=lambda: now[0])
    for _ in range(10):
        now[0] += 0.5
        meter.add(1_000_000)  # 2 MB/s
    fast = meter.rate()
    assert fast is not None and fast > POOR_LINE_BPS
    now[0] += 120.0  # two idle minutes between runs
    for _ in range(3):
        now[0] += 0.5
        meter.add(1_000_000)
    after = meter.rate()
    assert after is not None and after == pytest.approx(fast, rel=0.2)
    assert not meter.poor()

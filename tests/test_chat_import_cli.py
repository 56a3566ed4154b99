"""End to end through the CLI: a Slack copy imported, then `pmtui check` shows the incident's metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.storage.parsing import load_session_fast

SLACK = Path(__file__).resolve().parent / "fixtures" / "chat" / "slack_desktop.txt"


@pytest.fixture
def incident(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "checkout.toml"
    args = ["new", str(path), "--title", "Checkout errors", "--started-at", "2026-11-27T13:55Z"]
    assert main([*args, "--timezone", "Europe/Berlin"]) == 0
    capsys.readouterr()
    return path


def test_slack_copy_imports_with_exit_0_and_check_shows_ack_mitigate_resolve(
    incident: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(incident)])
    assert "to acknowledge —, to mitigate —, to resolve —" in capsys.readouterr().out  # nothing to measure yet

    assert main(["import-timeline", str(incident), str(SLACK)]) == 0  # dividers, badges, reactions: all understood
    out, err = capsys.readouterr()
    assert err == ""
    assert "Added 10 timeline entries (times in Europe/Berlin)" in out

    main(["check", str(incident)])
    metrics = next(line for line in capsys.readouterr().out.splitlines() if ": metrics: " in line)
    assert "to acknowledge 6 min" in metrics
    assert "to mitigate 14 min" in metrics
    assert "to resolve 18 h 15 min" in metrics

    kinds = [(e.kind.value, e.author) for e in load_session_fast(incident).timeline]
    assert ("alert", "PagerDuty") in kinds and ("communication", "Sam Ortega") in kinds


def test_importing_the_same_copy_again_adds_nothing_and_exits_0(
    incident: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-timeline", str(incident), str(SLACK)]) == 0
    first = incident.read_bytes()
    assert main(["import-timeline", str(incident), str(SLACK)]) == 0
    assert "Skipped 10 already in the timeline" in capsys.readouterr().out
    assert incident.read_bytes() == first


def test_dry_run_shows_each_guessed_kind_and_its_words(incident: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = incident.read_bytes()
    assert main(["import-timeline", str(incident), str(SLACK), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        '2026-11-27 15:09  mitigated     [Sam Ortega] rolled indexer back to v41  ← guessed from "rolled … back"' in out
    )
    assert "2026-11-27 14:58  alert         [PagerDuty] Triggered #88213" in out
    note = next(line for line in out.splitlines() if "search latency" in line)
    assert "15:04  note          [Priya Natarajan]" in note and "guessed" not in note
    assert incident.read_bytes() == before


def test_a_line_really_left_out_exits_1_and_is_named(
    incident: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "copy.txt"
    log.write_text("Channel #inc-88213, exported by Sam\n" + SLACK.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["import-timeline", str(incident), str(log)]) == 1
    out, err = capsys.readouterr()
    assert "Added 10 timeline entries" in out
    assert err.strip() == f"pmtui: {log}:1: no timestamp to read, left out: Channel #inc-88213, exported by Sam"


def test_today_option_dates_today_and_yesterday_dividers(
    incident: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "copy.txt"
    log.write_text("Yesterday\nSam Ortega  11:40 PM\ndeploying\nToday\nSam Ortega  12:15 AM\nrolled back\n")
    assert main(["import-timeline", str(incident), str(log), "--today", "2026-11-28", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "2026-11-27 23:40  note" in out and "2026-11-28 00:15  mitigated" in out

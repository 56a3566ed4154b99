"""`pmtui check`: output a person can read, JSON a machine can, exit codes CI can trust, files left untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmtui.cli import main

MEETING_DAY = ["--today", "2026-11-23"]


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_clean_samples_exit_0_with_metrics_and_a_summary(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(sample_path), *MEETING_DAY]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{sample_path}: metrics: time to detect ")
    assert ", to acknowledge " in out[0] and ", impact " in out[0]
    assert out[1] == f"{sample_path}: 0 errors, 0 warnings — ok"


def test_demo_metrics_line(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(demo_copy), *MEETING_DAY])
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{demo_copy}: metrics: time to detect 7 min, to acknowledge 10 min, to mitigate 31 min,"
        " to resolve 1 h 8 min, impact 38 min"
    )


def test_errors_exit_1_one_finding_a_line(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(demo_copy, 'notetaker = "Lee Chen"', 'notetaker = "sam ortega"')
    edit(demo_copy, 'owner = "Lee Chen"', 'owner = ""')
    assert main(["check", str(demo_copy), *MEETING_DAY]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{demo_copy}: error roles.same-person: Sam Ortega is both moderator and notetaker;"
        " ask someone else to take notes"
    )
    assert out[1] == f"{demo_copy}: error actions.no-owner [a5]: no owner: who is accountable?"
    assert out[-1] == f"{demo_copy}: 2 errors, 0 warnings — needs work"


def test_warnings_exit_0_unless_strict(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", str(demo_copy), "--today", "2026-12-16"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"{demo_copy}: warning actions.overdue [a2]: 12 days overdue (due 2026-12-04, open)" in out
    assert f"{demo_copy}: 0 errors, 2 warnings — ok with warnings" in out
    assert main([*args, "--strict"]) == 1


def test_json_for_machines(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(demo_copy, 'owner = "Lee Chen"', 'owner = ""')
    assert main(["check", str(demo_copy), "--format", "json", *MEETING_DAY]) == 1
    report = json.loads(capsys.readouterr().out)
    (result,) = report["files"]
    assert result["path"] == str(demo_copy)
    assert (result["errors"], result["warnings"]) == (1, 0)
    assert result["findings"] == [
        {
            "rule": "actions.no-owner",
            "severity": "error",
            "section": "actions",
            "entry_id": "a5",
            "phase": "actions",
            "message": "no owner: who is accountable?",
        }
    ]
    assert result["metrics"]["time_to_detect"] == 7 * 60
    assert result["metrics"]["impact_duration"] == 38 * 60


BROKEN = {
    "syntax": ('title = "Checkout returned errors for 38 minutes"', 'title = "Checkout returned errors'),
    "invalid": ('kind = "acknowledged"', 'kind = "acked"'),
}


@pytest.mark.parametrize("problem", BROKEN)
def test_a_broken_file_exits_2_with_one_line_and_is_untouched(
    problem: str, demo_copy: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(demo_copy, *BROKEN[problem])
    before = demo_copy.read_bytes()
    folder_before = sorted(os.listdir(demo_copy.parent))
    assert main(["check", str(demo_copy), str(sample_path), *MEETING_DAY]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith(f"pmtui: {demo_copy}:")
    assert "Traceback" not in captured.err
    if problem == "invalid":
        assert 'timeline t4: kind "acked" is not one of' in line
    # The other file is still checked.
    assert f"{sample_path}: 0 errors, 0 warnings — ok" in captured.out
    assert demo_copy.read_bytes() == before
    assert sorted(os.listdir(demo_copy.parent)) == folder_before  # no lock or temp file left behind


def test_a_missing_file_exits_2_and_json_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.toml"
    assert main(["check", str(missing), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["files"] == [
        {"path": str(missing), "error": f"{missing}: no such file; check the path, or create one with `pmtui new`"}
    ]
    assert captured.err.startswith(f"pmtui: {missing}: no such file")


def test_an_unreadable_file_outranks_findings_in_another(demo_copy: Path, tmp_path: Path) -> None:
    # An unreadable file wins over findings in another: CI must see that something was not checked.
    edit(demo_copy, 'owner = "Lee Chen"', 'owner = ""')
    assert main(["check", str(demo_copy), str(tmp_path / "missing.toml")]) == 2


def test_a_bad_today_is_a_usage_error(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(demo_copy), "--today", "2026-13-01"])
    assert exit_info.value.code == 2
    assert "'2026-13-01' is not a date such as 2026-12-05" in capsys.readouterr().err


def test_the_installed_command_runs_without_loading_textual(demo_copy: Path) -> None:
    script = (
        "import sys\n"
        "from pmtui.cli import main\n"
        f"code = main(['check', {str(demo_copy)!r}, '--today', '2026-11-23'])\n"
        "assert 'textual' not in sys.modules, 'pmtui check imported textual'\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "0 errors, 0 warnings — ok" in result.stdout

"""`pmtui report DIR`: figures checked against values worked out by hand on a small folder, all formats, bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.report import build_report
from pmtui.report.figures import percentile

TODAY = "2026-02-20"

A = """
schema_version = 1
[incident]
title = "Checkout errors after a config push"
severity = "SEV1"
started_at = 2026-01-10T10:00:00Z
[[timeline]]
id = "t1"
at = 2026-01-10T10:00:00Z
kind = "impact-start"
text = "errors start"
[[timeline]]
id = "t2"
at = 2026-01-10T10:10:00Z
kind = "detected"
text = "alert"
[[timeline]]
id = "t3"
at = 2026-01-10T10:20:00Z
kind = "acknowledged"
text = "ack"
[[timeline]]
id = "t4"
at = 2026-01-10T11:00:00Z
kind = "mitigated"
text = "rolled back"
[[timeline]]
id = "t5"
at = 2026-01-10T12:00:00Z
kind = "resolved"
text = "fixed"
[[whys]]
id = "y1"
question = "Why did the bad value reach every region?"
answer = "The config push had no canary stage"
[[actions]]
id = "a1"
text = "Add a canary stage to config pushes"
owner = "Ana"
kind = "prevention"
due = 2026-01-20
status = "done"
done_on = 2026-01-18
addresses = ["y1"]
[[actions]]
id = "a2"
text = "Write the rollback runbook"
owner = "Ana"
kind = "prevention"
due = 2026-01-25
"""

B = """
schema_version = 1
[incident]
title = "Search down"
severity = "SEV2"
started_at = 2026-01-20T09:00:00Z
[[timeline]]
id = "t1"
at = 2026-01-20T09:00:00Z
kind = "impact-start"
text = "down"
[[timeline]]
id = "t2"
at = 2026-01-20T09:30:00Z
kind = "detected"
text = "customer ticket"
[[timeline]]
id = "t3"
at = 2026-01-20T10:00:00Z
kind = "mitigated"
text = "restarted"
[[went_wrong]]
id = "w1"
text = "Configuration pushes skip the canary stage"
[[lucky]]
id = "l1"
text = "It happened during business hours"
[[actions]]
id = "b1"
text = "Alert on search error rate"
owner = "Ben"
kind = "detection"
due = 2026-01-30
status = "done"
done_on = 2026-02-01
"""

C = """
schema_version = 1
[incident]
title = "Orders delayed"
severity = "SEV1"
started_at = 2026-02-05T08:00:00Z
[[timeline]]
id = "t1"
at = 2026-02-05T08:00:00Z
kind = "impact-start"
text = "queue grows"
[[timeline]]
id = "t2"
at = 2026-02-05T08:05:00Z
kind = "alert"
text = "page"
[[timeline]]
id = "t3"
at = 2026-02-05T08:06:00Z
kind = "acknowledged"
text = "ack"
[[timeline]]
id = "t4"
at = 2026-02-05T08:30:00Z
kind = "mitigated"
text = "scaled"
[[timeline]]
id = "t5"
at = 2026-02-05T09:00:00Z
kind = "resolved"
text = "done"
[[whys]]
id = "y1"
question = "Why did writes fail?"
answer = "The disk filled with logs"
[[lucky]]
id = "l1"
text = "Luckily it was business hours and the team was online"
[[actions]]
id = "c1"
text = "Rotate logs"
owner = "Ben"
kind = "prevention"
due = 2026-02-10
status = "in-progress"
[[actions]]
id = "c2"
text = "Buy bigger disks"
status = "wont-do"
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "postmortems"
    (root / "2026").mkdir(parents=True)
    (root / "a.toml").write_text(A, encoding="utf-8")
    (root / "2026" / "b.toml").write_text(B, encoding="utf-8")
    (root / "2026" / "c.toml").write_text(C, encoding="utf-8")
    return root


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["report", *args, "--format", "json", "--today", TODAY])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_incidents_per_month_by_severity(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data, err = run_json(capsys, str(folder))
    assert code == 0 and err == ""
    assert data["incident_count"] == 3 and data["months"] == ["2026-01", "2026-02"]
    per = data["incidents_per_month"]
    assert (per["2026-01"]["SEV1"], per["2026-01"]["SEV2"], per["2026-01"]["total"]) == (1, 1, 2)
    assert (per["2026-02"]["SEV1"], per["2026-02"]["total"]) == (1, 1)
    assert (per["all"]["SEV1"], per["all"]["SEV2"], per["all"]["total"]) == (2, 1, 3)


def test_times_are_medians_and_p90_with_their_counts(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data, _ = run_json(capsys, str(folder))
    times = data["times"]

    def spread(name: str, month: str) -> tuple[object, object, object]:
        s = times[name][month]
        return s["median_seconds"], s["p90_seconds"], s["count"]

    # Detect: A 10 min, B 30 min (January); C 5 min, from its alert (February).
    assert spread("time_to_detect", "2026-01") == (1200, 1800, 2)
    assert spread("time_to_detect", "2026-02") == (300, 300, 1)
    assert spread("time_to_detect", "all") == (600, 1800, 3)
    # Acknowledge: B has no acknowledged entry, so January stands on one incident.
    assert spread("time_to_acknowledge", "2026-01") == (1200, 1200, 1)
    assert spread("time_to_acknowledge", "all") == (780, 1200, 2)
    assert spread("time_to_mitigate", "all") == (3600, 3600, 3)
    assert spread("time_to_resolve", "2026-01") == (7200, 7200, 1)
    assert spread("time_to_resolve", "all") == (5400, 7200, 2)


def test_nearest_rank_percentile() -> None:
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90) == 10
    assert percentile([7], 90) == 7


def test_action_follow_through_by_owner_and_kind(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data, _ = run_json(capsys, str(folder))
    owners = data["actions"]["by_owner"]
    # Most days overdue first: Ana's a2 is 26 days late, Ben's c1 10 days.
    assert list(owners) == ["Ana", "Ben", "(no owner)", "all"]
    assert owners["Ana"] == {
        "total": 2, "open": 1, "done": 1, "done_on_time": 1, "done_late": 0, "done_undated": 0,
        "wont_do": 0, "overdue": 1, "overdue_days": 26, "oldest_overdue_days": 26,
    }  # fmt: skip
    assert (owners["Ben"]["done_late"], owners["Ben"]["overdue_days"]) == (1, 10)
    assert owners["(no owner)"]["wont_do"] == 1
    everyone = owners["all"]
    assert (everyone["total"], everyone["open"], everyone["overdue"], everyone["overdue_days"]) == (5, 2, 2, 36)
    assert (everyone["done"], everyone["done_on_time"], everyone["done_late"], everyone["wont_do"]) == (2, 1, 1, 1)
    kinds = data["actions"]["by_kind"]
    assert list(kinds) == ["prevention", "detection", "(no kind)", "all"]
    assert (kinds["prevention"]["total"], kinds["prevention"]["overdue_days"]) == (3, 36)
    assert kinds["detection"]["done_late"] == 1


def test_recurring_factor_lists_incidents_and_the_action_that_addressed_it(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, data, _ = run_json(capsys, str(folder))
    [group] = data["recurring_factors"]
    assert "canary" in group["name"]
    assert [i["file"] for i in group["incidents"]] == ["a.toml", "2026/b.toml"]
    assert group["incidents"][0] == {
        "file": "a.toml",
        "title": "Checkout errors after a config push",
        "date": "2026-01-10",
        "severity": "SEV1",
    }
    assert [(e["file"], e["id"]) for e in group["entries"]] == [("a.toml", "y1"), ("2026/b.toml", "w1")]
    [action] = group["actions"]
    assert (action["file"], action["id"], action["status"], action["done_on"]) == ("a.toml", "a1", "done", "2026-01-18")
    [lucky] = data["lucky"]
    assert {e["file"] for e in lucky["entries"]} == {"2026/b.toml", "2026/c.toml"} and "business" in lucky["name"]


def test_since_and_until_keep_incidents_by_start_date(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data, _ = run_json(capsys, str(folder), "--since", "2026-01-15", "--until", "2026-01-31")
    assert data["incident_count"] == 1 and data["months"] == ["2026-01"]
    assert data["incidents_per_month"]["all"]["SEV2"] == 1
    assert data["recurring_factors"] == []  # one incident left: nothing can recur


def test_a_broken_file_is_named_the_rest_reported_and_exit_is_2(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "broken.toml").write_text('schema_version = 1\n[incident]\ntitle = "x\n', encoding="utf-8")
    code, data, err = run_json(capsys, str(folder))
    assert code == 2
    assert data["incident_count"] == 3
    [line] = err.splitlines()
    assert line.startswith(f"pmtui: {folder / 'broken.toml'}:3:") and "left out of the report" in line
    assert "Traceback" not in err


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_format_has_every_section(folder: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert main(["report", str(folder), "--format", fmt, "--today", TODAY]) == 0
    out = capsys.readouterr().out
    for section in ("Incidents per month", "Action follow-through", "Recurring contributing factors", "lucky"):
        assert section in out
    assert "Checkout errors after a config push" in out and "Detect" in out


def test_html_is_one_self_contained_page_with_svg_charts(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = folder.parent / "report.html"
    assert main(["report", str(folder), "--format", "html", "-o", str(out_file), "--today", TODAY]) == 0
    page = out_file.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<script" not in page.lower() and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert page.count("<svg") == 3 and "<polyline" in page and "<rect" in page  # bars, trend lines, actions
    assert "@media print" in page


def test_text_from_files_never_reaches_the_terminal_raw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = A.replace("Checkout errors after a config push", "Boom \\u001b[31mred\\u001b]0;pwned\\u0007 [bold]x[/]")
    (tmp_path / "a.toml").write_text(hostile, encoding="utf-8")
    (tmp_path / "b.toml").write_text(B, encoding="utf-8")
    assert main(["report", str(tmp_path), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold]x[/]" in out  # shown literally


def test_a_line_with_control_characters_fits_80_columns_once_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each ESC shows as four characters (\\x1b): the cut must count what is shown, not what was written.
    title = "Checkout errors " + "\\u001b" * 30 + " after a config push"
    (tmp_path / "a.toml").write_text(A.replace("Checkout errors after a config push", title), encoding="utf-8")
    (tmp_path / "b.toml").write_text(B, encoding="utf-8")
    assert main(["report", str(tmp_path), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "\\x1b\\x1b" in out  # the title is in the report, escaped
    assert max(len(line) for line in out.splitlines()) <= 80


def test_html_escapes_user_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.toml").write_text(A.replace("no canary stage", "no canary stage <script>x</script>"), "utf-8")
    (tmp_path / "b.toml").write_text(B, encoding="utf-8")
    assert main(["report", str(tmp_path), "--format", "html", "--today", TODAY]) == 0
    page = capsys.readouterr().out
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_bad_arguments_get_one_line_and_exit_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(folder / "nope")]) == 2
    assert (
        capsys.readouterr().err.strip() == f"pmtui: {folder / 'nope'}: no such folder; name a folder of session files"
    )
    assert main(["report", str(folder), "-o", str(folder / "a.toml")]) == 2
    assert "looks like a session file" in capsys.readouterr().err
    assert (folder / "a.toml").read_text(encoding="utf-8") == A  # never overwritten
    assert main(["report", str(folder), "--since", "2026-03-01", "--until", "2026-01-01"]) == 2
    assert "swap them" in capsys.readouterr().err


def test_an_empty_folder_is_a_report_of_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "0 incidents, as of 2026-02-20." in out and "Recurring contributing factors" in out


def test_report_in_a_process_pool_equals_the_report_in_one_process(folder: Path) -> None:
    today = dt.date.fromisoformat(TODAY)
    from pmtui.report.json_out import as_data

    one = as_data(build_report(folder, today, workers=1))
    two = as_data(build_report(folder, today, workers=2))
    assert one == two


def test_the_hostile_corpus_is_named_line_by_line_and_the_rest_reported(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.hostile_corpus import CORPUS, VALID

    root = tmp_path / "corpus"
    root.mkdir()
    for case in CORPUS:
        if case.slow:
            continue
        (root / case.name).mkdir()
        case.build(root / case.name)
    (root / "good.toml").write_text(VALID, encoding="utf-8")
    before = sorted(p.name for p in root.rglob("*"))
    done = subprocess.run(
        [sys.executable, "-m", "pmtui", "report", str(root), "--format", "json", "--today", TODAY],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) >= 40
    assert all(line.startswith(f"pmtui: {root}/") and line.endswith("(left out of the report)") for line in lines)
    data = json.loads(done.stdout)
    assert data["incident_count"] >= 1 and len(data["unreadable"]) == len(lines)
    assert sorted(p.name for p in root.rglob("*")) == before

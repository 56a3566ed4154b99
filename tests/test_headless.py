"""The core stays headless: importing it must not load Textual (scripts and `pmtui check` stay fast)."""

from __future__ import annotations

import json
import subprocess
import sys

CORE = [
    "pmtui.domain.model", "pmtui.storage.store", "pmtui.domain.changes", "pmtui.storage.parsing",
    "pmtui.domain.checks", "pmtui.commands.check",
    "pmtui.report", "pmtui.report.text", "pmtui.report.html", "pmtui.report.markdown", "pmtui.report.json_out",
    "pmtui.commands.report", "pmtui.domain.text_safety", "pmtui.storage.roles", "pmtui.commands.actions",
    "pmtui.commands.import_timeline", "pmtui.ui.autosave",
    "pmtui.domain.timeline_lines", "pmtui.docimport.importer", "pmtui.docimport.markdown_reader",
    "pmtui.docimport.html_reader", "pmtui.docimport.docx_reader", "pmtui.commands.import_doc",
    "pmtui.commands.import_dir",
]  # fmt: skip
OPTIONAL = ["pmtui.export"]  # may still be in the works: checked once it can be imported

# One interpreter for all modules (each start costs ~0.4 s); after each import it records
# whether Textual has appeared, so the module that pulled it in is the one named.
SCRIPT = """
import importlib, json, sys
report = {}
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception as error:
        report[name] = f"not importable: {error!r}"
        continue
    report[name] = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
print(json.dumps(report))
"""


def test_core_modules_do_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *CORE, *OPTIONAL], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for module in CORE:
        assert report[module] == [], f"importing {module}: {report[module]}"
    for module in OPTIONAL:
        if isinstance(report[module], list):
            assert report[module] == [], f"importing {module} loaded {report[module]}"

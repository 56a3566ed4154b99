"""Baseline for import_dir: markdown-it-py alone parsing every Markdown file in a folder (same parser setup)."""

from __future__ import annotations

import sys
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin


def main(folder: str) -> None:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(tasklists_plugin)
    tokens = 0
    for path in sorted(Path(folder).rglob("*.md")):
        tokens += len(parser.parse(path.read_text(encoding="utf-8")))
    print(tokens)


if __name__ == "__main__":
    main(sys.argv[1])

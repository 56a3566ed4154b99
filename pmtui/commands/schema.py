"""`pmtui schema`: print the JSON Schema of the session file."""

from __future__ import annotations

import argparse
import json

from pmtui.commands._common import EXIT_OK
from pmtui.domain.model import Session


def session_schema() -> dict[str, object]:
    """The JSON Schema of a session, field docstrings as descriptions."""
    schema = Session.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pmtui session"
    return schema


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--indent", type=int, default=2, help="indentation of the JSON (default 2)")


def run(args: argparse.Namespace) -> int:
    print(json.dumps(session_schema(), indent=args.indent, ensure_ascii=False))
    return EXIT_OK

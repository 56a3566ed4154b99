"""`pmtui schema`: print the JSON Schema of the session file."""

from __future__ import annotations

import argparse
import json
import typing
from typing import Any

from pydantic import BaseModel

from pmtui.commands._common import EXIT_OK
from pmtui.domain.field_docs import field_docs
from pmtui.domain.model import Session


def session_schema() -> dict[str, Any]:
    """The JSON Schema of a session, field docstrings as descriptions."""
    schema = Session.model_json_schema(mode="serialization")
    _describe(schema, Session)
    for model in _models(Session):
        if model.__name__ in schema.get("$defs", {}):
            _describe(schema["$defs"][model.__name__], model)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pmtui session"
    return schema


def _describe(definition: dict[str, Any], model: type[BaseModel]) -> None:
    """Put each field's docstring into its property, where pydantic would have put it."""
    properties = definition.get("properties", {})
    for name, doc in field_docs(model).items():
        if name in properties:  # keys in pydantic's order: sorted
            properties[name] = dict(sorted({**properties[name], "description": doc}.items()))


def _models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """Every model class a session holds, however deep."""
    found: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        for field in todo.pop().model_fields.values():
            for inner in _classes_in(field.annotation):
                if issubclass(inner, BaseModel) and inner not in found:
                    found.add(inner)
                    todo.append(inner)
    return found


def _classes_in(annotation: Any) -> list[type]:
    if isinstance(annotation, type):
        return [annotation]
    return [cls for arg in typing.get_args(annotation) for cls in _classes_in(arg)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--indent", type=int, default=2, help="indentation of the JSON (default 2)")


def run(args: argparse.Namespace) -> int:
    print(json.dumps(session_schema(), indent=args.indent, ensure_ascii=False))
    return EXIT_OK

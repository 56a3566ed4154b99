"""Write the session file format reference (docs/session-format.md) from the model itself.

Run `python -m pmtui.export.format_doc > docs/session-format.md` after changing pmtui/domain/model.py;
tests/test_format_doc.py fails while the committed page differs from what this produces.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import types
import typing
from collections.abc import Iterator
from typing import Any

import annotated_types
import tomlkit
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from pmtui.domain.field_docs import field_docs
from pmtui.domain.model import ENTRY_TYPES, SCHEMA_VERSION, Session

REGENERATE = "python -m pmtui.export.format_doc > docs/session-format.md"

# How many entries of each list the example keeps: enough to show every field, short enough to read.
EXAMPLE_KEEP = {"attendees": 2, "timeline": 3, "whys": 2, "went_well": 1, "went_wrong": 2, "lucky": 1, "questions": 2}
EXAMPLE_ACTIONS = 1

NOTES = f"""\
- **One file per incident**, in TOML, safe to edit by hand and meant to be kept in git. pmtui saves
  it continuously while the meeting runs; comments, blank lines and key order you write survive.
- **Times are offset date-times**, such as `2026-11-20T14:02:00Z` or `2026-11-20T15:02:00+01:00`:
  a time without an offset is refused, because a postmortem read in another time zone must not
  shift. `incident.timezone` only chooses how times are shown and typed. Due dates are plain dates
  (`2026-12-05`), not date-times.
- **Ids are stable.** Every list entry has a short `id`, unique in the file (`t1`, `y3`, `a2` …).
  Other entries link to it (`actions.addresses`), so an id is never changed or reused; deleting an
  entry also removes it from the links.
- **Unknown keys are kept.** Any table may carry keys pmtui does not know (a ticket field, a
  reviewer, a link); pmtui does not check them and writes them back unchanged.
- **Absent means empty.** TOML has no null: leave a key out rather than writing an empty value.
  Every key with a default below may be left out.
- **Lock file.** While saving, pmtui holds `.NAME.pmtui-lock` beside the session file, re-reads the
  file if someone else wrote it, applies its changes to that fresh state, and replaces the file
  atomically; the lock file notes the last few versions pmtui wrote, so the other screen can tell
  a pmtui save from an editor's. Two terminals (moderator and notetaker) and an editor can work on
  one file; the lock file may be deleted when no pmtui is running and is best kept out of git.
- **`schema_version`** is {SCHEMA_VERSION}. pmtui refuses a file with a newer version rather than
  lose what it cannot read. `pmtui schema` prints the same model as JSON Schema.
"""

METRICS = """\
`pmtui check`, the exports and the moderator's screen derive these from the timeline's
milestone kinds; a metric is unknown (—) while its milestone is missing. "First" means the
earliest time, whatever the order in the file.

| Metric | From | To |
| --- | --- | --- |
| Time to detect | first `impact-start` | first `detected` or `alert`, whichever is earlier |
| Time to acknowledge | first `impact-start` | first `acknowledged` |
| Time to mitigate | first `impact-start` | first `mitigated` |
| Time to resolve | first `impact-start` | first `resolved` |
| Impact duration | first `impact-start` | first `impact-end`, else first `mitigated` |

Without an `impact-start` entry, `incident.started_at` stands in for it.
"""


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(annotation)) == 2:
            return args[0], True
    return annotation, False


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def type_name(annotation: Any) -> str:
    """The TOML type of a model field, in TOML's own words."""
    annotation, _optional = _unwrap_optional(_strip_annotated(annotation))
    annotation = _strip_annotated(annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        item = _strip_annotated(item)
        if inspect.isclass(item) and issubclass(item, BaseModel):
            name = "array of tables"
        else:
            name = f"array of {type_name(item)}s"
    elif origin is dict:
        key, value = (_strip_annotated(a) for a in typing.get_args(annotation))
        keys = "phase" if inspect.isclass(key) and issubclass(key, enum.Enum) else type_name(key)
        name = f"table of {keys} = {type_name(value)}"
    elif inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        name = "string"
    elif annotation is dt.datetime:
        name = "offset date-time"  # the model only has AwareDatetime: an offset is required
    elif annotation is dt.date:
        name = "local date"
    elif annotation is bool:
        name = "boolean"
    elif annotation is int:
        name = "integer"
    elif annotation is float:
        name = "number"
    elif annotation is str:
        name = "string"
    elif inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        name = "table"
    else:
        name = str(annotation)
    return name


def _enum_of(annotation: Any) -> type[enum.Enum] | None:
    annotation, _ = _unwrap_optional(_strip_annotated(annotation))
    annotation = _strip_annotated(annotation)
    if typing.get_origin(annotation) is dict:
        annotation = _strip_annotated(typing.get_args(annotation)[0])
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return annotation
    return None


def allowed_values(field: FieldInfo) -> str:
    """The values a field accepts, beyond its type."""
    choices = _enum_of(field.annotation)
    parts: list[str] = []
    if choices is not None:
        values = ", ".join(f"`{member.value}`" for member in choices)
        parts.append(f"keys: {values}" if typing.get_origin(_strip_annotated(field.annotation)) is dict else values)
    low = high = shortest = longest = None
    for item in field.metadata:
        if isinstance(item, annotated_types.Ge):
            low = item.ge
        elif isinstance(item, annotated_types.Le):
            high = item.le
        elif isinstance(item, annotated_types.MinLen):
            shortest = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            longest = item.max_length
        elif getattr(item, "pattern", None):
            parts.append(f"matching `{item.pattern}`")
    if low is not None or high is not None:
        parts.insert(0, _range(low, high, ""))
    if shortest is not None or longest is not None:
        parts.insert(0, _range(shortest, longest, " characters"))
    return "; ".join(parts)


def _range(low: object, high: object, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low} to {high}{unit}"
    return f"at least {low}{unit}" if low is not None else f"at most {high}{unit}"


def default_value(field: FieldInfo) -> str:
    """How a field's default reads in the file, or "required"."""
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
        if isinstance(value, BaseModel):
            return "all defaults"
    else:
        value = field.default
    if value is None or value is PydanticUndefined:
        return "absent"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, list | dict) and not value:
        return "empty"
    return f"`{tomlkit.item(value).as_string()}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _description(model: type[BaseModel], name: str) -> str:
    field = model.model_fields[name]
    if doc := field_docs(model).get(name):
        return doc
    annotation, _ = _unwrap_optional(_strip_annotated(field.annotation))
    if typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel) and annotation.__doc__:
        return inspect.cleandoc(annotation.__doc__).splitlines()[0]
    return ""


def field_table(model: type[BaseModel]) -> Iterator[str]:
    yield "| Key | Type | Default | Allowed values | Description |"
    yield "| --- | --- | --- | --- | --- |"
    for name, field in model.model_fields.items():
        row = [
            f"`{name}`",
            type_name(field.annotation),
            default_value(field),
            allowed_values(field),
            _description(model, name),
        ]
        yield "| " + " | ".join(_cell(cell) for cell in row) + " |"


def _model_doc(model: type[BaseModel]) -> str:
    own = model.__dict__.get("__doc__")
    if own:
        return inspect.cleandoc(own)
    for base in model.__mro__[1:]:  # WentWell and friends share Observation's docstring
        if base.__dict__.get("__doc__") and issubclass(base, BaseModel) and base is not BaseModel:
            return inspect.cleandoc(base.__dict__["__doc__"])
    return ""


def _sections() -> Iterator[tuple[str, str, type[BaseModel]]]:
    """(key, header, model) of every table and list in the file, in file order."""
    for name, field in Session.model_fields.items():
        annotation = _strip_annotated(field.annotation)
        if typing.get_origin(annotation) is list:
            yield name, f"[[{name}]]", typing.get_args(annotation)[0]
        elif inspect.isclass(annotation) and issubclass(annotation, BaseModel):
            yield name, f"[{name}]", annotation


def _top_level_keys() -> list[str]:
    return [name for name in Session.model_fields if not any(name == key for key, _, _ in _sections())]


def example_text() -> str:
    """An excerpt of the bundled demo session: a few entries of each list, comments kept."""
    from pmtui.resources import DEMO_SESSION
    from pmtui.storage.parsing import load_text

    doc = tomlkit.parse(DEMO_SESSION.read_text(encoding="utf-8"))
    for section, keep in EXAMPLE_KEEP.items():
        if section in doc:
            del doc[section][keep:]  # type: ignore[union-attr]
    # Keep only actions whose links survive the cut, so the excerpt is itself a valid session.
    kept = {entry["id"] for section in ("whys", "went_wrong") for entry in doc.get(section, [])}
    actions = doc.get("actions", [])
    for index in reversed(range(len(actions))):
        if not set(actions[index].get("addresses", [])) <= kept:
            del actions[index]
    del actions[EXAMPLE_ACTIONS:]
    text = tomlkit.dumps(doc)
    load_text(text, DEMO_SESSION)  # raises if the excerpt ever stops being a valid session
    return text.rstrip() + "\n"


def enum_section() -> Iterator[str]:
    seen: set[type[enum.Enum]] = set()
    for _, _, model in _sections():
        for field in model.model_fields.values():
            choices = _enum_of(field.annotation)
            if choices is None or choices in seen:
                continue
            seen.add(choices)
            yield f"### {choices.__name__}"
            yield ""
            yield inspect.cleandoc(choices.__doc__ or "")
            yield ""
            yield ", ".join(f"`{member.value}`" for member in choices)
            yield ""


def render() -> str:
    """The whole reference page, in Markdown."""
    lines = [
        "# Session file format",
        "",
        f"<!-- Generated from pmtui/domain/model.py by `{REGENERATE}`; edit the model, not this page. -->",
        "",
        inspect.cleandoc(Session.__doc__ or "").rstrip(".")
        + ". The sections below come in this order; any may be left out.",
        "",
        NOTES,
        "## Sections",
        "",
        "| Section | Holds |",
        "| --- | --- |",
    ]
    top = ", ".join(f"`{key}`" for key in _top_level_keys())
    lines.append(f"| top level | {top} |")
    for key, header, model in _sections():
        holds = _description(Session, key) or _model_doc(model)
        lines.append(f"| [`{header}`](#{key}) | {_cell(holds)} |")
    lines += ["", "## Top level", "", "Keys before the first table header.", ""]
    lines += [
        line for line in field_table(Session) if not any(line.startswith(f"| `{key}` ") for key, _, _ in _sections())
    ]
    for key, header, model in _sections():
        lines += ["", f"## {key}", "", f"`{header}`: {_model_doc(model)}"]
        if key in ENTRY_TYPES:
            prefix = ENTRY_TYPES[key].PREFIX
            lines += [
                "",
                f"A list: each entry starts with its own `{header}` line. "
                f"New ids use the prefix `{prefix}` (`{prefix}1`, `{prefix}2` …).",
            ]
        elif model.__name__ == "Attendee":
            lines += ["", f"A list: each attendee starts with its own `{header}` line."]
        lines += ["", *field_table(model)]
    lines += ["", "## Allowed values", "", *enum_section()]
    lines += ["## Metrics", "", METRICS]
    lines += [
        "## Example",
        "",
        "An excerpt of the bundled demo session (`pmtui demo` opens the whole of it):",
        "",
        "```toml",
        example_text().rstrip(),
        "```",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    print(render(), end="")


if __name__ == "__main__":
    main()

"""The docstrings written under the session models' fields, read from the source when a page needs them.

pydantic's `use_attribute_docstrings` reads them at class creation, on every start of every
command (10 ms, a twentieth of the first screen's budget); only the format page and the JSON
Schema show them, so they are read there, once.
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap

from pydantic import BaseModel


@functools.cache
def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> its docstring, for the model and its bases (a subclass's own text wins)."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not BaseModel:
            docs.update(_own_docs(cls))
    return {name: doc for name, doc in docs.items() if name in model.model_fields}


def _own_docs(cls: type) -> dict[str, str]:
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # no source (a frozen build): the pages go without
        return {}
    body = ast.parse(source).body[0]
    assert isinstance(body, ast.ClassDef)
    docs = {}
    for field, after in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[field.target.id] = inspect.cleandoc(after.value.value)
    return docs

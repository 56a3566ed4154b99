"""The whole session as JSON, valid against `pmtui schema`."""

from __future__ import annotations

import json

from pmtui.model import Session


def render(session: Session) -> str:
    """Every field of the session, unknown keys included, as indented JSON."""
    return json.dumps(session.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"

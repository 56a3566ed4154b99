"""The whole session as JSON, valid against `pmtui schema`."""

from __future__ import annotations

import json

from pmtui.domain.model import Session
from pmtui.domain.text_safety import json_escaped


def render(session: Session) -> str:
    """Every field of the session, unknown keys included, as indented JSON; control characters escaped."""
    return json_escaped(json.dumps(session.model_dump(mode="json"), indent=2, ensure_ascii=False)) + "\n"

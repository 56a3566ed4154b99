"""Immutable sessions and what the store says changed: the sections, and who changed them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pmtui.resources import DEMO_SESSION
from pmtui.storage.parsing import load_session_fast


def test_models_are_frozen_a_change_makes_a_new_object() -> None:
    session = load_session_fast(DEMO_SESSION)
    with pytest.raises(ValidationError, match="frozen"):
        session.incident.title = "changed in place"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        session.timeline[0].text = "changed in place"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        session.meeting = session.meeting  # type: ignore[misc]
    renamed = session.incident.model_copy(update={"title": "a new object"})
    assert renamed.title == "a new object" and session.incident.title != "a new object"

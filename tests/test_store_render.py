"""The store renders only the entry tables a change touched: its text is always tomlkit's full render."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
import tomlkit

from pmtui.domain.attendees import AddAttendee, RemoveAttendee
from pmtui.domain.changes import AddEntry, Change, DeleteEntry, MoveEntry, SetField, UpdateEntry
from pmtui.domain.errors import ChangeError
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.render import DocumentRenderer
from pmtui.storage.store import SessionFile
from tests.test_store_roundtrip import HAND_EDITED

SAMPLES = Path(__file__).parent.parent / "sample_sessions"

# Comments and odd layout inside and between entries, a sub-table and a nested list inside
# entries (rendered as part of their entry), and no newline at the end of the file.
ODD_LAYOUT = """\
schema_version = 1
[incident]
title = "Odd layout"
severity = "SEV3"
status = "draft"
timezone = "UTC"
started_at = 2026-11-20T14:02:00Z

  [[timeline]]   # an indented header with a comment
  id = "t1"
  at = 2026-11-20T14:02:00Z
  text = "indented entry"
# a comment that tomlkit gives to t1

[[timeline]]
id = "t2"
at = 2026-11-20T14:03:00Z
text = "with a sub-table"
[timeline.meta]
seen_by = "Ana"
[[timeline.notes]]
note = "a nested list"

[[timeline]]
id = "t3"
at=2026-11-20T14:04:00Z
text='literal'


[[whys]]
id = "y1"
question = "Why?"

[[actions]]
id = "a1"
text = "Fix it"
addresses = ["y1"]
[[actions]]
id = "a2"
text = "last entry, no newline at the end"
addresses = [ "y1" ,
  # a comment in a list
]"""


def _full(sf: SessionFile) -> str:
    """What tomlkit itself renders for the store's document: what every save must equal."""
    return sf._fresh_doc().as_string()


def _ids(sf: SessionFile, section: str) -> list[str]:
    return [entry.id for entry in getattr(sf.session, section)]


def _random_change(rng: random.Random, sf: SessionFile, n: int) -> Change:
    session = sf.session
    section = rng.choice(["timeline", "timeline", "whys", "actions", "questions", "went_wrong"])
    ids = _ids(sf, section)
    at = dt.datetime(2026, 11, 20, 15, n % 60, tzinfo=dt.UTC)
    roll = rng.random()
    if roll < 0.25 or not ids:
        fields = {
            "timeline": {"at": at, "text": f"added {n}"},
            "whys": {"question": f"why {n}?"},
            "actions": {"text": f"do {n}", "addresses": [w.id for w in session.whys][:1]},
            "questions": {"text": f"question {n}"},
            "went_wrong": {"text": f"wrong {n}"},
        }[section]
        return AddEntry(section, fields, position=rng.choice([None, 0, rng.randrange(len(ids) + 1)]))
    target = rng.choice(ids)
    if roll < 0.45:
        field = "question" if section == "whys" else "text"
        text = rng.choice([f"edited {n}", f"two\nlines {n}", f'quote " and # hash {n}'])
        optional = {"timeline": "source", "whys": "answer", "actions": "owner", "questions": "answer"}.get(section)
        if optional and rng.random() < 0.4:  # set or remove a key that may be the table's last
            return UpdateEntry(section, target, {optional: rng.choice([None, f"{optional} {n}"])})
        return UpdateEntry(section, target, {field: text})
    if roll < 0.55 and section == "actions":
        links = [w.id for w in session.whys if rng.random() < 0.5]
        return UpdateEntry("actions", target, {"addresses": links})
    if roll < 0.7:
        return DeleteEntry(section, target)
    if roll < 0.85:
        return MoveEntry(section, target, rng.randrange(len(ids) + 1))
    if roll < 0.92:
        return SetField("meeting", "phase", rng.choice(["timeline", "whys", "actions"]))
    if session.attendees and rng.random() < 0.5:
        return RemoveAttendee(rng.choice(session.attendees).name)
    return AddAttendee(f"Person {n}")


def _session_files(tmp_path: Path) -> list[Path]:
    odd = tmp_path / "odd.toml"
    odd.write_text(ODD_LAYOUT, encoding="utf-8")
    hand = tmp_path / "hand.toml"
    hand.write_text(HAND_EDITED, encoding="utf-8")
    copies = []
    for sample in sorted(SAMPLES.glob("*.toml")):
        copies.append(tmp_path / sample.name)
        shutil.copyfile(sample, copies[-1])
    return [odd, hand, *copies]


@pytest.mark.parametrize("seed", range(4))
def test_every_save_after_random_edits_is_tomlkits_full_render(tmp_path: Path, seed: int) -> None:
    """Adds, edits, deletes, moves, undos, other sections, and several changes between saves."""
    for path in _session_files(tmp_path):
        rng = random.Random(f"{seed}-{path.name}")
        sf = SessionFile.open(path)
        undos: list[Change] = []
        for n in range(60):
            if undos and rng.random() < 0.15:
                sf.submit(undos.pop())
            else:
                try:
                    undos.append(sf.submit(_random_change(rng, sf, n)))
                except ChangeError:
                    continue  # e.g. the last why removed while an action still links to it
            if rng.random() < 0.5:
                sf.save()
                assert path.read_text(encoding="utf-8") == _full(sf), f"{path.name} step {n}"
        sf.save()
        assert path.read_text(encoding="utf-8") == _full(sf)
        assert load_session_fast(path) == sf.session


def test_a_section_created_here_renders_like_tomlkit(tmp_path: Path) -> None:
    """tomlkit lays out the tables of a list it built itself as they are inserted (it edits the
    neighbours of an inserted table): those are rendered afresh on every save."""
    path = tmp_path / "odd.toml"
    path.write_text(ODD_LAYOUT, encoding="utf-8")
    sf = SessionFile.open(path)
    rng = random.Random(7)
    for n in range(30):
        position = rng.choice([None, 0, 1, rng.randrange(n + 1)])
        undo = sf.submit(AddEntry("questions", {"text": f"q {n}"}, position=position))
        if n % 3 == 0:
            sf.submit(undo)
        sf.save()
        assert path.read_text(encoding="utf-8") == _full(sf)


def test_the_last_table_gets_its_newline_before_a_table_is_added_after_it(tmp_path: Path) -> None:
    """Every change first ends the file's last line (end_with_newline), in the last table, which
    no change names: its text, rendered while it lacked the newline, must not be reused."""
    path = tmp_path / "odd.toml"
    path.write_text(ODD_LAYOUT, encoding="utf-8")
    sf = SessionFile.open(path)
    assert sf.document_text() == ODD_LAYOUT  # rendered before any change
    sf.submit(UpdateEntry("timeline", "t1", {"text": "an edit far from the last table"}))
    sf.save()
    assert path.read_text(encoding="utf-8") == _full(sf)
    assert path.read_text(encoding="utf-8").endswith("]\n")
    sf.submit(AddEntry("actions", {"text": "added after the last table"}))
    sf.save()
    assert path.read_text(encoding="utf-8") == _full(sf)
    assert load_session_fast(path).actions[-1].text == "added after the last table"


def test_tables_read_again_from_disk_are_not_served_from_the_cache(tmp_path: Path) -> None:
    """An editor and another process change entries this process rendered: after following the
    disk, a local edit of another entry writes their text, not the text it rendered before."""
    path = tmp_path / "session.toml"
    shutil.copyfile(SAMPLES / "cert-expiry.toml", path)
    here = SessionFile.open(path)
    here.submit(UpdateEntry("timeline", "t1", {"text": "here, first"}))
    here.save()  # every table rendered and kept

    text = path.read_text(encoding="utf-8")
    first_t2 = load_session_fast(path).timeline[1].text
    path.write_text(text.replace(_toml_string(first_t2), '"changed in an editor"', 1), encoding="utf-8")
    assert here.reload_if_changed()
    here.submit(UpdateEntry("timeline", "t1", {"text": "here, second"}))
    here.save()
    assert path.read_text(encoding="utf-8") == _full(here)
    assert [e.text for e in load_session_fast(path).timeline[:2]] == ["here, second", "changed in an editor"]

    there = SessionFile.open(path)  # another process
    there.submit(UpdateEntry("timeline", "t3", {"text": "from the other terminal"}))
    there.save()
    here.submit(UpdateEntry("timeline", "t1", {"text": "here, third"}))  # pending: the save rebases
    here.save()
    assert path.read_text(encoding="utf-8") == _full(here)
    timeline = load_session_fast(path).timeline
    assert (timeline[0].text, timeline[2].text) == ("here, third", "from the other terminal")


def test_two_processes_editing_at_random_always_write_the_full_render(tmp_path: Path) -> None:
    path = tmp_path / "hand.toml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    stores = [SessionFile.open(path), SessionFile.open(path)]
    rng = random.Random(11)
    for n in range(80):
        sf = rng.choice(stores)
        if rng.random() < 0.3:
            sf.reload_if_changed()
        try:
            sf.submit(_random_change(rng, sf, n))
        except ChangeError:
            continue
        if rng.random() < 0.6:
            sf.save()
            assert path.read_text(encoding="utf-8") == _full(sf), f"step {n}"
    for sf in stores:
        sf.save()
        sf.reload_if_changed()
    assert path.read_text(encoding="utf-8") == _full(stores[0]) == _full(stores[1])


def test_a_change_that_fails_midway_renders_everything_again(tmp_path: Path) -> None:
    class HalfDone(Change):
        """Edits a table in place, then fails without saying what it touched."""

        def apply(self, doc: tomlkit.TOMLDocument) -> Change:
            doc["timeline"][0]["text"] = "half done"  # type: ignore[index]
            raise ChangeError("failed midway")

    path = tmp_path / "session.toml"
    shutil.copyfile(SAMPLES / "db-failover.toml", path)
    sf = SessionFile.open(path)
    sf.submit(UpdateEntry("timeline", "t2", {"text": "first"}))
    sf.save()
    with pytest.raises(ChangeError):
        sf.submit(HalfDone())
    sf.submit(UpdateEntry("timeline", "t2", {"text": "second"}))
    sf.save()
    assert path.read_text(encoding="utf-8") == _full(sf)
    assert '"half done"' in path.read_text(encoding="utf-8")


def test_renderer_reuses_tables_and_renders_named_ones_again() -> None:
    doc = tomlkit.parse(ODD_LAYOUT + "\n")
    renderer = DocumentRenderer()
    assert renderer.render(doc) == doc.as_string()
    timeline = doc["timeline"]
    timeline[1]["text"] = "edited without telling the renderer"  # type: ignore[index]
    assert "edited without" not in renderer.render(doc), "unchanged tables come from the cache"
    renderer.forget({"t2"}, ("timeline",))
    assert renderer.render(doc) == doc.as_string()
    timeline[2]["text"] = "edited, the whole section named"  # type: ignore[index]
    renderer.forget(None, ("timeline",))
    assert renderer.render(doc) == doc.as_string()
    doc["questions"] = tomlkit.aot()  # a new section: the layout around it may change
    doc["questions"].append({"id": "q1", "text": "?"})  # type: ignore[union-attr]
    timeline[0]["text"] = "edited, then a section added"  # type: ignore[index]
    assert renderer.render(doc) == doc.as_string()


def _toml_string(text: str) -> str:
    return tomlkit.item(text).as_string()

"""resync: following another writer by re-parsing only changed blocks gives exactly what a full parse gives."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest
import tomlkit
from hypothesis import given
from hypothesis import strategies as st

from pmtui.domain.changes import AddEntry, DeleteEntry, MoveEntry, SetField, UpdateEntry
from pmtui.storage.resync import check_toml_text, resync, split
from pmtui.storage.store import SessionFile


def test_split_covers_the_text_exactly(sample_path: Path) -> None:
    text = sample_path.read_text()
    parts = split(text)
    assert parts is not None
    preamble, groups = parts
    assert preamble + "".join("".join(g.blocks) for g in groups) == text
    assert [g.name for g in groups if g.array][:2] == ["attendees", "timeline"]


def _bracket_lines_one_by_one(text: str) -> list[tuple[int, str]]:
    """What resync's regex must find: each line (cut at \\n only) whose first non-blank is "["."""
    found, offset = [], 0
    for line in text.split("\n"):
        if line.lstrip(" \t")[:1] == "[":
            found.append((offset, line))
        offset += len(line) + 1
    return found


@pytest.mark.parametrize(
    "text",
    [
        "[incident]\ntitle = 'x'\n[[timeline]]\nid = 't1'\n",  # a header on the very first line
        "  [incident]\r\n\t[[timeline]]  # comment\r\nid = 't1'\r\n[[timeline]]",  # indented, CRLF, no final newline
        'a = 1\ntext = """\n[[timeline]]\n  [x]\n"""\nb = [\n [1, 2],\n]\n[',  # "[" lines inside values
        "x = 1\x0c[not a line start]\n\u2028[neither]\n\n\n[[whys]]\n",  # only \\n ends a line in TOML
        "",
    ],
)
def test_header_candidates_are_every_line_starting_with_a_bracket(text: str) -> None:
    from pmtui.storage.resync import _bracket_lines

    assert list(_bracket_lines(text)) == _bracket_lines_one_by_one(text)


@given(
    st.lists(st.sampled_from("abcde"), max_size=12),
    st.lists(st.tuples(st.integers(0, 12), st.integers(0, 3), st.lists(st.sampled_from("abcxy"), max_size=3))),
)
def test_changed_runs_turn_the_old_blocks_into_the_new(
    before: list[str], edits: list[tuple[int, int, list[str]]]
) -> None:
    """Whatever another writer did to a list (repeated blocks too), the runs replayed give its new blocks."""
    from pmtui.storage.resync import _changed_runs

    after = list(before)
    for at, removed, inserted in edits:
        at = min(at, len(after))
        after[at : at + removed] = inserted
    rebuilt = list(before)
    for i1, i2, j1, j2 in reversed(list(_changed_runs(tuple(before), tuple(after)))):
        rebuilt[i1:i2] = after[j1:j2]
    assert rebuilt == after


def test_random_edits_by_another_writer_resync_byte_for_byte(sample_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(sample_path.read_text())
    writer = SessionFile.open(path)
    base = path.read_text()
    doc = tomlkit.parse(base)
    rng = random.Random(sample_path.name)
    followed = 0
    for i in range(60):
        s = writer.session
        roll = rng.random()
        if roll < 0.3:
            writer.submit(
                AddEntry(
                    "timeline",
                    {"at": "2026-11-20T14:00:00Z", "text": f"n{i}"},
                    position=rng.randrange(len(s.timeline) + 1),
                )
            )
        elif roll < 0.5:
            writer.submit(UpdateEntry("timeline", rng.choice(s.timeline).id, {"text": f"e{i}\nsecond line"}))
        elif roll < 0.6 and len(s.timeline) > 2:
            writer.submit(DeleteEntry("timeline", rng.choice(s.timeline).id))
        elif roll < 0.7:
            writer.submit(MoveEntry("timeline", rng.choice(s.timeline).id, rng.randrange(len(s.timeline))))
        elif roll < 0.85:
            writer.submit(SetField("meeting", "spotlight", f"t{i}"))
        else:
            writer.submit(SetField("incident", "title", f"Title {i}"))
        writer.save()
        new = path.read_text()
        result = resync(doc, base, new)
        if result is None:
            doc = tomlkit.parse(new)
        else:
            followed += 1
            assert doc.as_string() == new
            assert doc.unwrap() == tomlkit.parse(new).unwrap()
        base = new
    assert followed == 60


@pytest.mark.parametrize(
    ("old", "new", "follows"),
    [
        ('kind = "action"', 'kind = "action"   # checked with the audit log', True),
        ("[meeting]\n", "[meeting]\n# set by hand\n", True),
        ("schema_version = 1", "schema_version = 1  # top", False),  # the preamble: full parse
        ("[roles]\n", "[roles.extra]\nx = 1\n\n[roles]\n", False),  # a dotted header of another table
        (
            '[[timeline]]\nid = "t2"',
            '[[timeline]]\nid = "t99"\nat = 2026-11-20T14:00:00Z\ntext = "x"\n\n[[timeline]]\nid = "t2"',
            True,
        ),
    ],
)
def test_hand_edits(demo_copy: Path, old: str, new: str, follows: bool) -> None:
    text = demo_copy.read_text()
    edited = text.replace(old, new, 1)
    doc = tomlkit.parse(text)
    result = resync(doc, text, edited)
    assert (result is not None) == follows
    if result is not None:
        assert doc.as_string() == edited
        result.undo()
        assert doc.as_string() == text


def test_broken_block_is_left_to_the_full_parser(demo_copy: Path) -> None:
    text = demo_copy.read_text()
    doc = tomlkit.parse(text)
    assert resync(doc, text, text.replace('kind = "action"', 'kind = "action', 1)) is None
    assert doc.as_string() == text


def test_invalid_session_after_resync_keeps_the_last_good_state(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    demo_copy.write_text(demo_copy.read_text().replace('kind = "action"', 'kind = "acton"', 1))
    with pytest.raises(Exception, match="acton"):
        sf.reload_if_changed()
    assert sf.session.timeline[0].kind.value == "action"
    assert 'kind = "action"' in sf.document_text()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('kind = "action"', 'kind = "action'),  # a broken string in one entry
        ('kind = "action"', 'kind = "action"\nkind = "note"'),  # a key twice in one entry
        ("[meeting]\n", "[roles]\nx = 1\n\n[meeting]\n"),  # a table twice
        ("schema_version = 1", "schema_version = 1\nmeeting = 2"),  # a key that is also a table
        ("[meeting]\n", "[meeting.x]\ny = 1\n\n[meeting]\nx = 2\n"),  # x a table and a key, via a dotted header
    ],
)
def test_toml_check_of_a_changed_text_finds_what_a_full_parse_finds(demo_copy: Path, old: str, new: str) -> None:
    good = demo_copy.read_text()
    bad = good.replace(old, new, 1)
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(bad)
    with pytest.raises(tomllib.TOMLDecodeError):
        check_toml_text(bad, known_good=good)


def test_toml_check_accepts_valid_edits(demo_copy: Path) -> None:
    good = demo_copy.read_text()
    edited = good.replace('kind = "action"', 'kind = "note"  # changed', 1).replace("[meeting]\n", "[meeting]\n# x\n")
    check_toml_text(edited, known_good=good)
    check_toml_text(edited)


def _conflicting_run(path: Path, seed: int) -> list[str]:
    """Two writers on one file; the first always has pending changes when it saves after the second."""
    rng = random.Random(seed)
    mine, theirs = SessionFile.open(path), SessionFile.open(path)
    texts = []
    for i in range(30):
        for writer, who in ((theirs, "them"), (mine, "me")):
            for _ in range(rng.randint(1, 3)):
                s = writer.session
                roll = rng.random()
                try:
                    if roll < 0.3:
                        writer.submit(
                            AddEntry(
                                "timeline",
                                {"at": "2026-11-20T14:00:00Z", "text": f"{who} {i}"},
                                position=rng.randrange(len(s.timeline) + 1),
                            )
                        )
                    elif roll < 0.5:  # often the same entries on both sides
                        writer.submit(UpdateEntry("timeline", rng.choice(s.timeline[:4]).id, {"text": f"{who} {i}"}))
                    elif roll < 0.6 and len(s.timeline) > 3:
                        writer.submit(DeleteEntry("timeline", rng.choice(s.timeline).id))
                    elif roll < 0.7:
                        writer.submit(MoveEntry("timeline", rng.choice(s.timeline).id, rng.randrange(len(s.timeline))))
                    elif roll < 0.85:
                        writer.submit(SetField("meeting", "spotlight", f"{who}{i}"))
                    else:
                        writer.submit(UpdateEntry("actions", s.actions[0].id, {"owner": f"{who} {i}"}))
                except Exception:
                    continue
            if writer is theirs:
                writer.save()
        mine.save()  # rebases: their write is on disk, ours are pending
        texts.append(path.read_text())
    return texts


def test_rebase_without_a_full_parse_writes_what_a_full_parse_would(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick, full = tmp_path / "quick.toml", tmp_path / "full.toml"
    quick.write_text(sample_path.read_text())
    full.write_text(sample_path.read_text())
    used = {"quick": 0}
    real = SessionFile._rebase_quick

    def counted(self: SessionFile) -> bool:
        done = real(self)
        used["quick"] += done
        return done

    monkeypatch.setattr(SessionFile, "_rebase_quick", counted)
    quick_texts = _conflicting_run(quick, 3)
    monkeypatch.setattr(SessionFile, "_rebase_quick", lambda self: False)
    full_texts = _conflicting_run(full, 3)
    assert used["quick"] >= 25
    for n, (a, b) in enumerate(zip(quick_texts, full_texts, strict=True)):
        assert a == b, f"write {n} differs"

"""Kinds guessed from clear words: the rule table, what it refuses to guess, and its docs page."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.kind_rules import _ANY_RULE, RULES, compile_phrase, guess_kind, rules_markdown
from pmtui.domain.model import TimelineKind

DOCS = Path(__file__).resolve().parent.parent / "docs" / "chat-import.md"


@pytest.mark.parametrize(
    ("text", "kind", "phrase"),
    [
        ("Triggered #88213 CheckoutErrorRate above 5%", TimelineKind.ALERT, "^triggered"),
        (":red_circle: Triggered #88213 CheckoutErrorRate", TimelineKind.ALERT, "^triggered"),
        ("🔴 Triggered #88213 CheckoutErrorRate", TimelineKind.ALERT, "^triggered"),
        ("[FIRING:1] HighErrorRate checkout", TimelineKind.ALERT, "[firing"),
        ("CheckoutErrorRate paged the on-call", TimelineKind.ALERT, "paged"),
        ("alert fired: 5xx above 5%", TimelineKind.ALERT, "alert fired"),
        ("Alert created via API", TimelineKind.ALERT, "alert created"),
        ("ack'd, looking", TimelineKind.ACKNOWLEDGED, "ack'd"),
        ("ack’d", TimelineKind.ACKNOWLEDGED, "ack'd"),
        ("ack", TimelineKind.ACKNOWLEDGED, "ack"),
        ("Acknowledged by Sam Ortega", TimelineKind.ACKNOWLEDGED, "acknowledged"),
        ("on it", TimelineKind.ACKNOWLEDGED, "^on it"),
        ("status page updated: investigating elevated errors", TimelineKind.COMMUNICATION, "status page"),
        ("posted to customers in #status", TimelineKind.COMMUNICATION, "posted to customers"),
        ("Statuspage: we have mitigated the issue", TimelineKind.COMMUNICATION, "statuspage"),
        ("rolled indexer back to v41", TimelineKind.MITIGATED, "rolled … back"),
        ("rolled back to v41", TimelineKind.MITIGATED, "rolled back"),
        ("reverted cfg-7731", TimelineKind.MITIGATED, "reverted"),
        ("failed over to eu-west-2", TimelineKind.MITIGATED, "failed over"),
        ("impact mitigated by failover", TimelineKind.MITIGATED, "mitigated"),
        ("resolving, thanks all", TimelineKind.RESOLVED, "^resolving"),
        ("Resolved #88213", TimelineKind.RESOLVED, "resolved"),
        ("all clear from payments", TimelineKind.RESOLVED, "all clear"),
        ("Alert closed by Sam via web", TimelineKind.RESOLVED, "alert closed"),
    ],
)
def test_clear_words_give_a_kind_and_name_the_rule(text: str, kind: TimelineKind, phrase: str) -> None:
    guess = guess_kind(text)
    assert guess.kind is kind
    assert guess.rule is not None and guess.rule.phrase == phrase
    assert tuple(guess) == (kind, guess.rule)  # usable as a plain (kind, rule) pair


@pytest.mark.parametrize(
    "text",
    [
        "not mitigated yet",
        "we haven't rolled back",
        "we have not rolled back the indexer",
        "going to roll back",
        "should we roll back?",
        "did the rollback help? rolled back at 15:10?",
        "is it resolved?",
        "once reverted we will check the queue",
        "no ack from the secondary yet",
        "looking at the dashboards",
        "alert threshold is 5%",
        "the hostname resolved to the wrong address",
        "this was triggered by the 14:50 deploy",
        "I'll keep an eye on it",
        "backpack",  # "ack" only as a whole word
    ],
)
def test_ambiguous_negated_planned_or_asked_gives_no_guess(text: str) -> None:
    assert guess_kind(text) == (None, None)


def test_a_later_sentence_is_not_hedged_by_an_earlier_question() -> None:
    assert guess_kind("Should we wait? No: rolled back at 15:10.").kind is None  # "No" in the same sentence
    assert guess_kind("Is the queue draining? Rolled back at 15:10.").kind is TimelineKind.MITIGATED


def test_phrase_syntax() -> None:
    assert compile_phrase("rolled … back").search("rolled the search indexer back")
    assert not compile_phrase("rolled … back").search("rolled one two three four back")
    assert compile_phrase("^on it").search("  on it, paging db")
    assert not compile_phrase("^on it").search("keep an eye on it")
    assert not compile_phrase("^triggered").search("cpu: triggered by the deploy")
    assert compile_phrase("ack'd").search("ackd")


def test_every_rule_is_reachable_by_its_own_phrase() -> None:
    for rule in RULES:
        example = rule.phrase.removeprefix("^").replace("…", "the search")
        assert guess_kind(example).rule is not None, rule.phrase


def test_docs_page_shows_the_rule_table_as_it_is() -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin, end = "<!-- kind-rules:begin -->\n", "<!-- kind-rules:end -->"
    assert begin in text and end in text, "docs/chat-import.md lost its kind-rules markers"
    shown = text.split(begin, 1)[1].split(end, 1)[0]
    assert shown == rules_markdown(), "run: python -m pmtui.domain.kind_rules docs/chat-import.md"


def test_the_import_domain_stays_headless() -> None:
    """The document importer and scripts reuse these modules without loading Textual."""
    import json
    import subprocess
    import sys

    from test_headless import SCRIPT

    modules = [
        "pmtui.domain.kind_rules",
        "pmtui.domain.chat_lines",
        "pmtui.domain.pager_csv",
        "pmtui.domain.timeline_import",
    ]
    result = subprocess.run([sys.executable, "-c", SCRIPT, *modules], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {module: [] for module in modules}


# Pieces of messages around the table's own phrases: every rule's phrase in a few spellings, the
# characters its start and end conditions look at, and words that are not phrases.
_PHRASE_TEXTS = [rule.phrase.removeprefix("^").replace("…", "the new") for rule in RULES]
_PIECES = st.one_of(
    st.sampled_from(_PHRASE_TEXTS),
    st.sampled_from(_PHRASE_TEXTS).map(str.upper),
    st.sampled_from(_PHRASE_TEXTS).map(lambda p: p.replace("'", "’")),
    st.sampled_from(_PHRASE_TEXTS).map(lambda p: p.replace("'", "")),
    st.sampled_from([" ", "  ", "-", "'", "’", ":fire:", "🔥", ":", ".", "?", "\n", "x", "_", "don't", "the"]),
    st.text(alphabet="abcdeklnorstuvİıſK ", max_size=6),
)


@settings(max_examples=400, deadline=None)  # microseconds each
@given(st.lists(_PIECES, max_size=6).map("".join))
def test_the_one_pass_check_finds_a_phrase_exactly_when_a_rule_does(text: str) -> None:
    """guess_kind first asks one pattern whether any phrase is there at all (kind_rules._ANY_RULE):
    it must never miss one a rule finds (a lost guess), nor the other way round."""
    assert (_ANY_RULE.search(text) is not None) == any(rule.pattern.search(text) for rule in RULES)

"""Words to compare postmortem texts by: lower-cased, stop words dropped, common abbreviations spelled out, stemmed.

A deliberately light stemmer (a few suffix rules, no dictionary): deterministic, offline and fast,
and enough to make "configuration", "configured" and "config" one word.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)?")

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
    each few for from further had hadn't has hasn't have haven't having he her here hers herself him himself his
    how i if in into is isn't it it's its itself just let's me more most mustn't my myself no nor not of off on
    once only or other ought our ours ourselves out over own same shan't she should shouldn't so some such than
    that that's the their theirs them themselves then there there's these they this those through to too under
    until up very was wasn't we were weren't what what's when where which while who whom why will with won't would
    wouldn't you your yours yourself yourselves
    already always another anyone anything became become got get gets getting made make makes many much must
    never now one ones still two three us via way ways well yet within without
    happen happened happens caused cause causes thing things time times day days went go going
    last next ago earlier later today yesterday tomorrow week weeks month months quarter year years
    """.split()
)
"""English function words, words every postmortem uses (why, happened, caused) and words that only date a text
(last week, this quarter): none of them says what the cause was."""

ABBREVIATIONS = {
    "config": "configuration",
    "configs": "configuration",
    "cfg": "configuration",
    "db": "database",
    "dbs": "database",
    "cert": "certificate",
    "certs": "certificate",
    "tls": "certificate",
    "ssl": "certificate",
    "env": "environment",
    "envs": "environment",
    "prod": "production",
    "repo": "repository",
    "repos": "repository",
    "deps": "dependency",
    "dep": "dependency",
    "infra": "infrastructure",
    "auth": "authentication",
    "k8s": "kubernetes",
    "mins": "minute",
    "min": "minute",
    "secs": "second",
    "ms": "millisecond",
    "oncall": "on-call",
    "pager": "page",
    "paged": "page",
    "runbooks": "runbook",
    "playbook": "runbook",
    "playbooks": "runbook",
}
"""Short forms engineers write, spelled out so that they meet their long form."""

# Longest first: the first suffix that leaves a stem of at least three letters is removed.
_SUFFIXES = sorted(
    """ional ions ion ization izations ements ement ments ment nesses ness ities ity ively ive ingly ings ing
    edly ied ies ed ers er ly es s e y""".split(),
    key=len,
    reverse=True,
)
_KEEP_S = ("ss", "us", "is")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem: `deployments`, `deployed`, `deploying` -> `deploy`; `configuration`, `configure` -> `configur`."""
    if len(word) <= 3:
        return word
    for suffix in _SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        if suffix == "s" and word.endswith(_KEEP_S):
            continue
        base = word[: -len(suffix)]
        if suffix in ("ed", "ing", "er", "ers", "edly", "ings") and len(base) > 3 and base[-1] == base[-2]:
            base = base[:-1] if base[-1] not in "lsz" else base  # stopped -> stop, but kill -> kill
        return _tidy(base)
    return word


def _tidy(base: str) -> str:
    # A final e or y is dropped after a suffix too, so retrying/retries/retry and deploy/deployed meet.
    # and -ate, -ation and -ated meet (rotated/rotation, configured/configuration), as in Porter's stemmer.
    if len(base) > 3 and base[-1] in "ey":
        base = base[:-1]
    if len(base) > 4 and base.endswith("at"):
        base = base[:-2]
    return base


def words(text: str) -> list[tuple[str, str]]:
    """(stem, word as written, lower-cased) for each meaningful word of text, in order."""
    found = []
    for raw in _WORD.findall(text.lower().replace("’", "'").replace("-", " ").replace("_", " ")):
        word = ABBREVIATIONS.get(raw, raw)
        if word in STOP_WORDS or raw in STOP_WORDS or "'" in word:
            continue
        for part in word.split("-"):
            if len(part) > 1 and part not in STOP_WORDS:
                found.append((stem(part), raw))
    return found

"""A folder of postmortems with planted recurring factors, built at test time (never kept in the repo).

Each planted factor is written five ways (other words, other order, abbreviations) and appears in
ten incidents; decoys share the planted factors' common words but say something else; filler
entries are made of invented words plus the words every postmortem uses. An entry's id says what
it is: `canary.y1` belongs to the planted factor "canary", `decoy.b2` and `fill.y3` to none.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

PLANTED = {
    "canary": [
        "The configuration push went to every region at once with no canary stage",
        "Config changes are not rolled out through a canary first",
        "No canary step for configuration pushes, so the bad value reached all regions",
        "The bad config reached all regions because config pushes skip the canary",
        "Configuration was pushed globally without a canary",
    ],
    "cert": [
        "The TLS certificate expired and nobody was alerted before expiry",
        "Certificate expiry is not monitored; the cert lapsed silently",
        "No alert on certificate expiry dates, so it expired unnoticed",
        "Expired cert on the load balancer: renewal is manual and expiry is not alerted",
        "We had no expiry alerts for the TLS certs",
    ],
    "retry": [
        "Clients retried without backoff and the retries overloaded the database",
        "A retry storm with no exponential backoff hammered the DB",
        "Retries from the mobile app had no backoff or jitter and swamped the database",
        "The database was overloaded because client retries have no backoff",
        "Retry logic without backoff multiplied load on the db",
    ],
    "runbook": [
        "The runbook for failover was out of date and pointed at removed hosts",
        "On-call followed an outdated runbook that no longer matched the failover steps",
        "Failover playbook was stale and out of date",
        "The failover runbook described the old procedure",
        "Outdated failover runbook slowed the response",
    ],
    "disk": [
        "Log volume filled the disk and the service could not write",
        "The disk ran out of space because logs are not rotated",
        "Disk full: log rotation was missing on the hosts",
        "Nobody saw the disk filling up with logs",
        "Unrotated logs exhausted the disk space",
    ],
}
"""Contributing factors (whys and went-wrong entries), each said five ways."""

PLANTED_LUCKY = {
    "hours": [
        "Lucky that it happened during business hours when the whole team was online",
        "Luckily it struck in business hours, so the team was around",
        "It was during working hours with the whole team online",
        "Had it been at night nobody would have noticed; it was business hours",
        "Fortunate timing: business hours, team online",
    ],
    "replica": [
        "A spare replica happened to be warm and took over",
        "The warm standby replica was there by chance",
        "By luck a replica was still warm from last week's test",
        "The second replica was warm, by accident rather than design",
        "We happened to have a warm replica",
    ],
}
"""Where-we-got-lucky entries, each said five ways."""

DECOYS = [
    "The configuration documentation for the search index was hard to find",
    "The database migration ran during peak hours as planned",
    "Alert routing sent pages to the wrong team channel",
    "The disk of the build agent was replaced on schedule",
    "The certificate authority website was slow for the team",
    "Failover of the DNS provider was tested last quarter",
    "The retry button in the admin screen was hidden",
    "Logs from the payment service were hard to search",
    "Region names in the dashboard were confusing",
    "The mobile app release notes were late",
]
"""Entries that share words with the planted factors but say something else: they must not join them."""

COMMON = ["service", "team", "change", "system", "users", "errors", "request", "process", "monitoring"]
INCIDENTS_PER_PHRASING = 2
"""Each phrasing of a planted factor appears in this many incidents (ten incidents per factor)."""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _invented(rng: random.Random) -> str:
    syllables = [
        "bra",
        "cor",
        "dex",
        "fin",
        "gal",
        "hor",
        "jun",
        "kel",
        "lum",
        "mir",
        "nov",
        "pra",
        "quo",
        "rix",
        "sol",
    ]
    return "".join(rng.choice(syllables) for _ in range(3))


def _filler(rng: random.Random) -> str:
    a, b, c = (_invented(rng) for _ in range(3))
    return f"The {rng.choice(COMMON)} {a} was {b} after the {rng.choice(COMMON)} {c}"


def build(folder: Path, count: int = 250, seed: int = 11) -> dict[str, set[tuple[str, str]]]:
    """Write count session files into folder; return each planted label's (file, entry id) pairs."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    notes: list[list[tuple[str, str, str]]] = [[] for _ in range(count)]  # (section, id, text) per incident
    truth: dict[str, set[tuple[str, str]]] = {}
    slots = iter(rng.sample(range(count), count))
    for planted, section in ((PLANTED, None), (PLANTED_LUCKY, "lucky")):
        for label, phrasings in planted.items():
            for phrasing in phrasings:
                for _ in range(INCIDENTS_PER_PHRASING):
                    n = next(slots, None)
                    if n is None:
                        n = rng.randrange(count)
                    where = section or rng.choice(["whys", "went_wrong"])
                    notes[n].append((where, label, phrasing))
    for text in DECOYS:
        notes[rng.randrange(count)].append((rng.choice(["whys", "went_wrong", "lucky"]), "decoy", text))
    for n in range(count):
        for _ in range(rng.randint(1, 3)):
            notes[n].append((rng.choice(["whys", "went_wrong", "lucky"]), "fill", _filler(rng)))
    for n in range(count):
        name = f"{n:04d}.toml"
        ids = []
        for index, (section, label, _) in enumerate(notes[n]):
            entry_id = f"{label}.{section[0]}{index}"
            ids.append(entry_id)
            if label not in ("decoy", "fill"):
                truth.setdefault(label, set()).add((name, entry_id))
        (folder / name).write_text(_session(rng, n, notes[n], ids), encoding="utf-8")
    return truth


def _session(rng: random.Random, n: int, notes: list[tuple[str, str, str]], ids: list[str]) -> str:
    start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(
        days=rng.randint(0, 330), minutes=rng.randint(0, 600)
    )
    out = [
        "schema_version = 1",
        "[incident]",
        f'title = "Incident {n}"',
        f'severity = "SEV{rng.randint(1, 4)}"',
        f"started_at = {start:%Y-%m-%dT%H:%M:%SZ}",
        "",
    ]
    at = start
    for i, kind in enumerate(["impact-start", "detected", "acknowledged", "mitigated", "resolved"]):
        at += dt.timedelta(minutes=rng.randint(1, 40) if i else 0)
        out += [
            "[[timeline]]",
            f'id = "t{i}"',
            f"at = {at:%Y-%m-%dT%H:%M:%SZ}",
            f'kind = "{kind}"',
            f'text = "{kind}"',
            "",
        ]
    questions = ["Why did it get worse?", "Why?", "Why did that happen?", "Why was it not caught?"]
    for (section, _, text), entry_id in zip(notes, ids, strict=True):
        out += [f"[[{section}]]", f"id = {_q(entry_id)}"]
        out += (
            [f"question = {_q(rng.choice(questions))}", f"answer = {_q(text)}"]
            if section == "whys"
            else [f"text = {_q(text)}"]
        )
        out.append("")
    addressable = [entry_id for (section, _, _), entry_id in zip(notes, ids, strict=True) if section != "lucky"]
    for i, target in enumerate(addressable[:2]):
        status = rng.choice(["open", "done", "in-progress", "wont-do"])
        out += [
            "[[actions]]",
            f'id = "a{i}"',
            f"text = {_q('Fix what ' + target + ' names')}",
            f'owner = "{rng.choice(["Ana", "Ben", "Chen"])}"',
            f"due = {(start + dt.timedelta(days=30)).date().isoformat()}",
            f'kind = "{rng.choice(["prevention", "detection", "mitigation"])}"',
            f'status = "{status}"',
            f"addresses = [{_q(target)}]",
            "",
        ]
    return "\n".join(out)

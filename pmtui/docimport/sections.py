"""Which part of a session a document's heading leads to: the heading synonym table.

docs/import.md shows this table to users; keep the two in step (a test checks every synonym
listed there maps as documented).
"""

from __future__ import annotations

import re

SECTION_SYNONYMS: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "overview", "executive summary", "tl;dr", "tldr", "incident summary", "description",
                "abstract", "what happened"),
    "impact": ("impact", "customer impact", "user impact", "business impact", "impact assessment", "impact summary"),
    "timeline": ("timeline", "chronology", "sequence of events", "incident timeline", "timeline of events",
                 "detailed timeline", "events"),
    "notes": ("root cause", "root causes", "root cause analysis", "rca", "contributing factors", "contributing factor",
              "trigger", "resolution", "detection", "background", "notes", "causes", "cause", "recovery",
              "resolution and recovery", "detection and response", "response", "leadup", "fault", "analysis",
              "technical details", "supporting information", "mitigation"),
    "whys": ("five whys", "5 whys", "5-whys", "the five whys", "why analysis", "whys"),
    "went_well": ("what went well", "went well", "what went right", "went right", "things that went well",
                  "what worked"),
    "went_wrong": ("what went wrong", "went wrong", "what went poorly", "went poorly", "lessons learned",
                   "lessons learnt", "what could be improved", "what didn't go well", "things that went wrong",
                   "where we went wrong", "what went wrong and lucky", "what can be improved",
                   "what could have gone better", "what didn't go so well", "areas for improvement",
                   "opportunities for improvement"),
    "lucky": ("where we got lucky", "got lucky", "where we were lucky", "lucky", "luck"),
    "actions": ("action items", "actions", "follow-ups", "follow ups", "followups", "follow-up actions",
                "corrective actions", "corrective and preventative actions", "remediation", "remediations",
                "remediation items", "next steps", "action plan", "todo", "to do", "tasks"),
    "questions": ("open questions", "questions", "unanswered questions", "outstanding questions"),
    "attendees": ("attendees", "participants", "people", "people involved", "attendance", "who was there",
                  "responders", "incident responders"),
    "properties": ("incident details", "details", "metadata", "properties", "incident information", "information",
                   "document status", "incident"),
    "derived": ("key metrics", "metrics", "meeting"),
}  # fmt: skip
"""Section -> the headings that lead to it (compared in lower case, without numbering or punctuation).

`notes` keeps narrative without a field of its own (root cause, trigger, resolution) as text in
incident.notes, under its heading; `properties` holds key-value facts; `derived` sections are
what pmtui computes itself (an exported session's metrics and meeting times): not imported.
"""

_BY_HEADING = {synonym: section for section, synonyms in SECTION_SYNONYMS.items() for synonym in synonyms}
_LONGEST_FIRST = sorted(_BY_HEADING, key=len, reverse=True)
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)]|[a-z][.)])\s+", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")


def normalise_heading(text: str) -> str:
    """`2. Root Cause(s) (RCA):` -> `root cause`: lower case, numbering, brackets and end punctuation gone."""
    text = " ".join(text.split()).lower().replace("&", "and").replace("’", "'")
    text = _NUMBERING.sub("", text)
    text = text.replace("(s)", "s") if text.endswith("(s)") else text
    text = _BRACKETS.sub(" ", text).strip(" :.-–—#*")
    return " ".join(text.split())


def section_for(heading: str, exact: bool = False) -> str | None:
    """The section a heading leads to, or None for a heading the table does not know.

    Besides an exact synonym, a heading that starts or ends with one counts (`Timeline of the
    outage`, `Lessons learned: what went well`); `exact` asks for the synonym alone.
    """
    name = normalise_heading(heading)
    if name in _BY_HEADING:
        return _BY_HEADING[name]
    if exact or len(name) > 60:
        return None
    # "Lessons learned: what went well" -> went_well: the synonym that starts last is the most specific.
    best: tuple[int, int, str] | None = None
    for synonym in _LONGEST_FIRST:
        if len(synonym) <= 3 or len(synonym) >= len(name):
            continue
        if name.startswith(synonym) and not name[len(synonym)].isalnum():
            found = (0, len(synonym), synonym)
        elif name.endswith(synonym) and not name[-len(synonym) - 1].isalnum():
            found = (len(name) - len(synonym), len(synonym), synonym)
        else:
            continue
        if best is None or found[:2] > best[:2]:
            best = found
    return _BY_HEADING[best[2]] if best else None

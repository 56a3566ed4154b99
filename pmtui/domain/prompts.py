"""Guiding prompts the moderator reads out in each phase, and the blameless reminder."""

from __future__ import annotations

from dataclasses import dataclass

from pmtui.domain.model import Phase

BLAMELESS_REMINDER = "Blameless: ask what and how, not who; people did what made sense then."
"""Shown in every phase, short enough for one line on a projector."""


@dataclass(frozen=True)
class PhasePrompts:
    """What the moderator asks the room in one phase."""

    goal: str
    """The phase's aim in one line."""
    questions: tuple[str, ...]
    """Questions to put to the room, most important first."""
    done_when: str
    """When the phase can end."""


PROMPTS: dict[Phase, PhasePrompts] = {
    Phase.SUMMARY: PhasePrompts(
        goal="Agree on one short account of the incident before digging in.",
        questions=(
            "What happened, in two or three sentences?",
            "Who was affected, and how many: users, requests, orders, money?",
            "For how long: when did impact start and when did it stop?",
            "Is the severity still right now that we know more?",
        ),
        done_when="The room accepts the summary and the impact figures.",
    ),
    Phase.TIMELINE: PhasePrompts(
        goal="Build the sequence of events with exact times from logs and dashboards.",
        questions=(
            "What was the first symptom, and when did it start?",
            "Who or what noticed first: an alert, a customer, a colleague?",
            "When was it acknowledged, and when did someone start working on it?",
            "What did we try, in what order, and what did each attempt change?",
            "When did impact stop, and how do we know?",
        ),
        done_when="Impact start, detection, mitigation and impact end have a time each.",
    ),
    Phase.WENT_WELL: PhasePrompts(
        goal="Name what helped, so we keep doing it.",
        questions=(
            "Which tool, alert, runbook or habit saved us time?",
            "What limited the damage by design rather than by chance?",
            "Who would we thank, and for what practice?",
        ),
        done_when="Each person has had the chance to add one thing.",
    ),
    Phase.WENT_WRONG: PhasePrompts(
        goal="Find where the system or the process made things harder, and where luck helped.",
        questions=(
            "Where did we lose time, and how many minutes?",
            "What information was missing, late or misleading?",
            "Which safeguard did not catch it, and why not?",
            "Where were we lucky? What would have happened without that luck?",
        ),
        done_when="The biggest delays are listed; lucky breaks are named as risks.",
    ),
    Phase.WHYS: PhasePrompts(
        goal="Go from the symptom down to the conditions that allowed it.",
        questions=(
            "Why did that happen? Answer with a fact about the system or the process.",
            "Each why must say something new; go on past five if the story needs it.",
            "Is this the immediate cause, a precondition, or an underlying cause?",
            "Is there a second branch: why was it not detected or stopped sooner?",
        ),
        done_when="At least one why reaches an underlying cause we can act on.",
    ),
    Phase.ACTIONS: PhasePrompts(
        goal="Turn the causes into a few changes we will really make.",
        questions=(
            "Prevention, detection, acknowledgement, mitigation, communication, documentation: any gaps?",
            "Who owns it: one named person?",
            "By when? A date, not 'soon'.",
            "Which why or went-wrong entry does it answer?",
            "How will we know it is done?",
        ),
        done_when="Every action has an owner, a due date and a kind.",
    ),
    Phase.WRAP_UP: PhasePrompts(
        goal="Close the meeting with everyone agreeing on what happens next.",
        questions=(
            "Read back each action with its owner and due date: does each owner agree?",
            "Which questions are still open, and who will find the answer?",
            "Who publishes the postmortem, and by when?",
            "Anything we should tell other teams now?",
        ),
        done_when="Owners have said yes, and someone will publish the document.",
    ),
}
"""The prompts for each phase, written for this project from common postmortem practice."""


def prompts_for(phase: Phase) -> PhasePrompts:
    """The guiding prompts of a phase."""
    return PROMPTS[Phase(phase)]

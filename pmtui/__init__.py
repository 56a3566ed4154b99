"""pmtui: run a blameless incident postmortem from the terminal."""

__version__ = "0.1.0"

"""Screens: one per role (and the picker); a screen owns the session view, orchestrates its panes and opens dialogs."""

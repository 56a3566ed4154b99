"""Screens: one per role or dialog; a screen owns the session view and orchestrates its panes."""

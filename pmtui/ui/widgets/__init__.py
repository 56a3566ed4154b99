"""Widgets: one pane or display element per module."""

"""Dialogs: each is reached through a small classmethod that tests can replace."""

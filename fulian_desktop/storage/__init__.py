"""Drafts on disk: the SQLite store and draft files. No Qt."""

"""Drafts on disk: the SQLite store and draft files. No Qt.

store.py (Store, the API) · records.py (DraftInfo, RevisionInfo, StoreError) ·
schema.py (tables, migrations) · backup.py (quick_check, VACUUM INTO backups,
recovery) · lock.py (one writer per data folder) · files.py (.fldraft import
and export) · nextyear.py ("start from last year's report") · atomic.py
(atomic file writes for everyone).
"""

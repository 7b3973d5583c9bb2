"""Composition: template + draft → one Document (``document``), the model that
the live preview and the DOCX writer both read (``composer``); the sentences
generated from figures (``sentences``) and title lines broken at sense
boundaries (``linebreaks``).

May import ``core.text``, ``core.template``, ``core.draft`` and
``core.scoresheet`` (the attachment's table); never the checks.
"""

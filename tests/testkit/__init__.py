"""Helpers shared by the test modules: a real package (on sys.path through
pytest's ``pythonpath`` setting), so any test module runs alone or with any
other. Fixtures stay in the conftest files; nothing imports from a conftest.

- ``paths``: the checkout and the fixtures folder;
- ``shell``: a test template, a context and the no-modal guard for the start page;
- ``window``: opening the main window on a draft and typing into its editors;
- ``storage``: sample drafts and a settable clock for the store;
- ``import_samples``: the published sample reports and what importing them must give.
"""

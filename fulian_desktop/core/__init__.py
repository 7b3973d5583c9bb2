"""Pure-Python core: templates, drafts, validation, composition. Never imports Qt.

Its parts, lowest first; each imports only the parts above it in this list
(tests/test_layering.py checks it, and that no module imports itself round):

- ``issues``: what a check reports (Issue, Severity); imports nothing;
- ``text/``: Word-compatible text measures: 字数, clean-up, numbers, figures
  in prose and 同比 wording;
- ``template/``: the template models, loading and its checks, the registry,
  expressions and the jinja2 snippet sandbox;
- ``draft/``: the Draft as typed, its typed and computed values, size bounds,
  import marks;
- ``scoresheet/``: the 绩效自评表: scoring, checks, the grid, the printed layout;
- ``compose/``: template + draft → the Document model read by preview and DOCX;
- ``check/``: validation: fields, rules, prose figures, generated sentences;
- ``signoff``: 定稿, reopening, verification of a final document.

Besides, the core may use ``fulian_desktop.errors`` and ``fulian_desktop.paths``.
"""

"""The 绩效自评表 (scoresheet): the rows a draft fills and their scores
(``scoring``), its checks (``checks``), the grid the window edits (``grid``)
and the printed table (``layout``). What a template says about its scoresheet
is part of the template models (core/template/scoresheet_spec.py).

May import ``core.text``, ``core.template``, ``core.draft`` and ``core.issues``.
"""

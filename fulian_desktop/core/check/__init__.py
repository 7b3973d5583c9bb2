"""Validation: ``validate(template, draft)`` in ``validate`` gives every issue
in document order; the template's rules and computed values (``rules``), the
figures and 同比 claims in the clerk's prose (``prose``) and the run they all
report into (``run``).

May import every other part of the core but ``signoff``; composition is read
for lengths that count the printed text.
"""

"""Text measures that behave like Word and WPS: 字数 (``textstats``), the
pasted-text clean-up and XML-safe text, money and percentages as Decimal
(``numbers``), the key figures a paragraph mentions (``mentions``) and how two
years' figures compare in words (``yoy``).

Both the checks and composition reach these, so they sit at the bottom: they
import nothing from the rest of the core (only ``fulian_desktop.errors``).
"""

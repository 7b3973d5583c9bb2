"""The clerk's draft: the Draft model exactly as typed (``model``), its typed
and computed values shared by checks and composition (``values``, last year's
too), the size bounds every draft read from a file goes through (``bounds``),
and the marks on figures that came from an import (``marks``).

May import ``core.text``, ``core.template`` and ``core.issues``.
"""

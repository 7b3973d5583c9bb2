"""The thin PySide6 layer: widgets call core and storage.

PySide6 installs an import hook that reads the whole source of every module
imported after it (looking for "PySide6", for its ``__feature__`` switch).
For pydantic, jinja2, PyYAML and our own core that was ~11 MiB of text kept
in ``linecache`` and ~25 ms at every start. So the Qt-free modules the window
needs before its first paint are imported here, before any Qt module.
"""

import jinja2  # noqa: F401 - template checks at start
import yaml  # noqa: F401 - template files

import fulian_desktop.context  # noqa: F401 - drafts, templates, the store
import fulian_desktop.core.compose.composer  # noqa: F401 - the navigator's numbers
import fulian_desktop.core.template.sandbox  # noqa: F401 - template checks at start

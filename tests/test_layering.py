"""Qt stays in ui/: core, render and storage must import without PySide6."""

import subprocess
import sys


def test_core_render_storage_do_not_load_qt():
    code = (
        "import sys, fulian_desktop.core, fulian_desktop.render, fulian_desktop.storage, "
        "fulian_desktop.importing, "
        "pkgutil, importlib\n"
        "for pkg in (fulian_desktop.core, fulian_desktop.render, fulian_desktop.storage,\n"
        "            fulian_desktop.importing):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'PySide6 loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

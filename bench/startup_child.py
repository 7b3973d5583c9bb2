"""Child process for the startup and memory benchmarks.

    python startup_child.py app     # the application with the sample draft open
    python startup_child.py bare    # a bare PySide6 process showing an empty QWizard

Prints one line "painted <peak RSS in KiB>" once the window has been painted;
the application then prints "checked" once its first refresh (checks,
navigator marks, preview) has run on the next turns of the event loop. The
parent times process start to each line.
"""

from __future__ import annotations

import resource
import sys


def painted(window) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    window.show()
    QApplication.processEvents()
    window.grab()  # forces a full paint of the window
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"painted {peak}", flush=True)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QWizard

    app = QApplication(sys.argv)  # noqa: F841
    wizard = QWizard()
    wizard.resize(1366, 768)
    painted(wizard)


def application() -> None:
    # as `fulian-desktop gui` does: no Qt module before the ui package
    from fulian_desktop.context import AppContext
    from fulian_desktop.ui.app import make_application
    from fulian_desktop.ui.main_window import MainWindow

    app = make_application()
    ctx = AppContext.create()
    window = MainWindow(ctx, ctx.sample_draft())
    window.resize(1366, 768)
    painted(window)
    from PySide6.QtCore import QEventLoop

    while not window.checked:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    print("checked", flush=True)
    ctx.close()


if __name__ == "__main__":
    bare() if sys.argv[1] == "bare" else application()

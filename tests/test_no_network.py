"""Issue 2: the application never opens a network connection (nor runs programs).

A fresh interpreter installs an audit hook (PEP 578) before anything of the
application is imported, then runs the command line's demo export and a GUI
start (offscreen: start page, the sample draft's window, events, close). The
hook records every network or process-starting event; the test asserts there
were none. Audit hooks see what Python code asks of the OS; Qt's own C++ code
is outside their view, which is why the GUI uses no Qt network module at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

FORBIDDEN = (
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.sendto",
    "socket.sendmsg",
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.startfile",
    "os.fork",
    "webbrowser.open",
    "urllib.Request",
)

SCRIPT = textwrap.dedent(
    """
    import json, sys

    FORBIDDEN = set(json.loads(sys.argv[1]))
    seen = []

    def hook(event, args):
        if event in FORBIDDEN:
            seen.append([event, repr(args)[:200]])

    sys.addaudithook(hook)

    from fulian_desktop import cli
    from fulian_desktop.ui import app as app_module

    if len(sys.argv) > 3:  # the probe: prove the hook sees a connection attempt
        import socket
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1).close()
        except OSError:
            pass

    steps = {"windows": []}
    steps["demo"] = cli.main(["demo", sys.argv[2]])

    def short_event_loop(app):
        # Let the start page and the sample's window lay out and render, then close.
        for _ in range(20):
            app.processEvents()
        steps["windows"] = sorted(type(w).__name__ for w in app.topLevelWidgets() if w.isVisible())
        for widget in app.topLevelWidgets():
            widget.close()
        app.processEvents()
        return 0

    app_module.event_loop = short_event_loop
    steps["gui"] = cli.main(["gui", "--sample"])
    print(json.dumps({"steps": steps, "seen": seen}))
    """
)


def _run(tmp_path: Path, *extra: str) -> dict:
    env = dict(os.environ)
    env.update(FULIAN_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(FORBIDDEN), str(tmp_path / "demo"), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["steps"]["demo"] == 0 and report["steps"]["gui"] == 0, result.stderr
    return report


def test_demo_export_and_gui_start_open_no_connection(tmp_path: Path) -> None:
    report = _run(tmp_path)
    assert report["seen"] == []
    assert list((tmp_path / "demo").glob("*.docx")), "the demo export wrote no document"
    assert report["steps"]["windows"] == ["MainWindow", "StartPage"]  # the sample was opened


def test_the_hook_does_see_a_connection(tmp_path: Path) -> None:
    report = _run(tmp_path, "probe")
    assert [event for event, _args in report["seen"]] == ["socket.getaddrinfo", "socket.connect"]

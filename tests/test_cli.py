import subprocess
import sys

from fulian_desktop import __version__
from fulian_desktop.cli import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert __version__ in capsys.readouterr().out


def test_module_entry_point_prints_version():
    result = subprocess.run(
        [sys.executable, "-m", "fulian_desktop", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"fulian-desktop {__version__}"


def test_unknown_command_is_one_line_and_nonzero(capsys):
    try:
        code = main(["no-such-command"])
    except SystemExit as exc:
        code = exc.code
    assert code != 0
    err = capsys.readouterr().err.strip()
    assert "错误" in err and "Traceback" not in err
    assert len(err.splitlines()) == 1
